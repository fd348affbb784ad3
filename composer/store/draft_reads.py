"""The read side of drafts: one draft, lists, the review inbox, versions, comments, reviews.

Every method opens a short read session and returns frozen records.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from composer.core.findings import Finding
from composer.core.workflow import (
    Approval,
    ExpiryWarning,
    ResolvedPolicy,
    Role,
    State,
    expiry_warning,
    review_clock,
)
from composer.store.database import Database
from composer.store.errors import NotFoundError
from composer.store.models import Account, Comment, Draft, DraftVersion, Review, RoleGrant, User
from composer.store.records import (
    CommentRecord,
    DraftRecord,
    InboxItem,
    ReviewRecord,
    VersionRecord,
    finding_from_json,
    policy_from_json,
)
from composer.store.users import POLICY_KEY, reviewers_of, user_row

_Author = aliased(User)


@dataclass(frozen=True, slots=True)
class Span:
    """Where a comment is anchored: ``text[start:end]`` of the commented version."""

    start: int
    end: int


def select_drafts() -> Any:  # noqa: ANN401 - a Select of three columns
    """SELECT drafts with their account handle and author name."""
    return (
        select(Draft, Account.handle, _Author.name)
        .join(Account, Account.id == Draft.account_id)
        .join(_Author, _Author.id == Draft.author_id)
    )


def select_draft_rows() -> Any:  # noqa: ANN401 - a Select of plain columns
    """SELECT every draft column (no ORM objects) with the account handle and author name.

    For long lists (the queue view over thousands of posts): plain rows are several times
    cheaper to load than mapped objects. Turn each into a record with :func:`row_record`.
    """
    return (
        select(
            *Draft.__table__.columns,
            Account.handle.label("account_handle"),
            _Author.name.label("author_name"),
        )
        .select_from(Draft)
        .join(Account, Account.id == Draft.account_id)
        .join(_Author, _Author.id == Draft.author_id)
    )


def row_record(row: Any) -> DraftRecord:  # noqa: ANN401 - a Row of select_draft_rows()
    """The frozen record of one row of :func:`select_draft_rows`."""
    return draft_record(row, row.account_handle, row.author_name)  # a Row reads like a Draft


def draft_record(
    row: Draft, account: str, author: str, findings: Sequence[Finding] = ()
) -> DraftRecord:
    """The frozen record of a draft row."""
    return DraftRecord(
        id=row.id,
        account=account,
        author=author,
        state=State(row.state),
        version=row.version,
        text=row.text,
        text_version=row.text_version,
        content_hash=row.content_hash,
        has_errors=row.has_errors,
        step=row.step,
        approvals=tuple(
            Approval(int(a["step"]), str(a["reviewer"]), int(a["text_version"]))
            for a in row.approvals or ()
        ),
        approved_text_version=row.approved_text_version,
        warning_reason=row.warning_reason,
        scheduled_at=row.scheduled_at,
        submitted_at=row.submitted_at,
        state_changed_at=row.state_changed_at,
        post_id=row.post_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        findings=tuple(findings),
        approved_hash=row.approved_hash,
        pinned=bool(row.pinned),
        in_reply_to=row.in_reply_to,
        thread_parts=tuple(str(p) for p in row.thread_parts or ()),
        variant_group=row.variant_group or "",
        variant=row.variant or "",
        evergreen_of=row.evergreen_of,
        repost_number=row.repost_number or 0,
        tags=frozenset(str(t) for t in row.tags or ()),
        publish_attempts=row.publish_attempts or 0,
        publishing_since=row.publishing_since,
        last_error=row.last_error or "",
        needs_confirmation=bool(row.needs_confirmation),
        published_at=row.published_at,
        post_ids=tuple(str(p) for p in row.post_ids or ()),
        not_before=row.not_before,
    )


class DraftReads:
    """Queries about drafts (the base of :class:`composer.store.drafts.DraftRepository`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, draft_id: int) -> DraftRecord:
        """A draft with the findings of its current version.

        Raises:
            NotFoundError: no such draft.
        """
        with self._db.read() as session:
            return self._load(session, draft_id, with_findings=True)

    def _load(self, session: Session, draft_id: int, *, with_findings: bool = False) -> DraftRecord:
        found = session.execute(select_drafts().where(Draft.id == draft_id)).first()
        if found is None:
            raise NotFoundError(f"there is no draft {draft_id}")
        row, account, author = found
        findings: tuple[Finding, ...] = ()
        if with_findings:
            data = session.scalar(
                select(DraftVersion.findings).where(
                    DraftVersion.draft_id == draft_id, DraftVersion.number == row.text_version
                )
            )
            findings = tuple(finding_from_json(f) for f in data or ())
        return draft_record(row, account, author, findings)

    def list(
        self,
        *,
        account: str | None = None,
        state: State | None = None,
        author: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> builtins.list[DraftRecord]:
        """Drafts, newest first, optionally filtered.

        Deleted drafts are left out unless ``state`` asks for them.
        """
        query = select_drafts()
        if state is None:
            query = query.where(Draft.state != State.DELETED.value)
        if account:
            query = query.where(Account.handle == account)
        if state is not None:
            query = query.where(Draft.state == state.value)
        if author:
            query = query.where(_Author.name == author)
        query = query.order_by(Draft.id.desc()).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._db.read() as session:
            return [draft_record(row, acc, auth) for row, acc, auth in session.execute(query)]

    def inbox(
        self, reviewer: str, *, now: datetime, limit: int = 50, offset: int = 0
    ) -> builtins.list[InboxItem]:
        """Submitted drafts on the reviewer's accounts, by others, oldest waiting first.

        ``can_act`` says whether the current approval step is the reviewer's; ``overdue``
        compares the waiting time with the account's review time target.
        """
        with self._db.read() as session:
            user = user_row(session, reviewer)
            grants = select(RoleGrant.account_id).where(
                RoleGrant.user_id == user.id, RoleGrant.role == Role.REVIEWER.value
            )
            account_ids = list(session.scalars(grants))
            if not account_ids:
                return []
            query = select_drafts().where(
                Draft.state == State.SUBMITTED.value, Draft.author_id != user.id
            )
            if None not in account_ids:
                query = query.where(Draft.account_id.in_(account_ids))
            query = query.order_by(Draft.submitted_at, Draft.id).offset(offset).limit(limit)
            rows = session.execute(query).all()
            policies: dict[str, ResolvedPolicy] = {}
            items = []
            for row, account, author in rows:
                if account not in policies:
                    policies[account] = resolved_policy(session, row.account_id)
                policy = policies[account]
                record = draft_record(row, account, author)
                clock = review_clock(record.facts(), policy, now)
                steps = policy.for_draft(record.facts()).steps
                can_act = row.step < len(steps) and reviewer in steps[row.step].eligible(author)
                already = any(
                    a.reviewer == reviewer and a.text_version == record.text_version
                    for a in record.approvals
                )
                items.append(
                    InboxItem(
                        record,
                        clock.waiting_minutes if clock else 0,
                        clock.overdue if clock else False,
                        can_act and not already,
                    )
                )
            return items

    def versions(self, draft_id: int) -> builtins.list[VersionRecord]:
        """Every text version of a draft, oldest first."""
        with self._db.read() as session:
            rows = session.execute(
                select(DraftVersion, User.name)
                .join(User, User.id == DraftVersion.created_by_id)
                .where(DraftVersion.draft_id == draft_id)
                .order_by(DraftVersion.number)
            )
            return [
                VersionRecord(
                    v.number,
                    v.text,
                    v.content_hash,
                    tuple(finding_from_json(f) for f in v.findings or ()),
                    v.sealed,
                    name,
                    v.created_at,
                )
                for v, name in rows
            ]

    def comments(self, draft_id: int) -> builtins.list[CommentRecord]:
        """A draft's comments, oldest first."""
        with self._db.read() as session:
            rows = session.execute(
                select(Comment, User.name)
                .join(User, User.id == Comment.author_id)
                .where(Comment.draft_id == draft_id)
                .order_by(Comment.id)
            )
            return [
                CommentRecord(
                    c.id,
                    c.draft_id,
                    name,
                    c.body,
                    c.text_version,
                    c.span_start,
                    c.span_end,
                    c.created_at,
                )
                for c, name in rows
            ]

    def reviews(self, draft_id: int) -> builtins.list[ReviewRecord]:
        """A draft's review decisions, oldest first."""
        with self._db.read() as session:
            rows = session.execute(
                select(Review, User.name, Comment.body)
                .join(User, User.id == Review.reviewer_id)
                .outerjoin(Comment, Comment.id == Review.comment_id)
                .where(Review.draft_id == draft_id)
                .order_by(Review.id)
            )
            return [
                ReviewRecord(
                    r.id,
                    r.draft_id,
                    name,
                    r.decision,
                    r.step,
                    r.text_version,
                    body or "",
                    r.created_at,
                )
                for r, name, body in rows
            ]

    def policy_for(self, draft_id: int) -> ResolvedPolicy:
        """The resolved approval policy of the draft (a reply's own steps, for a reply)."""
        with self._db.read() as session:
            row = session.get(Draft, draft_id)
            if row is None:
                raise NotFoundError(f"there is no draft {draft_id}")
            policy = resolved_policy(session, row.account_id)
            return policy.for_reply(is_reply=row.in_reply_to is not None)

    def expiry_warnings(self, *, now: datetime) -> builtins.list[ExpiryWarning]:
        """Waiting drafts whose intended time is near, with whom to warn."""
        with self._db.read() as session:
            query = select_drafts().where(
                Draft.state.in_([State.SUBMITTED.value, State.CHANGES_REQUESTED.value]),
                Draft.scheduled_at.is_not(None),
                Draft.scheduled_at > now,
            )
            warnings = []
            for row, account, author in session.execute(query):
                policy = resolved_policy(session, row.account_id)
                warning = expiry_warning(draft_record(row, account, author).facts(), policy, now)
                if warning is not None:
                    warnings.append(warning)
            return warnings


def resolved_policy(session: Session, account_id: int) -> ResolvedPolicy:
    """The account's approval policy with its current reviewers."""
    acc = session.get(Account, account_id)
    base = policy_from_json((acc.settings or {}).get(POLICY_KEY) if acc else None)
    return base.resolve(reviewers_of(session, account_id), session.scalars(select(User.name)).all())
