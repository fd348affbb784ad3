"""Seed data for the review UI tests (a module, not a conftest, so tests can import it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from composer.core.findings import Finding, Level
from composer.core.workflow import ApprovalPolicy, PolicyStep, Role
from composer.store.records import AccountSpec, DraftRecord
from composer.store.store import Store

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: The clock the client is given: 30 minutes after the drafts were submitted.
NOW = T0 + timedelta(minutes=30)

WARNING = Finding(rule="Acme.Hedging", level=Level.WARNING, message="Hedging word", start=0, end=5)


def seed(store: Store) -> None:
    """An admin, an author, two reviewers; @Help has a 15-minute review target."""
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


def submitted(
    store: Store,
    text: str = "Maybe we fixed the outage today.",
    *,
    account: str = "@Help",
    warnings: bool = True,
) -> DraftRecord:
    """A draft by ann, submitted at T0 (with a warning and its reason, by default)."""
    findings = (WARNING,) if warnings else ()
    draft = store.drafts.create(account, text, author="ann", findings=findings, now=T0)
    return store.drafts.submit(
        draft.id,
        actor="ann",
        expected_version=draft.version,
        findings=findings,
        now=T0,
        reason="the hedge is honest here" if warnings else "",
    )
