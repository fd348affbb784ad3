"""GrammarWorker: debounce, latest-wins, stale results, and no UI stalls when LanguageTool fails."""

from __future__ import annotations

import ctypes
import itertools
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.lt_server import LanguageToolTestServer, refused_url, running_server
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPlainTextEdit

from composer.core.checker import Checker
from composer.core.findings import Finding, Source
from composer.core.guide.loader import load_guide
from composer.services.grammar import GrammarResult, GrammarService
from composer.services.spelling import OFFLINE_RULE
from composer.ui.grammar_worker import GrammarWorker, InlineThread, SerialThread

GUIDE = """\
brand: Stall Co.
vocabulary: {accept: [TrailPro]}
rules:
  - id: Stall.Claims
    extends: existence
    message: "Don't promise '%s'."
    level: error
    ignorecase: true
    tokens: [guaranteed]
"""
# 200 characters with misspellings both checkers know, and a style finding.
TYPED = ("guaranteed teh TrailPro recieve the the parcel " * 5)[:200]
# A grammar call made on the UI thread would stall it for the whole client timeout (1 s here,
# with the "slow" server holding every answer for 10 s). The bound sits just under that: on a
# shared two-core machine under a load of 7, scheduling alone stalled the loop 0.5 s. Speed
# itself is measured in benchmarks/, not here.
MAX_STALL = 0.900

# PySide6 6.12.0 on Python 3.11: void methods return None, and emit() returns True, without a
# new reference, so a long session aborts ("deallocating None"). Python 3.12+ makes them
# immortal; do the same here until the suite-wide fix lands (see docs/grammar.md).
if sys.version_info < (3, 12):
    for _obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_obj)).value += 1 << 32


@dataclass(frozen=True)
class Settings:
    mode: str = "server"
    server_url: str = ""
    timeout_seconds: float = 1.0
    public_api_consent: bool = False


@pytest.fixture
def lt_server() -> Iterator[LanguageToolTestServer]:
    """The LanguageTool protocol server on 127.0.0.1, stopped after the test."""
    with running_server() as server:
        yield server


class Recorder:
    def __init__(self, worker: GrammarWorker) -> None:
        self.findings: list[tuple[int, list[Finding]]] = []
        self.statuses: list[tuple[str, str]] = []
        worker.findings_ready.connect(lambda rev, found: self.findings.append((rev, found)))
        worker.status_changed.connect(lambda state, msg: self.statuses.append((state, msg)))


def make_worker(
    url: str, *, thread=None, debounce_ms: int = 60, timeout: float = 1.0
) -> GrammarWorker:
    service = GrammarService(Settings("server", url, timeout), accepted_vocabulary=["TrailPro"])
    return GrammarWorker(service, thread=thread, debounce_ms=debounce_ms, slow_after_ms=300)


def test_debounce_checks_once_after_pause(qtbot: QtBot, lt_server: LanguageToolTestServer):
    worker = make_worker(lt_server.url, thread=InlineThread())
    rec = Recorder(worker)
    for text in ("t", "te", "teh", "teh x"):
        worker.set_text(text)
    with qtbot.waitSignal(worker.findings_ready, timeout=2000) as blocker:
        pass
    revision, findings = blocker.args
    assert revision == worker.revision == 4
    assert [(f.rule, f.start, f.end, f.source) for f in findings] == [
        ("MORFOLOGIK_RULE_EN_US", 0, 3, Source.GRAMMAR)
    ]
    assert [f["text"] for f in lt_server.check_requests()] == ["teh x"]
    assert rec.statuses[-1][0] == "ready"
    worker.shutdown()


def test_latest_request_wins_and_stale_results_are_remapped(
    qtbot: QtBot, lt_server: LanguageToolTestServer
):
    lt_server.faults.delay = 0.4
    worker = make_worker(lt_server.url, thread=SerialThread(), timeout=3)
    rec = Recorder(worker)
    worker.set_text("teh one")
    worker.check_now()
    qtbot.waitUntil(lambda: len(lt_server.check_requests()) == 1, timeout=2000)
    worker.set_text("teh one two")
    worker.set_text("teh one two recieve")  # edits after the flagged word
    worker.check_now()  # a check is running: this one waits and supersedes nothing else
    worker.set_text("teh one two recieve, definately")
    qtbot.waitUntil(lambda: len(rec.findings) >= 1, timeout=3000)
    # The stale answer for "teh one" is carried over to the current revision.
    assert rec.findings[0][0] == worker.revision
    assert [(f.start, f.end) for f in rec.findings[0][1]] == [(0, 3)]
    qtbot.waitUntil(lambda: len(rec.findings) >= 2, timeout=4000)
    assert [f["text"] for f in lt_server.check_requests()] == [
        "teh one",
        "teh one two recieve, definately",
    ]
    text = "teh one two recieve, definately"
    assert [text[f.start : f.end] for f in rec.findings[-1][1]] == ["teh", "recieve", "definately"]
    worker.shutdown()


def test_stale_result_touching_the_edit_is_dropped(qtbot: QtBot, lt_server: LanguageToolTestServer):
    lt_server.faults.delay = 0.3
    worker = make_worker(lt_server.url, thread=SerialThread(), debounce_ms=5000, timeout=3)
    rec = Recorder(worker)
    worker.set_text("hello teh")
    worker.check_now()
    worker.set_text("hello tehx")  # typing onto the flagged word
    qtbot.waitUntil(lambda: bool(rec.findings), timeout=3000)
    assert rec.findings[0] == (2, [])
    worker.shutdown()


