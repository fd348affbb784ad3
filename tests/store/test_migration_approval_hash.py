"""Migration 0004 on both back-ends: drafts approved before it get the hash of their approved
text, and the parts of those not yet sent are cut again from that text."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text
from store_seed import T0

from composer.core.approval import approval_hash, publication_mismatch
from composer.core.guide.model import Schedule, Slot
from composer.core.workflow import Action
from composer.store.migrate import alembic_config, current_revision, head_revision
from composer.store.store import Store

HOURLY = Schedule(
    timezone="UTC",
    slots=tuple(Slot((0, 1, 2, 3, 4, 5, 6), h, 0, f"{h:02}:00") for h in range(24)),
)
THREAD = "Part one of it\n---\nPart two of it"


def approved(store: Store, body: str) -> int:
    d = store.drafts.create("@Help", body, author="ann", findings=(), now=T0)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = store.drafts.review(d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    return d.id


def test_upgrade_records_what_old_approvals_cover(store: Store) -> None:
    queued = approved(store, THREAD)
    store.queue.enqueue(queued, actor="rex", schedule=HOURLY, now=T0)
    waiting = approved(store, "Just approved")
    draft = store.drafts.create("@Help", "Still a draft", author="ann", findings=(), now=T0)
    engine = store.engine
    command.downgrade(alembic_config(engine), "0003")
    with engine.begin() as connection:
        # What the old guard let an author do after the approval.
        connection.execute(
            text("UPDATE drafts SET thread_parts = :parts, in_reply_to = '42' WHERE id = :id"),
            {"parts": '["Buy now"]', "id": queued},
        )
    command.upgrade(alembic_config(engine), "head")
    assert current_revision(engine) == head_revision()
    first = store.drafts.get(queued)
    assert first.approved_hash == approval_hash(THREAD, "42")
    assert first.thread_parts == ("Part one of it", "Part two of it")
    assert (
        publication_mismatch(
            text=first.text,
            parts=first.parts,
            in_reply_to=first.in_reply_to,
            approved_hash=first.approved_hash,
        )
        is None
    )
    assert store.drafts.get(waiting).approved_hash == approval_hash("Just approved", None)
    assert store.drafts.get(draft.id).approved_hash is None
