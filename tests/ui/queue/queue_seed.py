"""Seed data for the queue UI tests: the example guide's accounts, people, queued posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from composer.core.guide.model import Guide
from composer.core.workflow import Action, Role, State
from composer.services.queueing import schedule_of
from composer.store.records import DraftRecord, account_specs
from composer.store.store import Store

#: Monday 2 March 2026, 09:00 UTC: 09:00 in London (GMT), 01:00 in Los Angeles (PST).
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: The user's own zone in these tests, so "your time" differs from every account's.
TOKYO = ZoneInfo("Asia/Tokyo")
HELP = "@NorthwindHelp"
DEALS = "@NorthwindDeals"
EVENTS = "@NorthwindEvents"


def seed(store: Store, guide: Guide) -> None:
    """The guide's accounts; boss (admin), ann (author), rex (reviewer)."""
    store.users.add("boss", [Role.ADMIN], actor="boss", now=NOW)
    store.accounts.sync(account_specs(guide), now=NOW)
    store.users.add("ann", [Role.AUTHOR], actor="boss", now=NOW)
    store.users.add("rex", [Role.REVIEWER], actor="boss", now=NOW)


def submitted(store: Store, text: str, account: str = HELP) -> DraftRecord:
    """A draft by ann, submitted for review."""
    draft = store.drafts.create(account, text, author="ann", findings=(), now=NOW)
    return store.drafts.submit(
        draft.id, actor="ann", expected_version=draft.version, findings=(), now=NOW
    )


def approved(store: Store, text: str, account: str = HELP) -> DraftRecord:
    """A draft approved by rex (not queued)."""
    draft = submitted(store, text, account)
    record = store.drafts.review(
        draft.id, Action.APPROVE, actor="rex", expected_version=draft.version, now=NOW
    )
    assert record.state is State.APPROVED
    return record


def queued(store: Store, guide: Guide, *texts: str, account: str = HELP) -> list[int]:
    """Approved and queued posts, in order, at the account's next free slots."""
    ids = []
    for text in texts:
        record = approved(store, text, account)
        store.queue.enqueue(
            record.id, actor="system", schedule=schedule_of(guide, account), now=NOW
        )
        ids.append(record.id)
    return ids


def published_outcome(
    store: Store, draft_id: int, state: str, *, post_ids: tuple[str, ...] = (), error: str = ""
) -> DraftRecord:
    """Claim a queued post when its time comes and record what became of it."""
    when = store.drafts.get(draft_id).scheduled_at
    assert when is not None
    at = when + timedelta(seconds=1)
    store.queue.claim(draft_id, actor="publisher", now=at)
    return store.queue.finish(
        draft_id, state=state, post_ids=post_ids, error=error, actor="publisher", now=at
    )
