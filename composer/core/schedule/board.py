"""The layout engine: which slots are free for a post, given the posts already placed.

A slot is free for a post when it is at least ``min_gap_minutes`` from every other post of
the account (and not equal to one), its local day holds fewer than ``max_per_day`` posts, it
is outside every blackout, it is at least the evergreen interval from the post's evergreen
family, it keeps an A/B pair in order with its spacing, and (when mix rules apply) placing
the post there breaks no content-mix rule.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from composer.core.guide.model import MixRule, Schedule
from composer.core.schedule.mix import breaks_rule, period_bounds, share_allows
from composer.core.schedule.posts import PublishedPost, QueuedPost, ScheduleError
from composer.core.schedule.slots import HORIZON, SlotCalendar, aware, zone_of

_TICK = timedelta(microseconds=1)


def account_name(account: str) -> str:
    """The handle for a message, or ``(unnamed)``."""
    return account or "(unnamed)"


class Board:
    """The posts of one account placed so far, and the search for the next free slot.

    Placing only ever adds posts, so a slot blocked by the gap, the day's maximum or an equal
    time stays blocked; the board remembers how far along the calendar that holds and starts
    later searches there.
    """

    def __init__(
        self,
        schedule: Schedule,
        now: datetime,
        *,
        account: str,
        mix: Sequence[MixRule] = (),
        history: Iterable[PublishedPost] = (),
        posts: Iterable[QueuedPost] = (),
    ) -> None:
        self.schedule = schedule
        self.zone = zone_of(schedule)
        self.now = aware(now, "now")
        self.account = account
        self.mix = tuple(mix)
        self.gap = timedelta(minutes=max(schedule.min_gap_minutes, 0))
        self._calendar: SlotCalendar | None = None
        self._cursor = 0
        self._times: list[datetime] = []
        self._per_day: dict[date, int] = {}
        # Posting order for the mix rules: (time, id) keys and each post's tags.
        self._keys: list[tuple[datetime, str]] = []
        self._tags: list[frozenset[str]] = []
        self._families: dict[str, list[tuple[datetime, timedelta]]] = {}
        self._variants: dict[str, dict[str, tuple[datetime, timedelta]]] = {}
        for done in history:
            when = aware(done.published_at, "a publishing time")
            self._add(when, done.id, done.tags)
            self._families.setdefault(done.family, []).append((when, timedelta(0)))
        for post in posts:
            self.occupy(post, aware(post.scheduled_at, "a queued time"))

    @property
    def calendar(self) -> SlotCalendar:
        """The slots after now, built on first use (so a board that never searches is cheap)."""
        if self._calendar is None:
            self._calendar = SlotCalendar(self.schedule, self.now + _TICK)
        return self._calendar

    def _add(self, when: datetime, post_id: str, tags: frozenset[str]) -> None:
        bisect.insort(self._times, when)
        day = when.astimezone(self.zone).date()
        self._per_day[day] = self._per_day.get(day, 0) + 1
        index = bisect.bisect_left(self._keys, (when, post_id))
        self._keys.insert(index, (when, post_id))
        self._tags.insert(index, tags)

    def occupy(self, post: QueuedPost, when: datetime) -> None:
        """Record ``post`` at ``when`` (aware UTC)."""
        self._add(when, post.id, post.tags)
        self._families.setdefault(post.family, []).append((when, post.repost_interval))
        if post.variant_group:
            spacing = post.variant_spacing
            self._variants.setdefault(post.variant_group, {})[post.variant] = (when, spacing)

    def place(
        self, post: QueuedPost, *, use_mix: bool, not_before: datetime | None = None
    ) -> QueuedPost:
        """Give ``post`` the first free slot at or after ``not_before`` and record it (unpinned).

        Raises:
            ScheduleError: no free slot (the message says which constraint stopped it).
        """
        after, deadline = self._pair_bounds(post)
        if after is not None:
            not_before = max(after, not_before) if not_before is not None else after
        when = self.first_free(post, not_before=not_before, deadline=deadline, use_mix=use_mix)
        self.occupy(post, when)
        return replace(post, scheduled_at=when, pinned=False)

    def _pair_bounds(self, post: QueuedPost) -> tuple[datetime | None, datetime | None]:
        if not post.variant_group:
            return None, None
        partner = self._variants.get(post.variant_group, {}).get(
            "B" if post.variant == "A" else "A"
        )
        if partner is None:
            return None, None
        when, spacing = partner
        spacing = max(spacing, post.variant_spacing)
        return (None, when - spacing) if post.variant == "A" else (when + spacing, None)

    def first_free(
        self,
        post: QueuedPost,
        *,
        not_before: datetime | None = None,
        deadline: datetime | None = None,
        use_mix: bool = True,
    ) -> datetime:
        """The first slot after now that is free for ``post``, within optional bounds.

        ``not_before`` and ``deadline`` are inclusive; the search covers 60 days from its start.

        Raises:
            ScheduleError: no slots at all, or none free in the search window.
        """
        if not self.schedule.slots:
            raise ScheduleError(
                f"account {account_name(self.account)} has no posting slots in its schedule"
            )
        start = max(self.now + _TICK, not_before) if not_before else self.now + _TICK
        end = start + HORIZON
        if deadline is not None:
            end = min(end, deadline + _TICK)
        blocked_by: MixRule | None = None
        calendar = self.calendar
        for index in calendar.between(start, end, from_index=self._cursor):
            when = calendar.times[index]
            if not self._basic_free(when):
                if index == self._cursor:
                    self._cursor += 1
                continue
            if not self._family_free(when, post):
                continue
            rule = self._mix_block(when, post) if use_mix else None
            if rule is None:
                return when
            blocked_by = rule
            if not rule.is_share and (not self._keys or when > self._keys[-1][0]):
                # Past the last post every slot gives the same posting order: all are blocked.
                break
        raise self._no_slot(post, blocked_by, start, deadline)

    def _basic_free(self, when: datetime) -> bool:
        index = bisect.bisect_left(self._times, when)
        if index < len(self._times):
            after = self._times[index] - when
            if after == timedelta(0) or after < self.gap:
                return False
        if index > 0 and when - self._times[index - 1] < self.gap:
            return False
        if self.schedule.max_per_day > 0:
            day = when.astimezone(self.zone).date()
            return self._per_day.get(day, 0) < self.schedule.max_per_day
        return True

    def _family_free(self, when: datetime, post: QueuedPost) -> bool:
        return all(
            abs(when - other) >= max(interval, post.repost_interval)
            for other, interval in self._families.get(post.family, ())
        )

    def _mix_block(self, when: datetime, post: QueuedPost) -> MixRule | None:
        if not post.tags or not self.mix:
            return None
        index = bisect.bisect_left(self._keys, (when, post.id))
        for rule in self.mix:
            if rule.measure not in post.tags:
                continue
            if rule.is_share:
                if not self._share_free(when, rule):
                    return rule
                continue
            reach = rule.in_any - 1
            low = max(index - reach, 0)
            flags = [
                *(rule.measure in tags for tags in self._tags[low:index]),
                True,
                *(rule.measure in tags for tags in self._tags[index : index + reach]),
            ]
            if breaks_rule(flags, index - low, rule):
                return rule
        return None

    def _share_free(self, when: datetime, rule: MixRule) -> bool:
        """Whether one more counted post at ``when`` keeps its period within ``rule``'s share."""
        start, end = period_bounds(when, rule.per, self.zone)
        low = bisect.bisect_left(self._keys, (start, ""))
        high = bisect.bisect_left(self._keys, (end, ""))
        counted = sum(rule.measure in tags for tags in self._tags[low:high])
        return share_allows(counted + 1, high - low + 1, rule)

    def _no_slot(
        self,
        post: QueuedPost,
        blocked_by: MixRule | None,
        start: datetime,
        deadline: datetime | None,
    ) -> ScheduleError:
        name = account_name(self.account)
        if blocked_by is not None:
            return ScheduleError(
                f"no slot for post {post.id!r} on {name}: every free slot would break the "
                f"content-mix rule '{blocked_by}'; queue other posts first or reorder the queue"
            )
        if deadline is not None:
            return ScheduleError(
                f"no free slot for variant A of {post.variant_group!r} on {name} at least "
                f"{duration_text(post.variant_spacing)} before its pinned variant B"
            )
        if start > self.now + _TICK:
            local = start.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")
            return ScheduleError(
                f"no free posting slot for account {name} in the {HORIZON.days} days from "
                f"{local} (queue full, blackouts or max per day)"
            )
        return ScheduleError(
            f"no free posting slot for account {name} in the next {HORIZON.days} days "
            "(queue full, blackouts or max per day)"
        )


def duration_text(value: timedelta) -> str:
    """A spacing in words: ``2 day(s)``, ``3 hour(s)`` or ``90 minute(s)``."""
    minutes = int(value.total_seconds() // 60)
    if minutes % (24 * 60) == 0 and minutes:
        return f"{minutes // (24 * 60)} day(s)"
    if minutes % 60 == 0 and minutes:
        return f"{minutes // 60} hour(s)"
    return f"{minutes} minute(s)"
