from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers.team_db import PUBLISHER, TeamDb
from store_seed import T0

from composer.core.errors import ConflictError, TransitionError
from composer.core.inbox import InboxAction, InboxError, Mention, MentionState
from composer.core.workflow import Role
from composer.store.errors import PermissionDeniedError
from composer.store.store import Store

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def mention(x_id: str, minutes_ago: int, text: str = "", conversation: str = "") -> Mention:
    return Mention(
        x_id,
        text or f"@help mention {x_id}",
        author_id="77",
        author_username="kim",
        created_at=NOW - timedelta(minutes=minutes_ago),
        conversation_id=conversation or x_id,
    )


def test_fetched_mentions_are_stored_once_newest_first(store: Store) -> None:
    added = store.inbox.add_fetched(
        "@Help", [mention("101", 5), mention("100", 50)], reads=2, now=NOW
    )
    assert added == 2
    again = store.inbox.add_fetched(
        "@Help", [mention("102", 1, conversation="100"), mention("101", 5)], reads=2, now=NOW
    )
    assert again == 1
    listed = store.inbox.list(account="@Help")
    assert [m.x_id for m in listed] == ["102", "101", "100"]
    assert {m.state for m in listed} == {MentionState.NEW}
    cursor = store.inbox.cursor("@Help")
    assert (cursor.since_id, cursor.month, cursor.reads_used) == ("102", "2026-12", 4)
    assert [m.x_id for m in store.inbox.thread(listed[0])] == ["100", "102"]
    # a new month starts the billed reads afresh
    store.inbox.add_fetched("@Help", [], reads=0, now=datetime(2027, 1, 1, tzinfo=UTC))
    assert store.inbox.cursor("@Help").reads_used == 0
    assert store.inbox.cursor("@Help").since_id == "102"


def test_triage_steps_are_checked_versioned_and_audited(store: Store) -> None:
    store.inbox.add_fetched("@Help", [mention("1", 5, text="Where is my order?")], reads=1, now=NOW)
    (m,) = store.inbox.list()
    assigned = store.inbox.assign(m.id, "ann", actor="ria", now=NOW, version=m.version)
    assert (assigned.state, assigned.assignee) == (MentionState.ASSIGNED, "ann")
    with pytest.raises(ConflictError, match="changed since it was read"):
        store.inbox.act(m.id, InboxAction.NO_REPLY, actor="ann", now=NOW, version=m.version)
    done = store.inbox.act(m.id, InboxAction.NO_REPLY, actor="ann", now=NOW)
    assert done.state is MentionState.NO_REPLY
    with pytest.raises(TransitionError):
        store.inbox.assign(m.id, "ann", actor="ann", now=NOW)
    reopened = store.inbox.act(m.id, InboxAction.REOPEN, actor="ann", now=NOW)
    assert (reopened.state, reopened.assignee) == (MentionState.NEW, None)
    trail = [e.detail for e in store.audit.list(account="@Help") if e.action == "inbox"]
    assert trail == ["mention 1: assigned to ann", "mention 1: no reply", "mention 1: reopen"]
    assert [m.x_id for m in store.inbox.list(search="ORDER")] == ["1"]
    assert store.inbox.list(search="nothing like it") == []
    assert store.inbox.list(states=[MentionState.ANSWERED]) == []


def test_only_people_with_a_role_triage(store: Store) -> None:
    store.users.add("sam", [Role.AUTHOR], ["@Alerts"], actor="boss", now=T0)
    store.inbox.add_fetched("@Help", [mention("1", 5)], reads=1, now=NOW)
    (m,) = store.inbox.list()
    with pytest.raises(InboxError, match="sam has no role on @Help"):
        store.inbox.assign(m.id, "ann", actor="sam", now=NOW)
    with pytest.raises(InboxError, match="sam has no role on @Help"):
        store.inbox.assign(m.id, "sam", actor="ann", now=NOW)


def test_route_hands_the_mention_to_another_inbox_with_a_note(store: Store) -> None:
    store.inbox.add_fetched("@Help", [mention("1", 5)], reads=1, now=NOW)
    (m,) = store.inbox.list()
    store.inbox.assign(m.id, "ann", actor="ann", now=NOW)
    with pytest.raises(InboxError, match="note"):
        store.inbox.route(m.id, "@Alerts", " ", actor="ann", now=NOW)
    routed = store.inbox.route(m.id, "@Alerts", "an outage report", actor="ann", now=NOW)
    assert (routed.account, routed.state, routed.assignee) == ("@Alerts", MentionState.NEW, None)
    assert (routed.routed_from, routed.note) == ("@Help", "an outage report")
    assert store.inbox.list(account="@Help") == []
    # fetching @Help again does not bring it back
    assert store.inbox.add_fetched("@Help", [mention("1", 5)], reads=1, now=NOW) == 0
    for account in ("@Help", "@Alerts"):
        events = [e for e in store.audit.list(account=account) if e.action == "inbox_route"]
        assert [e.detail for e in events] == [
            "mention 1 routed from @Help to @Alerts: an outage report"
        ]


