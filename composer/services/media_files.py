"""Read media files for a draft: the type told by content, X's limits checked before reading.

The only code that opens a file the user attaches (by button or drag and drop); a pasted
image arrives as bytes and goes through :func:`media_from_bytes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from composer.core.media import SNIFF_BYTES, MediaError, MediaItem, check_file, content_address


@dataclass(frozen=True, slots=True)
class LoadedMedia:
    """One attachment with its bytes (``data`` is ``None`` for a file the store already holds)."""

    item: MediaItem
    data: bytes | None = None


def read_media(path: Path) -> LoadedMedia:
    """Read an image, GIF or video X takes.

    Raises:
        MediaError: not a type X takes (by content), too big for its kind, or unreadable.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            mime = check_file(path.name, head, size)
            data = head + handle.read()
    except OSError as exc:
        raise MediaError(f"{path} cannot be read: {exc.strerror or exc}") from None
    return LoadedMedia(MediaItem(content_address(data), mime, len(data)), data)


def media_from_bytes(name: str, data: bytes) -> LoadedMedia:
    """An attachment from bytes (a pasted image), checked like a file.

    Raises:
        MediaError: not a type X takes, or too big for its kind.
    """
    mime = check_file(name, data[:SNIFF_BYTES], len(data))
    return LoadedMedia(MediaItem(content_address(data), mime, len(data)), data)
