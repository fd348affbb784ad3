"""Upload a post's media to X (API v2) before the post is sent: once, and not again needlessly.

For each file: ``POST /2/media/upload/initialize``, ``.../{id}/append`` per chunk,
``.../{id}/finalize``, then ``GET /2/media/upload?command=STATUS`` while X processes it (GIF,
video), and ``POST /2/media/metadata`` for its alt text. What X answered is handed to
``on_upload`` after each step that matters (the store keeps it per draft and item), so:

- an item whose upload X still holds (its ``media_id`` has not expired) is not uploaded again
  on a retry; only its alt text is set if that had not been done;
- a step whose answer was lost is safe to repeat: an initialize starts a new upload (the lost
  one is never used and X lets it expire), an append of the same chunk replaces it, a finalize
  is checked with a status read, and alt text is set again to the same words.

An upload publishes nothing, so none of this can put a post on X twice; the post itself is
sent once, by :class:`~composer.services.publisher.Publisher`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import requests

from composer.core.media import MediaItem, chunk_ranges, upload_category

log = logging.getLogger(__name__)

#: Bytes per append request (X takes chunks up to 5 MB).
CHUNK_SIZE = 1024 * 1024
#: An upload that expires sooner than this is uploaded again rather than used.
EXPIRY_MARGIN = 600.0
#: The most status reads while X processes one file.
MAX_STATUS_READS = 60


@dataclass(frozen=True, slots=True)
class UploadedMedia:
    """What X holds of one item: its ``media_id``, when X forgets it, whether it has the alt."""

    media_id: str
    expires_at: float
    alt_done: bool


@dataclass(frozen=True, slots=True)
class MediaToSend:
    """One item to attach: its description, how to read its bytes, what X already holds."""

    item: MediaItem
    read: Callable[[], bytes]
    known: UploadedMedia | None = None


class MediaStepError(Exception):
    """A media step failed for good; ``str()`` is the sentence to show, ``retry_at`` for 429."""

    def __init__(self, message: str, *, retry_at: float | None = None) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class Transport(Protocol):
    """What the uploader needs of the publisher: one signed request, and its error texts.

    ``request`` raises ``LostAnswer`` when the request left but no answer came, and
    ``Unreachable`` when nothing reached X.
    """

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        json_body: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        form: dict[str, str] | None = None,
    ) -> requests.Response:
        """Send one request."""
        ...

    def detail(self, response: requests.Response) -> str:
        """X's explanation of an error answer."""
        ...


