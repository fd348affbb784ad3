"""The publishing record: claiming a due post, each try, and its outcome.

Publishing is recorded in two steps so that a crash can never cause a double post:
:meth:`PublishingRecord.claim` moves a post to ``publishing`` and opens a
:class:`~composer.store.models.PublishAttempt` *before* anything is sent; :meth:`finish`
closes it with the outcome. A post found in ``publishing`` with no live publisher was
interrupted: it is reconciled against X before any retry, or waits for a person
(:meth:`confirm`). X's rate limit gives a claimed post back to its queue (:meth:`defer`): none
of the account's posts is claimed again before X's reset time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from composer.core.errors import ConflictError
from composer.core.guide.model import Schedule
from composer.core.schedule import ScheduleError, assign
from composer.core.workflow import Action, State, act
from composer.store.database import retrying
from composer.store.draft_reads import draft_record
from composer.store.models import Draft, PublishAttempt
from composer.store.queue_rows import (
    QueuePart,
    actor_for,
    lock_draft,
    queue_of,
    rate_limited_accounts,
    read_pause_state,
    write_draft,
)
from composer.store.records import DraftRecord


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    """One try at publishing a post."""

    id: int
    draft_id: int
    account: str
    number: int
    actor: str
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    post_id: str | None
    error: str


def _attempt_record(row: PublishAttempt) -> AttemptRecord:
    return AttemptRecord(
        row.id,
        row.draft_id,
        row.account,
        row.number,
        row.actor,
        row.started_at,
        row.finished_at,
        row.outcome,
        row.post_id,
        row.error,
    )


class PublishingRecord(QueuePart):
    """Claims, tries and outcomes of publishing; settling and retrying what went wrong."""

    def attempts(self, draft_id: int) -> list[AttemptRecord]:
        """Every publishing try of a draft, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(PublishAttempt)
                .where(PublishAttempt.draft_id == draft_id)
                .order_by(PublishAttempt.id)
            )
            return [_attempt_record(r) for r in rows]

    # -- publishing ------------------------------------------------------------------------

    @retrying
    def claim(
        self, draft_id: int, *, actor: str, now: datetime, due_by: datetime | None = None
    ) -> DraftRecord:
        """Start publishing a due post: ``queued -> publishing`` and an open attempt.

        Committed before anything is sent, so a crash afterwards leaves a visible trace.

        Raises:
            ConflictError: the post is no longer queued (someone else took or moved it).
            ScheduleError: its queue was paused meanwhile, or its time has not come by
                ``due_by`` (default ``now``; ``publish-due --at`` names another moment).
        """
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            if row.state != State.QUEUED.value:
                raise ConflictError(f"draft {draft_id} is {row.state} now, no longer queued")
            if read_pause_state(session).paused(account):
                raise ScheduleError(f"{account}'s queue was paused; draft {draft_id} waits")
            if row.scheduled_at is None or row.scheduled_at > (due_by or now):
                raise ScheduleError(f"draft {draft_id} is not due yet")
            if row.account_id in rate_limited_accounts(session, now):
                raise ScheduleError(f"{account} waits for X's rate limit; draft {draft_id} waits")
            number = (row.publish_attempts or 0) + 1
            _begin_try(
                session,
                row,
                number,
                account=account,
                action=Action.START_PUBLISHING,
                actor=actor,
                now=now,
                values={"last_error": "", "not_before": None},
                detail=f"publishing (try {number})",
            )
            return draft_record(row, account, author)

    @retrying
    def reattempt(
        self, draft_id: int, *, post_ids: Sequence[str], actor: str, now: datetime
    ) -> DraftRecord:
        """Begin a new try of an interrupted post that X was checked not to have (all of).

        The post stays ``publishing``; the old try is closed as ``interrupted``.
        """
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            if row.state != State.PUBLISHING.value or row.needs_confirmation:
                raise ConflictError(f"draft {draft_id} is not an interrupted publication")
            for attempt in session.scalars(
                select(PublishAttempt).where(
                    PublishAttempt.draft_id == row.id, PublishAttempt.outcome == "pending"
                )
            ):
                attempt.outcome, attempt.finished_at = "interrupted", now
                attempt.error = "interrupted; X was checked and did not have it"
            number = (row.publish_attempts or 0) + 1
            _begin_try(
                session,
                row,
                number,
                account=account,
                action=None,
                actor=actor,
                now=now,
                values={"post_ids": [str(i) for i in post_ids]},
                detail=f"interrupted try checked on X (not there); publishing (try {number})",
                audit_action="reattempt",
            )
            return draft_record(row, account, author)

    @retrying
    def finish(
        self,
        draft_id: int,
        *,
        state: str,
        post_ids: Sequence[str] = (),
        error: str = "",
        actor: str,
        now: datetime,
    ) -> DraftRecord:
        """Record what became of a claimed post.

        Args:
            draft_id: The post.
            state: ``published`` (``post_ids`` holds the ids, first is the post's id),
                ``failed`` (nothing is on X) or ``unknown`` (a person must look on X: the post
                stays in ``publishing``, marked, and is never sent again by itself).
            post_ids: X's ids (several for a thread; for a thread that broke off, the parts
                that did go out).
            error: The sentence for people (never a secret).
            actor: Who published.
            now: The time.
        """
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            if row.state != State.PUBLISHING.value:
                raise ConflictError(f"draft {draft_id} is {row.state}, not being published")
            attempt = _last_attempt(session, row)
            ids = [str(i) for i in post_ids]
            if attempt is not None:
                attempt.finished_at = now
                attempt.outcome = state
                attempt.post_id = ids[0] if ids else None
                attempt.error = error
            # One write whatever the outcome: what differs is the state, the fields, the words.
            action: Action | None
            values: dict[str, Any]
            if state == "published":
                to_state, action, audit_action = State.PUBLISHED, Action.MARK_PUBLISHED, ""
                values = {
                    "post_id": ids[0] if ids else None,
                    "post_ids": ids,
                    "published_at": now,
                    "publishing_since": None,
                    "needs_confirmation": False,
                    "last_error": "",
                }
                detail = f"published as post {ids[0] if ids else '?'}"
            elif state == "failed":
                to_state, action, audit_action = State.FAILED, Action.MARK_FAILED, ""
                values = {"publishing_since": None, "last_error": error, "post_ids": ids}
                detail = f"failed: {error}"
            elif state == "unknown":
                to_state, action, audit_action = State.PUBLISHING, None, "needs_confirmation"
                values = {"needs_confirmation": True, "last_error": error, "post_ids": ids}
                detail = f"outcome unknown, waiting for a person to check X: {error}"
            else:
                raise ValueError(f"unknown publishing outcome {state!r}")
            write_draft(
                session,
                row,
                account=account,
                to_state=to_state,
                action=action,
                actor=actor,
                now=now,
                values=values,
                detail=detail,
                audit_action=audit_action,
            )
            return draft_record(row, account, author)

    @retrying
    def defer(
        self,
        draft_id: int,
        *,
        until: datetime,
        post_ids: Sequence[str] = (),
        reason: str,
        actor: str,
        now: datetime,
        outcome: str = "rate_limited",
    ) -> DraftRecord:
        """Give a claimed post back to its queue: X's rate limit allows no post before ``until``.

        The post keeps its slot and the thread parts that went out; its try is closed as
        ``outcome`` (``rate_limited``, or ``over_cap`` for the account's monthly spending cap).
        No post of the account is claimed before ``until``.
        """
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            if row.state != State.PUBLISHING.value:
                raise ConflictError(f"draft {draft_id} is {row.state}, not being published")
            attempt = _last_attempt(session, row)
            if attempt is not None:
                attempt.finished_at, attempt.outcome, attempt.error = now, outcome, reason
            write_draft(
                session,
                row,
                account=account,
                to_state=State.QUEUED,
                action=Action.DEFER,
                actor=actor,
                now=now,
                values={
                    "publishing_since": None,
                    "not_before": until,
                    "last_error": reason,
                    "post_ids": [str(i) for i in post_ids],
                },
                detail=f"back in the queue until {until.isoformat()}: {reason}",
            )
            return draft_record(row, account, author)

    @retrying
    def confirm(
        self,
        draft_id: int,
        *,
        published: bool,
        post_id: str | None = None,
        actor: str,
        now: datetime,
    ) -> DraftRecord:
        """A person settles a post whose outcome was unknown, after looking on X.

        ``published=False`` makes it ``failed`` (retry puts it back in the queue).
        """
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            who = actor_for(session, actor, row.account_id)
            action = Action.CONFIRM_PUBLISHED if published else Action.CONFIRM_NOT_PUBLISHED
            result = act(draft_record(row, account, author).facts(), who, action, now=now)
            if published and not post_id:
                raise ScheduleError("give the post's id on X to confirm it was published")
            attempt = _last_attempt(session, row)
            if attempt is not None:
                attempt.outcome = "confirmed_published" if published else "confirmed_not_published"
                attempt.finished_at = attempt.finished_at or now
                attempt.post_id = post_id if published else None
            values: dict[str, Any] = {"needs_confirmation": False, "publishing_since": None}
            if published:
                values.update(post_id=post_id, post_ids=[post_id], published_at=now, last_error="")
            write_draft(
                session,
                row,
                account=account,
                to_state=result.to_state,
                action=action,
                actor=result.actor,
                now=now,
                values=values,
                detail=(
                    f"confirmed on X as post {post_id}"
                    if published
                    else "confirmed not on X; it can be retried"
                ),
            )
            return draft_record(row, account, author)

    @retrying
    def retry(self, draft_id: int, *, actor: str, schedule: Schedule, now: datetime) -> DraftRecord:
        """Put a failed post back in its queue at the next free slot."""
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            who = actor_for(session, actor, row.account_id)
            result = act(draft_record(row, account, author).facts(), who, Action.RETRY, now=now)
            if read_pause_state(session).paused(account):
                raise ScheduleError(f"{account}'s queue is paused: resume it to retry posts")
            queue = queue_of(session, row.account_id, account)
            laid = assign(schedule, queue, [str(row.id)], now, account=account)
            when = next(p.scheduled_at for p in laid if p.id == str(row.id))
            write_draft(
                session,
                row,
                account=account,
                to_state=State.QUEUED,
                action=Action.RETRY,
                actor=result.actor,
                now=now,
                # post_ids stay: a thread that broke off goes on from its last sent part.
                values={"scheduled_at": when, "pinned": False, "needs_confirmation": False},
                detail=f"retry: queued again for {when.isoformat()}",
            )
            return draft_record(row, account, author)


def _begin_try(
    session: Session,
    row: Draft,
    number: int,
    *,
    account: str,
    action: Action | None,
    actor: str,
    now: datetime,
    values: dict[str, Any],
    detail: str,
    audit_action: str = "",
) -> None:
    """Start try ``number`` of a post (before anything is sent): ``publishing`` from ``now``.

    The draft counts the try, with ``values`` of its own, and an open attempt records it.
    """
    write_draft(
        session,
        row,
        account=account,
        to_state=State.PUBLISHING,
        action=action,
        actor=actor,
        now=now,
        values={"publish_attempts": number, "publishing_since": now, **values},
        detail=detail,
        audit_action=audit_action,
    )
    session.add(
        PublishAttempt(
            draft_id=row.id,
            account=account,
            number=number,
            actor=actor,
            started_at=now,
            outcome="pending",
            error="",
        )
    )


def _last_attempt(session: Session, row: Draft) -> PublishAttempt | None:
    """The newest publishing try of a draft."""
    return session.scalars(
        select(PublishAttempt)
        .where(PublishAttempt.draft_id == row.id)
        .order_by(PublishAttempt.id.desc())
        .limit(1)
    ).first()
