"""``brand-composer`` in team mode: ``db init-team``, ``user add --password-stdin``, identity,
``db upgrade`` refreshing the security, and ``db migrate-to`` (SQLite to PostgreSQL and SQLite).
"""

from __future__ import annotations

import io
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from helpers.pg_cluster import PgCluster, shared_cluster

from composer.cli import main
from composer.core.workflow import State
from composer.services.workspace import ENV_DATABASE_URL, init_workspace
from composer.store.models import Base
from composer.store.store import Store

CLEAN_HELP = "Thanks for your patience. We are checking your order and will reply within the hour."
HELP = "@NorthwindHelp"


class Cli:
    """Runs ``brand-composer`` in-process against one workspace, as one database URL."""

    def __init__(
        self, workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.workspace = workspace
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(
        self, *argv: str, url: str | None = None, stdin: str | None = None, user: str | None = None
    ) -> tuple[int, str, str]:
        if url is None:
            self.monkeypatch.delenv(ENV_DATABASE_URL, raising=False)
        else:
            self.monkeypatch.setenv(ENV_DATABASE_URL, url)
        args = ["--workspace", str(self.workspace)]
        if user:
            args += ["--user", user]
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin or ""))
        try:
            code = main([*args, *argv])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def cluster() -> PgCluster:
    return shared_cluster()


@pytest.fixture
def empty_db(cluster: PgCluster) -> Iterator[str]:
    with cluster.database() as name:
        yield name


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    workspace = tmp_path / "ws"
    init_workspace(workspace, example=True)
    return Cli(workspace, capsys, monkeypatch)


def test_init_team_refuses_sqlite(cli: Cli) -> None:
    code, _, err = cli("db", "init-team")
    assert code == 2
    assert "uses SQLite" in err and "postgresql://" in err
    assert "Traceback" not in err


def test_team_setup_from_the_command_line(cli: Cli, cluster: PgCluster, empty_db: str) -> None:
    owner = cluster.url(empty_db)
    code, out, err = cli("db", "init-team", url=owner)
    assert code == 0, err
    assert "tables guarded" in out and "bvc_member" in out
    code, out, err = cli("db", "init-team", url=owner)  # again: harmless
    assert code == 0, err

    code, out, err = cli(
        "user",
        "add",
        "cm_ann",
        "--role",
        "author",
        "--account",
        HELP,
        "--password-stdin",
        url=owner,
        stdin="ann pass word\n",
    )
    assert code == 0, err
    assert "database login cm_ann" in out
    code, _, err = cli(
        "user",
        "add",
        "rev_rex",
        "--role",
        "reviewer",
        "--password-stdin",
        url=owner,
        stdin="rex-pw\n",
    )
    assert code == 0, err

    ann = cluster.url(empty_db, user="cm_ann", password="ann pass word")
    rex = cluster.url(empty_db, user="rev_rex", password="rex-pw")
    code, out, err = cli("draft", "new", "--account", HELP, "--text", CLEAN_HELP, url=ann)
    assert code == 0, err
    draft_id = int(out.strip())
    code, _, err = cli("draft", "submit", str(draft_id), url=ann)
    assert code == 0, err

    code, _, err = cli("draft", "list", url=ann, user="rev_rex")
    assert code == 2 and "--user is refused on PostgreSQL" in err
    code, _, err = cli("review", "approve", str(draft_id), url=ann)
    assert code == 1, err  # the author's own draft: refused
    code, out, err = cli("review", "approve", str(draft_id), url=rex)
    assert code == 0, err and "approved" in out

    code, _, err = cli("user", "add", "mallory", "--role", "admin", url=ann)
    assert code == 1 and "only an admin" in err

    code, out, err = cli("db", "upgrade", url=owner)
    assert code == 0, err
    assert "team security refreshed" in out

    kwargs = cluster.connect_kwargs(empty_db, user="cm_ann", password="wrong")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(**kwargs).close()  # type: ignore[arg-type]


