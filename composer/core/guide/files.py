"""The one place the guide loader reads files, with limits.

A guide is made of files a user controls (the guide, Vale style folders, vocabularies), so
each is read defensively: only regular files (a FIFO would block for ever, a device such as
``/dev/zero`` never ends), symbolic links followed and their target checked, and at most
:data:`MAX_FILE_BYTES` read. The file is opened without blocking and checked again once
open, so a file swapped for a FIFO between the check and the read cannot hang the loader.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from contextvars import ContextVar
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


#: While a load is recorded (see :func:`recording`): what each path looked like when the
#: loader read or probed it, by absolute path.
_SEEN: ContextVar[dict[str, str] | None] = ContextVar("guide_files_seen", default=None)


#: The state of a path that changed while the loader was reading it (matches nothing).
CHANGED = "changed while the guide was read"


@contextlib.contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Record every file the loader reads and every folder or path it probes.

    The mapping yielded fills in as the loader runs: absolute path to its state then (see
    :func:`path_state`), the state of a file being the digest of the very bytes read. A
    load gives the same result while every recorded path still has that state, which is
    what a cache of loaded guides checks.
    """
    seen: dict[str, str] = {}
    token = _SEEN.set(seen)
    try:
        yield seen
    finally:
        _SEEN.reset(token)


def _digest(data: bytes) -> str:
    return "file:" + hashlib.sha256(data).hexdigest()


def path_state(path: Path) -> str:
    """What is at ``path`` now, as a comparable string.

    A regular file's content digest, a folder's sorted entry names, ``missing``, or the
    kind of anything else. Never raises: a path that cannot be read is ``unreadable``.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "unreadable"
    if stat.S_ISDIR(info.st_mode):
        return _folder_state(path)
    if stat.S_ISREG(info.st_mode):
        try:
            return _digest(read_guide_file(path, record=False))
        except OSError:
            return "unreadable"
    return _kind(info.st_mode) or "other"


def _folder_state(path: Path) -> str:
    """A folder's sorted entry names, as a digest."""
    try:
        names = sorted(entry.name for entry in path.iterdir())
    except OSError:
        return "unreadable folder"
    joined = "\0".join(names).encode("utf-8", "surrogateescape")
    return "folder:" + hashlib.sha256(joined).hexdigest()


def _note(path: Path, state: str | None = None) -> None:
    seen = _SEEN.get()
    if seen is None:
        return
    key = str(path.absolute())
    now = path_state(path) if state is None else state
    if seen.setdefault(key, now) != now:
        seen[key] = CHANGED  # seen two ways in one load: what the guide holds is unsure


def guide_folder_exists(path: Path) -> bool:
    """``path.is_dir()``, recorded with the folder's entries while :func:`recording`."""
    _note(path)
    return path.is_dir()


def guide_file_exists(path: Path) -> bool:
    """``path.is_file()``, recorded while :func:`recording`."""
    _note(path)
    return path.is_file()


def guide_path_exists(path: Path) -> bool:
    """``path.exists() or path.is_symlink()`` (a dangling link exists), recorded."""
    _note(path)
    return path.exists() or path.is_symlink()


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


def read_guide_file(path: Path, *, record: bool = True) -> bytes:
    """The bytes of one guide file (symbolic links followed).

    While :func:`recording` (and ``record``), the digest of the bytes read is recorded.

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
        data = b"".join(chunks)
        if record:
            _note(path, _digest(data))
        return data
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
