"""Team mode (PostgreSQL): the publisher login fetches mentions; members see and triage them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from helpers.fake_x_api import FakeClock, FakeXApi, running_fake_x_api
from helpers.team_db import PUBLISHER, TeamDb, team_database

from composer.core.inbox import InboxError, MentionState
from composer.services.mentions import fetch_account
from composer.services.publisher import Publisher
from composer.services.secrets import XCredentials

CREDS = XCredentials("ck-1", "cs-SECRET-2", "at-3", "ats-SECRET-4")
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def team() -> Iterator[TeamDb]:
    with team_database() as made:
        yield made


@pytest.fixture
def api() -> Iterator[tuple[FakeXApi, FakeClock]]:
    clock = FakeClock(now=T0.timestamp())
    creds = (
        CREDS.consumer_key,
        CREDS.consumer_secret,
        CREDS.access_token,
        CREDS.access_token_secret,
    )
    with running_fake_x_api(creds, clock.time) as server:
        yield server, clock


def test_the_publisher_fetches_and_a_member_may_not(
    team: TeamDb, api: tuple[FakeXApi, FakeClock]
) -> None:
    server, clock = api
    server.mentions.add("@help my order?", username="kim")
    publisher = Publisher(server.url, CREDS, timeout=2, sleep=clock.sleep, clock=clock.time)
    with pytest.raises(InboxError, match="only an admin of @Help"):
        fetch_account(team.store("ann"), "@Help", publisher, actor="ann", now=T0)
    assert server.mentions.requests == []  # refused before any billed read
    report = fetch_account(team.store(PUBLISHER), "@Help", publisher, actor=PUBLISHER, now=T0)
    assert (report.state, report.added) == ("fetched", 1)
    (mention,) = team.store("ria").inbox.list(account="@Help")
    assert mention.state is MentionState.NEW
    assigned = team.store("ria").inbox.assign(mention.id, "ria", actor="ria", now=T0)
    assert assigned.assignee == "ria"
