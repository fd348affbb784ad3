"""A reply's own approval steps: ``reply_approval`` read from the guide and applied to replies."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from composer.core.errors import ConfigError, TransitionError
from composer.core.workflow import (
    Action,
    Actor,
    DraftFacts,
    Require,
    Role,
    State,
    allowed_actions,
    expiry_warning,
    parse_policy,
    review,
    submit,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANN = Actor("ann", frozenset({Role.AUTHOR}))
REX = Actor("rex", frozenset({Role.REVIEWER}))
RIA = Actor("ria", frozenset({Role.REVIEWER}))
TWO_FOR_POSTS_ONE_FOR_REPLIES = parse_policy(
    "@Acme", approval="two-step", reply_approval="one-step"
).resolve({"rex", "ria", "ann"})


def submitted(*, is_reply: bool) -> DraftFacts:
    d = DraftFacts(id=7, account="@Acme", author="ann", state=State.DRAFT, is_reply=is_reply)
    t = submit(d, ANN, findings=(), policy=TWO_FOR_POSTS_ONE_FOR_REPLIES, now=NOW)
    return replace(d, state=t.to_state, submitted_at=t.submitted_at, step=t.step)


def test_a_reply_is_approved_by_one_reviewer_while_a_post_needs_two() -> None:
    reply = review(
        submitted(is_reply=True),
        REX,
        Action.APPROVE,
        policy=TWO_FOR_POSTS_ONE_FOR_REPLIES,
        now=NOW,
    )
    assert reply.to_state is State.APPROVED
    assert "step 1 of 1" in reply.detail
    post = review(
        submitted(is_reply=False),
        REX,
        Action.APPROVE,
        policy=TWO_FOR_POSTS_ONE_FOR_REPLIES,
        now=NOW,
    )
    assert post.to_state is State.SUBMITTED and post.step == 1
    assert "step 1 of 2" in post.detail


def test_replies_follow_the_post_steps_without_reply_approval() -> None:
    policy = parse_policy("@Acme", approval="two-step").resolve({"rex", "ria", "ann"})
    assert policy.reply_steps is None
    d = DraftFacts(id=7, account="@Acme", author="ann", state=State.SUBMITTED, is_reply=True)
    t = review(d, REX, Action.APPROVE, policy=policy, now=NOW)
    assert t.to_state is State.SUBMITTED and t.step == 1


def test_a_reply_policy_may_need_more_than_a_post() -> None:
    policy = parse_policy("@Acme", approval="any", reply_approval="two-step").resolve(
        {"rex", "ann"}
    )
    d = DraftFacts(id=7, account="@Acme", author="ann", state=State.DRAFT, is_reply=True)
    with pytest.raises(TransitionError, match="2 approval steps need 2 different reviewers"):
        submit(d, ANN, findings=(), policy=policy, now=NOW)
    post = replace(d, is_reply=False)
    assert submit(post, ANN, findings=(), policy=policy, now=NOW).to_state is State.SUBMITTED


def test_reply_steps_name_their_own_reviewers_and_rule() -> None:
    policy = parse_policy(
        "@Acme",
        approval="any",
        reply_approval=[{"reviewers": ["ria"], "require": "all"}],
    )
    assert policy.reply_steps is not None
    (step,) = policy.reply_steps
    assert (step.reviewers, step.require) == (("ria",), Require.ALL)
    resolved = policy.resolve({"rex", "ria"})
    d = DraftFacts(id=7, account="@Acme", author="ann", state=State.SUBMITTED, is_reply=True)
    assert Action.APPROVE not in allowed_actions(d, REX, resolved)
    assert Action.APPROVE in allowed_actions(d, RIA, resolved)
    assert Action.APPROVE in allowed_actions(replace(d, is_reply=False), REX, resolved)


def test_for_draft_applied_twice_changes_nothing() -> None:
    d = DraftFacts(id=7, account="@Acme", author="ann", state=State.SUBMITTED, is_reply=True)
    once = TWO_FOR_POSTS_ONE_FOR_REPLIES.for_draft(d)
    assert len(once.steps) == 1 and once.reply_steps is None
    assert once.for_draft(d) == once
    assert len(TWO_FOR_POSTS_ONE_FOR_REPLIES.for_draft(replace(d, is_reply=False)).steps) == 2


def test_expiry_warning_names_the_reply_steps_reviewers() -> None:
    policy = parse_policy(
        "@Acme", approval=[{"reviewers": ["rex"]}], reply_approval=[{"reviewers": ["ria"]}]
    ).resolve({"rex", "ria"})
    d = DraftFacts(
        id=7,
        account="@Acme",
        author="ann",
        state=State.SUBMITTED,
        scheduled_at=NOW + timedelta(minutes=30),
        is_reply=True,
    )
    warning = expiry_warning(d, policy, NOW)
    assert warning is not None and warning.recipients == {"ann", "ria"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("none", "'reply_approval' must have 1 to 3 steps"),
        (0, "'reply_approval' must have 1 to 3 steps"),
        (4, "'reply_approval' must have 0 to 3 steps, not 4"),
        ("sometimes", "'reply_approval' must be 'any' or 'all'"),
        ({"require": "any"}, "'reply_approval' must be 'any', 'all', 'two-step'"),
        ([{"require": "any", "who": "x"}], "'reply_approval' step 1 has unknown key"),
    ],
)
def test_bad_reply_approval_names_account_and_key(value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_policy("@Acme", reply_approval=value)
    assert "account @Acme" in str(caught.value)


def test_steps_for_a_reply_or_a_post() -> None:
    policy = parse_policy("@Acme", approval="none", reply_approval="one-step")
    assert policy.steps_for(is_reply=False) == ()
    assert len(policy.steps_for(is_reply=True)) == 1
    plain = parse_policy("@Acme", approval="two-step")
    assert plain.steps_for(is_reply=True) == plain.steps
