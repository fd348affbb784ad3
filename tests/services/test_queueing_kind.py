"""A draft's kind (announcement or reply) tags it for the account's content-mix rules."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.core.workflow import Role
from composer.services.queueing import mix_tags_of, schedule_of
from composer.store.records import account_specs
from composer.store.store import Store

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_replies_and_announcements_are_tagged(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text(
        "brand: T\naccounts:\n  - handle: '@T'\n    schedule:\n      slots: ['daily 09:00']\n"
        "      mix:\n        - {measure: announcement, at_most: 1, in_any: 5}\n",
        encoding="utf-8",
    )
    guide = load_guide(path)
    checker = Checker(guide)
    schedule = schedule_of(guide, "@T")
    with Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}") as store:
        store.accounts.sync(account_specs(guide), now=NOW)
        store.users.add("ann", [Role.AUTHOR], actor="ann", now=NOW)
        news = store.drafts.create(
            "@T", "Our new store opens today.", author="ann", findings=(), now=NOW
        )
        answer = store.drafts.create("@T", "It opens at 9.", author="ann", findings=(), now=NOW)
        answer = store.queue.set_reply_to(answer.id, "1901", actor="ann", now=NOW)
        assert mix_tags_of(checker, news, schedule) == {"announcement"}
        assert mix_tags_of(checker, answer, schedule) == frozenset()
