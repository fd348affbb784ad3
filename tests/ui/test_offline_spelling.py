"""Issue 19 item 1: a fresh workspace's window flags typos with no set-up, and says how."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from composer.services.spelling import OFFLINE_RULE
from composer.services.workspace import init_workspace
from composer.ui.grammar_setup import make_grammar_worker
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore


def test_fresh_workspace_window_flags_typos_offline(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    space = init_workspace(tmp_path / "ws", example=True)
    worker = make_grammar_worker(space)
    assert worker is not None
    win = MainWindow(settings_store, space, grammar_worker=worker)
    qtbot.addWidget(win)
    try:
        win.editor.setPlainText("teh recieve definately")
        qtbot.waitUntil(
            lambda: len([f for f in win.controller.visible if f.rule == OFFLINE_RULE]) == 3,
            timeout=10000,
        )
        qtbot.waitUntil(lambda: win.grammar_status.text() != "", timeout=5000)
        qtbot.waitUntil(lambda: "offline" in win.grammar_status.text(), timeout=5000)
        assert win.grammar_status.text() == "Spelling: offline dictionary"
        underlined = [m for m in win.editor.marks() if m[2] == "finding"]
        assert (0, 3, "finding") in underlined
    finally:
        worker.shutdown()


def test_settings_offer_offline_spelling_without_a_connection_test(qtbot: QtBot) -> None:
    from composer.services.workspace import GrammarSettings
    from composer.ui.settings.grammar_settings_dialog import GrammarSettingsDialog
    from composer.ui.workers import InlineRunner

    dialog = GrammarSettingsDialog(GrammarSettings(mode="offline"), runner=InlineRunner())
    qtbot.addWidget(dialog)
    assert dialog.mode.currentData() == "offline"  # the saved mode is shown, not "off"
    assert not dialog.test_button.isEnabled()  # nothing to connect to
    assert dialog.settings().mode == "offline"
    dialog.mode.setCurrentIndex(dialog.mode.findData("server"))
    assert dialog.test_button.isEnabled()


def test_the_offline_worker_loads_no_language_tool_client(tmp_path: Path) -> None:
    """The default mode keeps the window's quick start: no LanguageTool client, no HTTP stack."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from composer.services.workspace import init_workspace\n"
        "from composer.ui.grammar_setup import make_grammar_worker\n"
        "app = QApplication([])\n"
        f"worker = make_grammar_worker(init_workspace({str(tmp_path / 'ws')!r}))\n"
        "print(type(worker).__name__, 'language_tool_python' in sys.modules,"
        " 'requests' in sys.modules)\n"
        "worker.shutdown()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.stdout.split() == ["GrammarWorker", "False", "False"]
