"""Media on drafts: files kept once by content (SHA-256), attached to drafts in order.

``media_blobs`` holds each file's bytes once; ``draft_media`` lists a draft's attachments with
their alt text and what the publisher learnt of their upload to X (media id and its expiry).
Works on SQLite and PostgreSQL (``LargeBinary`` is a BLOB there, ``bytea`` here).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "media_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_media_blobs")),
    )
    op.create_table(
        "draft_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("alt_text", sa.Text(), nullable=False),
        sa.Column("x_media_id", sa.String(length=64), nullable=True),
        sa.Column("x_expires_at", sa.DateTime(), nullable=True),
        sa.Column("x_alt_done", sa.Boolean(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(
            ["draft_id"],
            ["drafts.id"],
            name=op.f("fk_draft_media_draft_id_drafts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["media_blobs.sha256"], name=op.f("fk_draft_media_sha256_media_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft_media")),
        sa.UniqueConstraint("draft_id", "position", name=op.f("uq_draft_media_draft_id")),
    )
    op.create_index(op.f("ix_draft_media_draft_id"), "draft_media", ["draft_id"])
    op.create_index(op.f("ix_draft_media_sha256"), "draft_media", ["sha256"])


def downgrade() -> None:
    """Undo this migration."""
    op.drop_index(op.f("ix_draft_media_sha256"), table_name="draft_media")
    op.drop_index(op.f("ix_draft_media_draft_id"), table_name="draft_media")
    op.drop_table("draft_media")
    op.drop_table("media_blobs")
