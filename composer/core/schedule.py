"""Per-account posting queues: slot times, free-slot search, queue edits and the duplicate guard.

Pure: the current time is always an argument and every result is a new frozen value. Slots
are wall-clock times in the account's IANA time zone; everything returned is aware UTC.

Daylight saving: a ``09:00`` slot stays 09:00 local on both sides of a change. A slot that
falls in the spring-forward gap moves to the first valid minute after the gap; a slot in the
autumn-back overlap uses the first occurrence, once.

Queue edits (:func:`assign`, :func:`reorder`, :func:`post_next`, :func:`remove`) never move
a pinned post. Unpinned posts are laid out again, in queue order, into the earliest slots
that respect the minimum gap to every other post, the per-day maximum and the blackouts.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from urllib.parse import urlsplit

from composer.core.errors import KnownError
from composer.core.guide.model import Blackout, Schedule

#: How far ahead :func:`next_free_slot` looks before giving up.
HORIZON = timedelta(days=60)
#: Default window of the duplicate guard, in days.
DUPLICATE_DAYS = 30
# The longest gap any zone has skipped (Samoa, 2011) is one day; search a little further.
_MAX_GAP_MINUTES = 2 * 24 * 60
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}\"'"
_SPACE = re.compile(r"\s+")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ScheduleError(KnownError):
    """A schedule or queue operation is impossible (paused, no free slot, unknown post)."""


@dataclass(frozen=True, slots=True)
class QueuedPost:
    """One post waiting in an account's queue.

    Attributes:
        id: The post's id.
        account: The account's handle.
        scheduled_at: When it goes out (aware, UTC).
        pinned: A pinned post keeps its time when the queue is reordered.
        text: The post's text.
    """

    id: str
    account: str
    scheduled_at: datetime
    pinned: bool = False
    text: str = ""


def _zone(schedule: Schedule) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(schedule.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as err:
        raise ScheduleError(f"unknown time zone {schedule.timezone!r} in the schedule") from err


def _aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ScheduleError(f"{what} must be a time-zone aware datetime, got {value.isoformat()}")
    return value.astimezone(UTC)


def _resolve_local(naive: datetime, zone: tzinfo) -> datetime:
    """Turn a local wall time into UTC: first occurrence in an overlap, after the gap in a gap."""
    for step in range(_MAX_GAP_MINUTES + 1):
        local = (naive + timedelta(minutes=step)).replace(tzinfo=zone, fold=0)
        utc = local.astimezone(UTC)
        # A wall time that does not round-trip does not exist (it lies in a gap).
        if utc.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
            return utc
    raise ScheduleError(f"no valid local time near {naive.isoformat()}")  # pragma: no cover


def slot_times(schedule: Schedule, start: datetime, end: datetime) -> Iterator[datetime]:
    """The account's slots with ``start <= slot < end``, ascending, in UTC.

    Args:
        schedule: The account's schedule.
        start: Aware start of the window.
        end: Aware end of the window (exclusive).

    Yields:
        Each slot once, as an aware UTC datetime.

    Raises:
        ScheduleError: unknown time zone or a naive bound.
    """
    zone = _zone(schedule)
    start = _aware(start, "the window start")
    end = _aware(end, "the window end")
    if not schedule.slots or end <= start:
        return
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    while day <= last:
        found = {
            _resolve_local(datetime.combine(day, time(slot.hour, slot.minute)), zone)
            for slot in schedule.slots
            if day.weekday() in slot.days
        }
        for when in sorted(found):
            if start <= when < end:
                yield when
        day += timedelta(days=1)


def _bound(text: str, zone: tzinfo, *, is_end: bool) -> datetime:
    try:
        if _DATE_ONLY.fullmatch(text.strip()):
            day = date.fromisoformat(text.strip())
            # A date-only end covers that whole day.
            day += timedelta(days=1 if is_end else 0)
            return _resolve_local(datetime.combine(day, time()), zone)
        moment = datetime.fromisoformat(text.strip())
    except ValueError as err:
        which = "end" if is_end else "start"
        raise ScheduleError(f"blackout {which} {text!r} is not an ISO date or date-time") from err
    if moment.tzinfo is None:
        return _resolve_local(moment, zone)
    return moment.astimezone(UTC)


def _blackout_ranges(
    blackouts: Iterable[Blackout], zone: tzinfo
) -> tuple[tuple[datetime, datetime], ...]:
    return tuple(
        (_bound(b.start, zone, is_end=False), _bound(b.end, zone, is_end=True)) for b in blackouts
    )


def in_blackout(schedule: Schedule, when: datetime) -> bool:
    """Whether ``when`` falls in one of the schedule's blackouts (start inclusive, end exclusive).

    Raises:
        ScheduleError: unknown time zone, a naive ``when`` or an unreadable blackout.
    """
    zone = _zone(schedule)
    moment = _aware(when, "the time")
    return any(lo <= moment < hi for lo, hi in _blackout_ranges(schedule.blackouts, zone))


def _free(
    when: datetime,
    taken: Sequence[datetime],
    per_day: Mapping[date, int],
    schedule: Schedule,
    zone: tzinfo,
) -> bool:
    gap = timedelta(minutes=max(schedule.min_gap_minutes, 0))
    for other in taken:
        distance = abs(when - other)
        if distance == timedelta(0) or distance < gap:
            return False
    if schedule.max_per_day > 0:
        return per_day.get(when.astimezone(zone).date(), 0) < schedule.max_per_day
    return True


def _next_free(
    schedule: Schedule, taken: Sequence[datetime], now: datetime, account: str
) -> datetime:
    zone = _zone(schedule)
    now = _aware(now, "now")
    if not schedule.slots:
        raise ScheduleError(
            f"account {account or '(unnamed)'} has no posting slots in its schedule"
        )
    blackouts = _blackout_ranges(schedule.blackouts, zone)
    per_day: dict[date, int] = {}
    for moment in taken:
        local_day = moment.astimezone(zone).date()
        per_day[local_day] = per_day.get(local_day, 0) + 1
    for when in slot_times(schedule, now + timedelta(microseconds=1), now + HORIZON):
        if any(lo <= when < hi for lo, hi in blackouts):
            continue
        if _free(when, taken, per_day, schedule, zone):
            return when
    raise ScheduleError(
        f"no free posting slot for account {account or '(unnamed)'} in the next "
        f"{HORIZON.days} days (queue full, blackouts or max per day)"
    )


def next_free_slot(
    schedule: Schedule,
    queue: Sequence[QueuedPost],
    now: datetime,
    *,
    paused: bool = False,
) -> datetime:
    """The first slot after ``now`` that no queued post blocks.

    A slot is free when it is at least ``min_gap_minutes`` from every queued post (and not
    equal to one), its local day holds fewer than ``max_per_day`` posts, and it is outside
    every blackout.

    Args:
        schedule: The account's schedule.
        queue: The account's queued posts.
        now: The current time (aware).
        paused: Whether the account's queue is paused.

    Returns:
        The slot, aware UTC.

    Raises:
        ScheduleError: the account is paused, has no slots, or no slot is free within 60 days.
    """
    account = queue[0].account if queue else ""
    if paused:
        raise ScheduleError(
            f"account {account or '(unnamed)'} is paused; resume its queue to schedule posts"
        )
    return _next_free(
        schedule, [_aware(p.scheduled_at, "a queued time") for p in queue], now, account
    )


def _index(queue: Sequence[QueuedPost]) -> dict[str, QueuedPost]:
    by_id: dict[str, QueuedPost] = {}
    for post in queue:
        if post.id in by_id:
            raise ScheduleError(f"post {post.id!r} appears twice in the queue")
        by_id[post.id] = post
    return by_id


def _get(by_id: Mapping[str, QueuedPost], post_id: str) -> QueuedPost:
    try:
        return by_id[post_id]
    except KeyError:
        raise ScheduleError(f"post {post_id!r} is not in the queue") from None


def _ordered(posts: Iterable[QueuedPost]) -> tuple[QueuedPost, ...]:
    return tuple(sorted(posts, key=lambda p: (p.scheduled_at, p.id)))


def _lay_out(
    schedule: Schedule,
    pinned: Sequence[QueuedPost],
    unpinned: Sequence[QueuedPost],
    now: datetime,
) -> tuple[QueuedPost, ...]:
    """Give the unpinned posts, in this order, the earliest free slots around the pinned ones."""
    placed = list(pinned)
    taken = [_aware(p.scheduled_at, "a queued time") for p in pinned]
    for post in unpinned:
        when = _next_free(schedule, taken, now, post.account)
        taken.append(when)
        placed.append(replace(post, scheduled_at=when, pinned=False))
    return _ordered(placed)


def _split(queue: Sequence[QueuedPost]) -> tuple[list[QueuedPost], list[QueuedPost]]:
    ordered = _ordered(queue)
    return [p for p in ordered if p.pinned], [p for p in ordered if not p.pinned]


def assign(
    schedule: Schedule,
    queue: Sequence[QueuedPost],
    new_ids: Sequence[str],
    now: datetime,
    *,
    account: str = "",
    texts: Mapping[str, str] | None = None,
    paused: bool = False,
) -> tuple[QueuedPost, ...]:
    """Give each post, in order, the next free slot; posts already queued stay put.

    An id already in the queue is taken out and given the next free slot (unpinned), which
    may be its old one; any other id becomes a new post for ``account`` with its text from
    ``texts``.

    Returns:
        The whole queue, sorted by time.

    Raises:
        ScheduleError: paused, an id given twice, or no free slot.
    """
    by_id = _index(queue)
    if len(set(new_ids)) != len(new_ids):
        raise ScheduleError("the same post was given twice to be queued")
    name = account or (queue[0].account if queue else "")
    if paused:
        raise ScheduleError(
            f"account {name or '(unnamed)'} is paused; resume its queue to schedule posts"
        )
    texts = texts or {}
    kept = [p for p in queue if p.id not in set(new_ids)]
    result = list(kept)
    taken = [_aware(p.scheduled_at, "a queued time") for p in kept]
    for post_id in new_ids:
        old = by_id.get(post_id)
        owner = old.account if old is not None else name
        when = _next_free(schedule, taken, now, owner)
        taken.append(when)
        if old is not None:
            result.append(replace(old, scheduled_at=when, pinned=False))
        else:
            result.append(
                QueuedPost(post_id, owner, when, pinned=False, text=texts.get(post_id, ""))
            )
    return _ordered(result)


def reorder(
    queue: Sequence[QueuedPost],
    ordered_ids: Sequence[str],
    schedule: Schedule,
    now: datetime,
) -> tuple[QueuedPost, ...]:
    """Put the unpinned posts in a new order; they take the earliest free slots in that order.

    ``ordered_ids`` must name every unpinned post exactly once; pinned ids may appear and are
    ignored (pinned posts keep their time).

    Raises:
        ScheduleError: an unknown, repeated or missing id, or no free slot.
    """
    by_id = _index(queue)
    pinned, unpinned = _split(queue)
    wanted = [_get(by_id, post_id) for post_id in ordered_ids]
    moving = [p for p in wanted if not p.pinned]
    if len({p.id for p in moving}) != len(moving):
        raise ScheduleError("the new order names a post twice")
    missing = [p.id for p in unpinned if p.id not in {m.id for m in moving}]
    if missing:
        raise ScheduleError(f"the new order leaves out post(s) {', '.join(missing)}")
    return _lay_out(schedule, pinned, moving, now)


def pin(queue: Sequence[QueuedPost], post_id: str, at: datetime) -> tuple[QueuedPost, ...]:
    """Fix a post at ``at``; later queue edits leave it there.

    Other posts are not moved; call :func:`reorder` with the current order to lay the
    unpinned posts out around it.

    Raises:
        ScheduleError: unknown id or naive ``at``.
    """
    by_id = _index(queue)
    target = _get(by_id, post_id)
    when = _aware(at, "the pinned time")
    return _ordered(replace(p, scheduled_at=when, pinned=True) if p is target else p for p in queue)


def post_next(
    queue: Sequence[QueuedPost], post_id: str, now: datetime, schedule: Schedule
) -> tuple[QueuedPost, ...]:
    """Move a post to the front of the queue (unpinning it); the others move back a slot.

    Raises:
        ScheduleError: unknown id or no free slot.
    """
    by_id = _index(queue)
    target = _get(by_id, post_id)
    pinned, unpinned = _split(queue)
    pinned = [p for p in pinned if p.id != post_id]
    rest = [p for p in unpinned if p.id != post_id]
    return _lay_out(schedule, pinned, [replace(target, pinned=False), *rest], now)


def remove(
    queue: Sequence[QueuedPost], post_id: str, schedule: Schedule, now: datetime
) -> tuple[QueuedPost, ...]:
    """Take a post out; later unpinned posts move up into the freed slots.

    Raises:
        ScheduleError: unknown id or no free slot.
    """
    by_id = _index(queue)
    _get(by_id, post_id)
    pinned, unpinned = _split(queue)
    return _lay_out(
        schedule,
        [p for p in pinned if p.id != post_id],
        [p for p in unpinned if p.id != post_id],
        now,
    )


def _url_key(match: re.Match[str]) -> str:
    raw = match.group(0)
    stripped = raw.rstrip(_URL_TRAILING)
    tail = raw[len(stripped) :]
    parts = urlsplit(stripped)
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/") + tail


def normalise_for_duplicates(text: str) -> str:
    """The form two posts are compared in by the duplicate guard.

    NFC, URLs reduced to host and path (no scheme, ``www.``, query or fragment), case-folded,
    whitespace collapsed to single spaces and trimmed.
    """
    text = unicodedata.normalize("NFC", text)
    text = _URL.sub(_url_key, text)
    text = _SPACE.sub(" ", text.casefold()).strip()
    return unicodedata.normalize("NFC", text)


def is_duplicate(
    text: str,
    history: Iterable[tuple[str, datetime]],
    now: datetime,
    days: int = DUPLICATE_DAYS,
) -> bool:
    """Whether ``text`` repeats a post sent (or queued) within ``days`` days of ``now``.

    Args:
        text: The new post.
        history: ``(text, when)`` pairs of earlier or queued posts (aware datetimes).
        now: The current time (aware).
        days: The window; a post exactly ``days`` days away still counts.

    Raises:
        ScheduleError: a naive datetime.
    """
    key = normalise_for_duplicates(text)
    if not key:
        return False
    now = _aware(now, "now")
    window = timedelta(days=days)
    return any(
        abs(now - _aware(when, "a history time")) <= window and normalise_for_duplicates(old) == key
        for old, when in history
    )
