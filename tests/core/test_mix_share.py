"""Share-per-period mix rules: "announcements at most 20% of posts a week"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from composer.core.guide import load_guide
from composer.core.guide.loader import lint_guide
from composer.core.guide.model import MixRule, Schedule, Slot
from composer.core.schedule import ScheduleError
from composer.core.schedule.edits import mix_violations, next_free_slot, reorder
from composer.core.schedule.mix import check_mix, check_shares, period_bounds, share_allows
from composer.core.schedule.posts import PublishedPost, QueuedPost

WEEKLY_FIFTH = MixRule("announcement", 0, 0, percent=20, per="week")
ANN = frozenset({"announcement"})
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


@dataclass(frozen=True)
class Post:
    id: str
    tags: frozenset[str]


def guide(tmp_path: Path, rule: str) -> Path:
    path = tmp_path / "g.yml"
    path.write_text(
        "brand: T\naccounts:\n  - handle: '@T'\n    schedule:\n      slots: ['daily 09:00']\n"
        f"      mix:\n        - {rule}\n",
        encoding="utf-8",
    )
    return path


def test_the_guide_reads_a_share_rule_beside_run_rules(tmp_path: Path) -> None:
    path = guide(tmp_path, "{measure: announcement, at_most_percent: '20%', per: week}")
    assert lint_guide(path) == []
    schedule = load_guide(path).account("T").schedule
    assert schedule is not None
    (rule,) = schedule.mix
    assert rule == WEEKLY_FIFTH and rule.is_share
    assert str(rule) == "at most 20% announcement posts a week"
    path = guide(tmp_path, "{measure: reply, at_most_percent: 90, per: day, min_posts: 10}")
    (rule,) = load_guide(path).account("T").schedule.mix  # type: ignore[union-attr]
    assert (rule.percent, rule.per, rule.min_posts) == (90, "day", 10)
    assert str(rule) == "at most 90% reply posts a day (counted from 10 posts)"


@pytest.mark.parametrize(
    ("rule", "key", "message"),
    [
        ("{measure: announcement, at_most_percent: 20, per: year}", "per", "day, week or month"),
        (
            "{measure: announcement, at_most_percent: 120, per: week}",
            "at_most_percent",
            "below 100",
        ),
        ("{measure: announcement, at_most_percent: 'a lot', per: week}", "at_most_percent", "20%"),
        ("{measure: announcement, per: week}", "", "missing 'at_most_percent'"),
        ("{measure: announcement, at_most_percent: 20, per: week, in_any: 5}", "in_any", "run"),
        (
            "{measure: announcement, at_most_percent: 20, per: week, min_posts: 0}",
            "min_posts",
            ">= 1",
        ),
        ("{measure: news, at_most_percent: 20, per: week}", "measure", "news"),
        ("{measure: announcement, at_most_percent: 20, per: week, every: 2}", "every", "unknown"),
    ],
)
def test_bad_share_rules_name_file_and_key(
    tmp_path: Path, rule: str, key: str, message: str
) -> None:
    problems = lint_guide(guide(tmp_path, rule))
    assert problems, rule
    text = "\n".join(str(p) for p in problems)
    assert "g.yml:" in text and message in text
    if key:
        assert key in text


def test_a_period_counts_as_at_least_enough_posts_for_one_counted() -> None:
    # 20%: a quiet week (one post) may hold one announcement, not two; ten posts hold two.
    assert share_allows(1, 1, WEEKLY_FIFTH)
    assert not share_allows(2, 2, WEEKLY_FIFTH)
    assert not share_allows(2, 9, WEEKLY_FIFTH)
    assert share_allows(2, 10, WEEKLY_FIFTH)
    strict = MixRule("announcement", 0, 0, percent=20, per="week", min_posts=10)
    assert not share_allows(1, 1, MixRule("announcement", 0, 0, percent=5, per="day", min_posts=2))
    assert share_allows(2, 2, strict)  # judged as ten posts


def test_periods_follow_the_account_time_zone() -> None:
    la = ZoneInfo("America/Los_Angeles")
    # Monday 05:00 UTC is still Sunday in Los Angeles: the week before.
    start, end = period_bounds(datetime(2026, 3, 2, 5, 0, tzinfo=UTC), "week", la)
    assert (start.date().isoformat(), end.date().isoformat()) == ("2026-02-23", "2026-03-02")
    start, end = period_bounds(MONDAY, "month", UTC)
    assert (start.isoformat(), end.isoformat()) == (
        "2026-03-01T00:00:00+00:00",
        "2026-04-01T00:00:00+00:00",
    )
    start, end = period_bounds(datetime(2026, 12, 31, tzinfo=UTC), "month", UTC)
    assert end.date().isoformat() == "2027-01-01"
    start, _ = period_bounds(MONDAY, "day", la)
    assert start.date().isoformat() == "2026-03-02" and start.utcoffset() == timedelta(hours=-8)


def test_check_shares_reports_the_period_and_posts() -> None:
    week = [
        (Post("a1", ANN), MONDAY),
        (Post("r1", frozenset()), MONDAY + timedelta(hours=1)),
        (Post("a2", ANN), MONDAY + timedelta(days=1)),
        (Post("r2", frozenset()), MONDAY + timedelta(days=2)),
    ]
    (violation,) = check_shares(week, [WEEKLY_FIFTH], UTC)
    assert violation.post_ids == ("a1", "a2")
    assert violation.window == ("a1", "r1", "a2", "r2")
    assert violation.message == (
        "2 announcement posts ('a1', 'a2') of 4 in the week of 2026-03-02 (50%) break the "
        "content-mix rule 'at most 20% announcement posts a week'"
    )
    # The same posts spread over two weeks keep the rule; run rules ignore share rules.
    spread = [*week[:2], (week[2][0], MONDAY + timedelta(days=7)), week[3]]
    assert check_shares(spread, [WEEKLY_FIFTH], UTC) == []
    assert check_mix([p for p, _ in week], [WEEKLY_FIFTH]) == []


def daily(hour: int = 9) -> Schedule:
    return Schedule(slots=(Slot(tuple(range(7)), hour, 0, f"daily {hour:02d}:00"),))


def test_queuing_skips_to_the_next_week_when_this_one_is_full_of_announcements() -> None:
    schedule = daily()
    history = [PublishedPost("p1", "@T", "news", MONDAY, tags=ANN)]
    now = MONDAY + timedelta(minutes=1)
    when = next_free_slot(schedule, [], now, tags=ANN, mix=[WEEKLY_FIFTH], history=history)
    assert when == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # next Monday: a new week
    # A reply (not counted) takes tomorrow's slot as usual.
    assert next_free_slot(schedule, [], now, mix=[WEEKLY_FIFTH], history=history) == MONDAY + (
        timedelta(days=1)
    )
    # With eight replies queued this week, a second announcement fits in it (2 of 10).
    replies = [QueuedPost(f"r{i}", "@T", MONDAY + timedelta(days=1, hours=i)) for i in range(1, 9)]
    when = next_free_slot(schedule, replies, now, tags=ANN, mix=[WEEKLY_FIFTH], history=history)
    assert when == MONDAY + timedelta(days=1)
    # With seven it does not (2 of 9 is 22%).
    when = next_free_slot(schedule, replies[:7], now, tags=ANN, mix=[WEEKLY_FIFTH], history=history)
    assert when == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


def test_mix_violations_and_reorder_refusal_use_the_share_rule() -> None:
    schedule = Schedule(
        slots=(Slot(tuple(range(7)), 9, 0, "daily 09:00"),),
        mix=(WEEKLY_FIFTH,),
    )
    now = MONDAY - timedelta(hours=1)
    queue = [
        QueuedPost("a1", "@T", MONDAY, tags=ANN),
        QueuedPost("r1", "@T", MONDAY + timedelta(days=1)),
        QueuedPost("r2", "@T", MONDAY + timedelta(days=2)),
        QueuedPost("r3", "@T", MONDAY + timedelta(days=3)),
        QueuedPost("r4", "@T", MONDAY + timedelta(days=4)),
        QueuedPost("r5", "@T", MONDAY + timedelta(days=5)),
        QueuedPost("r6", "@T", MONDAY + timedelta(days=6)),
        QueuedPost("a2", "@T", MONDAY + timedelta(days=7), tags=ANN),
    ]
    assert mix_violations(queue, [], schedule.mix) == []
    # Posting a2 second draws it into the first week: two announcements of seven, 29%.
    with pytest.raises(ScheduleError, match=r"the new order is refused: 2 announcement posts"):
        reorder(queue, ["a1", "a2", "r1", "r2", "r3", "r4", "r5", "r6"], schedule, now)
    kept = reorder(queue, ["a1", "r1", "r2", "r3", "r4", "r5", "r6", "a2"], schedule, now)
    assert [p.id for p in kept][-1] == "a2"
