"""A queued post's media for the publisher: read from the store, uploads recorded back.

The store keeps, per draft and item, the ``media_id`` X gave the upload and when X forgets it
(:meth:`composer.store.media.MediaRepository.record_upload`). The publisher hands over what X
still holds, so a retried post (after a crash, a lost answer or X's rate limit) does not
upload the same files again, and each step it finishes is written down at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from composer.services.media_upload import MediaToSend, UploadedMedia
from composer.store.media import UploadRecord
from composer.store.store import Store


def media_to_send(store: Store, draft_id: int) -> list[MediaToSend]:
    """The draft's media in order, each with what X already holds of it."""
    return [_to_send(store, record) for record in store.media.uploads(draft_id)]


def upload_recorder(
    store: Store, draft_id: int, media: list[MediaToSend]
) -> Callable[[int, UploadedMedia], None]:
    """Writes what X answered for item ``index`` of ``media`` to the store."""

    def record(index: int, uploaded: UploadedMedia) -> None:
        store.media.record_upload(
            draft_id,
            index,
            media[index].item.sha256,
            media_id=uploaded.media_id,
            expires_at=datetime.fromtimestamp(uploaded.expires_at, tz=UTC),
            alt_done=uploaded.alt_done,
        )

    return record


def _to_send(store: Store, record: UploadRecord) -> MediaToSend:
    known = (
        UploadedMedia(record.media_id, record.expires_at.timestamp(), record.alt_done)
        if record.media_id is not None and record.expires_at is not None
        else None
    )
    # The bytes are read only when X does not hold the file any more.
    return MediaToSend(record.item, partial(store.media.blob, record.item.sha256), known)
