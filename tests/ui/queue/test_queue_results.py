"""The Queue page's History shows each post's results on X and its A/B verdict (issue 18)."""

from __future__ import annotations

from datetime import timedelta

from queue_seed import HELP, NOW, approved, published_outcome

from PySide6.QtCore import Qt

from composer.core.ab_test import PublicMetrics
from composer.core.guide.model import Guide
from composer.services.queueing import schedule_of
from composer.store.store import Store
from composer.ui.queue.history_model import HistoryColumn
from composer.ui.queue.queue_page import QueuePage

A_TEXT = "Thanks for your patience. We are checking your order and will reply within the hour."
B_TEXT = "Thanks for waiting. Your replacement stakes are on their way and should arrive soon."


def published_pair(store: Store, guide: Guide) -> tuple[int, int]:
    a, b = approved(store, A_TEXT), approved(store, B_TEXT)
    store.queue.enqueue_variants(
        a.id,
        b.id,
        spacing=timedelta(hours=3),
        actor="rex",
        schedule=schedule_of(guide, HELP),
        now=NOW,
    )
    published_outcome(store, a.id, "published", post_ids=("111",))
    published_outcome(store, b.id, "published", post_ids=("222",))
    return a.id, b.id


def results(page: QueuePage, draft_id: int) -> tuple[str, str]:
    model = page.history_model
    index = model.index(model.row_of(draft_id), HistoryColumn.RESULTS)
    return str(model.data(index)), str(model.data(index, Qt.ItemDataRole.ToolTipRole))


def test_history_shows_results_and_the_ab_winner(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    a, b = published_pair(store, guide)
    page.refresh()
    assert (
        page.history_model.headerData(HistoryColumn.RESULTS, Qt.Orientation.Horizontal)
        == "Results on X"
    )
    assert results(page, a)[0] == "A/B (this is A): not enough data yet"
    read = NOW + timedelta(days=2)
    store.metrics.record(
        [
            (a, "111", PublicMetrics(impressions=1000, likes=100, reposts=10, replies=10)),
            (b, "222", PublicMetrics(impressions=1000, likes=60, reposts=10, replies=10)),
        ],
        now=read,
    )
    page.refresh()
    shown, tip = results(page, a)
    assert shown == (
        "1,000 impressions, 120 engagements (12.0%) · A/B (this is A): A leads, 99% confident"
    )
    assert tip.startswith("Read from X at ") and "100 likes, 10 reposts, 10 replies" in tip
    assert results(page, b)[0].endswith("A/B (this is B): A leads, 99% confident")
