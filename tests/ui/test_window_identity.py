"""Who and where: ``--user`` reaches the window, and its title says who acts in which workspace."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings

from composer.core.errors import KnownError
from composer.core.guide import load_guide
from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.app import window_user
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

TEXT = "Thanks for your patience. Your replacement boots ship today."


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """alice writes, dana reviews; one of alice's drafts waits for review."""
    ws = init_workspace(tmp_path / "northwind", example=True)
    now = datetime.now(UTC)
    with Store.open(ws.database_url) as store:
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
        store.users.add("dana", [Role.REVIEWER], actor="alice", now=now)
        draft = store.drafts.create("@NorthwindHelp", TEXT, author="alice", findings=(), now=now)
        store.drafts.submit(
            draft.id, actor="alice", expected_version=draft.version, findings=(), now=now
        )
    return ws


def open_window(qtbot: QtBot, tmp_path: Path, ws: Workspace, user: str) -> MainWindow:
    settings = SettingsStore(QSettings(str(tmp_path / f"{user}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ws, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    return window


def test_the_window_acts_as_the_given_user(
    qtbot: QtBot, tmp_path: Path, workspace: Workspace
) -> None:
    dana = open_window(qtbot, tmp_path, workspace, "dana")
    assert dana.windowTitle().startswith("dana · ")
    assert "northwind" in dana.windowTitle()
    page = dana.review_page
    assert page is not None
    qtbot.waitUntil(lambda: page.inbox.model.rowCount() == 1, timeout=10_000)
    item = page.inbox.model.item(0)
    assert item is not None and item.draft.text == TEXT and item.can_act
    dana.close()

    # alice wrote it: it is not in her inbox.
    alice = open_window(qtbot, tmp_path, workspace, "alice")
    assert alice.windowTitle().startswith("alice · ")
    page = alice.review_page
    assert page is not None
    qtbot.wait(300)
    assert all(
        not (i := page.inbox.model.item(r)) or not i.can_act
        for r in range(page.inbox.model.rowCount())
    )


def test_the_command_line_passes_user_to_the_window(tmp_path: Path, workspace: Workspace) -> None:
    """``brand-composer --user dana`` with no command opens the window as dana."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        BRAND_COMPOSER_SMOKE_TEST="1",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "composer", "--workspace", str(workspace.root), "--user", "dana"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "window: dana · " in done.stdout


def test_team_mode_refuses_user_and_names_the_login_and_server() -> None:
    team = Workspace(
        root=Path("/srv/ws"),
        guide_path=Path("/srv/ws/brand-guide.yml"),
        database_url="postgresql+psycopg://erin:secret@db.example.org:5433/northwind",
    )
    assert window_user(team, None) == "erin"
    with pytest.raises(KnownError, match="--user is refused on PostgreSQL"):
        window_user(team, "dana")
    assert team.database_server == "db.example.org:5433/northwind"
    assert "secret" not in team.database_server


def test_user_differing_only_by_case_acts_under_the_stored_spelling(
    qtbot: QtBot, tmp_path: Path, workspace: Workspace
) -> None:
    assert window_user(workspace, "DANA") == "dana"
    assert window_user(workspace, "Dana") == "dana"
    assert window_user(workspace, "newcomer") == "newcomer"  # no such user yet: as typed
    dana = open_window(qtbot, tmp_path, workspace, window_user(workspace, "Dana") or "")
    assert dana.windowTitle().startswith("dana · ")


def test_user_spelling_on_a_missing_or_damaged_database_is_as_typed(tmp_path: Path) -> None:
    missing = Workspace(
        root=tmp_path, guide_path=tmp_path / "g.yml", database_url=f"sqlite:///{tmp_path}/no.db"
    )
    assert window_user(missing, "Ann") == "Ann"
    (tmp_path / "bad.db").write_bytes(b"not a database at all" * 100)
    damaged = Workspace(
        root=tmp_path, guide_path=tmp_path / "g.yml", database_url=f"sqlite:///{tmp_path}/bad.db"
    )
    assert window_user(damaged, "Ann") == "Ann"