class MediaUploader:
    """Uploads items through ``transport``, retrying each step a bounded number of times.

    Args:
        transport: Sends signed requests (the publisher).
        lost: The exception type ``transport`` raises for a lost answer.
        unreachable: The exception type it raises when nothing reached X.
        clock: Epoch seconds.
        sleep: Waits between tries and status reads.
        max_attempts: Tries per step.
        chunk_size: Bytes per append.
    """

    def __init__(
        self,
        transport: Transport,
        *,
        lost: type[Exception],
        unreachable: type[Exception],
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        max_attempts: int,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self._transport = transport
        self._lost = lost
        self._unreachable = unreachable
        self._clock = clock
        self._sleep = sleep
        self._max_attempts = max_attempts
        self._chunk_size = chunk_size

    def upload_all(
        self,
        media: Sequence[MediaToSend],
        *,
        on_upload: Callable[[int, UploadedMedia], None],
        before_step: Callable[[], None] | None = None,
    ) -> list[str]:
        """The ``media_id`` of each item, in order, uploading what X does not hold.

        Raises:
            MediaStepError: a step failed for good (the post is not sent).
        """
        ids: list[str] = []
        for index, entry in enumerate(media):
            if before_step is not None:
                before_step()
            done = self._usable(entry.known)
            if done is None:
                done = self._upload(entry, index + 1)
                on_upload(index, done)
            if entry.item.alt_text and not done.alt_done:
                self._alt_text(done.media_id, entry.item.alt_text, index + 1)
                done = UploadedMedia(done.media_id, done.expires_at, alt_done=True)
                on_upload(index, done)
            ids.append(done.media_id)
        return ids

    # -- steps ------------------------------------------------------------------------------

    def _usable(self, known: UploadedMedia | None) -> UploadedMedia | None:
        if known is None or known.expires_at - self._clock() < EXPIRY_MARGIN:
            return None
        log.info("media %s: X still holds it; not uploaded again", known.media_id)
        return known

    def _upload(self, entry: MediaToSend, number: int) -> UploadedMedia:
        data = entry.read()
        item = entry.item
        what = f"media item {number}"
        answer = self._step(
            what + " (start)",
            lambda: self._transport.request(
                "POST",
                "/2/media/upload/initialize",
                json_body={
                    "media_type": item.mime,
                    "total_bytes": len(data),
                    "media_category": upload_category(item.mime),
                },
            ),
        )
        media_id = str(_data(answer).get("id") or "")
        if not media_id:
            raise MediaStepError(f"X's answer to starting the upload of {what} held no media id")
        started = self._clock()
        expires_after = _number(_data(answer).get("expires_after_secs"), 86_400.0)
        for segment, (start, end) in enumerate(chunk_ranges(len(data), self._chunk_size)):
            chunk = data[start:end]
            self._step(
                f"{what} (part {segment + 1})",
                lambda chunk=chunk, segment=segment: self._transport.request(  # type: ignore[misc]
                    "POST",
                    f"/2/media/upload/{media_id}/append",
                    files={"media": ("chunk", chunk, "application/octet-stream")},
                    form={"segment_index": str(segment)},
                ),
            )
        finished = self._finalize(media_id, what)
        info = _data(finished).get("processing_info")
        if isinstance(info, dict):
            self._await_processing(media_id, info, what)
        expires_after = _number(_data(finished).get("expires_after_secs"), expires_after)
        log.info("media %s uploaded (%s, %d bytes)", media_id, item.mime, len(data))
        return UploadedMedia(media_id, started + expires_after, alt_done=False)

    def _finalize(self, media_id: str, what: str) -> requests.Response:
        try:
            return self._step(
                what + " (finish)",
                lambda: self._transport.request("POST", f"/2/media/upload/{media_id}/finalize"),
                lost_ok=False,
            )
        except _LostFinalizeError:
            # The finalize may have been done: X's status of the upload says.
            return self._status(media_id, what)

    def _status(self, media_id: str, what: str) -> requests.Response:
        return self._step(
            what + " (status)",
            lambda: self._transport.request(
                "GET", "/2/media/upload", query=[("command", "STATUS"), ("media_id", media_id)]
            ),
        )

    def _await_processing(self, media_id: str, info: dict[str, Any], what: str) -> None:
        for _read in range(MAX_STATUS_READS):
            state = info.get("state")
            if state == "succeeded" or state is None:
                return
            if state == "failed":
                error = info.get("error")
                reason = error.get("message") if isinstance(error, dict) else None
                raise MediaStepError(f"X could not process {what}: {reason or 'no reason given'}")
            self._sleep(max(_number(info.get("check_after_secs"), 1.0), 1.0))
            found = _data(self._status(media_id, what)).get("processing_info")
            info = found if isinstance(found, dict) else {"state": "succeeded"}
        raise MediaStepError(f"X was still processing {what} after {MAX_STATUS_READS} checks")

    def _alt_text(self, media_id: str, alt_text: str, number: int) -> None:
        self._step(
            f"the alt text of media item {number}",
            lambda: self._transport.request(
                "POST",
                "/2/media/metadata",
                json_body={"id": media_id, "metadata": {"alt_text": {"text": alt_text}}},
            ),
        )

    def _step(
        self, what: str, call: Callable[[], requests.Response], *, lost_ok: bool = True
    ) -> requests.Response:
        """One step, tried again after a server error, a lost answer or no connection."""
        last = "X could not be reached"
        for attempt in range(1, self._max_attempts + 1):
            try:
                response = call()
            except self._lost as exc:
                if not lost_ok:
                    raise _LostFinalizeError from None
                last = f"X did not answer ({exc})"
            except self._unreachable as exc:
                last = str(exc)
            else:
                status = response.status_code
                if status < 300:
                    return response
                if status == 429:
                    raise MediaStepError(
                        f"X's rate limit for media uploads was reached while sending {what}",
                        retry_at=_epoch(response.headers.get("x-rate-limit-reset"))
                        or self._clock() + 60.0,
                    )
                detail = self._transport.detail(response)
                if status < 500:
                    raise MediaStepError(f"X refused {what} ({status}): {detail}")
                last = f"X had a server error ({status}): {detail}"
            log.warning("%s, try %d: %s", what, attempt, last)
            if attempt < self._max_attempts:
                self._sleep(min(2.0 ** (attempt - 1), 60.0))
        raise MediaStepError(f"{what}: {last}; gave up after {self._max_attempts} tries")


class _LostFinalizeError(Exception):
    """A finalize whose answer was lost: read the status instead of finalizing again."""


def _data(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    data = body.get("data") if isinstance(body, dict) else None
    return data if isinstance(data, dict) else {}


def _number(value: object, default: float) -> float:
    """``value`` as seconds, or ``default`` when it is not a number."""
    found = _epoch(value)
    return default if found is None else found


def _epoch(value: object) -> float | None:
    """``value`` as a number, or ``None``."""
    if isinstance(value, int | float | str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
