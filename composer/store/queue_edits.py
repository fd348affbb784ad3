"""Arranging one account's queue: queue a draft, take it out, reorder, pin, post next, shuffle.

The pure decisions (which slot, what order, duplicates) are made by
:mod:`composer.core.schedule`; each edit loads the account's queue, asks the core, and writes
the answer back in one transaction, with an audit event for every change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from composer.core.guide.model import Schedule
from composer.core.schedule import (
    PostContent,
    ScheduleError,
    assign,
    pin,
    post_next,
    remove,
    reorder,
    shuffle,
)
from composer.core.threads import split_parts
from composer.core.workflow import Action, State, act, can_manage_queue
from composer.store.database import retrying
from composer.store.draft_reads import draft_record
from composer.store.errors import PermissionDeniedError
from composer.store.queue_reads import QueueReads
from composer.store.queue_rows import (
    actor_for,
    enter_queue,
    lock_draft,
    published_posts,
    queue_of,
    refuse_paused_or_duplicate,
    relayout,
    require_manager,
    require_queued,
    write_draft,
)
from composer.store.records import DraftRecord
from composer.store.users import account_row


class QueueEdits(QueueReads):
    """What a post replies to, and the edits of an account's queue."""

    # -- what is published -----------------------------------------------------------------

    @retrying
    def set_reply_to(
        self, draft_id: int, target: str | None, *, actor: str, now: datetime
    ) -> DraftRecord:
        """Make a draft a reply to X post ``target`` (an id), or a plain post (``None``).

        Only while it is being written (``draft`` or ``changes_requested``), by its author.
        """
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            if author != actor:
                raise PermissionDeniedError(f"only {author!r} may change draft {draft_id}")
            if row.state not in {State.DRAFT.value, State.CHANGES_REQUESTED.value}:
                raise ScheduleError(
                    f"draft {draft_id} is {row.state}: what it replies to is set while writing"
                )
            write_draft(
                session,
                row,
                account=account,
                to_state=State(row.state),
                action=None,
                actor=actor,
                now=now,
                values={"in_reply_to": target},
                detail=f"reply to post {target}" if target else "a post of its own, not a reply",
                audit_action="reply_target",
            )
            return draft_record(row, account, author)

    # -- queue edits -----------------------------------------------------------------------

    @retrying
    def enqueue(
        self,
        draft_id: int,
        *,
        actor: str,
        schedule: Schedule,
        now: datetime,
        expected_version: int | None = None,
        tags: Iterable[str] = (),
    ) -> DraftRecord:
        """Put an approved draft into its account's queue, at the next free slot.

        Raises:
            TransitionError: not approved (or the approval does not cover its text).
            ScheduleError: the queue is paused, no slot is free, or the same text was queued
                or published on the account within 30 days (X refuses duplicates).
            ConflictError: ``expected_version`` is stale.
        """
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, expected_version)
            who = actor_for(session, actor, row.account_id)
            result = act(draft_record(row, account, author).facts(), who, Action.QUEUE, now=now)
            refuse_paused_or_duplicate(session, account, [row], now)
            parts = split_parts(row.text)
            queue = queue_of(session, row.account_id, account)
            content = PostContent(
                text=row.text,
                parts=parts if len(parts) > 1 else (),
                in_reply_to=row.in_reply_to or "",
                tags=frozenset(tags),
            )
            laid = assign(
                schedule,
                queue,
                [str(row.id)],
                now,
                account=account,
                content={str(row.id): content},
                history=published_posts(session, row.account_id, account, now),
            )
            when = next(p.scheduled_at for p in laid if p.id == str(row.id))
            enter_queue(
                session,
                row,
                account=account,
                actor=result.actor,
                now=now,
                when=when,
                tags=tags,
                # The parts were cut from the approved text by the approval (and are covered
                # by its hash): queueing never writes them.
                values={},
                detail=f"queued for {when.isoformat()}",
            )
            return draft_record(row, account, author)

    @retrying
    def shuffle(
        self, account: str, *, seed: int | str, actor: str, schedule: Schedule, now: datetime
    ) -> list[DraftRecord]:
        """Put the account's unpinned posts in a random order (the same for the same seed)."""
        with self._db.write() as session:
            acc = account_row(session, account)
            require_manager(session, actor, acc.id, account)
            laid = shuffle(
                queue_of(session, acc.id, account),
                schedule,
                now,
                seed=seed,
                history=published_posts(session, acc.id, account, now),
            )
            relayout(session, laid, account=account, actor=actor, now=now, note="shuffled")
            return self.entries_in(session, account)

    @retrying
    def unqueue(
        self, draft_id: int, *, actor: str, schedule: Schedule, now: datetime
    ) -> DraftRecord:
        """Take a post out of the queue (back to ``approved``).

        When a reviewer or admin (who run the queue) takes it out, later posts move up; an
        author taking out their own post leaves its slot free, because only those who run
        the queue move other posts (the team database holds that rule too).
        """
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            who = actor_for(session, actor, row.account_id)
            result = act(draft_record(row, account, author).facts(), who, Action.UNQUEUE, now=now)
            queue = queue_of(session, row.account_id, account)
            laid = remove(queue, str(row.id), schedule, now)
            write_draft(
                session,
                row,
                account=account,
                to_state=State.APPROVED,
                action=Action.UNQUEUE,
                actor=result.actor,
                now=now,
                values={"scheduled_at": None, "pinned": False},
                detail="taken out of the queue",
            )
            if can_manage_queue(who):
                relayout(session, laid, account=account, actor=result.actor, now=now)
            return draft_record(row, account, author)

    @retrying
    def reorder(
        self,
        account: str,
        ordered_ids: Sequence[int],
        *,
        actor: str,
        schedule: Schedule,
        now: datetime,
    ) -> list[DraftRecord]:
        """Give the account's unpinned posts a new order (drag and drop); pinned stay put."""
        with self._db.write() as session:
            acc = account_row(session, account)
            require_manager(session, actor, acc.id, account)
            queue = queue_of(session, acc.id, account)
            laid = reorder(queue, [str(i) for i in ordered_ids], schedule, now)
            relayout(session, laid, account=account, actor=actor, now=now, note="reordered")
        return self.entries(account)

    def move_before(
        self, draft_id: int, before_id: int, *, actor: str, schedule: Schedule, now: datetime
    ) -> list[DraftRecord]:
        """Move a post just before another one of the same account (``queue move --before``)."""
        current = self.get_queued(draft_id)
        target = self.get_queued(before_id)
        if target.account != current.account:
            raise ScheduleError(
                f"draft {before_id} is queued on {target.account}, not on {current.account}"
            )
        order = [e.id for e in self.entries(current.account) if not e.pinned and e.id != draft_id]
        if target.pinned or target.state is State.PUBLISHING:
            raise ScheduleError(
                f"draft {before_id} is pinned to its time; move draft {draft_id} with --to"
            )
        order.insert(order.index(before_id), draft_id)
        if current.pinned:
            self.unpin(draft_id, actor=actor, now=now)
        return self.reorder(current.account, order, actor=actor, schedule=schedule, now=now)

    @retrying
    def pin(self, draft_id: int, at: datetime, *, actor: str, now: datetime) -> DraftRecord:
        """Fix a queued post at ``at`` (``queue move --to``); reorders leave it there.

        Raises:
            ScheduleError: ``at`` is in the past.
        """
        if at <= now:
            raise ScheduleError(
                f"{at.isoformat()} has passed: pin draft {draft_id} to a time in the future"
            )
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            require_manager(session, actor, row.account_id, account)
            require_queued(row)
            queue = queue_of(session, row.account_id, account)
            laid = pin(queue, str(row.id), at)
            relayout(
                session,
                laid,
                account=account,
                actor=actor,
                now=now,
                note=f"pinned to {at.isoformat()}",
            )
            session.refresh(row)
            return draft_record(row, account, author)

    @retrying
    def unpin(self, draft_id: int, *, actor: str, now: datetime) -> DraftRecord:
        """Let a pinned post move with the queue again (it keeps its time until a reorder)."""
        with self._db.write() as session:
            row, account, author = lock_draft(session, draft_id, None)
            require_manager(session, actor, row.account_id, account)
            require_queued(row)
            write_draft(
                session,
                row,
                account=account,
                to_state=State.QUEUED,
                action=None,
                actor=actor,
                now=now,
                values={"pinned": False},
                detail="unpinned",
            )
            return draft_record(row, account, author)

    @retrying
    def post_next(
        self, draft_id: int, *, actor: str, schedule: Schedule, now: datetime
    ) -> list[DraftRecord]:
        """Move a post to the front of its queue; the others move back a slot."""
        with self._db.write() as session:
            row, account, _author = lock_draft(session, draft_id, None)
            require_manager(session, actor, row.account_id, account)
            require_queued(row)
            queue = queue_of(session, row.account_id, account)
            laid = post_next(queue, str(row.id), now, schedule)
            relayout(session, laid, account=account, actor=actor, now=now, note="posted next")
            return self.entries_in(session, account)
