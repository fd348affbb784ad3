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
    split_thread,
)

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
    """

    weighted_length: float
    limit: float
    remaining: float
    fraction: float
    state: CounterState
    overflow_start: int | None
    entities: tuple[Entity, ...]
    valid: bool

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
class ThreadPart:
    """One post of a thread preview."""

    number: int
    total: int
    text: str
    weighted_length: float
    limit: float


def thread_parts(
    text: str, config: CountingConfig, *, numbering: bool = True
) -> tuple[ThreadPart, ...]:
    """Split ``text`` into a thread and measure each part (empty text gives no parts)."""
    if not text.strip():
        return ()
    parts = split_thread(text, config, numbering=numbering)
    total = len(parts)
    return tuple(
        ThreadPart(
            number=i,
            total=total,
            text=part,
            weighted_length=parse_tweet(part, config).weighted_length,
            limit=config.limit,
        )
        for i, part in enumerate(parts, start=1)
    )
