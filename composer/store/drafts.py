"""Drafts, their text versions, reviews and comments; every state change audited and locked.

Each write is one transaction that (1) reads the draft and refuses a stale ``expected_version``
with :class:`ConflictError`, (2) asks the pure workflow core whether the change is allowed,
(3) updates the row *where its version is still the one read* (so two writers can never both
win, on SQLite and on PostgreSQL alike), and (4) writes the audit event.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from composer.core.approval import approval_hash
from composer.core.errors import ConflictError, TransitionError
from composer.core.findings import Finding, Level
from composer.core.threads import split_parts
from composer.core.workflow import SYSTEM as SYSTEM_ACTOR
from composer.core.workflow import (
    Action,
    Role,
    State,
    Transition,
    act,
    edit,
    is_due_to_expire,
    move,
    review,
    submit,
)
from composer.store.database import retrying
from composer.store.draft_reads import (
    DraftReads,
    Span,
    draft_record,
    resolved_policy,
    select_drafts,
)
from composer.store.errors import NotFoundError, PermissionDeniedError, RefusedByDatabaseError
from composer.store.media_models import media_items
from composer.store.models import (
    Account,
    AuditEvent,
    Comment,
    Draft,
    DraftVersion,
    Review,
)
from composer.store.records import (
    CommentRecord,
    DraftRecord,
    content_hash,
    finding_from_json,
    finding_to_json,
)
from composer.store.users import account_row, actor_on

__all__ = ["DraftRepository", "Span"]


class DraftRepository(DraftReads):
    """Everything that happens to drafts: the queries of :class:`DraftReads`, and the writes."""

    # -- writing -------------------------------------------------------------------------

    @retrying
    def create(
        self,
        account: str,
        text: str,
        *,
        author: str,
        findings: Sequence[Finding],
        now: datetime,
        scheduled_at: datetime | None = None,
    ) -> DraftRecord:
        """Start a draft (state ``draft``, version 1, text version 1).

        Raises:
            NotFoundError: unknown account or user.
            PermissionDeniedError: the author has no author (or admin) role on the account.
        """
        with self._db.write() as session:
            return _create_in(
                session,
                account,
                text,
                author=author,
                findings=findings,
                now=now,
                scheduled_at=scheduled_at,
            )

    @retrying
    def create_many(
        self,
        items: Sequence[tuple[str, str, Sequence[Finding], datetime | None]],
        *,
        author: str,
        now: datetime,
    ) -> builtins.list[DraftRecord]:
        """Create several drafts in one transaction: all of them, or none (imports).

        Args:
            items: ``(account, text, findings, intended time)`` per draft.
            author: Who writes them.
            now: The time.
        """
        with self._db.write() as session:
            return [
                _create_in(
                    session,
                    account,
                    text,
                    author=author,
                    findings=findings,
                    now=now,
                    scheduled_at=scheduled_at,
                )
                for account, text, findings, scheduled_at in items
            ]

    @retrying
    def save_text(
        self,
        draft_id: int,
        text: str,
        expected_version: int,
        *,
        actor: str,
        findings: Sequence[Finding],
        now: datetime,
    ) -> DraftRecord:
        """Save new text (the editor's autosave path and ``draft edit``).

        Saving the same text again changes nothing. While the newest text version is not
        sealed by a submission or review it is rewritten in place; otherwise a new version
        starts, and a draft in or past review goes back to review (see ``workflow.edit``).

        Raises:
            ConflictError: the draft changed since ``expected_version`` was read.
            TransitionError: the draft cannot be edited now, or not by ``actor``.
        """
        digest = content_hash(text)
        with self._db.write() as session:
            row, account, author = self._lock(session, draft_id, expected_version)
            if digest == row.content_hash:
                return draft_record(row, account, author, findings)
            user, who = actor_on(session, actor, row.account_id)
            current = draft_record(row, account, author)
            newest = session.scalar(
                select(DraftVersion).where(
                    DraftVersion.draft_id == draft_id, DraftVersion.number == row.text_version
                )
            )
            # The warnings the draft's reason was given for: a new one needs a new reason.
            previous = [finding_from_json(f) for f in (newest.findings if newest else ()) or ()]
            transition = edit(current.facts(), who, findings=findings, now=now, previous=previous)
            starts_version = newest is None or newest.sealed
            number = row.text_version + 1 if starts_version else row.text_version
            if starts_version:
                session.add(_version(row, user.id, text, findings, now, number=number))
            elif newest is not None:
                newest.text = text
                newest.content_hash = digest
                newest.findings = [finding_to_json(f) for f in findings]
                newest.updated_at = now
            values = {
                "text": text,
                "content_hash": digest,
                "text_version": number,
                "has_errors": any(f.level is Level.ERROR for f in findings),
            }
            audit = starts_version or transition.changes_state
            self._apply(
                session,
                row,
                account=account,
                transition=transition,
                expected_version=expected_version,
                now=now,
                values=values,
                audit=audit,
                text_version=number,
            )
            return draft_record(row, account, author, findings)

    @retrying
    def submit(
        self,
        draft_id: int,
        *,
        actor: str,
        expected_version: int,
        findings: Sequence[Finding],
        now: datetime,
        reason: str = "",
        account: str | None = None,
    ) -> DraftRecord:
        """Send the draft to review; ``findings`` must come from a fresh check of its text.

        Args:
            draft_id: The draft.
            actor: Who submits (its author).
            expected_version: The version the caller read.
            findings: A fresh check of its text for its account.
            now: The current time.
            reason: Why warnings are acceptable.
            account: The account the caller checked the text for and shows; the submission
                is refused when the draft belongs to another one.

        Raises:
            ConflictError: stale ``expected_version``, or the draft is not ``account``'s.
            TransitionError: refused by the workflow (errors, warnings without reason...).
        """
        with self._db.write() as session:
            row, account_now, author = self._lock(session, draft_id, expected_version)
            if account is not None and account != account_now:
                raise ConflictError(
                    f"draft {draft_id} belongs to {account_now}, not {account}: "
                    "switch the account again (or reload it) and submit again"
                )
            account = account_now
            _, who = actor_on(session, actor, row.account_id)
            policy = resolved_policy(session, row.account_id)
            current = draft_record(row, account, author)
            if not current.text.strip():  # X refuses an empty post: it could never go out
                raise TransitionError(f"cannot submit draft {draft_id}: its text is empty")
            facts = current.facts()
            transition = submit(
                facts, who, findings=findings, policy=policy, now=now, reason=reason
            )
            newest = _newest_version(session, row)
            newest.findings = [finding_to_json(f) for f in findings]
            newest.sealed = True
            values = {"has_errors": False}
            self._apply(
                session,
                row,
                account=account,
                transition=transition,
                expected_version=expected_version,
                now=now,
                values=values,
            )
            return draft_record(row, account, author, findings)

    @retrying
    def review(
        self,
        draft_id: int,
        decision: Action,
        *,
        actor: str,
        expected_version: int,
        now: datetime,
        comment: str = "",
        span: Span | None = None,
        text_version: int | None = None,
    ) -> DraftRecord:
        """Approve, request changes or reject; the comment is stored and linked to the review.

        Args:
            draft_id: The draft.
            decision: Approve, request changes or reject.
            actor: The reviewer.
            expected_version: The row version the reviewer read.
            now: The current time.
            comment: The reviewer's words (required to request changes).
            span: Where the comment is anchored.
            text_version: The text version the reviewer read: the decision is refused when
                the text is another one now (an approval names the text it approves).

        Raises:
            ConflictError: stale ``text_version`` (the text changed since it was read) or
                ``expected_version`` (somebody else acted first).
            TransitionError: refused by the workflow (own draft, not a reviewer...).
        """
        with self._db.write() as session:
            if text_version is not None:
                _refuse_stale_text(session, draft_id, text_version, decision)
            row, account, author = self._lock(session, draft_id, expected_version)
            user, who = actor_on(session, actor, row.account_id)
            policy = resolved_policy(session, row.account_id)
            facts = draft_record(row, account, author).facts()
            transition = review(facts, who, decision, policy=policy, now=now, comment=comment)
            comment_id = None
            if transition.comment:
                note = _comment(row, user.id, transition.comment, span, now)
                session.add(note)
                session.flush()
                comment_id = note.id
            session.add(
                Review(
                    draft_id=row.id,
                    reviewer_id=user.id,
                    decision=decision.value,
                    step=facts.step,
                    text_version=row.text_version,
                    comment_id=comment_id,
                    created_at=now,
                )
            )
            _newest_version(session, row).sealed = True
            self._apply(
                session,
                row,
                account=account,
                transition=transition,
                expected_version=expected_version,
                now=now,
            )
            return draft_record(row, account, author)

    @retrying
    def transition(
        self,
        draft_id: int,
        action: Action,
        *,
        actor: str,
        expected_version: int,
        now: datetime,
        post_id: str | None = None,
        note: str = "",
    ) -> DraftRecord:
        """Withdraw, reopen, queue, unqueue, publishing steps, retry or expire.

        Args:
            draft_id: The draft.
            action: What happens.
            actor: A user name, or ``"system"`` for the scheduler and publisher.
            expected_version: The version the caller read.
            now: The current time.
            post_id: The X post id, with ``MARK_PUBLISHED``.
            note: Extra words for the audit trail (e.g. a publishing error, never a token).

        Raises:
            ConflictError: stale ``expected_version``.
            TransitionError: refused by the workflow.
        """
        with self._db.write() as session:
            row, account, author = self._lock(session, draft_id, expected_version)
            who = (
                SYSTEM_ACTOR
                if actor == SYSTEM_ACTOR.name
                else actor_on(session, actor, row.account_id)[1]
            )
            result = act(draft_record(row, account, author).facts(), who, action, now=now)
            if note:
                result = _with_note(result, note)
            values: dict[str, Any] = {}
            if post_id is not None:
                values["post_id"] = post_id
            self._apply(
                session,
                row,
                account=account,
                transition=result,
                expected_version=expected_version,
                now=now,
                values=values,
            )
            return draft_record(row, account, author)

    @retrying
    def move(
        self,
        draft_id: int,
        account: str,
        *,
        actor: str,
        expected_version: int,
        findings: Sequence[Finding],
        now: datetime,
    ) -> DraftRecord:
        """Give a draft being written another account (audited; move it back to undo).

        ``findings`` are those of a fresh check of its text for ``account``: they replace
        the snapshot of a text version still being written.

        Raises:
            ConflictError: stale ``expected_version``.
            NotFoundError: no such draft or account.
            TransitionError: refused by the workflow (in review, not the author...).
        """
        with self._db.write() as session:
            row, old_account, author = self._lock(session, draft_id, expected_version)
            _, who = actor_on(session, actor, row.account_id)
            target_row = account_row(session, account)
            _, target = actor_on(session, actor, target_row.id)
            facts = draft_record(row, old_account, author).facts()
            transition = move(facts, who, target, account=account, now=now)
            newest = _newest_version(session, row)
            if not newest.sealed:
                newest.findings = [finding_to_json(f) for f in findings]
            self._apply(
                session,
                row,
                account=account,
                transition=transition,
                expected_version=expected_version,
                now=now,
                values={
                    "account_id": target_row.id,
                    "has_errors": any(f.level is Level.ERROR for f in findings),
                },
            )
            return draft_record(row, account, author, findings)

    @retrying
    def duplicate(
        self, draft_id: int, *, actor: str, now: datetime, account: str | None = None
    ) -> DraftRecord:
        """A new draft by ``actor`` with the text of ``draft_id`` (its account, or ``account``).

        The new draft takes the findings of the original's current version when the account
        is the same (same text, same checks); the composer checks it again when opened.

        Raises:
            NotFoundError: no such draft.
            PermissionDeniedError: ``actor`` may not write for the account.
        """
        with self._db.write() as session:
            original = self._load(session, draft_id, with_findings=True)
            target = account or original.account
            findings = original.findings if target == original.account else ()
            return _create_in(
                session,
                target,
                original.text,
                author=actor,
                findings=findings,
                now=now,
                scheduled_at=None,
                detail=f"created as a copy of draft {draft_id}",
            )

    @retrying
    def add_comment(
        self,
        draft_id: int,
        body: str,
        *,
        actor: str,
        now: datetime,
        span: Span | None = None,
    ) -> CommentRecord:
        """Comment on the current text version, optionally on a span of it.

        Raises:
            ValueError: empty comment, or a span outside the text.
            PermissionDeniedError: the actor has no role on the draft's account.
        """
        if not body.strip():
            raise ValueError("a comment needs some words")
        with self._db.write() as session:
            row = session.get(Draft, draft_id)
            if row is None:
                raise NotFoundError(f"there is no draft {draft_id}")
            user, who = actor_on(session, actor, row.account_id)
            if not who.roles and user.id != row.author_id:
                raise PermissionDeniedError(f"{actor!r} has no role on this draft's account")
            note = _comment(row, user.id, body.strip(), span, now)
            session.add(note)
            session.flush()
            handle = session.scalar(select(Account.handle).where(Account.id == row.account_id))
            session.add(
                AuditEvent(
                    at=now,
                    actor=actor,
                    action="comment",
                    draft_id=row.id,
                    account=handle or "",
                    text_version=row.text_version,
                    detail=f"comment on {span.start}..{span.end}" if span else "comment",
                )
            )
            return CommentRecord(
                note.id,
                row.id,
                actor,
                note.body,
                note.text_version,
                note.span_start,
                note.span_end,
                note.created_at,
            )

    def expire_due(self, *, now: datetime) -> builtins.list[DraftRecord]:
        """Expire every unapproved draft whose intended time has arrived (the scheduler)."""
        with self._db.read() as session:
            query = select_drafts().where(
                Draft.state.in_([State.SUBMITTED.value, State.CHANGES_REQUESTED.value]),
                Draft.scheduled_at.is_not(None),
                Draft.scheduled_at <= now,
            )
            due = [draft_record(*found) for found in session.execute(query)]
        expired = []
        for record in due:
            if not is_due_to_expire(record.facts(), now):
                continue
            try:
                expired.append(
                    self.transition(
                        record.id,
                        Action.EXPIRE,
                        actor=SYSTEM_ACTOR.name,
                        expected_version=record.version,
                        now=now,
                    )
                )
            except ConflictError:
                continue  # somebody acted on it meanwhile; the next run looks again
            except RefusedByDatabaseError:
                continue  # team mode: the server left it to someone with a role on it
        return expired

    # -- the locked write ------------------------------------------------------------------

    def _lock(
        self, session: Session, draft_id: int, expected_version: int
    ) -> tuple[Draft, str, str]:
        found = session.execute(select_drafts().where(Draft.id == draft_id)).first()
        if found is None:
            raise NotFoundError(f"there is no draft {draft_id}")
        row, account, author = found
        if row.version != expected_version:
            raise _conflict(draft_id, expected_version, row.version)
        return row, account, author

    def _apply(
        self,
        session: Session,
        row: Draft,
        *,
        account: str,
        transition: Transition,
        expected_version: int,
        now: datetime,
        values: dict[str, Any] | None = None,
        audit: bool = True,
        text_version: int | None = None,
    ) -> None:
        changes: dict[str, Any] = {
            "state": transition.to_state.value,
            "step": transition.step,
            "approvals": [
                {"step": a.step, "reviewer": a.reviewer, "text_version": a.text_version}
                for a in transition.approvals
            ],
            "approved_text_version": transition.approved_text_version,
            "submitted_at": transition.submitted_at,
            "warning_reason": transition.warning_reason,
            "version": expected_version + 1,
            "updated_at": now,
            **(values or {}),
        }
        if transition.changes_state:
            changes["state_changed_at"] = now
        changes.update(_approval_values(session, row, transition))
        # The version check in the WHERE clause is what makes the write safe on databases
        # whose reads do not lock (PostgreSQL's READ COMMITTED); on SQLite it is a no-op
        # backstop behind BEGIN IMMEDIATE.
        result = session.execute(
            update(Draft)
            .where(and_(Draft.id == row.id, Draft.version == expected_version))
            .values(**changes)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 1) != 1:
            current = session.scalar(select(Draft.version).where(Draft.id == row.id))
            raise _conflict(row.id, expected_version, current)
        session.refresh(row)
        if audit:
            session.add(
                AuditEvent(
                    at=now,
                    actor=transition.actor,
                    action=transition.action.value,
                    draft_id=row.id,
                    account=account,
                    from_state=transition.from_state.value,
                    to_state=transition.to_state.value,
                    text_version=text_version if text_version is not None else row.text_version,
                    detail=transition.detail
                    + (f" — comment: {transition.comment}" if transition.comment else ""),
                )
            )
        session.flush()


def _create_in(
    session: Session,
    account: str,
    text: str,
    *,
    author: str,
    findings: Sequence[Finding],
    now: datetime,
    scheduled_at: datetime | None,
    detail: str = "created",
) -> DraftRecord:
    """Insert one new draft, its first version and its audit event (inside ``session``)."""
    acc = account_row(session, account)
    user, actor = actor_on(session, author, acc.id)
    if not (actor.has(Role.AUTHOR) or actor.has(Role.ADMIN)):
        raise PermissionDeniedError(
            f"{author!r} may not write drafts for {account}: an admin grants the "
            "author role with 'brand-composer user add'"
        )
    digest = content_hash(text)
    row = Draft(
        account_id=acc.id,
        author_id=user.id,
        state=State.DRAFT.value,
        version=1,
        text=text,
        text_version=1,
        content_hash=digest,
        has_errors=any(f.level is Level.ERROR for f in findings),
        step=0,
        approvals=[],
        warning_reason="",
        scheduled_at=scheduled_at,
        state_changed_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    session.add(_version(row, user.id, text, findings, now))
    session.add(
        AuditEvent(
            at=now,
            actor=author,
            action=Action.CREATE.value,
            draft_id=row.id,
            account=account,
            from_state=None,
            to_state=State.DRAFT.value,
            text_version=1,
            detail=detail,
        )
    )
    session.flush()
    return draft_record(row, account, author, findings)


def _refuse_stale_text(session: Session, draft_id: int, read: int, decision: Action) -> None:
    """Refuse a review of text version ``read`` when the draft's text is another version now."""
    current = session.scalar(select(Draft.text_version).where(Draft.id == draft_id))
    if current is not None and current != read:
        verb = decision.value.replace("_", " ")
        raise ConflictError(
            f"cannot {verb} draft {draft_id}: you read text version {read}, and its text is "
            f"version {current} now; read it again (draft show {draft_id}) before you decide"
        )


def _approval_values(session: Session, row: Draft, transition: Transition) -> dict[str, Any]:
    """What the approval covers: recorded by the final approval, dropped with the approval.

    The final approval cuts the approved text into the parts the publisher will send and
    records the hash of those parts, the reply target and the media (files and alt texts);
    nothing else ever sets them, and the publisher checks them again before sending (see
    :mod:`composer.core.approval`).
    """
    if transition.approved_text_version is None:
        return {"approved_hash": None}
    # A submission to an account with no review approves at once, as a final approval does.
    if (
        transition.action in {Action.APPROVE, Action.SUBMIT}
        and transition.to_state is State.APPROVED
    ):
        parts = split_parts(row.text)
        return {
            "approved_hash": approval_hash(row.text, row.in_reply_to, media_items(session, row.id)),
            "thread_parts": list(parts) if len(parts) > 1 else [],
        }
    return {}


def _conflict(draft_id: int, expected: int, current: int | None) -> ConflictError:
    return ConflictError(
        f"draft {draft_id} was changed by someone else meanwhile (you read version {expected}, "
        f"it is now version {current}): reload it and try again"
    )


def _with_note(transition: Transition, note: str) -> Transition:
    from dataclasses import replace  # noqa: PLC0415 - only needed here

    return replace(transition, detail=f"{transition.detail} — {note}")


def _version(
    row: Draft,
    user_id: int,
    text: str,
    findings: Sequence[Finding],
    now: datetime,
    *,
    number: int = 1,
) -> DraftVersion:
    return DraftVersion(
        draft_id=row.id,
        number=number,
        text=text,
        content_hash=content_hash(text),
        findings=[finding_to_json(f) for f in findings],
        sealed=False,
        created_by_id=user_id,
        created_at=now,
        updated_at=now,
    )


def _newest_version(session: Session, row: Draft) -> DraftVersion:
    version = session.scalar(
        select(DraftVersion).where(
            DraftVersion.draft_id == row.id, DraftVersion.number == row.text_version
        )
    )
    if version is None:  # pragma: no cover - every draft is created with version 1
        raise NotFoundError(f"draft {row.id} has no text version {row.text_version}")
    return version


def _comment(row: Draft, user_id: int, body: str, span: Span | None, now: datetime) -> Comment:
    if span is not None and not 0 <= span.start <= span.end <= len(row.text):
        raise ValueError(
            f"comment span {span.start}..{span.end} is outside the text (0..{len(row.text)})"
        )
    return Comment(
        draft_id=row.id,
        author_id=user_id,
        body=body,
        text_version=row.text_version,
        span_start=span.start if span else None,
        span_end=span.end if span else None,
        created_at=now,
    )
