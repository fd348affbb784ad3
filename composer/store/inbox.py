"""The mentions inbox: mentions stored per account, triage steps (audited), the read cursor.

Every triage step is one transaction that checks the person's roles (the core decides who
may), the row version it read (optimistic locking) and writes its audit event. A mention is
answered when a published draft of its account replies to it (:meth:`sync_answers`).
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from composer.core.errors import ConflictError
from composer.core.inbox import (
    InboxAction,
    InboxError,
    Mention,
    MentionState,
    Response,
    check_may_triage,
    check_route,
    month_key,
    newest_id,
    next_state,
)
from composer.core.workflow import Role, State
from composer.store.database import Database, retrying
from composer.store.errors import NotFoundError
from composer.store.inbox_models import InboxCursor, MentionRow
from composer.store.models import Account, AuditEvent, Draft, User
from composer.store.users import account_row, roles_of, user_row

#: Account settings (``account set``) the inbox reads.
BUDGET_KEY = "inbox_read_budget"
CADENCE_KEY = "inbox_cadence_minutes"
TARGET_KEY = "reply_target_minutes"
DEFAULT_CADENCE_MINUTES = 15


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """A mention in an account's inbox."""

    id: int
    account: str
    x_id: str
    author_id: str
    author_username: str
    text: str
    mentioned_at: datetime
    conversation_id: str
    in_reply_to_user_id: str | None
    state: MentionState
    assignee: str | None
    routed_from: str
    note: str
    reply_draft_id: int | None
    answered_at: datetime | None
    answered_by: str
    version: int


@dataclass(frozen=True, slots=True)
class CursorRecord:
    """Where an account's fetch stands (``reads_used`` counts this month's billed reads)."""

    account: str
    since_id: str | None
    month: str
    reads_used: int
    last_fetch_at: datetime | None
    retry_at: datetime | None


def _record(row: MentionRow, handle: str, assignee: str | None) -> MentionRecord:
    return MentionRecord(
        row.id,
        handle,
        row.x_id,
        row.author_id,
        row.author_username,
        row.text,
        row.mentioned_at,
        row.conversation_id,
        row.in_reply_to_user_id,
        MentionState(row.state),
        assignee,
        row.routed_from,
        row.note,
        row.reply_draft_id,
        row.answered_at,
        row.answered_by,
        row.version,
    )


