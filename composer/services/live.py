"""Live updates: what other people just did, delivered to a callback on a listener thread.

On a team database (PostgreSQL) the server's triggers send ``NOTIFY bvc_changes`` with a small
JSON payload on every change to drafts, reviews, comments and the queue (see
:mod:`composer.store.team`). :class:`PostgresListener` keeps one ``LISTEN`` connection on its
own thread, waits on ``conn.notifies()`` with a short timeout so that it can stop promptly,
and reconnects with capped exponential backoff when the server goes away (one attempt at a
time, never a flood); after a reconnect it delivers a ``reconnected`` event, because changes
made meanwhile were not announced to it.

On SQLite (one person, maybe a cron job publishing) :class:`SqlitePoller` reads
``PRAGMA data_version`` once a second, which changes only when another connection committed:
a microsecond-cheap query, and a ``changed`` event without details.

Every listener has the same interface (:class:`Listener`); :func:`make_listener` picks one for
a database URL. :func:`needs_attention` decides, from an event alone, whether it is something
the given person should be told about (a draft to review, changes requested on theirs, a post
of their account that failed).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from composer.store.engine import is_postgresql, normalise_url, sqlite_path

log = logging.getLogger(__name__)

#: The channel the team database announces changes on (composer.store.team.NOTIFY_CHANNEL).
CHANNEL = "bvc_changes"
#: How long one wait for notifications lasts: the longest a stop() waits for the thread.
WAIT_SECONDS = 0.5
#: Reconnection backoff: first wait, and the cap it doubles up to.
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 30.0
#: How often the SQLite poller looks at ``data_version``.
POLL_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class ChangeEvent:
    """One change somebody made (or a note that changes may have been missed).

    Attributes:
        table: The table that changed (``*`` when unknown, as on SQLite or after a reconnect).
        op: ``insert``, ``update``, ``changed`` (SQLite) or ``reconnected``.
        draft_id: The draft concerned, if any.
        account: Its account handle, if known.
        state: The draft's state after the change.
        previous: For a change of a draft row: its state before.
        actor: The database login that made the change.
        author: The draft's author.
        reviewers: For a submitted draft: who may review it (its author left out).
        managers: For a failed post: the account's reviewers and admins.
    """

    table: str
    op: str = ""
    draft_id: int | None = None
    account: str | None = None
    state: str | None = None
    previous: str | None = None
    actor: str | None = None
    author: str | None = None
    reviewers: frozenset[str] = frozenset()
    managers: frozenset[str] = frozenset()

    @classmethod
    def from_payload(cls, payload: str) -> ChangeEvent | None:
        """Read a notification's JSON payload; ``None`` when it is not one of ours."""
        try:
            data = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("table"), str):
            return None
        draft = data.get("draft")

        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) else None

        def names(key: str) -> frozenset[str]:
            value = data.get(key)
            if not isinstance(value, list):
                return frozenset()
            return frozenset(v for v in value if isinstance(v, str))

        return cls(
            table=data["table"],
            op=text("op") or "",
            draft_id=draft if isinstance(draft, int) and not isinstance(draft, bool) else None,
            account=text("account"),
            state=text("state"),
            previous=text("previous"),
            actor=text("actor"),
            author=text("author"),
            reviewers=names("reviewers"),
            managers=names("managers"),
        )


class AttentionKind(StrEnum):
    """Why a person is told about a change."""

    REVIEW = "review"
    CHANGES_REQUESTED = "changes_requested"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Attention:
    """Something that needs ``user``: what, which draft, which account, who caused it."""

    kind: AttentionKind
    draft_id: int
    account: str
    actor: str


def needs_attention(event: ChangeEvent, user: str) -> Attention | None:
    """Whether ``event`` is something ``user`` should be told about, and why.

    A draft submitted for review (to its reviewers), changes requested (to the author) and a
    post that failed (to the account's reviewers and admins, and the author). Nobody is told
    about their own doing, and only a draft *entering* such a state counts (not an autosave
    during review, nor the review row that accompanies a decision).
    """
    if event.table != "drafts" or event.draft_id is None or event.actor == user:
        return None
    if event.op != "update" or event.previous == event.state:
        return None
    account, actor = event.account or "", event.actor or ""
    if event.state == "submitted" and user in event.reviewers:
        return Attention(AttentionKind.REVIEW, event.draft_id, account, actor)
    if event.state == "changes_requested" and event.author == user:
        return Attention(AttentionKind.CHANGES_REQUESTED, event.draft_id, account, actor)
    if event.state == "failed" and (user in event.managers or event.author == user):
        return Attention(AttentionKind.FAILED, event.draft_id, account, actor)
    return None


EventCallback = Callable[[ChangeEvent], None]


