"""The queue in the store: enqueue, duplicates, reorder/pin/move, pause (crisis switch), the
publishing record (claim/finish/confirm/retry) and the publisher lease."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from store_seed import T0

from composer.core.errors import ConflictError, TransitionError
from composer.core.guide.model import Schedule, Slot
from composer.core.schedule import ScheduleError
from composer.core.workflow import Action, State
from composer.store.errors import PermissionDeniedError
from composer.store.store import Store

WEEKDAYS = (0, 1, 2, 3, 4, 5, 6)
# Every hour on the hour, London time (T0 is Monday 2026-03-02 09:00 UTC = 09:00 London).
HOURLY = Schedule(
    timezone="Europe/London",
    slots=tuple(Slot(WEEKDAYS, h, 0, f"daily {h:02}:00") for h in range(24)),
    min_gap_minutes=30,
)


def approved(store: Store, text: str, account: str = "@Help") -> int:
    d = store.drafts.create(account, text, author="ann", findings=(), now=T0)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = store.drafts.review(d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    if d.state is not State.APPROVED:  # two-step accounts need a second reviewer
        d = store.drafts.review(
            d.id, Action.APPROVE, actor="ria", expected_version=d.version, now=T0
        )
    assert d.state is State.APPROVED
    return d.id


def queued(store: Store, *texts: str, account: str = "@Help") -> list[int]:
    ids = []
    for text in texts:
        draft_id = approved(store, text, account)
        store.queue.enqueue(draft_id, actor="system", schedule=HOURLY, now=T0)
        ids.append(draft_id)
    return ids


def times(store: Store, account: str = "@Help") -> list[tuple[int, datetime | None]]:
    return [(e.id, e.scheduled_at) for e in store.queue.entries(account)]


def at(hour: int) -> datetime:
    return T0.replace(hour=hour)


def test_enqueue_takes_the_next_free_slots_in_order(store: Store) -> None:
    a, b, c = queued(store, "one", "two", "three")
    assert times(store) == [(a, at(10)), (b, at(11)), (c, at(12))]
    record = store.drafts.get(a)
    assert record.state is State.QUEUED and record.scheduled_at == at(10)
    trail = store.audit.list(draft_id=a)
    assert trail[-1].action == "queue" and "queued for 2026-03-02T10:00" in trail[-1].detail


def test_only_approved_drafts_enter_the_queue(store: Store) -> None:
    d = store.drafts.create("@Help", "not yet", author="ann", findings=(), now=T0)
    with pytest.raises(TransitionError, match="it is draft"):
        store.queue.enqueue(d.id, actor="system", schedule=HOURLY, now=T0)


def test_duplicate_text_is_refused_within_thirty_days(store: Store) -> None:
    queued(store, "Our new tent is out: https://example.com/tent?utm=1")
    again = approved(store, "our NEW tent is out:   https://www.example.com/tent")
    with pytest.raises(ScheduleError, match="repeats a post"):
        store.queue.enqueue(again, actor="system", schedule=HOURLY, now=T0)
    # Another account may say the same thing.
    other = approved(store, "Our new tent is out: https://example.com/tent", "@Alerts")
    store.queue.enqueue(other, actor="system", schedule=HOURLY, now=T0)
    assert store.drafts.get(again).state is State.APPROVED


def test_unqueue_moves_later_posts_up(store: Store) -> None:
    a, b, c = queued(store, "one", "two", "three")
    store.queue.unqueue(a, actor="rex", schedule=HOURLY, now=T0)
    assert times(store) == [(b, at(10)), (c, at(11))]
    assert store.drafts.get(a).state is State.APPROVED


def test_reorder_pin_move_before_and_post_next(store: Store) -> None:
    a, b, c = queued(store, "one", "two", "three")
    store.queue.reorder("@Help", [c, a, b], actor="rex", schedule=HOURLY, now=T0)
    assert times(store) == [(c, at(10)), (a, at(11)), (b, at(12))]
    store.queue.pin(b, at(15), actor="rex", now=T0)
    store.queue.reorder("@Help", [a, c], actor="rex", schedule=HOURLY, now=T0)
    assert times(store) == [(a, at(10)), (c, at(11)), (b, at(15))]
    assert store.drafts.get(b).pinned
    store.queue.move_before(b, a, actor="rex", schedule=HOURLY, now=T0)
    assert times(store) == [(b, at(10)), (a, at(11)), (c, at(12))]
    assert not store.drafts.get(b).pinned
    store.queue.post_next(c, actor="rex", schedule=HOURLY, now=T0)
    assert [i for i, _ in times(store)] == [c, b, a]


def test_authors_cannot_rearrange_the_queue(store: Store) -> None:
    a, b = queued(store, "one", "two")
    with pytest.raises(PermissionDeniedError, match="reviewers and admins"):
        store.queue.reorder("@Help", [b, a], actor="ann", schedule=HOURLY, now=T0)
    with pytest.raises(PermissionDeniedError):
        store.queue.set_paused(None, paused=True, actor="ann", now=T0)


def test_pin_in_the_past_is_refused(store: Store) -> None:
    (a,) = queued(store, "one")
    with pytest.raises(ScheduleError, match="has passed"):
        store.queue.pin(a, T0 - timedelta(minutes=1), actor="rex", now=T0)


def test_crisis_switch_stops_every_queue_and_resume_catches_up(store: Store) -> None:
    a, b = queued(store, "one", "two")
    (c,) = queued(store, "alert", account="@Alerts")
    state = store.queue.set_paused(None, paused=True, actor="boss", now=T0)
    assert state.all and state.paused("@Help") and state.paused("@Alerts")
    assert store.queue.due(at(23)) == []
    late = at(12)
    with pytest.raises(ScheduleError, match="paused"):
        store.queue.claim(a, actor="system", now=late)
    with pytest.raises(ScheduleError, match="paused"):
        store.queue.enqueue(approved(store, "three"), actor="system", schedule=HOURLY, now=T0)
    store.queue.set_paused(
        None, paused=False, actor="boss", now=late, schedule_for=lambda _: HOURLY
    )
    # The missed slots (10:00, 11:00) are not all sent at once: laid out again from now.
    assert times(store) == [(a, at(13)), (b, at(14))]
    assert times(store, "@Alerts") == [(c, at(13))]
    actions = [e.action for e in store.audit.list()]
    assert "pause_all" in actions and "resume_all" in actions


def test_pause_one_account(store: Store) -> None:
    (a,) = queued(store, "one")
    (c,) = queued(store, "alert", account="@Alerts")
    store.queue.set_paused("@Help", paused=True, actor="rex", now=T0)
    assert [d.id for d in store.queue.due(at(23))] == [c]
    store.queue.set_paused("@Help", paused=False, actor="rex", now=T0)
    assert [d.id for d in store.queue.due(at(23))] == [a, c]


def test_claim_finish_published_and_history(store: Store) -> None:
    (a,) = queued(store, "one")
    with pytest.raises(ScheduleError, match="not due"):
        store.queue.claim(a, actor="system", now=T0)
    d = store.queue.claim(a, actor="system", now=at(10))
    assert d.state is State.PUBLISHING and d.publish_attempts == 1
    with pytest.raises(ConflictError):
        store.queue.claim(a, actor="system", now=at(10))  # a second publisher loses
    d = store.queue.finish(a, state="published", post_ids=["777"], actor="system", now=at(10))
    assert (d.state, d.post_id, d.published_at) == (State.PUBLISHED, "777", at(10))
    assert [h.id for h in store.queue.history("@Help")] == [a]
    (attempt,) = store.queue.attempts(a)
    assert (attempt.outcome, attempt.post_id, attempt.finished_at) == ("published", "777", at(10))


def test_failed_then_retry_and_unknown_then_confirm(store: Store) -> None:
    a, b = queued(store, "one", "two")
    store.queue.claim(a, actor="system", now=at(10))
    d = store.queue.finish(a, state="failed", error="X refused it", actor="system", now=at(10))
    assert d.state is State.FAILED and d.last_error == "X refused it"
    d = store.queue.retry(a, actor="rex", schedule=HOURLY, now=at(10))
    assert d.state is State.QUEUED and d.scheduled_at == at(12)  # b holds 11:00
    store.queue.claim(b, actor="system", now=at(11))
    d = store.queue.finish(b, state="unknown", error="connection lost", actor="system", now=at(11))
    assert d.state is State.PUBLISHING and d.needs_confirmation
    assert store.queue.interrupted() == []  # waiting for a person, never re-sent by itself
    assert [h.id for h in store.queue.history()] == [b]
    with pytest.raises(TransitionError, match="reviewer or an admin"):
        store.queue.confirm(b, published=True, post_id="9", actor="ann", now=at(11))
    d = store.queue.confirm(b, published=True, post_id="9", actor="rex", now=at(11))
    assert (d.state, d.post_id, d.needs_confirmation) == (State.PUBLISHED, "9", False)
    assert [x.outcome for x in store.queue.attempts(b)] == ["confirmed_published"]


def test_reattempt_after_an_interruption(store: Store) -> None:
    (a,) = queued(store, "one")
    store.queue.claim(a, actor="system", now=at(10))
    assert [d.id for d in store.queue.interrupted()] == [a]
    d = store.queue.reattempt(a, post_ids=[], actor="system", now=at(10))
    assert d.publish_attempts == 2
    assert [x.outcome for x in store.queue.attempts(a)] == ["interrupted", "pending"]


def test_publisher_lease(store: Store) -> None:
    ttl = timedelta(minutes=10)
    assert store.queue.acquire_lock("app", ttl=ttl, now=T0) is not None
    assert store.queue.acquire_lock("cron", ttl=ttl, now=T0 + timedelta(minutes=5)) is None
    held = store.queue.lock_holder(now=T0)
    assert held is not None and held.holder == "app"
    # The holder renews; an expired lease can be taken over.
    assert store.queue.acquire_lock("app", ttl=ttl, now=T0 + timedelta(minutes=5)) is not None
    assert store.queue.acquire_lock("cron", ttl=ttl, now=T0 + timedelta(minutes=16)) is not None
    store.queue.release_lock("app")  # not the holder any more: no effect
    assert store.queue.lock_holder(now=T0 + timedelta(minutes=17)).holder == "cron"  # type: ignore[union-attr]
    store.queue.release_lock("cron")
    assert store.queue.lock_holder(now=T0 + timedelta(minutes=17)) is None


def test_queue_edits_are_audited_with_times(store: Store) -> None:
    a, b = queued(store, "one", "two")
    store.queue.reorder("@Help", [b, a], actor="rex", schedule=HOURLY, now=T0)
    details = [e.detail for e in store.audit.list(draft_id=a)]
    assert any(d.startswith("reordered: 2026-03-02T10:00") for d in details)


def test_times_are_utc_aware(store: Store) -> None:
    (a,) = queued(store, "one")
    when = store.drafts.get(a).scheduled_at
    assert when is not None and when.tzinfo is not None and when.utcoffset() == timedelta(0)
    assert when == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_content_mix_keeps_promotional_posts_apart(store: Store) -> None:
    from dataclasses import replace

    from composer.core.guide.model import MixRule

    mixed = replace(HOURLY, mix=(MixRule("promotional", at_most=1, in_any=3),))

    def enqueue(text: str, *tags: str) -> int:
        draft_id = approved(store, text)
        store.queue.enqueue(draft_id, actor="system", schedule=mixed, now=T0, tags=tags)
        return draft_id

    promo = enqueue("Sale on tents", "promotional")  # 10:00
    plain = enqueue("Trail tip one")  # 11:00
    pinned = enqueue("Trail tip two")
    store.queue.pin(pinned, at(15), actor="rex", now=T0)
    second = enqueue("Sale on stoves", "promotional")
    # 12:00, 13:00 and 14:00 would put both promotions within three consecutive posts.
    assert times(store) == [(promo, at(10)), (plain, at(11)), (pinned, at(15)), (second, at(16))]
    assert store.drafts.get(second).tags == frozenset({"promotional"})


def test_ab_variants_are_queued_as_a_spaced_pair(store: Store) -> None:
    a = approved(store, "Our tents sleep four")
    b = approved(store, "Room for four in our tents")
    rec_a, rec_b = store.queue.enqueue_variants(
        a, b, spacing=timedelta(hours=3), actor="rex", schedule=HOURLY, now=T0
    )
    assert (rec_a.variant, rec_b.variant) == ("A", "B")
    assert rec_a.variant_group == rec_b.variant_group
    assert rec_a.scheduled_at == at(10) and rec_b.scheduled_at == at(13)
    other = queued(store, "A plain post")[0]
    assert times(store)[1] == (other, at(11))  # fills the space between A and B
    store.queue.post_next(other, actor="rex", schedule=HOURLY, now=T0)
    laid = dict(times(store))
    assert laid[b] - laid[a] >= timedelta(hours=3)  # the pair keeps its spacing
    ((first, second),) = store.queue.variants()
    assert (first.id, second.id) == (a, b)


def test_evergreen_reposts_use_new_wordings_spaced_apart(store: Store) -> None:
    (original,) = queued(store, "Our repair service fixes any tent")
    w1 = approved(store, "Torn tent? Our repair service fixes it")
    w2 = approved(store, "We repair tents of any brand")
    reposts = store.queue.plan_evergreen(
        original,
        [w1, w2],
        max_reposts=2,
        min_interval=timedelta(days=2),
        actor="rex",
        schedule=HOURLY,
        now=T0,
    )
    assert [r.repost_number for r in reposts] == [1, 2]
    assert all(r.evergreen_of == original for r in reposts)
    laid = dict(times(store))
    assert laid[w1] - laid[original] >= timedelta(days=2)
    assert laid[w2] - laid[w1] >= timedelta(days=2)
    same = approved(store, "our repair service fixes any tent")
    with pytest.raises(ScheduleError):
        store.queue.plan_evergreen(
            original,
            [same],
            max_reposts=3,
            min_interval=timedelta(days=2),
            actor="rex",
            schedule=HOURLY,
            now=T0,
        )


def test_shuffle_is_repeatable_for_a_seed(store: Store) -> None:
    ids = queued(store, *(f"post {n}" for n in range(6)))
    store.queue.shuffle("@Help", seed=7, actor="rex", schedule=HOURLY, now=T0)
    first = [i for i, _ in times(store)]
    assert sorted(first) == sorted(ids)
    assert [w for _, w in times(store)] == [at(10 + n) for n in range(6)]
