"""Team mode: the server lets an author move, withdraw, delete and restore their drafts."""

from __future__ import annotations

import pytest
from helpers.team_db import T0, TeamDb
from psycopg import errors

from composer.core.workflow import Action, State


def test_author_moves_withdraws_deletes_and_restores_on_their_own_login(team_db: TeamDb) -> None:
    ann = team_db.store("ann")
    d = ann.drafts.create("@Help", "Trail report", author="ann", findings=(), now=T0)
    d = ann.drafts.move(
        d.id, "@Alerts", actor="ann", expected_version=d.version, findings=(), now=T0
    )
    assert team_db.store("rex").drafts.get(d.id).account == "@Alerts"
    d = ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = ann.drafts.transition(d.id, Action.RECALL, actor="ann", expected_version=d.version, now=T0)
    assert d.state is State.DRAFT
    fresh = ann.drafts.create("@Help", "Never sent", author="ann", findings=(), now=T0)
    gone = ann.drafts.transition(
        fresh.id, Action.DELETE, actor="ann", expected_version=fresh.version, now=T0
    )
    back = ann.drafts.transition(
        fresh.id, Action.RESTORE, actor="ann", expected_version=gone.version, now=T0
    )
    assert back.state is State.DRAFT


def test_server_refuses_a_move_by_somebody_else_or_in_review(team_db: TeamDb) -> None:
    ann = team_db.store("ann")
    d = ann.drafts.create("@Help", "Trail report", author="ann", findings=(), now=T0)
    with (
        team_db.raw("ria") as conn,
        pytest.raises(errors.InsufficientPrivilege, match="may not move draft"),
    ):
        conn.execute(
            "UPDATE drafts SET account_id = (SELECT id FROM accounts WHERE handle = '@Alerts') "
            "WHERE id = %s",
            (d.id,),
        )
    d = ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    with (
        team_db.raw("ann") as conn,
        pytest.raises(errors.InsufficientPrivilege, match="may not move draft"),
    ):
        conn.execute(
            "UPDATE drafts SET account_id = (SELECT id FROM accounts WHERE handle = '@Alerts') "
            "WHERE id = %s",
            (d.id,),
        )
    assert team_db.store("rex").drafts.get(d.id).account == "@Help"
