"""A/B variants: two approved wordings of one post, queued as a pair a chosen spacing apart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from composer.core.guide.model import MixRule, Schedule
from composer.core.schedule.board import Board
from composer.core.schedule.duplicates import ensure_not_duplicate, normalise_for_duplicates
from composer.core.schedule.edits import index_queue, mix_rules, ordered, refuse_paused
from composer.core.schedule.posts import PublishedPost, QueuedPost, ScheduleError


@dataclass(frozen=True, slots=True)
class VariantPair:
    """Both posts of an A/B pair, for comparing how each did.

    Attributes:
        group: The pair's group id.
        a: Variant A (goes out first).
        b: Variant B.
    """

    group: str
    a: QueuedPost
    b: QueuedPost

    @property
    def spacing(self) -> timedelta:
        """The least time from A to B."""
        return max(self.a.variant_spacing, self.b.variant_spacing)


def variant_pairs(queue: Sequence[QueuedPost]) -> tuple[VariantPair, ...]:
    """Every complete A/B pair in the queue, ordered by A's time."""
    groups: dict[str, dict[str, QueuedPost]] = {}
    for post in queue:
        if post.variant_group:
            groups.setdefault(post.variant_group, {})[post.variant] = post
    pairs = [VariantPair(g, p["A"], p["B"]) for g, p in groups.items() if len(p) == 2]
    return tuple(sorted(pairs, key=lambda pair: (pair.a.scheduled_at, pair.group)))


def assign_variants(
    schedule: Schedule,
    queue: Sequence[QueuedPost],
    group_id: str,
    ids: tuple[str, str],
    now: datetime,
    *,
    spacing: timedelta,
    account: str = "",
    texts: Mapping[str, str],
    tags: Mapping[str, frozenset[str]] | None = None,
    history: Sequence[PublishedPost] = (),
    mix: Sequence[MixRule] | None = None,
    paused: bool = False,
) -> tuple[QueuedPost, ...]:
    """Queue two wordings of one post as an A/B pair.

    A takes the next free slot; B takes the first free slot at least ``spacing`` after A.
    Both respect the minimum gap, the day's maximum, blackouts and mix rules like any post
    (so a spacing shorter than the gap is in effect the gap).

    Args:
        schedule: The account's schedule.
        queue: The account's queue.
        group_id: The pair's id (new to the queue).
        ids: The ids of variant A and variant B.
        now: The current time (aware).
        spacing: The least time from A to B.
        account: The account's handle.
        texts: The text of each id.
        tags: Mix tags of each id (none when missing).
        history: Published posts of the account (duplicate guard, gap, mix).
        mix: Content-mix rules (default: the schedule's).
        paused: Whether the account's queue is paused.

    Returns:
        The whole queue, sorted by time.

    Raises:
        ScheduleError: paused, a bad group or id, a missing or repeated text, a negative
            spacing, or no free slot.
    """
    index_queue(queue)
    name = account or (queue[0].account if queue else "")
    _check_request(queue, group_id, ids, texts, spacing)
    refuse_paused(name, paused=paused)
    for post_id in ids:
        ensure_not_duplicate(post_id, (texts[post_id],), queue, history, now)
    board = Board(
        schedule, now, account=name, mix=mix_rules(schedule, mix), history=history, posts=queue
    )
    placed = [
        board.place(
            QueuedPost(
                post_id,
                name,
                board.now,
                text=texts[post_id],
                variant_group=group_id,
                variant=label,
                variant_spacing=spacing,
                tags=(tags or {}).get(post_id, frozenset()),
            ),
            use_mix=True,
        )
        for post_id, label in zip(ids, ("A", "B"), strict=True)
    ]
    return ordered([*queue, *placed])


def _check_request(
    queue: Sequence[QueuedPost],
    group_id: str,
    ids: tuple[str, str],
    texts: Mapping[str, str],
    spacing: timedelta,
) -> None:
    if not group_id.strip():
        raise ScheduleError("an A/B pair needs a group id")
    if any(p.variant_group == group_id for p in queue):
        raise ScheduleError(f"the A/B group {group_id!r} is already in the queue")
    if len(ids) != 2 or ids[0] == ids[1]:
        raise ScheduleError(f"an A/B pair needs two different post ids, got {list(ids)}")
    for post_id in ids:
        if any(p.id == post_id for p in queue):
            raise ScheduleError(f"post {post_id!r} is already in the queue")
        if not texts.get(post_id, "").strip():
            raise ScheduleError(f"variant {post_id!r} has no text")
    if spacing < timedelta(0):
        raise ScheduleError("the spacing between variants A and B cannot be negative")
    first, second = (normalise_for_duplicates(texts[i]) for i in ids)
    if first == second:
        raise ScheduleError(
            f"variants {ids[0]!r} and {ids[1]!r} have the same text; an A/B test needs two "
            "different wordings"
        )
