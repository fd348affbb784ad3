"""The queue page over a real SQLite store (operations inline): list, reorder, pin, pause,
history with retry and confirmation, approvals flowing in, and a 10,000-entry model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot
from queue_seed import DEALS, EVENTS, HELP, NOW, TOKYO, published_outcome, queued, submitted

from PySide6.QtCore import QModelIndex, QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest

from composer.core.guide.model import Guide
from composer.core.workflow import State
from composer.store.records import DraftRecord
from composer.store.store import Store
from composer.ui.queue.history_model import HistoryColumn
from composer.ui.queue.pin_dialog import PinDialog
from composer.ui.queue.queue_model import QueueColumn, QueueModel, QueueRole
from composer.ui.queue.queue_page import QueuePage
from composer.ui.queue.week_view import WeekView
from composer.ui.review.review_page import ReviewPage
from composer.ui.review.store_client import StoreClient
from composer.ui.workers import InlineRunner

LONDON = ZoneInfo("Europe/London")


def cells(model: QueueModel, column: int) -> list[str]:
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def ids(model: QueueModel) -> list[int]:
    found = [model.record(r) for r in range(model.rowCount())]
    return [r.id for r in found if r is not None]


def selected(page: QueuePage) -> int:
    record = page.list.current_record()
    assert record is not None
    return record.id


def week_count(view: WeekView) -> int:
    return len(view.blocks)


def order(store: Store, account: str = HELP) -> list[int]:
    return [e.id for e in store.queue.entries(account)]


def test_list_shows_queued_posts_in_account_and_local_time(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    a, b = queued(store, guide, "Your replacement boots ship today.", "Stores open at nine.")
    (deal,) = queued(store, guide, "Tents 20% off this weekend. #ad", account=DEALS)
    page.refresh()
    model = page.model
    assert ids(model) == [a, b, deal]
    whens = dict(zip(ids(model), cells(model, 0), strict=True))
    # London in winter is GMT; Tokyo is 9 hours ahead; Los Angeles 8 hours behind UTC.
    assert whens[a] == "Mon 2 Mar 13:00 GMT · 22:00 your time"
    assert whens[b] == "Tue 3 Mar 09:00 GMT · 18:00 your time"
    assert whens[deal] == "Tue 3 Mar 10:30 PST · Wed 03:30 your time"
    assert set(cells(model, QueueColumn.ACCOUNT)) == {HELP, DEALS}
    text_index = model.index(model.row_of(deal), QueueColumn.TEXT)
    assert model.data(text_index, Qt.ItemDataRole.ToolTipRole) == "Tents 20% off this weekend. #ad"
    assert page.tabs.tabText(page.tabs.indexOf(page.list)) == "Lis&t (3)"
    assert not page.list.stack.showing_message

    # One account at a time; an account with nothing queued says how posts get there.
    page.toolbar.account_combo.setCurrentIndex(page.toolbar.account_combo.findData(DEALS))
    assert ids(model) == [deal]
    page.toolbar.account_combo.setCurrentIndex(page.toolbar.account_combo.findData(EVENTS))
    assert model.rowCount() == 0
    assert page.list.stack.currentWidget() is page.list.stack.message
    assert page.list.stack.message.text() == (
        "Approved drafts appear here at their account's next free slot."
    )


def test_drop_reorders_the_accounts_queue_in_the_store(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    a, b, c = queued(store, guide, "one", "two", "three")
    page.refresh()
    model = page.model
    # Drag the third post onto the top of the list (what the view does on a drop).
    data = model.mimeData([model.index(model.row_of(c), 0)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert order(store) == [c, a, b]
    assert store.drafts.get(c).scheduled_at == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    # The list shows the store's new order, the moved post still selected.
    assert ids(model) == [c, a, b]
    assert selected(page) == c
    assert "reordered" in page.status.text()
    # Dropped past the end: last.
    data = model.mimeData([model.index(model.row_of(c), 0)])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert order(store) == [a, b, c]


def test_alt_down_and_alt_up_move_the_selected_post(
    qtbot: QtBot, page: QueuePage, store: Store, guide: Guide
) -> None:
    a, b, c = queued(store, guide, "one", "two", "three")
    page.refresh()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.list.select_draft(a)
    page.list.table.setFocus()
    QTest.keyClick(page.list.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert order(store) == [b, a, c]
    assert selected(page) == a
    QTest.keyClick(page.list.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert order(store) == [b, c, a]
    QTest.keyClick(page.list.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert order(store) == [b, a, c]
    # Post next (Alt+Home) and remove (Delete) act on the selection too.
    page.list.select_draft(c)
    QTest.keyClick(page.list.table, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert order(store) == [c, b, a]
    page.list.select_draft(b)
    QTest.keyClick(page.list.table, Qt.Key.Key_Delete)
    assert order(store) == [c, a]
    assert store.drafts.get(b).state is State.APPROVED


def test_pin_through_the_dialog_in_the_accounts_zone(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    a, b = queued(store, guide, "one", "two")
    page.refresh()
    dialog = page.pin_dialog(b)
    assert dialog is not None
    # The field shows the post's time on London's clock.
    assert dialog.edit.dateTime().time().hour() == 9
    assert dialog.chosen() == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    # The clocks skip 01:00-02:00 in London on 29 March: that time is refused.
    dialog.edit.setDateTime(dialog.edit.dateTime().addDays(26).addSecs(-8 * 3600 + 1800))
    assert dialog.chosen() is None
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert "does not exist" in dialog.echo.text()
    # A summer time: 15:00 BST is 14:00 UTC.
    target = datetime(2026, 4, 1, 15, 0, tzinfo=LONDON)
    dialog.set_chosen(target)
    assert dialog.chosen() == datetime(2026, 4, 1, 14, 0, tzinfo=UTC)
    assert dialog.echo.text() == "Wed 1 Apr 15:00 BST · 23:00 your time"
    dialog.accept()
    record = store.drafts.get(b)
    assert record.pinned
    assert record.scheduled_at == datetime(2026, 4, 1, 14, 0, tzinfo=UTC)
    row = page.model.row_of(b)
    assert page.model.data(page.model.index(row, QueueColumn.WHEN), Qt.ItemDataRole.DecorationRole)
    assert page.model.data(page.model.index(row, QueueColumn.STATE)) == "queued, pinned"
    assert "pinned to Wed 1 Apr 15:00 BST" in page.status.text()
    # Unpin is offered for the pinned post only.
    page.list.select_draft(b)
    assert page.list.unpin_button.isEnabled()
    page.list.unpin_button.click()
    assert not store.drafts.get(b).pinned
    page.list.select_draft(a)
    assert not page.list.unpin_button.isEnabled()


def test_ctrl_p_opens_the_pin_dialog_for_the_selected_post(
    qtbot: QtBot, page: QueuePage, store: Store, guide: Guide
) -> None:
    (a,) = queued(store, guide, "one")
    page.refresh()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.list.select_draft(a)
    page.list.table.setFocus()
    QTest.keyClick(page.list.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = page.findChild(PinDialog)
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.record.id == a
    dialog.set_chosen(datetime(2026, 3, 4, 16, 45, tzinfo=LONDON))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert store.drafts.get(a).scheduled_at == datetime(2026, 3, 4, 16, 45, tzinfo=UTC)


def test_an_unreadable_database_is_one_sentence_and_no_retry_loop(
    qtbot: QtBot, tmp_path: Path, guide: Guide
) -> None:
    client = StoreClient(f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}", runner=InlineRunner())
    page = QueuePage(client, "rex")
    qtbot.addWidget(page)
    loads: list[int] = []
    page.queue_client.failed.connect(lambda _m: loads.append(1))
    page.show()
    assert loads == [1]
    assert page.banner.isVisible()
    assert "folder does not exist" in page.banner.label.text()
    client.close()


def test_pin_in_the_past_is_refused_with_a_sentence(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    (a,) = queued(store, guide, "one")
    page.refresh()
    page.queue_client.pin(a, NOW - timedelta(hours=1))
    assert page.banner.isVisible()
    assert "has passed" in page.banner.label.text()
    assert not store.drafts.get(a).pinned


def test_crisis_switch_shows_the_banner_and_stops_every_queue(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    queued(store, guide, "one")
    page.refresh()
    assert not page.crisis_banner.isVisible()
    page.toolbar.pause_all_button.click()
    assert store.queue.pause_state().all
    assert page.crisis_banner.isVisible()
    assert page.crisis_label.text() == "Every queue is paused: nothing will be published"
    assert page.toolbar.pause_all_button.isChecked()
    assert page.model.data(page.model.index(0, QueueColumn.STATE)) == "queued (paused)"
    # Nothing is due while the switch is on.
    assert store.queue.due(NOW + timedelta(days=30)) == []
    page.toolbar.pause_all_button.click()  # Resume All asks for crisis words first
    assert page.resume_all_dialog is not None
    page.resume_all_dialog.accept()
    assert not store.queue.pause_state().all
    assert not page.crisis_banner.isVisible()
    assert not page.toolbar.pause_all_button.isChecked()


def test_one_account_pauses_alone(page: QueuePage, store: Store, guide: Guide) -> None:
    queued(store, guide, "one")
    page.refresh()
    assert not page.toolbar.pause_account_button.isEnabled()  # "All accounts" is selected
    page.toolbar.account_combo.setCurrentIndex(page.toolbar.account_combo.findData(HELP))
    assert page.toolbar.pause_account_button.isEnabled()
    page.toolbar.pause_account_button.click()
    state = store.queue.pause_state()
    assert state.paused(HELP)
    assert not state.paused(DEALS)
    assert not page.crisis_banner.isVisible()
    assert page.toolbar.account_combo.currentText() == f"{HELP} (paused)"
    assert page.toolbar.pause_account_button.text() == "Resume This &Account"
    page.toolbar.pause_account_button.click()
    assert not store.queue.pause_state().paused(HELP)


def test_an_author_may_not_flip_the_switch(
    make_page: Callable[[str], QueuePage], store: Store
) -> None:
    page = make_page("ann")
    page.toolbar.pause_all_button.click()
    assert not store.queue.pause_state().all
    assert page.banner.isVisible()
    assert "reviewers and admins run queues" in page.banner.label.text()
    assert not page.toolbar.pause_all_button.isChecked()  # shows what the store holds
    assert not page.crisis_banner.isVisible()


def test_history_shows_failed_posts_and_retry_queues_them_again(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    a, b = queued(store, guide, "one", "two")
    published_outcome(store, a, "published", post_ids=("1890000000000000001",))
    published_outcome(store, b, "failed", error="X refused it: 403 duplicate content")
    page.refresh()
    history = page.history_model
    assert history.rowCount() == 2
    failed_row, published_row = history.row_of(b), history.row_of(a)
    assert history.data(history.index(failed_row, HistoryColumn.OUTCOME)) == "failed"
    assert history.data(history.index(failed_row, HistoryColumn.DETAIL)) == (
        "X refused it: 403 duplicate content"
    )
    assert history.data(history.index(published_row, HistoryColumn.DETAIL)) == (
        "https://x.com/i/web/status/1890000000000000001"
    )
    page.tabs.setCurrentWidget(page.history)
    page.history.select_draft(a)
    assert not page.history.retry_button.isEnabled()
    assert page.history.open_button.isEnabled()
    page.history.select_draft(b)
    assert page.history.retry_button.isEnabled()
    assert not page.history.open_button.isEnabled()
    page.history.retry_button.click()
    record = store.drafts.get(b)
    assert record.state is State.QUEUED
    assert page.model.row_of(b) >= 0
    assert page.history_model.row_of(b) == -1
    assert "queued again" in page.status.text()


class _Browser(QObject):
    """Stands in for the web browser: records the addresses it is asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def test_enter_on_a_published_post_opens_it_on_x(
    qtbot: QtBot, page: QueuePage, store: Store, guide: Guide
) -> None:
    (a,) = queued(store, guide, "one")
    published_outcome(store, a, "published", post_ids=("1890000000000000001",))
    page.refresh()
    browser = _Browser()
    # PySide6 6.12 wants the method name as str at run time; its stub says bytes.
    QDesktopServices.setUrlHandler("https", browser, "open")  # type: ignore[arg-type]
    try:
        page.tabs.setCurrentWidget(page.history)
        page.history.select_draft(a)
        QTest.keyClick(page.history.table, Qt.Key.Key_Return)
    finally:
        QDesktopServices.unsetUrlHandler("https")
    assert browser.opened == ["https://x.com/i/web/status/1890000000000000001"]


