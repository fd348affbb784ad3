"""Empty review lists say what to do instead of showing a blank table."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from review_seed import T0, submitted

from composer.store.store import Store
from composer.ui.review.drafts_view import DraftsView
from composer.ui.review.inbox_model import InboxShow
from composer.ui.review.review_inbox import ReviewInbox
from composer.ui.review.store_client import StoreClient


def test_empty_inbox_explains_how_drafts_arrive(qtbot: QtBot, client: StoreClient) -> None:
    inbox = ReviewInbox(client, "ria")
    qtbot.addWidget(inbox)
    inbox.refresh()
    assert inbox.stack.showing_message
    assert "Nothing is waiting for your review" in inbox.stack.message.text()
    assert "A approves" in inbox.stack.message.text()


def test_inbox_shows_the_list_once_a_draft_waits_and_explains_empty_filters(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    submitted(store)
    inbox = ReviewInbox(client, "ria")
    qtbot.addWidget(inbox)
    inbox.refresh()
    assert not inbox.stack.showing_message
    assert inbox.stack.currentWidget() is inbox.table
    inbox.show_combo.setCurrentIndex(inbox.show_combo.findData(InboxShow.OVERDUE))
    inbox.proxy.set_account("@Alerts")
    assert inbox.proxy.rowCount() == 0
    assert inbox.stack.showing_message
    assert "matches these filters" in inbox.stack.message.text()
    inbox.proxy.set_account("")
    inbox.show_combo.setCurrentIndex(inbox.show_combo.findData(InboxShow.ALL))
    assert not inbox.stack.showing_message


def test_empty_drafts_list_points_to_the_compose_page(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    view = DraftsView(client)
    qtbot.addWidget(view)
    view.refresh()
    assert view.stack.showing_message
    assert "Compose page (Ctrl+1)" in view.stack.message.text()
    store.drafts.create("@Alerts", "Storm warning tonight.", author="ann", findings=(), now=T0)
    view.refresh()
    assert not view.stack.showing_message
    view.account_combo.setCurrentIndex(view.account_combo.findData("@Help"))
    assert view.stack.showing_message
    assert "No drafts for @Help yet" in view.stack.message.text()


def test_store_client_reports_busy_from_its_worker_thread(qtbot: QtBot, db_url: str) -> None:
    client = StoreClient(db_url)  # the real worker thread, not the inline runner
    busy: list[bool] = []
    client.busy_changed.connect(busy.append)
    try:
        with qtbot.waitSignal(client.accounts_loaded, timeout=10_000):
            client.load_accounts()
        qtbot.waitUntil(lambda: busy == [True, False], timeout=5000)
    finally:
        client.close()
