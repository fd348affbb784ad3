"""Scheduling figures: 10,000 posts across 20 accounts, in the core and through the store.

(a) the pure core lays 10,000 posts out (500 per account) in one call per account;
(b) the core as the app uses it: one post at a time into a growing queue;
(c) the store: 2,000 approved drafts (100 per account) enqueued one by one on SQLite, each
one transaction that reads the account's queue and its last 30 days for duplicates, asks the
core, and writes the slot and an audit event.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select, update

from composer.core.guide.model import Schedule, Slot
from composer.core.schedule import assign
from composer.core.workflow import ApprovalPolicy, Role, State
from composer.store.models import Draft
from composer.store.records import AccountSpec
from composer.store.store import Store

POSTS = 10_000
STORE_POSTS = 2_000
ACCOUNTS = 20
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ZONES = ("Europe/London", "America/Los_Angeles", "America/Denver", "UTC", "Asia/Tokyo")


def _schedule(n: int) -> Schedule:
    # 24 slots a day, 20 a day at most, 30 minutes apart: 500 posts fill about 25 days.
    return Schedule(
        timezone=ZONES[n % len(ZONES)],
        slots=tuple(Slot((0, 1, 2, 3, 4, 5, 6), h, 15, f"daily {h:02}:15") for h in range(24)),
        min_gap_minutes=30,
        max_per_day=20,
    )


def _core_batch() -> float:
    started = time.perf_counter()
    for a in range(ACCOUNTS):
        ids = [f"{a}-{i}" for i in range(POSTS // ACCOUNTS)]
        assign(_schedule(a), (), ids, T0, account=f"@A{a}")
    return time.perf_counter() - started


def _core_one_by_one() -> float:
    started = time.perf_counter()
    for a in range(ACCOUNTS):
        queue: tuple = ()  # type: ignore[type-arg]
        schedule = _schedule(a)
        for i in range(POSTS // ACCOUNTS):
            queue = assign(schedule, queue, [f"{a}-{i}"], T0, account=f"@A{a}")
    return time.perf_counter() - started


def _store_enqueue() -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            store.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
            store.accounts.sync(
                [AccountSpec(f"@A{a}", "", ApprovalPolicy()) for a in range(ACCOUNTS)], now=T0
            )
            items = [
                (f"@A{n % ACCOUNTS}", f"Post {n}: a trail tip for the weekend.", (), None)
                for n in range(STORE_POSTS)
            ]
            store.drafts.create_many(items, author="boss", now=T0)
            with store.db.write() as session:  # approve them all at once (setup, not measured)
                session.execute(
                    update(Draft).values(state=State.APPROVED.value, approved_text_version=1)
                )
            with store.db.read() as session:
                rows = list(session.execute(select(Draft.id, Draft.account_id)))
            schedules = {a: _schedule(a) for a in range(ACCOUNTS)}
            times = []
            for draft_id, account_id in rows:
                started = time.perf_counter()
                store.queue.enqueue(
                    draft_id,
                    actor="system",
                    schedule=schedules[(account_id - 1) % ACCOUNTS],
                    now=T0,
                )
                times.append(time.perf_counter() - started)
            return times
        finally:
            store.close()


def run() -> list[dict[str, str]]:
    """The rows for RESULTS.md."""
    batch = _core_batch()
    one_by_one = _core_one_by_one()
    times = _store_enqueue()
    ordered = sorted(times)
    p99 = ordered[int(len(ordered) * 0.99) - 1]
    return [
        {
            "figure": "schedule 10,000 posts across 20 accounts, core, one call per account",
            "goal": "record",
            "measured": f"{batch * 1000:.0f} ms",
        },
        {
            "figure": "schedule 10,000 posts across 20 accounts, core, one post at a time",
            "goal": "record",
            "measured": f"{one_by_one:.1f} s",
        },
        {
            "figure": "enqueue 2,000 approved drafts (20 accounts) on SQLite, per post p50 / p99",
            "goal": "record",
            "measured": f"{statistics.median(times) * 1000:.1f} ms / {p99 * 1000:.1f} ms "
            f"({sum(times):.0f} s in all)",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['figure']}: {row['measured']}")
