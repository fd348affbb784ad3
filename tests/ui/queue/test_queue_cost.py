"""The queue page prices each post (the core's one cost function) and names a cap's wait."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from queue_seed import DEALS, NOW, queued

from PySide6.QtCore import Qt

from composer.core.cost import PriceTable
from composer.core.guide.model import Guide
from composer.store.store import Store
from composer.ui.queue.queue_model import QueueColumn
from composer.ui.queue.queue_page import QueuePage


def test_cost_column_and_edited_prices(page: QueuePage, store: Store, guide: Guide) -> None:
    plain, linked = queued(
        store, guide, "Stores open at nine.", "Track the stakes at https://northwindtrail.com/t"
    )
    thread = queued(
        store, guide, "Tents on sale.\n---\nSee https://northwindtrail.com/tents", account=DEALS
    )[0]
    page.refresh()
    model = page.model
    header = model.headerData(QueueColumn.COST, Qt.Orientation.Horizontal)
    assert header == "Cost on X"

    def cost(draft: int) -> object:
        return model.data(model.index(model.row_of(draft), QueueColumn.COST))

    assert (cost(plain), cost(linked), cost(thread)) == ("$0.015", "$0.200", "$0.215")
    model.set_prices(PriceTable(post=Decimal("0.01"), post_with_link=Decimal("0.05")))
    assert (cost(plain), cost(linked), cost(thread)) == ("$0.010", "$0.050", "$0.060")


def test_a_post_held_for_the_monthly_cap_says_so(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    (draft,) = queued(store, guide, "Stores open at nine.")
    page.refresh()
    model = page.model
    row = model.row_of(draft)
    record = model.record(row)
    assert record is not None
    held = replace(
        record,
        not_before=NOW + timedelta(hours=1),
        last_error="@NorthwindHelp's monthly cap of $5.000 would be passed: ...",
    )
    model.set_entries([held], zones={})
    index = model.index(0, QueueColumn.STATE)
    assert "monthly cap: waits until" in str(model.data(index))
    assert "monthly cap of $5.000" in str(model.data(index, Qt.ItemDataRole.ToolTipRole))
