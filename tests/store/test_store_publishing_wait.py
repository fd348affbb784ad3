"""The publisher's lease check before a send, and posts given back until X's rate limit resets.

On SQLite and PostgreSQL (the ``store`` fixture), and in team mode as the publisher's login.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from helpers.team_db import TeamDb
from store_seed import T0
from test_store_queue import HOURLY, queued

from composer.core.errors import ConflictError
from composer.core.schedule import ScheduleError
from composer.core.workflow import Action, State
from composer.store.queue import LeaseLostError
from composer.store.store import Store

LEASE = timedelta(seconds=30)
REASON = "X's rate limit was reached; X allows posting again at 10:25:00 UTC"


def claimed(store: Store, draft_id: int, holder: str = "host:1:aaaa") -> int:
    """Take the lease as ``holder`` and claim the post when it is due; its try number."""
    when = store.drafts.get(draft_id).scheduled_at
    assert when is not None
    assert store.queue.acquire_lock(holder, ttl=LEASE, now=when) is not None
    return store.queue.claim(draft_id, actor="system", now=when).publish_attempts


def test_check_send_renews_the_lease_of_its_holder_only(store: Store) -> None:
    (post,) = queued(store, "one")
    attempt = claimed(store, post)
    when = store.drafts.get(post).scheduled_at
    assert when is not None
    lease = store.queue.check_send(
        post, attempt=attempt, holder="host:1:aaaa", ttl=LEASE, now=when + timedelta(seconds=20)
    )
    assert lease.expires_at == when + timedelta(seconds=50)  # renewed from the check
    # Another holder, an expired lease, or a try that is no longer this one: refused.
    with pytest.raises(LeaseLostError, match="lease ran out"):
        store.queue.check_send(
            post, attempt=attempt, holder="host:2:bbbb", ttl=LEASE, now=when + timedelta(seconds=21)
        )
    with pytest.raises(LeaseLostError, match="lease ran out"):
        store.queue.check_send(
            post, attempt=attempt, holder="host:1:aaaa", ttl=LEASE, now=when + timedelta(seconds=51)
        )
    with pytest.raises(LeaseLostError, match="no longer in this publisher's try"):
        store.queue.check_send(
            post,
            attempt=attempt + 1,
            holder="host:1:aaaa",
            ttl=LEASE,
            now=when + timedelta(seconds=30),
        )
    assert isinstance(LeaseLostError("x"), ConflictError)


def test_a_post_given_back_waits_with_its_account_until_the_reset(store: Store) -> None:
    first, second = queued(store, "one", "two")
    claimed(store, first)
    when = store.drafts.get(first).scheduled_at
    assert when is not None
    until = when + timedelta(minutes=25)
    back = store.queue.defer(first, until=until, reason=REASON, actor="system", now=when)
    assert back.state is State.QUEUED and back.not_before == until
    assert back.last_error == REASON and back.scheduled_at == when  # it keeps its slot
    (attempt,) = store.queue.attempts(first)
    assert (attempt.outcome, attempt.error) == ("rate_limited", REASON)
    assert store.audit.list(draft_id=first)[-1].action == "defer"
    # Nothing of the account is due or claimed before the reset, even with a later --at.
    later = when + timedelta(hours=3)
    assert store.queue.due(later, now=until - timedelta(seconds=1)) == []
    with pytest.raises(ScheduleError, match="waits for X's rate limit"):
        store.queue.claim(second, actor="system", now=until - timedelta(seconds=1), due_by=later)
    assert [d.id for d in store.queue.due(later, now=until)] == [first, second]
    again = store.queue.claim(first, actor="system", now=until)
    assert again.not_before is None and again.publish_attempts == 2
    # Only a post being published is given back.
    with pytest.raises(ConflictError, match="not being published"):
        store.queue.defer(second, until=until, reason=REASON, actor="system", now=until)


def test_the_publisher_login_gives_a_post_back_and_checks_its_lease(team_db: TeamDb) -> None:
    owner, pat = team_db.store(), team_db.store("pat")
    rex = team_db.store("rex")
    (post,) = queued_as(owner, rex)
    attempt = claimed(pat, post, holder="pat-host:1:cccc")
    when = pat.drafts.get(post).scheduled_at
    assert when is not None
    pat.queue.check_send(post, attempt=attempt, holder="pat-host:1:cccc", ttl=LEASE, now=when)
    back = pat.queue.defer(
        post, until=when + timedelta(minutes=25), reason=REASON, actor="system", now=when
    )
    assert back.state is State.QUEUED and back.not_before == when + timedelta(minutes=25)


def queued_as(owner: Store, reviewer: Store) -> list[int]:
    """One approved post of @Help in the queue (written by ann, approved and queued by rex)."""
    d = owner.drafts.create("@Help", "Trail news", author="ann", findings=(), now=T0)
    d = owner.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = reviewer.drafts.review(
        d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0
    )
    reviewer.queue.enqueue(d.id, actor="rex", schedule=HOURLY, now=T0)
    return [d.id]
