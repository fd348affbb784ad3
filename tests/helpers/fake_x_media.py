"""The fake X's media upload (v2), with faults: served by :mod:`helpers.fake_x_api`.

Endpoints, in X's shapes:

- ``POST /2/media/upload/initialize`` (JSON ``media_type``, ``total_bytes``,
  ``media_category``) answers ``{"data": {"id", "media_key", "expires_after_secs"}}``;
- ``POST /2/media/upload/{id}/append`` (multipart: ``segment_index``, ``media``);
- ``POST /2/media/upload/{id}/finalize``: 400 unless the chunks add up to ``total_bytes``;
  a GIF or video then needs ``processing_polls`` status reads before it may be posted
  (``processing_info`` ``pending`` -> ``in_progress`` -> ``succeeded``);
- ``GET /2/media/upload?media_id=...&command=STATUS``;
- ``POST /2/media/metadata`` (JSON ``id``, ``metadata.alt_text.text``, up to 1,000 characters).

An upload expires ``ttl`` seconds after it was initialized (by the server's clock). Faults are
queued per step (``initialize``, ``append``, ``finalize``, ``status``, ``metadata``) with
:meth:`FakeMedia.add_fault`: ``"500"`` (nothing done), ``"drop"`` (the step is done, then the
connection closes without an answer) or ``"status"`` (any status with a problem body).
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

STEPS = ("initialize", "append", "finalize", "status", "metadata")
_TITLES = {400: "Invalid Request", 403: "Forbidden", 429: "Too Many Requests"}
_APPEND = re.compile(r"/2/media/upload/([0-9]+)/(append|finalize)")


class _Handler(Protocol):
    def _send_json(
        self, status: int, body: object, headers: dict[str, str] | None = None
    ) -> None: ...

    def _problem(
        self, status: int, title: str, detail: str, headers: dict[str, str] | None = None
    ) -> None: ...

    def _drop(self) -> None: ...


@dataclass
class Upload:
    """One upload as X keeps it."""

    id: str
    media_type: str
    category: str
    total: int
    expires_at: float
    chunks: dict[int, bytes] = field(default_factory=dict)
    finalized: bool = False
    polls_left: int = 0
    alt_text: str | None = None

    @property
    def media_key(self) -> str:
        return ("3_" if self.media_type.startswith("image/") else "7_") + self.id

    def data(self) -> bytes:
        return b"".join(self.chunks[i] for i in sorted(self.chunks))


@dataclass
class MediaFault:
    step: str
    kind: str  # "500" | "drop" | "status"
    status: int = 0
    detail: str = ""


class FakeMedia:
    """The media side of the fake X; ``uploads`` by id, every step counted in ``calls``."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.uploads: dict[str, Upload] = {}
        self.faults: list[MediaFault] = []
        self.calls: dict[str, int] = dict.fromkeys(STEPS, 0)
        self.ttl = 86_400.0
        self.processing_polls = 2
        self._next_id = 1_900_000_000_000_000_000

    def add_fault(
        self, step: str, kind: str, *, n: int = 1, status: int = 0, detail: str = ""
    ) -> None:
        assert step in STEPS and kind in ("500", "drop", "status")
        self.faults += [MediaFault(step, kind, status, detail) for _ in range(n)]

    def finished(self) -> list[Upload]:
        """Uploads finalized (whatever their processing)."""
        with self.lock:
            return [u for u in self.uploads.values() if u.finalized]

    def refusal(self, media_ids: Sequence[str]) -> str | None:
        """Why a post cannot carry ``media_ids`` (``None``: it can)."""
        if not isinstance(media_ids, list) or not 1 <= len(media_ids) <= 4:
            return "media.media_ids must hold 1 to 4 ids"
        now = self.clock()
        with self.lock:
            for media_id in media_ids:
                upload = self.uploads.get(str(media_id))
                if upload is None or upload.expires_at <= now:
                    return "Your media IDs are invalid."
                if not upload.finalized or upload.polls_left > 0:
                    return "Your media IDs are invalid. (still processing)"
            kinds = [self.uploads[str(m)].category for m in media_ids]
        if len(kinds) > 1 and any(k != "tweet_image" for k in kinds):
            return "a GIF or video goes on a post alone"
        return None

    def media_keys(self, media_ids: Sequence[str]) -> list[str]:
        with self.lock:
            return [self.uploads[str(m)].media_key for m in media_ids]

    # -- serving ----------------------------------------------------------------------------

    def _fault(self, step: str) -> MediaFault | None:
        with self.lock:
            self.calls[step] += 1
            for index, fault in enumerate(self.faults):
                if fault.step == step:
                    return self.faults.pop(index)
        return None

    def handle_post(self, handler: _Handler, path: str, raw: bytes, content_type: str) -> bool:
        """Serve a media POST; ``False`` when ``path`` is not one."""
        if path == "/2/media/upload/initialize":
            step = "initialize"
        elif path == "/2/media/metadata":
            step = "metadata"
        else:
            match = _APPEND.fullmatch(path)
            if match is None:
                return False
            step = match.group(2)
        fault = self._fault(step)
        if fault is not None and fault.kind != "drop":
            if fault.kind == "500":
                handler._problem(500, "Internal Server Error", "Internal error")
            else:
                handler._problem(fault.status, _TITLES.get(fault.status, "Error"), fault.detail)
            return True
        status, body = self._act(step, path, raw, content_type)
        if fault is not None:  # done, but the answer is lost
            handler._drop()
        elif status >= 400:
            handler._problem(status, "Invalid Request", str(body))
        else:
            handler._send_json(status, body)
        return True

    def handle_get(self, handler: _Handler, query: dict[str, str]) -> None:
        """Serve ``GET /2/media/upload?command=STATUS``."""
        fault = self._fault("status")
        if fault is not None and fault.kind != "drop":
            status = 500 if fault.kind == "500" else fault.status
            handler._problem(status, _TITLES.get(status, "Error"), fault.detail or "Internal error")
            return
        if query.get("command") != "STATUS":
            handler._problem(400, "Invalid Request", "command must be STATUS")
            return
        with self.lock:
            upload = self.uploads.get(query.get("media_id", ""))
            if upload is None or not upload.finalized:
                body: Any = None
            else:
                if upload.polls_left > 0:
                    upload.polls_left -= 1
                state = "in_progress" if upload.polls_left > 0 else "succeeded"
                info: dict[str, Any] = {"state": state}
                if state != "succeeded":
                    info["check_after_secs"] = 1
                    info["progress_percent"] = 50
                body = {
                    "data": {
                        "id": upload.id,
                        "media_key": upload.media_key,
                        "processing_info": info,
                    }
                }
        if fault is not None:
            handler._drop()
        elif body is None:
            handler._problem(400, "Invalid Request", "no such upload")
        else:
            handler._send_json(200, body)

    def _act(self, step: str, path: str, raw: bytes, content_type: str) -> tuple[int, Any]:
        if step == "initialize":
            return self._initialize(raw)
        if step == "metadata":
            return self._metadata(raw)
        match = _APPEND.fullmatch(path)
        assert match is not None
        with self.lock:
            upload = self.uploads.get(match.group(1))
            if upload is None or upload.expires_at <= self.clock():
                return 400, "no such upload (or it expired)"
            if step == "append":
                fields = _multipart(raw, content_type)
                index = fields.get("segment_index")
                chunk = fields.get("media")
                if index is None or chunk is None or not index.isdigit():
                    return 400, "segment_index and media are required"
                upload.chunks[int(index)] = chunk
                return 200, {"data": {"expires_at": int(upload.expires_at)}}
            if len(upload.data()) != upload.total:
                return 400, f"the chunks hold {len(upload.data())} bytes, not {upload.total}"
            if not upload.finalized:
                upload.finalized = True
                upload.polls_left = self.processing_polls if upload.category != "tweet_image" else 0
            data: dict[str, Any] = {
                "id": upload.id,
                "media_key": upload.media_key,
                "size": upload.total,
                "expires_after_secs": int(upload.expires_at - self.clock()),
            }
            if upload.polls_left:
                data["processing_info"] = {"state": "pending", "check_after_secs": 1}
            return 200, {"data": data}

    def _initialize(self, raw: bytes) -> tuple[int, Any]:
        try:
            body = json.loads(raw)
        except ValueError:
            return 400, "body is not JSON"
        media_type = body.get("media_type")
        total = body.get("total_bytes")
        category = body.get("media_category")
        if not isinstance(media_type, str) or not isinstance(total, int) or total <= 0:
            return 400, "media_type and total_bytes are required"
        if category not in ("tweet_image", "tweet_gif", "tweet_video"):
            return 400, "media_category must be tweet_image, tweet_gif or tweet_video"
        with self.lock:
            self._next_id += 1
            upload = Upload(
                str(self._next_id), media_type, category, total, self.clock() + self.ttl
            )
            self.uploads[upload.id] = upload
        return 200, {
            "data": {
                "id": upload.id,
                "media_key": upload.media_key,
                "expires_after_secs": int(self.ttl),
            }
        }

    def _metadata(self, raw: bytes) -> tuple[int, Any]:
        try:
            body = json.loads(raw)
            media_id = str(body["id"])
            text = body["metadata"]["alt_text"]["text"]
        except (ValueError, KeyError, TypeError):
            return 400, "id and metadata.alt_text.text are required"
        if not isinstance(text, str) or len(text) > 1000:
            return 400, "alt_text.text must be a string of at most 1000 characters"
        with self.lock:
            upload = self.uploads.get(media_id)
            if upload is None:
                return 400, "no such media"
            upload.alt_text = text
        return 200, {"data": {"id": media_id, "associated_metadata": True}}


def _multipart(raw: bytes, content_type: str) -> dict[str, Any]:
    """The fields of a multipart/form-data body: text as ``str``, the ``media`` file as bytes."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + raw
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        fields[name] = payload if name == "media" else payload.decode()
    return fields
