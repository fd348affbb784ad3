"""Content-mix rules: at most so many posts of a kind in any run of consecutive posts.

A post's kinds are its ``tags``, tone-measure names the caller computes when it queues the
post (:func:`mix_tags` turns a tone report's measurements into tags), plus the post's kind:
``announcement`` (a post of the account's own) or ``reply`` (it answers a post on X), so a
rule such as "at most 1 announcement in any 5" keeps the account conversing
(:func:`kind_tags`). Runs are counted in
posting order, published posts included when the caller passes them. A sequence shorter than
a rule's ``in_any`` is one run: two promotional posts in a row already break "at most 1 in any
4", since no later post can come between them.

A share rule ("announcements at most 20% of posts a week") counts per calendar period of the
account's time zone instead (:func:`check_shares`, :func:`share_allows`): a period is judged as
holding at least its ``min_posts`` (by default enough for one counted post), so the first
announcement of a quiet week is allowed and the second needs the replies that make it a fifth.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Protocol

from composer.core.guide.model import MixRule


class Tagged(Protocol):
    """Anything with an id and mix tags (a queued or a published post)."""

    @property
    def id(self) -> str:
        """The post's id."""
        ...

    @property
    def tags(self) -> frozenset[str]:
        """The tone measures it counts toward."""
        ...


@dataclass(frozen=True, slots=True)
class MixViolation:
    """A run of consecutive posts holding more counted posts than a rule allows.

    Attributes:
        rule: The broken rule.
        post_ids: The counted posts in the run, in posting order.
        window: Every post in the run (or in the share rule's period), in posting order.
        period: A share rule's period in words (``the week of 2026-03-02``); empty for runs.
    """

    rule: MixRule
    post_ids: tuple[str, ...]
    window: tuple[str, ...]
    period: str = ""

    @property
    def message(self) -> str:
        """A sentence naming the posts and the rule."""
        names = ", ".join(repr(i) for i in self.post_ids)
        if self.rule.is_share:
            share = 100 * len(self.post_ids) / len(self.window)
            return (
                f"{len(self.post_ids)} {self.rule.measure} posts ({names}) of "
                f"{len(self.window)} in {self.period} ({share:.0f}%) break the content-mix "
                f"rule '{self.rule}'"
            )
        return (
            f"{len(self.post_ids)} {self.rule.measure} posts ({names}) within "
            f"{len(self.window)} consecutive posts break the content-mix rule '{self.rule}'"
        )


def mix_tags(measures: Mapping[str, float], rules: Sequence[MixRule]) -> frozenset[str]:
    """The rules' measures a post counts toward, from its tone measurements.

    Args:
        measures: Measurement values by name, as ``ToneResult.metrics`` gives them.
        rules: The account's mix rules.

    Returns:
        The names of the measures at or above their rule's threshold; a measure missing
        from ``measures`` does not count.
    """
    return frozenset(
        rule.measure
        for rule in rules
        if rule.measure in measures and measures[rule.measure] >= rule.threshold
    )


#: Mix measures that name a post's kind rather than a tone measure.
ANNOUNCEMENT = "announcement"
REPLY = "reply"
KIND_MEASURES = (ANNOUNCEMENT, REPLY)


def kind_tags(*, is_reply: bool, rules: Sequence[MixRule]) -> frozenset[str]:
    """The kind a post counts toward (``reply`` or ``announcement``), when a rule names it."""
    kind = REPLY if is_reply else ANNOUNCEMENT
    return frozenset({kind}) if any(rule.measure == kind for rule in rules) else frozenset()


def _windows(count: int, size: int) -> range:
    """Start indexes of the runs of ``size`` in ``count`` posts (one run when fewer)."""
    return range(max(count - size, 0) + 1) if count else range(0)


