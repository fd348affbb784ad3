"""Whole flows through the real window offscreen: compose, autosave, submit, review, recover."""

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

from composer.core.workflow import Role
from composer.services.workspace import init_workspace
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

# No automatic cyclic GC mid-test, as in the app (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")

CLEAN = "Thanks for your patience. Your replacement boots ship today."


@pytest.fixture
def settings_store(tmp_path: Path) -> SettingsStore:
    from PySide6.QtCore import QSettings

    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def workspace(tmp_path: Path):
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
        store.users.add("bob", [Role.REVIEWER], actor="alice", now=now)
    return ws


def open_window(qtbot: QtBot, settings_store: SettingsStore, workspace, user: str) -> MainWindow:
    window = MainWindow(settings_store, workspace, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._store_prepared, timeout=10_000)
    return window


def test_compose_autosave_submit_then_review(
    qtbot: QtBot, settings_store: SettingsStore, workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    window.account_switcher.box.setCurrentIndex(0)  # @NorthwindHelp
    qtbot.keyClicks(window.editor, CLEAN)
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: session.draft_id is not None and not session.dirty, timeout=10_000)
    with Store.open(workspace.database_url) as store:
        saved = store.drafts.get(session.draft_id)
        assert saved.text == CLEAN
        assert saved.author == "alice"

    draft_id = session.draft_id
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        window.submit_action.trigger()
    assert window.editor.toPlainText() == ""
    with Store.open(workspace.database_url) as store:
        assert store.drafts.get(draft_id).state == "submitted"
        assert [e.action for e in store.audit.list(draft_id=draft_id)][-1] in {
            "submit",
            "SUBMIT",
        } or any(str(e.action).endswith("submit") for e in store.audit.list(draft_id=draft_id))
    window.close()

    reviewer = open_window(qtbot, settings_store, workspace, "bob")
    page = reviewer.review_page
    assert page is not None
    qtbot.waitUntil(lambda: page.inbox.model.rowCount() == 1, timeout=10_000)


def test_error_findings_block_submission(
    qtbot: QtBot, settings_store: SettingsStore, workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    qtbot.keyClicks(window.editor, "Our boots are guaranteed to last forever")
    window.submit_action.trigger()
    assert window.banner.isVisible()
    assert "error" in window.banner.label.text()


CHILD = r"""
import sys, time
from pathlib import Path
import composer.ui
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from composer.services.workspace import load_workspace
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

app = QApplication([])
ws = load_workspace(Path(sys.argv[1]))
window = MainWindow(SettingsStore(QSettings(sys.argv[2], QSettings.Format.IniFormat)), ws, user="alice")
window.show()
text = sys.argv[3]
typed = [0]

def type_one():
    if typed[0] < len(text):
        window.editor.insertPlainText(text[typed[0]])
        typed[0] += 1
        print(typed[0], flush=True)

timer = QTimer()
timer.timeout.connect(type_one)
timer.start(20)
app.exec()
"""


@pytest.mark.slow
def test_sigkill_while_typing_loses_at_most_a_second(
    qtbot: QtBot, settings_store: SettingsStore, workspace, tmp_path: Path
) -> None:
    text = "We are on it: a replacement pair of TrailPro boots ships to you today. " * 3
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(workspace.root), str(tmp_path / "child.ini"), text],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    typed = 0
    started = time.monotonic()
    while typed < 120 and time.monotonic() - started < 60:
        line = child.stdout.readline()
        if not line:
            break
        typed = int(line)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    assert typed >= 120, "the child did not type"

    with Store.open(workspace.database_url) as store:
        pending = store.recovery.pending(user="alice")
    drafts_text = ""
    with Store.open(workspace.database_url) as store:
        drafts = store.drafts.list()
        if drafts:
            drafts_text = store.drafts.get(drafts[0].id).text
    recovered = max([p.text for p in pending] + [drafts_text], key=len)
    assert text.startswith(recovered)
    # At most one second of typing (50 characters at 20 ms each) may be lost.
    assert len(recovered) >= typed - 50, (len(recovered), typed)

    # The next start offers the journalled text back in the editor.
    window = open_window(qtbot, settings_store, workspace, "alice")
    if pending:
        qtbot.waitUntil(lambda: window.editor.toPlainText() != "", timeout=10_000)
        assert text.startswith(window.editor.toPlainText())
        assert window.banner.isVisible()


def test_window_expires_late_drafts_and_warns_of_near_ones(
    qtbot: QtBot, settings_store: SettingsStore, workspace
) -> None:
    from datetime import timedelta

    from composer.core.guide import load_guide
    from composer.store.records import account_specs

    then = datetime.now(UTC) - timedelta(minutes=30)
    with Store.open(workspace.database_url) as store:
        store.accounts.sync(account_specs(load_guide(workspace.guide_path)), now=then)
        late = store.drafts.create(
            "@NorthwindHelp",
            CLEAN,
            author="alice",
            findings=(),
            now=then,
            scheduled_at=then + timedelta(minutes=5),
        )
        store.drafts.submit(
            late.id, actor="alice", expected_version=late.version, findings=(), now=then
        )
        soon = store.drafts.create(
            "@NorthwindHelp",
            CLEAN + " Again.",
            author="alice",
            findings=(),
            now=then,
            scheduled_at=datetime.now(UTC) + timedelta(minutes=20),
        )
        store.drafts.submit(
            soon.id, actor="alice", expected_version=soon.version, findings=(), now=then
        )
    window = open_window(qtbot, settings_store, workspace, "alice")
    qtbot.waitUntil(lambda: "expires in" in window.banner.label.text(), timeout=10_000)
    with Store.open(workspace.database_url) as store:
        assert store.drafts.get(late.id).state == "expired"
        assert store.drafts.get(soon.id).state == "submitted"
