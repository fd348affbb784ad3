"""Per-account posting queues and the publishing record: the SQL half of issue #8.

The pure decisions (which slot, what order, duplicates) are made by
:mod:`composer.core.schedule`; this module loads an account's queue, asks the core, and writes
the answer back in one transaction, with an audit event for every change.

Publishing is recorded in two steps so that a crash can never cause a double post:
:meth:`QueueRepository.claim` moves a post to ``publishing`` and opens a
:class:`~composer.store.models.PublishAttempt` *before* anything is sent; :meth:`finish`
closes it with the outcome. A post found in ``publishing`` with no live publisher was
interrupted: it is reconciled against X before any retry, or waits for a person
(:meth:`confirm`).

The publisher lock (:meth:`acquire_lock`) is a lease row in the database, so the app and a
``publish-due`` cron job on any machine of the team exclude each other. Before anything is
sent, :meth:`check_send` makes sure, in one transaction, that the sender still holds the lease
and that the post's try is still its own (a run whose lease ran out while it waited sends
nothing). X's rate limit gives a claimed post back to its queue (:meth:`defer`): none of the
account's posts is claimed again before X's reset time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from composer.core.errors import ConflictError, StorageError
from composer.core.findings import Finding
from composer.core.guide.model import Schedule
from composer.core.schedule import (
    DUPLICATE_DAYS,
    PostContent,
    PublishedPost,
    QueuedPost,
    ScheduleError,
    assign,
    assign_variants,
    is_duplicate,
    pin,
    plan_evergreen,
    post_next,
    remove,
    reorder,
    shuffle,
)
from composer.core.threads import split_parts
from composer.core.workflow import SYSTEM as SYSTEM_ACTOR
from composer.core.workflow import Action, Actor, State, act, can_manage_queue
from composer.store.database import Database, retrying
from composer.store.draft_reads import draft_record, row_record, select_draft_rows, select_drafts
from composer.store.errors import NotFoundError, PermissionDeniedError
from composer.store.models import (
    Account,
    AuditEvent,
    Comment,
    Draft,
    DraftVersion,
    Lock,
    PublishAttempt,
)
from composer.store.models import WorkspaceSetting as Setting
from composer.store.records import DraftRecord, finding_from_json
from composer.store.users import account_row, actor_on, find_user

#: States a post is "in the queue" in (a post being published still holds its slot).
QUEUE_STATES = (State.QUEUED, State.PUBLISHING)
#: States of the publishing history.
HISTORY_STATES = (State.PUBLISHED, State.FAILED)
#: The workspace setting of the crisis switch.
PAUSE_ALL_KEY = "queue_paused_all"
#: The account setting of one account's pause.
PAUSED_KEY = "paused"
#: The name of the one-publisher-per-workspace lock.
PUBLISHER_LOCK = "publisher"
#: The audit action of a queued post sent back to review by the re-check on resume.
SEND_BACK_ACTION = "send_back"

ScheduleFor = Callable[[str], Schedule]


@dataclass(frozen=True, slots=True)
class PauseState:
    """Which queues are paused: every one (the crisis switch) and/or some accounts."""

    all: bool
    accounts: frozenset[str]

    def paused(self, account: str) -> bool:
        """Whether ``account``'s queue is stopped."""
        return self.all or account in self.accounts


@dataclass(frozen=True, slots=True)
class ResumeOutcome:
    """What Resume All did: the pause state after, posts re-checked, posts sent back."""

    state: PauseState
    checked: int
    sent_back: tuple[tuple[DraftRecord, str], ...]


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


class LeaseLostError(ConflictError):
    """This publisher no longer holds the lease, or the post's try is no longer its own."""


@dataclass(frozen=True, slots=True)
class LockRecord:
    """Who holds a lease and until when."""

    name: str
    holder: str
    acquired_at: datetime
    expires_at: datetime


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


