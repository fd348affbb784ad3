"""The media tables (revision 0006): files kept once by content, attached to drafts in order.

``media_blobs`` holds each file's bytes once, named by their SHA-256, so two drafts (or two
people) attaching the same picture store it once, and the approval hash can name a file by
its address. ``draft_media`` lists a draft's attachments in order with their alt text, and
what the publisher learnt on X: the ``media_id`` of the upload and when X forgets it, so a
retried post does not upload the same file again while X still holds it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from composer.core.media import MediaItem
from composer.store.models import Base, UTCDateTime


class MediaBlob(Base):
    """One file's bytes, named by their hex SHA-256."""

    __tablename__ = "media_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DraftMedia(Base):
    """One attachment of a draft: which file, where in the order, its alt text, its upload."""

    __tablename__ = "draft_media"
    __table_args__ = (UniqueConstraint("draft_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("media_blobs.sha256"), index=True)
    alt_text: Mapped[str] = mapped_column(Text, default="")
    #: X's id of the finished upload, and when X forgets it (``expires_after_secs``).
    x_media_id: Mapped[str | None] = mapped_column(String(64))
    x_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Whether X holds this item's alt text for ``x_media_id``.
    x_alt_done: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


def media_items(session: Session, draft_id: int) -> list[MediaItem]:
    """A draft's media in order (inside an open session)."""
    rows = session.execute(
        select(DraftMedia.sha256, MediaBlob.mime, MediaBlob.size, DraftMedia.alt_text)
        .join(MediaBlob, MediaBlob.sha256 == DraftMedia.sha256)
        .where(DraftMedia.draft_id == draft_id)
        .order_by(DraftMedia.position)
    ).all()
    return [MediaItem(sha, mime, size, alt or "") for sha, mime, size, alt in rows]
