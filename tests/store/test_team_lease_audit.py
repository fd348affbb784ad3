"""Team mode: only the publisher's login holds the publisher lease, and the audit trail names
the login that acted (nobody writes as the system or as someone else)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers.team_db import OWNER, T0, TeamDb
from psycopg import errors

from composer.store.errors import RefusedByDatabaseError
from composer.store.queue import PUBLISHER_LOCK

LEASE_ROW = (
    "INSERT INTO locks (name, holder, acquired_at, expires_at) "
    "VALUES ('publisher', 'host:1:x', now() AT TIME ZONE 'UTC', "
    "(now() AT TIME ZONE 'UTC') + %s::interval)"
)


@pytest.mark.parametrize("member", ["ann", "rex", "vic", "ria"])
def test_no_member_takes_the_publisher_lease(team_db: TeamDb, member: str) -> None:
    with team_db.raw(member) as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(LEASE_ROW, ("100 years",))
    # Nor through the app: the store's lease call is refused by the server.
    now = datetime.now(UTC)
    with pytest.raises(RefusedByDatabaseError):
        team_db.store(member).queue.acquire_lock("me:1:x", ttl=timedelta(days=36500), now=now)
    assert team_db.store(OWNER).queue.lock_holder(now=now) is None


def test_members_cannot_touch_the_publishers_lease(team_db: TeamDb) -> None:
    pat = team_db.store("pat")
    now = datetime.now(UTC)
    assert pat.queue.acquire_lock("pat-host:1:x", ttl=timedelta(minutes=10), now=now)
    for member in ("ann", "rex"):
        with team_db.raw(member) as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute("UPDATE locks SET expires_at = expires_at + interval '100 years'")
        with team_db.raw(member) as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute("DELETE FROM locks")
    held = pat.queue.lock_holder(now=now)
    assert held is not None and held.holder == "pat-host:1:x"
    pat.queue.release_lock("pat-host:1:x", name=PUBLISHER_LOCK)
    assert pat.queue.lock_holder(now=now) is None


def test_even_the_publisher_takes_it_for_minutes_only(team_db: TeamDb) -> None:
    with team_db.raw("pat") as conn, pytest.raises(errors.InsufficientPrivilege) as info:
        conn.execute(LEASE_ROW, ("100 years",))
    assert "too far ahead" in str(info.value)
    with team_db.raw("pat") as conn:
        conn.execute(LEASE_ROW, ("10 minutes",))


def test_audit_events_carry_the_login(team_db: TeamDb) -> None:
    insert = (
        "INSERT INTO audit_events (at, actor, action, account, detail) "
        "VALUES (now(), %s, 'mark_published', '@Help', 'forged')"
    )
    with team_db.raw("ann") as conn:
        conn.execute(insert, ("system",))  # recorded, but as what it is
    with team_db.raw("ann") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(insert, ("rex",))
    with team_db.raw("ann") as conn, pytest.raises(errors.InsufficientPrivilege):
        conn.execute(insert, ("system (pat)",))
    forged = [e for e in team_db.store("rex").audit.list() if e.detail == "forged"]
    assert [e.actor for e in forged] == ["system (ann)"]
    assert not any(e.actor == "system" for e in team_db.store("rex").audit.list())


def test_the_publishers_steps_name_its_login(team_db: TeamDb) -> None:
    from composer.core.workflow import Action

    ann, rex, pat = team_db.store("ann"), team_db.store("rex"), team_db.store("pat")
    d = ann.drafts.create("@Help", "Hello", author="ann", findings=(), now=T0)
    d = ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = rex.drafts.review(d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    d = rex.drafts.transition(
        d.id, Action.QUEUE, actor="system", expected_version=d.version, now=T0
    )
    pat.drafts.transition(
        d.id, Action.START_PUBLISHING, actor="system", expected_version=d.version, now=T0
    )
    trail = [(e.actor, e.action) for e in ann.audit.list(draft_id=d.id)]
    assert trail[-2:] == [("system (rex)", "queue"), ("system (pat)", "start_publishing")]
