"""Queue units and what rides on them: threads and replies, A/B variants, evergreen re-posts,
content-mix rules and shuffling (composer.core.schedule)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.errors import KnownError
from composer.core.guide.model import Blackout, MixRule, Schedule, Slot
from composer.core.schedule import (
    SHUFFLE_ATTEMPTS,
    MixViolation,
    PostContent,
    PublishedPost,
    QueuedPost,
    ScheduleError,
    assign,
    assign_variants,
    check_mix,
    ensure_not_duplicate,
    find_duplicate,
    mix_tags,
    next_free_slot,
    parse_reply_target,
    pin,
    plan_evergreen,
    post_next,
    remove,
    reorder,
    shuffle,
    variant_pairs,
)

DAILY = tuple(range(7))
LONDON = ZoneInfo("Europe/London")
LA = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 23, 8, tzinfo=UTC)  # a Monday morning
PROMO = frozenset({"promotional"})
ONE_IN_THREE = MixRule("promotional", 1, 3)


def slot(hour: int, minute: int = 0) -> Slot:
    return Slot(DAILY, hour, minute, f"daily {hour:02d}:{minute:02d}")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


SIMPLE = Schedule(slots=(slot(9), slot(12), slot(15)), min_gap_minutes=60)


def ids(queue: tuple[QueuedPost, ...]) -> list[str]:
    return [p.id for p in queue]


def times(queue: tuple[QueuedPost, ...]) -> dict[str, datetime]:
    return {p.id: p.scheduled_at for p in queue}


def queued(count: int, schedule: Schedule = SIMPLE) -> tuple[QueuedPost, ...]:
    names = [chr(ord("a") + i) for i in range(count)]
    return assign(schedule, (), names, NOW, account="@Acme", texts={n: f"text {n}" for n in names})


# --- reply targets ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        "https://x.com/NorthwindHelp/status/1790123456789012345",
        "https://twitter.com/NorthwindHelp/status/1790123456789012345",
        "https://mobile.twitter.com/NorthwindHelp/status/1790123456789012345",
        "https://www.x.com/NorthwindHelp/status/1790123456789012345?s=20&t=abc",
        "http://twitter.com/NorthwindHelp/status/1790123456789012345/",
        "https://x.com/NorthwindHelp/status/1790123456789012345/photo/1",
        "https://x.com/i/web/status/1790123456789012345#frag",
        "x.com/NorthwindHelp/status/1790123456789012345",
        "  1790123456789012345  ",
    ],
)
def test_parse_reply_target_accepts_urls_and_ids(given: str) -> None:
    assert parse_reply_target(given) == "1790123456789012345"


@pytest.mark.parametrize(
    "given",
    [
        "",
        "hello",
        "0",
        "12345678901234567890",  # 20 digits: longer than any X id
        "https://example.com/user/status/123",
        "https://x.com/NorthwindHelp",
        "https://x.com/NorthwindHelp/status/abc",
        "https://x.com.evil.example/u/status/123",
        "ftp://x.com/u/status/123",
        "https://x.com/u/status/123/../../456",
    ],
)
def test_parse_reply_target_names_a_bad_input(given: str) -> None:
    with pytest.raises(ScheduleError) as info:
        parse_reply_target(given)
    assert repr(given) in str(info.value)
    assert isinstance(info.value, KnownError)


# --- units: the value -----------------------------------------------------------------------


def test_queued_post_stays_backward_compatible() -> None:
    post = QueuedPost("a", "@Acme", NOW, True, "hi")
    assert (post.parts, post.in_reply_to, post.variant_group, post.variant) == ((), "", "", "")
    assert (post.evergreen_of, post.repost_number, post.tags) == ("", 0, frozenset())
    assert post.texts == ("hi",)
    assert post.family == "a"


def test_queued_post_normalises_and_validates_its_fields() -> None:
    post = QueuedPost(
        "t",
        "@Acme",
        NOW,
        parts=["one", "two"],  # type: ignore[arg-type]
        in_reply_to="https://twitter.com/u/status/42?s=1",
        tags={"promotional"},  # type: ignore[arg-type]
    )
    assert post.parts == ("one", "two")
    assert post.texts == ("one", "two")
    assert post.in_reply_to == "42"
    assert post.tags == PROMO
    hash(post)  # still a hashable value
    with pytest.raises(ScheduleError, match="thread 't': part 2 is empty"):
        QueuedPost("t", "@Acme", NOW, parts=("one", "  "))
    with pytest.raises(ScheduleError, match="'nonsense' is not an X post"):
        QueuedPost("t", "@Acme", NOW, in_reply_to="nonsense")
    with pytest.raises(ScheduleError, match="label A or B"):
        QueuedPost("t", "@Acme", NOW, variant_group="g", variant="C")
    with pytest.raises(ScheduleError, match="label A or B"):
        QueuedPost("t", "@Acme", NOW, variant="A")
    with pytest.raises(ScheduleError, match="negative"):
        QueuedPost("t", "@Acme", NOW, variant_group="g", variant="A", variant_spacing=-timedelta(1))
    with pytest.raises(ScheduleError, match="negative"):
        QueuedPost("t", "@Acme", NOW, repost_number=-1)
    with pytest.raises(ScheduleError, match="the new thread: part 1 is empty"):
        PostContent(parts=("",))


# --- units: threads and replies take one slot ------------------------------------------------


def test_thread_and_reply_each_take_one_slot() -> None:
    content = {
        "thread": PostContent(parts=("1/3 We moved.", "2/3 New address.", "3/3 See you!")),
        "reply": PostContent("Thanks, fixed!", in_reply_to="https://x.com/cust/status/99"),
        "both": PostContent(parts=("Answer part 1", "Answer part 2"), in_reply_to="100"),
    }
    queue = assign(
        SIMPLE,
        (),
        ["thread", "reply", "plain", "both"],
        NOW,
        account="@Acme",
        content=content,
        texts={"plain": "Just a post", "reply": "ignored"},
    )
    assert ids(queue) == ["thread", "reply", "plain", "both"]
    assert [p.scheduled_at for p in queue] == [
        utc(2026, 11, 23, 9),
        utc(2026, 11, 23, 12),
        utc(2026, 11, 23, 15),
        utc(2026, 11, 24, 9),
    ]
    by_id = {p.id: p for p in queue}
    assert by_id["thread"].parts == content["thread"].parts
    assert by_id["thread"].texts == content["thread"].parts
    assert by_id["reply"].in_reply_to == "99"
    assert by_id["reply"].text == "Thanks, fixed!"  # content wins over texts
    assert by_id["plain"].text == "Just a post"
    assert (by_id["both"].parts, by_id["both"].in_reply_to) == (content["both"].parts, "100")
    # Edits move a unit whole: the thread keeps its parts and still takes one slot.
    moved = post_next(queue, "both", NOW, SIMPLE)
    assert ids(moved) == ["both", "thread", "reply", "plain"]
    assert moved[0].parts == content["both"].parts
    assert moved[0].in_reply_to == "100"
    assert len({p.scheduled_at for p in moved}) == 4


def test_duplicate_guard_looks_at_every_part() -> None:
    queue = (
        QueuedPost("t", "@Acme", utc(2026, 11, 24, 9), parts=("Part one", "Big news today")),
        QueuedPost("p", "@Acme", utc(2026, 11, 24, 12), text="Plain post"),
    )
    history = [
        PublishedPost("old", "@Acme", "", NOW - timedelta(days=10), parts=("Hello", "Old news")),
        PublishedPost("older", "@Acme", "Ancient news", NOW - timedelta(days=31)),
    ]
    hit = find_duplicate("new", ("Fresh", "big   NEWS today"), queue, history, NOW)
    assert hit is not None
    assert (hit.part, hit.other_id, hit.other_part, hit.published) == (1, "t", 1, False)
    hit = find_duplicate("new", ("old news",), queue, history, NOW)
    assert hit is not None
    assert (hit.other_id, hit.other_part, hit.published) == ("old", 1, True)
    # Outside the 30-day window a published text may be used again.
    assert find_duplicate("new", ("Ancient news",), queue, history, NOW) is None
    assert find_duplicate("new", ("Ancient news",), queue, history, NOW, days=40) is not None
    # Two equal parts of one thread are refused too (X refuses each repeat).
    hit = find_duplicate("new", ("Same", "Other", "same "), queue, history, NOW)
    assert hit is not None
    assert (hit.part, hit.other_id, hit.other_part) == (2, "new", 0)
    # The unit being queued again is not its own duplicate.
    assert find_duplicate("p", ("Plain post",), queue, history, NOW) is None
    with pytest.raises(ScheduleError, match=r"part 2 of 'new' repeats queued post 't'"):
        ensure_not_duplicate("new", ("Fresh", "Big news today"), queue, history, NOW)
    with pytest.raises(ScheduleError, match=r"'new' repeats published post 'old'"):
        ensure_not_duplicate("new", ("Old news",), queue, history, NOW)
    with pytest.raises(ScheduleError, match="repeats its part 1"):
        ensure_not_duplicate("new", ("Same", "same"), (), (), NOW)
    ensure_not_duplicate("new", ("Brand new",), queue, history, NOW)


# --- shuffle ------------------------------------------------------------------------------


def test_shuffle_is_deterministic_for_a_seed_and_keeps_pins() -> None:
    queue = pin(queued(8), "c", utc(2026, 11, 23, 15))
    first = shuffle(queue, SIMPLE, NOW, seed=7)
    assert shuffle(queue, SIMPLE, NOW, seed=7) == first
    assert shuffle(queue, SIMPLE, NOW, seed="seven") == shuffle(queue, SIMPLE, NOW, seed="seven")
    orders = {tuple(ids(shuffle(queue, SIMPLE, NOW, seed=s))) for s in range(10)}
    assert len(orders) > 1
    for result in (first, *(shuffle(queue, SIMPLE, NOW, seed=s) for s in range(5))):
        assert sorted(ids(result)) == sorted(ids(queue))
        pinned = [p for p in result if p.pinned]
        assert [(p.id, p.scheduled_at) for p in pinned] == [("c", utc(2026, 11, 23, 15))]
        # Laid out like reorder: the same order through reorder gives the same times.
        order = [p.id for p in result if not p.pinned]
        assert reorder(queue, order, SIMPLE, NOW) == result


def test_shuffle_keeps_pairs_together_and_in_order() -> None:
    queue = assign_variants(
        SIMPLE,
        queued(4),
        "g",
        ("va", "vb"),
        NOW,
        spacing=timedelta(hours=3),
        texts={"va": "Wording A", "vb": "Other B"},
    )
    for seed in range(20):
        result = shuffle(queue, SIMPLE, NOW, seed=seed)
        at = times(result)
        assert at["vb"] - at["va"] >= timedelta(hours=3)
        order = [p.id for p in result]
        assert order.index("va") < order.index("vb")


def test_shuffle_of_empty_queue() -> None:
    assert shuffle((), SIMPLE, NOW, seed=1) == ()


# --- A/B variants --------------------------------------------------------------------------


def test_variants_a_next_slot_b_after_spacing() -> None:
    queue = queued(2)  # 09:00 and 12:00 on Monday
    result = assign_variants(
        SIMPLE,
        queue,
        "launch",
        ("va", "vb"),
        NOW,
        account="@Acme",
        spacing=timedelta(hours=20),
        texts={"va": "New boots are in!", "vb": "Our new boots have landed"},
    )
    at = times(result)
    assert at["va"] == utc(2026, 11, 23, 15)
    # 15:00 + 20 h = Tuesday 11:00: the first slot at or after it is 12:00.
    assert at["vb"] == utc(2026, 11, 24, 12)
    by_id = {p.id: p for p in result}
    assert (by_id["va"].variant, by_id["vb"].variant) == ("A", "B")
    assert by_id["va"].variant_group == by_id["vb"].variant_group == "launch"
    assert by_id["vb"].variant_spacing == timedelta(hours=20)
    assert by_id["va"].text == "New boots are in!"
    (pair,) = variant_pairs(result)
    assert (pair.group, pair.a.id, pair.b.id, pair.spacing) == (
        "launch",
        "va",
        "vb",
        timedelta(hours=20),
    )
    # The slots between A and B stay free for other posts.
    more = assign(SIMPLE, result, ["x"], NOW)
    assert times(more)["x"] == utc(2026, 11, 24, 9)


def test_variant_spacing_below_the_gap_is_the_gap() -> None:
    schedule = Schedule(slots=(slot(9), slot(9, 30), slot(10), slot(11)), min_gap_minutes=60)
    result = assign_variants(
        schedule,
        (),
        "g",
        ("a", "b"),
        NOW,
        account="@Acme",
        spacing=timedelta(minutes=5),
        texts={"a": "one", "b": "two"},
    )
    assert times(result) == {"a": utc(2026, 11, 23, 9), "b": utc(2026, 11, 23, 10)}


def test_variant_b_respects_max_per_day_and_blackouts() -> None:
    schedule = Schedule(
        slots=(slot(9), slot(12), slot(15)),
        max_per_day=1,
        blackouts=(Blackout("2026-11-24", "2026-11-25"),),
    )
    result = assign_variants(
        schedule,
        (),
        "g",
        ("a", "b"),
        NOW,
        account="@Acme",
        spacing=timedelta(hours=1),
        texts={"a": "one", "b": "two"},
    )
    assert times(result) == {"a": utc(2026, 11, 23, 9), "b": utc(2026, 11, 26, 9)}


@pytest.mark.parametrize(
    ("zone", "a_local", "b_local"),
    [
        # London springs forward on Sunday 29 March: Sat 09:00 GMT + 24 h is Sun 10:00 BST,
        # after Sunday's 09:00 slot, so B waits for Monday.
        ("Europe/London", datetime(2026, 3, 28, 9), datetime(2026, 3, 30, 9)),
        # London falls back on Sunday 25 October: Sat 09:00 BST + 24 h is Sun 08:00 GMT.
        ("Europe/London", datetime(2026, 10, 24, 9), datetime(2026, 10, 25, 9)),
        # Los Angeles springs forward on Sunday 8 March.
        ("America/Los_Angeles", datetime(2026, 3, 7, 9), datetime(2026, 3, 9, 9)),
        # Los Angeles falls back on Sunday 1 November.
        ("America/Los_Angeles", datetime(2026, 10, 31, 9), datetime(2026, 11, 1, 9)),
    ],
)
def test_variant_spacing_is_real_time_across_dst(
    zone: str, a_local: datetime, b_local: datetime
) -> None:
    tz = ZoneInfo(zone)
    schedule = Schedule(timezone=zone, slots=(slot(9),))
    now = (a_local - timedelta(hours=2)).replace(tzinfo=tz)
    result = assign_variants(
        schedule,
        (),
        "g",
        ("a", "b"),
        now,
        account="@Acme",
        spacing=timedelta(hours=24),
        texts={"a": "one", "b": "two"},
    )
    at = times(result)
    assert at["a"].astimezone(tz).replace(tzinfo=None) == a_local
    assert at["b"].astimezone(tz).replace(tzinfo=None) == b_local
    assert at["b"] - at["a"] >= timedelta(hours=24)
    # Both keep their local 09:00 wall time.
    assert {t.astimezone(tz).hour for t in at.values()} == {9}


def test_variant_pair_across_dst_survives_reorder() -> None:
    schedule = Schedule(timezone="Europe/London", slots=(slot(9), slot(17)), min_gap_minutes=60)
    now = datetime(2026, 3, 27, 8, tzinfo=LONDON)
    queue = assign(schedule, (), ["x", "y"], now, account="@Acme")
    queue = assign_variants(
        schedule,
        queue,
        "g",
        ("a", "b"),
        now,
        spacing=timedelta(hours=24),
        texts={"a": "one", "b": "two"},
    )
    result = reorder(queue, ["b", "x", "a", "y"], schedule, now)
    at = times(result)
    assert ids(result)[:2] == ["a", "x"]
    assert at["a"] == datetime(2026, 3, 27, 9, tzinfo=LONDON)
    assert at["b"] - at["a"] >= timedelta(hours=24)
    assert at["b"] == datetime(2026, 3, 28, 9, tzinfo=LONDON)


def test_reorder_and_post_next_keep_the_pair_together() -> None:
    queue = assign_variants(
        SIMPLE,
        queued(3),
        "g",
        ("va", "vb"),
        NOW,
        account="@Acme",
        spacing=timedelta(hours=3),
        texts={"va": "one", "vb": "two"},
    )
    assert ids(queue) == ["a", "b", "c", "va", "vb"]
    # Naming B first still puts A first; the pair goes where B was named.
    result = reorder(queue, ["a", "vb", "b", "c", "va"], SIMPLE, NOW)
    assert ids(result) == ["a", "va", "vb", "b", "c"]
    at = times(result)
    assert at["vb"] - at["va"] >= timedelta(hours=3)
    moved = post_next(queue, "vb", NOW, SIMPLE)
    assert ids(moved)[:2] == ["va", "vb"]
    assert times(moved)["va"] == utc(2026, 11, 23, 9)
    assert times(moved)["vb"] == utc(2026, 11, 23, 12)
    assert variant_pairs(moved)[0].a.id == "va"


def test_removing_one_variant_leaves_an_ordinary_post() -> None:
    queue = assign_variants(
        SIMPLE,
        queued(1),
        "g",
        ("va", "vb"),
        NOW,
        account="@Acme",
        spacing=timedelta(hours=3),
        texts={"va": "one", "vb": "two"},
    )
    result = remove(queue, "va", SIMPLE, NOW)
    by_id = {p.id: p for p in result}
    assert (by_id["vb"].variant_group, by_id["vb"].variant) == ("", "")
    assert by_id["vb"].variant_spacing == timedelta(0)
    assert by_id["vb"].scheduled_at == utc(2026, 11, 23, 12)  # moved up
    assert variant_pairs(result) == ()
    # Removing an ordinary post keeps the pair and its spacing.
    kept = remove(queue, "a", SIMPLE, NOW)
    (pair,) = variant_pairs(kept)
    assert pair.b.scheduled_at - pair.a.scheduled_at >= timedelta(hours=3)


def test_pinned_variants() -> None:
    queue = assign_variants(
        SIMPLE,
        (),
        "g",
        ("va", "vb"),
        NOW,
        account="@Acme",
        spacing=timedelta(hours=6),
        texts={"va": "one", "vb": "two"},
    )
    # A pinned later: B follows at least the spacing after it on the next layout.
    pinned_a = pin(queue, "va", utc(2026, 11, 25, 12))
    result = reorder(pinned_a, ["vb"], SIMPLE, NOW)
    assert times(result)["vb"] == utc(2026, 11, 26, 9)
    # B pinned: A goes in the earliest slot at least the spacing before it.
    pinned_b = pin(queue, "vb", utc(2026, 11, 24, 15))
    assert times(reorder(pinned_b, ["va"], SIMPLE, NOW))["va"] == utc(2026, 11, 23, 9)
    too_soon = pin(queue, "vb", utc(2026, 11, 23, 12))
    with pytest.raises(ScheduleError, match=r"variant A of 'g' .* at least 6 hour\(s\) before"):
        reorder(too_soon, ["va"], SIMPLE, NOW)
    # Both pinned: out of order or too close is refused, far enough apart is fine.
    with pytest.raises(ScheduleError, match="A must go out at least 6 hour"):
        pin(pinned_a, "vb", utc(2026, 11, 25, 15))
    with pytest.raises(ScheduleError, match="cannot pin variant A"):
        pin(pinned_b, "va", utc(2026, 11, 25, 9))
    both = pin(pinned_a, "vb", utc(2026, 11, 25, 18))
    assert [p.pinned for p in both] == [True, True]


def test_assign_variants_refuses_bad_requests() -> None:
    queue = assign_variants(
        SIMPLE,
        queued(1),
        "g",
        ("va", "vb"),
        NOW,
        account="@Acme",
        spacing=timedelta(hours=1),
        texts={"va": "one", "vb": "two"},
    )
    texts = {"x": "fresh one", "y": "fresh two"}
    hour = timedelta(hours=1)
    with pytest.raises(ScheduleError, match="'g' is already in the queue"):
        assign_variants(SIMPLE, queue, "g", ("x", "y"), NOW, spacing=hour, texts=texts)
    with pytest.raises(ScheduleError, match="needs a group id"):
        assign_variants(SIMPLE, queue, " ", ("x", "y"), NOW, spacing=hour, texts=texts)
    with pytest.raises(ScheduleError, match="two different post ids"):
        assign_variants(SIMPLE, queue, "h", ("x", "x"), NOW, spacing=hour, texts=texts)
    with pytest.raises(ScheduleError, match="'a' is already in the queue"):
        assign_variants(SIMPLE, queue, "h", ("a", "y"), NOW, spacing=hour, texts=texts)
    with pytest.raises(ScheduleError, match="'y' has no text"):
        assign_variants(SIMPLE, queue, "h", ("x", "y"), NOW, spacing=hour, texts={"x": "z"})
    with pytest.raises(ScheduleError, match="negative"):
        assign_variants(SIMPLE, queue, "h", ("x", "y"), NOW, spacing=-hour, texts=texts)
    with pytest.raises(ScheduleError, match="same text"):
        assign_variants(
            SIMPLE,
            queue,
            "h",
            ("x", "y"),
            NOW,
            spacing=hour,
            texts={"x": "Same words", "y": "same  WORDS"},
        )
    with pytest.raises(ScheduleError, match="repeats queued post 'va'"):
        assign_variants(
            SIMPLE, queue, "h", ("x", "y"), NOW, spacing=hour, texts={"x": "One", "y": "other"}
        )
    history = [PublishedPost("p", "@Acme", "fresh two", NOW - timedelta(days=3))]
    with pytest.raises(ScheduleError, match="repeats published post 'p'"):
        assign_variants(
            SIMPLE, queue, "h", ("x", "y"), NOW, spacing=hour, texts=texts, history=history
        )
    with pytest.raises(ScheduleError, match="paused"):
        assign_variants(SIMPLE, queue, "h", ("x", "y"), NOW, spacing=hour, texts=texts, paused=True)


# --- evergreen re-posts --------------------------------------------------------------------

ORIGINAL = PublishedPost(
    "orig", "@Acme", "Our trail guide: https://acme.com/guide", NOW - timedelta(days=2)
)
WORDINGS = [
    ("w1", "New to trail running? Start here: https://acme.com/guide"),
    ("w2", "Everything we know about trails, in one guide https://acme.com/guide"),
    ("w3", "The trail guide, updated for winter https://acme.com/guide"),
]


def test_plan_evergreen_spaces_reposts_from_the_original() -> None:
    result = plan_evergreen(
        SIMPLE,
        queued(2),
        "orig",
        WORDINGS,
        NOW,
        max_reposts=3,
        min_interval=timedelta(days=7),
        history=[ORIGINAL],
    )
    reposts = [p for p in result if p.evergreen_of == "orig"]
    assert [(p.id, p.repost_number) for p in reposts] == [("w1", 1), ("w2", 2), ("w3", 3)]
    # Published Saturday 08:00; a week later the first slot is Saturday 09:00.
    assert [p.scheduled_at for p in reposts] == [
        utc(2026, 11, 28, 9),
        utc(2026, 12, 5, 9),
        utc(2026, 12, 12, 9),
    ]
    assert all(p.repost_interval == timedelta(days=7) for p in reposts)
    assert all(p.text == dict(WORDINGS)[p.id] for p in reposts)
    assert all(p.account == "@Acme" and not p.pinned for p in reposts)


def test_plan_evergreen_reaches_past_the_60_day_horizon() -> None:
    result = plan_evergreen(
        SIMPLE,
        (),
        "orig",
        WORDINGS,
        NOW,
        max_reposts=3,
        min_interval=timedelta(days=30),
        history=[ORIGINAL],
    )
    last = max(p.scheduled_at for p in result)
    assert last == utc(2027, 2, 19, 9)
    assert last - NOW > timedelta(days=60)


def test_plan_evergreen_counts_existing_reposts_and_continues_numbering() -> None:
    first = plan_evergreen(
        SIMPLE,
        (),
        "orig",
        WORDINGS[:1],
        NOW,
        max_reposts=2,
        min_interval=timedelta(days=2),
        history=[ORIGINAL],
    )
    second = plan_evergreen(
        SIMPLE,
        first,
        "orig",
        WORDINGS[1:],
        NOW,
        max_reposts=2,
        min_interval=timedelta(days=2),
        history=[ORIGINAL],
    )
    reposts = [p for p in second if p.evergreen_of == "orig"]
    assert [(p.id, p.repost_number) for p in reposts] == [("w1", 1), ("w2", 2)]
    assert reposts[1].scheduled_at - reposts[0].scheduled_at >= timedelta(days=2)
    with pytest.raises(ScheduleError, match=r"already been re-posted 2 time\(s\)"):
        plan_evergreen(
            SIMPLE,
            second,
            "orig",
            WORDINGS[2:],
            NOW,
            max_reposts=2,
            min_interval=timedelta(days=2),
            history=[ORIGINAL],
        )
    # Published re-posts count as well.
    done = PublishedPost("w0", "@Acme", "Old wording", NOW - timedelta(days=1), evergreen_of="orig")
    result = plan_evergreen(
        SIMPLE,
        (),
        "orig",
        WORDINGS,
        NOW,
        max_reposts=2,
        min_interval=timedelta(days=2),
        history=[ORIGINAL, done],
    )
    (only,) = [p for p in result if p.evergreen_of == "orig"]
    assert (only.id, only.repost_number) == ("w1", 2)
    assert only.scheduled_at >= done.published_at + timedelta(days=2)


def test_plan_evergreen_from_a_queued_original() -> None:
    queue = assign(SIMPLE, queued(1), ["orig"], NOW, texts={"orig": "Trail guide"})
    result = plan_evergreen(
        SIMPLE,
        queue,
        "orig",
        WORDINGS[:1],
        NOW,
        max_reposts=1,
        min_interval=timedelta(hours=30),
        history=[],
    )
    at = times(result)
    assert at["w1"] - at["orig"] >= timedelta(hours=30)


def test_evergreen_interval_survives_queue_edits() -> None:
    queue = assign(SIMPLE, queued(3), ["orig"], NOW, texts={"orig": "Trail guide"})
    queue = plan_evergreen(
        SIMPLE,
        queue,
        "orig",
        WORDINGS[:2],
        NOW,
        max_reposts=2,
        min_interval=timedelta(days=1),
        history=[],
    )
    # Removing earlier posts moves everything up, but never closer than a day to the family.
    result = remove(remove(queue, "a", SIMPLE, NOW), "b", SIMPLE, NOW)
    family = sorted(p.scheduled_at for p in result if p.family == "orig")
    assert len(family) == 3
    assert all(b - a >= timedelta(days=1) for a, b in itertools.pairwise(family))
    assert times(result)["c"] == utc(2026, 11, 23, 9)
    assert times(result)["orig"] == utc(2026, 11, 23, 12)


def test_plan_evergreen_refuses_repeated_wordings() -> None:
    week = timedelta(days=7)
    with pytest.raises(ScheduleError, match="'w9' repeats the original 'orig'"):
        plan_evergreen(
            SIMPLE,
            (),
            "orig",
            [("w9", "our trail GUIDE: http://acme.com/guide/")],
            NOW,
            max_reposts=2,
            min_interval=week,
            history=[ORIGINAL],
        )
    with pytest.raises(ScheduleError, match="'w1' and 'w2' have the same text"):
        plan_evergreen(
            SIMPLE,
            (),
            "orig",
            [("w1", "Same"), ("w2", "same")],
            NOW,
            max_reposts=2,
            min_interval=week,
            history=[ORIGINAL],
        )
    recent = PublishedPost("p", "@Acme", WORDINGS[0][1], NOW - timedelta(days=20))
    with pytest.raises(ScheduleError, match="repeats published post 'p'"):
        plan_evergreen(
            SIMPLE,
            (),
            "orig",
            WORDINGS,
            NOW,
            max_reposts=2,
            min_interval=week,
            history=[ORIGINAL, recent],
        )
    queue = assign(SIMPLE, (), ["q"], NOW, account="@Acme", texts={"q": WORDINGS[1][1]})
    with pytest.raises(ScheduleError, match="repeats queued post 'q'"):
        plan_evergreen(
            SIMPLE,
            queue,
            "orig",
            WORDINGS,
            NOW,
            max_reposts=2,
            min_interval=week,
            history=[ORIGINAL],
        )
    # Nothing half-planned: a refusal leaves no re-posts behind (the queue is not returned).
    stale = PublishedPost("p", "@Acme", WORDINGS[0][1], NOW - timedelta(days=40))
    ok = plan_evergreen(
        SIMPLE,
        (),
        "orig",
        WORDINGS,
        NOW,
        max_reposts=1,
        min_interval=week,
        history=[ORIGINAL, stale],
    )
    assert ids(ok) == ["w1"]


def test_plan_evergreen_refuses_bad_requests() -> None:
    week = timedelta(days=7)
    with pytest.raises(ScheduleError, match="neither queued nor published"):
        plan_evergreen(
            SIMPLE, (), "nope", WORDINGS, NOW, max_reposts=1, min_interval=week, history=[ORIGINAL]
        )
    repost = PublishedPost("r", "@Acme", "x", NOW, evergreen_of="orig")
    with pytest.raises(ScheduleError, match="itself a re-post of 'orig'"):
        plan_evergreen(
            SIMPLE,
            (),
            "r",
            WORDINGS,
            NOW,
            max_reposts=1,
            min_interval=week,
            history=[ORIGINAL, repost],
        )
    with pytest.raises(ScheduleError, match="max_reposts >= 1"):
        plan_evergreen(
            SIMPLE, (), "orig", WORDINGS, NOW, max_reposts=0, min_interval=week, history=[ORIGINAL]
        )
    with pytest.raises(ScheduleError, match="positive interval"):
        plan_evergreen(
            SIMPLE,
            (),
            "orig",
            WORDINGS,
            NOW,
            max_reposts=1,
            min_interval=timedelta(0),
            history=[ORIGINAL],
        )
    with pytest.raises(ScheduleError, match="no approved wordings"):
        plan_evergreen(
            SIMPLE, (), "orig", [], NOW, max_reposts=1, min_interval=week, history=[ORIGINAL]
        )
    with pytest.raises(ScheduleError, match="'w1' has no text"):
        plan_evergreen(
            SIMPLE,
            (),
            "orig",
            [("w1", "  ")],
            NOW,
            max_reposts=1,
            min_interval=week,
            history=[ORIGINAL],
        )
    queue = queued(1)
    with pytest.raises(ScheduleError, match="'a' is already in the queue"):
        plan_evergreen(
            SIMPLE,
            queue,
            "orig",
            [("a", "new words")],
            NOW,
            max_reposts=1,
            min_interval=week,
            history=[ORIGINAL],
        )
    with pytest.raises(ScheduleError, match="'w1' is given twice"):
        plan_evergreen(
            SIMPLE,
            (),
            "orig",
            [("w1", "one"), ("w1", "two")],
            NOW,
            max_reposts=2,
            min_interval=week,
            history=[ORIGINAL],
        )
    with pytest.raises(ScheduleError, match="'orig' has the original's id"):
        plan_evergreen(
            SIMPLE,
            (),
            "orig",
            [("orig", "one")],
            NOW,
            max_reposts=1,
            min_interval=week,
            history=[ORIGINAL],
        )
    with pytest.raises(ScheduleError, match="paused"):
        plan_evergreen(
            SIMPLE,
            (),
            "orig",
            WORDINGS,
            NOW,
            max_reposts=1,
            min_interval=week,
            history=[ORIGINAL],
            paused=True,
        )


# --- content mix ---------------------------------------------------------------------------


def test_mix_tags_from_tone_measurements() -> None:
    rules = (MixRule("promotional", 1, 4), MixRule("emoji", 2, 5, threshold=3))
    assert mix_tags({"promotional": 2.0, "emoji": 1.0}, rules) == PROMO
    assert mix_tags({"promotional": 1.0, "emoji": 3.0}, rules) == {"promotional", "emoji"}
    assert mix_tags({"promotional": 0.0, "sentiment": 0.9}, rules) == frozenset()
    assert mix_tags({}, rules) == frozenset()
    assert mix_tags({"promotional": 5.0}, ()) == frozenset()


def tagged(post_id: str, promo: bool) -> QueuedPost:
    return QueuedPost(post_id, "@Acme", NOW, tags=PROMO if promo else frozenset())


def test_check_mix_finds_each_offending_run_once() -> None:
    rule = MixRule("promotional", 1, 4)
    posts = [tagged(i, i.startswith("p")) for i in ["p1", "a", "b", "c", "p2", "d", "p3", "e"]]
    (violation,) = check_mix(posts, [rule])
    assert violation == MixViolation(rule, ("p2", "p3"), ("c", "p2", "d", "p3"))
    assert "2 promotional posts ('p2', 'p3') within 4 consecutive posts" in violation.message
    assert "'at most 1 promotional post in any 4'" in violation.message
    # A sequence shorter than the run is one run: two promos in a row already break it.
    assert check_mix([tagged("p1", True), tagged("p2", True)], [rule])[0].post_ids == ("p1", "p2")
    assert check_mix([tagged("p1", True), tagged("a", False)], [rule]) == []
    assert check_mix([], [rule]) == []
    # Several overlapping runs with the same counted posts are reported once.
    crowded = [tagged(i, i.startswith("p")) for i in ["a", "p1", "p2", "b", "c"]]
    assert [v.post_ids for v in check_mix(crowded, [rule])] == [("p1", "p2")]
    two = MixRule("promotional", 2, 3, threshold=1)
    assert str(two) == "at most 2 promotional posts in any 3"
    assert [v.post_ids for v in check_mix(crowded, [two])] == []


MIXED = Schedule(slots=(slot(9), slot(12), slot(15)), mix=(ONE_IN_THREE,))


def promo(text: str) -> PostContent:
    return PostContent(text, tags=PROMO)


def test_assign_skips_slots_that_would_break_the_mix() -> None:
    queue = assign(
        MIXED, (), ["a", "p1", "b", "c"], NOW, account="@Acme", content={"p1": promo("Sale!")}
    )
    queue = pin(pin(queue, "b", utc(2026, 11, 24, 15)), "c", utc(2026, 11, 25, 9))
    # 23rd 15:00, 24th 09:00 and 12:00 would put p2 right after p1; 25th 12:00 comes after
    # b and c.
    result = assign(MIXED, queue, ["p2"], NOW, content={"p2": promo("Another sale!")})
    assert times(result)["p2"] == utc(2026, 11, 25, 12)
    assert ids(result) == ["a", "p1", "b", "c", "p2"]
    assert check_mix(result, MIXED.mix) == []
    # The skipped slots stay free, and an untagged post is never held back by the mix.
    plain = assign(MIXED, result, ["d"], NOW, texts={"d": "d"})
    assert times(plain)["d"] == utc(2026, 11, 23, 15)
    # At the end of the queue the promo simply follows enough other posts.
    tail = assign(MIXED, (), ["p1", "a", "b"], NOW, account="@Acme", content={"p1": promo("Sale!")})
    tail = assign(MIXED, tail, ["p2"], NOW, content={"p2": promo("Another sale!")})
    assert ids(tail) == ["p1", "a", "b", "p2"]
    assert times(tail)["p2"] == utc(2026, 11, 24, 9)


def test_assign_refuses_when_every_slot_breaks_the_mix() -> None:
    queue = assign(MIXED, (), ["a", "p1"], NOW, account="@Acme", content={"p1": promo("Sale!")})
    with pytest.raises(ScheduleError, match=r"'p2' .* content-mix rule 'at most 1 promotional"):
        assign(MIXED, queue, ["p2"], NOW, content={"p2": promo("Sale again!")})
    # The kwarg overrides the schedule's rules; an empty tuple switches them off.
    assert ids(assign(MIXED, queue, ["p2"], NOW, content={"p2": promo("x")}, mix=()))[-1] == "p2"


def test_next_free_slot_with_tags_and_history() -> None:
    history = [PublishedPost("old", "@Acme", "Sale!", NOW - timedelta(hours=1), tags=PROMO)]
    queue = assign(MIXED, (), ["a", "b"], NOW, account="@Acme")
    assert next_free_slot(MIXED, queue, NOW) == utc(2026, 11, 23, 15)
    assert next_free_slot(MIXED, queue, NOW, tags=PROMO) == utc(2026, 11, 23, 15)
    # A promo published an hour ago sits just before a and b in posting order.
    assert next_free_slot(MIXED, queue, NOW, tags=PROMO, history=history) == utc(2026, 11, 23, 15)
    short = assign(MIXED, (), ["a"], NOW, account="@Acme")
    with pytest.raises(ScheduleError, match="content-mix rule"):
        next_free_slot(MIXED, short, NOW, tags=PROMO, history=history)
    # Published posts also count toward the gap and the day's maximum.
    capped = Schedule(slots=(slot(9), slot(12)), max_per_day=1)
    recent = [PublishedPost("old", "@Acme", "x", NOW - timedelta(minutes=30))]
    assert next_free_slot(capped, (), NOW, history=recent) == utc(2026, 11, 24, 9)
    gapped = Schedule(slots=(slot(9), slot(12)), min_gap_minutes=120)
    assert next_free_slot(gapped, (), NOW, history=recent) == utc(2026, 11, 23, 12)


def test_reorder_refuses_an_order_that_breaks_the_mix() -> None:
    queue = assign(
        MIXED,
        (),
        ["p1", "a", "b", "p2", "c"],
        NOW,
        account="@Acme",
        content={"p1": promo("Sale!"), "p2": promo("Sale two!")},
    )
    assert check_mix(queue, MIXED.mix) == []
    with pytest.raises(ScheduleError) as info:
        reorder(queue, ["p1", "p2", "a", "b", "c"], MIXED, NOW)
    message = str(info.value)
    assert "the new order is refused" in message
    assert "('p1', 'p2')" in message
    assert "at most 1 promotional post in any 3" in message
    ok = reorder(queue, ["a", "p1", "b", "c", "p2"], MIXED, NOW)
    assert ids(ok) == ["a", "p1", "b", "c", "p2"]
    with pytest.raises(ScheduleError, match="posting 'p2' next is refused"):
        post_next(queue, "p2", NOW, MIXED)
    # Without rules any order goes.
    assert ids(reorder(queue, ["p1", "p2", "a", "b", "c"], SIMPLE, NOW))[:2] == ["p1", "p2"]


def test_reorder_allows_what_the_queue_already_broke() -> None:
    # A rule added after the posts were queued: p1 and p2 already break it, p3 does not.
    queue = assign(
        SIMPLE,
        (),
        ["p1", "p2", "a", "b", "p3"],
        NOW,
        account="@Acme",
        content={i: promo(f"Sale {i}") for i in ("p1", "p2", "p3")},
    )
    assert [v.post_ids for v in check_mix(queue, MIXED.mix)] == [("p1", "p2")]
    # Reordering among the posts involved is allowed (it is how a person repairs it)...
    assert ids(reorder(queue, ["p2", "p1", "a", "b", "p3"], MIXED, NOW))[:2] == ["p2", "p1"]
    # ...drawing another post in is not.
    with pytest.raises(ScheduleError, match=r"refused: 2 promotional posts \('p2', 'p3'\)"):
        reorder(queue, ["p1", "p2", "a", "p3", "b"], MIXED, NOW)


def test_history_counts_in_mix_windows() -> None:
    history = [
        PublishedPost("h0", "@Acme", "Older", NOW - timedelta(days=3)),
        PublishedPost("h1", "@Acme", "Old sale", NOW - timedelta(days=2), tags=PROMO),
    ]
    # h1 went out just before: p1 needs two posts after it.
    with pytest.raises(ScheduleError, match="content-mix rule"):
        assign(
            MIXED,
            (),
            ["a", "p1"],
            NOW,
            account="@Acme",
            content={"p1": promo("Sale!")},
            history=history,
        )
    assert ids(
        assign(MIXED, (), ["a", "p1"], NOW, account="@Acme", content={"p1": promo("Sale!")})
    ) == ["a", "p1"]
    result = assign(
        MIXED,
        (),
        ["a", "b", "p1"],
        NOW,
        account="@Acme",
        content={"p1": promo("Sale!")},
        history=history,
    )
    assert check_mix([*history, *result], MIXED.mix) == []
    # Only the last published posts a rule can see matter; order of the list does not.
    assert reorder(result, ["a", "b", "p1"], MIXED, NOW, history=history[::-1]) == result


def test_shuffle_keeps_the_mix_or_says_it_cannot() -> None:
    queue = assign(
        MIXED,
        (),
        ["p1", "a", "b", "p2", "c", "d"],
        NOW,
        account="@Acme",
        content={"p1": promo("Sale!"), "p2": promo("Sale two!")},
    )
    for seed in range(15):
        result = shuffle(queue, MIXED, NOW, seed=seed)
        assert check_mix(result, MIXED.mix) == []
        assert sorted(ids(result)) == sorted(ids(queue))
    # With one try per seed, most random orders put the promos too close: those are refused.
    outcomes: list[str] = []
    for seed in range(20):
        try:
            result = shuffle(queue, MIXED, NOW, seed=seed, attempts=1)
        except ScheduleError as err:
            outcomes.append(str(err))
        else:
            assert check_mix(result, MIXED.mix) == []
    assert outcomes
    assert all("none of 1 shuffled orders of @Acme's queue" in o for o in outcomes)
    assert SHUFFLE_ATTEMPTS >= 20


def test_remove_is_never_refused_by_the_mix() -> None:
    queue = assign(
        MIXED,
        (),
        ["p1", "a", "b", "p2"],
        NOW,
        account="@Acme",
        content={"p1": promo("Sale!"), "p2": promo("Sale two!")},
    )
    result = remove(queue, "a", MIXED, NOW)
    assert ids(result) == ["p1", "b", "p2"]
    assert [v.post_ids for v in check_mix(result, MIXED.mix)] == [("p1", "p2")]


# --- properties ----------------------------------------------------------------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "assign",
                "promo",
                "thread",
                "variants",
                "remove",
                "post_next",
                "pin",
                "reorder",
                "shuffle",
                "evergreen",
            ]
        ),
        st.integers(0, 1000),
    ),
    max_size=14,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    gap=st.integers(0, 240),
    minutes=st.lists(st.integers(0, 24 * 60 - 1), min_size=1, max_size=5, unique=True),
    zone=st.sampled_from(["UTC", "Europe/London", "America/Los_Angeles"]),
    max_per_day=st.integers(0, 4),
    start_offset=st.integers(0, 400 * 24),
    spacing_minutes=st.integers(0, 36 * 60),
    ops=OPS,
)
def test_queue_invariants_under_random_edits(
    gap: int,
    minutes: list[int],
    zone: str,
    max_per_day: int,
    start_offset: int,
    spacing_minutes: int,
    ops: list[tuple[str, int]],
) -> None:
    """Pinned posts never move; no two posts closer than the gap (A/B pairs included) unless
    a pin put one there; pairs stay in order with their spacing; re-posts keep their interval;
    nothing is lost or doubled."""
    schedule = Schedule(
        timezone=zone,
        slots=tuple(slot(m // 60, m % 60) for m in minutes),
        min_gap_minutes=gap,
        max_per_day=max_per_day,
    )
    now = utc(2026, 1, 1) + timedelta(hours=start_offset)
    history = [PublishedPost("orig", "@A", "Evergreen original", now - timedelta(days=1))]
    queue: tuple[QueuedPost, ...] = ()
    counter = 0
    for op, n in ops:
        counter += 1
        before = queue
        try:
            queue = _apply(op, n, counter, queue, schedule, now, spacing_minutes, history)
        except ScheduleError as err:
            assert "no free" in str(err) or "already been re-posted" in str(err), str(err)
            continue
        # Pinned posts keep their time unless the edit was about them (post next unpins its
        # target, remove takes it out; a pin here pins a post where it already is).
        touched = set()
        if op in ("post_next", "remove") and before:
            touched = {before[n % len(before)].id}
        after = {p.id: p for p in queue}
        for p in before:
            if p.pinned and p.id not in touched and p.id in after:
                assert after[p.id].pinned
                assert after[p.id].scheduled_at == p.scheduled_at
    _check_invariants(queue, schedule, now, gap)


def _apply(
    op: str,
    n: int,
    counter: int,
    queue: tuple[QueuedPost, ...],
    schedule: Schedule,
    now: datetime,
    spacing_minutes: int,
    history: list[PublishedPost],
) -> tuple[QueuedPost, ...]:
    name = f"p{counter}"
    if op == "assign" or not queue:
        return assign(schedule, queue, [name], now, account="@A", texts={name: name})
    if op == "promo":
        return assign(schedule, queue, [name], now, account="@A", content={name: promo(name)})
    if op == "thread":
        content = {name: PostContent(parts=(f"{name} 1", f"{name} 2"), in_reply_to=str(n + 1))}
        return assign(schedule, queue, [name], now, account="@A", content=content)
    if op == "variants":
        return assign_variants(
            schedule,
            queue,
            f"g{counter}",
            (f"{name}a", f"{name}b"),
            now,
            account="@A",
            spacing=timedelta(minutes=spacing_minutes),
            texts={f"{name}a": f"{name} A", f"{name}b": f"{name} B"},
        )
    if op == "evergreen":
        return plan_evergreen(
            schedule,
            queue,
            "orig",
            [(name, f"wording {name}")],
            now,
            max_reposts=3,
            min_interval=timedelta(hours=n % 72 + 1),
            history=history,
        )
    target = queue[n % len(queue)]
    if op == "remove":
        return remove(queue, target.id, schedule, now)
    if op == "post_next":
        return post_next(queue, target.id, now, schedule)
    if op == "pin":
        # Pin in place (a pair member keeps its order with its partner).
        return pin(queue, target.id, target.scheduled_at)
    if op == "shuffle":
        return shuffle(queue, schedule, now, seed=n)
    order = [p.id for p in queue if not p.pinned]
    cut = n % (len(order) or 1)
    return reorder(queue, order[cut:] + order[:cut], schedule, now)


def _check_invariants(
    queue: tuple[QueuedPost, ...], schedule: Schedule, now: datetime, gap: int
) -> None:
    assert len({p.id for p in queue}) == len(queue)
    limit = max(timedelta(minutes=gap), timedelta(microseconds=1))
    for p in queue:
        if p.pinned:
            continue
        assert p.scheduled_at > now
        for q in queue:
            if q.id != p.id:
                assert abs(p.scheduled_at - q.scheduled_at) >= limit
    for pair in variant_pairs(queue):
        if not (pair.a.pinned and pair.b.pinned):
            assert pair.b.scheduled_at - pair.a.scheduled_at >= pair.spacing
    family = [p for p in queue if p.evergreen_of == "orig" and not p.pinned]
    for p in family:
        for q in queue:
            if q.family == "orig" and q.id != p.id:
                assert abs(p.scheduled_at - q.scheduled_at) >= max(
                    p.repost_interval, q.repost_interval
                )
    if schedule.max_per_day:
        zone = ZoneInfo(schedule.timezone)
        days: dict[object, int] = {}
        for p in queue:
            day = p.scheduled_at.astimezone(zone).date()
            days[day] = days.get(day, 0) + 1
        assert max(days.values(), default=0) <= schedule.max_per_day


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    at_most=st.integers(1, 2),
    extra=st.integers(1, 4),
    kinds=st.lists(st.booleans(), min_size=1, max_size=16),
    history_kinds=st.lists(st.booleans(), max_size=4),
    ops=st.lists(
        st.tuples(st.sampled_from(["reorder", "shuffle", "post_next"]), st.integers(0, 1000)),
        max_size=4,
    ),
)
def test_mix_windows_never_exceeded_after_assign(
    at_most: int,
    extra: int,
    kinds: list[bool],
    history_kinds: list[bool],
    ops: list[tuple[str, int]],
) -> None:
    rule = MixRule("promotional", at_most, at_most + extra)
    schedule = Schedule(
        slots=(slot(9), slot(12), slot(15), slot(18)), min_gap_minutes=30, mix=(rule,)
    )
    history = [
        PublishedPost(
            f"h{i}",
            "@A",
            f"old {i}",
            NOW - timedelta(days=len(history_kinds) - i),
            tags=PROMO if k else frozenset(),
        )
        for i, k in enumerate(history_kinds)
    ]
    queue: tuple[QueuedPost, ...] = ()
    for i, is_promo in enumerate(kinds):
        name = f"p{i}"
        content = PostContent(name, tags=PROMO if is_promo else frozenset())
        try:
            queue = assign(
                schedule, queue, [name], NOW, account="@A", content={name: content}, history=history
            )
        except ScheduleError as err:
            assert is_promo and "content-mix rule" in str(err)
        assert _queue_violations(history, queue, rule) == []
    for op, n in ops:
        if not queue:
            break
        try:
            if op == "shuffle":
                queue = shuffle(queue, schedule, NOW, seed=n, history=history)
            elif op == "post_next":
                queue = post_next(queue, queue[n % len(queue)].id, NOW, schedule, history=history)
            else:
                order = [p.id for p in queue]
                order.insert(n % len(order), order.pop((n // 7) % len(order)))
                queue = reorder(queue, order, schedule, NOW, history=history)
        except ScheduleError as err:
            assert "refused" in str(err) or "shuffled orders" in str(err)
        # A queue that kept the rules keeps them through edits.
        assert _queue_violations(history, queue, rule) == []


def _queue_violations(
    history: list[PublishedPost], queue: tuple[QueuedPost, ...], rule: MixRule
) -> list[MixViolation]:
    """Violations that involve a queued post (history alone may break a rule already)."""
    done = {p.id for p in history}
    return [
        v for v in check_mix([*history, *queue], [rule]) if any(i not in done for i in v.post_ids)
    ]
