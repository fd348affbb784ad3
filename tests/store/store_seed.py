"""Shared seed data for the store tests (a module, not a conftest, so it can be imported)."""

from __future__ import annotations

from datetime import UTC, datetime

from composer.core.workflow import ApprovalPolicy, PolicyStep, Role
from composer.store.records import AccountSpec
from composer.store.store import Store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def seed(store: Store) -> None:
    store.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
    store.accounts.sync(
        [
            AccountSpec("@Help", "support", ApprovalPolicy(review_target_minutes=15)),
            AccountSpec("@Alerts", "crisis", ApprovalPolicy((PolicyStep(), PolicyStep()))),
        ],
        now=T0,
    )
    store.users.add("ann", [Role.AUTHOR], actor="boss", now=T0)
    store.users.add("rex", [Role.REVIEWER], actor="boss", now=T0)
    store.users.add("ria", [Role.REVIEWER], ["@Help", "@Alerts"], actor="boss", now=T0)
