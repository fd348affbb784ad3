"""The window follows the system palette: meaning colours switch, no light panel on dark."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from composer.core.findings import Level
from composer.services.workspace import init_workspace
from composer.ui import palette
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*(#[0-9a-fA-F]{6})")
_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*(#[0-9a-fA-F]{6})")


def dark_palette() -> QPalette:
    """A dark palette like a desktop's dark mode."""
    dark = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.ToolTipBase, "#353535"),
        (QPalette.ColorRole.ToolTipText, "#e6e6e6"),
    ):
        dark.setColor(role, QColor(value))
    return dark


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[QApplication]:
    """The application, with its palette put back afterwards (it is process-wide)."""
    app = qapp
    saved = QPalette(app.palette())
    yield app
    app.setPalette(saved)


@pytest.fixture
def window(qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path) -> MainWindow:
    win = MainWindow(settings_store, init_workspace(tmp_path / "ws", example=True))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def sheets(root: QWidget) -> dict[str, str]:
    """Every non-empty style sheet under ``root``, by widget."""
    found = {}
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.styleSheet():
            found[f"{type(widget).__name__}#{widget.objectName()}"] = widget.styleSheet()
    return found


def test_meaning_colours_follow_the_application_palette(app_palette: QApplication) -> None:
    light_error = palette.level_color(Level.ERROR)
    assert not palette.is_dark()
    app_palette.setPalette(dark_palette())
    assert palette.is_dark()
    dark_error = palette.level_color(Level.ERROR)
    assert dark_error != light_error
    assert dark_error.lightness() > light_error.lightness()  # brighter, to read on dark
    assert palette.color("problem_bg").lightness() < 80


def test_dark_palette_leaves_no_light_panel_or_dark_text(
    qtbot: QtBot, app_palette: QApplication, window: MainWindow
) -> None:
    window.banner.show_problem("The brand guide has 1 problem(s).", "brand-guide.yml:3:1: x")
    window.welcome.show()
    light_banner = window.banner.colour_sheet()
    assert "#fdecea" in light_banner  # the light set while the palette is light

    app_palette.setPalette(dark_palette())
    qtbot.waitUntil(lambda: window.banner.colour_sheet() != light_banner, timeout=3000)
    found = sheets(window)
    assert "QFrame#errorBanner" in found
    assert "QFrame#welcomePanel" in found
    # Light panels (near-white, pastel) and dark text are what break on a dark desktop; a
    # saturated signal colour (a red alert strip) is a choice, not a leftover.
    for where, sheet in found.items():
        for value in _BACKGROUND.findall(sheet):
            assert QColor(value).lightness() <= 200, f"{where} keeps a light background {value}"
        for value in _COLOUR.findall(sheet):
            assert QColor(value).lightness() >= 100, f"{where} keeps dark text {value}"
    assert QColor(palette.color("problem_bg")).lightness() < 80

    # Marks painted before the switch are painted again in the dark set's colours.
    window.editor.setPlainText("@NorthwindHelp " + "x" * 300)
    qtbot.waitUntil(lambda: bool(window.editor.extraSelections()), timeout=3000)
    app_palette.setPalette(QPalette())
    app_palette.setPalette(dark_palette())
    entity = next(
        s
        for s in window.editor.extraSelections()
        if s.format.foreground().style() != Qt.BrushStyle.NoBrush
    )
    assert entity.format.foreground().color() == palette.color("entity")
