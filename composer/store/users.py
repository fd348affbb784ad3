"""Users, their roles per account, and the accounts themselves."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from composer.core.entry import name_key, name_problem
from composer.core.workflow import Actor, ApprovalPolicy, PolicyStep, Role
from composer.store.database import Database, retrying
from composer.store.errors import NotFoundError, PermissionDeniedError, RefusedByDatabaseError
from composer.store.models import Account, AuditEvent, RoleGrant, User
from composer.store.records import (
    AccountRecord,
    AccountSpec,
    Grant,
    UserRecord,
    policy_from_json,
    policy_to_json,
)

POLICY_KEY = "policy"


def find_user(session: Session, name: str) -> User | None:
    """The user called ``name``, ignoring case (names that differ only by case are one person)."""
    row = session.scalar(select(User).where(User.name == name))
    if row is not None:
        return row
    key = name_key(name)
    # Few people share a workspace, and SQL's lower() folds only ASCII on SQLite.
    return next((u for u in session.scalars(select(User)) if name_key(u.name) == key), None)


def user_row(session: Session, name: str) -> User:
    """The user called ``name`` (ignoring case).

    Raises:
        NotFoundError: no such user.
    """
    row = find_user(session, name)
    if row is None:
        raise NotFoundError(
            f"unknown user {name!r}: an admin adds people with 'brand-composer user add'"
        )
    return row


def account_row(session: Session, handle: str) -> Account:
    """The account ``handle``.

    Raises:
        NotFoundError: no such account.
    """
    row = session.scalar(select(Account).where(Account.handle == handle))
    if row is None:
        known = ", ".join(session.scalars(select(Account.handle).order_by(Account.handle)))
        raise NotFoundError(f"unknown account {handle!r} (known: {known or 'none'})")
    return row


def roles_of(session: Session, user_id: int, account_id: int | None) -> frozenset[Role]:
    """A user's roles on an account, grants for every account included."""
    query = select(RoleGrant.role).where(RoleGrant.user_id == user_id)
    if account_id is None:
        query = query.where(RoleGrant.account_id.is_(None))
    else:
        query = query.where(or_(RoleGrant.account_id.is_(None), RoleGrant.account_id == account_id))
    return frozenset(Role(r) for r in session.scalars(query))


def reviewers_of(session: Session, account_id: int) -> frozenset[str]:
    """Names of the active users with the reviewer role on the account."""
    query = (
        select(User.name)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(
            User.active.is_(True),
            RoleGrant.role == Role.REVIEWER.value,
            or_(RoleGrant.account_id.is_(None), RoleGrant.account_id == account_id),
        )
    )
    return frozenset(session.scalars(query))


def actor_on(session: Session, name: str, account_id: int | None) -> tuple[User, Actor]:
    """The user row and the :class:`Actor` (roles on that account) for ``name``.

    Raises:
        NotFoundError: no such user.
        PermissionDeniedError: the user was deactivated (their history stays).
    """
    user = user_row(session, name)
    if not user.active:
        raise PermissionDeniedError(
            f"{user.name!r} is deactivated: an admin reactivates people in Settings ▸ People"
        )
    return user, Actor(user.name, roles_of(session, user.id, account_id))


def _user_record(session: Session, user: User) -> UserRecord:
    rows = session.execute(
        select(RoleGrant.role, Account.handle)
        .outerjoin(Account, Account.id == RoleGrant.account_id)
        .where(RoleGrant.user_id == user.id)
        .order_by(RoleGrant.role, Account.handle)
    )
    grants = tuple(Grant(Role(role), handle or "") for role, handle in rows)
    return UserRecord(
        user.id, user.name, user.created_at, grants, user.display_name or "", bool(user.active)
    )


def _require_admin(session: Session, actor: str, what: str) -> None:
    """Refuse unless ``actor`` is an active admin of every account."""
    user, who = actor_on(session, actor, None)
    if not user.active or not who.has(Role.ADMIN):
        raise PermissionDeniedError(f"only an admin may {what}; {actor!r} is not one")


