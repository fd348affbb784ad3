"""Slot times in the account's time zone, blackouts, and a lazily built calendar of slots.

Daylight saving: a ``09:00`` slot stays 09:00 local on both sides of a change. A slot that
falls in the spring-forward gap moves to the first valid minute after the gap; a slot in the
autumn-back overlap uses the first occurrence, once.
"""

from __future__ import annotations

import bisect
import functools
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from composer.core.guide.model import Blackout, Schedule, Slot
from composer.core.schedule.posts import ScheduleError

#: How far ahead a free-slot search looks before giving up.
HORIZON = timedelta(days=60)
# The longest gap any zone has skipped (Samoa, 2011) is one day; search a little further.
_MAX_GAP_MINUTES = 2 * 24 * 60
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
# The calendar grows by this much at a time.
_CHUNK = timedelta(days=14)


def zone_of(schedule: Schedule) -> tzinfo:
    """The schedule's time zone.

    Raises:
        ScheduleError: an unknown zone name.
    """
    try:
        return zoneinfo.ZoneInfo(schedule.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as err:
        raise ScheduleError(f"unknown time zone {schedule.timezone!r} in the schedule") from err


def aware(value: datetime, what: str) -> datetime:
    """``value`` in UTC.

    Raises:
        ScheduleError: a naive datetime, naming ``what`` it is.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ScheduleError(f"{what} must be a time-zone aware datetime, got {value.isoformat()}")
    return value.astimezone(UTC)


def resolve_local(naive: datetime, zone: tzinfo) -> datetime:
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
    zone = zone_of(schedule)
    start = aware(start, "the window start")
    end = aware(end, "the window end")
    if not schedule.slots or end <= start:
        return
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    while day <= last:
        for when in _day_slots(schedule.slots, schedule.timezone, day):
            if start <= when < end:
                yield when
        day += timedelta(days=1)


@functools.lru_cache(maxsize=8192)
def _day_slots(slots: tuple[Slot, ...], timezone: str, day: date) -> tuple[datetime, ...]:
    """One local day's slots in UTC, ascending, each once (remembered: queue edits ask often)."""
    zone = zoneinfo.ZoneInfo(timezone)
    found = {
        resolve_local(datetime.combine(day, time(slot.hour, slot.minute)), zone)
        for slot in slots
        if day.weekday() in slot.days
    }
    return tuple(sorted(found))


def _bound(text: str, zone: tzinfo, *, is_end: bool) -> datetime:
    try:
        if _DATE_ONLY.fullmatch(text.strip()):
            day = date.fromisoformat(text.strip())
            # A date-only end covers that whole day.
            day += timedelta(days=1 if is_end else 0)
            return resolve_local(datetime.combine(day, time()), zone)
        moment = datetime.fromisoformat(text.strip())
    except ValueError as err:
        which = "end" if is_end else "start"
        raise ScheduleError(f"blackout {which} {text!r} is not an ISO date or date-time") from err
    if moment.tzinfo is None:
        return resolve_local(moment, zone)
    return moment.astimezone(UTC)


def blackout_ranges(
    blackouts: Iterable[Blackout], zone: tzinfo
) -> tuple[tuple[datetime, datetime], ...]:
    """Each blackout as a half-open UTC range ``[start, end)``.

    Raises:
        ScheduleError: an unreadable bound.
    """
    return tuple(
        (_bound(b.start, zone, is_end=False), _bound(b.end, zone, is_end=True)) for b in blackouts
    )


def in_blackout(schedule: Schedule, when: datetime) -> bool:
    """Whether ``when`` falls in one of the schedule's blackouts (start inclusive, end exclusive).

    Raises:
        ScheduleError: unknown time zone, a naive ``when`` or an unreadable blackout.
    """
    zone = zone_of(schedule)
    moment = aware(when, "the time")
    return any(lo <= moment < hi for lo, hi in blackout_ranges(schedule.blackouts, zone))


class SlotCalendar:
    """The schedule's slots after a start time, outside blackouts, built as far as asked for.

    A queue edit searches the same stretch of slots many times; building it once keeps a
    layout of n posts from recomputing local times n times over.
    """

    def __init__(self, schedule: Schedule, start: datetime) -> None:
        self.schedule = schedule
        self.zone = zone_of(schedule)
        self.start = aware(start, "now")
        self._blackouts = blackout_ranges(schedule.blackouts, self.zone)
        self._built_to = self.start
        self.times: list[datetime] = []

    def _extend(self, until: datetime) -> None:
        while self._built_to < until:
            end = self._built_to + _CHUNK
            self.times.extend(
                when
                for when in slot_times(self.schedule, self._built_to, end)
                if not any(lo <= when < hi for lo, hi in self._blackouts)
            )
            self._built_to = end

    def between(self, first: datetime, end: datetime, *, from_index: int = 0) -> Iterator[int]:
        """Indexes into :attr:`times` of the slots with ``first <= slot < end``, ascending.

        Slots before the calendar's start are never included; ``from_index`` skips slots the
        caller already knows are taken.
        """
        self._extend(first)
        index = max(bisect.bisect_left(self.times, first), from_index)
        while True:
            if index >= len(self.times):
                if self._built_to >= end:
                    return
                self._extend(self._built_to + _CHUNK)
                continue
            if self.times[index] >= end:
                return
            yield index
            index += 1
