"""The Queue page shows a post the publisher gave back until X's rate limit resets."""

from __future__ import annotations

from datetime import timedelta

from queue_seed import queued

from PySide6.QtCore import Qt

from composer.core.guide.model import Guide
from composer.store.store import Store
from composer.ui.queue.queue_model import QueueColumn
from composer.ui.queue.queue_page import QueuePage


def test_a_post_waiting_for_x_says_until_when_and_why(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    waiting, other = queued(store, guide, "Trail report for the weekend", "Gear tips for spring")
    when = store.drafts.get(waiting).scheduled_at
    assert when is not None
    at = when + timedelta(seconds=1)
    store.queue.claim(waiting, actor="publisher", now=at)
    until = (at + timedelta(minutes=40)).replace(microsecond=0)
    reason = (
        "X's rate limit was reached (0 of 100 posts left in its window); X allows posting "
        f"again at {until:%H:%M:%S} UTC; the post waits in the queue"
    )
    store.queue.defer(waiting, until=until, reason=reason, actor="publisher", now=at)
    page.refresh()
    model = page.model
    row = model.row_of(waiting)
    state = model.index(row, QueueColumn.STATE)
    assert model.data(state) == f"queued, X rate limit until {until:%H:%M} UTC"
    assert model.data(state, Qt.ItemDataRole.ToolTipRole) == reason
    # The other post of the account is queued as usual.
    assert model.data(model.index(model.row_of(other), QueueColumn.STATE)) == "queued"
