"""Per-account posting queues and the publishing record: the SQL half of issue #8.

The pure decisions (which slot, what order, duplicates) are made by
:mod:`composer.core.schedule`; the store loads an account's queue, asks the core, and writes
the answer back in one transaction, with an audit event for every change.

:class:`QueueRepository` is the one object callers hold (``store.queue``); its parts live in
rooms of their own:

- :mod:`composer.store.queue_reads`: what waits, what is due, the history;
- :mod:`composer.store.queue_edits`: queueing a draft and arranging an account's queue;
- :mod:`composer.store.queue_variants`: A/B pairs and evergreen re-posts;
- :mod:`composer.store.queue_pauses`: one account's pause, the crisis switch, Resume All;
- :mod:`composer.store.publishing_record`: claims, tries and outcomes of publishing;
- :mod:`composer.store.publisher_lease`: the one-publisher-per-workspace lease;
- :mod:`composer.store.queue_rows`: the states and SQL steps they share.
"""

from __future__ import annotations

from composer.store.publisher_lease import (
    PUBLISHER_LOCK,
    LeaseLostError,
    LockRecord,
    PublisherLease,
)
from composer.store.publishing_record import AttemptRecord, PublishingRecord
from composer.store.queue_edits import QueueEdits
from composer.store.queue_pauses import (
    SEND_BACK_ACTION,
    QueuePauses,
    ResumeOutcome,
    ScheduleFor,
)
from composer.store.queue_rows import (
    HISTORY_STATES,
    PAUSE_ALL_KEY,
    PAUSED_KEY,
    QUEUE_STATES,
    PauseState,
)
from composer.store.queue_variants import QueueVariants


class QueueRepository(QueueEdits, QueueVariants, QueuePauses, PublishingRecord, PublisherLease):
    """The accounts' queues, the crisis switch, the publishing record and the publisher lock."""


__all__ = [
    "HISTORY_STATES",
    "PAUSED_KEY",
    "PAUSE_ALL_KEY",
    "PUBLISHER_LOCK",
    "QUEUE_STATES",
    "SEND_BACK_ACTION",
    "AttemptRecord",
    "LeaseLostError",
    "LockRecord",
    "PauseState",
    "QueueRepository",
    "ResumeOutcome",
    "ScheduleFor",
]
