"""Team mode on PostgreSQL: group roles, grants, row-level security and guard triggers.

Every person connects with their own database login, and the login *is* their identity
(``session_user``). The app's own checks (the workflow core) run first; the server then holds
the same rules whatever a client sends, so a community manager who edits their client, or
types raw SQL, still cannot approve their own draft or edit the audit trail:

* **Grants** per table and group role (:data:`TABLE_POLICIES`): nobody but the schema owner
  may ``UPDATE``/``DELETE``/``TRUNCATE`` ``audit_events``; ``reviews`` take inserts from
  reviewers only; ``users`` and ``role_grants`` from admins only.
* **Guard triggers** (``BEFORE INSERT/UPDATE``) check each row against the person's grants in
  ``role_grants``: the state changes allowed are generated from the workflow core's
  :data:`~composer.core.workflow.TRANSITIONS`, and who may make each is :data:`ACTION_WHO`.
* **Row-level security** keeps each person's editor recovery journal to themselves.
* **Notifications**: ``AFTER`` triggers send ``NOTIFY bvc_changes`` with a small JSON payload
  (see :mod:`composer.services.live`).

The schema owner (who ran ``db init-team``: the cluster owner, or a login with ``CREATEROLE``
that owns the database) is trusted: the guards let it through, so ``db upgrade``,
``db migrate-to`` and ``user add`` work. Nobody should do daily work as that login.

:func:`apply_team_security` is idempotent: ``db init-team`` runs it, and ``db upgrade`` runs it
again so that tables added by later migrations get their grants, policies and triggers. It
refuses to run when a table of :data:`~composer.store.models.Base` has no decision here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from composer.core.workflow import Role
from composer.store.errors import PermissionDeniedError
from composer.store.models import Base
from composer.store.team_draft_columns import check_columns
from composer.store.team_inbox_sql import inbox_guards_sql
from composer.store.team_media_sql import media_guards_sql
from composer.store.team_policy import (
    ACTION_WHO,
    NOTIFY_CHANNEL,
    ROLES,
    TABLE_POLICIES,
    TablePolicy,
    TeamRoles,
    TeamSetupError,
    Who,
    check_decisions,
    state_changes,
)
from composer.store.team_sql import drafts_guard_sql, guards_sql, helpers_sql, literal, notify_sql

__all__ = [
    "ACTION_WHO",
    "NOTIFY_CHANNEL",
    "ROLES",
    "TABLE_POLICIES",
    "TablePolicy",
    "TeamReport",
    "TeamRoles",
    "TeamSetupError",
    "Who",
    "apply_team_security",
    "check_decisions",
    "ensure_login",
    "state_changes",
    "team_installed",
]


@dataclass(frozen=True, slots=True)
class TeamReport:
    """What :func:`apply_team_security` set up."""

    database: str
    schema: str
    owner: str
    roles: tuple[str, ...]
    tables: tuple[str, ...]


def _run(connection: Connection, statement: str) -> None:
    """Execute DDL as written (the driver would read ``%`` as a placeholder)."""
    connection.exec_driver_sql(statement.replace("%", "%%"))


def _quote(connection: Connection, name: str) -> str:
    return str(connection.dialect.identifier_preparer.quote_identifier(name))


# -- applying it ------------------------------------------------------------------------------


def _ensure_group_roles(connection: Connection) -> None:
    existing = set(
        connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:names)"),
            {"names": list(ROLES.groups())},
        ).scalars()
    )
    for name in ROLES.groups():
        if name not in existing:
            _run(connection, f"CREATE ROLE {_quote(connection, name)} NOLOGIN")
    member = _quote(connection, ROLES.member)
    for name in ROLES.groups()[1:]:
        if not connection.execute(
            text("SELECT pg_has_role(:group, :member, 'MEMBER')"),
            {"group": name, "member": ROLES.member},
        ).scalar():
            _run(connection, f"GRANT {member} TO {_quote(connection, name)}")


def _check_rights(connection: Connection, schema: str) -> str:
    """The owner's name; refuses a login that cannot set up the team security."""
    row = connection.execute(
        text(
            "SELECT r.rolsuper, r.rolcreaterole, "
            "pg_has_role(current_user, c.relowner, 'USAGE'), pg_get_userbyid(c.relowner) "
            "FROM pg_roles r, pg_class c "
            "WHERE r.rolname = current_user AND c.oid = to_regclass(:table)"
        ),
        {"table": f"{schema}.drafts"},
    ).first()
    if row is None:
        raise TeamSetupError(
            "the team database has no schema yet: run 'brand-composer db upgrade' first"
        )
    superuser, createrole, owns, owner = row
    missing_roles = connection.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"),
        {"names": list(ROLES.groups())},
    ).scalar() != len(ROLES.groups())
    if not owns:
        raise PermissionDeniedError(
            f"the team security is installed by the owner of the tables ({owner}): connect "
            "as that login (see docs/team-setup.md)"
        )
    if missing_roles and not (superuser or createrole):
        raise PermissionDeniedError(
            "creating the team's group roles needs a login with CREATEROLE (or the cluster "
            "owner): see docs/team-setup.md"
        )
    return str(owner)


