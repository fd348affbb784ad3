"""Storage failures as sentences a user can act on, and the mapping from driver errors."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from composer.core.errors import KnownError, StorageError


class DatabaseLockedError(StorageError):
    """Another program holds the database's write lock for longer than the busy timeout."""


class ReadOnlyDatabaseError(StorageError):
    """The database file (or its folder) cannot be written."""


class DiskFullError(StorageError):
    """No room left on the disk (or the database reached its size limit)."""


class CorruptDatabaseError(StorageError):
    """The file is not an SQLite database, or it is damaged."""


class NotFoundError(KnownError):
    """A draft, user or account named by the caller does not exist."""


class PermissionDeniedError(KnownError):
    """The acting user lacks the role the operation needs."""


def describe(exc: SQLAlchemyError, *, location: str, backup: Path | None = None) -> StorageError:
    """Turn a driver error into the matching :class:`StorageError` with a clear sentence.

    Args:
        exc: What SQLAlchemy raised.
        location: The database, as shown to the user (a file path, or a URL without password).
        backup: The newest backup of the database file, if one exists.
    """
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(original).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"The workspace database is locked by another program ({location}); "
            "close it or try again in a moment"
        )
    if "readonly" in text or "read-only" in text or "read only" in text:
        return ReadOnlyDatabaseError(
            f"The workspace database {location} is read-only: check the file's and its "
            "folder's permissions; nothing was changed"
        )
    if "disk is full" in text or "disk full" in text or "no space" in text:
        return DiskFullError(
            f"The disk is full: the workspace database {location} could not be written; "
            "free some space and try again (nothing already saved was lost)"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        where = f"a backup is at {backup}" if backup else "no backup was found"
        return CorruptDatabaseError(
            f"The workspace database {location} is not a database (corrupt?) — {where}"
        )
    if "unable to open" in text:
        return StorageError(
            f"The workspace database {location} cannot be opened: check that its folder "
            "exists and is writable"
        )
    first_line = str(original).splitlines()[0] if str(original) else type(original).__name__
    return StorageError(f"The workspace database {location} failed: {first_line}")
