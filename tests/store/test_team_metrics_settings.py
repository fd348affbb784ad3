"""Team mode: the results settings in the workspace settings (issue 18), as the server allows.

``metrics fetch`` (cron, on the publisher's login or an admin's) records when X's rate limit
lets an account's results be read again (``metrics_retry_at:@Handle``); ``metrics cadence``
sets how often results are read (``metrics_every_minutes``, every read is billed). The
publisher and the account's admins record the wait; only an admin of every account sets
the cadence; authors and reviewers do neither (the crisis pause stays the reviewers' and
admins' of every account). Each refusal is proven over the person's own login, with the
store's code and with raw SQL.
"""

from __future__ import annotations

import json
from datetime import timedelta

import psycopg
import pytest
from helpers.team_db import OWNER, PUBLISHER, T0, TeamDb, password
from psycopg import errors

from composer.core.workflow import Role
from composer.store.errors import PermissionDeniedError, RefusedByDatabaseError
from composer.store.metrics import CADENCE_KEY, RETRY_KEY
from composer.store.queue import PAUSE_ALL_KEY

LATER = T0 + timedelta(minutes=15)
#: A login of this module's own: an admin of @Help only.
HELP_ADMIN = "metrics-ada"


def _help_admin(team: TeamDb) -> str:
    team.store(OWNER).users.add(
        HELP_ADMIN,
        [Role.ADMIN],
        ["@Help"],
        actor=OWNER,
        now=T0,
        login=True,
        password=password(HELP_ADMIN),
    )
    return HELP_ADMIN


def _upsert(conn: psycopg.Connection[tuple[object, ...]], key: str, value: object) -> None:
    conn.execute(
        "INSERT INTO workspace_settings (key, value, updated_at, updated_by) "
        "VALUES (%s, %s::json, now(), current_user) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


def test_the_publisher_records_and_clears_xs_wait(team_db: TeamDb) -> None:
    pat = team_db.store(PUBLISHER)
    pat.metrics.set_retry_at("@Help", LATER, actor=PUBLISHER, now=T0)
    assert pat.metrics.retry_at("@Help") == LATER
    pat.metrics.set_retry_at("@Help", None, actor=PUBLISHER, now=LATER)
    assert pat.metrics.retry_at("@Help") is None
    pat.metrics.set_retry_at("@Alerts", LATER, actor=PUBLISHER, now=T0)
    assert team_db.store("ann").metrics.retry_at("@Alerts") == LATER  # everyone reads it


def test_an_admin_records_the_wait_of_their_own_accounts_only(team_db: TeamDb) -> None:
    ada = team_db.store(_help_admin(team_db))
    ada.metrics.set_retry_at("@Help", LATER, actor=HELP_ADMIN, now=T0)
    assert ada.metrics.retry_at("@Help") == LATER
    with pytest.raises((PermissionDeniedError, RefusedByDatabaseError), match="@Alerts"):
        ada.metrics.set_retry_at("@Alerts", LATER, actor=HELP_ADMIN, now=T0)
    assert ada.metrics.retry_at("@Alerts") is None
    owner = team_db.store(OWNER)
    owner.users.add("rex", [Role.ADMIN], actor=OWNER, now=T0)  # rex: admin of every account
    team_db.store("rex").metrics.set_retry_at("@Alerts", LATER, actor="rex", now=T0)
    assert owner.metrics.retry_at("@Alerts") == LATER


@pytest.mark.parametrize("member", ["ann", "ria", "rex"])
def test_authors_and_reviewers_do_not_record_the_wait(team_db: TeamDb, member: str) -> None:
    store = team_db.store(member)
    with pytest.raises((PermissionDeniedError, RefusedByDatabaseError)):
        store.metrics.set_retry_at("@Help", LATER, actor=member, now=T0)
    with team_db.raw(member) as conn, pytest.raises(errors.InsufficientPrivilege):
        _upsert(conn, f"{RETRY_KEY}:@Help", LATER.isoformat())
    assert team_db.store(OWNER).metrics.retry_at("@Help") is None


def test_only_an_admin_of_every_account_sets_the_cadence(team_db: TeamDb) -> None:
    owner = team_db.store(OWNER)
    for member in ("ann", "rex", PUBLISHER, _help_admin(team_db)):
        store = team_db.store(member)
        with pytest.raises(PermissionDeniedError, match="admin of every account"):
            store.metrics.set_cadence(15, actor=member, now=T0)
    for member in ("ann", "rex", PUBLISHER):
        with team_db.raw(member) as conn, pytest.raises(errors.InsufficientPrivilege):
            _upsert(conn, CADENCE_KEY, 15)
    with (
        team_db.raw(HELP_ADMIN) as conn,
        pytest.raises(errors.InsufficientPrivilege, match="admin of every account"),
    ):
        _upsert(conn, CADENCE_KEY, 15)
    assert owner.metrics.cadence() is None
    owner.users.add("vic", [Role.ADMIN], actor=OWNER, now=T0)  # vic: admin of every account
    team_db.store("vic").metrics.set_cadence(240, actor="vic", now=T0)
    assert team_db.store(PUBLISHER).metrics.cadence() == timedelta(minutes=240)
    events = [e for e in owner.audit.list() if e.action == "metrics_cadence"]
    assert [(e.actor, e.detail) for e in events] == [
        ("vic", "results read from X every 240 minutes")
    ]


def test_the_other_workspace_settings_keep_their_rule(team_db: TeamDb) -> None:
    """The crisis pause: reviewers and admins of every account, not the publisher alone."""
    with team_db.raw("rex") as conn:
        _upsert(conn, PAUSE_ALL_KEY, False)
    for member in ("ann", PUBLISHER):
        with team_db.raw(member) as conn, pytest.raises(errors.InsufficientPrivilege):
            _upsert(conn, PAUSE_ALL_KEY, True)
    # A setting keeps its name: the publisher cannot turn its wait into another setting.
    with team_db.raw(PUBLISHER) as conn:
        _upsert(conn, f"{RETRY_KEY}:@Help", LATER.isoformat())
        with pytest.raises(errors.InsufficientPrivilege, match="keeps its name"):
            conn.execute(
                "UPDATE workspace_settings SET key = %s WHERE key = %s",
                (PAUSE_ALL_KEY + "x", f"{RETRY_KEY}:@Help"),
            )
