"""What the store hands out: frozen dataclasses, never ORM objects or sessions.

The UI calls the store from one worker thread and keeps only these plain values.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from composer.core.findings import Finding, Level, Source
from composer.core.guide.model import Guide
from composer.core.workflow import (
    Approval,
    ApprovalPolicy,
    DraftFacts,
    PolicyStep,
    Require,
    Role,
    State,
    parse_policy,
)


def content_hash(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Grant:
    """A role on one account (``account`` empty means every account)."""

    role: Role
    account: str = ""


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A user and their roles."""

    id: int
    name: str
    created_at: datetime
    grants: tuple[Grant, ...] = ()
    display_name: str = ""
    active: bool = True

    @property
    def shown_name(self) -> str:
        """The display name, or the login name when there is none."""
        return self.display_name or self.name

    def roles_on(self, account: str) -> frozenset[Role]:
        """The user's roles on ``account`` (grants for every account included)."""
        return frozenset(g.role for g in self.grants if g.account in {"", account})


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class AccountSpec:
    """An account as the guide declares it: what :meth:`AccountRepository.sync` takes."""

    handle: str
    purpose: str = ""
    policy: ApprovalPolicy = field(default_factory=ApprovalPolicy)


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """A stored account with its local settings and approval policy."""

    id: int
    handle: str
    purpose: str
    in_guide: bool
    policy: ApprovalPolicy
    settings: Mapping[str, Any] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True)
class DraftRecord:
    """A draft as stored. ``findings`` is the current version's snapshot (filled by ``get``)."""

    id: int
    account: str
    author: str
    state: State
    version: int
    text: str
    text_version: int
    content_hash: str
    has_errors: bool
    step: int
    approvals: tuple[Approval, ...]
    approved_text_version: int | None
    warning_reason: str
    scheduled_at: datetime | None
    submitted_at: datetime | None
    state_changed_at: datetime
    post_id: str | None
    created_at: datetime
    updated_at: datetime
    findings: tuple[Finding, ...] = ()
    #: The hash of what the final approval covers (see :mod:`composer.core.approval`).
    approved_hash: str | None = None
    pinned: bool = False
    in_reply_to: str | None = None
    thread_parts: tuple[str, ...] = ()
    variant_group: str = ""
    variant: str = ""
    evergreen_of: int | None = None
    repost_number: int = 0
    tags: frozenset[str] = frozenset()
    publish_attempts: int = 0
    publishing_since: datetime | None = None
    last_error: str = ""
    needs_confirmation: bool = False
    published_at: datetime | None = None
    post_ids: tuple[str, ...] = ()
    not_before: datetime | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        """What is published: the thread's parts, or the text as one post."""
        return self.thread_parts or (self.text,)

    def facts(self) -> DraftFacts:
        """The snapshot the workflow core decides on."""
        return DraftFacts(
            id=self.id,
            account=self.account,
            author=self.author,
            state=self.state,
            text_version=self.text_version,
            step=self.step,
            approvals=self.approvals,
            approved_text_version=self.approved_text_version,
            scheduled_at=self.scheduled_at,
            submitted_at=self.submitted_at,
            warning_reason=self.warning_reason,
            is_reply=self.in_reply_to is not None,
        )


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One text version of a draft."""

    number: int
    text: str
    content_hash: str
    findings: tuple[Finding, ...]
    sealed: bool
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """A comment, optionally anchored to ``text[span_start:span_end]`` of ``text_version``."""

    id: int
    draft_id: int
    author: str
    body: str
    text_version: int
    span_start: int | None
    span_end: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review decision."""

    id: int
    draft_id: int
    reviewer: str
    decision: str
    step: int
    text_version: int
    comment: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One line of the audit trail."""

    id: int
    at: datetime
    actor: str
    action: str
    draft_id: int | None
    account: str
    from_state: str | None
    to_state: str | None
    text_version: int | None
    detail: str


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A submitted draft waiting for a reviewer, with its review clock."""

    draft: DraftRecord
    waiting_minutes: int
    overdue: bool
    can_act: bool


@dataclass(frozen=True, slots=True)
class RecoveryRecord:
    """Editor text journalled before it reached its draft."""

    session_key: str
    draft_id: int | None
    account: str
    user: str
    text: str
    base_version: int | None
    saved_at: datetime


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """A finding as a JSON-able mapping (for the per-version snapshot)."""
    return {
        "rule": finding.rule,
        "level": finding.level.value,
        "message": finding.message,
        "start": finding.start,
        "end": finding.end,
        "source": finding.source.value,
        "replacements": list(finding.replacements),
        "link": finding.link,
        "description": finding.description,
        "account": finding.account,
        "spans": [list(span) for span in finding.spans],
    }


def finding_from_json(data: Mapping[str, Any]) -> Finding:
    """Inverse of :func:`finding_to_json`."""
    return Finding(
        rule=str(data["rule"]),
        level=Level(data["level"]),
        message=str(data["message"]),
        start=int(data["start"]),
        end=int(data["end"]),
        source=Source(data.get("source", "style")),
        replacements=tuple(data.get("replacements", ())),
        link=str(data.get("link", "")),
        description=str(data.get("description", "")),
        account=str(data.get("account", "")),
        # Snapshots written before findings had several spans have none: one span then.
        spans=tuple((int(s), int(e)) for s, e in data.get("spans", ())),
    )


def policy_to_json(policy: ApprovalPolicy) -> dict[str, Any]:
    """An approval policy as stored with its account."""
    return {
        "steps": [
            {"reviewers": list(s.reviewers), "require": s.require.value} for s in policy.steps
        ],
        "review_target_minutes": policy.review_target_minutes,
        "expiry_warning_minutes": policy.expiry_warning.total_seconds() / 60,
        # Only when the guide gives replies steps of their own: a policy stored before
        # replies had any reads as it did (and the team guard counts a reply's steps here).
        **(
            {}
            if policy.reply_steps is None
            else {
                "reply_steps": [
                    {"reviewers": list(s.reviewers), "require": s.require.value}
                    for s in policy.reply_steps
                ]
            }
        ),
    }


def policy_from_json(data: Mapping[str, Any] | None) -> ApprovalPolicy:
    """Inverse of :func:`policy_to_json` (an absent policy is the default one-step policy).

    An empty ``steps`` list is an account with no review (set by an admin).
    """
    if not data:
        return ApprovalPolicy()
    steps = tuple(
        PolicyStep(tuple(s.get("reviewers", ())), Require(s.get("require", "any")))
        for s in data.get("steps", ())
    )
    if not steps and "steps" not in data:
        steps = (PolicyStep(),)
    reply = data.get("reply_steps")
    return ApprovalPolicy(
        steps=steps,
        review_target_minutes=data.get("review_target_minutes"),
        expiry_warning=timedelta(minutes=float(data.get("expiry_warning_minutes") or 60)),
        reply_steps=None
        if reply is None
        else tuple(
            PolicyStep(tuple(s.get("reviewers", ())), Require(s.get("require", "any")))
            for s in reply
        ),
    )


def account_specs(guide: Guide) -> list[AccountSpec]:
    """The store's view of the guide's accounts (handle, purpose, approval policy)."""
    return [
        AccountSpec(
            handle=a.handle,
            purpose=a.purpose,
            policy=parse_policy(
                a.handle,
                approval=a.review.get("approval"),
                reviewers=a.review.get("reviewers"),
                review_target_minutes=a.review.get("review_target_minutes"),
                reply_approval=a.review.get("reply_approval"),
            ),
        )
        for a in guide.accounts
    ]