def test_posts_waiting_for_a_person_stand_out_and_are_confirmed(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    a, b = queued(store, guide, "one", "two")
    published_outcome(store, a, "unknown", error="the connection dropped after sending")
    published_outcome(store, b, "unknown", error="the connection dropped after sending")
    page.refresh()
    assert page.confirm_banner.isVisible()
    assert page.confirm_label.text().startswith("2 post(s) may or may not be on X")
    assert page.tabs.tabText(page.tabs.indexOf(page.history)) == "Histor&y (2 to check)"
    row = page.model.row_of(a)
    assert page.model.data(page.model.index(row, QueueColumn.STATE)) == "outcome unknown: check X"
    assert not page.model.data(page.model.index(row, 0), QueueRole.MOVABLE)
    page.confirm_button.click()
    assert page.tabs.currentWidget() is page.history
    current = page.history.current_record()
    assert current is not None
    assert current.needs_confirmation
    assert page.history.published_button.isEnabled()
    assert not page.history.retry_button.isEnabled()

    dialog = page.confirm_dialog(a, True)
    assert dialog is not None
    assert not dialog.ok_button.isEnabled()
    dialog.post_edit.setText("not a post")
    assert not dialog.ok_button.isEnabled()
    assert "Not a post on X" in dialog.problem.text()
    dialog.post_edit.setText("https://x.com/NorthwindHelp/status/1890000000000000042?s=20")
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    record = store.drafts.get(a)
    assert record.state is State.PUBLISHED
    assert record.post_id == "1890000000000000042"

    dialog = page.confirm_dialog(b, False)
    assert dialog is not None
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert store.drafts.get(b).state is State.FAILED
    assert not page.confirm_banner.isVisible()
    assert page.tabs.tabText(page.tabs.indexOf(page.history)) == "Histor&y"


def test_approving_in_the_review_page_puts_the_draft_in_the_queue_page(
    qtbot: QtBot, page: QueuePage, client: StoreClient, store: Store
) -> None:
    draft = submitted(store, "Thanks for your patience. Your replacement boots ship today.")
    review = ReviewPage(client, "rex")
    qtbot.addWidget(review)
    review.show()
    review.refresh()
    review.inbox.approve_current()
    record = store.drafts.get(draft.id)
    assert record.state is State.QUEUED
    assert record.scheduled_at == datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    # The queue page heard the change and reloaded.
    assert page.model.row_of(draft.id) == 0
    assert page.status.text().startswith(f"Draft {draft.id}: queued for Mon 02 Mar 13:00 GMT")
    assert not review.banner.isVisible()


def test_an_approval_that_cannot_be_queued_says_why_in_the_review_page(
    qtbot: QtBot, page: QueuePage, client: StoreClient, store: Store
) -> None:
    store.queue.set_paused(None, paused=True, actor="boss", now=NOW)
    draft = submitted(store, "Thanks for your patience. Your replacement boots ship today.")
    review = ReviewPage(client, "rex")
    qtbot.addWidget(review)
    review.show()
    review.refresh()
    review.inbox.approve_current()
    assert store.drafts.get(draft.id).state is State.APPROVED
    assert review.banner.isVisible()
    assert "approved, not queued" in review.banner.label.text()
    assert "paused" in review.banner.label.text()
    assert page.model.row_of(draft.id) == -1


def _records(count: int, accounts: tuple[str, ...]) -> list[DraftRecord]:
    start = NOW + timedelta(hours=1)
    return [
        DraftRecord(
            id=n + 1,
            account=accounts[n % len(accounts)],
            author="ann",
            state=State.QUEUED,
            version=3,
            text=f"Post number {n}: trail news and a tip for the weekend.",
            text_version=1,
            content_hash="",
            has_errors=False,
            step=0,
            approvals=(),
            approved_text_version=1,
            warning_reason="",
            scheduled_at=start + timedelta(minutes=7 * n),
            submitted_at=NOW,
            state_changed_at=NOW,
            post_id=None,
            created_at=NOW,
            updated_at=NOW,
            pinned=n % 50 == 0,
        )
        for n in range(count)
    ]


def test_ten_thousand_entries_populate_the_list_and_the_week(
    qtbot: QtBot, page: QueuePage, guide: Guide
) -> None:
    accounts = (HELP, DEALS, EVENTS)
    records = _records(10_000, accounts)
    zones = {h: ZoneInfo(guide.account(h).schedule.timezone) for h in accounts}  # type: ignore[union-attr]
    page.model.set_entries(records, zones=zones, local_zone=TOKYO)
    assert page.model.rowCount() == 10_000
    last = page.model.index(9_999, QueueColumn.WHEN)
    assert "your time" in str(page.model.data(last))
    assert page.model.row_of(10_000) == 9_999
    page.list.show_empty("unused")
    assert not page.list.stack.showing_message
    assert not page.list.grab().isNull()
    # The week view paints only the week's posts: 7 minutes apart, 1,440 fall in one week.
    week = WeekView(page.model)
    qtbot.addWidget(week)
    week.resize(900, 600)
    week.set_week(NOW.date())
    assert 1_300 < len(week.blocks) <= 1_440
    assert not week.grab().isNull()
    # Too many to sit side by side: as many lanes as fit are drawn, the rest counted.
    drawn = [b for b in week.blocks if not week.block_rect(b).isEmpty()]
    assert 0 < len(drawn) < len(week.blocks)
    # 10,000 posts 7 minutes apart last seven weeks: the sixth is full, the ninth empty.
    week.shift_week(5)
    assert 1_300 < len(week.blocks) <= 1_440
    week.shift_week(3)
    assert week.blocks == ()


def test_week_view_places_posts_in_account_or_local_time(
    qtbot: QtBot, page: QueuePage, store: Store, guide: Guide
) -> None:
    (a,) = queued(store, guide, "one")  # Mon 13:00 London = Mon 22:00 Tokyo
    (deal,) = queued(store, guide, "Tents on sale. #ad", account=DEALS)  # Tue 10:30 LA
    page.refresh()
    page.tabs.setCurrentWidget(page.week)
    view = page.week.view
    assert view.monday == NOW.date()
    placed = {b.record.id: (b.day, b.minute) for b in view.blocks}
    assert placed == {a: (0, 13 * 60), deal: (1, 10 * 60 + 30)}
    page.week.local_check.setChecked(True)
    placed = {b.record.id: (b.day, b.minute) for b in view.blocks}
    assert placed == {a: (0, 22 * 60), deal: (2, 3 * 60 + 30)}
    assert "your local time" in page.week.title.text()
    page.week.next_button.click()
    assert week_count(view) == 0
    page.week.today_button.click()
    assert week_count(view) == 2
    # Keys: the first post is chosen on focus, Right steps on, Enter shows it in the list.
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.current_block is not None
    assert view.current_block.record.id == deal
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert page.tabs.currentWidget() is page.list
    assert selected(page) == deal
    assert "Tents on sale" in view.block_tooltip(view.blocks[1])


@pytest.mark.parametrize(
    "widget_name", ["account_combo", "pause_account_button", "pause_all_button", "refresh_button"]
)
def test_controls_are_named_and_explained(page: QueuePage, widget_name: str) -> None:
    widget = getattr(page.toolbar, widget_name)
    assert widget.accessibleName()
    assert widget.toolTip()
    assert widget.focusPolicy() != Qt.FocusPolicy.NoFocus


def test_crisis_banner_text_is_readable_on_light_and_dark_reds() -> None:
    from PySide6.QtGui import QColor

    from composer.ui.queue.queue_page import _contrast_with_white, _white_text_background

    for red in ("#d0312d", "#ff6b6b"):  # the light and the dark palette's reds
        background = _white_text_background(QColor(red))
        assert _contrast_with_white(background) >= 4.5
        assert background.red() > background.green()  # still a red
    assert _white_text_background(QColor("#b00020")).name() == "#b00020"  # already fine
