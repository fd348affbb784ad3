"""Starting the window (issue 16): what the first paint does not need comes after it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QObject, QSettings, Signal

from composer.core.findings import Finding, Level, Source
from composer.services.workspace import Workspace, init_workspace
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

#: Libraries the first paint must not wait for: the database migrations, the guide writer,
#: the spelling dictionary and LanguageTool's client (SQLAlchemy, the store and its pages
#: wait too: tests/ui/test_window_deferred.py).
HEAVY = ("alembic", "mako", "ruamel.yaml", "spellchecker", "language_tool_python")

#: Runs the real app (``composer.ui.app.run``) on a workspace and prints, as JSON, which of
#: HEAVY were imported when the main window got its first paint event, and which once the
#: deferred start had finished (guide loaded, store prepared, spelling worker attached).
PROBE = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

HEAVY = json.loads(sys.argv[2])


def loaded():
    return sorted(name for name in HEAVY if name in sys.modules)


class Probe(QObject):
    first = None

    def eventFilter(self, watched, event):
        if (
            self.first is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QMainWindow)
        ):
            self.first = loaded()
            self.window = watched
            QTimer.singleShot(0, self.wait_ready)
        return False

    def wait_ready(self):
        window = self.window
        if not (
            window.store_ready
            and window.checker is not None
            and window.grammar_worker is not None
        ):
            QTimer.singleShot(50, self.wait_ready)
            return
        print(json.dumps({"first_paint": self.first, "ready": loaded()}), flush=True)
        os._exit(0)


app = QApplication(sys.argv[:1])
probe = Probe()
app.installEventFilter(probe)
QTimer.singleShot(60_000, lambda: os._exit(3))
from composer.ui.app import run

run(workspace=sys.argv[1], user="alice")
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    # The example workspace checks spelling offline (the pyspellchecker dictionary). Its
    # database is new: the window's store creates it (the migrations) after the first paint.
    return init_workspace(tmp_path / "ws", example=True)


def test_the_first_paint_waits_for_no_heavy_library(workspace: Workspace, tmp_path: Path) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(workspace.root), json.dumps(HEAVY)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["first_paint"] == []
    # They were deferred, not dropped: the store was opened (the new database migrated, with
    # nothing else holding it: the results reader starts once it is open) and the spelling
    # dictionary loaded once the window had been painted.
    assert {"alembic", "spellchecker"} <= set(seen["ready"])


def _window(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> MainWindow:
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workspace, user="alice", defer_start=True)
    qtbot.addWidget(window)
    return window


def test_a_deferred_window_loads_guide_and_store_after_its_first_paint(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    window = _window(qtbot, workspace, tmp_path)
    qtbot.wait(300)
    assert not window.painted
    assert window.checker is None and not window.store_ready
    assert window.grammar_status.text() == "Grammar: checking…"

    with qtbot.waitSignal(window.first_painted, timeout=10_000):
        window.show()
    assert window.painted
    qtbot.waitUntil(lambda: window.checker is not None and window.store_ready, timeout=10_000)
    # The accounts came with the guide; work queued after the paint runs at once now.
    assert window.account_switcher.accounts
    ran: list[bool] = []
    window.after_first_paint(lambda: ran.append(True))
    qtbot.waitUntil(lambda: ran == [True], timeout=2_000)


class _Worker(QObject):
    """Records what the window hands a grammar worker; answers with one finding."""

    findings_ready = Signal(int, list)
    status_changed = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.stopped = False

    @property
    def revision(self) -> int:
        return len(self.texts)

    def set_text(self, text: str) -> int:
        self.texts.append(text)
        return self.revision

    def shutdown(self, timeout: float = 5.0) -> None:
        self.stopped = True


def test_a_worker_attached_late_checks_what_was_typed_before_it(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    window = _window(qtbot, workspace, tmp_path)
    window.show()
    qtbot.waitUntil(lambda: window.checker is not None, timeout=10_000)
    window.editor.setPlainText("Typed before the spelling worker was ready")

    first, second = _Worker(), _Worker()
    window.set_grammar_worker(first)
    assert first.texts[-1] == "Typed before the spelling worker was ready"
    finding = Finding(
        rule="Spelling.Typo",
        level=Level.WARNING,
        message="Possible spelling mistake",
        start=0,
        end=5,
        source=Source.GRAMMAR,
    )
    first.findings_ready.emit(first.revision, [finding])
    first.status_changed.emit("offline", "checked")
    assert window.grammar_status.text() == "Spelling: offline dictionary"
    qtbot.waitUntil(
        lambda: (
            window.controller.report is not None
            and any(f.rule == "Spelling.Typo" for f in window.controller.report.findings)
        ),
        timeout=5_000,
    )

    window.set_grammar_worker(second)  # the old one stops; the new one gets the text
    assert first.stopped and second.texts == [first.texts[-1]]
    window.set_grammar_worker(None)
    assert second.stopped
    assert window.grammar_status.text() == "Grammar: off"
