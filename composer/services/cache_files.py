"""One file of a cache folder: written atomically, read back only when its digest holds.

The layout is ``magic``, the SHA-256 of the payload, then the payload. A writer writes a
temporary file beside the target and renames it into place (atomic, so a reader sees the old
file, the new one or none); a reader takes the payload only when the magic and the digest
match. What the payload holds (pickle, marshal) is the caller's.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

_DIGEST_SIZE = 32


def read_verified(
    path: Path, magic: bytes, *, damaged: str, logger: logging.Logger
) -> bytes | None:
    """The payload of ``path``, or ``None`` when it is missing, unreadable, not ours or damaged.

    Args:
        path: The cache file.
        magic: The first bytes every file of this cache starts with.
        damaged: The warning logged (``%s``: the path) when the digest does not match.
        logger: The caller's logger, which logs it.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(magic)
    if not data.startswith(magic) or len(data) < head + _DIGEST_SIZE:
        return None
    digest, payload = data[head : head + _DIGEST_SIZE], data[head + _DIGEST_SIZE :]
    if hashlib.sha256(payload).digest() != digest:
        logger.warning(damaged, path)
        return None
    return payload


def write_atomic(path: Path, magic: bytes, payload: bytes) -> None:
    """Write ``magic``, the payload's digest and ``payload`` to ``path`` atomically.

    The folder must exist. A failed write leaves no temporary file behind.

    Raises:
        OSError: the file could not be written (the old one, if any, is untouched).
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(magic + hashlib.sha256(payload).digest() + payload)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
