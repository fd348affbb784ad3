"""Each Alt+letter in sight on the compose page belongs to one control.

Two controls sharing a letter make Alt+letter only move the focus between them (Qt cycles
through ambiguous mnemonics), so a tooltip promising "Alt+X" would lie. Checked on a first
start (the welcome showing) and with every side tab's content built.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QAbstractButton, QLabel, QMenuBar, QTabBar, QWidget

from composer.services.workspace import init_workspace
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(text: str) -> str | None:
    found = _MNEMONIC.search(text)
    return found.group(1).lower() if found else None


def _in_sight(window: MainWindow) -> dict[str, list[str]]:
    """Alt letter -> the visible controls that answer it (menus, tabs, buttons, labels)."""
    owners: dict[str, list[str]] = defaultdict(list)
    menu_bar = window.findChild(QMenuBar)
    assert menu_bar is not None
    for action in menu_bar.actions():
        if (letter := _letter(action.text())) is not None:
            owners[letter].append(f"menu {action.text()!r}")
    for bar in window.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        for index in range(bar.count()):
            if (letter := _letter(bar.tabText(index))) is not None:
                owners[letter].append(f"tab {bar.tabText(index)!r}")
    widgets: list[QWidget] = [*window.findChildren(QAbstractButton), *window.findChildren(QLabel)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue  # a label's letter works only through its buddy
        text = widget.text()
        if (letter := _letter(text)) is not None:
            owners[letter].append(f"{type(widget).__name__} {text!r}")
    return owners


def test_no_alt_letter_is_shared_on_a_first_start(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    settings_store.welcome_dismissed = False  # the welcome shows, with its buttons
    window = MainWindow(settings_store, init_workspace(tmp_path / "ws", example=True), user="ann")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    window.findings_panel.fix_button.setEnabled(True)  # as with a finding selected
    window.findings_panel.more_button.setEnabled(True)
    window.welcome.set_alone(True)  # a person alone: "Add a Reviewer…" and "I Work Alone"
    assert window.welcome.isVisible() and window.welcome.add_reviewer_button.isVisible()
    shared = {k: v for k, v in _in_sight(window).items() if len(v) > 1}
    assert shared == {}
