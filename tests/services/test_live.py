"""Live updates: two "apps" on one team database see each other's work within a second."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.team_db import OWNER, T0, TeamDb, team_database

from composer.core.workflow import Action
from composer.services.live import (
    Attention,
    AttentionKind,
    ChangeEvent,
    NullListener,
    PostgresListener,
    SqlitePoller,
    make_listener,
    needs_attention,
)
from composer.store.store import Store


@pytest.fixture
def team_db() -> Iterator[TeamDb]:
    with team_database() as team:
        yield team


class Inbox:
    """Collects events delivered on the listener's thread."""

    def __init__(self) -> None:
        self.events: queue.Queue[ChangeEvent] = queue.Queue()

    def __call__(self, event: ChangeEvent) -> None:
        self.events.put(event)

    def wait_for(self, predicate: object, timeout: float = 1.0) -> ChangeEvent:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no matching event within {timeout} s")
            try:
                event = self.events.get(timeout=remaining)
            except queue.Empty:
                continue
            if predicate(event):  # type: ignore[operator]
                return event


def started(url: str, inbox: Inbox) -> PostgresListener:
    listener = PostgresListener(url, wait=0.2, first_backoff=0.1, max_backoff=0.4)
    listener.start(inbox)
    assert listener.wait_connected(10)
    return listener


def test_a_submission_reaches_the_other_app_within_a_second(team_db: TeamDb) -> None:
    ann, inbox = team_db.store("ann"), Inbox()
    listener = started(team_db.url("rex"), inbox)
    try:
        d = ann.drafts.create("@Help", "Hello", author="ann", findings=(), now=T0)
        begun = time.monotonic()
        ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
        event = inbox.wait_for(lambda e: e.table == "drafts" and e.state == "submitted")
        assert time.monotonic() - begun < 1.0
        assert (event.draft_id, event.account, event.actor, event.author, event.previous) == (
            d.id,
            "@Help",
            "ann",
            "ann",
            "draft",
        )
        assert {"rex", "ria", "vic"} <= event.reviewers and "ann" not in event.reviewers
        assert needs_attention(event, "rex") == Attention(
            AttentionKind.REVIEW, d.id, "@Help", "ann"
        )
        assert needs_attention(event, "ann") is None
        # A review and the draft it moves are announced too.
        rex = team_db.store("rex")
        current = rex.drafts.get(d.id)
        rex.drafts.review(
            d.id,
            Action.REQUEST_CHANGES,
            actor="rex",
            expected_version=current.version,
            now=T0,
            comment="Warmer, please",
        )
        inbox.wait_for(lambda e: e.table == "reviews" and e.draft_id == d.id)
        moved = inbox.wait_for(lambda e: e.table == "drafts" and e.state == "changes_requested")
        assert needs_attention(moved, "ann") == Attention(
            AttentionKind.CHANGES_REQUESTED, d.id, "@Help", "rex"
        )
    finally:
        listener.stop()
    assert not listener.running


def test_reconnects_after_the_server_drops_it_without_flooding(team_db: TeamDb) -> None:
    inbox = Inbox()
    listener = started(team_db.url("rex"), inbox)
    try:
        with team_db.raw(OWNER) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'brand-voice-composer-live'"
            )
        inbox.wait_for(lambda e: e.op == "reconnected", timeout=5)
        assert listener.wait_connected(5)
        ann = team_db.store("ann")
        d = ann.drafts.create("@Help", "Back again", author="ann", findings=(), now=T0)
        inbox.wait_for(lambda e: e.draft_id == d.id)
        assert listener.connections == 2
    finally:
        listener.stop()


def test_an_unreachable_server_is_retried_with_backoff() -> None:
    listener = PostgresListener(
        "postgresql://nobody@127.0.0.1:9/none", wait=0.1, first_backoff=0.1, max_backoff=0.4
    )
    listener.start(Inbox())
    time.sleep(1.6)
    began = time.monotonic()
    listener.stop()
    assert time.monotonic() - began < 1.0  # it stops promptly even while backing off
    # 0.1 + 0.2 + 0.4 + 0.4 ... : a handful of attempts, never a storm.
    assert 2 <= listener.attempts <= 7
    assert listener.connections == 0


def test_sqlite_poller_notices_another_writer(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    writer = Store.open(url)
    inbox = Inbox()
    poller = SqlitePoller(str(tmp_path / "c.sqlite3"), interval=0.1)
    poller.start(inbox)
    try:
        time.sleep(0.3)  # it has read the first data_version
        writer.audit.record("test", actor="me", now=T0)
        event = inbox.wait_for(lambda e: True)
        assert (event.table, event.op) == ("*", "changed")
    finally:
        poller.stop()
        writer.close()
    assert not poller.running


def test_sqlite_poller_never_creates_a_missing_file(tmp_path: Path) -> None:
    poller = SqlitePoller(str(tmp_path / "missing.sqlite3"), interval=0.05)
    poller.start(Inbox())
    time.sleep(0.2)
    poller.stop()
    assert not (tmp_path / "missing.sqlite3").exists()


def test_make_listener_picks_by_url(tmp_path: Path) -> None:
    assert isinstance(make_listener("postgres://a@b/c"), PostgresListener)
    assert isinstance(make_listener(f"sqlite:///{tmp_path / 'x.sqlite3'}"), SqlitePoller)
    null = make_listener("sqlite://")
    assert isinstance(null, NullListener)
    null.start(Inbox())
    assert not null.running
    null.stop()


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ("not json", None),
        ('{"no": "table"}', None),
        (
            '{"table": "drafts", "op": "update", "draft": 3, "account": "@A", "state": "failed",'
            ' "previous": "publishing", "actor": "pub", "author": "ann", "managers": ["rex", 4]}',
            ChangeEvent(
                "drafts",
                "update",
                3,
                "@A",
                "failed",
                "publishing",
                "pub",
                "ann",
                managers=frozenset({"rex"}),
            ),
        ),
    ],
)
def test_payloads(payload: str, expected: ChangeEvent | None) -> None:
    assert ChangeEvent.from_payload(payload) == expected


def test_who_is_told_what() -> None:
    failed = ChangeEvent(
        "drafts",
        "update",
        3,
        "@A",
        "failed",
        "publishing",
        "pub",
        "ann",
        managers=frozenset({"rex"}),
    )
    assert needs_attention(failed, "rex") == Attention(AttentionKind.FAILED, 3, "@A", "pub")
    assert needs_attention(failed, "ann") == Attention(AttentionKind.FAILED, 3, "@A", "pub")
    assert needs_attention(failed, "zed") is None
    autosave = ChangeEvent(
        "drafts",
        "update",
        3,
        "@A",
        "submitted",
        "submitted",
        "ann",
        "ann",
        reviewers=frozenset({"rex"}),
    )
    assert needs_attention(autosave, "rex") is None  # not news: it was already waiting
    review_row = ChangeEvent("reviews", "insert", 3, "@A", "changes_requested", None, "rex", "ann")
    assert needs_attention(review_row, "ann") is None  # the draft's own event says it
