"""A fresh store with an admin, an author, two reviewers and two accounts, on both backends.

``db_url`` is parametrized: every store test runs on a real temporary SQLite file and on a
fresh database of the session's throw-away PostgreSQL cluster (a copy of a migrated template
with the team security installed; the tests connect as the cluster's owner, whom the team
rules trust, so they exercise the store itself). Tests about SQLite files as such use
``sqlite_url`` / ``sqlite_store``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.pg_cluster import PgCluster, shared_cluster
from helpers.team_db import TeamDb, team_database
from store_seed import seed

from composer.store.store import Store
from composer.store.team import apply_team_security


def prepare_team_template(url: str) -> None:
    """Migrate an empty database and install the team roles, grants and triggers."""
    with Store.open(url) as store:
        apply_team_security(store.engine)


def team_template(cluster: PgCluster) -> str:
    """The session's migrated template database (made on first use)."""
    return cluster.template("store", prepare_team_template)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'composer.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'composer.sqlite3'}"
        return
    cluster = shared_cluster()
    with cluster.database(team_template(cluster)) as name:
        yield cluster.url(name)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    seed(opened)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[Store]:
    opened = Store.open(sqlite_url)
    seed(opened)
    yield opened
    opened.close()


@pytest.fixture
def team_db() -> Iterator[TeamDb]:
    """A fresh team database (PostgreSQL only): accounts, people with their own logins."""
    with team_database() as team:
        yield team
