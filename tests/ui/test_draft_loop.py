"""The composer's part of the loop on a real SQLite workspace: new drafts, moves, reopening."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from composer.core.guide import load_guide
from composer.core.workflow import Action, Role, State
from composer.services.workspace import Workspace, init_workspace
from composer.store.drafts import Span
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

CLEAN = "Thanks for your patience. Your replacement boots ship today."
HELP, DEALS = "@NorthwindHelp", "@NorthwindDeals"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
        store.users.add("bob", [Role.REVIEWER], actor="alice", now=now)
    return ws


def open_window(qtbot: QtBot, settings: SettingsStore, ws: Workspace, user: str) -> MainWindow:
    window = MainWindow(settings, ws, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    return window


def choose(window: MainWindow, handle: str) -> None:
    handles = [a.handle for a in window.account_switcher.accounts]
    window.account_switcher.box.setCurrentIndex(handles.index(handle))


def saved(window: MainWindow) -> bool:
    session = window.draft_session
    assert session is not None
    return session.draft_id is not None and not session.dirty and not session._inflight


def drafts(ws: Workspace, **kw: object) -> list[tuple[int, str, str, str]]:
    with Store.open(ws.database_url) as store:
        return [(d.id, d.account, d.state.value, d.text) for d in store.drafts.list(**kw)]  # type: ignore[arg-type]


def test_ctrl_n_right_after_typing_keeps_each_draft_and_stores_no_empty_one(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    texts = [f"Draft {n}: your replacement boots ship today." for n in range(3)]
    for text in texts:
        qtbot.keyClicks(window.editor, text)
        window.new_action.trigger()  # before the autosave's answer arrives
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: not session._inflight and not session._retiring, timeout=10_000)
    stored = drafts(workspace)
    assert sorted(d[3] for d in stored) == sorted(texts)
    assert all(d[3].strip() for d in stored)
    assert window.editor.toPlainText() == ""


def test_a_draft_whose_text_was_deleted_is_not_kept(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    qtbot.keyClicks(window.editor, CLEAN)
    qtbot.waitUntil(lambda: saved(window), timeout=10_000)
    window.editor.selectAll()
    qtbot.keyClick(window.editor, Qt.Key.Key_Delete)
    window.new_action.trigger()
    qtbot.waitUntil(lambda: drafts(workspace) == [], timeout=10_000)
    assert [d[2] for d in drafts(workspace, state=State.DELETED)] == ["deleted"]


def test_switching_the_account_moves_the_open_draft_and_submission_follows(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    choose(window, HELP)
    qtbot.keyClicks(window.editor, CLEAN)
    qtbot.waitUntil(lambda: saved(window), timeout=10_000)
    session = window.draft_session
    assert session is not None
    draft_id = session.draft_id
    with qtbot.waitSignal(session.moved, timeout=10_000):
        choose(window, DEALS)
    assert drafts(workspace)[0][:2] == (draft_id, DEALS)
    assert window.undo_move_action.isEnabled()
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        window.submit_action.trigger()
    with Store.open(workspace.database_url) as store:
        record = store.drafts.get(draft_id)  # type: ignore[arg-type]
        assert (record.account, record.state) == (DEALS, State.SUBMITTED)
        trail = [(e.action, e.detail) for e in store.audit.list(draft_id=draft_id)]
    assert ("move", f"moved from {HELP} to {DEALS}") in trail


def test_switching_before_the_first_save_lands_still_submits_to_the_account_shown(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    choose(window, HELP)
    qtbot.keyClicks(window.editor, CLEAN)
    session = window.draft_session
    assert session is not None
    session.flush()  # the create is on its way
    choose(window, DEALS)
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        window.submit_action.trigger()
    assert [(d[1], d[2]) for d in drafts(workspace)] == [(DEALS, "submitted")]


def test_a_move_is_checked_for_the_new_account_and_can_be_undone(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    choose(window, DEALS)
    # Urgency is a suggestion on @NorthwindDeals and an error on @NorthwindHelp.
    qtbot.keyClicks(window.editor, "Hurry, the spring boots ship today.")
    qtbot.waitUntil(lambda: saved(window), timeout=10_000)
    session = window.draft_session
    assert session is not None
    draft_id = session.draft_id
    with qtbot.waitSignal(session.moved, timeout=10_000):
        choose(window, HELP)
    with Store.open(workspace.database_url) as store:
        moved = store.drafts.get(draft_id)  # type: ignore[arg-type]
    assert moved.account == HELP and moved.has_errors
    with qtbot.waitSignal(session.moved, timeout=10_000):
        window.undo_move_action.trigger()
    assert window.account_switcher.current_handle() == DEALS
    with Store.open(workspace.database_url) as store:
        back = store.drafts.get(draft_id)  # type: ignore[arg-type]
        actions = [e.action for e in store.audit.list(draft_id=draft_id)]
    assert back.account == DEALS and not back.has_errors
    assert actions.count("move") == 2


def _sent_back(ws: Workspace, text: str = CLEAN) -> tuple[int, int]:
    """A draft by alice that bob sent back with a comment on "replacement boots"."""
    now = datetime.now(UTC)
    with Store.open(ws.database_url) as store:
        d = store.drafts.create(HELP, text, author="alice", findings=(), now=now)
        d = store.drafts.submit(
            d.id, actor="alice", expected_version=d.version, findings=(), now=now
        )
        start = text.index("replacement boots")
        store.drafts.review(
            d.id,
            Action.REQUEST_CHANGES,
            actor="bob",
            expected_version=d.version,
            now=now,
            comment="Say which boots.",
            span=Span(start, start + len("replacement boots")),
        )
    return d.id, start


def test_a_draft_sent_back_is_announced_opened_with_comments_and_resubmitted(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    draft_id, start = _sent_back(workspace)
    window = open_window(qtbot, settings_store, workspace, "alice")
    qtbot.waitUntil(lambda: "asked for changes" in window.banner.label.text(), timeout=10_000)
    assert "Say which boots." in window.banner.label.text()
    window.sent_back_action.trigger()
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: session.draft_id == draft_id, timeout=10_000)
    assert window.editor.toPlainText() == CLEAN
    notes = window.review_notes
    assert notes.count == 1
    assert window.side_tabs.currentWidget() is notes
    words = (start, start + len("replacement boots"), "comment")
    assert words in window.editor.marks()  # the commented words are tinted in the editor
    # The author edits before the anchor: the comment still finds its words.
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, "Update: ")
    notes.list.setCurrentRow(0)
    notes._on_item_activated(notes.list.item(0))
    assert window.editor.textCursor().selectedText() == "replacement boots"
    moved = len("Update: ")
    assert (words[0] + moved, words[1] + moved, "comment") in window.editor.marks()
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        window.submit_action.trigger()
    with Store.open(workspace.database_url) as store:
        record = store.drafts.get(draft_id)
        assert (record.state, record.text_version) == (State.SUBMITTED, 2)
        assert record.text == "Update: " + CLEAN


def test_a_rejected_draft_opens_as_a_copy(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    now = datetime.now(UTC)
    with Store.open(workspace.database_url) as store:
        d = store.drafts.create(HELP, CLEAN, author="alice", findings=(), now=now)
        d = store.drafts.submit(
            d.id, actor="alice", expected_version=d.version, findings=(), now=now
        )
        store.drafts.review(
            d.id, Action.REJECT, actor="bob", expected_version=d.version, now=now, comment="No."
        )
    window = open_window(qtbot, settings_store, workspace, "alice")
    page = window.review_page
    assert page is not None
    mine = page.my_drafts
    qtbot.waitUntil(lambda: mine.proxy.rowCount() == 1, timeout=10_000)
    assert mine.select_draft(d.id)
    assert mine.open_button.text() == "Copy into &New Draft"
    mine.open_button.click()
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: session.draft_id not in {None, d.id}, timeout=10_000)
    assert window.editor.toPlainText() == CLEAN
    assert window.pages.currentWidget() is window.compose_page


def test_opening_the_draft_already_in_the_editor_keeps_what_was_typed(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    qtbot.keyClicks(window.editor, CLEAN)
    qtbot.waitUntil(lambda: saved(window), timeout=10_000)
    session, loop = window.draft_session, window.draft_loop
    assert session is not None and loop is not None
    qtbot.keyClicks(window.editor, " More.")
    with qtbot.waitSignal(loop.opened, timeout=10_000):
        loop.open(session.draft_id)  # type: ignore[arg-type]
    assert window.editor.toPlainText() == CLEAN + " More."
    qtbot.waitUntil(lambda: saved(window), timeout=10_000)
    assert [d[3] for d in drafts(workspace)] == [CLEAN + " More."]


def test_a_draft_emptied_while_its_first_save_is_on_its_way_is_not_kept(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = open_window(qtbot, settings_store, workspace, "alice")
    session = window.draft_session
    assert session is not None
    qtbot.keyClicks(window.editor, CLEAN)
    session.flush()  # the create is on its way
    window.editor.clear()
    window.new_action.trigger()
    qtbot.waitUntil(lambda: not session._retiring, timeout=10_000)
    qtbot.waitUntil(lambda: drafts(workspace) == [], timeout=10_000)
    assert len(drafts(workspace, state=State.DELETED)) == 1


def test_a_refused_move_puts_the_account_back_and_says_why(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    with Store.open(workspace.database_url) as store:
        store.users.add("amy", [Role.AUTHOR], [HELP], actor="alice", now=datetime.now(UTC))
    window = open_window(qtbot, settings_store, workspace, "amy")
    choose(window, HELP)
    qtbot.keyClicks(window.editor, CLEAN)
    qtbot.waitUntil(lambda: saved(window), timeout=10_000)
    session = window.draft_session
    assert session is not None
    with qtbot.waitSignal(session.move_refused, timeout=10_000):
        choose(window, DEALS)
    assert window.account_switcher.current_handle() == HELP
    assert f"The draft stays in {HELP}" in window.banner.label.text()
    assert "may not write drafts for @NorthwindDeals" in window.banner.label.text()
    assert drafts(workspace)[0][1] == HELP
