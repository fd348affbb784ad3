"""The store under trouble: locked, read-only, full and corrupt files; migrations and backups."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event
from store_seed import T0, seed

from composer.core.errors import StorageError
from composer.store.engine import latest_backup, routine_backup
from composer.store.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    ReadOnlyDatabaseError,
)
from composer.store.migrate import alembic_config, current_revision, head_revision
from composer.store.models import Base
from composer.store.store import Store


def _path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def test_pragmas(sqlite_store: Store) -> None:
    store = sqlite_store
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_migrations_match_the_models(store: Store) -> None:
    assert current_revision(store.engine) == head_revision()
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_locked_database_says_so(sqlite_store: Store, sqlite_url: str) -> None:
    store, db_url = sqlite_store, sqlite_url
    draft = store.drafts.create("@Help", "kept", author="ann", findings=(), now=T0)
    blocker = sqlite3.connect(_path(db_url), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(db_url, busy_timeout=0.2) as other:
            assert other.drafts.get(draft.id).text == "kept"  # WAL: readers are not blocked
            with pytest.raises(DatabaseLockedError, match="locked by another program"):
                other.drafts.save_text(draft.id, "lost?", 1, actor="ann", findings=(), now=T0)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.drafts.get(draft.id).text == "kept"


def test_read_only_database_says_so(sqlite_store: Store, sqlite_url: str) -> None:
    store, db_url = sqlite_store, sqlite_url
    draft = store.drafts.create("@Help", "kept", author="ann", findings=(), now=T0)
    store.close()
    read_only = f"sqlite:///file:{_path(db_url)}?mode=ro&uri=true"
    with Store.open(read_only) as ro:
        assert ro.drafts.get(draft.id).text == "kept"
        with pytest.raises(ReadOnlyDatabaseError, match="read-only"):
            ro.drafts.save_text(draft.id, "new", 1, actor="ann", findings=(), now=T0)


def test_full_disk_says_so_and_loses_nothing(sqlite_store: Store) -> None:
    store = sqlite_store
    draft = store.drafts.create("@Help", "kept", author="ann", findings=(), now=T0)

    # Simulate a full disk: no connection may grow the file past its current size.
    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    with pytest.raises(DiskFullError, match="disk is full"):
        store.drafts.save_text(draft.id, "x" * 200_000, 1, actor="ann", findings=(), now=T0)
    event.remove(store.engine, "connect", _cap)
    after = store.drafts.get(draft.id)
    assert (after.text, after.version) == ("kept", 1)


def test_corrupt_file_names_the_backup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    with Store.open(url) as good:
        seed(good)
        assert good.last_backup is None  # a brand-new file has nothing to save yet
    with Store.open(url) as again:  # reopening an existing file makes the routine backup
        backup = again.last_backup
    assert backup is not None and latest_backup(url) == backup
    _path(url).write_bytes(b"this is not an SQLite database at all" * 200)
    with pytest.raises(CorruptDatabaseError, match="not a database \\(corrupt\\?\\)") as info:
        Store.open(url)
    assert str(backup) in str(info.value)
    with Store.open(f"sqlite:///{backup}") as restored:
        assert {u.name for u in restored.users.list()} == {"ann", "boss", "ria", "rex"}


def test_routine_backups_are_hourly_and_rotated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    Store.open(url).close()
    assert routine_backup(url, now=datetime.now(UTC)) is not None
    assert routine_backup(url, now=datetime.now(UTC)) is None  # one within the hour is enough
    later = datetime.now(UTC)
    for hours in range(1, 8):
        made = routine_backup(url, now=later + timedelta(hours=hours), max_age=timedelta(0))
        assert made is not None
    assert len(list(tmp_path.glob("c.sqlite3.bak-*"))) == 5


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="folder does not exist"):
        Store.open(f"sqlite:///{tmp_path / 'nope' / 'c.sqlite3'}")


def test_upgrade_backs_up_an_existing_file_first(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    with Store.open(url) as store:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE keepme (note TEXT)")
            connection.exec_driver_sql("INSERT INTO keepme VALUES ('precious')")
        command.downgrade(alembic_config(store.engine), "base")
        assert current_revision(store.engine) is None
    with Store.open(url) as store:
        assert store.last_backup is not None
        assert current_revision(store.engine) == head_revision()
    copy = sqlite3.connect(store.last_backup)
    try:
        assert copy.execute("SELECT note FROM keepme").fetchall() == [("precious",)]
    finally:
        copy.close()


def test_fresh_database_needs_no_backup(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'c.sqlite3'}") as store:
        assert store.last_backup is None
        assert not store.needs_upgrade()