def test_real_thread_shutdown_closes_service(qtbot: QtBot, lt_server: LanguageToolTestServer):
    worker = make_worker(lt_server.url, thread=SerialThread())
    service = worker._service
    worker.set_text("teh")
    worker.check_now()
    qtbot.waitUntil(lambda: worker.state == "ready", timeout=3000)
    worker.shutdown()
    assert service._closed
    worker.set_text("teh teh")  # after shutdown nothing runs
    qtbot.wait(150)
    assert len(lt_server.check_requests()) == 1


def _guide(tmp_path: Path) -> Checker:
    path = tmp_path / "brand-guide.yml"
    path.write_text(GUIDE, encoding="utf-8")
    return Checker(load_guide(path))


def _type_and_measure(
    qtbot: QtBot, edit: QPlainTextEdit, text: str, pause_every: int = 50
) -> float:
    """Type ``text`` with short pauses (so checks start mid-typing); the longest loop stall."""
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(3)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.wait(20)
    for i, char in enumerate(text, 1):
        qtbot.keyClicks(edit, char)
        qtbot.wait(1)
        if i % pause_every == 0:
            qtbot.wait(150)  # past the debounce: a check goes out while typing continues
    qtbot.wait(30)
    timer.stop()
    return max(b - a for a, b in itertools.pairwise(ticks))


FAULTS = ["slow", "http500", "malformed", "refused", "disappears"]


@pytest.mark.parametrize("fault", FAULTS)
def test_typing_never_stalls_when_grammar_fails(
    qtbot: QtBot, lt_server: LanguageToolTestServer, tmp_path: Path, fault: str
):
    checker = _guide(tmp_path)
    url = lt_server.url
    if fault == "slow":
        lt_server.faults.delay = 10
    elif fault == "http500":
        lt_server.faults.status = 500
    elif fault == "malformed":
        lt_server.faults.malformed = True
    elif fault == "refused":
        url = refused_url()
    worker = make_worker(url, debounce_ms=100, timeout=1.0)
    rec = Recorder(worker)
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    local: list[tuple[Finding, ...]] = []

    def on_text_changed() -> None:
        text = edit.toPlainText()
        local.append(checker.check(text).findings)  # the local check stays on the UI thread
        worker.set_text(text)

    edit.textChanged.connect(on_text_changed)
    if fault == "disappears":
        stall_before = _type_and_measure(qtbot, edit, TYPED[:100])
        qtbot.waitUntil(lambda: worker.state == "ready", timeout=3000)
        lt_server.stop()
        stall = max(stall_before, _type_and_measure(qtbot, edit, TYPED[100:]))
    else:
        stall = _type_and_measure(qtbot, edit, TYPED)
    assert edit.toPlainText() == TYPED
    print(f"longest stall {fault}: {stall * 1000:.1f} ms")
    assert stall < MAX_STALL, f"event loop stalled {stall * 1000:.1f} ms"
    # The local findings appeared on every keystroke, grammar or not.
    assert len(local) == 200
    assert any(f.rule == "Stall.Claims" for f in local[-1])
    expected = {
        "slow": "timed out after 1 s",
        "http500": "answered HTTP 500",
        "malformed": "sent a malformed answer",
        "refused": "refused the connection",
        "disappears": "refused the connection",
    }[fault]
    qtbot.waitUntil(lambda: expected in worker.message and not worker.busy, timeout=8000)
    assert worker.state == "fallback"
    assert "offline dictionary (fallback)" in worker.message
    if fault == "slow":
        assert "slow" in [s for s, _ in rec.statuses]
    last = rec.findings[-1][1]
    assert {f.rule for f in last} == {OFFLINE_RULE}
    assert "teh" in {TYPED[f.start : f.end] for f in last}
    worker.shutdown()


class PreparingService:
    """Reports local-mode progress from the worker thread, then answers like LanguageTool."""

    def __init__(self) -> None:
        self.on_progress = None
        self.closed = False

    def check(self, text: str) -> GrammarResult:
        assert self.on_progress is not None
        for percent in (10, 50, 100):
            self.on_progress(f"Downloading LanguageTool (first use): {percent}% of 250 MB")
            time.sleep(0.02)
        return GrammarResult(text, (), "ready", "LanguageTool (local) is checking")

    def close(self) -> None:
        self.closed = True


def test_local_download_progress_reaches_status(qtbot: QtBot):
    service = PreparingService()
    worker = GrammarWorker(service, thread=SerialThread(), debounce_ms=10)
    rec = Recorder(worker)
    worker.set_text("hello")
    qtbot.waitUntil(lambda: worker.state == "ready", timeout=3000)
    progress = [m for s, m in rec.statuses if s == "checking" and "%" in m]
    assert progress[-1] == "Downloading LanguageTool (first use): 100% of 250 MB"
    worker.shutdown()
    assert service.closed


class BrokenService:
    def check(self, text: str) -> GrammarResult:
        raise RuntimeError("bug in the service")

    def close(self) -> None:
        pass


def test_service_bug_is_reported_not_swallowed_silently(qtbot: QtBot):
    worker = GrammarWorker(BrokenService(), thread=InlineThread(), debounce_ms=10)
    worker.set_text("hello")
    qtbot.waitUntil(lambda: worker.state == "error", timeout=2000)
    assert "bug in the service" in worker.message
    assert worker.problem_kind == "bug"
    worker.shutdown()
