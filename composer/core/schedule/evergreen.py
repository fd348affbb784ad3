"""Evergreen re-posts: an original goes out again up to N times, each in another wording."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from composer.core.guide.model import MixRule, Schedule
from composer.core.schedule.board import Board
from composer.core.schedule.duplicates import ensure_not_duplicate, normalise_for_duplicates
from composer.core.schedule.edits import index_queue, mix_rules, ordered, refuse_paused
from composer.core.schedule.posts import PublishedPost, QueuedPost, ScheduleError
from composer.core.schedule.slots import aware


def plan_evergreen(
    schedule: Schedule,
    queue: Sequence[QueuedPost],
    original_id: str,
    wordings: Sequence[tuple[str, str]],
    now: datetime,
    *,
    max_reposts: int,
    min_interval: timedelta,
    history: Sequence[PublishedPost],
    tags: Mapping[str, frozenset[str]] | None = None,
    mix: Sequence[MixRule] | None = None,
    paused: bool = False,
) -> tuple[QueuedPost, ...]:
    """Queue re-posts of an evergreen post, each with a different approved wording.

    Re-posts already queued or published for the original count toward ``max_reposts``;
    the wordings are used in the order given until that many exist. Each re-post goes in the
    first free slot at least ``min_interval`` after the original and the re-posts before it,
    and keeps that distance from every post of its family through later queue edits
    (:attr:`QueuedPost.repost_interval`).

    Args:
        schedule: The account's schedule.
        queue: The account's queue.
        original_id: The evergreen post, queued or in ``history``.
        wordings: ``(id, text)`` of each approved wording, in the order to use them.
        now: The current time (aware).
        max_reposts: The most re-posts the original may have in all.
        min_interval: The least time between two posts of the family.
        history: Published posts of the account.
        tags: Mix tags of each wording (default: the original's tags).
        mix: Content-mix rules (default: the schedule's).
        paused: Whether the account's queue is paused.

    Returns:
        The whole queue, sorted by time.

    Raises:
        ScheduleError: unknown original, no re-posts left, a wording that repeats the
            original, another wording or a recent post (nothing is queued then), a bad
            limit or interval, paused, or no free slot.
    """
    by_id = index_queue(queue)
    original = _original(by_id, history, original_id)
    if max_reposts < 1 or min_interval <= timedelta(0):
        raise ScheduleError("evergreen re-posts need max_reposts >= 1 and a positive interval")
    refuse_paused(original.account, paused=paused)
    family = [p for p in queue if p.evergreen_of == original_id]
    done = [p for p in history if p.evergreen_of == original_id]
    left = max_reposts - len(family) - len(done)
    if left <= 0:
        raise ScheduleError(
            f"{original_id!r} has already been re-posted {len(family) + len(done)} time(s), "
            f"the most allowed ({max_reposts})"
        )
    chosen = list(wordings[:left])
    if not chosen:
        raise ScheduleError(f"no approved wordings given to re-post {original_id!r}")
    _check_wordings(original, chosen, queue, history, now)
    start = max(
        aware(when, "a post time")
        for when in (
            _time(original),
            *(p.scheduled_at for p in family),
            *(p.published_at for p in done),
        )
    )
    first_number = max([len(family) + len(done), *(p.repost_number for p in family)]) + 1
    board = Board(
        schedule,
        now,
        account=original.account,
        mix=mix_rules(schedule, mix),
        history=history,
        posts=queue,
    )
    placed: list[QueuedPost] = []
    for number, (post_id, text) in enumerate(chosen, start=first_number):
        post = QueuedPost(
            post_id,
            original.account,
            board.now,
            text=text,
            evergreen_of=original_id,
            repost_number=number,
            repost_interval=min_interval,
            tags=(tags or {}).get(post_id, original.tags),
        )
        post = board.place(post, use_mix=True, not_before=start + min_interval)
        placed.append(post)
        start = post.scheduled_at
    return ordered([*queue, *placed])


def _original(
    by_id: Mapping[str, QueuedPost], history: Sequence[PublishedPost], original_id: str
) -> QueuedPost | PublishedPost:
    found: QueuedPost | PublishedPost | None = by_id.get(original_id)
    if found is None:
        found = next((p for p in history if p.id == original_id), None)
    if found is None:
        raise ScheduleError(f"evergreen post {original_id!r} is neither queued nor published")
    if found.evergreen_of:
        raise ScheduleError(
            f"{original_id!r} is itself a re-post of {found.evergreen_of!r}; "
            "plan re-posts from the original"
        )
    return found


def _time(post: QueuedPost | PublishedPost) -> datetime:
    return post.scheduled_at if isinstance(post, QueuedPost) else post.published_at


def _check_wordings(
    original: QueuedPost | PublishedPost,
    chosen: Sequence[tuple[str, str]],
    queue: Sequence[QueuedPost],
    history: Sequence[PublishedPost],
    now: datetime,
) -> None:
    by_id = {p.id for p in queue}
    originals = {normalise_for_duplicates(t) for t in original.texts}
    seen: dict[str, str] = {}
    for post_id, text in chosen:
        if post_id == original.id:
            raise ScheduleError(f"wording {post_id!r} has the original's id")
        if post_id in by_id:
            raise ScheduleError(f"wording {post_id!r} is already in the queue")
        if post_id in seen.values():
            raise ScheduleError(f"wording {post_id!r} is given twice")
        key = normalise_for_duplicates(text)
        if not key:
            raise ScheduleError(f"wording {post_id!r} has no text")
        if key in originals:
            raise ScheduleError(
                f"wording {post_id!r} repeats the original {original.id!r}; a re-post needs "
                "a different approved wording"
            )
        if key in seen:
            raise ScheduleError(f"wordings {seen[key]!r} and {post_id!r} have the same text")
        seen[key] = post_id
        ensure_not_duplicate(post_id, (text,), queue, history, now)
