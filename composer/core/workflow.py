"""The review workflow: draft states, the allowed transitions and who may make each.

Pure: every function takes the facts it needs (the draft's snapshot, the actor, the resolved
approval policy, the findings of a fresh check, the current time) and returns a
:class:`Transition` describing the new state, or raises :class:`TransitionError` with a
sentence saying why not. The store applies a transition in one transaction together with its
audit event; the UI asks :func:`allowed_actions` which buttons to offer.

Rules (see docs/workflow.md):

* Only the author (or an admin) edits; editing a submitted or approved draft sends it back to
  the first review step, because an approval is tied to the exact text version approved.
* Submission re-checks the text: error-level findings block it, warning-level findings need a
  reason, which reviewers see.
* Four eyes: nobody approves, rejects or requests changes on their own draft, and in a
  multi-step policy one person approves at most one step of a version.
* An account's policy has one to three steps, each "any" or "all" of its reviewers. A draft
  stays ``submitted`` until its last step approves. An admin may give an account no steps
  ("no review", for someone working alone): submitting then approves the text at once.
* A reply (a draft with a post it replies to) may have steps of its own (the guide's
  ``reply_approval``), often fewer than a post's, so an account answers fast.
* A draft still unapproved when its intended time arrives expires instead of going out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from composer.core.errors import ConfigError, TransitionError
from composer.core.findings import Finding, Level

MAX_POLICY_STEPS = 3
#: Default for how long before its intended time a waiting draft's people are warned.
DEFAULT_EXPIRY_WARNING = timedelta(minutes=60)
SYSTEM_ACTOR = "system"


class State(StrEnum):
    """Where a draft is in its life."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    QUEUED = "queued"
    PUBLISHING = "publishing"
    PUBLISHED = "published"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    DELETED = "deleted"


class Role(StrEnum):
    """What a user may do on an account."""

    AUTHOR = "author"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Action(StrEnum):
    """Everything that can happen to a draft; each is one audit event."""

    CREATE = "create"
    EDIT = "edit"
    SUBMIT = "submit"
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"
    QUEUE = "queue"
    UNQUEUE = "unqueue"
    START_PUBLISHING = "start_publishing"
    MARK_PUBLISHED = "mark_published"
    MARK_FAILED = "mark_failed"
    RETRY = "retry"
    EXPIRE = "expire"
    CONFIRM_PUBLISHED = "confirm_published"
    CONFIRM_NOT_PUBLISHED = "confirm_not_published"
    DEFER = "defer"
    RECALL = "recall"
    DELETE = "delete"
    RESTORE = "restore"
    MOVE = "move"


class Require(StrEnum):
    """How many of a step's reviewers must approve."""

    ANY = "any"
    ALL = "all"


#: Review decisions, the subset of actions a reviewer takes.
REVIEW_ACTIONS = frozenset({Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT})

#: The state each action leads to, from each state it is allowed in. Review approvals before
#: the last step, and edits, are refined by the functions below.
TRANSITIONS: Mapping[tuple[State, Action], State] = {
    (State.DRAFT, Action.EDIT): State.DRAFT,
    (State.CHANGES_REQUESTED, Action.EDIT): State.CHANGES_REQUESTED,
    (State.SUBMITTED, Action.EDIT): State.SUBMITTED,
    (State.APPROVED, Action.EDIT): State.SUBMITTED,
    (State.QUEUED, Action.EDIT): State.SUBMITTED,
    (State.DRAFT, Action.SUBMIT): State.SUBMITTED,
    (State.CHANGES_REQUESTED, Action.SUBMIT): State.SUBMITTED,
    (State.SUBMITTED, Action.APPROVE): State.APPROVED,
    (State.SUBMITTED, Action.REQUEST_CHANGES): State.CHANGES_REQUESTED,
    (State.SUBMITTED, Action.REJECT): State.REJECTED,
    (State.DRAFT, Action.WITHDRAW): State.WITHDRAWN,
    (State.SUBMITTED, Action.WITHDRAW): State.WITHDRAWN,
    (State.CHANGES_REQUESTED, Action.WITHDRAW): State.WITHDRAWN,
    (State.APPROVED, Action.WITHDRAW): State.WITHDRAWN,
    (State.QUEUED, Action.WITHDRAW): State.WITHDRAWN,
    (State.WITHDRAWN, Action.REOPEN): State.DRAFT,
    (State.EXPIRED, Action.REOPEN): State.DRAFT,
    (State.APPROVED, Action.QUEUE): State.QUEUED,
    (State.QUEUED, Action.UNQUEUE): State.APPROVED,
    (State.QUEUED, Action.START_PUBLISHING): State.PUBLISHING,
    (State.PUBLISHING, Action.MARK_PUBLISHED): State.PUBLISHED,
    (State.PUBLISHING, Action.MARK_FAILED): State.FAILED,
    (State.FAILED, Action.RETRY): State.QUEUED,
    (State.PUBLISHING, Action.CONFIRM_PUBLISHED): State.PUBLISHED,
    (State.PUBLISHING, Action.CONFIRM_NOT_PUBLISHED): State.FAILED,
    # X's rate limit: the publisher gives the post back to its queue until X's reset.
    (State.PUBLISHING, Action.DEFER): State.QUEUED,
    (State.SUBMITTED, Action.EXPIRE): State.EXPIRED,
    (State.CHANGES_REQUESTED, Action.EXPIRE): State.EXPIRED,
    # The author takes a submitted draft back to keep writing it (the window's Withdraw).
    (State.SUBMITTED, Action.RECALL): State.DRAFT,
    # Only a draft that never went to review is deleted (kept, hidden, restorable).
    (State.DRAFT, Action.DELETE): State.DELETED,
    (State.DELETED, Action.RESTORE): State.DRAFT,
    # A draft being written may change its account (it is checked again for the new one).
    (State.DRAFT, Action.MOVE): State.DRAFT,
    (State.CHANGES_REQUESTED, Action.MOVE): State.CHANGES_REQUESTED,
}

