"""A reply's own approval steps, stored with the account's policy and enforced by the store.

Runs on SQLite and PostgreSQL (``store``), and against the team server's guard as its people.
"""

from __future__ import annotations

import pytest
from helpers.team_db import ACCOUNTS, OWNER, TeamDb
from psycopg import errors
from store_seed import T0

from composer.core.workflow import Action, ApprovalPolicy, PolicyStep, State, parse_policy
from composer.store.records import AccountSpec, policy_from_json, policy_to_json
from composer.store.store import Store

#: Posts need two reviewers, replies one.
FAST_REPLIES = parse_policy("@Alerts", approval="two-step", reply_approval="one-step")


def fast_replies(store: Store, actor: str = "boss") -> None:
    store.accounts.sync(
        [
            AccountSpec("@Help", "support", ApprovalPolicy(review_target_minutes=15)),
            AccountSpec("@Alerts", "crisis", FAST_REPLIES),
        ],
        now=T0,
        actor=actor,
    )


def submitted(store: Store, *, reply_to: str | None) -> int:
    d = store.drafts.create("@Alerts", "Trail closed", author="ann", findings=(), now=T0)
    if reply_to is not None:
        store.queue.set_reply_to(d.id, reply_to, actor="ann", now=T0)
        d = store.drafts.get(d.id)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    assert d.state is State.SUBMITTED
    return d.id


def test_policy_json_round_trip_keeps_reply_steps() -> None:
    data = policy_to_json(FAST_REPLIES)
    assert len(data["steps"]) == 2 and len(data["reply_steps"]) == 1
    assert policy_from_json(data) == FAST_REPLIES
    # A policy without reply steps is stored as before, and reads back without them.
    plain = policy_to_json(ApprovalPolicy((PolicyStep(), PolicyStep())))
    assert "reply_steps" not in plain
    assert policy_from_json(plain).reply_steps is None


def test_a_reply_is_approved_by_one_reviewer_while_a_post_needs_two(store: Store) -> None:
    fast_replies(store)
    assert store.accounts.policy("@Alerts").reply_steps is not None
    reply = submitted(store, reply_to="1800000000000000001")
    post = submitted(store, reply_to=None)
    assert len(store.drafts.policy_for(reply).steps) == 1
    assert len(store.drafts.policy_for(post).steps) == 2
    r = store.drafts.get(reply)
    r = store.drafts.review(reply, Action.APPROVE, actor="rex", expected_version=r.version, now=T0)
    assert r.state in {State.APPROVED, State.QUEUED}
    assert r.approved_text_version == r.text_version
    p = store.drafts.get(post)
    p = store.drafts.review(post, Action.APPROVE, actor="rex", expected_version=p.version, now=T0)
    assert (p.state, p.step) == (State.SUBMITTED, 1)
    inbox = {i.draft.id: i for i in store.drafts.inbox("ria", now=T0)}
    assert inbox[post].can_act  # the post's second step is ria's to take


def test_the_policy_change_is_audited_with_the_reply_steps(store: Store) -> None:
    fast_replies(store)
    details = [e.detail for e in store.audit.list() if e.action == "account_policy"]
    assert details[-1] == "approval policy: 2 steps (any; any); replies: 1 step (any)"


def test_the_team_guard_counts_a_reply_by_its_own_steps(team_db: TeamDb) -> None:
    owner = team_db.store(OWNER)
    owner.accounts.sync(
        [
            s if s.handle != "@Alerts" else AccountSpec("@Alerts", "crisis", FAST_REPLIES)
            for s in ACCOUNTS
        ],
        now=T0,
        actor=OWNER,
    )
    ann = team_db.store("ann")
    reply = submitted(ann, reply_to="1800000000000000001")
    rex = team_db.store("rex")
    r = rex.drafts.get(reply)
    r = rex.drafts.review(reply, Action.APPROVE, actor="rex", expected_version=r.version, now=T0)
    assert r.approved_text_version == r.text_version  # the server let one approval through
    post = submitted(ann, reply_to=None)
    approval = '[{"step": 0, "reviewer": "rex", "text_version": 1}]'
    with (
        team_db.raw("rex") as conn,
        pytest.raises(errors.InsufficientPrivilege, match="needs 2 approval"),
    ):
        conn.execute(
            "UPDATE drafts SET state = 'approved', approved_text_version = text_version, "
            "approvals = %s::json WHERE id = %s",
            (approval, post),
        )
    assert ann.drafts.get(post).state is State.SUBMITTED
