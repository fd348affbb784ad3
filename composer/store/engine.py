"""Engine set-up: the one place with database-specific SQL (SQLite pragmas, backups, URLs).

SQLite runs in WAL mode with foreign keys on and a busy timeout. Write transactions start
with ``BEGIN IMMEDIATE`` so that a transaction which read a row and then writes it can never
fail half-way with a lock upgrade error; reads use plain deferred transactions and never block
behind a writer in WAL mode.

PostgreSQL is reached through psycopg 3: ``postgresql://`` and ``postgres://`` URLs are
normalised to ``postgresql+psycopg://`` here (:func:`normalise_url`) and nowhere else.
Transactions run at READ COMMITTED; every write checks the row version it read (optimistic
locking), and units of work that the server aborts as serialization failures or deadlocks are
re-run by :func:`composer.store.database.retrying`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from composer.store.errors import describe

#: Execution option asking for a write transaction (``BEGIN IMMEDIATE`` on SQLite).
WRITE_OPTION = "composer_write"
DEFAULT_BUSY_TIMEOUT = 5.0
BACKUP_SUFFIX = ".bak"


#: The SQLAlchemy driver the store uses for PostgreSQL.
POSTGRES_DRIVER = "psycopg"
#: Seconds a PostgreSQL connection attempt may take before it fails with a clear message.
CONNECT_TIMEOUT = 10
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def normalise_url(url: str | URL) -> str:
    """The URL with PostgreSQL spelled for psycopg 3 (``postgresql+psycopg://``).

    ``postgres://`` (Heroku's spelling) and ``postgresql://`` (SQLAlchemy's default driver,
    psycopg2) both become ``postgresql+psycopg://``; an explicit driver and every other
    database are left as they are.
    """
    text = url.render_as_string(hide_password=False) if isinstance(url, URL) else str(url)
    scheme, sep, rest = text.partition("://")
    if sep and scheme in _POSTGRES_SCHEMES:
        return f"postgresql+{POSTGRES_DRIVER}://{rest}"
    return text


def is_sqlite(url: str | URL) -> bool:
    """True for an SQLite URL."""
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def is_postgresql(url: str | URL) -> bool:
    """True for a PostgreSQL URL (any spelling :func:`normalise_url` accepts)."""
    return make_url(normalise_url(url)).get_backend_name() == "postgresql"


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of an SQLite URL (``None`` for in-memory or other databases)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    database = parsed.database
    if database == ":memory:" or "mode=memory" in database:
        return None
    if database.startswith("file:"):
        database = database.removeprefix("file:").split("?", 1)[0]
    return Path(database)


def display_location(url: str | URL) -> str:
    """How to name the database to a user: its file, or its URL with the password hidden."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    return make_url(normalise_url(url)).render_as_string(hide_password=True)


def create_store_engine(url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Engine:
    """Create the engine for ``url`` with the house settings.

    Args:
        url: An SQLAlchemy URL (``sqlite:///path`` or ``postgresql+psycopg://...``; see
            :func:`normalise_url`).
        busy_timeout: Seconds SQLite waits for another writer before giving up.
    """
    url = normalise_url(url)
    if not is_sqlite(url):
        # A desktop app needs few connections; pre-ping notices a server that restarted.
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=2,
            max_overflow=4,
            isolation_level="READ COMMITTED",
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT,
                "application_name": "brand-voice-composer",
            },
        )
    # NullPool: a desktop app and CLI open few connections; it keeps file handles short-lived
    # so that backups and other processes see a closed file.
    engine = create_engine(
        url,
        poolclass=NullPool,
        connect_args={"timeout": busy_timeout, "check_same_thread": False},
    )
    timeout_ms = int(busy_timeout * 1000)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:  # noqa: ANN401 - DB-API
        # Let SQLAlchemy's "begin" event below decide how a transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={timeout_ms}")
            mode = cursor.execute("PRAGMA journal_mode").fetchone()
            if mode and str(mode[0]).lower() not in {"wal", "memory"}:
                # A read-only file cannot switch modes; reading still works.
                with suppress(sqlite3.OperationalError):
                    cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, starting write transactions (``BEGIN IMMEDIATE`` on SQLite)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def latest_backup(url: str) -> Path | None:
    """The newest backup made by :func:`backup_database`, if any."""
    path = sqlite_path(url)
    if path is None:
        return None
    backups = sorted(path.parent.glob(f"{path.name}{BACKUP_SUFFIX}-*"))
    return backups[-1] if backups else None


def backup_database(url: str, *, now: datetime | None = None) -> Path | None:
    """Copy an SQLite database beside itself (consistently, via SQLite's backup API).

    Returns:
        The backup's path, or ``None`` when there is nothing to back up (no file yet, or not
        SQLite: PostgreSQL is backed up by its administrator).
    """
    path = sqlite_path(url)
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return None
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}{BACKUP_SUFFIX}-{stamp}")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def routine_backup(
    url: str, *, now: datetime, max_age: timedelta = timedelta(hours=1), keep: int = 5
) -> Path | None:
    """Back up an SQLite file when its newest backup is older than ``max_age``; keep ``keep``.

    So that a damaged file never costs more than ``max_age`` of work.
    """
    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None
    newest = latest_backup(url)
    if newest is not None:
        age = now.timestamp() - newest.stat().st_mtime
        if age < max_age.total_seconds():
            return None
    # A damaged file must not be copied over the good backups as they rotate out.
    _quick_check(path)
    made = backup_database(url, now=now)
    backups = sorted(path.parent.glob(f"{path.name}{BACKUP_SUFFIX}-*"))
    for old in backups[:-keep]:
        old.unlink(missing_ok=True)
    return made


def _quick_check(path: Path) -> None:
    """Raise :class:`sqlite3.DatabaseError` when SQLite finds the file damaged."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = connection.execute("PRAGMA quick_check(1)").fetchone()
    finally:
        connection.close()
    if verdict is None or verdict[0] != "ok":
        raise sqlite3.DatabaseError("database disk image is malformed")


@contextmanager
def translated_errors(url: str) -> Iterator[None]:
    """Re-raise driver errors as :class:`StorageError` subclasses naming the database."""
    try:
        yield
    except SQLAlchemyError as exc:
        raise describe(exc, location=display_location(url), backup=latest_backup(url)) from exc
    except sqlite3.Error as exc:
        wrapped = SQLAlchemyError(str(exc))
        raise describe(wrapped, location=display_location(url), backup=latest_backup(url)) from exc
