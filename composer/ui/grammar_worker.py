"""Grammar checks as operations: debounced, on ONE worker thread, latest request wins.

The editor calls :meth:`GrammarWorker.set_text` on every change. After a pause (a single-shot
timer, 400 ms) the latest text is handed to the grammar service on the worker thread; while a
check is running, newer texts wait and only the newest is checked next. Each request carries
the text revision; a result for an older revision is re-mapped onto the current text when the
edit did not touch its spans (``composer.core.offsets.remap_findings``), otherwise dropped.
The UI thread never waits on the network.

The pictures' alt texts are checked by the same service on the same thread
(:meth:`GrammarWorker.set_alt_texts`, debounced the same way): only texts not checked yet are
sent, and ``alt_findings_ready`` gives every current alt text's findings, keyed by the text
(the same alt text gets the same findings, wherever its picture moves). Their results leave the
status indicator alone (it speaks of the post), except a bug in the service (``error``).

States of ``status_changed``: ``off``, ``checking``, ``slow`` (no answer after 2 s),
``ready``, ``fallback`` (LanguageTool failed, offline spelling shown; the message names the
problem), ``unreachable`` and ``error`` (failed with no offline dictionary for the language).
"""

from __future__ import annotations

import ctypes
import queue
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance, Slot

from composer.core.findings import Finding
from composer.core.offsets import remap_findings
from composer.services.grammar_status import FALLBACK, OFF, OFFLINE, READY, GrammarResult

#: Results kept for an alt text until it changes (LanguageTool's, or the dictionary's by choice);
#: any other (a fallback, a failure) is asked again at the next change of the media.
_SETTLED = (READY, OFFLINE)

DEBOUNCE_MS = 400
SLOW_AFTER_MS = 2000


class GrammarChecking(Protocol):
    """What the worker needs from ``composer.services.grammar.GrammarService``."""

    def check(self, text: str) -> GrammarResult:
        """Check one text; service problems are reported in the result."""

    def close(self) -> None:
        """Release the service (stop a local LanguageTool)."""


Job = Callable[[], object]


class _Probe(QObject):
    ping = Signal()


def _emit_loses_a_reference() -> bool:
    """PySide6 6.12.0's ``emit`` returns ``True`` without a new reference.

    Every discarded result then takes one reference from ``True``; on Python 3.11 (where
    ``True`` is not immortal) the interpreter aborts with "deallocating True or False" after
    enough emits. Measured here rather than keyed on a version, so a fixed PySide6 is left alone.
    """
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    return sys.getrefcount(True) < before


_COMPENSATE = _emit_loses_a_reference()


def emit(signal: SignalInstance, *args: Any) -> None:  # noqa: ANN401 - a signal's arguments
    """``signal.emit(*args)``, giving back the reference PySide6 6.12.0 takes from ``True``."""
    emitter: Callable[..., object] = signal.emit
    result = emitter(*args)
    if _COMPENSATE:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


class SerialThread:
    """One daemon thread running jobs in order (the LanguageTool client is not thread-safe)."""

    def __init__(self, name: str = "grammar") -> None:
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        """Queue ``job``."""
        self._jobs.put(job)

    def shutdown(self, timeout: float) -> bool:
        """Run what is queued, stop; True if the thread ended within ``timeout`` seconds."""
        self._jobs.put(None)
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job()


class InlineThread:
    """Runs jobs at once on the caller's thread: the test double for :class:`SerialThread`."""

    def submit(self, job: Job) -> None:
        """Run ``job`` now."""
        job()

    def shutdown(self, timeout: float) -> bool:
        """Nothing to stop."""
        return True


