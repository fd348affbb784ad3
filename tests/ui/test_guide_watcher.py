"""The guide reloads when its files change (not when the database beside it writes), off the UI
thread, keeping the last good guide while a new one loads; a newer reload supersedes an older one."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QTimer

from composer.core.errors import GuideError, GuideProblem
from composer.ui.guide_watcher import GuideWatcher


def test_only_guide_files_trigger_a_reload(qtbot: QtBot, tmp_path: Path) -> None:
    guide = tmp_path / "brand-guide.yml"
    guide.write_text("brand: A\n", encoding="utf-8")
    loads: list[str] = []

    def loader(path: Path) -> object:
        loads.append(path.read_text(encoding="utf-8"))
        return loads[-1]

    watcher = GuideWatcher(guide, loader)
    starts: list[bool] = []
    watcher.loading.connect(lambda: starts.append(True))
    watcher.reload()
    assert starts == [True]
    qtbot.waitUntil(lambda: watcher.current == "brand: A\n", timeout=5000)
    assert loads == ["brand: A\n"]

    # The workspace database writes its journal next to the guide: no reload, so a banner
    # the window shows (a store problem, an expiry warning) is not cleared by a phantom load.
    (tmp_path / "composer.sqlite3-journal").write_bytes(b"x" * 100)
    (tmp_path / "composer.sqlite3-journal").unlink()
    qtbot.wait(600)
    assert loads == ["brand: A\n"]

    guide.write_text("brand: B\n", encoding="utf-8")
    qtbot.waitUntil(lambda: loads[-1] == "brand: B\n", timeout=5000)
    vocab = tmp_path / "styles" / "accept.txt"
    vocab.parent.mkdir()
    vocab.write_text("TrailPro\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(loads) == 3, timeout=5000)


class _GatedLoader:
    """A loader that waits for the test to open its gate, recording the thread it ran on."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.started = threading.Event()
        self.calls: list[tuple[str, bool]] = []

    def __call__(self, path: Path) -> object:
        text = path.read_text(encoding="utf-8")
        self.calls.append((text, threading.current_thread() is threading.main_thread()))
        self.started.set()
        if not self.gate.wait(10):
            raise TimeoutError("the test never opened the gate")
        if "bad" in text:
            raise GuideError([GuideProblem(str(path), 2, 1, "bad guide")])
        return text


def test_a_slow_load_runs_off_the_ui_thread_and_the_last_good_guide_stays(
    qtbot: QtBot, tmp_path: Path
) -> None:
    guide = tmp_path / "brand-guide.yml"
    guide.write_text("brand: A\n", encoding="utf-8")
    loader = _GatedLoader()
    watcher = GuideWatcher(guide, loader)
    loader.gate.set()
    with qtbot.waitSignal(watcher.loaded, timeout=5000):
        watcher.reload()
    assert watcher.current == "brand: A\n"

    loader.gate.clear()
    loader.started.clear()
    guide.write_text("brand: B\n", encoding="utf-8")
    started = time.monotonic()
    watcher.reload()
    assert time.monotonic() - started < 1.0  # returned at once: the load is elsewhere
    assert loader.started.wait(5)
    # The UI thread keeps running events while the load waits, and the old guide holds.
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=2000)
    timer.stop()
    assert watcher.busy
    assert watcher.current == "brand: A\n"
    with qtbot.waitSignal(watcher.loaded, timeout=5000) as blocker:
        loader.gate.set()
    assert blocker.args == ["brand: B\n"]
    assert watcher.current == "brand: B\n"
    assert not watcher.busy
    assert [on_ui for _, on_ui in loader.calls] == [False, False]


def test_a_newer_reload_supersedes_an_older_one(qtbot: QtBot, tmp_path: Path) -> None:
    guide = tmp_path / "brand-guide.yml"
    guide.write_text("brand: 1\n", encoding="utf-8")
    loader = _GatedLoader()
    watcher = GuideWatcher(guide, loader)
    delivered: list[object] = []
    watcher.loaded.connect(delivered.append)
    watcher.reload()
    assert loader.started.wait(5)
    guide.write_text("brand: 2\n", encoding="utf-8")
    watcher.reload()  # queued behind the first, then superseded before it starts
    guide.write_text("brand: 3\n", encoding="utf-8")
    watcher.reload()
    loader.gate.set()
    qtbot.waitUntil(lambda: not watcher.busy, timeout=5000)
    qtbot.wait(50)
    # The first load finished but was superseded; the second never ran; the third counts.
    assert [text for text, _ in loader.calls] == ["brand: 1\n", "brand: 3\n"]
    assert delivered == ["brand: 3\n"]
    assert watcher.current == "brand: 3\n"


def test_a_failed_load_reports_and_keeps_the_last_good_guide(qtbot: QtBot, tmp_path: Path) -> None:
    guide = tmp_path / "brand-guide.yml"
    guide.write_text("brand: A\n", encoding="utf-8")
    loader = _GatedLoader()
    loader.gate.set()
    watcher = GuideWatcher(guide, loader)
    with qtbot.waitSignal(watcher.loaded, timeout=5000):
        watcher.reload()
    guide.write_text("brand: A\nbad: 1\n", encoding="utf-8")
    with qtbot.waitSignal(watcher.failed, timeout=5000) as blocker:
        watcher.reload()
    assert blocker.args == [f"{guide}:2:1: bad guide"]
    assert watcher.current == "brand: A\n"
    assert watcher.error == f"{guide}:2:1: bad guide"
