"""Queues and publishing: queue fields on drafts, publish attempts, workspace settings, locks.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("pinned", sa.Boolean(), server_default="0", nullable=False))
        batch.add_column(sa.Column("in_reply_to", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("thread_parts", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(
            sa.Column("variant_group", sa.String(length=40), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("variant", sa.String(length=1), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("variant_spacing_minutes", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("evergreen_of", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("repost_interval_minutes", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(
            sa.Column("repost_number", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("tags", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(
            sa.Column("publish_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("publishing_since", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), server_default="", nullable=False))
        batch.add_column(
            sa.Column("needs_confirmation", sa.Boolean(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("published_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("post_ids", sa.JSON(), server_default="[]", nullable=False))
        batch.create_index("ix_drafts_state_scheduled", ["state", "scheduled_at"], unique=False)
    op.create_table(
        "publish_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("post_id", sa.String(length=64), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_publish_attempts_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publish_attempts")),
    )
    op.create_index(
        op.f("ix_publish_attempts_draft_id"), "publish_attempts", ["draft_id"], unique=False
    )
    op.create_table(
        "workspace_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_workspace_settings")),
    )
    op.create_table(
        "locks",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("acquired_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_locks")),
    )


def downgrade() -> None:
    """Undo this migration."""
    op.drop_table("locks")
    op.drop_table("workspace_settings")
    op.drop_index(op.f("ix_publish_attempts_draft_id"), table_name="publish_attempts")
    op.drop_table("publish_attempts")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_index("ix_drafts_state_scheduled")
        for column in (
            "post_ids",
            "published_at",
            "needs_confirmation",
            "last_error",
            "publishing_since",
            "publish_attempts",
            "tags",
            "repost_interval_minutes",
            "repost_number",
            "evergreen_of",
            "variant_spacing_minutes",
            "variant",
            "variant_group",
            "thread_parts",
            "in_reply_to",
            "pinned",
        ):
            batch.drop_column(column)
