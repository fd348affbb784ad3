"""Sessions for the repositories: short read and write units with errors translated.

On PostgreSQL a transaction can be aborted by the server only because a concurrent one touched
the same rows (a serialization failure or a deadlock). :func:`retrying` re-runs the whole unit
of work a bounded number of times, with jittered backoff, before it gives up with a clear
:class:`StorageError`. The repositories' write methods wear it; nothing else retries.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from composer.core.errors import StorageError
from composer.store.engine import translated_errors, writer
from composer.store.errors import SerializationConflictError

#: How many times one unit of work runs at most (the first try included).
MAX_ATTEMPTS = 6
#: Backoff before the second try; it doubles each time, with full jitter.
FIRST_BACKOFF = 0.02
#: No single wait is longer than this.
MAX_BACKOFF = 0.5

P = ParamSpec("P")
R = TypeVar("R")


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


class HasDatabase(Protocol):
    """A repository: anything with a :class:`Database` in ``_db``."""

    _db: Database


Repo = TypeVar("Repo", bound=HasDatabase)


def backoff_delay(attempt: int, *, rng: random.Random | None = None) -> float:
    """Seconds to wait after failed try number ``attempt`` (1-based): full jitter, capped."""
    ceiling = min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (attempt - 1))
    # Jitter spreads retries of clients that collided, so they do not collide again.
    return (rng or random).uniform(ceiling / 4, ceiling)


def run_retrying(
    unit: Callable[[], R],
    *,
    attempts: int = MAX_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
    what: str = "this change",
) -> R:
    """Run ``unit`` (a whole unit of work), again after a serialization failure or deadlock.

    Args:
        unit: Opens its own transaction(s); must be safe to run again from the start.
        attempts: How many tries at most.
        sleep: How to wait between tries (injectable for tests).
        what: Names the work in the final error.

    Raises:
        StorageError: still aborted after ``attempts`` tries (a sentence says so).
    """
    for attempt in range(1, attempts + 1):
        try:
            return unit()
        except SerializationConflictError as exc:
            if attempt == attempts:
                raise StorageError(
                    f"The database kept aborting {what} because others changed the same data "
                    f"at the same moment ({attempts} tries); nothing was saved, try again"
                ) from exc
            sleep(backoff_delay(attempt))
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def retrying(
    method: Callable[Concatenate[Repo, P], R],
) -> Callable[Concatenate[Repo, P], R]:
    """Decorate a repository's write method: re-run it on serialization failures and deadlocks.

    The method must be one unit of work (it opens its own ``write()`` session), so running it
    again repeats the reads its decision was based on. Optimistic-locking conflicts
    (:class:`~composer.core.errors.ConflictError`) are not retried: the caller re-reads.
    """
    what = method.__name__.replace("_", " ")

    def wrapper(self: Repo, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return run_retrying(lambda: method(self, *args, **kwargs), what=f"this change ({what})")

    functools.update_wrapper(wrapper, method)
    return wrapper
