"""Operations: slow work off the UI thread, results delivered back on it.

An operation is a plain callable with no Qt inside, plus success and failure callbacks that
run on the UI thread (Anki's ``QueryOp``). Each :class:`OperationRunner` owns ONE worker
thread, so work submitted to it runs in order: the store's runner owns the database engine
(SQLite and SQLAlchemy sessions are not shared across threads), the grammar runner the
LanguageTool client (whose offset conversion is not thread-safe).

Tests use :class:`InlineRunner`, which runs operations synchronously with the same callbacks.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class _Delivery(QObject):
    """Carries a finished operation's outcome to the thread this object lives in (the UI)."""

    finished = Signal(object, object, object)  # callback, value, is_error

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._on_finished)

    @Slot(object, object, object)
    def _on_finished(
        self, callback: Callable[[object], None], value: object, _is_error: object
    ) -> None:
        callback(value)


class OperationRunner(QObject):
    """Runs operations one at a time on a dedicated daemon thread.

    Signals:
        busy_changed(bool): work started (True) or the queue emptied (False).
    """

    busy_changed = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.Queue[tuple[Callable[[], Any], Success, Failure] | None] = queue.Queue()
        self._delivery = _Delivery()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None:
        """Queue ``work``; exactly one callback runs on the UI thread when it is done."""
        with self._lock:
            self._pending += 1
            if self._pending == 1:
                self.busy_changed.emit(True)
        self._queue.put((work, on_success, on_failure))

    def shutdown(self, timeout: float = 5.0) -> None:
        """Finish queued work and stop the thread (waits at most ``timeout`` seconds)."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            work, on_success, on_failure = item
            try:
                value = work()
            except Exception as exc:
                self._delivery.finished.emit(on_failure, exc, True)
            else:
                self._delivery.finished.emit(on_success, value, False)
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self.busy_changed.emit(False)


class InlineRunner(QObject):
    """Runs operations synchronously: the test double for :class:`OperationRunner`.

    Signals:
        busy_changed(bool): never emitted; present for interface parity.
    """

    busy_changed = Signal(bool)

    def submit(self, work: Callable[[], Any], on_success: Success, on_failure: Failure) -> None:
        """Run ``work`` now and call the matching callback."""
        try:
            value = work()
        except Exception as exc:
            on_failure(exc)
        else:
            on_success(value)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Nothing to stop."""
