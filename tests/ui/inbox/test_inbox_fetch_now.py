"""Fetch now on the Inbox page, against the fake X: mentions read off the UI thread, the
button disabled meanwhile, and a clear sentence when it cannot be done (no credentials, X
unreachable, X's rate limit with when to try again, not an admin)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.fake_x_api import FakeXApi
from helpers.x_publisher import fake_x_for
from pytestqt.qtbot import QtBot

from composer.core.workflow import ApprovalPolicy, Role
from composer.services.mentions import FetchReport
from composer.services.publisher import Publisher
from composer.services.secrets import XCredentials
from composer.store.records import AccountSpec
from composer.store.store import Store
from composer.ui.inbox.inbox_page import InboxPage
from composer.ui.inbox.mentions_fetcher import MentionsFetcher, PublisherFor
from composer.ui.review.store_client import StoreClient
from composer.ui.workers import InlineRunner

CREDS = XCredentials("ck-1", "cs-SECRET-2", "at-3", "ats-SECRET-4")
NOW = datetime.now(UTC)


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    with fake_x_for(CREDS) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    opened.accounts.sync(
        [
            AccountSpec("@Help", "support", ApprovalPolicy()),
            AccountSpec("@Deals", "sales", ApprovalPolicy()),
        ],
        now=NOW,
    )
    opened.users.add("boss", [Role.ADMIN], actor="boss", now=NOW)
    opened.users.add("ann", [Role.AUTHOR], actor="boss", now=NOW)
    yield opened
    opened.close()


def make_page(
    qtbot: QtBot, store: Store, publisher_for: PublisherFor, user: str = "boss"
) -> InboxPage:
    client = StoreClient(store.url, runner=InlineRunner(), now=lambda: NOW)
    # The real threaded path: the fetch runs on the fetcher's own thread.
    fetcher = MentionsFetcher(store.url, user, publisher_for=publisher_for)
    page = InboxPage(client, user, fetcher=fetcher)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.accounts != ())
    return page


def fetch(qtbot: QtBot, page: InboxPage, account: str | None = None) -> str:
    if account is not None:
        page.account_box.setCurrentIndex(page.account_box.findData(account))
    with qtbot.waitSignal(page.fetcher.fetched, timeout=10_000):
        page.fetch_button.click()
    assert page.fetch_button.isEnabled()
    return page.fetch_label.text()


def test_fetch_now_reads_off_the_ui_thread_and_shows_the_mentions(
    qtbot: QtBot, store: Store, api: FakeXApi
) -> None:
    api.mentions.add("@Help where is my order?", username="kim")
    api.mentions.add("@Help is the shop open?", username="lee")
    threads: list[str] = []
    gate = threading.Event()

    def publisher_for(handle: str) -> Publisher | None:
        threads.append(threading.current_thread().name)
        gate.wait(5)  # hold the fetch until the test has seen the button disabled
        return Publisher(api.url, CREDS, timeout=2) if handle == "@Help" else None

    page = make_page(qtbot, store, publisher_for)
    page.account_box.setCurrentIndex(page.account_box.findData("@Help"))
    with qtbot.waitSignal(page.fetcher.fetched, timeout=10_000) as done:
        page.fetch_button.click()
        assert not page.fetch_button.isEnabled()
        assert page.fetch_button.text() == "Fetching…"
        assert page.fetch_label.text() == "Reading mentions from X…"
        gate.set()
    assert threads == ["mentions"]  # not the UI thread
    (report,) = done.args[0]
    assert isinstance(report, FetchReport) and report.state == "fetched"
    assert page.fetch_button.isEnabled() and page.fetch_button.text() == "&Fetch Now"
    assert page.fetch_label.text() == "2 new mention(s) read from X."
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 2)
    page.fetcher.stop()


def test_without_credentials_the_sentence_says_how_to_connect(qtbot: QtBot, store: Store) -> None:
    page = make_page(qtbot, store, lambda _handle: None)
    text = fetch(qtbot, page, "@Help")
    assert text == (
        "0 new mention(s) read from X. @Help has no X credentials: connect it (Credentials) "
        "to read mentions."
    )
    page.fetcher.stop()


def test_x_unreachable_is_one_sentence_per_account(qtbot: QtBot, store: Store) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    page = make_page(qtbot, store, lambda _h: Publisher(dead, CREDS, timeout=1, max_attempts=1))
    text = fetch(qtbot, page)  # every account
    assert "@Deals: X cannot be reached at" in text and "@Help: X cannot be reached at" in text
    assert "Traceback" not in text
    page.fetcher.stop()


def test_rate_limited_says_when_to_try_again(qtbot: QtBot, store: Store, api: FakeXApi) -> None:
    api.mentions.add("@Help hello", username="kim")
    api.mentions.add_429(wait=600)
    page = make_page(qtbot, store, lambda _h: Publisher(api.url, CREDS, timeout=2))
    text = fetch(qtbot, page, "@Help")
    retry = store.inbox.cursor("@Help").retry_at
    assert retry is not None
    when = retry.astimezone().strftime("%H:%M")
    assert text == (
        f"0 new mention(s) read from X. @Help: X's rate limit was reached; try again after {when}."
    )
    page.fetcher.stop()


def test_only_an_admin_reads_mentions(qtbot: QtBot, store: Store, api: FakeXApi) -> None:
    page = make_page(qtbot, store, lambda _h: Publisher(api.url, CREDS), user="ann")
    text = fetch(qtbot, page, "@Help")
    assert "only an admin of @Help" in text
    assert api.mentions.requests == []
    page.fetcher.stop()