def test_password_in_workspace_toml_is_refused(cli: Cli) -> None:
    (cli.workspace / "workspace.toml").write_text(
        '[database]\nurl = "postgresql://ann:hunter2@db.example.com/brand"\n', encoding="utf-8"
    )
    code, _, err = cli("draft", "list")
    assert code == 2
    assert "must not contain a password" in err and "hunter2" not in err


def _sqlite_workspace(cli: Cli) -> str:
    code, _, err = cli("init", str(cli.workspace), user="boss")
    assert code == 0, err
    code, _, err = cli("user", "add", "mig_ann", "--role", "author", user="boss")
    assert code == 0, err
    code, _, err = cli("user", "add", "mig_rex", "--role", "reviewer", user="boss")
    assert code == 0, err
    for n in range(3):
        code, out, err = cli(
            "draft", "new", "--account", HELP, "--text", f"{CLEAN_HELP} {n}", user="mig_ann"
        )
        assert code == 0, err
        code, _, err = cli("draft", "submit", out.strip(), user="mig_ann")
        assert code == 0, err
    code, _, err = cli("review", "approve", "1", "--comment", "fine", user="mig_rex")
    assert code == 0, err
    return f"sqlite:///{cli.workspace / 'composer.sqlite3'}"


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    with Store.open(url, upgrade=False) as store, store.engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(table.select())), key=repr)
            for table in Base.metadata.sorted_tables
        }


def test_migrate_sqlite_into_postgresql(cli: Cli, cluster: PgCluster, empty_db: str) -> None:
    source = _sqlite_workspace(cli)
    before = _snapshot(source)
    target = cluster.url(empty_db)
    code, out, err = cli("db", "migrate-to", target)
    assert code == 0, err
    assert "counts verified" in out and "owner-secret" not in out
    assert _snapshot(source) == before  # the source is untouched
    copied = _snapshot(target)
    assert {t: len(rows) for t, rows in copied.items()} == {t: len(r) for t, r in before.items()}
    assert copied["audit_events"] == before["audit_events"]
    with Store.open(source, upgrade=False) as original:
        reviewed = original.drafts.get(1)
    assert reviewed.state in {State.APPROVED, State.QUEUED}
    with Store.open(target) as store:
        assert store.drafts.get(1) == reviewed
        # Sequences moved past the copied ids: a new draft gets the next id.
        record = store.drafts.create(
            HELP,
            "after the move",
            author="mig_ann",
            findings=(),
            now=store.drafts.get(1).created_at,
        )
        assert record.id == 4
    code, _, err = cli("db", "migrate-to", target)
    assert code == 2 and "not empty" in err
    # Then the team set-up: the owner becomes an admin beside the copied people, and the
    # single-user workspace's people get their logins.
    code, _, err = cli("db", "init-team", url=target)
    assert code == 0, err
    code, _, err = cli(
        "user", "add", "mig_ann", "--role", "author", "--password-stdin", url=target, stdin="a-pw\n"
    )
    assert code == 0, err
    code, out, err = cli(
        "draft", "list", url=cluster.url(empty_db, user="mig_ann", password="a-pw")
    )
    assert code == 0, err
    assert out.count("\tmig_ann\t") == 4


def test_migrate_sqlite_into_sqlite(cli: Cli, tmp_path: Path) -> None:
    source = _sqlite_workspace(cli)
    target_path = tmp_path / "copy.sqlite3"
    code, _, err = cli("db", "migrate-to", f"sqlite:///{target_path}")
    assert code == 0, err
    assert _snapshot(f"sqlite:///{target_path}") == _snapshot(source)
    connection = sqlite3.connect(target_path)
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def test_migrate_refuses_an_unmigrated_source(cli: Cli, tmp_path: Path) -> None:
    source = _sqlite_workspace(cli)
    connection = sqlite3.connect(source.removeprefix("sqlite:///"))
    try:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
        connection.commit()
    finally:
        connection.close()
    code, _, err = cli("db", "migrate-to", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert code == 2 and "db upgrade" in err
