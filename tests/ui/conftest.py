"""UI fixtures: a window with private settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings

from composer.ui.settings_store import SettingsStore


@pytest.fixture(autouse=True)
def _gc_quiet(gc_on_ui_thread: None) -> None:
    """Every UI test: no automatic collection mid-test (see tests/conftest.py)."""


@pytest.fixture
def settings_store(tmp_path: Path) -> SettingsStore:
    """Settings in a temporary ini file."""
    return SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def main_window(qtbot: QtBot, settings_store: SettingsStore):  # type: ignore[no-untyped-def]
    """The real main window, shown offscreen."""
    from composer.ui.main_window import MainWindow

    window = MainWindow(settings_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