def check_mix(posts: Sequence[Tagged], rules: Sequence[MixRule]) -> list[MixViolation]:
    """Every run of consecutive posts that breaks a rule.

    Args:
        posts: The account's posts in posting order (published ones first, if wanted).
        rules: The account's mix rules.

    Returns:
        One violation per distinct set of counted posts per rule, in posting order.
    """
    out: list[MixViolation] = []
    for rule in rules:
        if rule.is_share:
            continue  # counted by calendar period: check_shares
        flags = [rule.measure in p.tags for p in posts]
        seen: set[tuple[str, ...]] = set()
        for start in _windows(len(posts), rule.in_any):
            run = posts[start : start + rule.in_any]
            counted = tuple(p.id for p, flag in zip(run, flags[start:], strict=False) if flag)
            if len(counted) > rule.at_most and counted not in seen:
                seen.add(counted)
                out.append(MixViolation(rule, counted, tuple(p.id for p in run)))
    return out


def breaks_rule(flags: Sequence[bool], index: int, rule: MixRule) -> bool:
    """Whether a run holding ``flags[index]`` has more counted posts than ``rule`` allows.

    Only runs through ``index`` are looked at: the caller adds one post to a sequence and
    asks whether that post is what breaks the rule.
    """
    size = rule.in_any
    if len(flags) <= size:
        return sum(flags) > rule.at_most
    first = max(index - size + 1, 0)
    last = min(index, len(flags) - size)
    count = sum(flags[first : first + size])
    for start in range(first, last + 1):
        if start > first:
            count += flags[start + size - 1] - flags[start - 1]
        if count > rule.at_most:
            return True
    return False


def base_posts(rule: MixRule) -> int:
    """How many posts a share rule's period counts as at least (see :class:`MixRule`)."""
    return rule.min_posts or math.ceil(100 / rule.percent)


def share_allows(counted: int, total: int, rule: MixRule) -> bool:
    """Whether ``counted`` of a period's ``total`` posts keep a share rule."""
    return counted * 100 <= rule.percent * max(total, base_posts(rule))


def period_bounds(when: datetime, per: str, zone: tzinfo) -> tuple[datetime, datetime]:
    """The calendar ``day``, ``week`` (from Monday) or ``month`` holding ``when``, in ``zone``.

    Returns:
        Its first instant and the first instant after it (aware, in ``zone``).
    """
    day = when.astimezone(zone).date()
    if per == "day":
        start, end = day, day + timedelta(days=1)
    elif per == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=7)
    elif per == "month":
        start = day.replace(day=1)
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    else:
        raise ValueError(f"unknown period {per!r}")
    return datetime.combine(start, time(), zone), datetime.combine(end, time(), zone)


def period_name(start: datetime, per: str) -> str:
    """A period in words: ``2026-03-02``, ``the week of 2026-03-02`` or ``2026-03``."""
    if per == "month":
        return start.strftime("%Y-%m")
    if per == "week":
        return f"the week of {start.date().isoformat()}"
    return start.date().isoformat()


def check_shares(
    posts: Sequence[tuple[Tagged, datetime]], rules: Sequence[MixRule], zone: tzinfo
) -> list[MixViolation]:
    """Every calendar period whose posts break a share rule.

    Args:
        posts: The account's posts with their times (published, then queued), any order.
        rules: The account's mix rules (run rules are left to :func:`check_mix`).
        zone: The account's time zone, in which periods begin at midnight.

    Returns:
        One violation per rule and period, periods in time order.
    """
    out: list[MixViolation] = []
    ordered = sorted(posts, key=lambda p: (p[1], p[0].id))
    for rule in rules:
        if not rule.is_share:
            continue
        periods: dict[datetime, list[Tagged]] = {}
        for post, when in ordered:
            periods.setdefault(period_bounds(when, rule.per, zone)[0], []).append(post)
        for start, members in periods.items():
            counted = tuple(p.id for p in members if rule.measure in p.tags)
            if not share_allows(len(counted), len(members), rule):
                window = tuple(p.id for p in members)
                out.append(MixViolation(rule, counted, window, period_name(start, rule.per)))
    return out
