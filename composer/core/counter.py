"""What the counter beside the editor shows, computed from a draft and a counting config.

The UI only paints this: the remaining characters, how full the ring is, its state colour,
where the overflow starts, and which entities to mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from composer.core.text import (
    CountingConfig,
    Entity,
    extract_entities,
    get_config,
    parse_tweet,
)
from composer.core.threads import part_spans

#: Twitter's composer turns the ring amber when this many characters are left.
WARN_REMAINING = 20


class CounterState(StrEnum):
    """The counter's colour state."""

    EMPTY = "empty"
    OK = "ok"
    WARN = "warn"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class CounterView:
    """Everything the counter and the editor's overflow/entity marks need.

    Attributes:
        weighted_length: Length as twitter-text counts it (may be fractional with a custom scale).
        limit: The account's limit in the same units.
        remaining: ``limit - weighted_length`` (negative when over).
        fraction: How full the ring is, 0..1 (clamped).
        state: Colour state.
        overflow_start: Python index where the text passes the limit, or ``None``.
        entities: URLs, mentions, lists, hashtags and cashtags with Python spans.
        valid: Whether twitter-text accepts the draft (non-empty, within limit, no invalid chars).
        posts: How many posts the draft is (a thread has parts between ``---`` lines).
        post_number: Which post the numbers are for (a thread shows its tightest post).
        overflows: Every ``(start, end)`` past a post's limit (a thread's posts each have
            their own); empty for a single post, whose overflow runs from ``overflow_start``.
    """

    weighted_length: float
    limit: float
    remaining: float
    fraction: float
    state: CounterState
    overflow_start: int | None
    entities: tuple[Entity, ...]
    valid: bool
    posts: int = 1
    post_number: int = 1
    overflows: tuple[tuple[int, int], ...] = ()

    @property
    def remaining_label(self) -> str:
        """The number shown in the ring: whole characters, as Twitter shows them."""
        value = self.remaining
        return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def limited_config(
    config: str | Mapping[str, Any] | CountingConfig, limit: int | None
) -> CountingConfig:
    """The counting config with its limit replaced by ``limit`` (an account's own limit)."""
    base = get_config(config)
    if limit is None or limit == base.limit:
        return base
    return replace(base, max_weighted_tweet_length=limit)


def counter_view(text: str, config: CountingConfig) -> CounterView:
    """Compute the counter for ``text`` under ``config`` (see :func:`limited_config`)."""
    result = parse_tweet(text, config)
    limit = config.limit
    weighted = result.weighted_length
    remaining = limit - weighted
    fraction = min(1.0, max(0.0, weighted / limit)) if limit else 1.0
    if not text:
        state = CounterState.EMPTY
    elif remaining < 0:
        state = CounterState.OVER
    elif remaining <= WARN_REMAINING:
        state = CounterState.WARN
    else:
        state = CounterState.OK
    return CounterView(
        weighted_length=weighted,
        limit=limit,
        remaining=remaining,
        fraction=fraction,
        state=state,
        overflow_start=result.overflow_start,
        entities=extract_entities(text),
        valid=result.valid,
    )


@dataclass(frozen=True, slots=True)
class PostCount:
    """One post of a draft (a thread has several) with its own counter."""

    number: int
    start: int
    end: int
    view: CounterView


def post_counts(text: str, config: CountingConfig) -> tuple[PostCount, ...]:
    """Each post of ``text`` (parts as :func:`composer.core.threads.part_spans` decides)."""
    return tuple(
        PostCount(number, start, end, counter_view(text[start:end], config))
        for number, (start, end) in enumerate(part_spans(text), start=1)
    )


def draft_counter_view(text: str, config: CountingConfig) -> CounterView:
    """The counter of a draft: :func:`counter_view` for one post; per post for a thread.

    A thread shows its tightest post (the fewest characters left, the first of equals), with
    the entities and overflows of every post in whole-text indices.
    """
    posts = post_counts(text, config)
    if len(posts) == 1:
        return counter_view(text, config)
    tightest = min(posts, key=lambda p: p.view.remaining)
    overflows = tuple(
        (p.start + p.view.overflow_start, p.end)
        for p in posts
        if p.view.overflow_start is not None and p.view.overflow_start < p.end - p.start
    )
    entities = tuple(
        replace(e, start=e.start + p.start, end=e.end + p.start)
        for p in posts
        for e in p.view.entities
    )
    return replace(
        tightest.view,
        overflow_start=overflows[0][0] if overflows else None,
        entities=entities,
        valid=all(p.view.valid for p in posts),
        posts=len(posts),
        post_number=tightest.number,
        overflows=overflows,
    )


@dataclass(frozen=True, slots=True)
class ThreadPart:
    """One post of a thread preview."""

    number: int
    total: int
    text: str
    weighted_length: float
    limit: float


def thread_parts(text: str, config: CountingConfig) -> tuple[ThreadPart, ...]:
    """The posts of ``text`` as they will go out, each measured (empty text gives none)."""
    if not text.strip():
        return ()
    posts = post_counts(text, config)
    return tuple(
        ThreadPart(
            number=p.number,
            total=len(posts),
            text=text[p.start : p.end],
            weighted_length=p.view.weighted_length,
            limit=config.limit,
        )
        for p in posts
    )