def _as_post(row: Draft, account: str) -> QueuedPost:
    if row.scheduled_at is None:  # pragma: no cover - queued rows always have a time
        raise ScheduleError(f"queued draft {row.id} has no time")
    return QueuedPost(
        str(row.id),
        account,
        row.scheduled_at,
        # A post being published holds its slot whatever happens to the queue around it.
        pinned=bool(row.pinned) or row.state == State.PUBLISHING.value,
        text=row.text,
        parts=tuple(str(p) for p in row.thread_parts or ()),
        in_reply_to=row.in_reply_to or "",
        tags=frozenset(str(t) for t in row.tags or ()),
        variant_group=row.variant_group or "",
        variant=row.variant or "",
        variant_spacing=timedelta(minutes=row.variant_spacing_minutes or 0),
        evergreen_of=str(row.evergreen_of) if row.evergreen_of else "",
        repost_number=row.repost_number or 0,
        repost_interval=timedelta(minutes=row.repost_interval_minutes or 0),
    )


class QueueRepository:
    """The accounts' queues, the crisis switch, the publishing record and the publisher lock."""

    def __init__(self, db: Database) -> None:
        self._db = db

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

    def attempts(self, draft_id: int) -> list[AttemptRecord]:
        """Every publishing try of a draft, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(PublishAttempt)
                .where(PublishAttempt.draft_id == draft_id)
                .order_by(PublishAttempt.id)
            )
            return [_attempt_record(r) for r in rows]

    def pause_state(self) -> PauseState:
        """Which queues are paused."""
        with self._db.read() as session:
            return _pause_state(session)

    def due(self, at: datetime, *, now: datetime | None = None) -> list[DraftRecord]:
        """Queued posts whose time has come by ``at``, of accounts not paused, oldest first.

        Accounts waiting for X's rate limit at ``now`` (default ``at``) are left out.
        """
        with self._db.read() as session:
            paused = _pause_state(session)
            if paused.all:
                return []
            waiting = _rate_limited_accounts(session, now or at)
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
            return _recent(session, account, since, exclude=None)

    # -- what is published -----------------------------------------------------------------

    @retrying
    def set_reply_to(
        self, draft_id: int, target: str | None, *, actor: str, now: datetime
    ) -> DraftRecord:
        """Make a draft a reply to X post ``target`` (an id), or a plain post (``None``).

        Only while it is being written (``draft`` or ``changes_requested``), by its author.
        """
        with self._db.write() as session:
            row, account, author = _lock(session, draft_id, None)
            if author != actor:
                raise PermissionDeniedError(f"only {author!r} may change draft {draft_id}")
            if row.state not in {State.DRAFT.value, State.CHANGES_REQUESTED.value}:
                raise ScheduleError(
                    f"draft {draft_id} is {row.state}: what it replies to is set while writing"
                )
            _write(
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
            row, account, author = _lock(session, draft_id, expected_version)
            who = _actor(session, actor, row.account_id)
            result = act(draft_record(row, account, author).facts(), who, Action.QUEUE, now=now)
            _refuse_paused_or_duplicate(session, account, [row], now)
            parts = split_parts(row.text)
            queue = _queue(session, row.account_id, account)
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
                history=_published(session, row.account_id, account, now),
            )
            when = next(p.scheduled_at for p in laid if p.id == str(row.id))
            _enter_queue(
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
    def enqueue_variants(
        self,
        draft_a: int,
        draft_b: int,
        *,
        spacing: timedelta,
        actor: str,
        schedule: Schedule,
        now: datetime,
        tags: Mapping[int, Iterable[str]] | None = None,
    ) -> tuple[DraftRecord, DraftRecord]:
        """Queue two approved wordings of one post as an A/B pair.

        A takes the next free slot, B the first free slot at least ``spacing`` after it; both
        are kept, with their post ids once published, for comparison.

        Raises:
            TransitionError: a draft is not approved.
            ScheduleError: different accounts, paused, no slot, or a duplicate text.
        """
        with self._db.write() as session:
            rows = [_lock(session, draft_id, None) for draft_id in (draft_a, draft_b)]
            (row_a, account, _), (row_b, account_b, _) = rows
            if account != account_b:
                raise ScheduleError(
                    f"an A/B pair is two wordings for one account; draft {draft_a} is for "
                    f"{account}, draft {draft_b} for {account_b}"
                )
            if draft_a == draft_b:
                raise ScheduleError("an A/B pair needs two different drafts")
            acting = ""
            for row, acc, author in rows:
                result = act(
                    draft_record(row, acc, author).facts(),
                    _actor(session, actor, row.account_id),
                    Action.QUEUE,
                    now=now,
                )
                acting = result.actor
            _refuse_paused_or_duplicate(session, account, [r for r, _, _ in rows], now)
            group = f"ab-{min(draft_a, draft_b)}-{max(draft_a, draft_b)}"
            laid = assign_variants(
                schedule,
                _queue(session, row_a.account_id, account),
                group,
                (str(draft_a), str(draft_b)),
                now,
                spacing=spacing,
                account=account,
                texts={str(draft_a): row_a.text, str(draft_b): row_b.text},
                tags={k: frozenset(v) for k, v in ((str(i), t) for i, t in (tags or {}).items())},
                history=_published(session, row_a.account_id, account, now),
            )
            by_id = {p.id: p for p in laid}
            out = []
            for row, acc, author in rows:
                post = by_id[str(row.id)]
                _enter_queue(
                    session,
                    row,
                    account=acc,
                    actor=acting,
                    now=now,
                    when=post.scheduled_at,
                    tags=post.tags,
                    values={
                        "variant_group": group,
                        "variant": post.variant,
                        "variant_spacing_minutes": int(spacing.total_seconds() // 60),
                    },
                    detail=f"queued as variant {post.variant} of {group} for "
                    f"{post.scheduled_at.isoformat()}",
                )
                out.append(draft_record(row, acc, author))
            return out[0], out[1]

    @retrying
    def plan_evergreen(
        self,
        original_id: int,
        wording_ids: Sequence[int],
        *,
        max_reposts: int,
        min_interval: timedelta,
        actor: str,
        schedule: Schedule,
        now: datetime,
    ) -> list[DraftRecord]:
        """Queue re-posts of an evergreen post, one per approved wording, spaced apart.

        The original is queued or published; each wording is an approved draft of the same
        account whose text differs from the original's and the others'.

        Raises:
            TransitionError: a wording is not approved.
            ScheduleError: accounts differ, the original is neither queued nor published,
                paused, no slot, or a wording repeats another.
        """
        with self._db.write() as session:
            original, account, _ = _lock(session, original_id, None)
            _manager(session, actor, original.account_id, account)
            if original.state not in {
                State.QUEUED.value,
                State.PUBLISHING.value,
                State.PUBLISHED.value,
            }:
                raise ScheduleError(
                    f"draft {original_id} is {original.state}: an evergreen post is queued or "
                    "published first"
                )
            if _pause_state(session).paused(account):
                raise ScheduleError(f"{account}'s queue is paused: resume it to queue posts")
            rows = [_lock(session, i, None) for i in wording_ids]
            for row, acc, author in rows:
                if acc != account:
                    raise ScheduleError(f"draft {row.id} is for {acc}, not {account}")
                act(
                    draft_record(row, acc, author).facts(),
                    _actor(session, actor, row.account_id),
                    Action.QUEUE,
                    now=now,
                )
            history = _published(session, original.account_id, account, now)
            if original.state == State.PUBLISHED.value and not any(
                h.id == str(original.id) for h in history
            ):
                history.append(
                    PublishedPost(
                        str(original.id), account, original.text, original.published_at or now
                    )
                )
            laid = plan_evergreen(
                schedule,
                _queue(session, original.account_id, account),
                str(original.id),
                [(str(r.id), r.text) for r, _, _ in rows],
                now,
                max_reposts=max_reposts,
                min_interval=min_interval,
                history=history,
            )
            by_id = {p.id: p for p in laid}
            out = []
            for row, acc, author in rows:
                post = by_id.get(str(row.id))
                if post is None:
                    continue  # the original already has max_reposts re-posts
                _enter_queue(
                    session,
                    row,
                    account=acc,
                    actor=actor,
                    now=now,
                    when=post.scheduled_at,
                    tags=post.tags,
                    values={
                        "evergreen_of": original.id,
                        "repost_number": post.repost_number,
                        "repost_interval_minutes": int(min_interval.total_seconds() // 60),
                    },
                    detail=f"queued as re-post {post.repost_number} of evergreen draft "
                    f"{original.id} for {post.scheduled_at.isoformat()}",
                )
                out.append(draft_record(row, acc, author))
            return out

    @retrying
    def shuffle(
        self, account: str, *, seed: int | str, actor: str, schedule: Schedule, now: datetime
    ) -> list[DraftRecord]:
        """Put the account's unpinned posts in a random order (the same for the same seed)."""
        with self._db.write() as session:
            acc = account_row(session, account)
            _manager(session, actor, acc.id, account)
            laid = shuffle(
                _queue(session, acc.id, account),
                schedule,
                now,
                seed=seed,
                history=_published(session, acc.id, account, now),
            )
            _relayout(session, laid, account=account, actor=actor, now=now, note="shuffled")
            return self.entries_in(session, account)

    def variants(self, account: str | None = None) -> list[tuple[DraftRecord, DraftRecord]]:
        """A/B pairs, queued or published, A first (for comparing how each did)."""
        with self._db.read() as session:
            query = select_drafts().where(Draft.variant_group != "")
            if account is not None:
                query = query.where(Account.handle == account)
            groups: dict[str, dict[str, DraftRecord]] = {}
            for found in session.execute(query.order_by(Draft.id)):
                record = draft_record(*found)
                groups.setdefault(record.variant_group, {})[record.variant] = record
            pairs = [(g["A"], g["B"]) for g in groups.values() if len(g) == 2]
            return sorted(pairs, key=lambda p: (p[0].scheduled_at is None, p[0].scheduled_at))

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
            row, account, author = _lock(session, draft_id, None)
            who = _actor(session, actor, row.account_id)
            result = act(draft_record(row, account, author).facts(), who, Action.UNQUEUE, now=now)
            queue = _queue(session, row.account_id, account)
            laid = remove(queue, str(row.id), schedule, now)
            _write(
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
                _relayout(session, laid, account=account, actor=result.actor, now=now)
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
            _manager(session, actor, acc.id, account)
            queue = _queue(session, acc.id, account)
            laid = reorder(queue, [str(i) for i in ordered_ids], schedule, now)
            _relayout(session, laid, account=account, actor=actor, now=now, note="reordered")
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
            row, account, author = _lock(session, draft_id, None)
            _manager(session, actor, row.account_id, account)
            _require_queued(row)
            queue = _queue(session, row.account_id, account)
            laid = pin(queue, str(row.id), at)
            _relayout(
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
            row, account, author = _lock(session, draft_id, None)
            _manager(session, actor, row.account_id, account)
            _require_queued(row)
            _write(
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
            row, account, _author = _lock(session, draft_id, None)
            _manager(session, actor, row.account_id, account)
            _require_queued(row)
            queue = _queue(session, row.account_id, account)
            laid = post_next(queue, str(row.id), now, schedule)
            _relayout(session, laid, account=account, actor=actor, now=now, note="posted next")
            return self.entries_in(session, account)

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

    # -- pause / resume --------------------------------------------------------------------

    @retrying
    def set_paused(
        self,
        account: str | None,
        *,
        paused: bool,
        actor: str,
        now: datetime,
        schedule_for: ScheduleFor | None = None,
    ) -> PauseState:
        """Pause or resume one account's queue, or every queue (``account=None``).

        Resuming lays the account's unpinned posts out again from now, so posts whose slot
        passed while paused are not all sent at once; pinned posts whose time passed are
        unpinned and laid out with them (a person pinned them for a moment that is gone).

        Raises:
            PermissionDeniedError: only reviewers or admins (of every account, for ``all``).
        """
        with self._db.write() as session:
            if account is None:
                _manager(session, actor, None, "every account")
                row = session.get(Setting, PAUSE_ALL_KEY)
                if row is None:
                    session.add(
                        Setting(key=PAUSE_ALL_KEY, value=paused, updated_at=now, updated_by=actor)
                    )
                else:
                    row.value, row.updated_at, row.updated_by = paused, now, actor
                handles = [a.handle for a in session.scalars(select(Account))]
                session.add(
                    AuditEvent(
                        at=now,
                        actor=actor,
                        action="pause_all" if paused else "resume_all",
                        account="",
                        detail="every queue stopped (crisis switch)"
                        if paused
                        else "every queue running again",
                    )
                )
            else:
                acc = account_row(session, account)
                _manager(session, actor, acc.id, account)
                acc.settings = {**(acc.settings or {}), PAUSED_KEY: paused}
                handles = [account]
                session.add(
                    AuditEvent(
                        at=now,
                        actor=actor,
                        action="pause" if paused else "resume",
                        account=account,
                        detail=f"{account}'s queue " + ("paused" if paused else "resumed"),
                    )
                )
            session.flush()
            state = _pause_state(session)
            if not paused and schedule_for is not None:
                for handle in handles:
                    if state.paused(handle):
                        continue
                    acc = account_row(session, handle)
                    _catch_up(session, acc, schedule_for(handle), actor=actor, now=now)
            return state

    @retrying
    def resume_all(
        self,
        judge: Callable[[str, str, Sequence[Finding]], str],
        *,
        actor: str,
        now: datetime,
        schedule_for: ScheduleFor | None = None,
    ) -> ResumeOutcome:
        """Lift the crisis switch after re-checking every queued post (issue 18, item 5).

        In one transaction: each queued post (evergreen re-posts and A/B variants included;
        one being published is past stopping) is judged with its text, account and the
        findings its approved version had; a post ``judge`` gives a reason for goes back to
        review (``submitted``, approvals cleared, out of its slot) with that reason in its
        audit row and as a comment; then the switch is lifted, as :meth:`set_paused` does.
        Nothing is due before the transaction commits, so nothing sent back can go out.

        Raises:
            PermissionDeniedError: only reviewers and admins of every account.
        """
        with self._db.write() as session:
            _manager(session, actor, None, "every account")
            user = find_user(session, actor)
            sent: list[tuple[DraftRecord, str]] = []
            query = (
                select_drafts()
                .where(Draft.state == State.QUEUED.value)
                .order_by(Draft.scheduled_at, Draft.id)
            )
            checked = 0
            for row, account, author in session.execute(query).all():
                checked += 1
                accepted = _accepted_findings(session, row)
                why = judge(row.text, account, accepted)
                if not why:
                    continue
                _write(
                    session,
                    row,
                    account=account,
                    to_state=State.SUBMITTED,
                    action=None,
                    actor=actor,
                    now=now,
                    values={
                        "scheduled_at": None,
                        "pinned": False,
                        "step": 0,
                        "approvals": [],
                        "approved_text_version": None,
                        "approved_hash": None,
                        "submitted_at": now,
                        "not_before": None,
                    },
                    detail=f"sent back to review: {why}",
                    audit_action=SEND_BACK_ACTION,
                )
                if user is not None:
                    session.add(
                        Comment(
                            draft_id=row.id,
                            author_id=user.id,
                            body=f"Sent back to review: {why}",
                            text_version=row.text_version,
                            created_at=now,
                        )
                    )
                sent.append((draft_record(row, account, author), why))
            session.add(
                AuditEvent(
                    at=now,
                    actor=actor,
                    action="resume_recheck",
                    account="",
                    detail=f"re-checked {checked} queued post(s) before resuming; "
                    f"{len(sent)} sent back to review",
                )
            )
            session.flush()
        state = self.set_paused(None, paused=False, actor=actor, now=now, schedule_for=schedule_for)
        return ResumeOutcome(state, checked, tuple(sent))

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
            row, account, author = _lock(session, draft_id, None)
            if row.state != State.QUEUED.value:
                raise ConflictError(f"draft {draft_id} is {row.state} now, no longer queued")
            if _pause_state(session).paused(account):
                raise ScheduleError(f"{account}'s queue was paused; draft {draft_id} waits")
            if row.scheduled_at is None or row.scheduled_at > (due_by or now):
                raise ScheduleError(f"draft {draft_id} is not due yet")
            if row.account_id in _rate_limited_accounts(session, now):
                raise ScheduleError(f"{account} waits for X's rate limit; draft {draft_id} waits")
            number = (row.publish_attempts or 0) + 1
            _write(
                session,
                row,
                account=account,
                to_state=State.PUBLISHING,
                action=Action.START_PUBLISHING,
                actor=actor,
                now=now,
                values={
                    "publish_attempts": number,
                    "publishing_since": now,
                    "last_error": "",
                    "not_before": None,
                },
                detail=f"publishing (try {number})",
            )
            _open_attempt(session, row, account=account, number=number, actor=actor, now=now)
            return draft_record(row, account, author)

    @retrying
    def reattempt(
        self, draft_id: int, *, post_ids: Sequence[str], actor: str, now: datetime
    ) -> DraftRecord:
        """Begin a new try of an interrupted post that X was checked not to have (all of).

        The post stays ``publishing``; the old try is closed as ``interrupted``.
        """
        with self._db.write() as session:
            row, account, author = _lock(session, draft_id, None)
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
            _write(
                session,
                row,
                account=account,
                to_state=State.PUBLISHING,
                action=None,
                actor=actor,
                now=now,
                values={
                    "publish_attempts": number,
                    "publishing_since": now,
                    "post_ids": [str(i) for i in post_ids],
                },
                detail=f"interrupted try checked on X (not there); publishing (try {number})",
                audit_action="reattempt",
            )
            _open_attempt(session, row, account=account, number=number, actor=actor, now=now)
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
            row, account, author = _lock(session, draft_id, None)
            if row.state != State.PUBLISHING.value:
                raise ConflictError(f"draft {draft_id} is {row.state}, not being published")
            attempt = _last_attempt(session, row)
            ids = [str(i) for i in post_ids]
            if attempt is not None:
                attempt.finished_at = now
                attempt.outcome = state
                attempt.post_id = ids[0] if ids else None
                attempt.error = error
            if state == "published":
                _write(
                    session,
                    row,
                    account=account,
                    to_state=State.PUBLISHED,
                    action=Action.MARK_PUBLISHED,
                    actor=actor,
                    now=now,
                    values={
                        "post_id": ids[0] if ids else None,
                        "post_ids": ids,
                        "published_at": now,
                        "publishing_since": None,
                        "needs_confirmation": False,
                        "last_error": "",
                    },
                    detail=f"published as post {ids[0] if ids else '?'}",
                )
            elif state == "failed":
                _write(
                    session,
                    row,
                    account=account,
                    to_state=State.FAILED,
                    action=Action.MARK_FAILED,
                    actor=actor,
                    now=now,
                    values={"publishing_since": None, "last_error": error, "post_ids": ids},
                    detail=f"failed: {error}",
                )
            elif state == "unknown":
                _write(
                    session,
                    row,
                    account=account,
                    to_state=State.PUBLISHING,
                    action=None,
                    actor=actor,
                    now=now,
                    values={"needs_confirmation": True, "last_error": error, "post_ids": ids},
                    detail=f"outcome unknown, waiting for a person to check X: {error}",
                    audit_action="needs_confirmation",
                )
            else:
                raise ValueError(f"unknown publishing outcome {state!r}")
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
            row, account, author = _lock(session, draft_id, None)
            if row.state != State.PUBLISHING.value:
                raise ConflictError(f"draft {draft_id} is {row.state}, not being published")
            attempt = _last_attempt(session, row)
            if attempt is not None:
                attempt.finished_at, attempt.outcome, attempt.error = now, outcome, reason
            _write(
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
            row, account, author = _lock(session, draft_id, None)
            who = _actor(session, actor, row.account_id)
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
            _write(
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
            row, account, author = _lock(session, draft_id, None)
            who = _actor(session, actor, row.account_id)
            result = act(draft_record(row, account, author).facts(), who, Action.RETRY, now=now)
            if _pause_state(session).paused(account):
                raise ScheduleError(f"{account}'s queue is paused: resume it to retry posts")
            queue = _queue(session, row.account_id, account)
            laid = assign(schedule, queue, [str(row.id)], now, account=account)
            when = next(p.scheduled_at for p in laid if p.id == str(row.id))
            _write(
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
                return LockRecord(row.name, row.holder, row.acquired_at, row.expires_at)
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
            return LockRecord(row.name, row.holder, row.acquired_at, row.expires_at)

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
            return LockRecord(lock.name, lock.holder, lock.acquired_at, lock.expires_at)


# -- helpers -----------------------------------------------------------------------------------


def _open_attempt(
    session: Session, row: Draft, *, account: str, number: int, actor: str, now: datetime
) -> None:
    """Record the start of try ``number`` (before anything is sent)."""
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


def _refuse_paused_or_duplicate(
    session: Session, account: str, rows: Sequence[Draft], now: datetime
) -> None:
    """Refuse to queue on a paused account, or a text repeating one of the last 30 days."""
    paused = _pause_state(session)
    if paused.paused(account):
        raise ScheduleError(
            f"{account}'s queue is paused"
            + (" (every queue is stopped)" if paused.all else "")
            + ": resume it to queue posts"
        )
    since = now - timedelta(days=DUPLICATE_DAYS)
    for row in rows:
        recent = _recent(session, account, since, exclude=row.id)
        for part in split_parts(row.text):
            if is_duplicate(part, recent, now):
                raise ScheduleError(
                    f"draft {row.id} repeats a post queued or published on {account} in "
                    f"the last {DUPLICATE_DAYS} days; X refuses duplicates, so reword it"
                )


def _enter_queue(
    session: Session,
    row: Draft,
    *,
    account: str,
    actor: str,
    now: datetime,
    when: datetime,
    tags: Iterable[str],
    values: dict[str, Any],
    detail: str,
) -> None:
    """Write ``approved -> queued`` at ``when`` (unpinned) with the unit's own fields."""
    _write(
        session,
        row,
        account=account,
        to_state=State.QUEUED,
        action=Action.QUEUE,
        actor=actor,
        now=now,
        values={"scheduled_at": when, "pinned": False, "tags": sorted(set(tags)), **values},
        detail=detail,
    )


def _pause_state(session: Session) -> PauseState:
    setting = session.get(Setting, PAUSE_ALL_KEY)
    accounts = frozenset(
        a.handle for a in session.scalars(select(Account)) if (a.settings or {}).get(PAUSED_KEY)
    )
    return PauseState(bool(setting.value) if setting is not None else False, accounts)


def _rate_limited_accounts(session: Session, now: datetime) -> set[int]:
    """Accounts with a post given back until X's rate limit resets after ``now``."""
    return set(
        session.scalars(
            select(Draft.account_id)
            .where(Draft.state == State.QUEUED.value, Draft.not_before > now)
            .distinct()
        )
    )


def _lock(session: Session, draft_id: int, expected_version: int | None) -> tuple[Draft, str, str]:
    found = session.execute(select_drafts().where(Draft.id == draft_id)).first()
    if found is None:
        raise NotFoundError(f"there is no draft {draft_id}")
    row, account, author = found
    if expected_version is not None and row.version != expected_version:
        raise ConflictError(
            f"draft {draft_id} was changed by someone else meanwhile (you read version "
            f"{expected_version}, it is now version {row.version}): reload it and try again"
        )
    return row, account, author


def _actor(session: Session, name: str, account_id: int) -> Actor:
    if name == SYSTEM_ACTOR.name:
        return SYSTEM_ACTOR
    return actor_on(session, name, account_id)[1]


def _manager(session: Session, name: str, account_id: int | None, what: str) -> Actor:
    who = _actor(session, name, account_id) if account_id is not None else None
    if who is None:
        who = SYSTEM_ACTOR if name == SYSTEM_ACTOR.name else actor_on(session, name, None)[1]
    if not can_manage_queue(who):
        raise PermissionDeniedError(
            f"{name!r} may not change the queue of {what}: reviewers and admins run queues"
        )
    return who


def _require_queued(row: Draft) -> None:
    if row.state != State.QUEUED.value:
        raise ScheduleError(f"draft {row.id} is {row.state}, not waiting in a queue")


def _queue(session: Session, account_id: int, account: str) -> list[QueuedPost]:
    rows = session.scalars(
        select(Draft)
        .where(
            Draft.account_id == account_id,
            Draft.state.in_([s.value for s in QUEUE_STATES]),
        )
        .order_by(Draft.scheduled_at, Draft.id)
    )
    return [_as_post(r, account) for r in rows]


def _published(
    session: Session, account_id: int, account: str, now: datetime
) -> list[PublishedPost]:
    """The account's posts published in the last 30 days (for content-mix windows)."""
    rows = session.scalars(
        select(Draft)
        .where(
            Draft.account_id == account_id,
            Draft.state == State.PUBLISHED.value,
            Draft.published_at >= now - timedelta(days=DUPLICATE_DAYS),
        )
        .order_by(Draft.published_at, Draft.id)
    )
    return [
        PublishedPost(
            str(r.id),
            account,
            r.text,
            r.published_at or now,
            parts=tuple(str(p) for p in r.thread_parts or ()),
            tags=frozenset(str(t) for t in r.tags or ()),
        )
        for r in rows
    ]


def _recent(
    session: Session, account: str, since: datetime, *, exclude: int | None
) -> list[tuple[str, datetime]]:
    rows = session.execute(
        select(Draft.id, Draft.text, Draft.thread_parts, Draft.scheduled_at, Draft.published_at)
        .join(Account, Account.id == Draft.account_id)
        .where(
            Account.handle == account,
            Draft.state.in_([State.QUEUED.value, State.PUBLISHING.value, State.PUBLISHED.value]),
            or_(Draft.published_at >= since, Draft.scheduled_at >= since),
        )
    )
    out: list[tuple[str, datetime]] = []
    for draft_id, text, parts, scheduled, published in rows:
        if draft_id == exclude:
            continue
        when = published or scheduled
        if when is None:
            continue
        for part in [str(p) for p in parts or ()] or [text]:
            out.append((part, when))
    return out


def _write(
    session: Session,
    row: Draft,
    *,
    account: str,
    to_state: State,
    action: Action | None,
    actor: str,
    now: datetime,
    values: dict[str, Any],
    detail: str,
    audit_action: str = "",
) -> None:
    """Update one draft where its version is still the one read, and audit it."""
    from_state = row.state
    changes = {**values, "state": to_state.value, "version": row.version + 1, "updated_at": now}
    if from_state != to_state.value:
        changes["state_changed_at"] = now
    result = session.execute(
        update(Draft)
        .where(and_(Draft.id == row.id, Draft.version == row.version))
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 1) != 1:
        raise ConflictError(
            f"draft {row.id} was changed by someone else meanwhile: reload it and try again"
        )
    session.refresh(row)
    session.add(
        AuditEvent(
            at=now,
            actor=actor,
            action=audit_action or (action.value if action is not None else "queue_edit"),
            draft_id=row.id,
            account=account,
            from_state=from_state,
            to_state=to_state.value,
            text_version=row.text_version,
            detail=detail,
        )
    )
    session.flush()


def _relayout(
    session: Session,
    laid: Sequence[QueuedPost],
    *,
    account: str,
    actor: str,
    now: datetime,
    note: str = "moved up",
) -> None:
    """Write back the times and pins a core queue edit decided (only rows that changed)."""
    for post in laid:
        row = session.get(Draft, int(post.id))
        if row is None or row.state != State.QUEUED.value:
            continue  # a post being published keeps its slot
        if row.scheduled_at == post.scheduled_at and bool(row.pinned) == post.pinned:
            continue
        old = row.scheduled_at
        _write(
            session,
            row,
            account=account,
            to_state=State.QUEUED,
            action=None,
            actor=actor,
            now=now,
            values={"scheduled_at": post.scheduled_at, "pinned": post.pinned},
            detail=f"{note}: {old.isoformat() if old else '?'} -> {post.scheduled_at.isoformat()}",
        )


def _catch_up(
    session: Session, acc: Account, schedule: Schedule, *, actor: str, now: datetime
) -> None:
    """After a resume: lay the queue out again from now (missed pinned posts unpinned)."""
    posts = _queue(session, acc.id, acc.handle)
    if not any(p.scheduled_at <= now for p in posts if not _in_flight(session, p)):
        return
    fixed = [
        p
        if not (p.pinned and p.scheduled_at <= now and not _in_flight(session, p))
        else QueuedPost(p.id, p.account, p.scheduled_at, pinned=False, text=p.text)
        for p in posts
    ]
    order = [p.id for p in fixed if not p.pinned]
    laid = reorder(fixed, order, schedule, now)
    _relayout(session, laid, account=acc.handle, actor=actor, now=now, note="resumed")


def _accepted_findings(session: Session, row: Draft) -> list[Finding]:
    """The findings stored with the draft's approved (else current) text version."""
    number = row.approved_text_version or row.text_version
    stored = session.scalar(
        select(DraftVersion.findings).where(
            DraftVersion.draft_id == row.id, DraftVersion.number == number
        )
    )
    out: list[Finding] = []
    for data in stored or ():
        try:
            out.append(finding_from_json(data))
        except (KeyError, TypeError, ValueError):
            continue  # a snapshot this version cannot read accepts nothing
    return out


def _in_flight(session: Session, post: QueuedPost) -> bool:
    row = session.get(Draft, int(post.id))
    return row is not None and row.state == State.PUBLISHING.value


__all__ = [
    "HISTORY_STATES",
    "PUBLISHER_LOCK",
    "QUEUE_STATES",
    "SEND_BACK_ACTION",
    "AttemptRecord",
    "LeaseLostError",
    "LockRecord",
    "PauseState",
    "QueueRepository",
    "ResumeOutcome",
]