def _check_admin_left(session: Session, what: str) -> None:
    """Refuse a change that leaves the workspace without an active admin of every account."""
    admins = session.scalar(
        select(User.id)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(
            User.active.is_(True),
            RoleGrant.role == Role.ADMIN.value,
            RoleGrant.account_id.is_(None),
        )
        .limit(1)
    )
    if admins is None:
        raise PermissionDeniedError(
            f"cannot {what}: the workspace would have no active admin left (make someone "
            "else an admin of every account first)"
        )


class UserRepository:
    """People and their roles."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def count(self) -> int:
        """How many users exist."""
        with self._db.read() as session:
            return len(session.scalars(select(User.id)).all())

    @retrying
    def add(
        self,
        name: str,
        roles: Iterable[Role],
        accounts: Sequence[str] = (),
        *,
        actor: str,
        now: datetime,
        login: bool = False,
        password: str | None = None,
        display_name: str | None = None,
    ) -> UserRecord:
        """Create a user (or add roles to an existing one).

        Args:
            name: The user's name (on SQLite, usually their OS login; on PostgreSQL, their
                database login).
            roles: Roles to grant.
            accounts: Account handles the roles apply to; empty means every account.
            actor: Who does it: an admin of every account, or anyone while no user exists
                (the first user of a new workspace).
            now: The current time.
            login: Team mode (PostgreSQL): also create or update the person's database login
                with the group roles of ``roles``, in the same transaction (the connection
                needs CREATEROLE; see :func:`composer.store.team.ensure_login`).
            password: With ``login``: the login's new password (``None`` keeps the old one).
            display_name: How the window shows the person (``None`` keeps the current one).

        Raises:
            PermissionDeniedError: the actor is not an admin, or (``login``) the connection
                may not create logins.
            NotFoundError: an account does not exist.
            ValueError: the name is empty, holds control or format characters (tabs,
                bidirectional overrides), or differs only by case from an existing user's.
        """
        name = name.strip()
        if not name or len(name) > 120:
            raise ValueError("a user name must have 1 to 120 characters")
        problem = name_problem(name, f"the user name {name!r}")
        if problem:
            raise ValueError(problem)
        roles = tuple(dict.fromkeys(roles))
        shown = _display_name(display_name)
        with self._db.write() as session:
            bootstrap = session.scalar(select(User.id).limit(1)) is None
            if not bootstrap:
                _, who = actor_on(session, actor, None)
                if not who.has(Role.ADMIN):
                    raise PermissionDeniedError(
                        f"only an admin may add users or roles; {actor!r} is not one"
                    )
            user = find_user(session, name)
            if user is not None and user.name != name:
                raise ValueError(
                    f"a user {user.name!r} exists and names that differ only by case are one "
                    f"person: give {user.name!r}"
                )
            if user is None:
                user = User(name=name, created_at=now, active=True, display_name=shown or "")
                session.add(user)
                session.flush()
            elif shown is not None:
                user.display_name = shown
            account_ids: list[int | None] = (
                [account_row(session, h).id for h in accounts] if accounts else [None]
            )
            granted: list[str] = []
            for role in roles:
                for account_id in account_ids:
                    exists = session.scalar(
                        select(RoleGrant.id).where(
                            RoleGrant.user_id == user.id,
                            RoleGrant.role == role.value,
                            RoleGrant.account_id.is_(None)
                            if account_id is None
                            else RoleGrant.account_id == account_id,
                        )
                    )
                    if exists is None:
                        session.add(RoleGrant(user_id=user.id, account_id=account_id, role=role))
                        granted.append(role.value)
            if login:
                from composer.store.team import ensure_login  # noqa: PLC0415 - team mode only

                ensure_login(session.connection(), name, roles, password)
            where = ", ".join(accounts) if accounts else "all accounts"
            session.add(
                AuditEvent(
                    at=now,
                    actor=actor,
                    action="user_add",
                    account=",".join(accounts),
                    detail=f"{name}: {', '.join(r.value for r in roles) or 'no roles'} on {where}",
                )
            )
            session.flush()
            return _user_record(session, user)

    @retrying
    def set_roles(
        self,
        name: str,
        account: str,
        roles: Iterable[Role],
        *,
        actor: str,
        now: datetime,
        login: bool = False,
    ) -> UserRecord:
        """Make ``name``'s roles on ``account`` (empty: every account) exactly ``roles``.

        Args:
            name: The person.
            account: An account handle, or ``""`` for the grants that cover every account.
            roles: The roles they hold there afterwards (none: they lose that scope).
            actor: An admin of every account.
            now: The current time.
            login: Team mode: also give the database login the group roles of new roles
                (as :meth:`add` does; the connection needs CREATEROLE).

        Raises:
            PermissionDeniedError: the actor is not an admin, or the change would leave no
                active admin of every account.
            NotFoundError: no such user or account.
        """
        wanted = frozenset(roles)
        with self._db.write() as session:
            _require_admin(session, actor, "change roles")
            user = user_row(session, name)
            account_id = account_row(session, account).id if account else None
            query = select(RoleGrant).where(RoleGrant.user_id == user.id)
            query = query.where(
                RoleGrant.account_id.is_(None)
                if account_id is None
                else RoleGrant.account_id == account_id
            )
            current = {Role(g.role): g for g in session.scalars(query)}
            if set(current) == wanted:
                return _user_record(session, user)
            for role, grant in current.items():
                if role not in wanted:
                    session.delete(grant)
            added = [r for r in Role if r in wanted and r not in current]
            for role in added:
                session.add(RoleGrant(user_id=user.id, account_id=account_id, role=role.value))
            session.flush()
            _check_admin_left(session, f"change {name!r}'s roles")
            if login and added:
                from composer.store.team import ensure_login  # noqa: PLC0415 - team mode only

                ensure_login(session.connection(), user.name, added, None)
            listed = ", ".join(r.value for r in Role if r in wanted) or "no roles"
            session.add(
                AuditEvent(
                    at=now,
                    actor=actor,
                    action="user_roles",
                    account=account,
                    detail=f"{user.name}: {listed} on {account or 'all accounts'}",
                )
            )
            session.flush()
            return _user_record(session, user)

    @retrying
    def set_active(
        self, name: str, *, active: bool, actor: str, now: datetime, login: bool = False
    ) -> UserRecord:
        """Deactivate (or reactivate) ``name``: their drafts, reviews and audit rows stay.

        A deactivated person signs in to nothing: the store refuses them as an actor and, in
        team mode, the database refuses their login's every write. With ``login`` (team mode)
        their database login stops connecting at all (``NOLOGIN``), in the same transaction,
        so they cannot read the team's drafts either; reactivating lets it connect again.

        Raises:
            PermissionDeniedError: the actor is not an admin, no active admin would be left,
                or (``login``) the connection may not alter logins (needs CREATEROLE).
            NotFoundError: no such user.
        """
        with self._db.write() as session:
            _require_admin(session, actor, "deactivate or reactivate people")
            user = user_row(session, name)
            if bool(user.active) == active:
                return _user_record(session, user)
            user.active = active
            session.flush()
            _check_admin_left(session, f"deactivate {name!r}")
            if login:
                from composer.store.team import set_login_enabled  # noqa: PLC0415 - team only

                set_login_enabled(session.connection(), user.name, enabled=active)
            session.add(
                AuditEvent(
                    at=now,
                    actor=actor,
                    action="user_reactivate" if active else "user_deactivate",
                    detail=f"{user.name}: {'active again' if active else 'deactivated'} "
                    "(drafts, reviews and history kept)",
                )
            )
            session.flush()
            return _user_record(session, user)

    @retrying
    def ensure_admin(self, name: str, *, now: datetime) -> UserRecord:
        """Make ``name`` an admin of every account, creating the user if need be.

        For ``db init-team``: the schema owner's login becomes the team's first admin even when
        the users came over from a single-user workspace (``db migrate-to``). Only the caller's
        own privilege guards this (in team mode, the owner's connection); nobody else calls it.
        """
        with self._db.write() as session:
            user = find_user(session, name)
            if user is None:
                user = User(name=name, created_at=now, active=True)
                session.add(user)
                session.flush()
            if Role.ADMIN not in roles_of(session, user.id, None):
                session.add(RoleGrant(user_id=user.id, account_id=None, role=Role.ADMIN.value))
                session.add(
                    AuditEvent(
                        at=now,
                        actor=name,
                        action="user_add",
                        detail=f"{name}: admin on all accounts (team set-up)",
                    )
                )
            session.flush()
            return _user_record(session, user)

    def get(self, name: str) -> UserRecord:
        """One user.

        Raises:
            NotFoundError: no such user.
        """
        with self._db.read() as session:
            return _user_record(session, user_row(session, name))

    def list(self) -> list[UserRecord]:
        """Every user, by name."""
        with self._db.read() as session:
            users = session.scalars(select(User).order_by(User.name)).all()
            return [_user_record(session, u) for u in users]

    def canonical(self, name: str) -> str:
        """How the workspace spells ``name`` (``Ann`` -> ``ann``); ``name`` if no user has it."""
        with self._db.read() as session:
            row = find_user(session, name)
            return row.name if row is not None else name

    def actor(self, name: str, account: str | None = None) -> Actor:
        """``name`` with their roles on ``account`` (or their all-account roles).

        Raises:
            NotFoundError: no such user or account.
        """
        with self._db.read() as session:
            account_id = account_row(session, account).id if account else None
            user = user_row(session, name)
            roles = roles_of(session, user.id, account_id) if user.active else frozenset()
            return Actor(user.name, roles)


def _display_name(value: str | None) -> str | None:
    """A display name checked as names are (``None``: leave it as it is)."""
    if value is None:
        return None
    value = value.strip()
    if len(value) > 120:
        raise ValueError("a display name has at most 120 characters")
    problem = name_problem(value, f"the display name {value!r}") if value else None
    if problem:
        raise ValueError(problem)
    return value


def _may_skip_review(session: Session, actor: str | None) -> bool:
    """Whether ``actor`` may turn review off: an admin of every account, or the first person."""
    if session.scalar(select(User.id).limit(1)) is None:
        return True
    if actor is None:
        return False
    user = find_user(session, actor)
    return user is not None and user.active and Role.ADMIN in roles_of(session, user.id, None)


def policy_summary(policy: ApprovalPolicy) -> str:
    """One line for the audit trail: ``no review`` or ``2 steps (any; all of rex)``.

    Replies' own steps follow: ``...; replies: 1 step (any)``.
    """

    def described(steps: tuple[PolicyStep, ...]) -> str:
        if not steps:
            return "no review"
        parts = "; ".join(
            f"{s.require.value}" + (f" of {', '.join(s.reviewers)}" if s.reviewers else "")
            for s in steps
        )
        return f"{len(steps)} {'step' if len(steps) == 1 else 'steps'} ({parts})"

    replies = "" if policy.reply_steps is None else f"; replies: {described(policy.reply_steps)}"
    return f"approval policy: {described(policy.steps)}{replies}"


def _account_record(row: Account) -> AccountRecord:
    settings = dict(row.settings or {})
    policy = policy_from_json(settings.pop(POLICY_KEY, None))
    return AccountRecord(row.id, row.handle, row.purpose, row.in_guide, policy, settings)


class AccountRepository:
    """The brand's accounts: synchronised from the guide, plus local settings."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def sync(
        self, specs: Sequence[AccountSpec], *, now: datetime, actor: str | None = None
    ) -> list[AccountRecord]:
        """Make the stored accounts match the guide's (drafts of removed ones are kept).

        Only real changes are written, so calling this on every start is cheap. In team mode
        only an admin of every account may change the accounts: when the server refuses
        somebody else's sync, the team database's accounts stand as they are.

        A change of an account's approval policy is audited in ``actor``'s name. Turning
        review off (no approval steps) is an admin's decision: from anyone else's sync (or
        one that names nobody) the account keeps the policy it has (a new account gets one
        step), so editing the guide file alone never skips review. While the workspace has no
        users yet, its first person decides.
        """
        with self._db.read() as session:
            current = {a.handle: a for a in session.scalars(select(Account))}
            wanted = {s.handle: s for s in specs}
            changed = any(
                h not in current
                or current[h].purpose != s.purpose
                or not current[h].in_guide
                or (current[h].settings or {}).get(POLICY_KEY) != policy_to_json(s.policy)
                for h, s in wanted.items()
            ) or any(a.in_guide and h not in wanted for h, a in current.items())
        if changed:
            # Team mode: when the server refuses, the admin's accounts are the shared truth.
            with contextlib.suppress(RefusedByDatabaseError):
                self._write_accounts(wanted, now=now, actor=actor)
        return self.list()

    @retrying
    def _write_accounts(
        self, wanted: dict[str, AccountSpec], *, now: datetime, actor: str | None
    ) -> None:
        with self._db.write() as session:
            rows = {a.handle: a for a in session.scalars(select(Account))}
            may_skip_review = _may_skip_review(session, actor)
            for handle, spec in wanted.items():
                row = rows.get(handle)
                if row is None:
                    row = Account(handle=handle, created_at=now, settings={})
                    session.add(row)
                row.purpose = spec.purpose
                row.in_guide = True
                old = (row.settings or {}).get(POLICY_KEY)
                policy = spec.policy
                if not policy.steps and not may_skip_review:
                    policy = policy_from_json(old) if old else ApprovalPolicy()
                new = policy_to_json(policy)
                row.settings = {**(row.settings or {}), POLICY_KEY: new}
                if (old is not None and old != new) or (old is None and not policy.steps):
                    session.add(
                        AuditEvent(
                            at=now,
                            actor=actor or "guide",
                            action="account_policy",
                            account=handle,
                            detail=policy_summary(policy),
                        )
                    )
            for handle, row in rows.items():
                if handle not in wanted:
                    row.in_guide = False

    def list(self, *, include_removed: bool = False) -> list[AccountRecord]:
        """The accounts, by handle (those removed from the guide only on request)."""
        with self._db.read() as session:
            query = select(Account).order_by(Account.handle)
            if not include_removed:
                query = query.where(Account.in_guide.is_(True))
            return [_account_record(a) for a in session.scalars(query)]

    def get(self, handle: str) -> AccountRecord:
        """One account.

        Raises:
            NotFoundError: no such account.
        """
        with self._db.read() as session:
            return _account_record(account_row(session, handle))

    def policy(self, handle: str) -> ApprovalPolicy:
        """The account's approval policy."""
        return self.get(handle).policy

    @retrying
    def set_setting(self, handle: str, key: str, value: Any, *, actor: str, now: datetime) -> None:  # noqa: ANN401 - JSON value
        """Change one local setting (e.g. ``paused``) and record it in the audit trail."""
        if key == POLICY_KEY:
            raise ValueError("the approval policy comes from the guide")
        with self._db.write() as session:
            row = account_row(session, handle)
            row.settings = {**(row.settings or {}), key: value}
            session.add(
                AuditEvent(
                    at=now,
                    actor=actor,
                    action="account_setting",
                    account=handle,
                    detail=f"{key} = {value!r}",
                )
            )