#: Actions only the publisher or the scheduler take (never a person from the UI).
SYSTEM_ACTIONS = frozenset(
    {
        Action.START_PUBLISHING,
        Action.MARK_PUBLISHED,
        Action.MARK_FAILED,
        Action.DEFER,
        Action.EXPIRE,
    }
)
#: Queue actions: the author, or a reviewer or admin of the account (who run the queue).
QUEUE_ACTIONS = frozenset({Action.QUEUE, Action.UNQUEUE, Action.RETRY})
#: A person settles a post whose publishing outcome is unknown, after looking on X.
CONFIRM_ACTIONS = frozenset({Action.CONFIRM_PUBLISHED, Action.CONFIRM_NOT_PUBLISHED})
#: Actions the author of the draft (or an admin of its account) takes.
AUTHOR_ACTIONS = frozenset(
    {
        Action.EDIT,
        Action.SUBMIT,
        Action.WITHDRAW,
        Action.REOPEN,
        Action.QUEUE,
        Action.UNQUEUE,
        Action.RECALL,
        Action.DELETE,
        Action.RESTORE,
        Action.MOVE,
    }
)
#: States whose draft opens in the composer for writing.
EDITABLE_STATES = frozenset({State.DRAFT, State.CHANGES_REQUESTED})
#: States whose draft is done with: its text can only be copied into a new draft.
FINISHED_STATES = frozenset(
    {State.REJECTED, State.PUBLISHED, State.WITHDRAWN, State.EXPIRED, State.FAILED}
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts, with their roles on the draft's account (admins of every account included)."""

    name: str
    roles: frozenset[Role] = frozenset()

    @property
    def is_system(self) -> bool:
        """True for the scheduler and publisher."""
        return self.name == SYSTEM_ACTOR

    def has(self, role: Role) -> bool:
        """True when the actor holds ``role`` on the account."""
        return role in self.roles


SYSTEM = Actor(SYSTEM_ACTOR)


@dataclass(frozen=True, slots=True)
class PolicyStep:
    """One approval step as the guide declares it.

    Attributes:
        reviewers: Named reviewers; empty means every reviewer of the account.
        require: ``any`` one of them, or ``all`` of them.
    """

    reviewers: tuple[str, ...] = ()
    require: Require = Require.ANY


@dataclass(frozen=True, slots=True)
class ApprovalPolicy:
    """An account's approval policy: zero ("no review") to three steps, plus its review clock.

    Attributes:
        steps: The steps of a post.
        review_target_minutes: How long a submitted draft should wait at most.
        expiry_warning: How long before its intended time a waiting draft's people are warned.
        reply_steps: The steps of a reply (one to three), or ``None``: a reply's are a post's.
    """

    steps: tuple[PolicyStep, ...] = (PolicyStep(),)
    review_target_minutes: int | None = None
    expiry_warning: timedelta = DEFAULT_EXPIRY_WARNING
    reply_steps: tuple[PolicyStep, ...] | None = None

    def steps_for(self, *, is_reply: bool) -> tuple[PolicyStep, ...]:
        """The steps of a reply (its own, when the guide gives replies steps) or of a post."""
        return self.reply_steps if is_reply and self.reply_steps is not None else self.steps

    def resolve(
        self, account_reviewers: Iterable[str], known_users: Iterable[str] | None = None
    ) -> ResolvedPolicy:
        """Name the people of each step: the account's reviewers, or the named ones among them.

        A named person without the reviewer role on the account is left out, so a policy can
        never hand a review to somebody the admin did not make a reviewer. A name that is not
        a user at all (``support-leads``) is a group: until groups have members of their own,
        a group means every reviewer of the account.

        Args:
            account_reviewers: Users with the reviewer role on the account.
            known_users: Every user name; ``None`` treats every name as a person.
        """
        everyone = frozenset(account_reviewers)
        users = None if known_users is None else frozenset(known_users)

        def resolved(steps: tuple[PolicyStep, ...]) -> tuple[ResolvedStep, ...]:
            out = []
            for step in steps:
                people = frozenset(n for n in step.reviewers if users is None or n in users)
                groups = len(people) < len(step.reviewers)
                reviewers = everyone if not step.reviewers or groups else frozenset()
                out.append(
                    ResolvedStep(
                        reviewers=reviewers | (everyone & people),
                        require=step.require,
                        named=bool(step.reviewers),
                    )
                )
            return tuple(out)

        return ResolvedPolicy(
            resolved(self.steps),
            self.review_target_minutes,
            self.expiry_warning,
            None if self.reply_steps is None else resolved(self.reply_steps),
        )


@dataclass(frozen=True, slots=True)
class ResolvedStep:
    """A policy step with the actual people who may approve it."""

    reviewers: frozenset[str]
    require: Require = Require.ANY
    named: bool = False

    def eligible(self, author: str) -> frozenset[str]:
        """The reviewers who may act on a draft by ``author`` (never the author)."""
        return self.reviewers - {author}


@dataclass(frozen=True, slots=True)
class ResolvedPolicy:
    """An approval policy with concrete reviewers; what the transition functions take.

    The transition functions apply :meth:`for_draft` themselves, so the account's policy may
    be passed for a post and a reply alike.
    """

    steps: tuple[ResolvedStep, ...]
    review_target_minutes: int | None = None
    expiry_warning: timedelta = DEFAULT_EXPIRY_WARNING
    reply_steps: tuple[ResolvedStep, ...] | None = None

    def for_draft(self, draft: DraftFacts) -> ResolvedPolicy:
        """The policy that governs ``draft``: a reply's own steps when it has them.

        The result has no ``reply_steps`` left, so applying it twice changes nothing.
        """
        return self.for_reply(is_reply=draft.is_reply)

    def for_reply(self, *, is_reply: bool) -> ResolvedPolicy:
        """The policy of a reply (``is_reply``) or of a post; see :meth:`for_draft`."""
        if is_reply and self.reply_steps is not None:
            return replace(self, steps=self.reply_steps, reply_steps=None)
        if self.reply_steps is None:
            return self
        return replace(self, reply_steps=None)


@dataclass(frozen=True, slots=True)
class Approval:
    """One reviewer's approval of one text version at one step."""

    step: int
    reviewer: str
    text_version: int


@dataclass(frozen=True, slots=True)
class DraftFacts:
    """What the workflow needs to know about a draft (a snapshot the store reads).

    Attributes:
        id: Draft id.
        account: Account handle.
        author: Author's user name.
        state: Current state.
        text_version: Number of the current text version.
        step: Index (0-based) of the approval step the draft waits on while ``submitted``.
        approvals: Approvals given since the last submission.
        approved_text_version: The text version the final approval was given to.
        scheduled_at: When it is meant to go out (aware UTC), if known.
        submitted_at: When it was last submitted (aware UTC).
        warning_reason: Why the author submitted despite warnings.
        is_reply: Whether it replies to a post (a reply follows its account's reply steps).
    """

    id: int
    account: str
    author: str
    state: State
    text_version: int = 1
    step: int = 0
    approvals: tuple[Approval, ...] = ()
    approved_text_version: int | None = None
    scheduled_at: datetime | None = None
    submitted_at: datetime | None = None
    warning_reason: str = ""
    is_reply: bool = False

    @property
    def ever_submitted(self) -> bool:
        """Whether the draft ever went to review.

        A submission stamps ``submitted_at`` (kept by every later step but an edit), and
        seals the text version: an edit after that starts version 2.
        """
        return self.submitted_at is not None or self.text_version > 1


@dataclass(frozen=True, slots=True)
class Transition:
    """The outcome of an allowed action: the draft's new workflow fields and an audit note.

    Attributes:
        action: What happened.
        actor: Who did it.
        from_state: State before.
        to_state: State after.
        step: Approval step the draft now waits on.
        approvals: Approvals now standing.
        approved_text_version: Version the final approval covers, if approved.
        submitted_at: When the current review round started.
        warning_reason: Reason given for warnings (kept through the review round).
        detail: One sentence for the audit trail.
        comment: The reviewer's comment, if any.
        at: When it happened.
    """

    action: Action
    actor: str
    from_state: State
    to_state: State
    step: int
    approvals: tuple[Approval, ...]
    approved_text_version: int | None
    submitted_at: datetime | None
    warning_reason: str
    detail: str
    comment: str = ""
    at: datetime | None = None

    @property
    def changes_state(self) -> bool:
        """True when the draft's state is different afterwards."""
        return self.from_state is not self.to_state


def _refuse(draft: DraftFacts, action: Action, why: str) -> TransitionError:
    return TransitionError(f"cannot {action.value.replace('_', ' ')} draft {draft.id}: {why}")


def _target(draft: DraftFacts, action: Action) -> State:
    try:
        return TRANSITIONS[(draft.state, action)]
    except KeyError:
        raise _refuse(draft, action, f"it is {draft.state.value}") from None


def _base(
    draft: DraftFacts, action: Action, actor: Actor, to_state: State, now: datetime
) -> Transition:
    return Transition(
        action=action,
        actor=actor.name,
        from_state=draft.state,
        to_state=to_state,
        step=draft.step,
        approvals=draft.approvals,
        approved_text_version=draft.approved_text_version,
        submitted_at=draft.submitted_at,
        warning_reason=draft.warning_reason,
        detail=f"{action.value.replace('_', ' ')}: {draft.state.value} -> {to_state.value}",
        at=now,
    )


def _check_author(draft: DraftFacts, actor: Actor, action: Action, *, admin_ok: bool) -> None:
    if actor.name == draft.author:
        return
    if admin_ok and actor.has(Role.ADMIN):
        return
    raise _refuse(draft, action, f"only its author {draft.author!r} may do that")


def _check_findings(
    draft: DraftFacts, action: Action, findings: Sequence[Finding], reason: str
) -> None:
    errors = [f for f in findings if f.level is Level.ERROR]
    if errors:
        listed = "; ".join(f"{f.rule}: {f.message}" for f in errors)
        raise _refuse(draft, action, f"{len(errors)} error-level finding(s) remain ({listed})")
    warnings = [f for f in findings if f.level is Level.WARNING]
    if warnings and not reason.strip():
        listed = "; ".join(f.rule for f in warnings)
        raise _refuse(
            draft,
            action,
            f"{len(warnings)} warning-level finding(s) ({listed}) need a reason for the reviewer",
        )


#: What an author whose draft nobody can review may do about it (window and command line).
WAY_OUT = (
    "an admin adds a reviewer for {account} (Settings ▸ People, or 'brand-composer user add "
    "NAME --role reviewer'), or sets {account} to no review (Settings ▸ Accounts, or "
    "'approval: none' in the guide)"
)


def _check_policy(draft: DraftFacts, action: Action, policy: ResolvedPolicy) -> None:
    for number, step in enumerate(policy.steps, start=1):
        eligible = step.eligible(draft.author)
        if not eligible:
            raise _refuse(
                draft,
                action,
                f"approval step {number} has no reviewer other than the author: "
                + WAY_OUT.format(account=draft.account),
            )
    people = frozenset().union(*(step.eligible(draft.author) for step in policy.steps))
    if len(people) < len(policy.steps):
        raise _refuse(
            draft,
            action,
            f"its {len(policy.steps)} approval steps need {len(policy.steps)} different "
            f"reviewers besides the author, and {draft.account} has {len(people)}",
        )


def submit(
    draft: DraftFacts,
    actor: Actor,
    *,
    findings: Sequence[Finding],
    policy: ResolvedPolicy,
    now: datetime,
    reason: str = "",
) -> Transition:
    """Send a draft to its account's reviewers.

    Args:
        draft: The draft as read.
        actor: Who submits (the author).
        findings: A fresh check of the current text against the current guide.
        policy: The account's resolved approval policy.
        now: The current time.
        reason: Why warnings are acceptable; required when any warning remains.

    With no approval steps (the account's "no review"), the submitted text is approved at
    once: the draft goes to ``approved``, tied to this text version, as a final approval would.

    Raises:
        TransitionError: wrong state or person, error findings, warnings without a reason, a
            policy step nobody but the author could approve, or an intended time already past.
    """
    to_state = _target(draft, Action.SUBMIT)
    policy = policy.for_draft(draft)
    _check_author(draft, actor, Action.SUBMIT, admin_ok=False)
    _check_findings(draft, Action.SUBMIT, findings, reason)
    _check_policy(draft, Action.SUBMIT, policy)
    if draft.scheduled_at is not None and draft.scheduled_at <= now:
        raise _refuse(draft, Action.SUBMIT, "its intended time has already passed")
    submitted = replace(
        _base(draft, Action.SUBMIT, actor, to_state, now),
        step=0,
        approvals=(),
        approved_text_version=None,
        submitted_at=now,
        warning_reason=reason.strip(),
    )
    if policy.steps:
        return submitted
    return replace(
        submitted,
        to_state=State.APPROVED,
        approved_text_version=draft.text_version,
        detail=f"submit: {draft.state.value} -> approved (no review: {draft.account} has no "
        f"approval steps; version {draft.text_version} approved)",
    )


def review(
    draft: DraftFacts,
    actor: Actor,
    decision: Action,
    *,
    policy: ResolvedPolicy,
    now: datetime,
    comment: str = "",
) -> Transition:
    """A reviewer approves, requests changes or rejects a submitted draft.

    Approving a step that is not the last one (or an ``all`` step still missing approvals)
    keeps the draft ``submitted`` and records the approval; the final approval ties the draft
    to the current text version.

    Raises:
        TransitionError: not submitted, the author acting on their own draft, somebody who is
            not a reviewer of the current step, a repeated approval, or a request for changes
            without a comment.
    """
    if decision not in REVIEW_ACTIONS:
        raise ValueError(f"{decision} is not a review decision")
    to_state = _target(draft, decision)
    policy = policy.for_draft(draft)
    if actor.name == draft.author:
        raise _refuse(draft, decision, "nobody reviews their own draft (four eyes)")
    if not actor.has(Role.REVIEWER):
        raise _refuse(draft, decision, f"{actor.name!r} is not a reviewer of {draft.account}")
    if not 0 <= draft.step < len(policy.steps):
        raise _refuse(draft, decision, f"the account's policy has no step {draft.step + 1}")
    step = policy.steps[draft.step]
    if actor.name not in step.eligible(draft.author):
        raise _refuse(
            draft,
            decision,
            f"{actor.name!r} is not a reviewer of approval step {draft.step + 1} "
            f"of {len(policy.steps)}",
        )
    if decision is Action.REQUEST_CHANGES and not comment.strip():
        raise _refuse(draft, decision, "a request for changes needs a comment")
    base = replace(_base(draft, decision, actor, to_state, now), comment=comment.strip())
    if decision is not Action.APPROVE:
        return replace(base, approvals=(), approved_text_version=None, step=0)

    current = tuple(a for a in draft.approvals if a.text_version == draft.text_version)
    if any(a.reviewer == actor.name for a in current):
        raise _refuse(draft, decision, f"{actor.name!r} already approved this version")
    approvals = (*current, Approval(draft.step, actor.name, draft.text_version))
    approvers = {a.reviewer for a in approvals if a.step == draft.step}
    complete = step.require is Require.ANY or step.eligible(draft.author) <= approvers
    last = draft.step == len(policy.steps) - 1
    total = len(policy.steps)
    if complete and last:
        return replace(
            base,
            approvals=approvals,
            approved_text_version=draft.text_version,
            detail=f"approved version {draft.text_version} (step {draft.step + 1} of {total})",
        )
    next_step = draft.step + 1 if complete else draft.step
    waiting = "" if complete else f", {len(step.eligible(draft.author) - approvers)} to go"
    return replace(
        base,
        to_state=State.SUBMITTED,
        step=next_step,
        approvals=approvals,
        detail=f"approved step {draft.step + 1} of {total} for version {draft.text_version}"
        f"{waiting}",
    )


def edit(
    draft: DraftFacts,
    actor: Actor,
    *,
    findings: Sequence[Finding],
    now: datetime,
    previous: Sequence[Finding] = (),
) -> Transition:
    """Change a draft's text (one new text version).

    Editing a submitted, approved or queued draft starts its review again at the first step:
    approvals cover the exact version approved. If the new text has error-level findings, or
    warnings its reason was not given for, the draft goes back to ``draft`` instead (without
    the old reason: the author explains the new warnings when submitting again).

    Args:
        draft: The draft as read.
        actor: Who edits.
        findings: A fresh check of the new text.
        now: The current time.
        previous: The findings of the text being replaced: the warnings the draft's reason
            covers. A warning beyond those (a rule flagged more often than before) is new.

    Raises:
        TransitionError: the state does not allow editing, or the actor is not its author.
    """
    to_state = _target(draft, Action.EDIT)
    _check_author(draft, actor, Action.EDIT, admin_ok=True)
    base = _base(draft, Action.EDIT, actor, to_state, now)
    if to_state is not State.SUBMITTED:
        return replace(base, detail=f"edited ({draft.state.value})")
    has_errors = any(f.level is Level.ERROR for f in findings)
    unexplained = sorted(new_warnings(findings, previous if draft.warning_reason else ()))
    if has_errors or unexplained:
        return replace(
            base,
            to_state=State.DRAFT,
            step=0,
            approvals=(),
            approved_text_version=None,
            submitted_at=None,
            warning_reason="",
            detail="edited during review; back to draft because the new text has "
            + (
                "error-level findings"
                if has_errors
                else f"warnings without a reason ({', '.join(unexplained)})"
            ),
        )
    again = draft.state is not State.SUBMITTED
    return replace(
        base,
        step=0,
        approvals=(),
        approved_text_version=None,
        submitted_at=now if again else draft.submitted_at,
        detail="edited after approval; back to review" if again else "edited during review",
    )


def new_warnings(findings: Sequence[Finding], covered: Sequence[Finding]) -> set[str]:
    """The rules whose warnings in ``findings`` outnumber those in ``covered`` (not explained)."""
    counts = Counter(f.rule for f in findings if f.level is Level.WARNING)
    counts.subtract(f.rule for f in covered if f.level is Level.WARNING)
    return {rule for rule, more in counts.items() if more > 0}


def act(draft: DraftFacts, actor: Actor, action: Action, *, now: datetime) -> Transition:
    """Withdraw, reopen, queue, unqueue, publish steps, retry or expire a draft.

    Raises:
        TransitionError: the state does not allow it, the wrong person asks, an approval does
            not cover the current version (queue), or a draft expires before its time.
    """
    if action in REVIEW_ACTIONS or action in {
        Action.SUBMIT,
        Action.EDIT,
        Action.CREATE,
        Action.MOVE,
    }:
        raise ValueError(f"use the dedicated function for {action}")
    to_state = _target(draft, action)
    _check_actor(draft, actor, action)
    base = _base(draft, action, actor, to_state, now)
    if action is Action.QUEUE and draft.approved_text_version != draft.text_version:
        raise _refuse(draft, action, "its approval does not cover the current text")
    if action is Action.DELETE and draft.ever_submitted:
        raise _refuse(draft, action, "it has been submitted for review; withdraw it instead")
    if action is Action.EXPIRE:
        if draft.scheduled_at is None or draft.scheduled_at > now:
            raise _refuse(draft, action, "its intended time has not arrived")
        return replace(base, detail="expired: still unapproved at its intended time")
    if action in {Action.WITHDRAW, Action.REOPEN}:
        return replace(base, step=0, approvals=(), approved_text_version=None)
    if action is Action.RECALL:
        return replace(
            base,
            step=0,
            approvals=(),
            approved_text_version=None,
            detail="withdrawn from review: submitted -> draft",
        )
    return base


def _check_actor(draft: DraftFacts, actor: Actor, action: Action) -> None:
    """Refuse ``action`` (one ``act`` takes) by somebody who may not take it."""
    if action in SYSTEM_ACTIONS:
        if not actor.is_system and not actor.has(Role.ADMIN):
            raise _refuse(draft, action, "only the scheduler or an admin does that")
    elif action in QUEUE_ACTIONS:
        if not actor.is_system and not can_manage_queue(actor):
            _check_author(draft, actor, action, admin_ok=True)
    elif action in CONFIRM_ACTIONS:
        if not can_manage_queue(actor):
            raise _refuse(draft, action, "only a reviewer or an admin of the account does that")
    else:
        _check_author(draft, actor, action, admin_ok=True)


def move(
    draft: DraftFacts, actor: Actor, target: Actor, *, account: str, now: datetime
) -> Transition:
    """Give a draft being written another account (the account switcher of the window).

    Args:
        draft: The draft as read.
        actor: Who moves it, with their roles on the draft's account.
        target: The same person with their roles on ``account``.
        account: The new account's handle.
        now: The current time.

    Raises:
        TransitionError: the draft is in review or done, the actor is not its author (or an
            admin), the actor may not write for ``account``, or it is already there.
    """
    to_state = _target(draft, Action.MOVE)
    _check_author(draft, actor, Action.MOVE, admin_ok=True)
    if account == draft.account:
        raise _refuse(draft, Action.MOVE, f"it already belongs to {account}")
    if not (target.has(Role.AUTHOR) or target.has(Role.ADMIN)):
        raise _refuse(draft, Action.MOVE, f"{actor.name!r} may not write drafts for {account}")
    return replace(
        _base(draft, Action.MOVE, actor, to_state, now),
        detail=f"moved from {draft.account} to {account}",
    )


class DraftCommand(StrEnum):
    """What the author's drafts list offers on one draft."""

    EDIT = "edit"  # open it in the composer and keep writing
    COPY = "copy"  # start a new draft with its text (a finished draft)
    DUPLICATE = "duplicate"  # a new draft with the same text and account
    WITHDRAW = "withdraw"  # take it back from review to keep writing (RECALL)
    DELETE = "delete"  # a draft that never went to review
    RESTORE = "restore"  # undo a delete


def draft_commands(draft: DraftFacts, actor: Actor) -> frozenset[DraftCommand]:
    """The commands ``actor`` may use on ``draft`` from the drafts list.

    The author, or an admin of the account, works on a draft; anybody else only reads it.
    """
    if actor.name != draft.author and not actor.has(Role.ADMIN):
        return frozenset()
    commands: set[DraftCommand] = set()
    if draft.state in EDITABLE_STATES:
        commands.add(DraftCommand.EDIT)
    if draft.state in FINISHED_STATES:
        commands.add(DraftCommand.COPY)
    if draft.state is not State.DELETED:
        commands.add(DraftCommand.DUPLICATE)
    allowed = allowed_actions(draft, actor)
    for action, command in (
        (Action.RECALL, DraftCommand.WITHDRAW),
        (Action.DELETE, DraftCommand.DELETE),
        (Action.RESTORE, DraftCommand.RESTORE),
    ):
        if action in allowed:
            commands.add(command)
    return frozenset(commands)


def can_manage_queue(actor: Actor) -> bool:
    """Whether ``actor`` may reorder, pin, pause and resume the account's queue.

    Reviewers and admins run the queue (and the scheduler, acting as the system).
    """
    return actor.is_system or actor.has(Role.REVIEWER) or actor.has(Role.ADMIN)


def allowed_actions(
    draft: DraftFacts, actor: Actor, policy: ResolvedPolicy | None = None
) -> frozenset[Action]:
    """The actions ``actor`` may take on ``draft`` now (for the UI's buttons).

    Submission also depends on findings, which are checked when it happens; it is listed
    whenever state and person allow it. Review actions are listed only with a policy.
    """
    allowed: set[Action] = set()
    for (state, action), _ in TRANSITIONS.items():
        if state is not draft.state:
            continue
        if action in REVIEW_ACTIONS:
            if policy is None or actor.name == draft.author or not actor.has(Role.REVIEWER):
                continue
            policy = policy.for_draft(draft)
            if draft.step < len(policy.steps) and actor.name in policy.steps[draft.step].eligible(
                draft.author
            ):
                allowed.add(action)
            continue
        if action in SYSTEM_ACTIONS:
            if actor.is_system or actor.has(Role.ADMIN):
                allowed.add(action)
            continue
        if action in CONFIRM_ACTIONS:
            if can_manage_queue(actor):
                allowed.add(action)
            continue
        if (
            actor.name == draft.author
            or actor.has(Role.ADMIN)
            or (action in QUEUE_ACTIONS and (actor.is_system or can_manage_queue(actor)))
        ):
            if action is Action.SUBMIT and actor.name != draft.author:
                continue
            allowed.add(action)
    return frozenset(allowed - _not_now(draft))


def _not_now(draft: DraftFacts) -> set[Action]:
    """Actions the state table allows that this draft's facts still rule out."""
    ruled_out = set()
    if draft.approved_text_version != draft.text_version:
        ruled_out.add(Action.QUEUE)  # the approval does not cover the current text
    if draft.ever_submitted:
        ruled_out.add(Action.DELETE)  # it went to review: withdraw it instead
    return ruled_out


@dataclass(frozen=True, slots=True)
class ReviewClock:
    """How long a submitted draft has waited, against the account's target."""

    waiting: timedelta
    target: timedelta | None
    overdue: bool

    @property
    def waiting_minutes(self) -> int:
        """Whole minutes waited."""
        return int(self.waiting.total_seconds() // 60)


def review_clock(
    draft: DraftFacts, policy: ResolvedPolicy | ApprovalPolicy, now: datetime
) -> ReviewClock | None:
    """The review clock of a submitted draft; ``None`` when it is not waiting on a reviewer."""
    if draft.state is not State.SUBMITTED or draft.submitted_at is None:
        return None
    waiting = max(now - draft.submitted_at, timedelta(0))
    minutes = policy.review_target_minutes
    target = timedelta(minutes=minutes) if minutes else None
    return ReviewClock(waiting, target, overdue=target is not None and waiting > target)


@dataclass(frozen=True, slots=True)
class ExpiryWarning:
    """A waiting draft whose intended time is near: who to warn and how long is left."""

    draft_id: int
    account: str
    scheduled_at: datetime
    remaining: timedelta
    recipients: frozenset[str]


def expiry_warning(
    draft: DraftFacts, policy: ResolvedPolicy, now: datetime
) -> ExpiryWarning | None:
    """Warn the author and the current step's reviewers when an unapproved draft nears its time."""
    if draft.state not in {State.SUBMITTED, State.CHANGES_REQUESTED} or draft.scheduled_at is None:
        return None
    remaining = draft.scheduled_at - now
    if remaining <= timedelta(0) or remaining > policy.expiry_warning:
        return None
    reviewers: frozenset[str] = frozenset()
    policy = policy.for_draft(draft)
    if draft.state is State.SUBMITTED and draft.step < len(policy.steps):
        reviewers = policy.steps[draft.step].eligible(draft.author)
    return ExpiryWarning(
        draft.id, draft.account, draft.scheduled_at, remaining, reviewers | {draft.author}
    )


def is_due_to_expire(draft: DraftFacts, now: datetime) -> bool:
    """True when an unapproved draft's intended time has arrived."""
    return (
        (draft.state, Action.EXPIRE) in TRANSITIONS
        and draft.scheduled_at is not None
        and draft.scheduled_at <= now
    )


def parse_policy(
    account: str,
    *,
    approval: object = None,
    reviewers: object = None,
    review_target_minutes: object = None,
    expiry_warning_minutes: object = None,
    reply_approval: object = None,
) -> ApprovalPolicy:
    """Read an account's review settings as the guide writes them.

    Accepted shapes::

        reviewers: [alice, bob]          # optional; who reviews (default: the account's reviewers)
        approval: any | all              # one step, of any one or all reviewers
        approval: two-step               # (or one-step, three-step, 2): steps of "any"
        approval: none                   # (or 0, no-review): no review, set by an admin
        approval:                        # or a list of 1-3 steps:
        approval:
          - {reviewers: [alice, bob], require: any}
          - {reviewers: [legal], require: all}
        review_target_minutes: 15
        reply_approval: one-step         # a reply's steps (1-3), written as approval is;
                                         # absent: a reply's steps are a post's

    Raises:
        ConfigError: a value has the wrong shape; the message names the account and key.
    """
    where = f"account {account}"
    default_reviewers = _names(reviewers, f"{where}: 'reviewers'")
    steps = _policy_steps(approval, "approval", where, default_reviewers)
    reply_steps = None
    if reply_approval is not None:
        reply_steps = _policy_steps(reply_approval, "reply_approval", where, default_reviewers)
        if not reply_steps:
            raise ConfigError(
                f"{where}: 'reply_approval' must have 1 to {MAX_POLICY_STEPS} steps "
                "(a reply without review is 'approval: none' for the whole account)"
            )
    return ApprovalPolicy(
        steps=steps,
        review_target_minutes=_minutes(review_target_minutes, f"{where}: 'review_target_minutes'"),
        expiry_warning=timedelta(
            minutes=_minutes(expiry_warning_minutes, f"{where}: 'expiry_warning_minutes'")
            or DEFAULT_EXPIRY_WARNING.total_seconds() / 60
        ),
        reply_steps=reply_steps,
    )


def _policy_steps(
    approval: object, name: str, where: str, default_reviewers: tuple[str, ...]
) -> tuple[PolicyStep, ...]:
    """The steps of an ``approval`` (or ``reply_approval``) value as the guide writes it."""
    steps: list[PolicyStep] = []
    if approval is None or isinstance(approval, str | int):
        text = str(approval or "any").strip().lower()
        count = _STEP_WORDS.get(text)
        if count is None and isinstance(approval, int) and not isinstance(approval, bool):
            count = approval if 0 <= approval <= MAX_POLICY_STEPS else None
            if count is None:
                raise ConfigError(
                    f"{where}: '{name}' must have 0 to {MAX_POLICY_STEPS} steps, not {approval}"
                )
        if count is not None:
            steps.extend(PolicyStep(default_reviewers) for _ in range(count))
        else:
            steps.append(PolicyStep(default_reviewers, _require(text, f"{where}: '{name}'")))
    elif isinstance(approval, list):
        if not 1 <= len(approval) <= MAX_POLICY_STEPS:
            raise ConfigError(
                f"{where}: '{name}' must have 1 to {MAX_POLICY_STEPS} steps, not {len(approval)}"
            )
        for number, raw in enumerate(approval, start=1):
            key = f"{where}: '{name}' step {number}"
            if isinstance(raw, str):
                steps.append(PolicyStep(default_reviewers, _require(raw, key)))
                continue
            if not isinstance(raw, dict):
                raise ConfigError(f"{key} must be a mapping with 'reviewers' and 'require'")
            unknown = sorted(set(raw) - {"reviewers", "require"})
            if unknown:
                raise ConfigError(f"{key} has unknown key(s): {', '.join(map(str, unknown))}")
            names = _names(raw.get("reviewers"), f"{key} 'reviewers'") or default_reviewers
            steps.append(PolicyStep(names, _require(raw.get("require", "any"), f"{key} 'require'")))
    else:
        raise ConfigError(
            f"{where}: '{name}' must be 'any', 'all', 'two-step', 'none' or a list of steps"
        )
    return tuple(steps)


#: Words a guide may use for a number of "any reviewer" steps.
_STEP_WORDS = {
    "none": 0,
    "no-review": 0,
    "one-step": 1,
    "single": 1,
    "two-step": 2,
    "two-steps": 2,
    "three-step": 3,
    "three-steps": 3,
}


def _names(value: object, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{key} must be a list of user names")
    return tuple(dict.fromkeys(v.strip() for v in value))


def _require(value: object, key: str) -> Require:
    try:
        return Require(str(value).strip().lower())
    except ValueError:
        raise ConfigError(f"{key} must be 'any' or 'all', not {value!r}") from None


def _minutes(value: object, key: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{key} must be a positive whole number of minutes, not {value!r}")
    return value
