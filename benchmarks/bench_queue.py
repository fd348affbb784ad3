"""Queue view figures: 10,000 queued posts to the first painted list and week (offscreen).

Three figures, each the time until the first paint event of the view after its data arrives:
the list and the week view given 10,000 records already in memory (the views alone), and the
whole queue page reading 10,000 queued posts from SQLite on its worker thread.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ENTRIES = 10_000
ROUNDS = 5
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: Posts 7 minutes apart: 10,000 of them fill seven weeks, about 1,440 in each.
SPACING = timedelta(minutes=7)
ACCOUNTS = ("@NorthwindHelp", "@NorthwindDeals", "@NorthwindEvents", "@NorthwindAlerts")


def _watcher_class() -> type:
    from PySide6.QtCore import QEvent, QObject

    import composer.ui  # noqa: F401 - the PySide6 workaround, before Qt runs

    class PaintWatcher(QObject):
        """Notes the first paint event once the data is in."""

        def __init__(self, ready: Callable[[], bool]) -> None:
            super().__init__()
            self.ready = ready
            self.painted = False

        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - a Qt override
            if event.type() == QEvent.Type.Paint and self.ready():
                self.painted = True
            return False

    return PaintWatcher


_PaintWatcher = _watcher_class()


def _records() -> list:
    from composer.core.workflow import State
    from composer.store.records import DraftRecord

    return [
        DraftRecord(
            id=n + 1,
            account=ACCOUNTS[n % len(ACCOUNTS)],
            author="ann",
            state=State.QUEUED,
            version=3,
            text=f"Post number {n}: trail news and a tip for the weekend. #trail",
            text_version=1,
            content_hash="",
            has_errors=False,
            step=0,
            approvals=(),
            approved_text_version=1,
            warning_reason="",
            scheduled_at=T0 + timedelta(hours=1) + SPACING * n,
            submitted_at=T0,
            state_changed_at=T0,
            post_id=None,
            created_at=T0,
            updated_at=T0,
            pinned=n % 50 == 0,
        )
        for n in range(ENTRIES)
    ]


def _first_paint(app, widget, start: Callable[[], None], ready: Callable[[], bool]) -> float:
    """Seconds from ``start()`` until ``widget`` has painted once ``ready()`` holds.

    The paint event is seen by an event filter; the clock stops when the event loop pass
    that delivered it returns, that is once the widget has finished painting.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    watcher = _PaintWatcher(ready)
    widget.installEventFilter(watcher)
    began = time.perf_counter()
    start()
    ended = None
    # Block until events come (a busy loop would take the GIL from the store's worker); the
    # timer makes sure the wait ends now and then.
    wait = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    tick = QTimer()
    tick.start(50)
    while ended is None and time.perf_counter() - began < 30:
        app.processEvents(wait)
        if watcher.painted:
            ended = time.perf_counter()
    tick.stop()
    widget.removeEventFilter(watcher)
    if ended is None:
        raise RuntimeError("the view never painted")
    return ended - began


def _views(app) -> list[dict[str, str]]:
    from composer.ui.queue.queue_list import QueueList
    from composer.ui.queue.queue_model import QueueModel
    from composer.ui.queue.week_view import WeekView

    records = _records()
    zones = {
        "@NorthwindHelp": ZoneInfo("Europe/London"),
        "@NorthwindDeals": ZoneInfo("America/Los_Angeles"),
        "@NorthwindEvents": ZoneInfo("America/Denver"),
        "@NorthwindAlerts": ZoneInfo("UTC"),
    }
    tokyo = ZoneInfo("Asia/Tokyo")
    list_times, week_times = [], []
    in_week = 0
    for _ in range(ROUNDS):
        model = QueueModel()
        queue_list = QueueList(model)
        queue_list.resize(1200, 700)
        queue_list.show()
        app.processEvents()
        viewport = queue_list.table.viewport()
        list_times.append(
            _first_paint(
                app,
                viewport,
                lambda m=model: m.set_entries(records, zones=zones, local_zone=tokyo),
                lambda m=model: m.rowCount() == ENTRIES,
            )
        )
        queue_list.close()

        model = QueueModel()
        week = WeekView(model)
        week.resize(1200, 700)
        week.set_week((T0 + timedelta(weeks=3)).date())
        week.show()
        app.processEvents()
        week_times.append(
            _first_paint(
                app,
                week,
                lambda m=model: m.set_entries(records, zones=zones, local_zone=tokyo),
                lambda w=week: len(w.blocks) > 0,
            )
        )
        in_week = len(week.blocks)
        week.close()
    ms = 1000
    return [
        {
            "figure": f"queue list: {ENTRIES:,} queued posts (in memory) to first paint, median of {ROUNDS}",
            "goal": "< 500 ms",
            "measured": f"{statistics.median(list_times) * ms:.1f} ms (max {max(list_times) * ms:.1f} ms)",
        },
        {
            "figure": f"week view: {ENTRIES:,} queued posts (in memory, {in_week:,} in the week shown) to first paint, median of {ROUNDS}",
            "goal": "< 500 ms",
            "measured": f"{statistics.median(week_times) * ms:.1f} ms (max {max(week_times) * ms:.1f} ms)",
        },
    ]


