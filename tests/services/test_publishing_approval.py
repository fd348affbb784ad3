"""The publisher sends only what was approved: it checks the approval's hash just before sending.

The approved draft is tampered with behind the workflow's back (a direct write to the SQLite
file, or the PostgreSQL superuser), then ``publish-due``'s loop runs against the local fake X
API: nothing reaches X, the post is marked failed with the reason, and the audit trail says so.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from helpers.fake_x_api import FakeXApi
from helpers.publishing_store import publishing_store
from helpers.team_db import OWNER, T0, team_database
from helpers.x_publisher import fake_x_for
from sqlalchemy import update

from composer.core.approval import approval_hash, publication_mismatch
from composer.core.guide.model import Schedule, Slot
from composer.core.workflow import Action, State
from composer.services.publisher import Publisher
from composer.services.publishing import PostSender, PublishRun
from composer.services.secrets import XCredentials
from composer.store.models import Draft
from composer.store.store import Store

CREDS = XCredentials("ck-1", "cs-2", "at-3", "ats-4")
HOURLY = Schedule(
    timezone="UTC",
    slots=tuple(Slot((0, 1, 2, 3, 4, 5, 6), h, 0, f"{h:02}:00") for h in range(24)),
)
THREAD = "First part of the news\n---\nSecond part of the news"
QUESTION = "Is the service down?"


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    with fake_x_for(CREDS) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with publishing_store(tmp_path / "q.sqlite3", ["@Help"]) as opened:
        yield opened


def asked(api: FakeXApi) -> str:
    """The post the thread answers (X refuses a reply to a post it does not have)."""
    return api.store(QUESTION, None).id


def sent(api: FakeXApi) -> list[str]:
    """What the publisher sent (the question was there before)."""
    return [t for t in api.texts() if t != QUESTION]


def queued_thread(author: Store, reviewer: Store, now: datetime, reply_to: str) -> int:
    d = author.drafts.create("@Help", THREAD, author="ann", findings=(), now=now)
    d = author.queue.set_reply_to(d.id, reply_to, actor="ann", now=now)
    d = author.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=now)
    d = reviewer.drafts.review(
        d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=now
    )
    reviewer.queue.enqueue(d.id, actor="rex", schedule=HOURLY, now=now)
    return d.id


def publish(store: Store, api: FakeXApi, at: datetime) -> list[dict[str, object]]:
    def factory(_account: str, creds: XCredentials) -> PostSender:
        return Publisher(api.url, creds, timeout=2, max_attempts=2, sleep=lambda _s: None)

    run = PublishRun(
        store,
        credentials_for=lambda _handle: CREDS,
        sender_factory=factory,
        clock=lambda: datetime.now(UTC),
    )
    return [r.to_json() for r in run.run(at=at)]


def tamper(store: Store, draft_id: int, **values: Any) -> None:
    """Write the row directly, past the workflow (a hand on the SQLite file)."""
    with store.db.write() as session:
        session.execute(update(Draft).where(Draft.id == draft_id).values(**values))


def test_an_untouched_thread_goes_out_as_approved(store: Store, api: FakeXApi) -> None:
    now = datetime.now(UTC)
    question = asked(api)
    draft_id = queued_thread(store, store, now, question)
    results = publish(store, api, now + timedelta(days=3))
    assert [r["state"] for r in results] == ["published"]
    assert sent(api) == ["First part of the news", "Second part of the news"]
    assert api.posts[1].in_reply_to == question
    assert api.posts[2].in_reply_to == api.posts[1].id
    assert store.drafts.get(draft_id).approved_hash == approval_hash(THREAD, question)


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ({"thread_parts": ["other text"]}, "not the parts of its approved text"),
        ({"thread_parts": ["First part of the news", "Buy now"]}, "not the parts"),
        ({"in_reply_to": "1799000000000000999"}, "not what was approved"),
        ({"text": "Another text entirely", "thread_parts": []}, "not what was approved"),
        ({"approved_hash": None}, "no record of what its approval covered"),
    ],
    ids=["other-parts", "changed-part", "reply-target", "text", "no-hash"],
)
def test_a_tampered_post_is_not_sent(
    store: Store, api: FakeXApi, values: dict[str, Any], why: str
) -> None:
    now = datetime.now(UTC)
    draft_id = queued_thread(store, store, now, asked(api))
    tamper(store, draft_id, **values)
    results = publish(store, api, now + timedelta(days=3))
    assert sent(api) == []  # nothing reached X
    assert [(r["draft"], r["state"]) for r in results] == [(draft_id, "failed")]
    assert why in str(results[0]["error"])
    record = store.drafts.get(draft_id)
    assert record.state is State.FAILED and why in record.last_error
    trail = [(e.action, e.detail) for e in store.audit.list(draft_id=draft_id)]
    assert trail[-1][0] == "mark_failed" and why in trail[-1][1]
    # A retry does not help: it is refused again, still without sending.
    store.queue.retry(draft_id, actor="rex", schedule=HOURLY, now=now)
    assert [r["state"] for r in publish(store, api, now + timedelta(days=6))] == ["failed"]
    assert sent(api) == []


def test_the_check_is_one_core_function() -> None:
    approved = approval_hash(THREAD, "1799")
    parts = ("First part of the news", "Second part of the news")
    assert (
        publication_mismatch(text=THREAD, parts=parts, in_reply_to="1799", approved_hash=approved)
        is None
    )
    assert publication_mismatch(text=THREAD, parts=parts, in_reply_to=None, approved_hash=approved)
    assert publication_mismatch(
        text=THREAD, parts=(THREAD,), in_reply_to="1799", approved_hash=approved
    )


def test_team_mode_publisher_refuses_what_the_superuser_changed(api: FakeXApi) -> None:
    with team_database() as team:
        ann, rex, pat = team.store("ann"), team.store("rex"), team.store("pat")
        draft_id = queued_thread(ann, rex, T0, asked(api))
        with team.raw(OWNER) as conn:  # trusted by the guard: only the publisher's check is left
            conn.execute(
                "UPDATE drafts SET thread_parts = '[\"other text\"]', in_reply_to = '42' "
                "WHERE id = %s",
                (draft_id,),
            )
        started = time.monotonic()
        results = publish(pat, api, datetime.now(UTC) + timedelta(days=3650))
        assert time.monotonic() - started < 60
        assert sent(api) == []
        assert [(r["draft"], r["state"]) for r in results] == [(draft_id, "failed")]
        assert "not the parts of its approved text" in str(results[0]["error"])
        assert pat.drafts.get(draft_id).state is State.FAILED