class GrammarWorker(QObject):
    """Runs grammar checks off the UI thread and reports findings and status.

    Args:
        service: The grammar service (owned: closed on :meth:`shutdown`).
        thread: Where checks run (default: a new :class:`SerialThread`).
        debounce_ms: Pause after the last change before checking.
        slow_after_ms: When a running check is reported as ``slow``.

    Signals:
        findings_ready(int, list): text revision and its grammar findings.
        alt_findings_ready(object): ``{alt text: its findings}`` for every current alt text
            checked (spans in that alt text).
        status_changed(str, str): state and a sentence for the status indicator.
    """

    findings_ready = Signal(int, list)
    alt_findings_ready = Signal(object)
    status_changed = Signal(str, str)
    _finished = Signal(int, object)  # revision, GrammarResult or exception; crosses threads
    _alt_finished = Signal(object)  # {alt text: GrammarResult} or exception; crosses threads
    _progress = Signal(str)  # local mode's download/start progress; crosses threads

    def __init__(
        self,
        service: GrammarChecking,
        *,
        thread: SerialThread | InlineThread | None = None,
        debounce_ms: int = DEBOUNCE_MS,
        slow_after_ms: int = SLOW_AFTER_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._thread = thread if thread is not None else SerialThread()
        self._revision = 0
        self._text = ""
        self._in_flight: int | None = None
        self._wanted = False
        self._closed = False
        self.state = ""
        self.message = ""
        self.problem_kind = ""
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._slow = QTimer(self)
        self._slow.setSingleShot(True)
        self._slow.setInterval(slow_after_ms)
        self._alts: tuple[str, ...] = ()
        self._alt_found: dict[str, tuple[Finding, ...]] = {}
        self._alt_settled: set[str] = set()
        self._alt_in_flight = False
        self._alt_wanted = False
        self._alt_debounce = QTimer(self)
        self._alt_debounce.setSingleShot(True)
        self._alt_debounce.setInterval(debounce_ms)
        self._connect_signals()
        if hasattr(service, "on_progress"):
            service.on_progress = self._report_progress

    def _report_progress(self, message: str) -> None:
        emit(self._progress, message)  # on the worker thread

    @Slot(str)
    def _on_progress(self, message: str) -> None:
        if self._in_flight is not None and not self._closed:
            self._set_status("checking", message)

    def _connect_signals(self) -> None:
        self._progress.connect(self._on_progress)
        self._debounce.timeout.connect(self._on_debounce_timeout)
        self._slow.timeout.connect(self._on_slow_timeout)
        self._finished.connect(self._on_check_finished)
        self._alt_debounce.timeout.connect(self._on_alt_debounce_timeout)
        self._alt_finished.connect(self._on_alt_finished)

    @property
    def revision(self) -> int:
        """The current text revision (increases on every :meth:`set_text`)."""
        return self._revision

    @property
    def busy(self) -> bool:
        """True while a check runs on the worker thread."""
        return self._in_flight is not None

    @property
    def idle(self) -> bool:
        """True when no check (of the post or an alt text) is running or waiting for a pause."""
        return (
            self._in_flight is None
            and not self._debounce.isActive()
            and not self._alt_in_flight
            and not self._alt_debounce.isActive()
        )

    @Slot(str)
    def set_text(self, text: str) -> int:
        """The editor's text changed: remember it, (re)start the pause timer; returns revision."""
        self._revision += 1
        self._text = text
        if not self._closed:
            self._debounce.start()
        return self._revision

    def check_now(self) -> None:
        """Check the current text without waiting for the pause."""
        self._debounce.stop()
        self._on_debounce_timeout()

    def set_alt_texts(self, texts: Sequence[str]) -> None:
        """The pictures' alt texts, in order: check the new ones after the pause."""
        self._alts = tuple(dict.fromkeys(t for t in texts if t.strip()))
        if not self._closed:
            self._alt_debounce.start()

    def shutdown(self, timeout: float = 3.0) -> None:
        """Stop checking, close the service (stops a local LanguageTool) and the thread."""
        if self._closed:
            return
        self._closed = True
        self._debounce.stop()
        self._alt_debounce.stop()
        self._slow.stop()
        self._thread.submit(self._service.close)
        if not self._thread.shutdown(timeout):
            # A check is stuck past its timeout: close from here so no Java process survives.
            self._service.close()

    @Slot()
    def _on_debounce_timeout(self) -> None:
        if self._closed:
            return
        if self._in_flight is not None:
            self._wanted = True  # only the newest text is checked when the running one ends
            return
        self._start(self._revision, self._text)

    def _start(self, revision: int, text: str) -> None:
        self._in_flight = revision
        self._wanted = False
        if self.state not in ("checking", "slow"):
            self._set_status("checking", self.tr("Checking grammar and spelling…"))
        self._slow.start()
        service = self._service
        finished = self._finished

        def job() -> None:
            outcome: object
            try:
                outcome = service.check(text)
            except Exception as exc:
                outcome = exc
            emit(finished, revision, outcome)

        self._thread.submit(job)

    @Slot()
    def _on_slow_timeout(self) -> None:
        if self._in_flight is not None and not self._closed:
            self._set_status(
                "slow",
                self.tr("LanguageTool is taking longer than usual; typing is not affected"),
            )

    @Slot(int, object)
    def _on_check_finished(self, revision: int, outcome: object) -> None:
        self._in_flight = None
        self._slow.stop()
        if self._closed:
            return
        if isinstance(outcome, BaseException):
            # A bug in the service, not a service problem: say so and keep the editor working.
            self.problem_kind = "bug"
            self._set_status(
                "error",
                self.tr("Grammar check failed unexpectedly: %1").replace("%1", repr(outcome)),
            )
        else:
            assert isinstance(outcome, GrammarResult)
            self._deliver(revision, outcome)
        if self._wanted:
            self._start(self._revision, self._text)

    @Slot()
    def _on_alt_debounce_timeout(self) -> None:
        if self._closed:
            return
        if self._alt_in_flight:
            self._alt_wanted = True  # the newest alt texts are checked when this one ends
            return
        self._alt_wanted = False
        missing = tuple(t for t in self._alts if t not in self._alt_settled)
        if not missing:
            self._deliver_alts()
            return
        self._alt_in_flight = True
        service = self._service
        finished = self._alt_finished

        def job() -> None:
            outcome: object
            try:
                outcome = {text: service.check(text) for text in missing}
            except Exception as exc:
                outcome = exc
            emit(finished, outcome)

        self._thread.submit(job)

    @Slot(object)
    def _on_alt_finished(self, outcome: object) -> None:
        self._alt_in_flight = False
        if self._closed:
            return
        if isinstance(outcome, dict):
            for text, result in outcome.items():
                assert isinstance(result, GrammarResult)
                self._alt_found[text] = result.findings
                if result.status in _SETTLED:
                    self._alt_settled.add(text)
                else:
                    self._alt_settled.discard(text)
        else:  # a bug in the service, as for the post: said, and the editor keeps working
            self.problem_kind = "bug"
            self._set_status(
                "error",
                self.tr("Grammar check failed unexpectedly: %1").replace("%1", repr(outcome)),
            )
        self._deliver_alts()
        if self._alt_wanted:
            self._on_alt_debounce_timeout()

    def _deliver_alts(self) -> None:
        current = set(self._alts)
        self._alt_found = {t: f for t, f in self._alt_found.items() if t in current}
        self._alt_settled &= current
        emit(self.alt_findings_ready, dict(self._alt_found))

    def _deliver(self, revision: int, result: GrammarResult) -> None:
        findings: tuple[Finding, ...] = result.findings
        if revision != self._revision:
            findings = remap_findings(findings, result.text, self._text)
        emit(self.findings_ready, self._revision, list(findings))
        problem = result.problem
        self.problem_kind = problem.kind if problem is not None else ""
        if result.status == READY:
            self._set_status("ready", result.message)
        elif result.status == OFF:
            self._set_status("off", result.message)
        elif result.status == FALLBACK:
            self._set_status("fallback", result.message)
        elif result.status == OFFLINE:
            self._set_status("offline", result.message)
        else:
            self._set_status(problem.state if problem is not None else "error", result.message)

    def _set_status(self, state: str, message: str) -> None:
        if (state, message) == (self.state, self.message):
            return
        self.state, self.message = state, message
        emit(self.status_changed, state, message)
