"""Team mode: the server lets a submission skip review only on an account with no steps."""

from __future__ import annotations

import pytest
from helpers.team_db import ACCOUNTS, OWNER, T0, TeamDb
from psycopg import errors

from composer.core.workflow import ApprovalPolicy, State
from composer.store.records import AccountSpec


def no_review_for_help(team_db: TeamDb) -> None:
    specs = [
        AccountSpec(
            s.handle, s.purpose, ApprovalPolicy(steps=()) if s.handle == "@Help" else s.policy
        )
        for s in ACCOUNTS
    ]
    team_db.store().accounts.sync(specs, now=T0, actor=OWNER)


def test_an_author_submits_to_an_account_with_no_review(team_db: TeamDb) -> None:
    no_review_for_help(team_db)
    ann = team_db.store("ann")
    assert ann.accounts.policy("@Help").steps == ()
    d = ann.drafts.create("@Help", "Trail report", author="ann", findings=(), now=T0)
    d = ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    assert d.state is State.APPROVED
    assert d.approved_text_version == d.text_version


def test_the_server_refuses_skipping_review_elsewhere(team_db: TeamDb) -> None:
    no_review_for_help(team_db)
    ann = team_db.store("ann")
    d = ann.drafts.create("@Alerts", "Trail closed", author="ann", findings=(), now=T0)
    with (
        team_db.raw("ann") as conn,
        pytest.raises(errors.InsufficientPrivilege, match="needs review: its account has 2"),
    ):
        conn.execute(
            "UPDATE drafts SET state = 'approved', approved_text_version = text_version, "
            "submitted_at = now() WHERE id = %s",
            (d.id,),
        )
    assert ann.drafts.get(d.id).state is State.DRAFT


def test_only_an_admin_turns_review_off_on_the_server(team_db: TeamDb) -> None:
    with (
        team_db.raw("rex") as conn,
        pytest.raises(errors.InsufficientPrivilege, match="approval policy come from the guide"),
    ):
        conn.execute(
            "UPDATE accounts SET settings = jsonb_set(settings::jsonb, '{policy,steps}', "
            "'[]'::jsonb)::json WHERE handle = '@Help'"
        )
