"""A draft's media: saved with the draft (one transaction, audited), read back in order.

Files are kept once by content (:mod:`composer.store.media_models`). Changing a draft's media
is an edit like a text change (``workflow.edit``): a draft in or past review goes back to
review, because an approval covers the exact files and alt texts
(:func:`composer.core.approval.approval_hash`). The workspace's media take at most the
workspace's limit (a workspace setting, :data:`DEFAULT_LIMIT` when none is set).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from composer.core.media import (
    MediaError,
    MediaItem,
    check_set,
    content_address,
    quota_problem,
    sniff_type,
)
from composer.core.workflow import edit
from composer.store.database import Database, retrying
from composer.store.draft_reads import draft_record
from composer.store.drafts import DraftRepository, _version
from composer.store.media_models import DraftMedia, MediaBlob, media_items
from composer.store.models import DraftVersion, WorkspaceSetting
from composer.store.records import DraftRecord, finding_from_json
from composer.store.users import actor_on

#: The workspace setting holding the media limit in bytes (``null``: no limit).
LIMIT_KEY = "media_limit_bytes"
#: The limit when none is set: 2 GB, room for a few hundred pictures.
DEFAULT_LIMIT = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class NewMedia:
    """One attachment to save: the item, and its bytes when the store may not hold them yet."""

    item: MediaItem
    data: bytes | None = None


@dataclass(frozen=True, slots=True)
class UploadRecord:
    """What the publisher learnt about one attachment on X (``media_id`` ``None``: not yet)."""

    position: int
    item: MediaItem
    media_id: str | None
    expires_at: datetime | None
    alt_done: bool


class MediaRepository:
    """Drafts' media, the files' bytes and the workspace's media limit."""

    def __init__(self, db: Database, drafts: DraftRepository) -> None:
        self._db = db
        self._drafts = drafts

    # -- reads ------------------------------------------------------------------------------

    def of(self, draft_id: int) -> list[MediaItem]:
        """The media of draft ``draft_id``, in order."""
        with self._db.read() as session:
            return media_items(session, draft_id)

    def blob(self, sha256: str) -> bytes:
        """The bytes of the file with this content address.

        Raises:
            MediaError: the store holds no such file.
        """
        with self._db.read() as session:
            data = session.scalar(select(MediaBlob.data).where(MediaBlob.sha256 == sha256))
        if data is None:
            raise MediaError(f"the workspace holds no media file {sha256[:12]}…")
        return bytes(data)

    def usage(self) -> int:
        """Bytes of media the workspace keeps."""
        with self._db.read() as session:
            return int(session.scalar(select(func.coalesce(func.sum(MediaBlob.size), 0))) or 0)

    def limit(self) -> int | None:
        """The workspace's media limit in bytes (``None``: no limit)."""
        with self._db.read() as session:
            return _limit(session)

    @retrying
    def set_limit(self, limit: int | None, *, actor: str, now: datetime) -> None:
        """Set the workspace's media limit in bytes (``None``: no limit)."""
        if limit is not None and limit < 0:
            raise MediaError(f"a media limit cannot be negative ({limit})")
        with self._db.write() as session:
            row = session.get(WorkspaceSetting, LIMIT_KEY)
            if row is None:
                row = WorkspaceSetting(key=LIMIT_KEY)
                session.add(row)
            row.value = limit
            row.updated_at = now
            row.updated_by = actor

    def uploads(self, draft_id: int) -> list[UploadRecord]:
        """Each attachment of a draft with what is known of its upload to X, in order."""
        with self._db.read() as session:
            rows = session.execute(
                select(DraftMedia, MediaBlob.mime, MediaBlob.size)
                .join(MediaBlob, MediaBlob.sha256 == DraftMedia.sha256)
                .where(DraftMedia.draft_id == draft_id)
                .order_by(DraftMedia.position)
            ).all()
            return [
                UploadRecord(
                    r.position,
                    MediaItem(r.sha256, mime, size, r.alt_text or ""),
                    r.x_media_id,
                    r.x_expires_at,
                    bool(r.x_alt_done),
                )
                for r, mime, size in rows
            ]

    # -- writes -----------------------------------------------------------------------------

    @retrying
    def record_upload(
        self,
        draft_id: int,
        position: int,
        sha256: str,
        *,
        media_id: str | None,
        expires_at: datetime | None,
        alt_done: bool,
    ) -> None:
        """Remember what X answered for one attachment (the publisher, after each step).

        Nothing is written when the attachment changed meanwhile (another file there now).
        """
        with self._db.write() as session:
            row = session.scalar(
                select(DraftMedia).where(
                    DraftMedia.draft_id == draft_id,
                    DraftMedia.position == position,
                    DraftMedia.sha256 == sha256,
                )
            )
            if row is None:
                return
            row.x_media_id = media_id
            row.x_expires_at = expires_at
            row.x_alt_done = alt_done

    @retrying
    def save(
        self,
        draft_id: int,
        media: Sequence[NewMedia],
        expected_version: int,
        *,
        actor: str,
        now: datetime,
    ) -> DraftRecord:
        """Make ``media`` the draft's media, in this order; the same media change nothing.

        A change starts a new text version when the newest is sealed and, like a text edit,
        sends a draft in or past review back to review (``workflow.edit``).

        Raises:
            MediaError: X would not take the set, a file's bytes are missing or not what its
                item says, or the workspace's media limit would be passed.
            ConflictError: the draft changed since ``expected_version`` was read.
            TransitionError: the draft cannot be edited now, or not by ``actor``.
        """
        items = [m.item for m in media]
        check_set(items)
        with self._db.write() as session:
            row, account, author = self._drafts._lock(session, draft_id, expected_version)
            before = session.scalars(
                select(DraftMedia).where(DraftMedia.draft_id == draft_id)
            ).all()
            ordered = sorted(before, key=lambda r: r.position)
            if [(r.sha256, r.alt_text or "") for r in ordered] == [
                (i.sha256, i.alt_text) for i in items
            ]:
                return draft_record(row, account, author)
            user, who = actor_on(session, actor, row.account_id)
            newest = session.scalar(
                select(DraftVersion).where(
                    DraftVersion.draft_id == draft_id, DraftVersion.number == row.text_version
                )
            )
            findings = [finding_from_json(f) for f in (newest.findings if newest else ()) or ()]
            transition = edit(
                draft_record(row, account, author).facts(),
                who,
                findings=findings,
                now=now,
                previous=findings,
            )
            self._store_blobs(session, media, now)
            uploads = {r.sha256: r for r in ordered}
            session.execute(delete(DraftMedia).where(DraftMedia.draft_id == draft_id))
            session.flush()
            for position, item in enumerate(items):
                kept = uploads.get(item.sha256)
                session.add(
                    DraftMedia(
                        draft_id=draft_id,
                        position=position,
                        sha256=item.sha256,
                        alt_text=item.alt_text,
                        # An upload X still holds is used again; its alt text only if unchanged.
                        x_media_id=kept.x_media_id if kept else None,
                        x_expires_at=kept.x_expires_at if kept else None,
                        x_alt_done=bool(
                            kept and kept.x_alt_done and kept.alt_text == item.alt_text
                        ),
                    )
                )
            session.flush()
            _drop_unused(session, {r.sha256 for r in ordered} - {i.sha256 for i in items})
            starts_version = newest is None or newest.sealed
            number = row.text_version + 1 if starts_version else row.text_version
            if starts_version:
                session.add(_version(row, user.id, row.text, findings, now, number=number))
            self._drafts._apply(
                session,
                row,
                account=account,
                transition=replace(
                    transition,
                    detail=f"{transition.detail}; media changed ({len(items)} attached)",
                ),
                expected_version=expected_version,
                now=now,
                values={"text_version": number},
                text_version=number,
            )
            return draft_record(row, account, author, findings)

    def _store_blobs(self, session: Session, media: Sequence[NewMedia], now: datetime) -> None:
        """Insert the files the store does not hold yet, within the workspace's limit."""
        wanted = {m.item.sha256: m for m in media}
        held = set(
            session.scalars(select(MediaBlob.sha256).where(MediaBlob.sha256.in_(wanted))).all()
        )
        new = [m for sha, m in wanted.items() if sha not in held]
        for m in new:
            if m.data is None:
                raise MediaError(
                    f"the file of item {m.item.sha256[:12]}… is not in the workspace any more: "
                    "attach it again"
                )
            if content_address(m.data) != m.item.sha256 or len(m.data) != m.item.size:
                raise MediaError(
                    "an attached file changed while it was being saved: attach it again"
                )
            if sniff_type(m.data[:64]) != m.item.mime:
                raise MediaError(f"an attached file is not the {m.item.mime} it was taken for")
        adding = sum(m.item.size for m in new)
        if adding:
            used = int(session.scalar(select(func.coalesce(func.sum(MediaBlob.size), 0))) or 0)
            problem = quota_problem(used, adding, _limit(session))
            if problem:
                raise MediaError(problem)
        for m in new:
            session.add(
                MediaBlob(
                    sha256=m.item.sha256,
                    mime=m.item.mime,
                    size=m.item.size,
                    data=m.data,
                    created_at=now,
                )
            )
        session.flush()


def _limit(session: Session) -> int | None:
    row = session.get(WorkspaceSetting, LIMIT_KEY)
    if row is None:
        return DEFAULT_LIMIT
    return None if row.value is None else int(row.value)


def _drop_unused(session: Session, candidates: set[str]) -> None:
    """Delete the files among ``candidates`` that no draft uses any more (frees the limit)."""
    if not candidates:
        return
    used = set(
        session.scalars(
            select(DraftMedia.sha256).where(DraftMedia.sha256.in_(candidates)).distinct()
        ).all()
    )
    unused = candidates - used
    if unused:
        session.execute(delete(MediaBlob).where(MediaBlob.sha256.in_(unused)))
