"""The author's side of the workflow: withdraw to draft, delete and restore, move, commands."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from composer.core.errors import TransitionError
from composer.core.workflow import (
    Action,
    Actor,
    ApprovalPolicy,
    DraftCommand,
    DraftFacts,
    Role,
    State,
    act,
    allowed_actions,
    draft_commands,
    move,
    submit,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ANN = Actor("ann", frozenset({Role.AUTHOR}))
ANN_ELSEWHERE = Actor("ann", frozenset())
REX = Actor("rex", frozenset({Role.REVIEWER}))
BOSS = Actor("boss", frozenset({Role.ADMIN}))
POLICY = ApprovalPolicy().resolve({"rex"})


def draft(state: State = State.DRAFT, **kw: object) -> DraftFacts:
    return replace(DraftFacts(id=7, account="@Help", author="ann", state=state), **kw)  # type: ignore[arg-type]


def test_withdraw_takes_a_submitted_draft_back_to_draft() -> None:
    t = submit(draft(), ANN, findings=(), policy=POLICY, now=NOW)
    facts = draft(State.SUBMITTED, submitted_at=t.submitted_at)
    back = act(facts, ANN, Action.RECALL, now=NOW)
    assert (back.from_state, back.to_state) == (State.SUBMITTED, State.DRAFT)
    assert "withdrawn from review" in back.detail
    assert act(facts, BOSS, Action.RECALL, now=NOW).to_state is State.DRAFT
    with pytest.raises(TransitionError, match="only its author"):
        act(facts, REX, Action.RECALL, now=NOW)
    with pytest.raises(TransitionError, match="it is changes_requested"):
        act(draft(State.CHANGES_REQUESTED), ANN, Action.RECALL, now=NOW)


def test_only_a_draft_never_submitted_is_deleted_and_a_delete_is_undone() -> None:
    gone = act(draft(), ANN, Action.DELETE, now=NOW)
    assert gone.to_state is State.DELETED
    assert act(draft(State.DELETED), ANN, Action.RESTORE, now=NOW).to_state is State.DRAFT
    recalled = draft(submitted_at=NOW)  # submitted once, then withdrawn back to draft
    with pytest.raises(TransitionError, match="withdraw it instead"):
        act(recalled, ANN, Action.DELETE, now=NOW)
    with pytest.raises(TransitionError, match="withdraw it instead"):
        act(draft(text_version=2), ANN, Action.DELETE, now=NOW)
    with pytest.raises(TransitionError, match="only its author"):
        act(draft(), REX, Action.DELETE, now=NOW)
    assert Action.DELETE in allowed_actions(draft(), ANN)
    assert Action.DELETE not in allowed_actions(recalled, ANN)


def test_move_needs_the_author_role_on_the_new_account() -> None:
    t = move(draft(), ANN, ANN, account="@Deals", now=NOW)
    assert (t.action, t.to_state, t.detail) == (
        Action.MOVE,
        State.DRAFT,
        "moved from @Help to @Deals",
    )
    kept = move(draft(State.CHANGES_REQUESTED), ANN, ANN, account="@Deals", now=NOW)
    assert kept.to_state is State.CHANGES_REQUESTED
    with pytest.raises(TransitionError, match="may not write drafts for @Deals"):
        move(draft(), ANN, ANN_ELSEWHERE, account="@Deals", now=NOW)
    with pytest.raises(TransitionError, match="it is submitted"):
        move(draft(State.SUBMITTED), ANN, ANN, account="@Deals", now=NOW)
    with pytest.raises(TransitionError, match="already belongs"):
        move(draft(), ANN, ANN, account="@Help", now=NOW)
    with pytest.raises(TransitionError, match="only its author"):
        move(draft(), REX, REX, account="@Deals", now=NOW)
    with pytest.raises(ValueError, match="dedicated function"):
        act(draft(), ANN, Action.MOVE, now=NOW)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (
            draft(),
            {DraftCommand.EDIT, DraftCommand.DUPLICATE, DraftCommand.DELETE},
        ),
        (
            draft(State.CHANGES_REQUESTED, submitted_at=NOW),
            {DraftCommand.EDIT, DraftCommand.DUPLICATE},
        ),
        (
            draft(State.SUBMITTED, submitted_at=NOW),
            {DraftCommand.WITHDRAW, DraftCommand.DUPLICATE},
        ),
        (draft(State.REJECTED, submitted_at=NOW), {DraftCommand.COPY, DraftCommand.DUPLICATE}),
        (draft(State.DELETED), {DraftCommand.RESTORE}),
        (draft(State.QUEUED, submitted_at=NOW), {DraftCommand.DUPLICATE}),
    ],
)
def test_draft_commands_by_state(facts: DraftFacts, expected: set[DraftCommand]) -> None:
    assert draft_commands(facts, ANN) == expected


def test_nobody_but_the_author_or_an_admin_gets_commands() -> None:
    assert draft_commands(draft(), REX) == frozenset()
    assert DraftCommand.EDIT in draft_commands(draft(), BOSS)
