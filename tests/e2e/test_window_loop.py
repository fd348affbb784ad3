"""The whole loop in two real windows on one real SQLite workspace, store work on its thread.

The author writes, switches the account and submits; the reviewer, in a second window as a
second user, requests changes with a comment on some words; the author is told, opens the
draft again beside the comment, revises and resubmits; the reviewer sees what changed since
the version they commented on and approves; the post waits in the new account's queue.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QTextCursor

from composer.core.diff import DiffOp
from composer.core.guide import load_guide
from composer.core.workflow import Role, State
from composer.services.workspace import Workspace, init_workspace
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")

FIRST = "Thanks for your patience. Your replacement boots ship today."
REVISED = "Thanks for your patience. Your TrailPro 2 boots ship today."
HELP, DEALS = "@NorthwindHelp", "@NorthwindDeals"


def settings(tmp_path: Path, name: str) -> SettingsStore:
    from PySide6.QtCore import QSettings

    return SettingsStore(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    now = datetime.now(UTC)
    with Store.open(ws.database_url) as store:
        store.users.add("boss", [Role.ADMIN], actor="boss", now=now)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("ann", [Role.AUTHOR], actor="boss", now=now)
        store.users.add("rex", [Role.REVIEWER], actor="boss", now=now)
    return ws


def window_for(qtbot: QtBot, tmp_path: Path, ws: Workspace, user: str) -> MainWindow:
    window = MainWindow(settings(tmp_path, user), ws, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    qtbot.waitUntil(lambda: window.checker is not None, timeout=10_000)
    return window


def choose(window: MainWindow, handle: str) -> None:
    handles = [a.handle for a in window.account_switcher.accounts]
    window.account_switcher.box.setCurrentIndex(handles.index(handle))


def stored(ws: Workspace, draft_id: int):  # type: ignore[no-untyped-def]
    with Store.open(ws.database_url) as store:
        return store.drafts.get(draft_id)


def test_two_people_write_review_revise_approve_and_queue(
    qtbot: QtBot, tmp_path: Path, workspace: Workspace
) -> None:
    # The author writes for @NorthwindHelp, then decides it belongs to @NorthwindDeals.
    ann = window_for(qtbot, tmp_path, workspace, "ann")
    assert ann.windowTitle().startswith("ann")
    session = ann.draft_session
    assert session is not None
    choose(ann, HELP)
    qtbot.keyClicks(ann.editor, FIRST)
    qtbot.waitUntil(lambda: session.draft_id is not None and not session.dirty, timeout=10_000)
    draft_id = session.draft_id
    assert draft_id is not None
    with qtbot.waitSignal(session.moved, timeout=10_000):
        choose(ann, DEALS)
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        ann.submit_action.trigger()
    first = stored(workspace, draft_id)
    assert (first.account, first.state, first.text_version) == (DEALS, State.SUBMITTED, 1)

    # The reviewer, in a second window, asks for changes on "replacement boots".
    rex = window_for(qtbot, tmp_path, workspace, "rex")
    review = rex.review_page
    assert review is not None
    qtbot.waitUntil(lambda: review.inbox.model.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(review.draft_view.loaded, timeout=10_000):
        review.inbox.open_requested.emit(draft_id)
    view = review.draft_view
    start = FIRST.index("replacement boots")
    cursor = view.text_view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len("replacement boots"), QTextCursor.MoveMode.KeepAnchor)
    view.text_view.setTextCursor(cursor)
    assert view.selected_span() == (start, start + len("replacement boots"))
    qtbot.keyClicks(view.comment_box, "Name the boots: which model ships?")
    view.changes_button.click()
    qtbot.waitUntil(
        lambda: stored(workspace, draft_id).state is State.CHANGES_REQUESTED, timeout=10_000
    )

    # The author hears of it (SQLite: the poll sees the other window's write) and opens it.
    qtbot.waitUntil(lambda: "asked for changes" in ann.banner.label.text(), timeout=10_000)
    assert "Name the boots" in ann.banner.label.text()
    ann.sent_back_action.trigger()
    qtbot.waitUntil(lambda: session.draft_id == draft_id, timeout=10_000)
    assert ann.editor.toPlainText() == FIRST
    assert ann.account_switcher.current_handle() == DEALS
    notes = ann.review_notes
    assert notes.count == 1
    comment = notes.detail.comments[0]  # type: ignore[union-attr]
    assert notes.anchor(comment) == (start, start + len("replacement boots"))
    ann.editor.select_span(start, start + len("replacement"))
    qtbot.keyClicks(ann.editor, "TrailPro 2")
    assert ann.editor.toPlainText() == REVISED
    assert notes.anchor(comment) is None  # the commented words were rewritten
    assert not [m for m in ann.editor.marks() if m[2] == "comment"]
    assert "(you have changed these words)" in notes.list.item(0).text()
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        ann.submit_action.trigger()
    again = stored(workspace, draft_id)
    assert (again.state, again.text_version, again.text, again.account) == (
        State.SUBMITTED,
        2,
        REVISED,
        DEALS,
    )

    # The reviewer sees the change against the version they commented on, and approves.
    qtbot.waitUntil(lambda: review.inbox.model.rowCount() == 1, timeout=10_000)
    view.show_draft(draft_id)
    qtbot.waitUntil(
        lambda: view.detail is not None and view.detail.draft.text_version == 2, timeout=10_000
    )
    detail = view.detail
    assert detail is not None and detail.base_version is not None
    assert detail.base_version.number == 1
    assert [s.text for s in detail.diff if s.op is DiffOp.DELETE] == ["replacement"]
    assert [s.text for s in detail.diff if s.op is DiffOp.INSERT] == ["TrailPro 2"]
    assert view.tabs.currentWidget() is view.diff_view
    view.approve_button.click()
    qtbot.waitUntil(lambda: stored(workspace, draft_id).state is State.QUEUED, timeout=10_000)

    with Store.open(workspace.database_url) as store:
        queued = [d.id for d in store.queue.entries(DEALS)]
        assert draft_id in queued
        trail = [e.action for e in store.audit.list(draft_id=draft_id)]
    assert trail[:2] == ["create", "move"]
    assert {"submit", "request_changes", "edit", "approve", "queue"} <= set(trail)
    ann.close()
    rex.close()
