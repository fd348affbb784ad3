"""Team mode: the PostgreSQL server itself holds the workflow's rules, whatever a client sends.

Each refusal is proven with raw SQL over a real connection of that person's own login, and the
app's ordinary code path is shown to keep working for every legitimate action.
"""

from __future__ import annotations

import json

import psycopg
import pytest
from helpers.team_db import OWNER, PEOPLE, T0, TeamDb, password
from psycopg import errors

from composer.core.errors import TransitionError
from composer.core.guide.model import Schedule, Slot
from composer.core.workflow import Action, Role, State
from composer.store.errors import PermissionDeniedError, RefusedByDatabaseError
from composer.store.models import Base
from composer.store.records import AccountSpec
from composer.store.store import Store
from composer.store.team import (
    ACTION_WHO,
    ROLES,
    TABLE_POLICIES,
    TeamSetupError,
    apply_team_security,
    check_decisions,
    state_changes,
    team_installed,
)

REFUSED = (errors.InsufficientPrivilege,)


def submitted(team: TeamDb, author: str = "ann", account: str = "@Help") -> int:
    store = team.store(author)
    d = store.drafts.create(account, "Hello there", author=author, findings=(), now=T0)
    d = store.drafts.submit(d.id, actor=author, expected_version=d.version, findings=(), now=T0)
    return d.id


def refused(team: TeamDb, user: str, statement: str, *params: object) -> str:
    """Run ``statement`` as ``user``; it must be refused by the server. Returns the message."""
    with team.raw(user) as conn, pytest.raises(REFUSED) as info:
        conn.execute(statement, params or None)
    return str(info.value)


def test_every_table_and_action_has_a_decision() -> None:
    assert set(Base.metadata.tables) <= set(TABLE_POLICIES)
    assert set(Action) <= set(ACTION_WHO)
    check_decisions()
    with pytest.raises(TeamSetupError, match=r"no team-mode security decision for table.*shiny"):
        check_decisions([*Base.metadata.tables, "shiny"])


def test_state_changes_come_from_the_workflow() -> None:
    changes = state_changes()
    assert changes[("submitted", "approved")] == {"reviewer"}
    assert changes[("draft", "submitted")] == {"author"}
    # Only a submission to an account with no review (the guard checks the account's steps).
    assert changes[("draft", "approved")] == {"author"}
    assert ("draft", "queued") not in changes
    assert changes[("submitted", "expired")] == {"member"}


def test_apply_is_idempotent_and_grants_what_it_says(team_db: TeamDb) -> None:
    owner = team_db.store(OWNER)
    assert team_installed(owner.engine)
    report = apply_team_security(owner.engine)
    assert set(report.tables) == set(Base.metadata.tables)
    with team_db.raw(OWNER) as conn:
        for table, policy in TABLE_POLICIES.items():
            for privilege, groups in (
                ("SELECT", policy.select),
                ("INSERT", policy.insert),
                ("UPDATE", policy.update),
                ("DELETE", policy.delete),
            ):
                for group in ROLES.groups():
                    granted = conn.execute(
                        "SELECT has_table_privilege(%s, %s, %s)", (group, table, privilege)
                    ).fetchone()
                    # Every group inherits the base role's privileges.
                    expected = group in groups or ROLES.member in groups
                    assert bool(granted and granted[0]) == expected, (table, privilege, group)


def test_author_cannot_approve_own_draft_with_raw_sql(team_db: TeamDb) -> None:
    draft_id = submitted(team_db)
    message = refused(
        team_db,
        "ann",
        "UPDATE drafts SET state = 'approved', approved_text_version = text_version WHERE id = %s",
        draft_id,
    )
    assert "ann may not move draft" in message
    forged = json.dumps([{"step": 0, "reviewer": "ann", "text_version": 1}])
    refused(
        team_db,
        "ann",
        "UPDATE drafts SET approvals = %s WHERE id = %s",
        forged,
        draft_id,
    )
    # Forging a reviewer's name does not help either.
    forged = json.dumps([{"step": 0, "reviewer": "rex", "text_version": 1}])
    refused(
        team_db,
        "ann",
        "UPDATE drafts SET state = 'approved', approved_text_version = 1, approvals = %s "
        "WHERE id = %s",
        forged,
        draft_id,
    )
    assert team_db.store(OWNER).drafts.get(draft_id).state is State.SUBMITTED


