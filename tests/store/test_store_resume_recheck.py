"""Resume All re-checks the queued posts first (issue 18, item 5): the store's half.

The judge is the one a face builds from the guide (:class:`composer.core.crisis.Recheck`);
here it is a plain function of the text, so the store's part is tested on its own: who goes
back to review, with what reason and audit, and that nothing sent back is due afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import pytest
from store_seed import T0
from test_store_queue import HOURLY, approved, queued

from composer.core.findings import Finding
from composer.core.workflow import State
from composer.store.errors import PermissionDeniedError
from composer.store.queue import SEND_BACK_ACTION
from composer.store.store import Store


def judge_fire(text: str, account: str, accepted: Sequence[Finding]) -> str:
    del account, accepted
    return "mentions the fire" if "fire" in text.lower() else ""


def test_posts_with_findings_go_back_to_review_before_the_pause_lifts(store: Store) -> None:
    clean, fiery, other = queued(store, "Our tents are back", "Fire pit sale", "Trail maps")
    (alert,) = queued(store, "Fire drill at noon", account="@Alerts")
    store.queue.set_paused(None, paused=True, actor="boss", now=T0)
    later = T0 + timedelta(hours=5)
    outcome = store.queue.resume_all(judge_fire, actor="rex", now=later, schedule_for=None)
    assert not outcome.state.all
    assert outcome.checked == 4
    assert sorted((r.id, why) for r, why in outcome.sent_back) == [
        (fiery, "mentions the fire"),
        (alert, "mentions the fire"),
    ]
    for draft_id in (fiery, alert):
        record = store.drafts.get(draft_id)
        assert record.state is State.SUBMITTED
        assert record.scheduled_at is None and record.approvals == ()
        assert record.approved_text_version is None
        trail = store.audit.list(draft_id=draft_id)
        assert trail[-1].action == SEND_BACK_ACTION
        assert trail[-1].from_state == "queued" and trail[-1].to_state == "submitted"
        assert trail[-1].actor == "rex"
        assert trail[-1].detail == "sent back to review: mentions the fire"
        comments = store.drafts.comments(draft_id)
        assert comments[-1].body == "Sent back to review: mentions the fire"
    assert {store.drafts.get(i).state for i in (clean, other)} == {State.QUEUED}
    due = store.queue.due(later + timedelta(days=60))
    assert {d.id for d in due} == {clean, other}
    actions = [e.action for e in store.audit.list()]
    assert actions.index("resume_recheck") < actions.index("resume_all", actions.index("pause_all"))
    recheck = next(e for e in store.audit.list() if e.action == "resume_recheck")
    assert recheck.detail == "re-checked 4 queued post(s) before resuming; 2 sent back to review"


def test_evergreen_reposts_and_variants_are_rechecked(store: Store) -> None:
    (original,) = queued(store, "Our repair service fixes any tent")
    w1 = approved(store, "Fire-damaged tent? Our repair service fixes it")
    store.queue.plan_evergreen(
        original,
        [w1],
        max_reposts=1,
        min_interval=timedelta(days=2),
        actor="rex",
        schedule=HOURLY,
        now=T0,
    )
    a = approved(store, "Campfire stories tonight")
    b = approved(store, "Fire stories by the lake tonight")
    store.queue.enqueue_variants(
        a, b, spacing=timedelta(hours=3), actor="rex", schedule=HOURLY, now=T0
    )
    store.queue.set_paused(None, paused=True, actor="boss", now=T0)
    outcome = store.queue.resume_all(judge_fire, actor="boss", now=T0)
    assert {r.id for r, _ in outcome.sent_back} == {w1, a, b}
    assert store.drafts.get(original).state is State.QUEUED


def test_the_judge_sees_the_findings_the_approval_accepted(store: Store) -> None:
    (draft_id,) = queued(store, "Tents are back")
    seen: list[tuple[str, str, tuple[Finding, ...]]] = []

    def spy(text: str, account: str, accepted: Sequence[Finding]) -> str:
        seen.append((text, account, tuple(accepted)))
        return ""

    store.queue.set_paused(None, paused=True, actor="boss", now=T0)
    outcome = store.queue.resume_all(spy, actor="boss", now=T0)
    assert seen == [("Tents are back", "@Help", ())]
    assert outcome.sent_back == () and store.drafts.get(draft_id).state is State.QUEUED


def test_only_those_who_run_every_queue_resume_with_a_recheck(store: Store) -> None:
    (fiery,) = queued(store, "Fire pit sale")
    store.queue.set_paused(None, paused=True, actor="boss", now=T0)
    with pytest.raises(PermissionDeniedError):
        store.queue.resume_all(judge_fire, actor="ann", now=T0)
    assert store.queue.pause_state().all
    assert store.drafts.get(fiery).state is State.QUEUED
