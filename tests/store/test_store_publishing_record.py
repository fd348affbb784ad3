"""The audit trail the publishing record writes: each try's start and each outcome's one row.

A try starts the same way whether it is a claim or a re-attempt after an interruption, and
``finish`` writes one audited change per outcome (``published``, ``failed``, ``unknown``);
these pin the states, counters and audit rows each leaves.
"""

from __future__ import annotations

import pytest
from test_store_queue import at, queued

from composer.core.workflow import State
from composer.store.store import Store


def trail(store: Store, draft_id: int) -> list[tuple[str, str | None, str | None, str]]:
    """``(action, from, to, detail)`` of the draft's audit rows after it was queued."""
    rows = store.audit.list(draft_id=draft_id)
    start = next(i for i, r in enumerate(rows) if r.to_state == State.QUEUED.value)
    return [(r.action, r.from_state, r.to_state, r.detail) for r in rows[start + 1 :]]


def test_a_claim_and_a_reattempt_each_start_a_try(store: Store) -> None:
    (a,) = queued(store, "one")
    claimed = store.queue.claim(a, actor="system", now=at(10))
    assert (claimed.publish_attempts, claimed.publishing_since) == (1, at(10))
    again = store.queue.reattempt(a, post_ids=["5"], actor="system", now=at(11))
    assert (again.state, again.publish_attempts, again.publishing_since) == (
        State.PUBLISHING,
        2,
        at(11),
    )
    assert again.post_ids == ("5",)
    assert [(x.number, x.outcome, x.started_at) for x in store.queue.attempts(a)] == [
        (1, "interrupted", at(10)),
        (2, "pending", at(11)),
    ]
    assert trail(store, a) == [
        ("start_publishing", "queued", "publishing", "publishing (try 1)"),
        (
            "reattempt",
            "publishing",
            "publishing",
            "interrupted try checked on X (not there); publishing (try 2)",
        ),
    ]


@pytest.mark.parametrize(
    ("outcome", "state", "action", "detail"),
    [
        ("published", State.PUBLISHED, "mark_published", "published as post 77"),
        ("failed", State.FAILED, "mark_failed", "failed: X said no"),
        (
            "unknown",
            State.PUBLISHING,
            "needs_confirmation",
            "outcome unknown, waiting for a person to check X: X said no",
        ),
    ],
)
def test_each_outcome_is_one_audited_change(
    store: Store, outcome: str, state: State, action: str, detail: str
) -> None:
    (a,) = queued(store, "one")
    store.queue.claim(a, actor="system", now=at(10))
    error = "" if outcome == "published" else "X said no"
    ids = ["77", "78"] if outcome == "published" else ["77"]
    d = store.queue.finish(a, state=outcome, post_ids=ids, error=error, actor="system", now=at(10))
    assert d.state is state and d.post_ids == tuple(ids) and d.last_error == error
    assert d.needs_confirmation is (outcome == "unknown")
    assert (d.post_id, d.published_at) == (
        ("77", at(10)) if outcome == "published" else (None, None)
    )
    assert (d.publishing_since is None) is (outcome != "unknown")
    assert trail(store, a)[1:] == [(action, "publishing", state.value, detail)]
    (attempt,) = store.queue.attempts(a)
    assert (attempt.outcome, attempt.post_id, attempt.error) == (outcome, "77", error)


def test_an_unknown_outcome_name_changes_nothing(store: Store) -> None:
    (a,) = queued(store, "one")
    before = store.queue.claim(a, actor="system", now=at(10))
    with pytest.raises(ValueError, match="unknown publishing outcome 'lost'"):
        store.queue.finish(a, state="lost", actor="system", now=at(11))
    assert store.drafts.get(a) == before
    (attempt,) = store.queue.attempts(a)
    assert (attempt.outcome, attempt.finished_at) == ("pending", None)
    assert [t[0] for t in trail(store, a)] == ["start_publishing"]