def test_author_cannot_jump_states(team_db: TeamDb) -> None:
    store = team_db.store("ann")
    d = store.drafts.create("@Help", "Hi", author="ann", findings=(), now=T0)
    for state in ("queued", "published", "approved", "submitted2"):
        message = refused(team_db, "ann", "UPDATE drafts SET state = %s WHERE id = %s", state, d.id)
        assert (
            "cannot go from draft" in message
            or "may not move" in message
            or "needs review: its account has 1 approval step(s)" in message
        )
    refused(team_db, "ann", "UPDATE drafts SET author_id = author_id + 1 WHERE id = %s", d.id)
    refused(
        team_db,
        "ann",
        "INSERT INTO drafts (account_id, author_id, state, version, text, text_version, "
        "content_hash, has_errors, step, approvals, warning_reason, state_changed_at, "
        "created_at, updated_at, thread_parts, tags, post_ids) "
        "SELECT account_id, author_id, 'approved', 1, 'x', 1, 'h', false, 0, '[]', '', "
        "now(), now(), now(), '[]', '[]', '[]' FROM drafts WHERE id = %s",
        d.id,
    )


def test_author_cannot_insert_an_approving_review(team_db: TeamDb) -> None:
    draft_id = submitted(team_db)
    insert = (
        "INSERT INTO reviews (draft_id, reviewer_id, decision, step, text_version, created_at) "
        "SELECT d.id, u.id, 'approve', 0, d.text_version, now() FROM drafts d, users u "
        "WHERE d.id = %s AND u.name = %s"
    )
    message = refused(team_db, "ann", insert, draft_id, "ann")
    assert "permission denied for table reviews" in message
    # ria writes and reviews @Help: the server still refuses her own draft (four eyes).
    own = submitted(team_db, "ria")
    assert "own draft" in refused(team_db, "ria", insert, own, "ria")
    # ... and a review under somebody else's name.
    assert "own name" in refused(team_db, "ria", insert, draft_id, "rex")


def test_audit_trail_cannot_be_edited(team_db: TeamDb) -> None:
    submitted(team_db)
    assert "permission denied" in refused(team_db, "ann", "UPDATE audit_events SET actor = 'x'")
    assert "permission denied" in refused(team_db, "ann", "DELETE FROM audit_events")
    assert "permission denied" in refused(team_db, "ann", "TRUNCATE audit_events")
    assert "permission denied" in refused(team_db, "rex", "DELETE FROM audit_events")
    # Even the schema owner's connection is stopped by the trigger.
    assert "append-only" in refused(team_db, OWNER, "UPDATE audit_events SET detail = 'edited'")
    assert "append-only" in refused(team_db, OWNER, "DELETE FROM audit_events")
    assert "append-only" in refused(team_db, OWNER, "TRUNCATE audit_events")
    message = refused(
        team_db,
        "ann",
        "INSERT INTO audit_events (at, actor, action, account, detail) "
        "VALUES (now(), 'rex', 'approve', '@Help', 'forged')",
    )
    assert "own name" in message


def test_people_and_roles_are_admin_only(team_db: TeamDb) -> None:
    grant_self = (
        "INSERT INTO role_grants (user_id, account_id, role) "
        "SELECT id, NULL, 'reviewer' FROM users WHERE name = 'ann'"
    )
    assert "permission denied" in refused(team_db, "ann", grant_self)
    assert "permission denied" in refused(team_db, "rex", "UPDATE users SET active = false")
    assert "permission denied" in refused(team_db, "ann", "DELETE FROM role_grants")
    # rex may update his accounts' settings (pausing a queue), not what the guide says:
    message = refused(team_db, "rex", "UPDATE accounts SET purpose = 'mine' WHERE handle = '@Help'")
    assert "come from the guide" in message


def test_reviewer_approves_only_accounts_they_review(team_db: TeamDb) -> None:
    alerts = submitted(team_db, account="@Alerts")
    ria = team_db.store("ria")
    current = ria.drafts.get(alerts)
    with pytest.raises(TransitionError, match="not a reviewer"):
        ria.drafts.review(
            alerts, Action.APPROVE, actor="ria", expected_version=current.version, now=T0
        )
    forged = json.dumps([{"step": 0, "reviewer": "ria", "text_version": 1}])
    refused(team_db, "ria", "UPDATE drafts SET approvals = %s WHERE id = %s", forged, alerts)
    # On the account she reviews, the ordinary app path works.
    help_draft = submitted(team_db)
    current = ria.drafts.get(help_draft)
    done = ria.drafts.review(
        help_draft, Action.APPROVE, actor="ria", expected_version=current.version, now=T0
    )
    assert done.state is State.APPROVED


