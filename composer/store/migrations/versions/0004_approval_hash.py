"""What an approval covers: the hash of everything the publisher will send.

Drafts approved before this revision get the hash of their approved text (cut into its thread
parts) and their reply target; the parts of those not yet published are cut again from the
approved text, so parts changed after the approval are not sent.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The hash must be the very function the publisher checks with, so it is imported, not copied.
from composer.core.approval import approval_hash
from composer.core.threads import split_parts

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: States whose approval still stands (the post may yet be, or was, published).
_APPROVED = ("approved", "queued", "publishing", "failed", "published")
#: Of those, the ones whose parts may still be sent.
_UNSENT = ("approved", "queued", "publishing", "failed")


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("approved_hash", sa.String(length=80), nullable=True))
    drafts = sa.table(
        "drafts",
        sa.column("id", sa.Integer()),
        sa.column("state", sa.String()),
        sa.column("text", sa.Text()),
        sa.column("in_reply_to", sa.String()),
        sa.column("approved_text_version", sa.Integer()),
        sa.column("approved_hash", sa.String()),
        sa.column("thread_parts", sa.JSON()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(drafts.c.id, drafts.c.state, drafts.c.text, drafts.c.in_reply_to).where(
            drafts.c.approved_text_version.is_not(None), drafts.c.state.in_(_APPROVED)
        )
    ).all()
    for draft_id, state, text, in_reply_to in rows:
        values: dict[str, object] = {"approved_hash": approval_hash(text, in_reply_to)}
        if state in _UNSENT:
            parts = split_parts(text)
            values["thread_parts"] = list(parts) if len(parts) > 1 else []
        bind.execute(sa.update(drafts).where(drafts.c.id == draft_id).values(**values))


def downgrade() -> None:
    """Undo this migration."""
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("approved_hash")
