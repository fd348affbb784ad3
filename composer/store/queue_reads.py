"""Reading the queues: what waits, what is due, what was published, and the pause state."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from composer.core.schedule import DUPLICATE_DAYS, ScheduleError
from composer.core.workflow import State
from composer.store.draft_reads import draft_record, row_record, select_draft_rows, select_drafts
from composer.store.errors import NotFoundError
from composer.store.models import Account, Draft
from composer.store.queue_rows import (
    HISTORY_STATES,
    QUEUE_STATES,
    PauseState,
    QueuePart,
    rate_limited_accounts,
    read_pause_state,
    recent_posts,
)
from composer.store.records import DraftRecord


class QueueReads(QueuePart):
    """The queues' reads (each in a session of its own, but :meth:`entries_in`)."""

    # -- reading ---------------------------------------------------------------------------

    def entries(
        self,
        account: str | None = None,
        *,
        states: Sequence[State] = QUEUE_STATES,
        limit: int | None = None,
    ) -> list[DraftRecord]:
        """Queued (and publishing) posts, by time then id; of one account when given.

        ``limit`` reads only the soonest posts (a view's first screen before the rest).
        """
        with self._db.read() as session:
            query = select_draft_rows().where(Draft.state.in_([s.value for s in states]))
            if account is not None:
                query = query.where(Account.handle == account)
            query = query.order_by(Draft.scheduled_at, Draft.id)
            if limit is not None:
                query = query.limit(limit)
            return [row_record(found) for found in session.execute(query)]

    def waiting(self) -> list[DraftRecord]:
        """Posts of every account whose publishing outcome a person must confirm on X."""
        with self._db.read() as session:
            query = (
                select_draft_rows()
                .where(Draft.state == State.PUBLISHING.value, Draft.needs_confirmation.is_(True))
                .order_by(Draft.publishing_since, Draft.id)
            )
            return [row_record(found) for found in session.execute(query)]

    def history(self, account: str | None = None, *, limit: int = 500) -> list[DraftRecord]:
        """Published and failed posts, newest first (posts waiting for a person included)."""
        with self._db.read() as session:
            query = select_drafts().where(
                or_(
                    Draft.state.in_([s.value for s in HISTORY_STATES]),
                    Draft.needs_confirmation.is_(True),
                )
            )
            if account is not None:
                query = query.where(Account.handle == account)
            query = query.order_by(Draft.state_changed_at.desc(), Draft.id.desc()).limit(limit)
            return [draft_record(*found) for found in session.execute(query)]

    def published_in(self, account: str, start: datetime, end: datetime) -> list[tuple[str, int]]:
        """``(text, parts that went out)`` of the account's posts published in ``[start, end)``.

        What X billed the account for in that time (see :func:`composer.core.cost.spent`).
        """
        with self._db.read() as session:
            rows = session.execute(
                select(Draft.text, Draft.post_ids)
                .join(Account, Account.id == Draft.account_id)
                .where(
                    Account.handle == account,
                    Draft.state == State.PUBLISHED.value,
                    Draft.published_at >= start,
                    Draft.published_at < end,
                )
            )
            return [(str(text), max(len(ids or ()), 1)) for text, ids in rows]

    def pause_state(self) -> PauseState:
        """Which queues are paused."""
        with self._db.read() as session:
            return read_pause_state(session)

    def due(self, at: datetime, *, now: datetime | None = None) -> list[DraftRecord]:
        """Queued posts whose time has come by ``at``, of accounts not paused, oldest first.

        Accounts waiting for X's rate limit at ``now`` (default ``at``) are left out.
        """
        with self._db.read() as session:
            paused = read_pause_state(session)
            if paused.all:
                return []
            waiting = rate_limited_accounts(session, now or at)
            query = (
                select_drafts()
                .where(Draft.state == State.QUEUED.value, Draft.scheduled_at <= at)
                .order_by(Draft.scheduled_at, Draft.id)
            )
            return [
                draft_record(*found)
                for found in session.execute(query)
                if not paused.paused(found[1]) and found[0].account_id not in waiting
            ]

    def interrupted(self) -> list[DraftRecord]:
        """Posts left in ``publishing`` (a crash or lost answer) not yet waiting for a person."""
        with self._db.read() as session:
            query = (
                select_drafts()
                .where(Draft.state == State.PUBLISHING.value, Draft.needs_confirmation.is_(False))
                .order_by(Draft.publishing_since, Draft.id)
            )
            return [draft_record(*found) for found in session.execute(query)]

    def recent_texts(
        self, account: str, now: datetime, *, days: int = DUPLICATE_DAYS
    ) -> list[tuple[str, datetime]]:
        """``(text, when)`` of the account's queued and published posts within ``days``."""
        since = now - timedelta(days=days)
        with self._db.read() as session:
            return recent_posts(session, account, since, exclude=None)

    def get_queued(self, draft_id: int) -> DraftRecord:
        """A queued draft.

        Raises:
            NotFoundError: no such draft.
            ScheduleError: it is not in a queue.
        """
        with self._db.read() as session:
            found = session.execute(select_drafts().where(Draft.id == draft_id)).first()
            if found is None:
                raise NotFoundError(f"there is no draft {draft_id}")
            if found[0].state not in {s.value for s in QUEUE_STATES}:
                raise ScheduleError(f"draft {draft_id} is {found[0].state}, not in a queue")
            return draft_record(*found)

    @staticmethod
    def entries_in(session: Session, account: str) -> list[DraftRecord]:
        """The account's queue, read inside an open session."""
        query = (
            select_drafts()
            .where(Draft.state.in_([s.value for s in QUEUE_STATES]), Account.handle == account)
            .order_by(Draft.scheduled_at, Draft.id)
        )
        return [draft_record(*found) for found in session.execute(query)]
