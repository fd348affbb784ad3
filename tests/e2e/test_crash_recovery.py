"""Crash recovery as the user guide promises: after ``kill -9`` the text comes back, and says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings

from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.store.store import Store
from composer.ui.app import TYPE_TEXT_ENV
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")

TEXT = "Thanks for your patience. Your replacement boots ship today."


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
    return ws


def _saved_text(workspace: Workspace) -> str:
    with Store.open(workspace.database_url) as store:
        drafts = store.drafts.list(author="alice")
        return store.drafts.get(drafts[0].id).text if drafts else ""


def _start_typing_app(workspace: Workspace, tmp_path: Path) -> subprocess.Popen[bytes]:
    """The real app (``brand-composer --user alice``), typing TEXT once it is ready."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "child-config"),
        **{TYPE_TEXT_ENV: TEXT},
    )
    env.pop("BRAND_COMPOSER_SMOKE_TEST", None)
    return subprocess.Popen(
        [sys.executable, "-m", "composer", "--workspace", str(workspace.root), "--user", "alice"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.slow
def test_kill_9_after_an_autosave_brings_the_text_back(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    child = _start_typing_app(workspace, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while _saved_text(workspace) != TEXT:
            assert child.poll() is None, "the app stopped on its own"
            assert time.monotonic() < deadline, "the app never autosaved the typed text"
            time.sleep(0.2)
        # Whatever an autosave does to the journal has happened by now.
        time.sleep(1.5)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)

    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workspace, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.editor.toPlainText() == TEXT, timeout=15_000)
    assert window.banner.isVisible()
    assert "back in the editor" in window.banner.label.text()
    # Editing goes on in the same draft (no second one), and a clean close forgets the journal.
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: not session.dirty and session.draft_id is not None, timeout=10_000)
    with Store.open(workspace.database_url) as store:
        assert len(store.drafts.list(author="alice")) == 1
    window.close()
    with Store.open(workspace.database_url) as store:
        assert store.recovery.pending(user="alice") == []


def test_a_clean_close_offers_nothing_back(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workspace, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    qtbot.keyClicks(window.editor, TEXT)
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: not session.dirty and session.draft_id is not None, timeout=10_000)
    window.close()
    again = MainWindow(settings, workspace, user="alice")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.store_ready, timeout=10_000)
    qtbot.wait(300)
    assert again.editor.toPlainText() == ""
    assert not again.banner.isVisible()


def test_the_session_s_own_journal_is_not_offered_back_as_a_crash(
    qtbot: QtBot, workspace: Workspace
) -> None:
    """Text typed before the store was ready is journalled: that is no crash to recover."""
    from composer.store.records import RecoveryRecord
    from composer.ui.editor.draft_session import DraftSession
    from composer.ui.review.store_client import StoreClient
    from composer.ui.workers import InlineRunner

    client = StoreClient(workspace.database_url, runner=InlineRunner())
    session = DraftSession(client, "alice", text_source=lambda: (TEXT, "@NorthwindHelp", ()))
    offered: list[object] = []
    session.recovered.connect(offered.append)
    now = datetime.now(UTC)
    mine = RecoveryRecord(session.session_key, None, "@NorthwindHelp", "alice", TEXT, None, now)
    crashed = RecoveryRecord("an-earlier-run", 7, "@NorthwindHelp", "alice", "Older.", 2, now)
    client.recovery_loaded.emit([mine])
    assert offered == []
    client.recovery_loaded.emit([mine, crashed])
    assert offered == [crashed]
    client.close()
