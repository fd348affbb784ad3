"""The inbox tables (revision 0007): mentions read from X, and each account's read cursor.

``mentions`` holds one row per mention and account inbox (the same post may sit in two
inboxes after it was routed: the copy names the inbox it came from and the note). Triage
fields (state, assignee) are written by the account's people; what X said never changes.
``inbox_cursors`` holds, per account, what the fetch needs between runs: the newest mention
read (``since_id``), the month's billed reads, and when X's rate limit lets it read again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from composer.store.models import Base, UTCDateTime


class MentionRow(Base):
    """A mention in one account's inbox."""

    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("account_id", "x_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    x_id: Mapped[str] = mapped_column(String(32))
    author_id: Mapped[str] = mapped_column(String(32))
    author_username: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    mentioned_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    conversation_id: Mapped[str] = mapped_column(String(32))
    in_reply_to_user_id: Mapped[str | None] = mapped_column(String(32))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(16), default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    routed_from: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    reply_draft_id: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by: Mapped[str] = mapped_column(String(120), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)


class InboxCursor(Base):
    """Where an account's mention fetch stands."""

    __tablename__ = "inbox_cursors"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    since_id: Mapped[str | None] = mapped_column(String(32))
    month: Mapped[str] = mapped_column(String(7), default="")
    reads_used: Mapped[int] = mapped_column(Integer, default=0)
    last_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