def test_a_published_reply_answers_the_mention(store: Store) -> None:
    store.inbox.add_fetched("@Help", [mention("1", 30)], reads=1, now=NOW)
    (m,) = store.inbox.list()
    draft = store.drafts.create("@Help", "Sorry! We are on it.", author="ann", findings=(), now=NOW)
    store.queue.set_reply_to(draft.id, "1", actor="ann", now=NOW)
    store.inbox.link_reply(m.id, draft.id, actor="ann", now=NOW)
    linked = store.inbox.get(m.id)
    assert (linked.state, linked.assignee, linked.reply_draft_id) == (
        MentionState.ASSIGNED,
        "ann",
        draft.id,
    )
    assert store.inbox.sync_answers(now=NOW, actor="ann") == 0  # not published yet
    _publish(store, draft.id, NOW + timedelta(minutes=12))
    assert store.inbox.sync_answers(now=NOW, actor="ann") == 1
    answered = store.inbox.get(m.id)
    assert answered.state is MentionState.ANSWERED
    assert answered.answered_by == "ann"
    (response,) = store.inbox.responses()
    assert response.replied_at - response.mentioned_at == timedelta(minutes=42)


def _publish(store: Store, draft_id: int, at: datetime) -> None:
    """Mark a draft published as the publisher would (direct, for the store's own test)."""
    from sqlalchemy import update

    from composer.store.models import Draft

    with store.db.write() as session:
        session.execute(
            update(Draft)
            .where(Draft.id == draft_id)
            .values(state="published", published_at=at, post_id="900")
        )


# -- team mode (PostgreSQL, each person with their own login) --------------------------------


def test_team_fetch_by_the_publisher_triage_by_members(team_db: TeamDb) -> None:
    with pytest.raises(PermissionDeniedError, match="permission denied for table"):
        team_db.store("ann").inbox.add_fetched("@Help", [mention("1", 5)], reads=1, now=NOW)
    publisher = team_db.store(PUBLISHER)
    publisher.inbox.add_fetched("@Help", [mention("1", 5), mention("2", 4)], reads=2, now=NOW)
    assert publisher.inbox.cursor("@Help").reads_used == 2
    ann, vic = team_db.store("ann"), team_db.store("vic")
    assert [m.x_id for m in vic.inbox.list()] == ["2", "1"]  # every member sees the inbox
    first, second = ann.inbox.list(account="@Help")
    assert ann.inbox.assign(first.id, "ann", actor="ann", now=NOW).assignee == "ann"
    assert vic.inbox.act(second.id, InboxAction.NO_REPLY, actor="vic", now=NOW).state == (
        MentionState.NO_REPLY
    )
    routed = ann.inbox.route(first.id, "@Alerts", "crisis team", actor="ann", now=NOW)
    assert routed.account == "@Alerts"

    publisher.inbox.add_fetched("@Help", [mention("3", 2)], reads=1, now=NOW)
    (third,) = ann.inbox.list(account="@Help", states=[MentionState.NEW])
    draft = ann.drafts.create("@Help", "On it!", author="ann", findings=(), now=NOW)
    ann.queue.set_reply_to(draft.id, "3", actor="ann", now=NOW)
    ann.inbox.link_reply(third.id, draft.id, actor="ann", now=NOW)
    linked = vic.inbox.get(third.id)
    assert (linked.state, linked.assignee, linked.reply_draft_id) == (
        MentionState.ASSIGNED,
        "ann",
        draft.id,
    )
    assert vic.inbox.sync_answers(now=NOW, actor="vic") == 0  # not published yet
    _publish(team_db.store(), draft.id, NOW + timedelta(minutes=5))
    # the publisher login has no role on @Help, yet records that a published reply answered it
    assert publisher.inbox.sync_answers(now=NOW, actor=PUBLISHER) == 1
    assert vic.inbox.get(third.id).state is MentionState.ANSWERED
    with team_db.raw("pat") as conn, pytest.raises(Exception, match="no role on the account"):
        conn.execute(
            f"UPDATE mentions SET state = 'new', version = version + 1 WHERE id = {third.id}"
        )


def test_team_guard_refuses_what_the_app_would_not_do(team_db: TeamDb) -> None:
    team_db.store(PUBLISHER).inbox.add_fetched("@Help", [mention("1", 5)], reads=1, now=NOW)
    (m,) = team_db.store().inbox.list()
    with team_db.raw("ann") as conn:
        with pytest.raises(Exception, match="never changes"):
            conn.execute("UPDATE mentions SET text = 'forged', version = version + 1")
        with pytest.raises(Exception, match="assigned to someone with a role"):
            conn.execute(
                "UPDATE mentions SET state = 'assigned', version = version + 1, "
                "assignee_id = (SELECT id FROM users WHERE name = 'pat')"
            )
        with pytest.raises(Exception, match="permission denied for table inbox_cursors"):
            conn.execute("UPDATE inbox_cursors SET reads_used = 0")
    with team_db.raw("pat") as conn, pytest.raises(Exception, match="no role on the account"):
        conn.execute(
            f"UPDATE mentions SET state = 'no_reply', version = version + 1 WHERE id = {m.id}"
        )
