"""``brand-composer init`` and ``brand-composer db ...`` (see spec/cli.md, docs/team-setup.md).

``db upgrade`` migrates the workspace's database (and refreshes the team security on a team
database); ``db init-team`` sets up a PostgreSQL team database; ``db migrate-to URL`` copies
the workspace's database into an empty one; ``db password`` keeps a team login's password in
the OS keyring.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from composer.commands.base import EXIT_OK, EXIT_USAGE, CommandFailed
from composer.commands.workflow import Context, identity, now_utc, os_user
from composer.core.entry import name_problem
from composer.core.errors import KnownError
from composer.core.workflow import Role
from composer.store.engine import display_location, is_postgresql
from composer.store.migrate import head_revision
from composer.store.store import Store

_SubParsers = argparse._SubParsersAction


def register(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    """Add ``init`` and ``db``."""
    init = subparsers.add_parser(
        "init",
        help="create a workspace (SQLite) with the example guide",
        description="Create DIR with workspace.toml, the example brand guide and an SQLite "
        "database; the OS user (or --user) becomes its admin. Existing files are kept.",
    )
    init.add_argument("dir", metavar="DIR")
    init.add_argument(
        "--example", action="store_true", help="copy the example guide (done whenever none exists)"
    )
    init.set_defaults(handler=run_init)

    db = subparsers.add_parser("db", help="the workspace's database")
    db_sub = db.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    upgrade = db_sub.add_parser(
        "upgrade",
        help="apply migrations (an SQLite file is backed up first)",
        description="Apply pending migrations to the workspace's database. Every command also "
        "does this on start-up; an existing SQLite file is copied beside itself first.",
    )
    upgrade.set_defaults(handler=run_db_upgrade)
    init_team = db_sub.add_parser(
        "init-team",
        help="set up a PostgreSQL team database: schema, group roles, grants",
        description="PostgreSQL only. Creates the schema (runs the migrations), the group roles "
        "(bvc_member, bvc_author, bvc_reviewer, bvc_admin, bvc_publisher), the grants, "
        "row-level security and the triggers that enforce the review workflow; syncs the "
        "accounts from the guide and makes the connected login the first admin. Connect as "
        "the database's owner with CREATEROLE (see docs/team-setup.md). Safe to run again.",
    )
    init_team.set_defaults(handler=run_db_init_team)
    migrate_to = db_sub.add_parser(
        "migrate-to",
        help="copy the workspace's database into an empty one (e.g. SQLite to PostgreSQL)",
        description="Copies every table's rows into the database at URL, which is migrated "
        "first and must be empty; verifies the row counts. The workspace's database is only "
        "read. Afterwards point workspace.toml's [database] url at the new database.",
    )
    migrate_to.add_argument("url", metavar="URL", help="the target database's URL")
    migrate_to.set_defaults(handler=run_db_migrate_to)
    password = db_sub.add_parser(
        "password",
        help="keep your team database password in the OS keyring",
        description="Asks for the password of the login in the workspace's PostgreSQL URL "
        "(reads it from stdin when that is not a terminal) and stores it in the OS keyring; "
        "the app then connects without it ever being written to workspace.toml.",
    )
    password.set_defaults(handler=run_db_password)


def run_init(args: argparse.Namespace) -> int:
    """``init DIR [--example]``."""
    from composer.services.workspace import init_workspace  # noqa: PLC0415

    if not str(args.dir).strip():
        raise CommandFailed(EXIT_USAGE, "init needs a folder: DIR is empty ('')")
    user = str(args.user or os_user())  # before anything is created
    problem = name_problem(user, f"--user {user!r}")
    if problem:
        raise CommandFailed(EXIT_USAGE, problem)
    workspace = init_workspace(args.dir, example=True)
    if not workspace.is_sqlite:
        raise CommandFailed(
            EXIT_USAGE, "init creates SQLite workspaces; for PostgreSQL use 'db init-team'"
        )
    store = Store.open(workspace.database_url)
    try:
        context = Context(workspace, store, user)
        if workspace.guide_path.is_file():
            context.sync_accounts()
        existing = store.users.count()
        if existing == 0:
            store.users.add(user, [Role.ADMIN], actor=user, now=now_utc())
    finally:
        store.close()
    if existing:  # a workspace already: its people are kept, nobody new becomes admin
        sys.stdout.write(
            f"workspace ready at {workspace.root} (guide {workspace.guide_path.name}; already "
            f"set up with {existing} user(s), existing files kept)\n"
        )
        return EXIT_OK
    sys.stdout.write(
        f"workspace ready at {workspace.root} (guide {workspace.guide_path.name}, admin {user})\n"
    )
    return EXIT_OK


def run_db_upgrade(args: argparse.Namespace) -> int:
    """``db upgrade``."""
    from composer.services.workspace import resolve_workspace  # noqa: PLC0415

    workspace = resolve_workspace(args.workspace)
    identity(args, workspace)  # --user is refused on PostgreSQL, here as everywhere
    store = Store.open(workspace.database_url, upgrade=False)
    try:
        pending = store.needs_upgrade()
        revision = store.upgrade()
        backup = f" (backup: {store.last_backup})" if store.last_backup else ""
        what = "upgraded to" if pending else "already at"
        sys.stdout.write(f"database {store.location} {what} revision {revision}{backup}\n")
        if is_postgresql(workspace.database_url):
            _refresh_team_security(store)
    finally:
        store.close()
    if revision != head_revision():  # pragma: no cover - upgrade() reaches head or raises
        return EXIT_USAGE
    return EXIT_OK


def _refresh_team_security(store: Store) -> None:
    """Re-apply the team security so that tables from new migrations are covered too."""
    from composer.store.team import apply_team_security, team_installed  # noqa: PLC0415

    if not team_installed(store.engine):
        sys.stdout.write(
            "no team security installed yet: run 'brand-composer db init-team' as the "
            "database's owner\n"
        )
        return
    report = apply_team_security(store.engine)
    sys.stdout.write(f"team security refreshed on {len(report.tables)} tables\n")


def run_db_init_team(args: argparse.Namespace) -> int:
    """``db init-team``."""
    from composer.services.workspace import resolve_workspace  # noqa: PLC0415
    from composer.store.team import apply_team_security  # noqa: PLC0415

    workspace = resolve_workspace(args.workspace)
    if not is_postgresql(workspace.database_url):
        raise CommandFailed(
            EXIT_USAGE,
            "db init-team sets up a shared PostgreSQL database, and this workspace uses SQLite "
            f"({display_location(workspace.database_url)}): set [database] url in "
            "workspace.toml or BRAND_COMPOSER_DATABASE_URL to postgresql://LOGIN@HOST/DATABASE",
        )
    owner = identity(args, workspace)
    store = Store.open(workspace.database_url)
    try:
        report = apply_team_security(store.engine)
        context = Context(workspace, store, owner)
        if workspace.guide_path.is_file():
            context.sync_accounts()
        store.users.ensure_admin(owner, now=now_utc())
        accounts = len(store.accounts.list())
    finally:
        store.close()
    sys.stdout.write(
        f"team database {report.database} ready (schema {report.schema}, owner {report.owner}): "
        f"{len(report.tables)} tables guarded, group roles {', '.join(report.roles)}, "
        f"{accounts} account(s); add people with 'brand-composer user add NAME --role ROLE "
        "--password-stdin'\n"
    )
    return EXIT_OK


def run_db_migrate_to(args: argparse.Namespace) -> int:
    """``db migrate-to URL``."""
    from composer.services.workspace import resolve_workspace  # noqa: PLC0415
    from composer.store.migrate_to import MigrationRefusedError, copy_database  # noqa: PLC0415

    workspace = resolve_workspace(args.workspace)
    problem = _target_problem(str(args.url))
    if problem:
        raise CommandFailed(EXIT_USAGE, problem)
    try:
        copies = copy_database(workspace.database_url, str(args.url))
    except MigrationRefusedError as exc:
        raise CommandFailed(EXIT_USAGE, str(exc)) from exc
    for copy in copies:
        sys.stdout.write(f"{copy.table}\t{copy.target_rows}\n")
    total = sum(c.target_rows for c in copies)
    sys.stdout.write(
        f"copied {total} rows from {display_location(workspace.database_url)} into "
        f"{display_location(str(args.url))}; counts verified. Point workspace.toml's "
        "[database] url at it to use it.\n"
    )
    return EXIT_OK


#: The URL schemes ``db migrate-to`` can write to (the drivers the app ships).
_TARGET_SCHEMES = ("sqlite", "sqlite+pysqlite", "postgresql", "postgres", "postgresql+psycopg")


def _target_problem(url: str) -> str | None:
    """Why ``db migrate-to`` cannot use ``url``, or ``None`` (the password is never shown)."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    usage = "give sqlite:///FILE or postgresql://LOGIN@HOST/DATABASE"
    try:
        parsed = make_url(url)
    except ArgumentError:
        return f"the target is not a database URL: {usage}"
    if parsed.drivername not in _TARGET_SCHEMES:
        return (
            f"the target {parsed.render_as_string(hide_password=True)} is a "
            f"{parsed.drivername!r} database, which migrate-to cannot write: {usage}"
        )
    return None


def run_db_password(args: argparse.Namespace) -> int:
    """``db password``: the team login's password into the OS keyring."""
    from composer.services.workspace import (  # noqa: PLC0415
        password_key,
        resolve_workspace,
        store_database_password,
    )

    workspace = resolve_workspace(args.workspace)
    key = password_key(workspace.database_url)
    if key is None:
        raise CommandFailed(
            EXIT_USAGE,
            "db password is for a PostgreSQL workspace whose URL names the login "
            "(postgresql://LOGIN@HOST/DATABASE)",
        )
    if sys.stdin.isatty():
        secret = getpass.getpass(f"password of {key}: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise CommandFailed(EXIT_USAGE, "no password given; nothing was stored")
    try:
        stored = store_database_password(workspace.database_url, secret)
    except KnownError as exc:
        raise CommandFailed(EXIT_USAGE, str(exc)) from exc
    sys.stdout.write(f"password of {stored} stored in the OS keyring\n")
    return EXIT_OK
