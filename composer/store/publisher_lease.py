"""The publisher lock: one publisher per workspace, as a lease row in the database.

The app and a ``publish-due`` cron job on any machine of the team exclude each other through
it. Before anything is sent, :meth:`PublisherLease.check_send` makes sure, in one transaction,
that the sender still holds the lease and that the post's try is still its own (a run whose
lease ran out while it waited sends nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete
from sqlalchemy.exc import IntegrityError

from composer.core.errors import ConflictError, StorageError
from composer.core.workflow import State
from composer.store.database import retrying
from composer.store.models import Draft, Lock
from composer.store.queue_rows import QueuePart

#: The name of the one-publisher-per-workspace lock.
PUBLISHER_LOCK = "publisher"


class LeaseLostError(ConflictError):
    """This publisher no longer holds the lease, or the post's try is no longer its own."""


@dataclass(frozen=True, slots=True)
class LockRecord:
    """Who holds a lease and until when."""

    name: str
    holder: str
    acquired_at: datetime
    expires_at: datetime


class PublisherLease(QueuePart):
    """Taking, renewing and giving back the publisher's lease."""

    # -- the publisher lock ----------------------------------------------------------------

    @retrying
    def acquire_lock(
        self, holder: str, *, ttl: timedelta, now: datetime, name: str = PUBLISHER_LOCK
    ) -> LockRecord | None:
        """Take the lease ``name`` for ``ttl`` unless someone else holds an unexpired one.

        Returns:
            The lease, or ``None`` when another holder has it.
        """
        try:
            with self._db.write() as session:
                row = session.get(Lock, name, with_for_update=True)
                if row is None:
                    row = Lock(name=name, holder=holder, acquired_at=now, expires_at=now + ttl)
                    session.add(row)
                elif row.holder != holder and row.expires_at > now:
                    return None
                else:
                    if row.holder != holder:
                        row.acquired_at = now
                    row.holder, row.expires_at = holder, now + ttl
                session.flush()
                return _lock_record(row)
        except StorageError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                return None  # another process inserted it first
            raise

    @retrying
    def release_lock(self, holder: str, *, name: str = PUBLISHER_LOCK) -> None:
        """Give the lease back (only its holder can)."""
        with self._db.write() as session:
            session.execute(delete(Lock).where(and_(Lock.name == name, Lock.holder == holder)))

    def lock_holder(self, *, now: datetime, name: str = PUBLISHER_LOCK) -> LockRecord | None:
        """Who holds an unexpired lease, if anyone."""
        with self._db.read() as session:
            row = session.get(Lock, name)
            if row is None or row.expires_at <= now:
                return None
            return _lock_record(row)

    @retrying
    def check_send(
        self, draft_id: int, *, attempt: int, holder: str, ttl: timedelta, now: datetime
    ) -> LockRecord:
        """Just before sending: ``holder`` still holds the lease and try ``attempt`` is open.

        One transaction checks both and renews the lease for ``ttl``, so a publisher whose
        lease ran out (while it waited, or was suspended) can never send after another took
        over, and the lease cannot run out during the request that follows.

        Raises:
            LeaseLostError: the lease expired or is someone else's, or the post is no longer
                in this try (another publisher settled or retried it).
        """
        with self._db.write() as session:
            lock = session.get(Lock, PUBLISHER_LOCK, with_for_update=True)
            if lock is None or lock.holder != holder or lock.expires_at <= now:
                raise LeaseLostError(
                    "this publisher's lease ran out and another publisher may have taken "
                    f"over; draft {draft_id} was not sent by this run"
                )
            row = session.get(Draft, draft_id, with_for_update=True)
            if (
                row is None
                or row.state != State.PUBLISHING.value
                or row.needs_confirmation
                or (row.publish_attempts or 0) != attempt
            ):
                raise LeaseLostError(
                    f"draft {draft_id} is no longer in this publisher's try {attempt}; "
                    "it was not sent by this run"
                )
            lock.expires_at = now + ttl
            session.flush()
            return _lock_record(lock)


def _lock_record(row: Lock) -> LockRecord:
    return LockRecord(row.name, row.holder, row.acquired_at, row.expires_at)