def team_installed(engine: Engine) -> bool:
    """True when :func:`apply_team_security` has run on this PostgreSQL database."""
    with engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar()
        return bool(
            connection.execute(
                text("SELECT to_regprocedure(:name) IS NOT NULL"),
                {"name": f"{schema}.bvc_trusted()"},
            ).scalar()
        )


def apply_team_security(engine: Engine) -> TeamReport:
    """Install (or refresh) the group roles, grants, policies and triggers; idempotent.

    Covers every table of :data:`~composer.store.models.Base.metadata` with its decision in
    :data:`TABLE_POLICIES`, and ``alembic_version`` (read-only for members).

    Raises:
        TeamSetupError: not PostgreSQL, no schema yet, or a table or action without a decision.
        PermissionDeniedError: the login does not own the tables, or cannot create roles.
    """
    if engine.dialect.name != "postgresql":
        raise TeamSetupError("team mode needs a PostgreSQL database")
    check_decisions()
    check_columns()
    with engine.begin() as connection:
        schema_name = str(connection.execute(text("SELECT current_schema()")).scalar())
        database_name = str(connection.execute(text("SELECT current_database()")).scalar())
        schema = _quote(connection, schema_name)
        owner = _check_rights(connection, schema_name)
        _ensure_group_roles(connection)
        q = {name: _quote(connection, name) for name in ROLES.groups()}
        everyone = ", ".join(q.values())
        database = _quote(connection, database_name)
        _run(connection, f"REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC")
        _run(connection, f"GRANT CONNECT ON DATABASE {database} TO {q[ROLES.member]}")
        _run(connection, f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")
        _run(connection, f"GRANT USAGE ON SCHEMA {schema} TO {q[ROLES.member]}")
        _run(connection, f"REVOKE ALL ON {schema}.alembic_version FROM PUBLIC, {everyone}")
        _run(connection, f"GRANT SELECT ON {schema}.alembic_version TO {q[ROLES.member]}")
        for statement in helpers_sql(schema):
            _run(connection, statement)
        drafts_columns = Base.metadata.tables["drafts"].columns.keys()
        _run(connection, drafts_guard_sql(schema, drafts_columns))
        for statement in [
            *guards_sql(schema),
            *media_guards_sql(schema),
            *inbox_guards_sql(schema),
        ]:
            _run(connection, statement)
        _run(connection, notify_sql(schema))
        tables = sorted(Base.metadata.tables)
        for table in tables:
            _apply_table(
                connection,
                schema=schema,
                table=table,
                policy=TABLE_POLICIES[table],
                q=q,
                everyone=everyone,
            )
    return TeamReport(database_name, schema_name, owner, ROLES.groups(), tuple(tables))


def _apply_table(
    connection: Connection,
    *,
    schema: str,
    table: str,
    policy: TablePolicy,
    q: Mapping[str, str],
    everyone: str,
) -> None:
    name = f"{schema}.{_quote(connection, table)}"
    _run(connection, f"REVOKE ALL ON {name} FROM PUBLIC, {everyone}")
    for privilege, groups in (
        ("SELECT", policy.select),
        ("INSERT", policy.insert),
        ("UPDATE", policy.update),
        ("DELETE", policy.delete),
    ):
        if groups:
            _run(connection, f"GRANT {privilege} ON {name} TO {', '.join(q[g] for g in groups)}")
    has_id = "id" in Base.metadata.tables[table].columns
    sequence = (
        connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": f"{schema}.{table}"}
        ).scalar()
        if has_id
        else None
    )
    if sequence and policy.insert:
        _run(connection, f"REVOKE ALL ON SEQUENCE {sequence} FROM PUBLIC, {everyone}")
        _run(
            connection,
            f"GRANT USAGE ON SEQUENCE {sequence} TO {', '.join(q[g] for g in policy.insert)}",
        )
    for trigger in ("bvc_guard", "bvc_append_only", "bvc_no_truncate", "bvc_notify"):
        _run(connection, f"DROP TRIGGER IF EXISTS {trigger} ON {name}")
    if policy.guard:
        events = "INSERT OR UPDATE OR DELETE" if policy.delete else "INSERT OR UPDATE"
        if policy.append_only:
            events = "INSERT OR UPDATE OR DELETE"
        _run(
            connection,
            f"CREATE TRIGGER bvc_guard BEFORE {events} ON {name} "
            f"FOR EACH ROW EXECUTE FUNCTION {schema}.{policy.guard}()",
        )
    if policy.append_only:
        _run(
            connection,
            f"CREATE TRIGGER bvc_no_truncate BEFORE TRUNCATE ON {name} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{policy.guard or 'bvc_guard_audit'}()",
        )
    if policy.notify:
        _run(
            connection,
            f"CREATE TRIGGER bvc_notify AFTER INSERT OR UPDATE ON {name} "
            f"FOR EACH ROW EXECUTE FUNCTION {schema}.bvc_notify_change()",
        )
    _run(connection, f"DROP POLICY IF EXISTS bvc_own_rows ON {name}")
    if policy.own_rows:
        column = _quote(connection, policy.own_rows)
        _run(connection, f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
        _run(
            connection,
            f"CREATE POLICY bvc_own_rows ON {name} TO {q[ROLES.member]} "
            f"USING ({column} = session_user) WITH CHECK ({column} = session_user)",
        )
    else:
        _run(connection, f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")


# -- logins ------------------------------------------------------------------------------------

#: PostgreSQL truncates longer role names.
MAX_LOGIN_LENGTH = 63


def ensure_login(
    connection: Connection, name: str, roles: Iterable[Role], password: str | None = None
) -> None:
    """Create (or update) ``name``'s database login with the group roles of ``roles``.

    Runs inside the caller's transaction (``CREATE ROLE`` is transactional in PostgreSQL), so
    the login and the ``users``/``role_grants`` rows appear together or not at all. The
    password is hashed (SCRAM) on this machine before it is sent, so it never reaches the
    server's logs in clear.

    Raises:
        PermissionDeniedError: the connected login cannot create roles.
        ValueError: a name PostgreSQL cannot take, or one of the group roles.
    """
    if not name or len(name.encode("utf-8")) > MAX_LOGIN_LENGTH or name.startswith("pg_"):
        raise ValueError(
            f"{name!r} cannot be a database login: 1 to {MAX_LOGIN_LENGTH} bytes, not "
            "starting with pg_"
        )
    if name in ROLES.groups():
        raise ValueError(f"{name!r} is one of the team's group roles, not a person")
    rights = connection.execute(
        text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if not rights:
        raise PermissionDeniedError(
            "creating database logins needs an admin connected as a login with CREATEROLE "
            "(or the cluster owner): see docs/team-setup.md"
        )
    existing = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :name"), {"name": name}
    ).first()
    login = _quote(connection, name)
    if existing is None:
        _run(connection, f"CREATE ROLE {login} LOGIN")
    elif existing[0]:
        raise PermissionDeniedError(f"{name!r} is a superuser: team mode does not manage it")
    else:
        _run(connection, f"ALTER ROLE {login} LOGIN")
    if password is not None:
        _run(
            connection,
            f"ALTER ROLE {login} PASSWORD {literal(_hashed(connection, name, password))}",
        )
    groups = [ROLES.member, *dict.fromkeys(ROLES.for_role(r) for r in roles)]
    for group in groups:
        _run(connection, f"GRANT {_quote(connection, group)} TO {login}")


def set_login_enabled(connection: Connection, name: str, *, enabled: bool) -> None:
    """Let ``name``'s database login connect again, or stop it connecting (``NOLOGIN``).

    A deactivated person must not keep reading the team's drafts with a login that still
    works. Runs inside the caller's transaction; a person without a login is left alone.

    Raises:
        PermissionDeniedError: the connected login cannot alter roles (needs CREATEROLE),
            or ``name`` is a superuser, which team mode does not manage.
    """
    existing = connection.execute(
        text("SELECT rolsuper, rolcanlogin FROM pg_roles WHERE rolname = :name"), {"name": name}
    ).first()
    if existing is None:
        return
    if existing[0]:
        raise PermissionDeniedError(f"{name!r} is a superuser: team mode does not manage it")
    if bool(existing[1]) == enabled:
        return
    rights = connection.execute(
        text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if not rights:
        raise PermissionDeniedError(
            f"{'reactivating' if enabled else 'deactivating'} {name!r} changes their database "
            "login, which needs an admin connected as a login with CREATEROLE (or the cluster "
            "owner): see docs/team-setup.md"
        )
    login = _quote(connection, name)
    _run(connection, f"ALTER ROLE {login} {'LOGIN' if enabled else 'NOLOGIN'}")


def _hashed(connection: Connection, name: str, password: str) -> str:
    """The server's password hash (SCRAM-SHA-256 by default), computed by libpq here."""
    if not password:
        raise ValueError("an empty password is not accepted")
    raw = connection.connection.dbapi_connection
    pgconn = getattr(raw, "pgconn", None)
    if pgconn is None:  # pragma: no cover - the store reaches PostgreSQL through psycopg 3
        raise TeamSetupError("setting passwords needs the psycopg 3 driver")
    return bytes(pgconn.encrypt_password(password.encode("utf-8"), name.encode("utf-8"))).decode(
        "ascii"
    )
