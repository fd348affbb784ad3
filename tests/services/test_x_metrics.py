"""Reading published posts' public metrics from the fake X (issue 18, item 1): batches of at
most 100 ids, readings kept with their time, the cadence, and X's rate limit honoured."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.fake_x_api import FakeXApi
from helpers.publishing_store import publishing_store
from helpers.x_publisher import fake_x_for
from sqlalchemy import insert, select

from composer.core.ab_test import PublicMetrics
from composer.core.workflow import ApprovalPolicy, State
from composer.services.publisher import Publisher
from composer.services.secrets import InsecureKeyringError, XCredentials
from composer.services.x_metrics import fetch_account, fetch_all
from composer.store.models import Account, Draft, User
from composer.store.records import AccountSpec, content_hash
from composer.store.store import Store

CREDS = XCredentials(
    consumer_key="ck-metrics-1111",
    consumer_secret="cs-metrics-2222",
    access_token="at-metrics-3333",
    access_token_secret="ats-metrics-4444",
)
HELP, DEALS = "@Help", "@Deals"


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    with fake_x_for(CREDS) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    accounts = [AccountSpec(h, h, ApprovalPolicy()) for h in (HELP, DEALS)]
    with publishing_store(tmp_path / "composer.sqlite3", accounts, reviewing=False) as opened:
        yield opened


def published(
    store: Store, account: str, post_ids: list[tuple[str, ...]], *, when: datetime
) -> list[int]:
    """Published drafts with these X post ids (a tuple of several: a thread)."""
    with store.engine.begin() as connection:
        account_id = connection.scalar(select(Account.id).where(Account.handle == account))
        boss = connection.scalar(select(User.id).where(User.name == "boss"))
        rows = [
            {
                "account_id": account_id,
                "author_id": boss,
                "state": State.PUBLISHED.value,
                "text": f"post {ids[0]}",
                "content_hash": content_hash(f"post {ids[0]}"),
                "state_changed_at": when,
                "created_at": when,
                "updated_at": when,
                "published_at": when,
                "post_id": ids[0],
                "post_ids": list(ids),
            }
            for ids in post_ids
        ]
        connection.execute(insert(Draft), rows)
        return list(
            connection.scalars(
                select(Draft.id).where(Draft.account_id == account_id).order_by(Draft.id)
            )
        )


def publisher(api: FakeXApi) -> Publisher:
    return Publisher(api.url, CREDS, timeout=5)


def test_150_posts_read_in_two_batches_and_kept_with_their_time(
    api: FakeXApi, store: Store
) -> None:
    now = datetime.now(UTC)
    ids = [(str(9000 + n),) for n in range(150)]
    drafts = published(store, HELP, ids, when=now - timedelta(days=1))
    for n, (post_id,) in enumerate(ids[:-1]):
        api.metrics.seed(post_id, impressions=1000 + n, likes=n, replies=1)
    report = fetch_account(store, HELP, publisher(api), actor="boss", now=now)
    assert (report.state, report.posts, report.missing) == ("fetched", 149, 1)
    assert [len(r) for r in api.metrics.requests] == [100, 50]
    latest = store.metrics.latest(drafts)
    assert len(latest) == 149 and drafts[-1] not in latest
    assert latest[drafts[3]].metrics == PublicMetrics(1003, 3, 0, 1, 0, 0)
    assert latest[drafts[3]].read_at == now.replace(microsecond=now.microsecond)
    # Within the cadence nothing is read again; after it, a second reading is kept.
    again = fetch_account(store, HELP, publisher(api), actor="boss", now=now + timedelta(minutes=5))
    assert again.state == "fetched" and again.posts == 0  # only the one X did not have
    assert api.metrics.requests[-1] == [ids[-1][0]]
    api.metrics.seed(ids[3][0], impressions=2000, likes=40)
    later = now + timedelta(hours=2)
    assert fetch_account(store, HELP, publisher(api), actor="boss", now=later).posts == 149
    readings = store.metrics.readings(drafts[3])
    assert [(at, m.impressions) for at, _, m in readings] == [(now, 1003), (later, 2000)]
    assert store.metrics.latest([drafts[3]])[drafts[3]].metrics.likes == 40


def test_a_thread_sums_its_posts_and_old_posts_are_left(api: FakeXApi, store: Store) -> None:
    now = datetime.now(UTC)
    thread, old = published(
        store, HELP, [("7001", "7002"), ("7003",)], when=now - timedelta(days=1)
    )
    with store.engine.begin() as connection:
        connection.execute(
            Draft.__table__.update()
            .where(Draft.id == old)
            .values(published_at=now - timedelta(days=90))
        )
    api.metrics.seed("7001", impressions=500, likes=10)
    api.metrics.seed("7002", impressions=300, likes=5, reposts=2)
    api.metrics.seed("7003", impressions=1, likes=1)
    report = fetch_account(store, HELP, publisher(api), actor="boss", now=now)
    assert report.posts == 2 and api.metrics.requests == [["7001", "7002"]]
    assert store.metrics.latest([thread, old]) == {thread: store.metrics.latest([thread])[thread]}
    assert store.metrics.latest([thread])[thread].metrics == PublicMetrics(800, 15, 2, 0, 0, 0)


def test_a_429_stops_the_account_until_x_resets(api: FakeXApi, store: Store) -> None:
    now = datetime.now(UTC)
    published(store, HELP, [("8001",), ("8002",)], when=now - timedelta(hours=3))
    api.metrics.seed("8001", impressions=10, likes=1)
    api.metrics.seed("8002", impressions=20, likes=2)
    api.metrics.add_429(wait=600)
    report = fetch_account(store, HELP, publisher(api), actor="boss", now=now)
    assert report.state == "rate_limited" and report.retry_at is not None
    assert now + timedelta(seconds=590) <= report.retry_at <= now + timedelta(seconds=610)
    asked = len(api.metrics.requests)
    soon = fetch_account(store, HELP, publisher(api), actor="boss", now=now + timedelta(minutes=5))
    assert soon.state == "rate_limited" and len(api.metrics.requests) == asked  # not asked
    after = fetch_account(store, HELP, publisher(api), actor="boss", now=report.retry_at)
    assert after.state == "fetched" and after.posts == 2
    assert store.metrics.retry_at(HELP) is None


def test_every_account_is_read_and_one_without_credentials_says_so(
    api: FakeXApi, store: Store
) -> None:
    now = datetime.now(UTC)
    published(store, HELP, [("6001",)], when=now - timedelta(hours=1))
    published(store, DEALS, [("6002",)], when=now - timedelta(hours=1))
    api.metrics.seed("6001", impressions=10)
    reports = fetch_all(
        store,
        [HELP, DEALS],
        lambda handle: publisher(api) if handle == HELP else None,
        actor="boss",
        now=now,
    )
    assert [(r.account, r.state) for r in reports] == [
        (HELP, "fetched"),
        (DEALS, "no_credentials"),
    ]


def test_credentials_are_read_only_for_an_account_with_posts_due(
    api: FakeXApi, store: Store
) -> None:
    """Nothing due: no keyring is asked (a desktop without one read nothing and failed)."""
    now = datetime.now(UTC)
    published(store, HELP, [("6101",)], when=now - timedelta(hours=1))
    api.metrics.seed("6101", impressions=5)
    asked: list[str] = []

    def publisher_for(handle: str) -> Publisher | None:
        asked.append(handle)
        if handle != HELP:
            raise InsecureKeyringError("no secure keyring back-end is available")
        return publisher(api)

    reports = fetch_all(store, [HELP, DEALS], publisher_for, actor="boss", now=now)
    assert [(r.account, r.state) for r in reports] == [(HELP, "fetched"), (DEALS, "nothing_due")]
    assert asked == [HELP]
    # Read within the cadence: nothing is due, and no credentials are read at all.
    again = fetch_all(
        store, [HELP, DEALS], publisher_for, actor="boss", now=now + timedelta(minutes=5)
    )
    assert [r.state for r in again] == ["nothing_due", "nothing_due"]
    assert asked == [HELP]
