"""The store the publishing tests start from, and the schedule their posts are queued on.

Admin ``boss`` and the accounts given; with ``reviewing`` (the default) author ``ann`` and
reviewer ``rex`` too, so a draft can be written, approved and queued.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from composer.core.guide.model import Schedule, Slot
from composer.core.workflow import ApprovalPolicy, Role
from composer.store.records import AccountSpec
from composer.store.store import Store

EVERY_5_MIN = Schedule(
    timezone="UTC",
    slots=tuple(
        Slot((0, 1, 2, 3, 4, 5, 6), h, m, f"daily {h:02}:{m:02}")
        for h in range(24)
        for m in range(0, 60, 5)
    ),
)


@contextmanager
def publishing_store(
    file: Path, accounts: Iterable[str | AccountSpec], *, reviewing: bool = True
) -> Iterator[Store]:
    """A SQLite store at ``file``, closed on leaving; a bare handle is an account without rules."""
    opened = Store.open(f"sqlite:///{file}")
    now = datetime.now(UTC)
    opened.users.add("boss", [Role.ADMIN], actor="boss", now=now)
    opened.accounts.sync(
        [
            a if isinstance(a, AccountSpec) else AccountSpec(a, "", ApprovalPolicy())
            for a in accounts
        ],
        now=now,
    )
    if reviewing:
        opened.users.add("ann", [Role.AUTHOR], actor="boss", now=now)
        opened.users.add("rex", [Role.REVIEWER], actor="boss", now=now)
    try:
        yield opened
    finally:
        opened.close()
