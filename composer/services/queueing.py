"""Glue between the guide and the queue store, shared by the CLI and the app.

An approved draft enters its account's queue at once (``queue_after_approval``); when it
cannot (the queue is paused, no slot is free, a duplicate), it stays ``approved`` and the
reason is returned for the person who approved it, never raised at them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from composer.core.checker import Checker
from composer.core.errors import ConfigError, ConflictError, TransitionError
from composer.core.guide.model import Guide, Schedule
from composer.core.schedule import ScheduleError, mix_tags
from composer.core.schedule.mix import kind_tags
from composer.core.threads import split_parts
from composer.core.workflow import SYSTEM as SYSTEM_ACTOR
from composer.core.workflow import State
from composer.store.records import DraftRecord
from composer.store.store import Store


def schedule_of(guide: Guide, handle: str) -> Schedule:
    """The account's posting schedule from the guide.

    Raises:
        ScheduleError: the account has no schedule (the guide must give one to queue posts).
    """
    account = guide.account(handle)
    if account.schedule is None or not account.schedule.slots:
        raise ScheduleError(
            f"{account.handle} has no posting slots: add a 'schedule' with 'slots' to the "
            "account in the brand guide to queue its posts"
        )
    return account.schedule


def zone_of(guide: Guide, handle: str) -> ZoneInfo:
    """The account's time zone (UTC when its schedule names none)."""
    try:
        schedule = guide.account(handle).schedule
    except ConfigError:
        return ZoneInfo("UTC")
    return ZoneInfo(schedule.timezone if schedule is not None else "UTC")


def mix_tags_of(checker: Checker, record: DraftRecord, schedule: Schedule) -> frozenset[str]:
    """The content-mix tags of a draft: measures at or above their rule's threshold.

    A thread counts toward a measure when any of its parts does; a post that answers another
    is a ``reply``, any other an ``announcement``.
    """
    if not schedule.mix:
        return frozenset()
    tags: set[str] = set(kind_tags(is_reply=record.in_reply_to is not None, rules=schedule.mix))
    for part in split_parts(record.text):
        metrics = checker.check(part, record.account).metrics
        tags |= mix_tags(metrics, schedule.mix)
    return frozenset(tags)


@dataclass(frozen=True, slots=True)
class QueueOutcome:
    """What happened to a draft after approval."""

    record: DraftRecord
    queued: bool
    message: str


def queue_after_approval(
    store: Store,
    guide: Guide,
    record: DraftRecord,
    *,
    now: datetime,
    checker: Checker | None = None,
) -> QueueOutcome:
    """Queue a just-approved draft at its account's next free slot, when it can be.

    With a ``checker``, the draft's tone measures tag it for the account's content-mix rules
    (e.g. "promotional"), and it skips slots where it would break one.

    Never raises for queue reasons: a paused queue, a full schedule or a duplicate leaves the
    draft approved, and the message says why and what to do.
    """
    if record.state is not State.APPROVED:
        return QueueOutcome(record, queued=False, message="")
    try:
        schedule = schedule_of(guide, record.account)
        tags = mix_tags_of(checker, record, schedule) if checker is not None else frozenset()
        queued = store.queue.enqueue(
            record.id, actor=SYSTEM_ACTOR.name, schedule=schedule, now=now, tags=tags
        )
    except (ScheduleError, TransitionError, ConflictError, ConfigError) as exc:
        return QueueOutcome(
            record, queued=False, message=f"approved, not queued: {exc}".rstrip(".")
        )
    when = queued.scheduled_at
    local = when.astimezone(zone_of(guide, record.account)) if when else None
    text = f"queued for {local:%a %d %b %H:%M %Z}" if local else "queued"
    return QueueOutcome(queued, queued=True, message=text)