def _seed(url: str) -> None:
    from sqlalchemy import insert, select

    from composer.core.guide import load_guide
    from composer.core.workflow import Role, State
    from composer.resources import resource_path
    from composer.store.models import Account, Draft, User
    from composer.store.records import account_specs, content_hash
    from composer.store.store import Store

    guide = load_guide(resource_path("example", "brand-guide.yml"))
    with Store.open(url) as store:
        store.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
        store.accounts.sync(account_specs(guide), now=T0)
        store.users.add("ann", [Role.AUTHOR], actor="boss", now=T0)
        store.users.add("rex", [Role.REVIEWER], actor="boss", now=T0)
        with store.engine.begin() as connection:
            ids = dict(connection.execute(select(Account.handle, Account.id)).all())
            ann = connection.scalar(select(User.id).where(User.name == "ann"))
            rows = []
            for n in range(ENTRIES):
                text = f"Post number {n}: trail news and a tip for the weekend. #trail"
                rows.append(
                    {
                        "account_id": ids[ACCOUNTS[n % len(ACCOUNTS)]],
                        "author_id": ann,
                        "state": State.QUEUED.value,
                        "version": 3,
                        "text": text,
                        "text_version": 1,
                        "content_hash": content_hash(text),
                        "approved_text_version": 1,
                        "scheduled_at": T0 + timedelta(hours=1) + SPACING * n,
                        "submitted_at": T0,
                        "state_changed_at": T0,
                        "created_at": T0,
                        "updated_at": T0,
                        "pinned": n % 50 == 0,
                    }
                )
            connection.execute(insert(Draft), rows)


def _page(app) -> list[dict[str, str]]:
    from composer.core.guide import load_guide
    from composer.resources import resource_path
    from composer.store.store import Store
    from composer.ui.queue.queue_page import QueuePage
    from composer.ui.review.store_client import StoreClient

    guide = load_guide(resource_path("example", "brand-guide.yml"))
    page_times, read_times, full_times = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        started = time.perf_counter()
        _seed(url)
        seeded = time.perf_counter() - started
        with Store.open(url) as store:
            for _ in range(ROUNDS):
                began = time.perf_counter()
                entries = store.queue.entries(None)
                store.queue.history(None)
                store.queue.pause_state()
                read_times.append(time.perf_counter() - began)
            assert len(entries) == ENTRIES
        for _ in range(ROUNDS):
            client = StoreClient(url, now=lambda: T0)
            client.set_guide(guide)
            page = QueuePage(client, "rex", local_zone=ZoneInfo("Asia/Tokyo"))
            page.set_guide(guide)
            page.resize(1200, 760)
            # The store is opened (and checked) by the first operation: not part of the figure.
            opened: list[bool] = []
            client.run(lambda _store: None, lambda _v, o=opened: o.append(True))
            while not opened:
                app.processEvents()
            began = time.perf_counter()
            page_times.append(
                _first_paint(
                    app,
                    page.list.table.viewport(),
                    page.show,
                    lambda p=page: p.model.rowCount() > 0,
                )
            )
            while page.model.rowCount() < ENTRIES:  # the rest of the queue follows
                app.processEvents()
            full_times.append(time.perf_counter() - began)
            page.close()
            client.close()
    ms = 1000
    return [
        {
            "figure": f"queue page: {ENTRIES:,} queued posts in SQLite, shown to first painted list (read on the worker thread), median of {ROUNDS}",
            "goal": "< 500 ms",
            "measured": (
                f"{statistics.median(page_times) * ms:.0f} ms (max {max(page_times) * ms:.0f} ms; "
                f"the soonest 300 posts are read first; seeding took {seeded:.1f} s)"
            ),
        },
        {
            "figure": f"queue page: all {ENTRIES:,} posts in the list (read in the background after the first paint), median of {ROUNDS}",
            "goal": "record",
            "measured": (
                f"{statistics.median(full_times) * ms:.0f} ms "
                f"(store read alone {statistics.median(read_times) * ms:.0f} ms)"
            ),
        },
    ]


def run() -> list[dict[str, str]]:
    from PySide6.QtWidgets import QApplication

    import composer.ui  # noqa: F401 - the PySide6 workaround, before Qt runs

    app = QApplication.instance() or QApplication([])
    return _views(app) + _page(app)


if __name__ == "__main__":
    for row in run():
        print(row)
