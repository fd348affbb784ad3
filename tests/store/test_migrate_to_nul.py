"""A NUL character that SQLite kept does not stop ``db migrate-to postgresql`` unnamed.

Texts with NUL are refused where they come in now; a workspace that took one earlier gets a
refusal naming every place (and nothing copied) instead of a driver error mid-copy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.pg_cluster import PgCluster, shared_cluster
from sqlalchemy import create_engine

from composer.cli import main
from composer.services.workspace import init_workspace
from composer.store.migrate_to import nul_holders
from composer.store.store import Store

CLEAN_HELP = "Thanks for your patience. We are checking your order and will reply within the hour."


def _run(capsys: pytest.CaptureFixture[str], workspace: Path, *argv: str) -> tuple[int, str]:
    try:
        code = main(["--workspace", str(workspace), "--user", "boss", *argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


@pytest.fixture
def workspace_with_nul(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A workspace with two drafts; the second one's text holds a NUL put there by raw SQL."""
    workspace = tmp_path / "ws"
    init_workspace(workspace, example=True)
    assert _run(capsys, workspace, "init", str(workspace))[0] == 0
    for text in (CLEAN_HELP, f"{CLEAN_HELP} Again."):
        code, err = _run(
            capsys, workspace, "draft", "new", "--account", "@NorthwindHelp", "--text", text
        )
        assert code == 0, err
    database = workspace / "composer.sqlite3"
    connection = sqlite3.connect(database)
    try:
        connection.execute("UPDATE drafts SET text = 'bad' || char(0) || 'text' WHERE id = 2")
        connection.execute(
            "UPDATE draft_versions SET text = 'bad' || char(0) || 'text' WHERE draft_id = 2"
        )
        connection.commit()
    finally:
        connection.close()
    return workspace


def test_nul_holders_names_each_place(workspace_with_nul: Path) -> None:
    engine = create_engine(f"sqlite:///{workspace_with_nul / 'composer.sqlite3'}")
    try:
        held = nul_holders(engine)
    finally:
        engine.dispose()
    assert "draft 2 (text)" in held
    assert any(p.startswith("draft_versions ") and p.endswith(" of draft 2 (text)") for p in held)
    assert not any("draft 1 " in p or p.endswith("of draft 1 (text)") for p in held)


@pytest.fixture
def empty_db() -> Iterator[tuple[PgCluster, str]]:
    cluster = shared_cluster()
    with cluster.database() as name:
        yield cluster, name


def test_migrate_to_postgresql_names_the_draft_and_copies_nothing(
    workspace_with_nul: Path,
    capsys: pytest.CaptureFixture[str],
    empty_db: tuple[PgCluster, str],
) -> None:
    cluster, name = empty_db
    target = cluster.url(name)
    code, err = _run(capsys, workspace_with_nul, "db", "migrate-to", target)
    assert code == 2 and "Traceback" not in err
    assert err.count("\n") == 1
    assert "holds NUL characters, which PostgreSQL cannot store: draft 2 (text)" in err
    assert "nothing was copied" in err
    with Store.open(target) as store:
        assert store.drafts.list() == []
