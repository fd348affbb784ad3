"""First run: a welcome that tells a new user what to do, remembered once closed; empty
findings say what to do; long work shows a busy indicator."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt

from composer.ui.busy_indicator import SHOW_AFTER_MS, BusyIndicator
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore


def open_window(qtbot: QtBot, settings: SettingsStore) -> MainWindow:
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_welcome_shows_on_first_run_and_stays_closed(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    window = open_window(qtbot, settings_store)
    assert window.welcome.isVisible()
    steps = window.welcome.steps.text()
    for step in ("Pick the account", "Type your draft", "Fix what is underlined", "Submit"):
        assert step in steps
    qtbot.mouseClick(window.welcome.close_button, Qt.MouseButton.LeftButton)
    assert not window.welcome.isVisible()
    assert settings_store.welcome_dismissed
    window.close()

    # A new start (settings read back from the file) does not show it again...
    again = SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    assert again.welcome_dismissed
    second = open_window(qtbot, again)
    assert not second.welcome.isVisible()
    # ...until Help ▸ Welcome asks for it.
    second.welcome_action.trigger()
    assert second.welcome.isVisible()
    assert second.welcome.close_button.hasFocus() or not second.isActiveWindow()


def test_empty_findings_say_what_to_do(qtbot: QtBot, settings_store: SettingsStore) -> None:
    window = open_window(qtbot, settings_store)
    panel = window.findings_panel
    assert panel.stack.showing_message
    assert "Type a draft" in panel.stack.message.text()
    window.editor.setPlainText("Hello there.")
    window.controller.check_now()
    assert panel.stack.showing_message  # no guide loaded: nothing to find
    assert "Nothing to fix" in panel.stack.message.text()


def test_busy_indicator_waits_a_moment_then_shows_what_runs(qtbot: QtBot) -> None:
    busy = BusyIndicator()
    qtbot.addWidget(busy)
    busy.start("store", "Working with the database…")
    assert busy.busy
    assert busy.isHidden()  # quick work never flickers
    qtbot.waitUntil(lambda: not busy.isHidden(), timeout=SHOW_AFTER_MS * 5)
    assert busy.label.text() == "Working with the database…"
    busy.start("guide", "Loading the brand guide…")
    assert "Loading the brand guide…" in busy.label.text()
    busy.stop("store")
    assert busy.label.text() == "Loading the brand guide…"
    busy.stop("guide")
    assert busy.isHidden()
    assert not busy.busy

    busy.set_busy("store", "Working with the database…", True)
    busy.set_busy("store", "Working with the database…", False)
    qtbot.wait(SHOW_AFTER_MS + 200)
    assert busy.isHidden()


def test_window_shows_store_work_and_guide_loading(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    from composer.services.workspace import init_workspace

    window = MainWindow(settings_store, init_workspace(tmp_path / "ws", example=True))
    qtbot.addWidget(window)
    window.show()
    assert window.store_client is not None
    # Let the start-up work (accounts, recovery, lists) finish on the store's thread first.
    qtbot.waitUntil(lambda: window._store_prepared and not window.busy.busy, timeout=10_000)
    # (No event loop runs between the two emissions, so real store work cannot interleave.)
    window.store_client.busy_changed.emit(True)
    assert window.busy.busy
    assert "database" in window.busy._work["store"]
    window.store_client.busy_changed.emit(False)
    assert not window.busy.busy
    assert window.busy.isHidden()

    # The guide loads off the UI thread, with its status shown while it loads.
    assert window.guide_watcher is not None
    on_ui_thread: list[bool] = []
    loader = window.guide_watcher._loader

    def watching_loader(path: Path) -> object:
        on_ui_thread.append(threading.current_thread() is threading.main_thread())
        return loader(path)

    window.guide_watcher._loader = watching_loader
    window.reload_guide_action.trigger()
    # The result arrives through the event loop, so the message is still the loading one.
    assert window.statusBar().currentMessage() == "Loading the brand guide…"
    qtbot.waitUntil(
        lambda: window.statusBar().currentMessage().startswith("Guide loaded"), timeout=10_000
    )
    assert on_ui_thread == [False]
