"""Keyboard only, as a person without a mouse: draft, find, fix, submit, then review as another user.

Every key goes to whatever widget has the focus (``QApplication.focusWidget()``), so the test
fails if a step has no keyboard path or leaves the focus somewhere useless.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

DRAFT = "Your Trailpro boots ship today."
FIXED = "Your TrailPro boots ship today."
_NO = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
        store.users.add("bob", [Role.REVIEWER], actor="alice", now=now)
    return ws


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = _NO) -> None:
    qtbot.keyClick(focus(), key, modifiers)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focus(), text)


def open_window(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace, user: str
) -> MainWindow:
    window = MainWindow(settings_store, workspace, user=user)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: window._store_prepared, timeout=10_000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.editor, timeout=5000)
    return window


def test_draft_fix_submit_and_approve_without_a_mouse(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    assert window.welcome.isVisible()  # first run

    # Pick the account: Alt+O focuses the account box, Down picks the second account.
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    assert focus() is window.account_switcher.box
    press(qtbot, Qt.Key.Key_Down)
    assert window.account_switcher.current_handle() == "@NorthwindDeals"

    # Tab reaches the welcome's button (the account sets counting and limit, so they are
    # skipped); Space closes it and puts the focus in the editor.
    press(qtbot, Qt.Key.Key_Tab)
    assert focus() is window.welcome.close_button
    press(qtbot, Qt.Key.Key_Space)
    assert not window.welcome.isVisible()
    assert settings_store.welcome_dismissed
    assert focus() is window.editor

    type_text(qtbot, DRAFT)
    qtbot.waitUntil(
        lambda: any(f.rule == "Vale.Terms" for f in window.controller.visible), timeout=5000
    )
    press(qtbot, Qt.Key.Key_F8)  # jump to the finding: its text is selected
    assert window.editor.textCursor().selectedText() == "Trailpro"
    press(qtbot, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)  # apply its fix
    assert window.editor.toPlainText() == FIXED
    assert not window.controller.visible

    session = window.draft_session
    assert session is not None
    with qtbot.waitSignal(session.submitted, timeout=10_000) as submitted:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    draft_id = submitted.args[0].id
    assert window.editor.toPlainText() == ""  # ready for the next draft
    window.close()

    # The reviewer: Ctrl+2 opens the Review page with the inbox focused.
    reviewer = open_window(qtbot, settings_store, workspace, "bob")
    assert not reviewer.welcome.isVisible()  # dismissed once, remembered
    page = reviewer.review_page
    assert page is not None
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert reviewer.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.inbox.proxy.rowCount() == 1, timeout=10_000)
    qtbot.waitUntil(lambda: focus() is page.inbox.table, timeout=5000)
    press(qtbot, Qt.Key.Key_Return)  # open the draft
    qtbot.waitUntil(
        lambda: page.draft_view.detail is not None and page.draft_view.detail.draft.id == draft_id,
        timeout=10_000,
    )
    assert page.draft_view.approve_button.isEnabled()
    with qtbot.waitSignal(reviewer.store_client.action_done, timeout=10_000):  # type: ignore[union-attr]
        press(
            qtbot,
            Qt.Key.Key_A,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    with Store.open(workspace.database_url) as store:
        (review,) = store.drafts.reviews(draft_id)
        assert (review.reviewer, review.decision) == ("bob", "approve")
        # Approved (and, with a schedule in the guide, already in its queue).
        assert store.drafts.get(draft_id).state in {"approved", "queued"}
        assert store.drafts.get(draft_id).text == FIXED

    # And back to composing with Ctrl+1: the focus lands in the editor.
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert reviewer.pages.currentWidget() is reviewer.compose_page
    assert focus() is reviewer.editor
