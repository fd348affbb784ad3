"""Transactions the server aborts for concurrency are re-run; URLs and driver errors are mapped."""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
import pytest
from helpers.team_db import OWNER, TeamDb
from psycopg import errors
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from composer.core.errors import StorageError
from composer.store.database import MAX_ATTEMPTS, MAX_BACKOFF, backoff_delay, run_retrying
from composer.store.engine import is_postgresql, is_sqlite, normalise_url
from composer.store.errors import (
    DatabaseUnreachableError,
    PermissionDeniedError,
    RefusedByDatabaseError,
    SerializationConflictError,
    describe,
)


def _failing(times: int, calls: list[int]) -> Callable[[], str]:
    def unit() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise SerializationConflictError("aborted")
        return "done"

    return unit


def test_retries_then_succeeds() -> None:
    calls: list[int] = []
    waits: list[float] = []
    assert run_retrying(_failing(2, calls), sleep=waits.append) == "done"
    assert len(calls) == 3 and len(waits) == 2
    assert all(0 < w <= MAX_BACKOFF for w in waits)


def test_gives_up_with_a_clear_sentence() -> None:
    calls: list[int] = []
    with pytest.raises(
        StorageError, match=f"kept aborting the save because .* \\({MAX_ATTEMPTS} tries\\)"
    ):
        run_retrying(_failing(99, calls), sleep=lambda _s: None, what="the save")
    assert len(calls) == MAX_ATTEMPTS


def test_backoff_grows_and_is_capped() -> None:
    assert backoff_delay(1) <= backoff_delay(20) <= MAX_BACKOFF
    assert all(backoff_delay(n) <= MAX_BACKOFF for n in range(1, 30))


@pytest.mark.parametrize(
    ("original", "kind", "words"),
    [
        (
            errors.SerializationFailure("could not serialize access"),
            SerializationConflictError,
            "same data",
        ),
        (errors.DeadlockDetected("deadlock detected"), SerializationConflictError, "same data"),
        (
            errors.InsufficientPrivilege("permission denied for table reviews"),
            RefusedByDatabaseError,
            "refused this",
        ),
        (
            errors.InvalidPassword("password authentication failed"),
            DatabaseUnreachableError,
            "cannot be used",
        ),
        (
            psycopg.OperationalError("connection failed: Connection refused"),
            DatabaseUnreachableError,
            "cannot be reached",
        ),
    ],
)
def test_driver_errors_become_sentences(
    original: Exception, kind: type[StorageError], words: str
) -> None:
    wrapped = OperationalError("UPDATE drafts", {}, original)
    found = describe(wrapped, location="postgresql://ann@db/brand")
    assert isinstance(found, kind)
    assert words in str(found) and "postgresql://ann@db/brand" in str(found)
    assert isinstance(
        describe(ProgrammingError("x", {}, errors.InsufficientPrivilege("no")), location="x"),
        PermissionDeniedError,
    )


def test_urls_are_normalised_in_one_place() -> None:
    assert normalise_url("postgres://a@h/db") == "postgresql+psycopg://a@h/db"
    assert normalise_url("postgresql://a:b@h:5/db?sslmode=verify-full") == (
        "postgresql+psycopg://a:b@h:5/db?sslmode=verify-full"
    )
    assert normalise_url("postgresql+psycopg2://a@h/db") == "postgresql+psycopg2://a@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    assert is_postgresql("postgres://a@h/db") and not is_sqlite("postgres://a@h/db")
    assert is_sqlite("sqlite://") and not is_postgresql("sqlite://")


def test_a_real_deadlock_is_retried(team_db: TeamDb) -> None:
    store = team_db.store(OWNER)
    db = store.db
    barrier = threading.Barrier(2, timeout=20)
    tries: dict[str, int] = {"a": 0, "b": 0}
    aborted: list[str] = []

    def worker(name: str, first: str, second: str) -> Callable[[], None]:
        def unit() -> None:
            tries[name] += 1
            try:
                with db.write() as session:
                    update = "UPDATE accounts SET purpose = purpose WHERE handle = :h"
                    session.execute(text(update), {"h": first})
                    if tries[name] == 1:
                        barrier.wait()  # both hold their first row now
                    session.execute(text(update), {"h": second})
            except SerializationConflictError:
                aborted.append(name)
                raise

        return lambda: run_retrying(unit)

    threads = [
        threading.Thread(target=worker("a", "@Help", "@Alerts")),
        threading.Thread(target=worker("b", "@Alerts", "@Help")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(aborted) == 1  # the server broke the deadlock by aborting one of them...
    assert tries[aborted[0]] == 2  # ...which ran again and finished
    assert sum(tries.values()) == 3
