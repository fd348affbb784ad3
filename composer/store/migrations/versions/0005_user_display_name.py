"""People get a display name (Settings ▸ People): how the window shows them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column("display_name", sa.String(length=120), nullable=False, server_default="")
        )


def downgrade() -> None:
    """Revert this migration."""
    # Not a batch copy of the table: SQLite refuses to drop a table other tables refer to,
    # and it drops a column in place since 3.35 (as PostgreSQL does).
    op.execute("ALTER TABLE users DROP COLUMN display_name")
