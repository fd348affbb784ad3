"""The queue's shared SQL: its states, the pause state, and the steps every queue edit takes.

A draft is read for update (:func:`lock_draft`), its account's queue is loaded as core
:class:`~composer.core.schedule.QueuedPost` values (:func:`queue_of`), and what the core decides
is written back one draft at a time with an audit row (:func:`write_draft`, :func:`relayout`).
The parts of :class:`composer.store.queue.QueueRepository` build on these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from composer.core.errors import ConflictError
from composer.core.schedule import (
    DUPLICATE_DAYS,
    PublishedPost,
    QueuedPost,
    ScheduleError,
    is_duplicate,
)
from composer.core.threads import split_parts
from composer.core.workflow import SYSTEM as SYSTEM_ACTOR
from composer.core.workflow import Action, Actor, State, can_manage_queue
from composer.store.database import Database
from composer.store.draft_reads import select_drafts
from composer.store.errors import NotFoundError, PermissionDeniedError
from composer.store.models import Account, AuditEvent, Draft
from composer.store.models import WorkspaceSetting as Setting
from composer.store.users import actor_on

#: States a post is "in the queue" in (a post being published still holds its slot).
QUEUE_STATES = (State.QUEUED, State.PUBLISHING)
#: States of the publishing history.
HISTORY_STATES = (State.PUBLISHED, State.FAILED)
#: The workspace setting of the crisis switch.
PAUSE_ALL_KEY = "queue_paused_all"
#: The account setting of one account's pause.
PAUSED_KEY = "paused"


@dataclass(frozen=True, slots=True)
class PauseState:
    """Which queues are paused: every one (the crisis switch) and/or some accounts."""

    all: bool
    accounts: frozenset[str]

    def paused(self, account: str) -> bool:
        """Whether ``account``'s queue is stopped."""
        return self.all or account in self.accounts


class QueuePart:
    """What each part of the queue repository holds: the database it opens sessions on."""

    def __init__(self, db: Database) -> None:
        self._db = db


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


def refuse_paused_or_duplicate(
    session: Session, account: str, rows: Sequence[Draft], now: datetime
) -> None:
    """Refuse to queue on a paused account, or a text repeating one of the last 30 days."""
    paused = read_pause_state(session)
    if paused.paused(account):
        raise ScheduleError(
            f"{account}'s queue is paused"
            + (" (every queue is stopped)" if paused.all else "")
            + ": resume it to queue posts"
        )
    since = now - timedelta(days=DUPLICATE_DAYS)
    for row in rows:
        recent = recent_posts(session, account, since, exclude=row.id)
        for part in split_parts(row.text):
            if is_duplicate(part, recent, now):
                raise ScheduleError(
                    f"draft {row.id} repeats a post queued or published on {account} in "
                    f"the last {DUPLICATE_DAYS} days; X refuses duplicates, so reword it"
                )


def enter_queue(
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
    write_draft(
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


def read_pause_state(session: Session) -> PauseState:
    """Which queues are paused, read in ``session``."""
    setting = session.get(Setting, PAUSE_ALL_KEY)
    accounts = frozenset(
        a.handle for a in session.scalars(select(Account)) if (a.settings or {}).get(PAUSED_KEY)
    )
    return PauseState(bool(setting.value) if setting is not None else False, accounts)


def rate_limited_accounts(session: Session, now: datetime) -> set[int]:
    """Accounts with a post given back until X's rate limit resets after ``now``."""
    return set(
        session.scalars(
            select(Draft.account_id)
            .where(Draft.state == State.QUEUED.value, Draft.not_before > now)
            .distinct()
        )
    )


def lock_draft(
    session: Session, draft_id: int, expected_version: int | None
) -> tuple[Draft, str, str]:
    """The draft with its account and author, refused when not at ``expected_version``.

    Raises:
        NotFoundError: no such draft.
        ConflictError: someone else changed it since ``expected_version`` was read.
    """
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


def actor_for(session: Session, name: str, account_id: int) -> Actor:
    """User ``name`` with their roles on the account (the system actor by its name)."""
    if name == SYSTEM_ACTOR.name:
        return SYSTEM_ACTOR
    return actor_on(session, name, account_id)[1]


def require_manager(session: Session, name: str, account_id: int | None, what: str) -> Actor:
    """User ``name``, who must run the account's queue (of every account without one).

    Raises:
        PermissionDeniedError: not a reviewer or admin there.
    """
    who = actor_for(session, name, account_id) if account_id is not None else None
    if who is None:
        who = SYSTEM_ACTOR if name == SYSTEM_ACTOR.name else actor_on(session, name, None)[1]
    if not can_manage_queue(who):
        raise PermissionDeniedError(
            f"{name!r} may not change the queue of {what}: reviewers and admins run queues"
        )
    return who


def require_queued(row: Draft) -> None:
    """Refuse a draft that is not waiting in a queue (a post being published is not)."""
    if row.state != State.QUEUED.value:
        raise ScheduleError(f"draft {row.id} is {row.state}, not waiting in a queue")


def queue_of(session: Session, account_id: int, account: str) -> list[QueuedPost]:
    """The account's queue as the core sees it, by time then id."""
    rows = session.scalars(
        select(Draft)
        .where(
            Draft.account_id == account_id,
            Draft.state.in_([s.value for s in QUEUE_STATES]),
        )
        .order_by(Draft.scheduled_at, Draft.id)
    )
    return [_as_post(r, account) for r in rows]


def published_posts(
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


def recent_posts(
    session: Session, account: str, since: datetime, *, exclude: int | None
) -> list[tuple[str, datetime]]:
    """``(text, when)`` of each part of the account's queued and published posts since ``since``."""
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


def write_draft(
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


def relayout(
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
        write_draft(
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
