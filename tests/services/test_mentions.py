"""Reading mentions from the fake X into the inbox: paging, since_id, rate limit, budget."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.fake_x_api import FakeClock, FakeXApi
from helpers.x_publisher import fake_x_for

from composer.core.inbox import InboxError, MentionState
from composer.core.workflow import ApprovalPolicy, Role
from composer.services.mentions import fetch_account
from composer.services.publisher import Publisher, XApiError
from composer.services.secrets import XCredentials
from composer.store.inbox import BUDGET_KEY, CADENCE_KEY
from composer.store.records import AccountSpec
from composer.store.store import Store

CREDS = XCredentials("ck-1", "cs-SECRET-2", "at-3", "ats-SECRET-4")
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(now=T0.timestamp())


@pytest.fixture
def api(clock: FakeClock) -> Iterator[FakeXApi]:
    with fake_x_for(CREDS, clock.time) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    opened.accounts.sync([AccountSpec("@Help", "support", ApprovalPolicy())], now=T0)
    opened.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
    opened.users.add("ann", [Role.AUTHOR], actor="boss", now=T0)
    yield opened
    opened.close()


def publisher(api: FakeXApi, clock: FakeClock) -> Publisher:
    return Publisher(api.url, CREDS, timeout=2, sleep=clock.sleep, clock=clock.time)


def now(clock: FakeClock) -> datetime:
    return datetime.fromtimestamp(clock.now, UTC)


def test_pages_are_read_and_the_next_fetch_asks_only_for_new_ones(
    api: FakeXApi, clock: FakeClock, store: Store
) -> None:
    first = api.mentions.add("@brandco is the shop open?", username="kim")
    for i in range(11):
        clock.now += 60
        api.mentions.add(f"@brandco thanks {i}", conversation_id=first.id, username="lee")
    store.accounts.set_setting("@Help", CADENCE_KEY, 10, actor="boss", now=T0)
    report = fetch_account(
        store, "@Help", publisher(api, clock), actor="boss", now=now(clock), max_pages=10
    )
    assert (report.state, report.added, report.reads) == ("fetched", 12, 12)
    listed = store.inbox.list(account="@Help")
    assert [m.text for m in listed][-1] == "@brandco is the shop open?"
    assert listed[-1].author_username == "kim"
    assert listed[0].conversation_id == first.id
    assert listed[0].mentioned_at > listed[-1].mentioned_at
    queries = api.mentions.requests
    assert len(queries) == 1  # 12 fit on one page of 100
    assert queries[0]["tweet.fields"] == (
        "created_at,conversation_id,in_reply_to_user_id,author_id,note_tweet"
    )
    assert queries[0]["expansions"] == "author_id"
    # not due again before the cadence
    report = fetch_account(store, "@Help", publisher(api, clock), actor="boss", now=now(clock))
    assert report.state == "not_due"
    assert len(api.mentions.requests) == 1
    clock.now += 601
    newest = api.mentions.add("@brandco one more")
    report = fetch_account(store, "@Help", publisher(api, clock), actor="boss", now=now(clock))
    assert (report.added, report.reads) == (1, 1)
    assert api.mentions.requests[-1]["since_id"] == listed[0].x_id
    assert store.inbox.cursor("@Help").since_id == newest.id


def test_a_small_budget_pages_and_stops_when_reached(
    api: FakeXApi, clock: FakeClock, store: Store
) -> None:
    for i in range(14):
        clock.now += 1
        api.mentions.add(f"@brandco hello {i}")
    store.accounts.set_setting("@Help", BUDGET_KEY, 12, actor="boss", now=T0)
    report = fetch_account(store, "@Help", publisher(api, clock), actor="boss", now=now(clock))
    assert report.state == "budget_reached"
    assert report.reads == 12
    assert "monthly read budget is used up" in report.message
    assert [q["max_results"] for q in api.mentions.requests] == ["12"]
    assert store.inbox.cursor("@Help").since_id is None  # cut short: read again later
    assert store.inbox.cursor("@Help").reads_used == 12


def test_paging_with_the_token(api: FakeXApi, clock: FakeClock, store: Store) -> None:
    for i in range(7):
        clock.now += 1
        api.mentions.add(f"@brandco hi {i}")
    store.accounts.set_setting("@Help", BUDGET_KEY, 7, actor="boss", now=T0)
    # 7 reads left: a page of 7, then the budget is spent
    fetch_account(store, "@Help", publisher(api, clock), actor="boss", now=now(clock))
    store.accounts.set_setting("@Help", BUDGET_KEY, 1000, actor="boss", now=T0)
    for i in range(150):
        clock.now += 1
        api.mentions.add(f"@brandco bulk {i}")
    report = fetch_account(
        store, "@Help", publisher(api, clock), actor="boss", now=now(clock), force=True
    )
    assert report.added == 150
    assert [q.get("pagination_token") for q in api.mentions.requests[1:]] == [None, "100"]
    assert len(store.inbox.list()) == 157


def test_rate_limit_is_honoured_until_its_reset(
    api: FakeXApi, clock: FakeClock, store: Store
) -> None:
    api.mentions.add("@brandco hey")
    api.mentions.add_429(wait=300)
    report = fetch_account(store, "@Help", publisher(api, clock), actor="boss", now=now(clock))
    assert report.state == "rate_limited"
    assert report.retry_at == now(clock) + timedelta(seconds=300)
    clock.now += 120
    report = fetch_account(
        store, "@Help", publisher(api, clock), actor="boss", now=now(clock), force=True
    )
    assert report.state == "rate_limited"
    assert len(api.mentions.requests) == 1  # nothing asked of X before the reset
    clock.now += 181
    report = fetch_account(
        store, "@Help", publisher(api, clock), actor="boss", now=now(clock), force=True
    )
    assert (report.state, report.added) == ("fetched", 1)


def test_the_window_limit_answers_429(api: FakeXApi, clock: FakeClock, store: Store) -> None:
    api.mentions.limit = 1
    api.mentions.add("@brandco one")
    assert fetch_account(
        store, "@Help", publisher(api, clock), actor="boss", now=now(clock)
    ).state == ("fetched")
    clock.now += 10
    report = fetch_account(
        store, "@Help", publisher(api, clock), actor="boss", now=now(clock), force=True
    )
    assert report.state == "rate_limited"
    assert report.retry_at == datetime.fromtimestamp(T0.timestamp() + 900, UTC)


def test_only_admins_fetch_and_errors_are_sentences(
    api: FakeXApi, clock: FakeClock, store: Store
) -> None:
    with pytest.raises(InboxError, match="only an admin of @Help"):
        fetch_account(store, "@Help", publisher(api, clock), actor="ann", now=now(clock))
    assert fetch_account(store, "@Help", None, actor="boss", now=now(clock)).state == (
        "no_credentials"
    )
    api.reads_forbidden = True
    with pytest.raises(XApiError, match="403") as caught:
        fetch_account(store, "@Help", publisher(api, clock), actor="boss", now=now(clock))
    assert "SECRET" not in str(caught.value)
    assert store.inbox.list(states=[MentionState.NEW]) == []
