"""Resume All says which queues are still paused on their own (issue 14, item 8)."""

from __future__ import annotations

from queue_seed import DEALS, HELP, NOW

from composer.store.store import Store
from composer.ui.queue.queue_page import QueuePage


def test_resume_all_names_the_queues_still_paused(page: QueuePage, store: Store) -> None:
    store.queue.set_paused(DEALS, paused=True, actor="rex", now=NOW)
    page.refresh()
    page.toolbar.pause_all_button.click()
    assert store.queue.pause_state().all
    page.toolbar.pause_all_button.click()  # Resume All (Crisis Over)
    state = store.queue.pause_state()
    assert not state.all and state.accounts == frozenset({DEALS})
    assert "still paused" in page.status.text()
    assert DEALS in page.status.text()
    assert HELP not in page.status.text()


def test_resume_all_with_nothing_else_paused_says_so(page: QueuePage, store: Store) -> None:
    page.refresh()
    page.toolbar.pause_all_button.click()
    page.toolbar.pause_all_button.click()
    assert store.queue.pause_state().accounts == frozenset()
    assert page.status.text() == "Every queue is running again: nothing is paused."
