"""Post metrics in the store (issue 18, item 1) on SQLite and PostgreSQL: readings kept with
their time, the newest per draft summed over a thread, the cadence, the rate-limit wait."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from store_seed import T0
from test_store_queue import queued

from composer.core.ab_test import PublicMetrics
from composer.store.models import Draft
from composer.store.store import Store


def publish(store: Store, draft_id: int, post_ids: list[str], *, days_ago: int = 1) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            update(Draft)
            .where(Draft.id == draft_id)
            .values(
                state="published",
                published_at=T0 - timedelta(days=days_ago),
                post_id=post_ids[0],
                post_ids=post_ids,
            )
        )


def test_readings_due_latest_and_the_wait(store: Store) -> None:
    one, thread, old = queued(store, "one", "two", "three")
    publish(store, one, ["11"])
    publish(store, thread, ["21", "22"])
    publish(store, old, ["31"], days_ago=60)
    due = store.metrics.due(T0, every=timedelta(hours=1), max_age=timedelta(days=30))
    assert [(d.draft_id, d.post_ids) for d in due] == [(one, ("11",)), (thread, ("21", "22"))]
    assert (
        store.metrics.due(
            T0, every=timedelta(hours=1), max_age=timedelta(days=30), account="@Alerts"
        )
        == []
    )
    store.metrics.record(
        [
            (one, "11", PublicMetrics(100, 5)),
            (thread, "21", PublicMetrics(300, 7, 1)),
            (thread, "22", PublicMetrics(200, 3)),
        ],
        now=T0,
    )
    later = T0 + timedelta(hours=2)
    store.metrics.record([(one, "11", PublicMetrics(150, 9))], now=later)
    latest = store.metrics.latest([one, thread, old])
    assert set(latest) == {one, thread}
    assert (latest[one].read_at, latest[one].metrics) == (later, PublicMetrics(150, 9))
    assert latest[thread].metrics == PublicMetrics(500, 10, 1)
    assert [at for at, _, _ in store.metrics.readings(one)] == [T0, later]
    # The cadence: read within the hour, not due; the thread read two hours ago is.
    due = store.metrics.due(later, every=timedelta(hours=1), max_age=timedelta(days=30))
    assert [d.draft_id for d in due] == [thread]
    assert store.metrics.retry_at("@Help") is None
    store.metrics.set_retry_at("@Help", later, actor="boss", now=T0)
    assert store.metrics.retry_at("@Help") == later
    assert store.metrics.retry_at("@Alerts") is None
    store.metrics.set_retry_at("@Help", None, actor="boss", now=later)
    assert store.metrics.retry_at("@Help") is None


def test_the_workspace_cadence_is_set_audited_and_cleared(store: Store) -> None:
    assert store.metrics.cadence() is None
    store.metrics.set_cadence(180, actor="boss", now=T0)
    assert store.metrics.cadence() == timedelta(hours=3)
    assert store.audit.list()[-1].detail == "results read from X every 180 minutes"
    store.metrics.set_cadence(None, actor="boss", now=T0)
    assert store.metrics.cadence() is None
