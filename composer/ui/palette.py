"""Colours with a meaning (counter states, levels, entities) for light and dark palettes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from composer.core.counter import CounterState
from composer.core.findings import Level

_LIGHT = {
    "entity": "#1d72c2",
    "overflow_bg": "#fbd3d6",
    "ok": "#1d9bf0",
    "warn": "#d98c00",
    "over": "#d0312d",
    "track": "#d5dbe1",
    Level.ERROR.value: "#d0312d",
    Level.WARNING.value: "#d98c00",
    Level.SUGGESTION.value: "#2e7d32",
}
_DARK = {
    "entity": "#6cb6ff",
    "overflow_bg": "#5c1f24",
    "ok": "#4aa8ff",
    "warn": "#f0b429",
    "over": "#ff6b6b",
    "track": "#3a4450",
    Level.ERROR.value: "#ff6b6b",
    Level.WARNING.value: "#f0b429",
    Level.SUGGESTION.value: "#7bc67e",
}


def is_dark() -> bool:
    """True when the application palette has a dark window background."""
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def color(name: str) -> QColor:
    """A named colour for the current palette."""
    table = _DARK if is_dark() else _LIGHT
    return QColor(table[name])


def state_color(state: CounterState) -> QColor:
    """The counter ring's colour for ``state``."""
    if state is CounterState.EMPTY:
        return color("track")
    return color(state.value)


def level_color(level: Level) -> QColor:
    """The underline colour for a finding level."""
    return color(level.value)
