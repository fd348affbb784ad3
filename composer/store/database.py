"""Sessions for the repositories: short read and write units with errors translated."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from composer.store.engine import translated_errors, writer


class Database:
    """Owns the engine; hands repositories a session per unit of work.

    A write unit is one transaction (``BEGIN IMMEDIATE`` on SQLite) committed at the end, or
    rolled back entirely when anything inside raises.
    """

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(writer(engine), expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries only."""
        with translated_errors(self.url), self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose changes commit together at the end of the block."""
        with translated_errors(self.url), self._write() as session, session.begin():
            yield session
