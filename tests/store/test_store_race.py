"""Two processes race to approve and reject the same drafts: exactly one wins every time."""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest
from store_race_worker import review_all
from store_seed import T0

from composer.core.workflow import Action, State
from composer.store.store import Store


def _race(store: Store, db_url: str, rounds: int) -> None:
    ids = []
    for n in range(rounds):
        d = store.drafts.create("@Help", f"post {n}", author="ann", findings=(), now=T0)
        store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
        ids.append(d.id)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    workers = [
        ctx.Process(
            target=review_all, args=(db_url, "rex", Action.APPROVE.value, ids, barrier, results)
        ),
        ctx.Process(
            target=review_all, args=(db_url, "ria", Action.REJECT.value, ids, barrier, results)
        ),
    ]
    for w in workers:
        w.start()
    outcomes = dict(results.get(timeout=600) for _ in workers)
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0

    wins = Counter()
    for draft_id in ids:
        winners = [who for who in ("rex", "ria") if outcomes[who][draft_id] == "won"]
        assert len(winners) == 1, (draft_id, outcomes["rex"][draft_id], outcomes["ria"][draft_id])
        wins[winners[0]] += 1
        final = store.drafts.get(draft_id)
        expected = State.APPROVED if winners[0] == "rex" else State.REJECTED
        assert (final.state, final.version) == (expected, 3)  # created, submitted, one review
        reviews = [
            e for e in store.audit.list(draft_id=draft_id) if e.action in {"approve", "reject"}
        ]
        assert [(e.actor, e.to_state) for e in reviews] == [(winners[0], expected.value)]
        assert [r.reviewer for r in store.drafts.reviews(draft_id)] == [winners[0]]
    assert sum(wins.values()) == rounds


def test_race_quick(store: Store, db_url: str) -> None:
    _race(store, db_url, 40)


@pytest.mark.slow
def test_race_thousand_times(store: Store, db_url: str) -> None:
    _race(store, db_url, 1000)
