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


class DatabaseUnreachableError(StorageError):
    """The database server cannot be reached, or it refused the login."""


class SerializationConflictError(StorageError):
    """The server aborted a transaction because a concurrent one changed the same rows.

    PostgreSQL's serialization failures (SQLSTATE 40001) and deadlocks (40P01): the whole
    unit of work may simply run again (see :func:`composer.store.database.retrying`).
    """


class NotFoundError(KnownError):
    """A draft, user or account named by the caller does not exist."""


class PermissionDeniedError(KnownError):
    """The acting user lacks the role the operation needs."""


class RefusedByDatabaseError(StorageError, PermissionDeniedError):
    """The database server itself refused the change (team mode's grants, policies, triggers).

    Both a :class:`StorageError` (it came from the database) and a
    :class:`PermissionDeniedError` (it is a refusal, exit code 1 on the command line).
    """


#: SQLSTATEs of transactions that failed only because of concurrent ones: run them again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})
_UNREACHABLE_SQLSTATES = frozenset({"28000", "28P01", "3D000", "57P01", "57P02", "57P03"})


def describe(  # noqa: PLR0911 - one return per kind of failure
    exc: SQLAlchemyError, *, location: str, backup: Path | None = None
) -> StorageError:
    """Turn a driver error into the matching :class:`StorageError` with a clear sentence.

    Args:
        exc: What SQLAlchemy raised.
        location: The database, as shown to the user (a file path, or a URL without password).
        backup: The newest backup of the database file, if one exists.
    """
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    sqlstate = str(getattr(original, "sqlstate", None) or "")
    first_line = str(original).splitlines()[0] if str(original) else type(original).__name__
    statement = str(getattr(exc, "statement", "") or "").lstrip().upper()
    if sqlstate == "42501" and (
        statement.startswith(("CREATE", "ALTER", "DROP")) or "ALEMBIC_VERSION" in statement
    ):
        return RefusedByDatabaseError(
            f"The team database {location} needs a schema upgrade that only its owner may "
            "run: ask the admin to run 'brand-composer db upgrade' (see docs/team-setup.md)"
        )
    if sqlstate:
        found = _describe_sqlstate(sqlstate, first_line, location)
        if found is not None:
            return found
    text = str(original).lower()
    if _looks_unreachable(text):
        return DatabaseUnreachableError(
            f"The team database {location} cannot be reached: {first_line}; check that the "
            "server runs, the URL in workspace.toml, and your password (OS keyring, ~/.pgpass "
            "or PGPASSWORD)"
        )
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
    return StorageError(f"The workspace database {location} failed: {first_line}")


def _describe_sqlstate(  # noqa: PLR0911 - one return per kind of failure
    sqlstate: str, message: str, location: str
) -> StorageError | None:
    """The error for a PostgreSQL SQLSTATE, or ``None`` to fall back to the message text."""
    if sqlstate in RETRYABLE_SQLSTATES:
        return SerializationConflictError(
            f"The team database {location} aborted this change because someone changed the "
            f"same data at the same moment ({message})"
        )
    if sqlstate == "42501":
        return RefusedByDatabaseError(
            f"The team database {location} refused this: {message}. Your database login "
            "lacks the role for it; an admin grants roles with 'brand-composer user add'"
        )
    if sqlstate in _UNREACHABLE_SQLSTATES or sqlstate.startswith("08"):
        return DatabaseUnreachableError(
            f"The team database {location} cannot be used: {message}; check the URL in "
            "workspace.toml and your password (OS keyring, ~/.pgpass or PGPASSWORD)"
        )
    if sqlstate in {"55P03", "57014"}:
        return DatabaseLockedError(
            f"The team database {location} is busy: {message}; try again in a moment"
        )
    if sqlstate == "53100":
        return DiskFullError(
            f"The team database server {location} is out of disk space: {message}; tell its "
            "administrator (nothing already saved was lost)"
        )
    if sqlstate == "25006":
        return ReadOnlyDatabaseError(
            f"The team database {location} is read-only (a standby?): {message}"
        )
    return None


def _looks_unreachable(text: str) -> bool:
    return any(
        phrase in text
        for phrase in (
            "connection refused",
            "could not connect",
            "connection failed",
            "could not translate host name",
            "password authentication failed",
            "no password supplied",
            "server closed the connection",
            "timeout expired",
        )
    )
