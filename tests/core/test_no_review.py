"""Working alone: an account with no approval steps, and the way out a lonely author is shown."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from composer.core.errors import ConfigError, TransitionError
from composer.core.workflow import (
    Actor,
    ApprovalPolicy,
    DraftFacts,
    Role,
    State,
    parse_policy,
    submit,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANN = Actor("ann", frozenset({Role.AUTHOR, Role.ADMIN}))


@pytest.mark.parametrize("written", ["none", "no-review", 0, "NONE"])
def test_the_guide_says_no_review(written: object) -> None:
    assert parse_policy("@Solo", approval=written).steps == ()


def test_more_than_three_steps_still_refused() -> None:
    with pytest.raises(ConfigError, match="0 to 3 steps"):
        parse_policy("@Solo", approval=4)


def test_submitting_without_review_approves_the_text_at_once() -> None:
    draft = DraftFacts(id=3, account="@Solo", author="ann", state=State.DRAFT, text_version=2)
    policy = ApprovalPolicy(steps=()).resolve(set())
    t = submit(draft, ANN, findings=(), policy=policy, now=NOW)
    assert t.to_state is State.APPROVED
    assert t.approved_text_version == 2
    assert t.submitted_at == NOW
    assert "no review" in t.detail


def test_an_author_alone_is_told_the_way_out() -> None:
    draft = DraftFacts(id=3, account="@Solo", author="ann", state=State.DRAFT)
    lonely = ApprovalPolicy().resolve({"ann"})
    with pytest.raises(TransitionError) as caught:
        submit(draft, ANN, findings=(), policy=lonely, now=NOW)
    message = str(caught.value)
    assert "approval step 1 has no reviewer other than the author" in message
    assert "Settings ▸ People" in message
    assert "no review" in message
    assert "@Solo" in message