class Listener(Protocol):
    """What the app needs of a listener: start delivering to a callback, and stop."""

    def start(self, callback: EventCallback) -> None:
        """Start the listener thread; ``callback`` runs on it for every event."""

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (returns within about ``WAIT_SECONDS`` plus ``timeout``)."""

    @property
    def running(self) -> bool:
        """True while the thread runs."""


class _ThreadedListener:
    """A daemon thread running :meth:`_run` until :meth:`stop`."""

    name = "live-updates"

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._callback: EventCallback | None = None

    @property
    def running(self) -> bool:
        """True while the thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, callback: EventCallback) -> None:
        """Start delivering events to ``callback`` (on the listener's thread)."""
        if self.running:
            return
        self._callback = callback
        self._stop.clear()
        self._thread = threading.Thread(target=self._guarded, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to stop and wait for it."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _deliver(self, event: ChangeEvent) -> None:
        callback = self._callback
        if callback is None or self._stop.is_set():
            return
        try:
            callback(event)
        except Exception:  # a faulty receiver must not end the listener
            log.exception("live update receiver failed on %s", event)

    def _guarded(self) -> None:
        try:
            self._run()
        except Exception:  # pragma: no cover - _run handles what it expects
            log.exception("live updates stopped by an unexpected error")

    def _run(self) -> None:  # pragma: no cover - subclasses
        raise NotImplementedError


class NullListener(_ThreadedListener):
    """No live updates (an in-memory database): starts, delivers nothing, stops."""

    def start(self, callback: EventCallback) -> None:
        """Deliver nothing."""
        self._callback = callback

    @property
    def running(self) -> bool:
        """Never runs."""
        return False


class PostgresListener(_ThreadedListener):
    """``LISTEN bvc_changes`` on its own connection and thread, reconnecting with backoff.

    Args:
        url: The team database URL (any spelling :func:`normalise_url` accepts).
        channel: The channel to listen on.
        wait: Seconds one wait for notifications lasts (bounds how long :meth:`stop` takes).
        first_backoff: First wait before reconnecting; doubles per failure up to ``max_backoff``.
        max_backoff: The longest wait between two connection attempts.
    """

    name = "live-updates-postgres"

    def __init__(
        self,
        url: str,
        *,
        channel: str = CHANNEL,
        wait: float = WAIT_SECONDS,
        first_backoff: float = FIRST_BACKOFF,
        max_backoff: float = MAX_BACKOFF,
    ) -> None:
        super().__init__()
        from sqlalchemy.engine import make_url  # noqa: PLC0415 - only for PostgreSQL

        parsed = make_url(normalise_url(url)).set(drivername="postgresql")
        self._conninfo = parsed.render_as_string(hide_password=False)
        self._channel = channel
        self._wait = wait
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff
        #: Connection attempts so far (tests check that reconnection never floods).
        self.attempts = 0
        #: Successful connections so far.
        self.connections = 0
        self._connected = threading.Event()

    def wait_connected(self, timeout: float) -> bool:
        """Block until the listener is connected and listening (for tests and start-up)."""
        return self._connected.wait(timeout)

    def _run(self) -> None:
        import psycopg  # noqa: PLC0415 - only for PostgreSQL
        from psycopg import sql  # noqa: PLC0415

        backoff = self._first_backoff
        while not self._stop.is_set():
            self.attempts += 1
            try:
                with psycopg.connect(
                    self._conninfo,
                    autocommit=True,
                    connect_timeout=10,
                    application_name="brand-voice-composer-live",
                ) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self._channel)))
                    self.connections += 1
                    if self.connections > 1:  # changes made meanwhile were not announced
                        self._deliver(ChangeEvent(table="*", op="reconnected"))
                    self._connected.set()
                    backoff = self._first_backoff
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=self._wait):
                            event = ChangeEvent.from_payload(notify.payload)
                            if event is not None:
                                self._deliver(event)
            except psycopg.Error as exc:
                self._connected.clear()
                log.info("live updates: %s; reconnecting in %.1f s", exc, backoff)
                self._stop.wait(backoff)
                backoff = min(self._max_backoff, backoff * 2)
        self._connected.clear()


class SqlitePoller(_ThreadedListener):
    """Watch an SQLite file's ``data_version``: a ``changed`` event after other writers commit.

    Args:
        path: The database file.
        interval: Seconds between two looks.
    """

    name = "live-updates-sqlite"

    def __init__(self, path: str, *, interval: float = POLL_SECONDS) -> None:
        super().__init__()
        self._path = path
        self._interval = interval

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        seen: int | None = None
        try:
            while not self._stop.wait(self._interval if seen is not None else 0):
                try:
                    if connection is None:
                        # mode=rw: never create the file if it is missing.
                        uri = Path(self._path).resolve().as_uri() + "?mode=rw"
                        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
                        connection.execute("PRAGMA query_only=1")
                    row = connection.execute("PRAGMA data_version").fetchone()
                except sqlite3.Error:
                    # Moved, locked or damaged: look again next time with a fresh connection.
                    if connection is not None:
                        connection.close()
                    connection, seen = None, None
                    self._stop.wait(self._interval)
                    continue
                version = int(row[0]) if row else 0
                if seen is not None and version != seen:
                    self._deliver(ChangeEvent(table="*", op="changed"))
                seen = version
        finally:
            if connection is not None:
                connection.close()


def make_listener(url: str) -> Listener:
    """The listener for a database URL: NOTIFY on PostgreSQL, a poll on an SQLite file."""
    if is_postgresql(url):
        return PostgresListener(url)
    path = sqlite_path(url)
    if path is not None:
        return SqlitePoller(str(path))
    return NullListener()
