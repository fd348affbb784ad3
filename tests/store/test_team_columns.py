"""Team mode: once a draft is approved, no login changes what goes out outside the workflow.

The sweep is generic: it reads the ``drafts`` columns from the server's catalogue (so a column
added later is swept too), and tries to change each one alone, as one person, with raw SQL
over that person's own login. Every try must be refused and leave the row exactly as it was.
"""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg
import pytest
from helpers.team_db import OWNER, T0, TeamDb
from psycopg import errors

from composer.core.approval import approval_hash
from composer.core.guide.model import Schedule, Slot
from composer.core.workflow import Action, State
from composer.store.team_draft_columns import (
    ACTION_COLUMNS,
    check_columns,
    column_rules,
)
from composer.store.team_policy import TeamSetupError

HOURLY = Schedule(
    timezone="UTC",
    slots=tuple(Slot((0, 1, 2, 3, 4, 5, 6), h, 0, f"{h:02}:00") for h in range(24)),
    min_gap_minutes=30,
)
THREAD = "Hello from Acme\n---\nWe are here to help"


def approved_draft(team: TeamDb, *, queued: bool = False) -> int:
    ann, rex = team.store("ann"), team.store("rex")
    d = ann.drafts.create("@Help", THREAD, author="ann", findings=(), now=T0)
    d = ann.queue.set_reply_to(d.id, "1799000000000000001", actor="ann", now=T0)
    d = ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = rex.drafts.review(d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    assert d.state is State.APPROVED
    if queued:
        d = rex.queue.enqueue(d.id, actor="rex", schedule=HOURLY, now=T0)
        assert d.state is State.QUEUED
    return d.id


def row_of(team: TeamDb, draft_id: int) -> dict[str, object]:
    with team.raw(OWNER) as conn:
        found = conn.execute(
            "SELECT to_jsonb(d) FROM drafts d WHERE d.id = %s", (draft_id,)
        ).fetchone()
    assert found is not None
    value = found[0]
    assert isinstance(value, dict)
    return value


def columns(team: TeamDb) -> list[tuple[str, str, int | None]]:
    """``(name, data type, max length)`` of every ``drafts`` column, as the server has it."""
    with team.raw(OWNER) as conn:
        return [
            (str(name), str(kind), length)
            for name, kind, length in conn.execute(
                "SELECT column_name, data_type, character_maximum_length "
                "FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = 'drafts' "
                "ORDER BY ordinal_position"
            )
        ]


def other_value(team: TeamDb, name: str, kind: str, length: int | None) -> str:
    """An SQL expression giving column ``name`` a value it does not have now (and can take)."""
    if name == "account_id":
        return "(SELECT id FROM accounts WHERE handle = '@Alerts')"
    if name in {"author_id"}:
        return "(SELECT id FROM users WHERE name = 'rex')"
    if kind in {"integer", "bigint", "smallint"}:
        return f"COALESCE({name}, 0) + 1"
    if kind == "boolean":
        return f"NOT COALESCE({name}, false)"
    if kind.startswith("timestamp"):
        return f"COALESCE({name} + interval '1 day', now())"
    if kind in {"json", "jsonb"}:
        return (
            f"CASE WHEN {name}::jsonb = '[\"other text\"]'::jsonb THEN '[]'::{kind} "
            f"ELSE '[\"other text\"]'::{kind} END"
        )
    if kind == "text":
        return f"COALESCE({name}, '') || ' changed'"
    if kind.startswith("character"):
        short = "Z" if (length or 2) < 2 else "ZZ"
        return f"CASE WHEN {name} = '{short}' THEN 'Y' ELSE '{short}' END"
    raise AssertionError(f"the sweep does not know how to change a {kind} column ({name})")


def sweep(team: TeamDb, user: str, draft_id: int) -> dict[str, str]:
    """Try to change every column alone as ``user``; the server's message for each."""
    messages: dict[str, str] = {}
    for name, kind, length in columns(team):
        before = row_of(team, draft_id)
        statement = (
            f'UPDATE drafts SET "{name}" = {other_value(team, name, kind, length)} WHERE id = %s'
        )
        with team.raw(user) as conn, pytest.raises(psycopg.Error) as refused:
            conn.execute(statement, (draft_id,))
        assert isinstance(
            refused.value, errors.InsufficientPrivilege | errors.SerializationFailure
        ), f"{user} changing {name}: {refused.value!r}"
        assert row_of(team, draft_id) == before, f"{user} changed {name}"
        messages[name] = str(refused.value)
    return messages


@pytest.mark.parametrize("queued", [False, True], ids=["approved", "queued"])
def test_the_author_changes_no_column_of_an_approved_draft(team_db: TeamDb, queued: bool) -> None:
    draft_id = approved_draft(team_db, queued=queued)
    messages = sweep(team_db, "ann", draft_id)
    # Every column was tried, the ones the red team used among them.
    for name in ("thread_parts", "in_reply_to", "scheduled_at", "pinned", "tags", "variant"):
        assert name in messages
    assert "ann may not change thread_parts" in messages["thread_parts"] or (
        "cut from its text" in messages["thread_parts"]
    )
    assert "ann may not change in_reply_to of draft" in messages["in_reply_to"]
    assert "ann may not change scheduled_at" in messages["scheduled_at"]


def test_the_publisher_changes_no_column_of_a_queued_draft(team_db: TeamDb) -> None:
    draft_id = approved_draft(team_db, queued=True)
    messages = sweep(team_db, "pat", draft_id)
    assert "pat may not change in_reply_to" in messages["in_reply_to"]


def test_a_reviewer_changes_nothing_that_is_sent(team_db: TeamDb) -> None:
    draft_id = approved_draft(team_db, queued=True)
    for statement in (
        "UPDATE drafts SET thread_parts = '[\"other text\"]' WHERE id = %s",
        "UPDATE drafts SET in_reply_to = '42' WHERE id = %s",
        "UPDATE drafts SET approved_hash = 'v1:0' WHERE id = %s",
        "UPDATE drafts SET text = 'other', content_hash = 'x' WHERE id = %s",
    ):
        before = row_of(team_db, draft_id)
        with team_db.raw("rex") as conn, pytest.raises(errors.InsufficientPrivilege):
            conn.execute(statement, (draft_id,))
        assert row_of(team_db, draft_id) == before
    # What a queue manager may do still works: move it in the queue.
    with team_db.raw("rex") as conn:
        conn.execute(
            "UPDATE drafts SET scheduled_at = scheduled_at + interval '1 hour', "
            "version = version + 1 WHERE id = %s",
            (draft_id,),
        )


def test_the_workflow_still_works_after_approval(team_db: TeamDb) -> None:
    draft_id = approved_draft(team_db)
    ann = team_db.store("ann")
    record = ann.drafts.get(draft_id)
    assert record.approved_hash == approval_hash(THREAD, "1799000000000000001")
    assert record.thread_parts == ("Hello from Acme", "We are here to help")
    # The author edits: back to review, the approval and its hash dropped.
    edited = ann.drafts.save_text(
        draft_id, THREAD + "!", record.version, actor="ann", findings=(), now=T0
    )
    assert edited.state is State.SUBMITTED
    assert edited.approved_hash is None
    # ... or withdraws.
    withdrawn = ann.drafts.transition(
        draft_id, Action.WITHDRAW, actor="ann", expected_version=edited.version, now=T0
    )
    assert withdrawn.state is State.WITHDRAWN


def test_the_publisher_claims_and_records(team_db: TeamDb) -> None:
    draft_id = approved_draft(team_db, queued=True)
    pat = team_db.store("pat")
    later = T0 + timedelta(days=400)
    claimed = pat.queue.claim(draft_id, actor="system", now=later)
    assert claimed.state is State.PUBLISHING
    done = pat.queue.finish(
        draft_id, state="published", post_ids=["1", "2"], actor="system", now=later
    )
    assert done.state is State.PUBLISHED


def test_a_new_draft_starts_empty(team_db: TeamDb) -> None:
    for column, value in (
        ("thread_parts", '["other text"]'),
        ("post_ids", '["1"]'),
        ("approved_hash", "v1:0"),
        ("in_reply_to", "42"),
    ):
        with team_db.raw("ann") as conn, pytest.raises(errors.InsufficientPrivilege) as info:
            conn.execute(
                "INSERT INTO drafts (account_id, author_id, state, version, text, "
                "text_version, content_hash, has_errors, step, approvals, warning_reason, "
                f"state_changed_at, created_at, updated_at, {column}) "
                "SELECT a.id, u.id, 'draft', 1, 'x', 1, 'h', false, 0, '[]', '', now(), now(), "
                "now(), %s FROM accounts a, users u WHERE a.handle = '@Help' AND u.name = 'ann'",
                (value,),
            )
        assert column in str(info.value)


def test_every_action_has_its_columns() -> None:
    check_columns()
    assert set(ACTION_COLUMNS) >= {Action.APPROVE, Action.EDIT, Action.QUEUE}
    # No rule lets an approved or queued draft keep its state while its content changes.
    content = {"text", "thread_parts", "in_reply_to", "approved_hash"}
    for rule in column_rules():
        if rule.source == rule.target and rule.source in {"approved", "queued", "publishing"}:
            assert not rule.columns & content, rule
    assert json.dumps(sorted(ACTION_COLUMNS[Action.APPROVE]))  # plain strings


def test_an_action_without_columns_is_refused() -> None:
    class Shiny:
        value = "shiny"

    with pytest.raises(TeamSetupError, match="shiny"):
        check_columns([Shiny()])  # type: ignore[list-item]


def test_the_author_takes_her_post_out_of_the_queue(team_db: TeamDb) -> None:
    first = approved_draft(team_db, queued=True)
    rex = team_db.store("rex")
    d = team_db.store("ann").drafts.create(
        "@Help", "A second post", author="ann", findings=(), now=T0
    )
    d = team_db.store("ann").drafts.submit(
        d.id, actor="ann", expected_version=d.version, findings=(), now=T0
    )
    d = rex.drafts.review(d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    second = rex.queue.enqueue(d.id, actor="rex", schedule=HOURLY, now=T0)
    # The author's own post leaves the queue; the post after it (hers too) keeps its time,
    # since only those who run the queue move posts.
    out = team_db.store("ann").queue.unqueue(first, actor="ann", schedule=HOURLY, now=T0)
    assert out.state is State.APPROVED
    assert rex.drafts.get(second.id).scheduled_at == second.scheduled_at
