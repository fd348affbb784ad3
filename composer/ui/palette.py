"""Colours with a meaning (counter states, levels, entities) for light and dark palettes.

The set is chosen from the application palette's window colour at the moment a colour is
asked for, so it follows the system's light or dark mode. Widgets that keep a colour (in a
style sheet, an item's foreground, painted text marks) re-apply it when
:func:`is_palette_change` says the palette changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Slot
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from composer.core.findings import Level

if TYPE_CHECKING:  # the counter module (twitter-text's tables) loads after the first paint
    from composer.core.counter import CounterState

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
    "warn_text": "#8a5a00",
    "problem_bg": "#fdecea",
    "problem_border": "#f5c2c0",
    "problem_text": "#611a15",
    "info_bg": "#e8f1fb",
    "info_border": "#b6d4f2",
    "info_text": "#0b3a66",
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
    "warn_text": "#f0b429",
    "problem_bg": "#3b1d20",
    "problem_border": "#7a3238",
    "problem_text": "#ffd7d4",
    "info_bg": "#15283b",
    "info_border": "#2f5680",
    "info_text": "#d6e9ff",
}

_PALETTE_EVENTS = frozenset({QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange})


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
    from composer.core.counter import CounterState  # noqa: PLC0415 - see above

    if state is CounterState.EMPTY:
        return color("track")
    return color(state.value)


def level_color(level: Level) -> QColor:
    """The underline colour for a finding level."""
    return color(level.value)


def is_palette_change(event: QEvent) -> bool:
    """Whether ``event`` says the (application or widget) palette changed."""
    return event.type() in _PALETTE_EVENTS


def panel_style(object_name: str, kind: str) -> str:
    """A style sheet for a framed message panel (``kind``: ``problem`` or ``info``).

    Only colours from the current set: a light background never shows on a dark desktop.
    """
    bg, border, text = (color(f"{kind}_{part}").name() for part in ("bg", "border", "text"))
    return (
        f"#{object_name} {{ background: {bg}; border: 1px solid {border}; border-radius: 4px; }}"
        f"#{object_name} QLabel {{ color: {text}; }}"
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


#: A disabled control's text sits this far from its enabled text, towards the background.
_DISABLED_MIX = 0.5
#: Below this ratio between enabled and disabled text, a disabled button looks enabled.
MIN_STATE_CONTRAST = 1.6
_TEXT_ROLES = (
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
)


def _mix(text: QColor, background: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        text.redF() + (background.redF() - text.redF()) * amount,
        text.greenF() + (background.greenF() - text.greenF()) * amount,
        text.blueF() + (background.blueF() - text.blueF()) * amount,
    )


def with_distinct_disabled(source: QPalette) -> QPalette | None:
    """``source`` with disabled text set half way to its background, where it was too close.

    Dark themes often give disabled buttons the same text colour as enabled ones (a palette
    built with ``setColor(role, colour)`` sets every group). Returns ``None`` when every
    disabled text colour is already distinguishable (nothing to change).
    """
    changed = QPalette(source)
    needed = False
    for text_role, background_role in _TEXT_ROLES:
        active = source.color(QPalette.ColorGroup.Active, text_role)
        disabled = source.color(QPalette.ColorGroup.Disabled, text_role)
        if contrast_ratio(active, disabled) >= MIN_STATE_CONTRAST:
            continue
        background = source.color(QPalette.ColorGroup.Disabled, background_role)
        changed.setColor(
            QPalette.ColorGroup.Disabled, text_role, _mix(active, background, _DISABLED_MIX)
        )
        needed = True
    return changed if needed else None


class DisabledColors(QObject):
    """Keeps disabled text distinguishable in the application palette, light or dark.

    Installed once on the application; applies :func:`with_distinct_disabled` now and each
    time the application palette changes (a switch between light and dark mode). It listens
    to ``paletteChanged`` rather than filtering events: Python then runs only on a change.
    """

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self.apply()
        if isinstance(app, QApplication):
            app.paletteChanged.connect(self._on_palette_changed)

    def apply(self) -> None:
        """Fix the application palette's disabled colours, when they need it."""
        if not isinstance(self._app, QApplication):
            return  # no widgets, no buttons to tell apart
        fixed = with_distinct_disabled(self._app.palette())
        if fixed is not None:  # None also ends the loop our own setPalette starts
            self._app.setPalette(fixed)

    def stop(self) -> None:
        """Stop following palette changes."""
        if isinstance(self._app, QApplication):
            self._app.paletteChanged.disconnect(self._on_palette_changed)

    @Slot(QPalette)
    def _on_palette_changed(self, _palette: QPalette) -> None:
        self.apply()