def test_the_login_is_the_identity(team_db: TeamDb) -> None:
    draft_id = submitted(team_db)
    ann = team_db.store("ann")
    current = ann.drafts.get(draft_id)
    # ann's client claims to be rex: the app's rules pass, the server refuses.
    with pytest.raises(RefusedByDatabaseError, match="refused this"):
        ann.drafts.review(
            draft_id, Action.APPROVE, actor="rex", expected_version=current.version, now=T0
        )
    assert ann.drafts.get(draft_id).state is State.SUBMITTED


def test_two_step_needs_two_people_even_in_raw_sql(team_db: TeamDb) -> None:
    draft_id = submitted(team_db, account="@Alerts")
    one = json.dumps([{"step": 0, "reviewer": "rex", "text_version": 1}])
    message = refused(
        team_db,
        "rex",
        "UPDATE drafts SET state = 'approved', approved_text_version = 1, approvals = %s "
        "WHERE id = %s",
        one,
        draft_id,
    )
    assert "needs 2 approval" in message
    rex, vic = team_db.store("rex"), team_db.store("vic")
    d = rex.drafts.get(draft_id)
    d = rex.drafts.review(draft_id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    assert d.state is State.SUBMITTED
    d = vic.drafts.review(draft_id, Action.APPROVE, actor="vic", expected_version=d.version, now=T0)
    assert d.state is State.APPROVED


def test_recovery_journal_is_private(team_db: TeamDb) -> None:
    team_db.store("ann").recovery.journal("s1", "ann's words", now=T0, user="ann")
    team_db.store("rex").recovery.journal("s2", "rex's words", now=T0, user="rex")
    assert [p.text for p in team_db.store("rex").recovery.pending()] == ["rex's words"]
    assert [p.text for p in team_db.store("ann").recovery.pending()] == ["ann's words"]
    message = refused(
        team_db,
        "rex",
        'INSERT INTO recovery_entries (session_key, draft_key, account, "user", text, saved_at) '
        "VALUES ('x', 0, '', 'ann', 'planted', now())",
    )
    assert "row-level security" in message
    with team_db.raw("rex") as conn:
        deleted = conn.execute("DELETE FROM recovery_entries WHERE \"user\" = 'ann'").rowcount
    assert deleted == 0


def test_legitimate_flow_works_on_team_logins(team_db: TeamDb) -> None:
    ann, rex, pat = team_db.store("ann"), team_db.store("rex"), team_db.store("pat")
    d = ann.drafts.create("@Help", "Hello", author="ann", findings=(), now=T0)
    d = ann.drafts.save_text(d.id, "Hello!", d.version, actor="ann", findings=(), now=T0)
    d = ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    rex.drafts.add_comment(d.id, "Looks fine", actor="rex", now=T0)
    d = rex.drafts.review(
        d.id,
        Action.REQUEST_CHANGES,
        actor="rex",
        expected_version=d.version,
        now=T0,
        comment="Say who we are",
    )
    d = ann.drafts.save_text(d.id, "Hello from Acme!", d.version, actor="ann", findings=(), now=T0)
    d = ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = rex.drafts.review(d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    d = ann.drafts.transition(d.id, Action.QUEUE, actor="ann", expected_version=d.version, now=T0)
    d = pat.drafts.transition(
        d.id, Action.START_PUBLISHING, actor="system", expected_version=d.version, now=T0
    )
    d = pat.drafts.transition(
        d.id,
        Action.MARK_PUBLISHED,
        actor="system",
        expected_version=d.version,
        now=T0,
        post_id="1799",
    )
    assert (d.state, d.post_id) == (State.PUBLISHED, "1799")
    trail = [(e.actor, e.action) for e in ann.audit.list(draft_id=d.id)]
    # The server names the login that ran the publisher: nobody writes as the bare system.
    assert trail[-3:] == [
        ("ann", "queue"),
        ("system (pat)", "start_publishing"),
        ("system (pat)", "mark_published"),
    ]
    # An author may not record publishing.
    assert "record publishing" in refused(
        team_db, "ann", "UPDATE drafts SET post_id = 'fake' WHERE id = %s", d.id
    )


def test_expiry_by_any_member_but_not_early(team_db: TeamDb) -> None:
    ann = team_db.store("ann")
    d = ann.drafts.create("@Help", "Soon", author="ann", findings=(), now=T0)
    d = ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    assert "before its intended time" in refused(
        team_db,
        "rex",
        "UPDATE drafts SET scheduled_at = now() + interval '2 days', state = 'expired' "
        "WHERE id = %s",
        d.id,
    )
    with team_db.raw(OWNER) as conn:
        conn.execute(
            "UPDATE drafts SET scheduled_at = %s WHERE id = %s", (T0.replace(tzinfo=None), d.id)
        )
    (expired,) = team_db.store("vic").drafts.expire_due(now=T0.replace(year=2099))
    assert expired.state is State.EXPIRED


def test_a_member_without_a_user_row_is_refused(team_db: TeamDb) -> None:
    with team_db.raw(OWNER) as conn:
        conn.execute("DROP ROLE IF EXISTS stranger")
        conn.execute(f"CREATE ROLE stranger LOGIN PASSWORD 'stranger-pw' IN ROLE {ROLES.member}")
    kwargs = team_db.cluster.connect_kwargs(team_db.name, user="stranger", password="stranger-pw")
    with psycopg.connect(**kwargs, autocommit=True) as conn, pytest.raises(REFUSED) as info:  # type: ignore[arg-type]
        conn.execute(
            "INSERT INTO audit_events (at, actor, action, account, detail) "
            "VALUES (now(), 'stranger', 'x', '', '')"
        )
    assert "not an active user" in str(info.value)


def test_user_add_creates_the_login(team_db: TeamDb) -> None:
    owner = team_db.store(OWNER)
    record = owner.users.add(
        "newbie", [Role.AUTHOR], ["@Help"], actor=OWNER, now=T0, login=True, password="first-pw"
    )
    assert {(g.role, g.account) for g in record.grants} == {(Role.AUTHOR, "@Help")}
    kwargs = team_db.cluster.connect_kwargs(team_db.name, user="newbie", password="first-pw")
    with psycopg.connect(**kwargs) as conn:  # type: ignore[arg-type]
        row = conn.execute(
            "SELECT pg_has_role('newbie', %s, 'MEMBER'), pg_has_role('newbie', %s, 'MEMBER')",
            (ROLES.author, ROLES.reviewer),
        ).fetchone()
        assert row == (True, False)
    # Again: roles added, password changed; the old one stops working.
    owner.users.add("newbie", [Role.REVIEWER], actor=OWNER, now=T0, login=True, password="2nd-pw")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(**kwargs).close()  # type: ignore[arg-type]
    kwargs["password"] = "2nd-pw"
    with psycopg.connect(**kwargs) as conn:  # type: ignore[arg-type]
        row = conn.execute(
            "SELECT pg_has_role('newbie', %s, 'MEMBER')", (ROLES.reviewer,)
        ).fetchone()
        assert row == (True,)
    with team_db.raw(OWNER) as conn:
        verifier = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'newbie'"
        ).fetchone()
    assert verifier is not None and str(verifier[0]).startswith("SCRAM-SHA-256$")


def test_user_add_needs_createrole(team_db: TeamDb) -> None:
    owner = team_db.store(OWNER)
    owner.users.add("rex", [Role.ADMIN], actor=OWNER, now=T0)  # an app admin, not a DB admin
    rex = team_db.store("rex")
    with pytest.raises((PermissionDeniedError, RefusedByDatabaseError)):
        rex.users.add("mallory", [Role.ADMIN], actor="rex", now=T0, login=True, password="x")
    assert "mallory" not in {u.name for u in owner.users.list()}


def test_members_sync_cannot_change_accounts(team_db: TeamDb) -> None:
    ann = team_db.store("ann")
    accounts = ann.accounts.sync([AccountSpec("@Help", "hijacked")], now=T0)
    assert {a.handle: a.purpose for a in accounts} == {"@Help": "support", "@Alerts": "crisis"}


def test_people_are_seeded_with_logins(team_db: TeamDb) -> None:
    for name in PEOPLE:
        with team_db.raw(name) as conn:
            row = conn.execute("SELECT session_user").fetchone()
            assert row == (name,)
    assert password("ann") != password("rex")


def test_approved_and_sealed_text_never_changes(team_db: TeamDb) -> None:
    draft_id = submitted(team_db)
    with team_db.raw("ann") as conn, pytest.raises(errors.SerializationFailure) as info:
        conn.execute("UPDATE draft_versions SET text = 'sneaky' WHERE draft_id = %s", (draft_id,))
    assert "sealed" in str(info.value)
    rex = team_db.store("rex")
    d = rex.drafts.get(draft_id)
    rex.drafts.review(draft_id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    message = refused(
        team_db,
        "ann",
        "UPDATE drafts SET text = 'sneaky', content_hash = 'x' WHERE id = %s",
        draft_id,
    )
    assert "cannot be edited while it is approved" in message
    # The app's way: editing an approved draft sends it back to review.
    ann = team_db.store("ann")
    d = ann.drafts.get(draft_id)
    d = ann.drafts.save_text(draft_id, "Hello again", d.version, actor="ann", findings=(), now=T0)
    assert d.state is State.SUBMITTED and d.approved_text_version is None


def test_members_cannot_migrate_and_are_told_who_can(team_db: TeamDb) -> None:
    with team_db.raw(OWNER) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0001'")
    with pytest.raises(RefusedByDatabaseError, match="only its owner may run"):
        Store.open(team_db.url("ann"))


def test_the_queue_runs_on_team_logins(team_db: TeamDb) -> None:
    hourly = Schedule(
        timezone="UTC",
        slots=tuple(Slot((0, 1, 2, 3, 4, 5, 6), h, 0, f"{h:02}:00") for h in range(24)),
        min_gap_minutes=30,
    )
    draft_id = submitted(team_db)
    rex, pat = team_db.store("rex"), team_db.store("pat")
    d = rex.drafts.get(draft_id)
    rex.drafts.review(draft_id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    queued = rex.queue.enqueue(draft_id, actor="rex", schedule=hourly, now=T0)
    assert queued.state is State.QUEUED
    rex.queue.set_paused("@Help", paused=True, actor="rex", now=T0)
    rex.queue.set_paused("@Help", paused=False, actor="rex", now=T0)
    # The author may not pause the queue, whatever her client says.
    assert "permission denied" in refused(
        team_db, "ann", "UPDATE accounts SET settings = '{}' WHERE handle = '@Help'"
    )
    claimed = pat.queue.claim(draft_id, actor="system", now=T0.replace(year=2099))
    assert claimed.state is State.PUBLISHING
    done = pat.queue.finish(
        draft_id, state="published", post_ids=["1799"], actor="system", now=T0.replace(year=2099)
    )
    assert done.state is State.PUBLISHED


def test_deactivating_a_person_stops_their_login_and_reactivating_restores_it(
    team_db: TeamDb,
) -> None:
    owner = team_db.store(OWNER)
    owner.users.add(
        "leaver", [Role.AUTHOR], ["@Help"], actor=OWNER, now=T0, login=True, password="leave-pw"
    )
    kwargs = team_db.cluster.connect_kwargs(team_db.name, user="leaver", password="leave-pw")
    psycopg.connect(**kwargs).close()  # type: ignore[arg-type]
    owner.users.set_active("leaver", active=False, actor=OWNER, now=T0, login=True)
    # Not only their writes: they cannot connect to read the team's drafts either.
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        psycopg.connect(**kwargs).close()  # type: ignore[arg-type]
    assert not {u.name: u for u in owner.users.list()}["leaver"].active
    owner.users.set_active("leaver", active=True, actor=OWNER, now=T0, login=True)
    with psycopg.connect(**kwargs) as conn:  # type: ignore[arg-type]
        assert conn.execute("SELECT session_user").fetchone() == ("leaver",)


def test_deactivating_a_login_needs_createrole_and_changes_nothing_without_it(
    team_db: TeamDb,
) -> None:
    owner = team_db.store(OWNER)
    owner.users.add(
        "stayer", [Role.AUTHOR], ["@Help"], actor=OWNER, now=T0, login=True, password="stay-pw"
    )
    owner.users.add("rex", [Role.ADMIN], actor=OWNER, now=T0)  # an app admin, not a DB admin
    rex = team_db.store("rex")
    with pytest.raises((PermissionDeniedError, RefusedByDatabaseError)):
        rex.users.set_active("stayer", active=False, actor="rex", now=T0, login=True)
    # One transaction: the person stays active and the login still connects.
    assert {u.name: u for u in owner.users.list()}["stayer"].active
    kwargs = team_db.cluster.connect_kwargs(team_db.name, user="stayer", password="stay-pw")
    psycopg.connect(**kwargs).close()  # type: ignore[arg-type]
