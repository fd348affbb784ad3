"""The pure review workflow: states, transitions, four eyes, multi-step policies, clocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from composer.core.errors import ConfigError, TransitionError
from composer.core.findings import Finding, Level
from composer.core.workflow import (
    SYSTEM,
    TRANSITIONS,
    Action,
    Actor,
    ApprovalPolicy,
    DraftFacts,
    PolicyStep,
    Require,
    Role,
    State,
    act,
    allowed_actions,
    edit,
    expiry_warning,
    is_due_to_expire,
    new_warnings,
    parse_policy,
    review,
    review_clock,
    submit,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANN = Actor("ann", frozenset({Role.AUTHOR}))
REX = Actor("rex", frozenset({Role.REVIEWER}))
RIA = Actor("ria", frozenset({Role.REVIEWER}))
LEX = Actor("lex", frozenset({Role.REVIEWER}))
BOSS = Actor("boss", frozenset({Role.ADMIN}))
ONE_STEP = ApprovalPolicy().resolve({"rex", "ria", "ann"})


def draft(state: State = State.DRAFT, **kw: object) -> DraftFacts:
    return replace(DraftFacts(id=7, account="@Acme", author="ann", state=state), **kw)  # type: ignore[arg-type]


def warning(rule: str = "Acme.Hype") -> Finding:
    return Finding(rule, Level.WARNING, "hype", 0, 3)


def error(rule: str = "Acme.Banned") -> Finding:
    return Finding(rule, Level.ERROR, "banned word", 0, 3)


def submitted(policy=ONE_STEP, **kw: object) -> DraftFacts:
    t = submit(draft(**kw), ANN, findings=(), policy=policy, now=NOW)
    return replace(
        draft(**kw),
        state=t.to_state,
        submitted_at=t.submitted_at,
        step=t.step,
        approvals=t.approvals,
    )


def apply(d: DraftFacts, t) -> DraftFacts:
    return replace(
        d,
        state=t.to_state,
        step=t.step,
        approvals=t.approvals,
        approved_text_version=t.approved_text_version,
        submitted_at=t.submitted_at,
        warning_reason=t.warning_reason,
    )


class TestSubmit:
    def test_clean_draft_is_submitted_with_time(self) -> None:
        t = submit(draft(), ANN, findings=(), policy=ONE_STEP, now=NOW)
        assert (t.from_state, t.to_state) == (State.DRAFT, State.SUBMITTED)
        assert t.submitted_at == NOW
        assert t.step == 0

    def test_error_findings_block_and_are_listed(self) -> None:
        with pytest.raises(TransitionError, match=r"1 error-level finding.*Acme\.Banned"):
            submit(draft(), ANN, findings=(error(),), policy=ONE_STEP, now=NOW)

    def test_warning_needs_a_reason_which_is_kept(self) -> None:
        with pytest.raises(TransitionError, match="need a reason"):
            submit(draft(), ANN, findings=(warning(),), policy=ONE_STEP, now=NOW)
        t = submit(
            draft(), ANN, findings=(warning(),), policy=ONE_STEP, now=NOW, reason=" launch day "
        )
        assert t.warning_reason == "launch day"

    def test_suggestions_do_not_need_a_reason(self) -> None:
        finding = Finding("Acme.Tip", Level.SUGGESTION, "tip", 0, 1)
        assert (
            submit(draft(), ANN, findings=(finding,), policy=ONE_STEP, now=NOW).to_state
            is State.SUBMITTED
        )

    def test_only_the_author_submits(self) -> None:
        with pytest.raises(TransitionError, match="only its author"):
            submit(draft(), BOSS, findings=(), policy=ONE_STEP, now=NOW)

    def test_resubmit_after_changes_requested(self) -> None:
        t = submit(draft(State.CHANGES_REQUESTED), ANN, findings=(), policy=ONE_STEP, now=NOW)
        assert t.to_state is State.SUBMITTED

    @pytest.mark.parametrize(
        "state", [State.SUBMITTED, State.APPROVED, State.REJECTED, State.PUBLISHED]
    )
    def test_wrong_state(self, state: State) -> None:
        with pytest.raises(TransitionError, match=f"it is {state.value}"):
            submit(draft(state), ANN, findings=(), policy=ONE_STEP, now=NOW)

    def test_needs_a_reviewer_other_than_the_author(self) -> None:
        lonely = ApprovalPolicy().resolve({"ann"})
        with pytest.raises(TransitionError, match="no reviewer other than the author"):
            submit(draft(), ANN, findings=(), policy=lonely, now=NOW)

    def test_multi_step_needs_as_many_people_as_steps(self) -> None:
        policy = ApprovalPolicy((PolicyStep(), PolicyStep())).resolve({"rex", "ann"})
        with pytest.raises(TransitionError, match="2 different reviewers"):
            submit(draft(), ANN, findings=(), policy=policy, now=NOW)

    def test_intended_time_in_the_past(self) -> None:
        with pytest.raises(TransitionError, match="already passed"):
            submit(
                draft(scheduled_at=NOW - timedelta(minutes=1)),
                ANN,
                findings=(),
                policy=ONE_STEP,
                now=NOW,
            )


class TestReview:
    def test_approve_ties_to_version(self) -> None:
        d = submitted(text_version=3)
        t = review(d, REX, Action.APPROVE, policy=ONE_STEP, now=NOW)
        assert t.to_state is State.APPROVED
        assert t.approved_text_version == 3

    @pytest.mark.parametrize(
        "decision",
        [Action.APPROVE, Action.REJECT, Action.REQUEST_CHANGES],
    )
    def test_four_eyes_even_for_an_author_who_reviews(self, decision: Action) -> None:
        author_reviewer = Actor("ann", frozenset({Role.AUTHOR, Role.REVIEWER, Role.ADMIN}))
        with pytest.raises(TransitionError, match="own draft"):
            review(submitted(), author_reviewer, decision, policy=ONE_STEP, now=NOW, comment="x")

    def test_non_reviewer_refused(self) -> None:
        with pytest.raises(TransitionError, match="not a reviewer"):
            review(submitted(), BOSS, Action.APPROVE, policy=ONE_STEP, now=NOW)

    def test_reviewer_of_another_step_refused(self) -> None:
        policy = ApprovalPolicy((PolicyStep(("rex",)), PolicyStep(("lex",)))).resolve(
            {"rex", "lex"}
        )
        with pytest.raises(TransitionError, match="step 1 of 2"):
            review(submitted(policy), LEX, Action.APPROVE, policy=policy, now=NOW)

    def test_request_changes_needs_comment(self) -> None:
        with pytest.raises(TransitionError, match="needs a comment"):
            review(submitted(), REX, Action.REQUEST_CHANGES, policy=ONE_STEP, now=NOW, comment="  ")
        t = review(
            submitted(), REX, Action.REQUEST_CHANGES, policy=ONE_STEP, now=NOW, comment="shorter"
        )
        assert (t.to_state, t.comment) == (State.CHANGES_REQUESTED, "shorter")

    def test_reject(self) -> None:
        assert (
            review(submitted(), RIA, Action.REJECT, policy=ONE_STEP, now=NOW).to_state
            is State.REJECTED
        )

    @pytest.mark.parametrize("state", [State.DRAFT, State.APPROVED, State.REJECTED, State.QUEUED])
    def test_only_submitted_drafts_are_reviewed(self, state: State) -> None:
        with pytest.raises(TransitionError, match=f"it is {state.value}"):
            review(draft(state), REX, Action.APPROVE, policy=ONE_STEP, now=NOW)

    def test_two_step_policy_stays_submitted_until_last_step(self) -> None:
        policy = ApprovalPolicy((PolicyStep(("rex", "ria")), PolicyStep(("lex",)))).resolve(
            {"rex", "ria", "lex"}
        )
        d = submitted(policy)
        t1 = review(d, RIA, Action.APPROVE, policy=policy, now=NOW)
        assert (t1.to_state, t1.step) == (State.SUBMITTED, 1)
        d = apply(d, t1)
        with pytest.raises(TransitionError, match="not a reviewer of approval step 2"):
            review(d, REX, Action.APPROVE, policy=policy, now=NOW)
        t2 = review(d, LEX, Action.APPROVE, policy=policy, now=NOW)
        assert t2.to_state is State.APPROVED
        assert [a.reviewer for a in t2.approvals] == ["ria", "lex"]

    def test_all_step_needs_everyone_but_not_twice(self) -> None:
        policy = ApprovalPolicy((PolicyStep(require=Require.ALL),)).resolve({"rex", "ria", "ann"})
        d = submitted(policy)
        t1 = review(d, REX, Action.APPROVE, policy=policy, now=NOW)
        assert (t1.to_state, t1.step) == (State.SUBMITTED, 0)
        assert "1 to go" in t1.detail
        d = apply(d, t1)
        with pytest.raises(TransitionError, match="already approved"):
            review(d, REX, Action.APPROVE, policy=policy, now=NOW)
        assert review(d, RIA, Action.APPROVE, policy=policy, now=NOW).to_state is State.APPROVED

    def test_one_person_cannot_approve_two_steps(self) -> None:
        policy = ApprovalPolicy((PolicyStep(), PolicyStep())).resolve({"rex", "ria"})
        d = apply(
            submitted(policy),
            review(submitted(policy), REX, Action.APPROVE, policy=policy, now=NOW),
        )
        with pytest.raises(TransitionError, match="already approved"):
            review(d, REX, Action.APPROVE, policy=policy, now=NOW)

    def test_named_person_without_reviewer_role_is_not_a_reviewer(self) -> None:
        policy = ApprovalPolicy((PolicyStep(("boss", "rex")),)).resolve({"rex"})
        assert policy.steps[0].reviewers == frozenset({"rex"})


class TestEdit:
    def test_edit_approved_goes_back_to_review(self) -> None:
        d = draft(State.APPROVED, approved_text_version=2, text_version=2, submitted_at=NOW)
        later = NOW + timedelta(hours=1)
        t = edit(d, ANN, findings=(), now=later)
        assert t.to_state is State.SUBMITTED
        assert (t.approved_text_version, t.approvals, t.step, t.submitted_at) == (
            None,
            (),
            0,
            later,
        )

    def test_edit_queued_with_errors_goes_back_to_draft(self) -> None:
        t = edit(draft(State.QUEUED, approved_text_version=1), ANN, findings=(error(),), now=NOW)
        assert t.to_state is State.DRAFT
        assert "error-level" in t.detail

    def test_edit_in_review_with_unexplained_warning_goes_to_draft(self) -> None:
        assert (
            edit(draft(State.SUBMITTED), ANN, findings=(warning(),), now=NOW).to_state
            is State.DRAFT
        )
        kept = edit(
            draft(State.SUBMITTED, warning_reason="ok"),
            ANN,
            findings=(warning(),),
            now=NOW,
            previous=(warning(),),
        )
        assert kept.to_state is State.SUBMITTED and kept.warning_reason == "ok"

    def test_a_reason_covers_only_the_warnings_it_was_given_for(self) -> None:
        reasoned = draft(State.APPROVED, approved_text_version=1, warning_reason="ok")
        other = warning("Acme.Other")
        moved = edit(reasoned, ANN, findings=(warning(), other), now=NOW, previous=(warning(),))
        assert moved.to_state is State.DRAFT and moved.warning_reason == ""
        assert "Acme.Other" in moved.detail
        # Without the old findings nothing is known to be covered: the reason does not carry.
        assert edit(reasoned, ANN, findings=(warning(),), now=NOW).to_state is State.DRAFT
        assert new_warnings((warning(), warning()), (warning(),)) == {warning().rule}
        assert new_warnings((warning(),), (warning(), other)) == set()

    def test_edit_keeps_draft_state(self) -> None:
        assert edit(draft(), ANN, findings=(error(),), now=NOW).to_state is State.DRAFT

    def test_reviewer_cannot_edit(self) -> None:
        with pytest.raises(TransitionError, match="only its author"):
            edit(draft(), REX, findings=(), now=NOW)

    def test_admin_can_edit(self) -> None:
        assert edit(draft(), BOSS, findings=(), now=NOW).actor == "boss"

    @pytest.mark.parametrize(
        "state", [State.REJECTED, State.PUBLISHING, State.PUBLISHED, State.WITHDRAWN, State.EXPIRED]
    )
    def test_final_or_busy_states_are_not_editable(self, state: State) -> None:
        with pytest.raises(TransitionError):
            edit(draft(state), ANN, findings=(), now=NOW)


class TestOtherActions:
    def test_queue_needs_approval_of_current_version(self) -> None:
        stale = draft(State.APPROVED, text_version=3, approved_text_version=2)
        with pytest.raises(TransitionError, match="does not cover"):
            act(stale, ANN, Action.QUEUE, now=NOW)
        fresh = replace(stale, approved_text_version=3)
        assert act(fresh, SYSTEM, Action.QUEUE, now=NOW).to_state is State.QUEUED

    def test_publishing_chain_is_for_the_system(self) -> None:
        with pytest.raises(TransitionError, match="scheduler"):
            act(draft(State.QUEUED), ANN, Action.START_PUBLISHING, now=NOW)
        assert (
            act(draft(State.QUEUED), SYSTEM, Action.START_PUBLISHING, now=NOW).to_state
            is State.PUBLISHING
        )
        assert (
            act(draft(State.PUBLISHING), SYSTEM, Action.MARK_FAILED, now=NOW).to_state
            is State.FAILED
        )
        assert act(draft(State.FAILED), SYSTEM, Action.RETRY, now=NOW).to_state is State.QUEUED

    def test_withdraw_and_reopen(self) -> None:
        t = act(submitted(), ANN, Action.WITHDRAW, now=NOW)
        assert t.to_state is State.WITHDRAWN
        assert act(draft(State.WITHDRAWN), ANN, Action.REOPEN, now=NOW).to_state is State.DRAFT
        with pytest.raises(TransitionError):
            act(submitted(), REX, Action.WITHDRAW, now=NOW)

    def test_expire_only_when_time_arrived(self) -> None:
        d = submitted(scheduled_at=NOW + timedelta(minutes=30))
        assert not is_due_to_expire(d, NOW)
        with pytest.raises(TransitionError, match="not arrived"):
            act(d, SYSTEM, Action.EXPIRE, now=NOW)
        later = NOW + timedelta(minutes=30)
        assert is_due_to_expire(d, later)
        assert act(d, SYSTEM, Action.EXPIRE, now=later).to_state is State.EXPIRED

    def test_approved_draft_does_not_expire(self) -> None:
        d = draft(State.APPROVED, scheduled_at=NOW - timedelta(hours=1))
        assert not is_due_to_expire(d, NOW)
        with pytest.raises(TransitionError):
            act(d, SYSTEM, Action.EXPIRE, now=NOW)

    def test_every_state_is_reachable_and_terminal_states_have_no_exit(self) -> None:
        reached = {State.DRAFT} | {to for to in TRANSITIONS.values()}
        assert reached == set(State)
        exits = {state for state, _ in TRANSITIONS}
        assert {State.REJECTED, State.PUBLISHED}.isdisjoint(exits)


class TestAllowedActions:
    def test_author_and_reviewer_see_their_buttons(self) -> None:
        d = submitted()
        assert allowed_actions(d, REX, ONE_STEP) == {
            Action.APPROVE,
            Action.REQUEST_CHANGES,
            Action.REJECT,
        }
        assert allowed_actions(d, ANN, ONE_STEP) == {
            Action.EDIT,
            Action.WITHDRAW,
            Action.RECALL,
        }
        assert allowed_actions(draft(), ANN, ONE_STEP) == {
            Action.EDIT,
            Action.SUBMIT,
            Action.WITHDRAW,
            Action.DELETE,
            Action.MOVE,
        }

    def test_reviewer_author_cannot_review_own(self) -> None:
        me = Actor("ann", frozenset({Role.AUTHOR, Role.REVIEWER}))
        assert Action.APPROVE not in allowed_actions(submitted(), me, ONE_STEP)


class TestClocks:
    def test_review_clock_overdue(self) -> None:
        policy = ApprovalPolicy(review_target_minutes=15).resolve({"rex"})
        d = submitted()
        clock = review_clock(d, policy, NOW + timedelta(minutes=10))
        assert clock is not None and (clock.waiting_minutes, clock.overdue) == (10, False)
        late = review_clock(d, policy, NOW + timedelta(minutes=16))
        assert late is not None and late.overdue
        assert review_clock(draft(), policy, NOW) is None

    def test_no_target_never_overdue(self) -> None:
        clock = review_clock(submitted(), ONE_STEP, NOW + timedelta(days=3))
        assert clock is not None and not clock.overdue

    def test_expiry_warning_reaches_author_and_reviewers(self) -> None:
        policy = ApprovalPolicy(expiry_warning=timedelta(minutes=30)).resolve({"rex", "ria"})
        d = submitted(policy, scheduled_at=NOW + timedelta(minutes=45))
        assert expiry_warning(d, policy, NOW) is None
        w = expiry_warning(d, policy, NOW + timedelta(minutes=20))
        assert w is not None
        assert w.recipients == {"ann", "rex", "ria"}
        assert w.remaining == timedelta(minutes=25)
        assert expiry_warning(d, policy, NOW + timedelta(minutes=46)) is None


class TestParsePolicy:
    def test_default_is_one_any_step(self) -> None:
        policy = parse_policy("@Acme")
        assert policy.steps == (PolicyStep((), Require.ANY),)

    def test_full_shape(self) -> None:
        policy = parse_policy(
            "@Acme",
            reviewers=["rex", "ria"],
            approval=[{"require": "any"}, {"reviewers": ["lex"], "require": "ALL"}],
            review_target_minutes=15,
        )
        assert policy.steps == (
            PolicyStep(("rex", "ria"), Require.ANY),
            PolicyStep(("lex",), Require.ALL),
        )
        assert policy.review_target_minutes == 15

    def test_named_step_counts_as_in_the_example_guide(self) -> None:
        assert len(parse_policy("@A", approval="two-step").steps) == 2
        assert len(parse_policy("@A", approval=3).steps) == 3
        assert parse_policy("@A", approval="ALL").steps == (PolicyStep((), Require.ALL),)

    def test_group_name_means_the_accounts_reviewers(self) -> None:
        policy = parse_policy("@A", reviewers=["support-leads"])
        resolved = policy.resolve({"rex", "ria"}, known_users={"rex", "ria", "ann"})
        assert resolved.steps[0].reviewers == {"rex", "ria"}
        named = parse_policy("@A", reviewers=["ria"]).resolve(
            {"rex", "ria"}, known_users={"rex", "ria"}
        )
        assert named.steps[0].reviewers == {"ria"}

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"approval": []}, "1 to 3 steps"),
            ({"approval": ["any"] * 4}, "1 to 3 steps"),
            ({"approval": "most"}, "'any' or 'all'"),
            ({"approval": [{"who": ["x"]}]}, "unknown key"),
            ({"approval": 4}, "0 to 3 steps"),
            ({"approval": 2.5}, "list of steps"),
            ({"reviewers": [1]}, "list of user names"),
            ({"review_target_minutes": -5}, "positive whole number"),
            ({"review_target_minutes": True}, "positive whole number"),
        ],
    )
    def test_bad_shapes_name_the_account_and_key(
        self, kwargs: dict[str, object], message: str
    ) -> None:
        with pytest.raises(ConfigError, match=message) as info:
            parse_policy("@Acme", **kwargs)  # type: ignore[arg-type]
        assert "account @Acme" in str(info.value)
