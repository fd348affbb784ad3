"""Pausing queues: one account's, or every one at once (the crisis switch), and resuming.

Resume All re-checks every queued post first and sends back to review the ones the judge
gives a reason for, in the transaction that lifts the switch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from composer.core.findings import Finding
from composer.core.guide.model import Schedule
from composer.core.schedule import QueuedPost, reorder
from composer.core.workflow import State
from composer.store.database import retrying
from composer.store.draft_reads import draft_record, select_drafts
from composer.store.models import Account, AuditEvent, Comment, Draft, DraftVersion
from composer.store.models import WorkspaceSetting as Setting
from composer.store.queue_rows import (
    PAUSE_ALL_KEY,
    PAUSED_KEY,
    PauseState,
    QueuePart,
    queue_of,
    read_pause_state,
    relayout,
    require_manager,
    write_draft,
)
from composer.store.records import DraftRecord, finding_from_json
from composer.store.users import account_row, find_user

#: The audit action of a queued post sent back to review by the re-check on resume.
SEND_BACK_ACTION = "send_back"

ScheduleFor = Callable[[str], Schedule]


@dataclass(frozen=True, slots=True)
class ResumeOutcome:
    """What Resume All did: the pause state after, posts re-checked, posts sent back."""

    state: PauseState
    checked: int
    sent_back: tuple[tuple[DraftRecord, str], ...]


class QueuePauses(QueuePart):
    """The pause of one account's queue, the crisis switch, and Resume All's re-check."""

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
                require_manager(session, actor, None, "every account")
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
                require_manager(session, actor, acc.id, account)
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
            state = read_pause_state(session)
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
            require_manager(session, actor, None, "every account")
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
                write_draft(
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


def _catch_up(
    session: Session, acc: Account, schedule: Schedule, *, actor: str, now: datetime
) -> None:
    """After a resume: lay the queue out again from now (missed pinned posts unpinned)."""
    posts = queue_of(session, acc.id, acc.handle)
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
    relayout(session, laid, account=acc.handle, actor=actor, now=now, note="resumed")


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
