"""SQLAlchemy 2 models: portable types only, so the same schema runs on SQLite and PostgreSQL.

Times are stored as naive UTC and come back as aware UTC (:class:`UTCDateTime`). Drafts carry
``version``, bumped on every write and checked by the write (optimistic locking).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime stored as naive UTC (portable across databases)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store naive UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass an aware UTC time")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Read back as aware UTC."""
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    """A person who writes or reviews; on PostgreSQL also a database login."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    display_name: Mapped[str] = mapped_column(String(120), default="", server_default="")


class Account(Base):
    """A brand account from the guide, plus settings kept only locally (e.g. queue paused)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    handle: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(Text, default="")
    in_guide: Mapped[bool] = mapped_column(Boolean, default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RoleGrant(Base):
    """A role of a user on one account, or on every account when ``account_id`` is null."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "account_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(16))


class Draft(Base):
    """A draft post and its place in the workflow."""

    __tablename__ = "drafts"
    __table_args__ = (
        Index("ix_drafts_state_submitted", "state", "submitted_at", "id"),
        Index("ix_drafts_account_state", "account_id", "state"),
        Index("ix_drafts_state_scheduled", "state", "scheduled_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    state: Mapped[str] = mapped_column(String(24))
    version: Mapped[int] = mapped_column(Integer, default=1)
    text: Mapped[str] = mapped_column(Text, default="")
    text_version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
    has_errors: Mapped[bool] = mapped_column(Boolean, default=False)
    step: Mapped[int] = mapped_column(Integer, default=0)
    approvals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    approved_text_version: Mapped[int | None] = mapped_column(Integer)
    #: What the final approval covers (revision 0004): the hash of everything the publisher
    #: will send (:func:`composer.core.approval.approval_hash`), checked again before sending.
    approved_hash: Mapped[str | None] = mapped_column(String(80))
    warning_reason: Mapped[str] = mapped_column(Text, default="")
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    state_changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    post_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # -- the queue (revision 0002) -----------------------------------------------------------
    #: A pinned post keeps its time when the queue is reordered.
    pinned: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    #: The X post this one replies to (an id), or null.
    in_reply_to: Mapped[str | None] = mapped_column(String(64))
    #: The parts of a thread, published as one chain (empty: a single post of ``text``).
    thread_parts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: A/B pair: shared group id and "A"/"B".
    variant_group: Mapped[str] = mapped_column(String(40), default="", server_default="")
    variant: Mapped[str] = mapped_column(String(1), default="", server_default="")
    variant_spacing_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: An evergreen re-post: the original draft, and which re-post this is.
    evergreen_of: Mapped[int | None] = mapped_column(Integer)
    repost_number: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    repost_interval_minutes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: Content-mix tags (e.g. "promotional") measured when queued.
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: Publishing: tries so far, when the current one began, the last error, whether a person
    #: must confirm on X what became of it, when it went out and the ids of a thread's posts.
    publish_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    publishing_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    needs_confirmation: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    post_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: X's rate limit (revision 0003): the publisher gave the post back until X's reset;
    #: none of the account's posts is sent before this time.
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PublishAttempt(Base):
    """One try at publishing a post: begun before anything is sent, finished with its outcome.

    ``outcome`` is ``pending`` while the try runs, then ``published``, ``failed`` or
    ``unknown`` (a person must check X), or ``confirmed_published`` /
    ``confirmed_not_published`` after a person looked.
    """

    __tablename__ = "publish_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    account: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(String(32))
    post_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str] = mapped_column(Text, default="")


class WorkspaceSetting(Base):
    """A workspace-wide setting shared by everyone (e.g. the crisis switch pausing every queue)."""

    __tablename__ = "workspace_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[str] = mapped_column(String(120))


class Lock(Base):
    """A named lease (e.g. the one publisher per workspace), held until ``expires_at``."""

    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DraftVersion(Base):
    """One text version: the text, the findings of its check, and its hash.

    Autosaves rewrite the newest version until it is *sealed* (submitted or reviewed), so a
    reviewer's approval always points at text that can no longer change.
    """

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("draft_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Comment(Base):
    """A comment on a draft, optionally anchored to a span of one text version."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    text_version: Mapped[int] = mapped_column(Integer)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Review(Base):
    """One reviewer decision on one text version at one policy step."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(24))
    step: Mapped[int] = mapped_column(Integer)
    text_version: Mapped[int] = mapped_column(Integer)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """One recorded step. Names are copied in, so the trail survives renames and deletions."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(32))
    draft_id: Mapped[int | None] = mapped_column(Integer, index=True)
    account: Mapped[str] = mapped_column(String(64), default="")
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str | None] = mapped_column(String(24))
    text_version: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[str] = mapped_column(Text, default="")


class RecoveryEntry(Base):
    """Editor text not yet saved to its draft, journalled so a crash loses nothing.

    Keyed by editor session and draft (``draft_id`` null for a draft never saved).
    """

    __tablename__ = "recovery_entries"
    __table_args__ = (UniqueConstraint("session_key", "draft_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_key: Mapped[str] = mapped_column(String(64))
    draft_key: Mapped[int] = mapped_column(Integer, default=0)
    account: Mapped[str] = mapped_column(String(64), default="")
    user: Mapped[str] = mapped_column(String(120), default="")
    text: Mapped[str] = mapped_column(Text)
    base_version: Mapped[int | None] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
