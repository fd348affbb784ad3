"""The store facade: open a database, migrate it, and reach every repository from one object."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from composer.core.errors import StorageError
from composer.store.audit import AuditRepository, RecoveryRepository
from composer.store.database import Database
from composer.store.drafts import DraftRepository
from composer.store.engine import (
    DEFAULT_BUSY_TIMEOUT,
    backup_database,
    create_store_engine,
    display_location,
    is_sqlite,
    latest_backup,
    routine_backup,
    sqlite_path,
    translated_errors,
)
from composer.store.inbox import InboxRepository
from composer.store.media import MediaRepository
from composer.store.metrics import MetricsRepository
from composer.store.queue import QueueRepository
from composer.store.users import AccountRepository, UserRepository


class Store:
    """One database: users, accounts, drafts with media, reviews, audit trail, recovery journal.

    Repositories open a short session per call and return frozen records; no session or ORM
    object ever leaves the store. Use :meth:`open`.
    """

    def __init__(self, url: str, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> None:
        self.url = url
        self.engine = create_store_engine(url, busy_timeout=busy_timeout)
        self.db = Database(self.engine, url)
        self.users = UserRepository(self.db)
        self.accounts = AccountRepository(self.db)
        self.drafts = DraftRepository(self.db)
        self.audit = AuditRepository(self.db)
        self.recovery = RecoveryRepository(self.db)
        self.queue = QueueRepository(self.db)
        self.media = MediaRepository(self.db, self.drafts)
        self.inbox = InboxRepository(self.db)
        self.metrics = MetricsRepository(self.db)
        self.last_backup: Path | None = None

    @classmethod
    def open(
        cls,
        url: str,
        *,
        upgrade: bool = True,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
        now: datetime | None = None,
    ) -> Store:
        """Open (creating if need be) and, with ``upgrade``, migrate the database.

        An existing SQLite file is backed up beside itself before any migration touches it,
        and at most hourly otherwise (the newest five backups are kept), so a damaged file
        never costs more than an hour of work.

        Raises:
            StorageError: locked, read-only, full, corrupt or unreachable (a sentence says so).
        """
        path = sqlite_path(url)
        if path is not None and not path.parent.is_dir():
            raise StorageError(
                f"The workspace database {path} cannot be created: its folder does not exist"
            )
        if path is not None and path.is_file() and path.stat().st_size == 0:
            # SQLite would take an empty file for a new database and start afresh, hiding
            # that the workspace's drafts are gone (a truncated copy, a failed sync).
            backup = latest_backup(url)
            advice = f"restore the newest backup ({backup})" if backup else "restore a backup"
            raise StorageError(
                f"The workspace database {path} is empty (0 bytes), not a database: {advice}, "
                "or delete the file to start a new workspace database"
            )
        existed = path is not None and path.is_file()
        store = cls(url, busy_timeout=busy_timeout)
        try:
            store.check_readable()
            if upgrade:
                store.upgrade(now=now)
            if upgrade and existed and store.last_backup is None:
                with translated_errors(url):
                    store.last_backup = routine_backup(url, now=now or datetime.now(UTC))
        except BaseException:
            store.close()
            raise
        return store

    def check_readable(self) -> None:
        """Touch the database so a corrupt or unreachable one fails early with a clear message."""
        with translated_errors(self.url), self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if is_sqlite(self.url):
                connection.exec_driver_sql("PRAGMA schema_version").scalar()

    def needs_upgrade(self) -> bool:
        """True when migrations are pending."""
        # Alembic is imported when a database is opened, not with the store: the window
        # imports this module before its first paint and opens the store after it.
        from composer.store.migrate import current_revision, head_revision  # noqa: PLC0415

        with translated_errors(self.url):
            return current_revision(self.engine) != head_revision()

    def upgrade(self, *, now: datetime | None = None) -> str:
        """Apply pending migrations (backing up an existing SQLite file first).

        Returns:
            The revision the database is at afterwards.
        """
        from composer.store.migrate import (  # noqa: PLC0415 - see needs_upgrade
            current_revision,
            head_revision,
            known_revision,
        )
        from composer.store.migrate import upgrade as run_upgrade  # noqa: PLC0415

        with translated_errors(self.url):
            current = current_revision(self.engine)
            head = head_revision()
            if current == head:
                return head
            if current is not None and not known_revision(current):
                raise StorageError(
                    f"The workspace database {self.location} was made by a newer version of "
                    f"Brand Voice Composer (database revision {current!r}; this version knows "
                    f"up to {head!r}): install the newer version, or restore an older backup"
                )
            if current is not None or _has_tables(self):
                self.last_backup = backup_database(self.url, now=now or datetime.now(UTC))
            run_upgrade(self.engine)
            return head_revision()

    @property
    def location(self) -> str:
        """The database as shown to users (file path, or URL without its password)."""
        return display_location(self.url)

    def close(self) -> None:
        """Release connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _has_tables(store: Store) -> bool:
    from sqlalchemy import inspect  # noqa: PLC0415 - only needed on first migration

    with store.engine.connect() as connection:
        return bool(inspect(connection).get_table_names())
