"""The one place the guide loader reads files, with limits.

A guide is made of files a user controls (the guide, Vale style folders, vocabularies), so
each is read defensively: only regular files (a FIFO would block for ever, a device such as
``/dev/zero`` never ends), symbolic links followed and their target checked, and at most
:data:`MAX_FILE_BYTES` read. The file is opened without blocking and checked again once
open, so a file swapped for a FIFO between the check and the read cannot hang the loader.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The largest guide, rule or vocabulary file read (a 2,000-term vocabulary is about 30 KB).
MAX_FILE_BYTES = 1_048_576

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class FileRefused(OSError):  # noqa: N818 - reads as what happened
    """A guide file was not read; ``reason`` says why (a phrase such as "it is a FIFO")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, or ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_unless_regular(path: Path, mode: int) -> None:
    kind = _kind(mode)
    if kind is None:
        return
    target = f" (a link to {os.path.realpath(path)})" if path.is_symlink() else ""
    raise FileRefused(f"it is {kind}{target}, not a regular file")


def _refuse_if_large(size: int, *, exact: bool = True) -> None:
    if size > MAX_FILE_BYTES:
        shown = f" ({size:,} bytes)" if exact else ""
        raise FileRefused(f"it is larger than {MAX_FILE_BYTES:,} bytes{shown}")


def read_guide_file(path: Path) -> bytes:
    """The bytes of one guide file (symbolic links followed).

    Raises:
        FileNotFoundError: the file (or a link's target) does not exist.
        FileRefused: not a regular file, or larger than :data:`MAX_FILE_BYTES`.
        OSError: any other reason it cannot be read.
    """
    info = path.stat()
    _refuse_unless_regular(path, info.st_mode)
    _refuse_if_large(info.st_size)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)  # what was opened, which may differ from what was checked
        _refuse_unless_regular(path, info.st_mode)
        _refuse_if_large(info.st_size)
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        # Grown while being read, or a size the OS did not report: only "larger" is known.
        _refuse_if_large(size, exact=False)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_guide_text(path: Path, encoding: str = "utf-8") -> str:
    """The text of one guide file, line ends translated as ``Path.read_text`` does.

    Raises:
        FileNotFoundError, FileRefused, OSError: as :func:`read_guide_file`.
        UnicodeDecodeError: the file is not text in ``encoding``.
    """
    text = read_guide_file(path).decode(encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")
