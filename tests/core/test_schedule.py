"""Tests for the pure posting-queue scheduler (composer.core.schedule)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.errors import KnownError
from composer.core.guide.model import Blackout, Schedule, Slot
from composer.core.schedule import (
    QueuedPost,
    ScheduleError,
    assign,
    in_blackout,
    is_duplicate,
    next_free_slot,
    normalise_for_duplicates,
    pin,
    post_next,
    remove,
    reorder,
    shuffle,
    slot_times,
)

DAILY = tuple(range(7))
WEEKDAYS = (0, 1, 2, 3, 4)
LONDON = ZoneInfo("Europe/London")
LA = ZoneInfo("America/Los_Angeles")


def slot(hour: int, minute: int = 0, days: tuple[int, ...] = DAILY) -> Slot:
    return Slot(days, hour, minute, f"{hour:02d}:{minute:02d}")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(zone: ZoneInfo, year: int, month: int, day: int, hour: int = 0) -> datetime:
    """A local wall time in ``zone``, as UTC."""
    return datetime(year, month, day, hour, tzinfo=zone).astimezone(UTC)


def post(post_id: str, when: datetime, *, pinned: bool = False) -> QueuedPost:
    return QueuedPost(post_id, "@Acme", when, pinned, f"text {post_id}")


# --- slot_times and daylight saving -------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "change_day"),
    [
        ("Europe/London", datetime(2026, 3, 29)),  # last Sunday of March
        ("Europe/London", datetime(2026, 10, 25)),  # last Sunday of October
        ("America/Los_Angeles", datetime(2026, 3, 8)),  # 2nd Sunday of March
        ("America/Los_Angeles", datetime(2026, 11, 1)),  # 1st Sunday of November
    ],
)
def test_slots_keep_local_wall_time_across_dst(zone: str, change_day: datetime) -> None:
    tz = ZoneInfo(zone)
    schedule = Schedule(timezone=zone, slots=(slot(9), slot(13, 30)))
    start = (change_day - timedelta(days=3)).replace(tzinfo=tz)
    end = (change_day + timedelta(days=4)).replace(tzinfo=tz)
    times = list(slot_times(schedule, start, end))
    assert len(times) == 14  # 7 days x 2 slots, none lost or doubled
    assert all(t.tzinfo is UTC for t in times)
    walls = [t.astimezone(tz) for t in times]
    assert [(w.hour, w.minute) for w in walls] == [(9, 0), (13, 30)] * 7
    assert len({w.date() for w in walls}) == 7
    # The UTC hour really changes over the week (the offset moved).
    assert len({t.hour for t in times[::2]}) == 2


@pytest.mark.parametrize("zone", ["Europe/London", "America/Los_Angeles"])
def test_whole_year_has_one_slot_per_day_per_slot(zone: str) -> None:
    # 01:30 and 02:30 hit the gap or overlap in one or both zones.
    schedule = Schedule(timezone=zone, slots=(slot(1, 30), slot(2, 30), slot(9)))
    tz = ZoneInfo(zone)
    times = list(
        slot_times(schedule, datetime(2026, 1, 1, tzinfo=tz), datetime(2027, 1, 1, tzinfo=tz))
    )
    assert len(times) == 365 * 3
    assert len(set(times)) == len(times)
    assert times == sorted(times)


def test_spring_forward_gap_moves_to_first_valid_minute_london() -> None:
    # 2026-03-29: 01:00 GMT jumps to 02:00 BST, so 01:30 does not exist.
    schedule = Schedule(timezone="Europe/London", slots=(slot(1, 30),))
    times = list(slot_times(schedule, utc(2026, 3, 28), utc(2026, 3, 31)))
    assert times == [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)]
    assert times[1].astimezone(LONDON).strftime("%H:%M %Z") == "02:00 BST"


def test_spring_forward_gap_los_angeles_and_no_doubling() -> None:
    # 2026-03-08: 02:00 PST jumps to 03:00 PDT; 02:30 moves to 03:00, which is also a slot.
    schedule = Schedule(timezone="America/Los_Angeles", slots=(slot(2, 30), slot(3)))
    times = list(slot_times(schedule, utc(2026, 3, 7, 12), utc(2026, 3, 9, 12)))
    walls = [t.astimezone(LA).strftime("%d %H:%M") for t in times]
    assert walls == ["08 03:00", "09 02:30", "09 03:00"]


def test_autumn_overlap_uses_first_occurrence_once() -> None:
    # 2026-11-01 01:30 happens twice in Los Angeles: first PDT (08:30 UTC), then PST.
    schedule = Schedule(timezone="America/Los_Angeles", slots=(slot(1, 30),))
    times = list(slot_times(schedule, utc(2026, 11, 1), utc(2026, 11, 2)))
    assert times == [utc(2026, 11, 1, 8, 30)]
    london = Schedule(timezone="Europe/London", slots=(slot(1, 30),))
    assert list(slot_times(london, utc(2026, 10, 25), utc(2026, 10, 26))) == [
        utc(2026, 10, 25, 0, 30)
    ]


def test_slot_times_window_is_half_open_and_respects_weekdays() -> None:
    schedule = Schedule(slots=(slot(9, days=WEEKDAYS), slot(10, days=(5,))))
    # 2026-11-23 is a Monday.
    times = list(slot_times(schedule, utc(2026, 11, 23, 9), utc(2026, 11, 30, 9)))
    assert times[0] == utc(2026, 11, 23, 9)
    assert utc(2026, 11, 30, 9) not in times
    assert [t.weekday() for t in times] == [0, 1, 2, 3, 4, 5]
    assert times[-1] == utc(2026, 11, 28, 10)


def test_slot_times_rejects_naive_and_bad_zone() -> None:
    schedule = Schedule(slots=(slot(9),))
    with pytest.raises(ScheduleError, match="time-zone aware"):
        list(slot_times(schedule, datetime(2026, 1, 1), utc(2026, 1, 2)))
    with pytest.raises(ScheduleError, match="unknown time zone 'Mars/Base'"):
        list(
            slot_times(
                Schedule(timezone="Mars/Base", slots=(slot(9),)), utc(2026, 1, 1), utc(2026, 1, 2)
            )
        )


# --- next_free_slot ------------------------------------------------------------------------

NOW = utc(2026, 11, 23, 8)  # a Monday morning


def test_next_free_slot_is_first_slot_after_now() -> None:
    schedule = Schedule(slots=(slot(9), slot(13)))
    assert next_free_slot(schedule, (), NOW) == utc(2026, 11, 23, 9)
    # A slot exactly at now is not "after now".
    assert next_free_slot(schedule, (), utc(2026, 11, 23, 9)) == utc(2026, 11, 23, 13)


def test_next_free_slot_skips_taken_slot() -> None:
    schedule = Schedule(slots=(slot(9), slot(13)))
    queue = [post("a", utc(2026, 11, 23, 9))]
    assert next_free_slot(schedule, queue, NOW) == utc(2026, 11, 23, 13)


def test_min_gap_to_every_queued_post() -> None:
    schedule = Schedule(slots=(slot(9), slot(9, 30), slot(10), slot(10, 45)), min_gap_minutes=45)
    queue = [post("a", utc(2026, 11, 23, 9))]
    assert next_free_slot(schedule, queue, NOW) == utc(2026, 11, 23, 10)
    # A post just after a slot blocks it too (the gap works both ways).
    queue = [post("a", utc(2026, 11, 23, 9, 20))]
    assert next_free_slot(schedule, queue, NOW) == utc(2026, 11, 23, 10, 45)
    # Exactly the gap is allowed.
    queue = [post("a", utc(2026, 11, 23, 9, 15))]
    assert next_free_slot(schedule, queue, NOW) == utc(2026, 11, 23, 10)


def test_max_per_day_counts_the_local_day() -> None:
    # 16:00 in Los Angeles is 00:00 UTC the next day: it still counts as the local Monday.
    schedule = Schedule(
        timezone="America/Los_Angeles", slots=(slot(9), slot(13), slot(16)), max_per_day=2
    )
    queue = [post("a", local(LA, 2026, 11, 23, 9)), post("b", local(LA, 2026, 11, 23, 13))]
    now = local(LA, 2026, 11, 23, 7)
    assert next_free_slot(schedule, queue, now) == local(LA, 2026, 11, 24, 9)
    unlimited = Schedule(timezone="America/Los_Angeles", slots=schedule.slots)
    assert next_free_slot(unlimited, queue, now) == local(LA, 2026, 11, 23, 16)


def test_blackout_dates_cover_whole_days_in_local_time() -> None:
    schedule = Schedule(
        timezone="Europe/London",
        slots=(slot(9),),
        blackouts=(Blackout("2026-12-24", "2026-12-26", "Christmas"),),
    )
    now = utc(2026, 12, 23, 10)
    assert next_free_slot(schedule, (), now) == utc(2026, 12, 27, 9)
    assert in_blackout(schedule, utc(2026, 12, 26, 23, 59))
    assert not in_blackout(schedule, utc(2026, 12, 27, 0, 0))


def test_blackout_with_times() -> None:
    schedule = Schedule(
        timezone="America/Los_Angeles",
        slots=(slot(9), slot(13), slot(17)),
        blackouts=(Blackout("2026-11-23T08:00", "2026-11-23T13:00"),),
    )
    now = local(LA, 2026, 11, 23, 7)
    # 13:00 is the exclusive end of the blackout, so it is free.
    assert next_free_slot(schedule, (), now) == local(LA, 2026, 11, 23, 13)


def test_bad_blackout_is_a_clear_error() -> None:
    schedule = Schedule(slots=(slot(9),), blackouts=(Blackout("soon", "2026-12-01"),))
    with pytest.raises(ScheduleError, match="blackout start 'soon'"):
        next_free_slot(schedule, (), NOW)


def test_paused_account_raises_known_error() -> None:
    schedule = Schedule(slots=(slot(9),))
    with pytest.raises(ScheduleError, match="paused") as info:
        next_free_slot(schedule, [post("a", utc(2026, 11, 23, 9))], NOW, paused=True)
    assert isinstance(info.value, KnownError)
    assert "@Acme" in str(info.value)
    with pytest.raises(ScheduleError, match="paused"):
        assign(schedule, (), ["x"], NOW, account="@Acme", paused=True)


def test_no_slot_within_60_days() -> None:
    schedule = Schedule(
        slots=(slot(9),), blackouts=(Blackout("2026-11-01", "2027-03-01", "winter break"),)
    )
    with pytest.raises(ScheduleError, match=r"no free posting slot .* 60 days"):
        next_free_slot(schedule, (), NOW)
    # Just inside the horizon is still found.
    near = Schedule(slots=(slot(9),), blackouts=(Blackout("2026-11-01", "2027-01-20"),))
    assert next_free_slot(near, (), NOW) == utc(2027, 1, 21, 9)


def test_no_slots_at_all() -> None:
    with pytest.raises(ScheduleError, match="no posting slots"):
        next_free_slot(Schedule(), (), NOW)


# --- queue edits ---------------------------------------------------------------------------

SIMPLE = Schedule(slots=(slot(9), slot(12), slot(15)), min_gap_minutes=60)


def ids(queue: tuple[QueuedPost, ...]) -> list[str]:
    return [p.id for p in queue]


def test_assign_gives_consecutive_free_slots() -> None:
    queue = assign(SIMPLE, (), ["a", "b", "c", "d"], NOW, account="@Acme", texts={"a": "hi"})
    assert ids(queue) == ["a", "b", "c", "d"]
    assert [p.scheduled_at for p in queue] == [
        utc(2026, 11, 23, 9),
        utc(2026, 11, 23, 12),
        utc(2026, 11, 23, 15),
        utc(2026, 11, 24, 9),
    ]
    assert queue[0].text == "hi"
    assert queue[1].text == ""
    assert all(p.account == "@Acme" and not p.pinned for p in queue)
    # Assigning an existing id gives it the next free slot; the others stay put.
    assert assign(SIMPLE, queue, ["a"], NOW) == queue
    again = assign(SIMPLE, queue, ["a"], utc(2026, 11, 23, 10))
    assert ids(again) == ["b", "c", "d", "a"]
    assert again[-1].scheduled_at == utc(2026, 11, 24, 12)
    assert again[-1].text == "hi"


def test_assign_respects_pinned_posts() -> None:
    queue = (post("p", utc(2026, 11, 23, 9, 30), pinned=True),)
    result = assign(SIMPLE, queue, ["a"], NOW, account="@Acme")
    # 09:00 is 30 minutes from the pinned post, closer than the 60-minute gap.
    assert result[1].id == "a"
    assert result[1].scheduled_at == utc(2026, 11, 23, 12)


def test_reorder_moves_unpinned_and_keeps_pinned() -> None:
    queue = assign(SIMPLE, (), ["a", "b", "c"], NOW, account="@Acme")
    queue = pin(queue, "b", utc(2026, 11, 23, 12))
    assert [p.pinned for p in queue] == [False, True, False]
    result = reorder(queue, ["c", "a"], SIMPLE, NOW)
    by_id = {p.id: p for p in result}
    assert by_id["b"].scheduled_at == utc(2026, 11, 23, 12)
    assert by_id["b"].pinned
    assert by_id["c"].scheduled_at == utc(2026, 11, 23, 9)
    assert by_id["a"].scheduled_at == utc(2026, 11, 23, 15)
    # Pinned ids may be named; they are ignored.
    assert reorder(queue, ["c", "b", "a"], SIMPLE, NOW) == result


def test_reorder_rejects_bad_orders() -> None:
    queue = assign(SIMPLE, (), ["a", "b"], NOW, account="@Acme")
    with pytest.raises(ScheduleError, match="leaves out post"):
        reorder(queue, ["a"], SIMPLE, NOW)
    with pytest.raises(ScheduleError, match="'zz' is not in the queue"):
        reorder(queue, ["a", "b", "zz"], SIMPLE, NOW)
    with pytest.raises(ScheduleError, match="twice"):
        reorder(queue, ["a", "b", "a"], SIMPLE, NOW)


def test_pin_sets_time_and_validates() -> None:
    queue = assign(SIMPLE, (), ["a", "b"], NOW, account="@Acme")
    pinned = pin(queue, "a", utc(2026, 12, 1, 18))
    assert ids(pinned) == ["b", "a"]
    assert pinned[1].pinned
    assert pinned[1].scheduled_at == utc(2026, 12, 1, 18)
    with pytest.raises(ScheduleError, match="not in the queue"):
        pin(queue, "nope", utc(2026, 12, 1, 18))
    with pytest.raises(ScheduleError, match="aware"):
        pin(queue, "a", datetime(2026, 12, 1, 18))


def test_post_next_moves_post_to_front() -> None:
    queue = assign(SIMPLE, (), ["a", "b", "c"], NOW, account="@Acme")
    result = post_next(queue, "c", NOW, SIMPLE)
    assert ids(result) == ["c", "a", "b"]
    assert [p.scheduled_at for p in result] == [p.scheduled_at for p in queue]
    # A pinned post sent next is unpinned and takes the first slot.
    pinned = pin(queue, "b", utc(2026, 11, 30, 9))
    result = post_next(pinned, "b", NOW, SIMPLE)
    assert result[0].id == "b"
    assert not result[0].pinned


def test_remove_moves_later_posts_up() -> None:
    queue = assign(SIMPLE, (), ["a", "b", "c", "d"], NOW, account="@Acme")
    queue = pin(queue, "d", utc(2026, 11, 24, 9))
    result = remove(queue, "a", SIMPLE, NOW)
    assert ids(result) == ["b", "c", "d"]
    assert [p.scheduled_at for p in result] == [
        utc(2026, 11, 23, 9),
        utc(2026, 11, 23, 12),
        utc(2026, 11, 24, 9),
    ]
    with pytest.raises(ScheduleError, match="not in the queue"):
        remove(queue, "a-typo", SIMPLE, NOW)


def test_remove_fills_slot_freed_by_max_per_day() -> None:
    schedule = Schedule(slots=(slot(9), slot(12), slot(15)), max_per_day=1)
    queue = assign(schedule, (), ["a", "b", "c"], NOW, account="@Acme")
    assert [p.scheduled_at.day for p in queue] == [23, 24, 25]
    result = remove(queue, "a", schedule, NOW)
    assert [(p.id, p.scheduled_at.day) for p in result] == [("b", 23), ("c", 24)]


# --- duplicate guard -----------------------------------------------------------------------


def test_normalise_for_duplicates() -> None:
    assert normalise_for_duplicates("  Hello\n\tWORLD  ") == "hello world"
    assert normalise_for_duplicates("Straße") == "strasse"
    # NFD input compares equal to NFC.
    assert normalise_for_duplicates("Cafe\u0301") == normalise_for_duplicates("Caf\u00e9")
    assert (
        normalise_for_duplicates("See https://www.Acme.com/help/?utm=x#top.")
        == "see acme.com/help."
    )
    assert normalise_for_duplicates("http://acme.com/help") == normalise_for_duplicates(
        "HTTPS://acme.com/help/?ref=tw"
    )


def test_is_duplicate_window_boundaries() -> None:
    now = utc(2026, 11, 23, 12)
    text = "New release out now https://acme.com/blog/v2"
    variant = "new   release OUT now http://www.acme.com/blog/v2?src=x"
    assert is_duplicate(variant, [(text, now - timedelta(days=29))], now)
    assert not is_duplicate(variant, [(text, now - timedelta(days=31))], now)
    assert is_duplicate(variant, [(text, now - timedelta(days=30))], now)
    assert not is_duplicate(variant, [(text, now - timedelta(days=30, seconds=1))], now)
    # Queued in the future counts too.
    assert is_duplicate(variant, [(text, now + timedelta(days=3))], now)
    assert not is_duplicate(variant, [(text, now - timedelta(days=8))], now, days=7)
    assert not is_duplicate("Different words", [(text, now)], now)
    assert not is_duplicate("   ", [("", now)], now)
    with pytest.raises(ScheduleError, match="aware"):
        is_duplicate(text, [(text, datetime(2026, 11, 1))], now)


# --- property ------------------------------------------------------------------------------

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["assign", "remove", "post_next", "pin", "reorder"]), st.integers(0, 50)
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    gap=st.integers(0, 240),
    minutes=st.lists(st.integers(0, 24 * 60 - 1), min_size=1, max_size=5, unique=True),
    zone=st.sampled_from(["UTC", "Europe/London", "America/Los_Angeles"]),
    max_per_day=st.integers(0, 4),
    start_offset=st.integers(0, 400 * 24),
    actions=ACTIONS,
)
def test_no_two_unpinned_posts_closer_than_min_gap(
    gap: int,
    minutes: list[int],
    zone: str,
    max_per_day: int,
    start_offset: int,
    actions: list[tuple[str, int]],
) -> None:
    schedule = Schedule(
        timezone=zone,
        slots=tuple(slot(m // 60, m % 60) for m in minutes),
        min_gap_minutes=gap,
        max_per_day=max_per_day,
    )
    now = utc(2026, 1, 1) + timedelta(hours=start_offset)
    queue: tuple[QueuedPost, ...] = ()
    counter = 0
    for action, n in actions:
        try:
            if action == "assign" or not queue:
                counter += 1
                queue = assign(schedule, queue, [f"p{counter}"], now, account="@A")
                continue
            target = queue[n % len(queue)].id
            if action == "remove":
                queue = remove(queue, target, schedule, now)
            elif action == "post_next":
                queue = post_next(queue, target, now, schedule)
            elif action == "pin":
                queue = pin(queue, target, queue[n % len(queue)].scheduled_at)
            else:
                order = [p.id for p in queue if not p.pinned]
                order = order[n % (len(order) or 1) :] + order[: n % (len(order) or 1)]
                queue = reorder(queue, order, schedule, now)
        except ScheduleError as err:
            # Only a full horizon may stop an edit.
            assert "no free posting slot" in str(err)
    limit = timedelta(minutes=gap)
    unpinned = [p for p in queue if not p.pinned]
    for p in unpinned:
        assert p.scheduled_at > now
        for q in queue:
            if q.id != p.id:
                assert abs(p.scheduled_at - q.scheduled_at) >= max(limit, timedelta(microseconds=1))
    assert len({p.id for p in queue}) == len(queue)


# --- the free-slot search against a plain reference ------------------------------------------


def reference_next_free(
    schedule: Schedule, queue: list[datetime], now: datetime
) -> datetime | None:
    """The definition, spelled out: every slot in the next 60 days, checked against all posts."""
    zone = ZoneInfo(schedule.timezone)
    gap = timedelta(minutes=schedule.min_gap_minutes)
    for when in slot_times(schedule, now + timedelta(microseconds=1), now + timedelta(days=60)):
        if in_blackout(schedule, when):
            continue
        if any(when == other or abs(when - other) < gap for other in queue):
            continue
        day = when.astimezone(zone).date()
        if schedule.max_per_day and (
            sum(other.astimezone(zone).date() == day for other in queue) >= schedule.max_per_day
        ):
            continue
        return when
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    gap=st.integers(0, 300),
    minutes=st.lists(st.integers(0, 24 * 60 - 1), min_size=1, max_size=4, unique=True),
    zone=st.sampled_from(["UTC", "Europe/London", "America/Los_Angeles"]),
    max_per_day=st.integers(0, 3),
    start_offset=st.integers(0, 400 * 24),
    count=st.integers(1, 25),
    blackout=st.one_of(st.none(), st.tuples(st.integers(0, 40), st.integers(1, 30))),
)
def test_assign_matches_the_reference_search(
    gap: int,
    minutes: list[int],
    zone: str,
    max_per_day: int,
    start_offset: int,
    count: int,
    blackout: tuple[int, int] | None,
) -> None:
    now = utc(2026, 1, 1) + timedelta(hours=start_offset)
    blackouts: tuple[Blackout, ...] = ()
    if blackout is not None:
        first = (now + timedelta(days=blackout[0])).date()
        last = first + timedelta(days=blackout[1])
        blackouts = (Blackout(first.isoformat(), last.isoformat()),)
    schedule = Schedule(
        timezone=zone,
        slots=tuple(slot(m // 60, m % 60) for m in minutes),
        min_gap_minutes=gap,
        max_per_day=max_per_day,
        blackouts=blackouts,
    )
    expected: list[datetime] = []
    for _ in range(count):
        when = reference_next_free(schedule, expected, now)
        if when is None:
            break
        expected.append(when)
    names = [f"p{i}" for i in range(len(expected))]
    queue = assign(schedule, (), names, now, account="@A")
    assert [p.scheduled_at for p in queue] == expected
    if len(expected) < count:
        with pytest.raises(ScheduleError, match="no free posting slot"):
            next_free_slot(schedule, queue, now)
    else:
        assert next_free_slot(schedule, queue, now) == reference_next_free(schedule, expected, now)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    gap=st.integers(0, 180),
    pins=st.lists(st.integers(0, 20 * 24), min_size=1, max_size=4, unique=True),
    count=st.integers(0, 12),
    actions=st.lists(
        st.tuples(
            st.sampled_from(["assign", "remove", "post_next", "reorder", "shuffle"]),
            st.integers(0, 100),
        ),
        max_size=8,
    ),
)
def test_pinned_posts_never_move(
    gap: int, pins: list[int], count: int, actions: list[tuple[str, int]]
) -> None:
    schedule = Schedule(slots=(slot(9), slot(13), slot(17)), min_gap_minutes=gap)
    queue = assign(schedule, (), [f"u{i}" for i in range(count)], NOW, account="@A")
    fixed = {f"pin{i}": NOW + timedelta(hours=h, minutes=7) for i, h in enumerate(pins)}
    queue = (*queue, *(QueuedPost(i, "@A", t, pinned=True) for i, t in fixed.items()))
    for counter, (action, n) in enumerate(actions):
        unpinned = [p.id for p in queue if not p.pinned]
        try:
            if action == "assign" or not unpinned:
                queue = assign(schedule, queue, [f"n{counter}"], NOW)
            elif action == "remove":
                queue = remove(queue, unpinned[n % len(unpinned)], schedule, NOW)
            elif action == "post_next":
                queue = post_next(queue, unpinned[n % len(unpinned)], NOW, schedule)
            elif action == "reorder":
                queue = reorder(queue, unpinned[::-1], schedule, NOW)
            else:
                queue = shuffle(queue, schedule, NOW, seed=n)
        except ScheduleError as err:
            assert "no free posting slot" in str(err)
        assert {p.id: p.scheduled_at for p in queue if p.pinned} == fixed
