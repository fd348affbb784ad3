"""Store figures: the review inbox over 100,000 drafts, and one submit / approve on SQLite."""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from composer.core.workflow import Action, ApprovalPolicy, Role, State
from composer.store.models import Account, Draft, DraftVersion, User
from composer.store.records import AccountSpec, content_hash
from composer.store.store import Store

DRAFTS = 100_000
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _seed(store: Store) -> None:
    store.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
    handles = ["@Help", "@Deals", "@Events", "@Alerts"]
    store.accounts.sync(
        [AccountSpec(h, h, ApprovalPolicy(review_target_minutes=15)) for h in handles], now=T0
    )
    store.users.add("ann", [Role.AUTHOR], actor="boss", now=T0)
    store.users.add("rex", [Role.REVIEWER], actor="boss", now=T0)
    store.users.add("ria", [Role.REVIEWER], actor="boss", now=T0)
    with store.engine.begin() as connection:
        accounts = list(connection.scalars(select(Account.id)))
        ann = connection.scalar(select(User.id).where(User.name == "ann"))
        states = [State.DRAFT, State.SUBMITTED, State.APPROVED, State.PUBLISHED, State.REJECTED]
        rows = []
        for n in range(DRAFTS):
            text = f"Draft number {n}: trail news and a tip for the weekend."
            at = T0 + timedelta(seconds=n)
            state = states[n % len(states)]
            rows.append(
                {
                    "account_id": accounts[n % len(accounts)],
                    "author_id": ann,
                    "state": state.value,
                    "version": 2,
                    "text": text,
                    "text_version": 1,
                    "content_hash": content_hash(text),
                    "has_errors": False,
                    "step": 0,
                    "approvals": [],
                    "warning_reason": "",
                    "submitted_at": at if state is not State.DRAFT else None,
                    "state_changed_at": at,
                    "created_at": at,
                    "updated_at": at,
                }
            )
        connection.execute(insert(Draft), rows)
        ids = list(connection.scalars(select(Draft.id).order_by(Draft.id)))
        connection.execute(
            insert(DraftVersion),
            [
                {
                    "draft_id": i,
                    "number": 1,
                    "text": r["text"],
                    "content_hash": r["content_hash"],
                    "findings": [],
                    "sealed": r["state"] != "draft",
                    "created_by_id": ann,
                    "created_at": r["created_at"],
                    "updated_at": r["created_at"],
                }
                for i, r in zip(ids, rows, strict=True)
            ],
        )


def run() -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        store = Store.open(url)
        started = time.perf_counter()
        _seed(store)
        seeded = time.perf_counter() - started
        now = T0 + timedelta(days=3)
        inbox_times = []
        for _ in range(5):
            t = time.perf_counter()
            page = store.drafts.inbox("rex", now=now, limit=50)
            inbox_times.append(time.perf_counter() - t)
        assert len(page) == 50
        submit_times, approve_times = [], []
        for n in range(50):
            d = store.drafts.create("@Help", f"bench {n}", author="ann", findings=(), now=now)
            t = time.perf_counter()
            d = store.drafts.submit(
                d.id, actor="ann", expected_version=d.version, findings=(), now=now
            )
            submit_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            store.drafts.review(
                d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=now
            )
            approve_times.append(time.perf_counter() - t)
        store.close()
    ms = 1000
    return [
        {
            "figure": f"review inbox, first page of 50, {DRAFTS:,} drafts (SQLite)",
            "goal": "< 500 ms",
            "measured": f"{statistics.median(inbox_times) * ms:.1f} ms median of 5 (seeding took {seeded:.0f} s)",
        },
        {
            "figure": "submit one draft (SQLite, 100k drafts)",
            "goal": "< 20 ms",
            "measured": f"{statistics.median(submit_times) * ms:.1f} ms median, {max(submit_times) * ms:.1f} ms max of 50",
        },
        {
            "figure": "approve one draft (SQLite, 100k drafts)",
            "goal": "< 20 ms",
            "measured": f"{statistics.median(approve_times) * ms:.1f} ms median, {max(approve_times) * ms:.1f} ms max of 50",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
