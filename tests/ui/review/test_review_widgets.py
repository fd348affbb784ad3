"""The review widgets over a real SQLite store, operations run inline."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from review_seed import NOW, T0, submitted

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor

from composer.core.workflow import Action, State
from composer.store.store import Store
from composer.ui.review.draft_view import DraftView
from composer.ui.review.drafts_model import DraftColumn
from composer.ui.review.drafts_view import DraftsView
from composer.ui.review.inbox_model import InboxColumn, InboxShow
from composer.ui.review.review_inbox import ReviewInbox
from composer.ui.review.review_page import ReviewPage
from composer.ui.review.store_client import StoreClient


@pytest.fixture
def page(qtbot: QtBot, client: StoreClient) -> ReviewPage:
    made = ReviewPage(client, "ria")
    qtbot.addWidget(made)
    made.show()
    return made


def _cell(model, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)))


def test_drafts_list_shows_drafts_and_filters_by_account(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    help_draft = submitted(store, "Maybe the app is back.")
    store.drafts.create("@Alerts", "Storm warning tonight.", author="ann", findings=(), now=T0)
    view = DraftsView(client)
    qtbot.addWidget(view)
    view.refresh()
    model = view.model
    assert model.rowCount() == 2
    # newest first: the @Alerts draft, then the submitted @Help one
    assert _cell(model, 1, DraftColumn.STATE) == "submitted"
    assert _cell(model, 1, DraftColumn.ACCOUNT) == "@Help"
    assert _cell(model, 1, DraftColumn.FINDINGS) == "1"
    assert _cell(model, 1, DraftColumn.AUTHOR) == "ann"
    assert float(_cell(model, 1, DraftColumn.SCORE)) < 100
    assert _cell(model, 0, DraftColumn.SCORE) == "100"
    assert [view.account_combo.itemData(i) for i in range(view.account_combo.count())] == [
        "",
        "@Alerts",
        "@Help",
    ]
    view.account_combo.setCurrentIndex(view.account_combo.findData("@Help"))
    assert model.rowCount() == 1
    assert model.draft_row(0).draft.id == help_draft.id
    opened: list[int] = []
    view.open_requested.connect(opened.append)
    view.table.setCurrentIndex(view.proxy.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened == [help_draft.id]


def test_lazy_drafts_model_fetches_more_on_scroll(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    for n in range(250):
        store.drafts.create("@Help", f"Draft number {n}", author="ann", findings=(), now=T0)
    view = DraftsView(client)
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.refresh()
    model = view.model
    assert model.rowCount() == 100
    assert model.canFetchMore()
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=3000)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 250, timeout=3000)
    assert not model.canFetchMore()
    assert _cell(model, 249, DraftColumn.TEXT) == "Draft number 0"


def test_inbox_shows_submitted_draft_to_reviewer_not_author(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    draft = submitted(store)
    reviewer = ReviewInbox(client, "ria")
    author = ReviewInbox(client, "ann")
    qtbot.addWidget(reviewer)
    qtbot.addWidget(author)
    with qtbot.waitSignal(reviewer.count_changed, check_params_cb=lambda n: n == 1):
        reviewer.refresh()
    author.refresh()
    assert author.proxy.rowCount() == 0
    assert reviewer.proxy.rowCount() == 1
    item = reviewer.current_item()
    assert item is not None and item.draft.id == draft.id
    model = reviewer.model
    waiting = model.index(0, InboxColumn.WAITING)
    assert model.data(waiting) == "30 min — overdue"  # target 15 min
    font = model.data(waiting, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert model.data(model.index(0, InboxColumn.REASON)) == "the hedge is honest here"
    reviewer.show_combo.setCurrentIndex(reviewer.show_combo.findData(InboxShow.OVERDUE))
    assert reviewer.proxy.rowCount() == 1
    reviewer.account_combo.addItem("@Alerts", "@Alerts")
    reviewer.account_combo.setCurrentIndex(reviewer.account_combo.findData("@Alerts"))
    assert reviewer.proxy.rowCount() == 0


def test_inbox_keyboard_moves_opens_and_approves(
    qtbot: QtBot, page: ReviewPage, store: Store
) -> None:
    first = submitted(store, "First waiting draft.")
    second = submitted(store, "Second waiting draft.")
    page.refresh()
    assert page.tabs.tabText(page.tabs.indexOf(page.inbox)) == "Review (2)"
    table = page.inbox.table
    table.setFocus()
    assert page.inbox.current_item().draft.id == first.id
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert page.inbox.current_item().draft.id == second.id
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert page.draft_view.detail is not None
    assert page.draft_view.detail.draft.id == second.id
    qtbot.keyClick(table, Qt.Key.Key_A)
    assert store.drafts.get(second.id).state is State.APPROVED
    assert page.tabs.tabText(page.tabs.indexOf(page.inbox)) == "Review (1)"
    qtbot.keyClick(table, Qt.Key.Key_R)
    assert page.draft_view.detail.draft.id == first.id
    assert "What should change" in page.draft_view.comment_box.placeholderText()


def test_approve_from_draft_view_changes_state_and_audit_shows_it(
    qtbot: QtBot, page: ReviewPage, store: Store
) -> None:
    draft = submitted(store)
    page.refresh()
    page.open_draft(draft.id)
    view = page.draft_view
    assert view.reason.text().endswith("the hedge is honest here")
    assert "overdue" in view.clock.text()
    assert view.findings_model.rowCount() == 1
    assert view.approve_button.isEnabled()
    qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
    assert store.drafts.get(draft.id).state is State.APPROVED
    assert view.detail.draft.state is State.APPROVED
    assert not view.approve_button.isEnabled()  # nothing left to decide
    page.audit.show_draft(draft.id)
    actions = [page.audit.model.audit_event(r).action for r in range(page.audit.model.rowCount())]
    assert actions[0] == "approve"  # newest first
    assert page.audit.model.audit_event(0).actor == "ria"


def test_author_sees_no_decision_buttons(qtbot: QtBot, client: StoreClient, store: Store) -> None:
    draft = submitted(store)
    view = DraftView(client, "ann")
    qtbot.addWidget(view)
    view.show_draft(draft.id)
    assert view.detail is not None
    assert not view.approve_button.isEnabled()
    assert not view.changes_button.isEnabled()
    assert not view.reject_button.isEnabled()


def test_request_changes_without_comment_is_refused_with_a_message(
    qtbot: QtBot, page: ReviewPage, store: Store
) -> None:
    draft = submitted(store)
    page.open_draft(draft.id)
    qtbot.mouseClick(page.draft_view.changes_button, Qt.MouseButton.LeftButton)
    assert page.banner.isVisibleTo(page)
    assert "needs a comment" in page.banner.label.text()
    assert store.drafts.get(draft.id).state is State.SUBMITTED
    page.draft_view.comment_box.setPlainText("Please say when it was fixed.")
    qtbot.mouseClick(page.draft_view.changes_button, Qt.MouseButton.LeftButton)
    assert store.drafts.get(draft.id).state is State.CHANGES_REQUESTED
    assert page.draft_view.comment_box.toPlainText() == ""
    assert "Please say when it was fixed." in page.draft_view.thread_view.toPlainText()


def test_conflict_message_when_draft_changed_underneath(
    qtbot: QtBot, page: ReviewPage, store: Store
) -> None:
    draft = submitted(store)
    page.open_draft(draft.id)
    # rex rejects it from another machine while ria looks at it
    store.drafts.review(
        draft.id, Action.REJECT, actor="rex", expected_version=draft.version, now=NOW
    )
    qtbot.mouseClick(page.draft_view.approve_button, Qt.MouseButton.LeftButton)
    assert "changed by someone else" in page.banner.label.text()
    assert store.drafts.get(draft.id).state is State.REJECTED


def test_comment_anchored_to_selected_words_is_quoted(
    qtbot: QtBot, page: ReviewPage, store: Store
) -> None:
    text = "🎉 Maybe we fixed the outage today."
    draft = submitted(store, text)
    page.open_draft(draft.id)
    view = page.draft_view
    start = text.index("fixed")
    cursor = view.text_view.textCursor()
    cursor.setPosition(start + 1)  # the emoji takes two UTF-16 units in Qt
    cursor.setPosition(start + 1 + len("fixed the outage"), QTextCursor.MoveMode.KeepAnchor)
    view.text_view.setTextCursor(cursor)
    assert view.selected_span() == (start, start + len("fixed the outage"))
    assert "fixed the outage" in view.anchor.text()
    view.comment_box.setPlainText("Which outage?")
    qtbot.mouseClick(view.comment_button, Qt.MouseButton.LeftButton)
    (comment,) = store.drafts.comments(draft.id)
    assert (comment.span_start, comment.span_end) == (start, start + len("fixed the outage"))
    thread = view.thread_view.toPlainText()
    assert "“fixed the outage”" in thread
    assert "Which outage?" in thread


def test_draft_view_shows_diff_since_last_review(
    qtbot: QtBot, page: ReviewPage, store: Store
) -> None:
    draft = submitted(store, "We fixed the outage.", warnings=False)
    asked = store.drafts.review(
        draft.id,
        Action.REQUEST_CHANGES,
        actor="ria",
        expected_version=draft.version,
        now=NOW,
        comment="when?",
    )
    edited = store.drafts.save_text(
        draft.id,
        "We fixed the outage at 9:40.",
        expected_version=asked.version,
        actor="ann",
        findings=(),
        now=NOW,
    )
    store.drafts.submit(
        draft.id, actor="ann", expected_version=edited.version, findings=(), now=NOW
    )
    page.open_draft(draft.id)
    view = page.draft_view
    assert view.tabs.tabText(1) == "Changes since v1"
    html = view.diff_view.toHtml()
    assert "text-decoration: underline" in html  # the inserted words
    assert "line-through" not in html  # nothing was removed
    assert "We fixed the outage at 9:40." in view.diff_view.toPlainText()


def test_page_with_real_worker_thread(qtbot: QtBot, store: Store, db_url: str) -> None:
    draft = submitted(store)
    client = StoreClient(db_url, now=lambda: NOW)
    page = ReviewPage(client, "ria")
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.inbox.count_changed, timeout=5000):
        page.refresh()
    qtbot.waitUntil(
        lambda: page.tabs.tabText(page.tabs.indexOf(page.inbox)) == "Review (1)", timeout=5000
    )
    with qtbot.waitSignal(page.draft_view.loaded, timeout=5000):
        page.open_draft(draft.id)
    qtbot.mouseClick(page.draft_view.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.tabs.tabText(page.tabs.indexOf(page.inbox)) == "Review", timeout=5000
    )
    qtbot.waitUntil(lambda: not page.draft_view.approve_button.isEnabled(), timeout=5000)
    client.close()
    assert store.drafts.get(draft.id).state is State.APPROVED
