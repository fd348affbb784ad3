"""The post metrics table (revision 0008): X's public metrics of published posts, per reading.

One row per post id (a thread's part) per reading, with the time it was read: readings are
kept, so a post's results can be followed over time; the newest reading is its result.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from composer.store.models import Base, UTCDateTime


class PostMetricsRow(Base):
    """One reading of one published post's public metrics."""

    __tablename__ = "post_metrics"
    __table_args__ = (Index("ix_post_metrics_draft_read", "draft_id", "read_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    post_id: Mapped[str] = mapped_column(String(64))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime())
    impressions: Mapped[int] = mapped_column(Integer, default=0)
    likes: Mapped[int] = mapped_column(Integer, default=0)
    reposts: Mapped[int] = mapped_column(Integer, default=0)
    replies: Mapped[int] = mapped_column(Integer, default=0)
    quotes: Mapped[int] = mapped_column(Integer, default=0)
    bookmarks: Mapped[int] = mapped_column(Integer, default=0)
