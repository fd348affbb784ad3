"""A team database for the team-mode tests: accounts, people with their own logins.

Shared by the store, services and UI tests. The template is made once per session
(:func:`team_database`); each test gets a fresh copy of it.

Logins live in the cluster, not in a database: a test must not change the passwords or
group roles of :data:`PEOPLE` (use names of its own for that), or later tests cannot log in.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import psycopg
from helpers.pg_cluster import SUPERUSER, PgCluster, shared_cluster
from sqlalchemy import text

from composer.core.workflow import ApprovalPolicy, PolicyStep, Role
from composer.store.records import AccountSpec
from composer.store.store import Store
from composer.store.team import ROLES, apply_team_security

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: The schema owner in the tests: the cluster's superuser (trusted by the team rules).
OWNER = SUPERUSER
ACCOUNTS = [
    AccountSpec("@Help", "support", ApprovalPolicy(review_target_minutes=15)),
    AccountSpec("@Alerts", "crisis", ApprovalPolicy((PolicyStep(), PolicyStep()))),
]
#: name -> (roles, accounts): ann writes, rex reviews everything, ria writes and reviews
#: @Help only, vic reviews every account too (second step of @Alerts), pat runs the publisher.
PEOPLE: dict[str, tuple[tuple[Role, ...], tuple[str, ...]]] = {
    "ann": ((Role.AUTHOR,), ()),
    "rex": ((Role.REVIEWER,), ()),
    "ria": ((Role.AUTHOR, Role.REVIEWER), ("@Help",)),
    "vic": ((Role.REVIEWER,), ()),
    "pat": ((), ()),
}
PUBLISHER = "pat"


def password(name: str) -> str:
    return f"{name}-secret-pw"


def prepare_team(url: str) -> None:
    """Schema, team security, accounts and people with logins (as ``db init-team`` would)."""
    with Store.open(url) as store:
        apply_team_security(store.engine)
        store.accounts.sync(ACCOUNTS, now=T0)
        store.users.add(OWNER, [Role.ADMIN], actor=OWNER, now=T0)
        for name, (roles, accounts) in PEOPLE.items():
            store.users.add(
                name, roles, accounts, actor=OWNER, now=T0, login=True, password=password(name)
            )
        with store.engine.begin() as connection:
            connection.execute(text(f'GRANT {ROLES.publisher} TO "{PUBLISHER}"'))


@dataclass
class TeamDb:
    """One copy of the team template, reached as any of its people."""

    cluster: PgCluster
    name: str
    stores: list[Store] = field(default_factory=list)

    def url(self, user: str = OWNER) -> str:
        return self.cluster.url(
            self.name, user=user, password="" if user == OWNER else password(user)
        )

    def store(self, user: str = OWNER) -> Store:
        opened = Store.open(self.url(user))
        self.stores.append(opened)
        return opened

    @contextmanager
    def raw(self, user: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
        """A plain psycopg connection as ``user`` (autocommit: one statement, one transaction)."""
        kwargs = self.cluster.connect_kwargs(
            self.name, user=user, password="" if user == OWNER else password(user)
        )
        with psycopg.connect(**kwargs, autocommit=True) as conn:  # type: ignore[arg-type]
            yield conn

    def close(self) -> None:
        for opened in self.stores:
            opened.close()


@contextmanager
def team_database() -> Iterator[TeamDb]:
    """A fresh copy of the session's team template (fails in CI, skips elsewhere without PG)."""
    cluster = shared_cluster()
    template = cluster.template("team", prepare_team)
    with cluster.database(template) as name:
        team = TeamDb(cluster, name)
        try:
            yield team
        finally:
            team.close()
