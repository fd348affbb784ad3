"""Copy a workspace's database into another one (``brand-composer db migrate-to URL``).

The usual move is a single-user SQLite workspace into a team's PostgreSQL database. The
target is migrated to the newest schema first and must be empty; every table's rows are then
copied in dependency order in one transaction, PostgreSQL's id sequences are moved past the
copied ids, and the row counts are compared. The source is only read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, String, func, select, text

from composer.core.errors import KnownError
from composer.store.engine import display_location, translated_errors
from composer.store.migrate import current_revision, head_revision
from composer.store.models import Base
from composer.store.store import Store

#: Rows per INSERT batch (keeps memory flat for long audit trails).
BATCH = 500


class MigrationRefusedError(KnownError):
    """The copy cannot start (target not empty, source not migrated) or did not verify."""


@dataclass(frozen=True, slots=True)
class TableCopy:
    """One table's rows, counted in the source and in the target after the copy."""

    table: str
    source_rows: int
    target_rows: int


def _counts(connection: Connection) -> dict[str, int]:
    return {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
        for table in Base.metadata.sorted_tables
    }


def copy_database(
    source_url: str,
    target_url: str,
    *,
    progress: Callable[[str, int], None] | None = None,
) -> list[TableCopy]:
    """Copy every row of ``source_url`` into the empty database at ``target_url``.

    Args:
        source_url: The workspace's database (only read).
        target_url: The new database; migrated here if it is empty.
        progress: Called with each table's name and row count as it is copied.

    Returns:
        Each table with its source and target row counts (equal, or this raised).

    Raises:
        MigrationRefusedError: the target already holds rows, the source is not at the newest
            schema (run ``db upgrade`` on it first), or the counts differ after the copy.
        StorageError: either database cannot be reached or written.
    """
    with Store.open(source_url, upgrade=False) as source:
        revision = current_revision(source.engine)
        if revision != head_revision():
            raise MigrationRefusedError(
                f"the workspace database {source.location} is at revision {revision or 'none'}, "
                f"not {head_revision()}: run 'brand-composer db upgrade' first"
            )
        with Store.open(target_url) as target:
            if target.engine.dialect.name == "postgresql":
                held = nul_holders(source.engine)
                if held:
                    raise MigrationRefusedError(
                        f"the workspace database {source.location} holds NUL characters, which "
                        f"PostgreSQL cannot store: {', '.join(held)}; remove them (draft edit "
                        "ID, or withdraw the draft) and migrate again; nothing was copied"
                    )
            with translated_errors(target_url), target.engine.connect() as connection:
                filled = {t: n for t, n in _counts(connection).items() if n}
            if filled:
                listed = ", ".join(f"{t} ({n} rows)" for t, n in sorted(filled.items()))
                raise MigrationRefusedError(
                    f"the target database {target.location} is not empty ({listed}): "
                    "migrate-to copies into an empty database only"
                )
            return _copy(source.engine, target.engine, source_url, target_url, progress)


def nul_holders(engine: Engine, limit: int = 20) -> list[str]:
    """Where an SQLite database holds NUL characters in text, e.g. ``draft 3 (text)``.

    Args:
        engine: The database (SQLite; other databases cannot hold NUL in text).
        limit: At most this many places are named.
    """
    if engine.dialect.name != "sqlite":
        return []
    found: list[str] = []
    with translated_errors(str(engine.url)), engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            key = next(iter(table.primary_key.columns))
            draft = table.c.get("draft_id")
            for column in table.columns:
                if not isinstance(column.type, String):  # Text is a String
                    continue
                query = select(key, *([draft] if draft is not None else [])).where(
                    func.instr(column, func.char(0)) > 0
                )
                for row in connection.execute(query.limit(limit)):
                    found.append(_place(table.name, row, column.name))
    return found[:limit]


def _place(table: str, row: Sequence[object], column: str) -> str:
    if table == "drafts":
        return f"draft {row[0]} ({column})"
    of_draft = f" of draft {row[1]}" if len(row) > 1 and row[1] is not None else ""
    return f"{table} {row[0]}{of_draft} ({column})"


def _copy(
    source: Engine,
    target: Engine,
    source_url: str,
    target_url: str,
    progress: Callable[[str, int], None] | None,
) -> list[TableCopy]:
    with translated_errors(source_url), source.connect() as reading:
        source_counts = _counts(reading)
        with translated_errors(target_url), target.begin() as writing:
            for table in Base.metadata.sorted_tables:
                ordered = select(table).order_by(*table.primary_key.columns)
                batch: list[dict[str, object]] = []
                for row in reading.execution_options(yield_per=BATCH).execute(ordered):
                    batch.append(dict(row._mapping))
                    if len(batch) >= BATCH:
                        writing.execute(table.insert(), batch)
                        batch = []
                if batch:
                    writing.execute(table.insert(), batch)
                if progress is not None:
                    progress(table.name, source_counts[table.name])
            if writing.dialect.name == "postgresql":
                _reset_sequences(writing)
            target_counts = _counts(writing)
            copies = [
                TableCopy(name, source_counts[name], target_counts[name]) for name in source_counts
            ]
            wrong = [c for c in copies if c.source_rows != c.target_rows]
            if wrong:  # the transaction rolls back: the target stays empty
                listed = ", ".join(f"{c.table} {c.source_rows}->{c.target_rows}" for c in wrong)
                raise MigrationRefusedError(
                    f"the copy into {display_location(target_url)} did not verify ({listed}); "
                    "nothing was kept"
                )
    return copies


def _reset_sequences(connection: Connection) -> None:
    """Move each ``id`` sequence past the copied ids, so new rows do not collide."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.columns:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar()
        if sequence is None:
            continue
        highest = connection.execute(select(func.max(table.c.id))).scalar()
        # is_called=false with 1 for an empty table, so the first id stays 1.
        connection.execute(
            text("SELECT setval(:sequence, :value, :called)"),
            {"sequence": sequence, "value": highest or 1, "called": highest is not None},
        )