class InboxRepository:
    """Mentions per account, their triage and the fetch cursor."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- reading -----------------------------------------------------------------------------

    def list(
        self,
        *,
        account: str | None = None,
        states: Sequence[MentionState] = (),
        search: str = "",
        limit: int | None = None,
    ) -> list[MentionRecord]:
        """Mentions newest first, filtered by account, states and a text/author search."""
        query = (
            select(MentionRow, Account.handle, User.name)
            .join(Account, Account.id == MentionRow.account_id)
            .outerjoin(User, User.id == MentionRow.assignee_id)
            .order_by(MentionRow.mentioned_at.desc(), MentionRow.id.desc())
        )
        if account:
            query = query.where(Account.handle == account)
        if states:
            query = query.where(MentionRow.state.in_([s.value for s in states]))
        with self._db.read() as session:
            rows = [_record(m, h, u) for m, h, u in session.execute(query)]
        if search:
            # Case-insensitive beyond ASCII (SQLite's lower() folds only ASCII).
            key = search.casefold()
            rows = [
                r for r in rows if key in r.text.casefold() or key in r.author_username.casefold()
            ]
        return rows[:limit] if limit is not None else rows

    def get(self, mention_id: int) -> MentionRecord:
        """One mention.

        Raises:
            NotFoundError: no such mention.
        """
        with self._db.read() as session:
            row = self._row(session, mention_id)
            return self._to_record(session, row)

    def thread(self, mention: MentionRecord) -> builtins.list[MentionRecord]:
        """The mentions of the same conversation in the same inbox, oldest first."""
        rows = self.list(account=mention.account)
        return sorted(
            (r for r in rows if r.conversation_id == mention.conversation_id),
            key=lambda r: (r.mentioned_at, r.id),
        )

    def cursor(self, account: str) -> CursorRecord:
        """The account's fetch cursor (empty before the first fetch)."""
        with self._db.read() as session:
            acc = account_row(session, account)
            row = session.get(InboxCursor, acc.id)
            if row is None:
                return CursorRecord(account, None, "", 0, None, None)
            return CursorRecord(
                account, row.since_id, row.month, row.reads_used, row.last_fetch_at, row.retry_at
            )

    def may_fetch(self, account: str, actor: str) -> bool:
        """Whether ``actor`` may fetch ``account``'s mentions (asked before X is read).

        On SQLite: an admin of the account. In team mode the database decides as its guard
        will: the schema owner, the publisher login or an admin of the account.
        """
        with self._db.read() as session:
            acc = account_row(session, account)
            if session.get_bind().dialect.name == "postgresql":
                try:
                    with session.begin_nested():
                        return bool(
                            session.scalar(
                                text(
                                    "SELECT bvc_trusted() OR bvc_is_publisher() "
                                    "OR bvc_has_role(:account, ARRAY['admin'])"
                                ),
                                {"account": acc.id},
                            )
                        )
                except DBAPIError:
                    pass  # no team security installed: the roles decide
            person = user_row(session, actor)
            return Role.ADMIN in roles_of(session, person.id, acc.id)

    def responses(self) -> builtins.list[Response]:
        """Every answered mention with its reply's author and time (for response times)."""
        with self._db.read() as session:
            query = (
                select(MentionRow, Account.handle)
                .join(Account, Account.id == MentionRow.account_id)
                .where(
                    MentionRow.state == MentionState.ANSWERED.value,
                    MentionRow.answered_at.is_not(None),
                )
            )
            return [
                Response(handle, row.answered_by, row.mentioned_at, row.answered_at)
                for row, handle in session.execute(query)
                if row.answered_at is not None
            ]

    # -- the fetch ---------------------------------------------------------------------------

    @retrying
    def add_fetched(
        self,
        account: str,
        mentions: Sequence[Mention],
        *,
        reads: int,
        now: datetime,
        retry_at: datetime | None = None,
        advance: bool = True,
    ) -> int:
        """Store newly read mentions, count the billed reads and move the cursor; one unit.

        Mentions already in the inbox (or routed away from it) are not added twice. With
        ``advance`` false (a fetch cut short), ``since_id`` stays where it was.

        Returns:
            How many mentions were new.
        """
        with self._db.write() as session:
            acc = account_row(session, account)
            cursor = session.get(InboxCursor, acc.id)
            if cursor is None:
                cursor = InboxCursor(account_id=acc.id, month="", reads_used=0)
                session.add(cursor)
            month = month_key(now)
            if cursor.month != month:
                cursor.month, cursor.reads_used = month, 0
            cursor.reads_used += reads
            cursor.last_fetch_at = now
            cursor.retry_at = retry_at
            ids = [m.x_id for m in mentions]
            known = set(
                session.scalars(
                    select(MentionRow.x_id).where(
                        MentionRow.x_id.in_(ids),
                        or_(
                            MentionRow.account_id == acc.id,
                            MentionRow.routed_from == acc.handle,
                        ),
                    )
                )
            )
            added = 0
            # Oldest first, so row ids grow with time (ties in X's times keep X's order).
            for mention in sorted(mentions, key=lambda m: (m.created_at, len(m.x_id), m.x_id)):
                if mention.x_id in known:
                    continue
                known.add(mention.x_id)
                session.add(
                    MentionRow(
                        account_id=acc.id,
                        x_id=mention.x_id,
                        author_id=mention.author_id,
                        author_username=mention.author_username,
                        text=mention.text,
                        mentioned_at=mention.created_at,
                        conversation_id=mention.conversation_id,
                        in_reply_to_user_id=mention.in_reply_to_user_id,
                        fetched_at=now,
                        state=MentionState.NEW.value,
                        routed_from="",
                        note="",
                        answered_by="",
                        version=1,
                    )
                )
                added += 1
            if advance:
                cursor.since_id = newest_id([*ids, *([cursor.since_id] if cursor.since_id else [])])
            return added

    @retrying
    def rate_limited(self, account: str, *, until: datetime, now: datetime) -> None:
        """Remember X's rate-limit reset so the next fetch waits for it."""
        with self._db.write() as session:
            acc = account_row(session, account)
            cursor = session.get(InboxCursor, acc.id)
            if cursor is None:
                cursor = InboxCursor(account_id=acc.id, month=month_key(now), reads_used=0)
                session.add(cursor)
            cursor.retry_at = until

    # -- triage ------------------------------------------------------------------------------

    @retrying
    def assign(
        self, mention_id: int, person: str, *, actor: str, now: datetime, version: int | None = None
    ) -> MentionRecord:
        """Assign a mention to ``person`` (who must have a role on its account)."""
        with self._db.write() as session:
            row = self._row(session, mention_id, version)
            handle = self._triager(session, row, actor)
            assignee = user_row(session, person)
            check_may_triage(
                roles_of(session, assignee.id, row.account_id), person=assignee.name, account=handle
            )
            row.state = next_state(MentionState(row.state), InboxAction.ASSIGN).value
            row.assignee_id = assignee.id
            self._bump(session, row, handle, actor, now, f"assigned to {assignee.name}")
            return self._to_record(session, row)

    @retrying
    def act(
        self,
        mention_id: int,
        action: InboxAction,
        *,
        actor: str,
        now: datetime,
        version: int | None = None,
    ) -> MentionRecord:
        """``unassign``, ``no_reply`` or ``reopen`` a mention."""
        if action not in (InboxAction.UNASSIGN, InboxAction.NO_REPLY, InboxAction.REOPEN):
            raise ValueError(f"use assign, route or sync_answers for {action.value}")
        with self._db.write() as session:
            row = self._row(session, mention_id, version)
            handle = self._triager(session, row, actor)
            row.state = next_state(MentionState(row.state), action).value
            if row.state == MentionState.NEW.value:
                row.assignee_id = None
                row.answered_at, row.answered_by = None, ""
            self._bump(session, row, handle, actor, now, action.value.replace("_", " "))
            return self._to_record(session, row)

    @retrying
    def route(
        self,
        mention_id: int,
        target: str,
        note: str,
        *,
        actor: str,
        now: datetime,
        version: int | None = None,
    ) -> MentionRecord:
        """Hand a mention to another account's inbox with a note (audited on both accounts)."""
        with self._db.write() as session:
            row = self._row(session, mention_id, version)
            handle = self._triager(session, row, actor)
            target_row = account_row(session, target)
            cleaned = check_route(handle, target_row.handle, note)
            clash = session.scalar(
                select(MentionRow.id).where(
                    MentionRow.account_id == target_row.id, MentionRow.x_id == row.x_id
                )
            )
            if clash is not None:
                raise InboxError(f"the mention is already in {target_row.handle}'s inbox")
            row.state = next_state(MentionState(row.state), InboxAction.ROUTE).value
            row.account_id = target_row.id
            row.assignee_id = None
            row.routed_from = handle
            row.note = cleaned
            detail = f"mention {row.x_id} routed from {handle} to {target_row.handle}: {cleaned}"
            self._bump(session, row, handle, actor, now, detail, action="inbox_route")
            session.add(
                AuditEvent(
                    at=now,
                    actor=actor,
                    action="inbox_route",
                    account=target_row.handle,
                    detail=detail,
                )
            )
            return self._to_record(session, row)

    @retrying
    def link_reply(self, mention_id: int, draft_id: int, *, actor: str, now: datetime) -> None:
        """Remember the draft that replies to a mention (assigning it to the replier)."""
        with self._db.write() as session:
            row = self._row(session, mention_id)
            handle = self._triager(session, row, actor)
            # Read before writing: a query would flush the row before its version is bumped.
            replier = user_row(session, actor).id
            row.reply_draft_id = draft_id
            if row.state == MentionState.NEW.value:
                row.state = MentionState.ASSIGNED.value
                row.assignee_id = replier
            self._bump(session, row, handle, actor, now, f"reply drafted (draft {draft_id})")

    @retrying
    def sync_answers(self, *, now: datetime, actor: str, account: str | None = None) -> int:
        """Mark answered every open mention a published draft of its account replies to.

        Returns:
            How many mentions became answered.
        """
        with self._db.write() as session:
            query = (
                select(MentionRow, Draft, User.name, Account.handle)
                .join(
                    Draft,
                    (Draft.account_id == MentionRow.account_id)
                    & (Draft.in_reply_to == MentionRow.x_id),
                )
                .join(User, User.id == Draft.author_id)
                .join(Account, Account.id == MentionRow.account_id)
                .where(
                    Draft.state == State.PUBLISHED.value,
                    MentionRow.state != MentionState.ANSWERED.value,
                )
            )
            if account:
                query = query.where(Account.handle == account)
            count = 0
            for row, draft, author, handle in session.execute(query).all():
                row.state = next_state(MentionState(row.state), InboxAction.ANSWER).value
                row.answered_at = draft.published_at or draft.state_changed_at
                row.answered_by = author
                row.reply_draft_id = draft.id
                self._bump(session, row, handle, actor, now, f"answered by post {draft.post_id}")
                count += 1
            return count

    # -- internals ---------------------------------------------------------------------------

    @staticmethod
    def _row(session: Session, mention_id: int, version: int | None = None) -> MentionRow:
        row = session.get(MentionRow, mention_id)
        if row is None:
            raise NotFoundError(f"no mention {mention_id} in any inbox")
        if version is not None and row.version != version:
            raise ConflictError(
                f"mention {mention_id} changed since it was read (someone else triaged it): "
                "look at it again"
            )
        return row

    @staticmethod
    def _triager(session: Session, row: MentionRow, actor: str) -> str:
        """The handle of the mention's account, after checking ``actor`` may triage it."""
        handle = str(session.scalar(select(Account.handle).where(Account.id == row.account_id)))
        person = user_row(session, actor)
        check_may_triage(roles_of(session, person.id, row.account_id), person=actor, account=handle)
        return handle

    @staticmethod
    def _to_record(session: Session, row: MentionRow) -> MentionRecord:
        handle = str(session.scalar(select(Account.handle).where(Account.id == row.account_id)))
        assignee = (
            session.scalar(select(User.name).where(User.id == row.assignee_id))
            if row.assignee_id is not None
            else None
        )
        return _record(row, handle, assignee)

    @staticmethod
    def _bump(  # noqa: PLR0917 - the unit's session, row and account, who, when, what
        session: Session,
        row: MentionRow,
        handle: str,
        actor: str,
        now: datetime,
        detail: str,
        *,
        action: str = "inbox",
    ) -> None:
        row.version += 1
        session.flush()
        if action == "inbox":
            detail = f"mention {row.x_id}: {detail}"
        session.add(AuditEvent(at=now, actor=actor, action=action, account=handle, detail=detail))
