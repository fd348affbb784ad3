"""Tab and Shift+Tab as a ring: every enabled, visible control of a window once, in one order.

Qt walks the window's focus chain itself, but a moved tab bar leaves its tab widget (whose
focus proxy it is) behind in the chain: reaching the tab widget sends the focus back to the
bar, and Tab circles between two controls for ever (seen with Qt 6.12 on the compose and
review pages). The ring reads the same chain, skips every widget that hands its focus on,
and so always goes round, the same way each time. (Shortcuts rather than an override of
``focusNextPrevChild``, which Qt also calls while widgets are being destroyed.)
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabWidget,
    QWidget,
)

_LIMIT = 5000  # the chain of any real window is far shorter; a guard against a broken chain


def tab_stops(window: QWidget) -> list[QWidget]:
    """The controls Tab visits in ``window``, in focus-chain order."""
    stops: list[QWidget] = []
    seen: set[int] = set()
    widget: QWidget | None = window.nextInFocusChain()
    for _ in range(_LIMIT):
        if widget is None or widget is window or id(widget) in seen:
            break
        seen.add(id(widget))
        if _is_stop(widget, window):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def hands_focus_on(widget: QWidget) -> bool:
    """Whether ``widget`` passes its focus to a part or a container (never a stop itself).

    Decided by kind, because asking Qt (``focusProxy()``) from Python corrupts PySide 6.12's
    object map for some private widgets: a tab widget gives its focus to its tab bar, and a
    spin box's or combo box's line edit is reached through the box.
    """
    if isinstance(widget, QTabWidget):
        return True
    return isinstance(widget, QLineEdit) and isinstance(
        widget.parentWidget(), QAbstractSpinBox | QComboBox
    )


def _is_stop(widget: QWidget, window: QWidget) -> bool:
    policy = widget.focusPolicy()
    return (
        policy & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        and widget.window() is window
        and not hands_focus_on(widget)
        and widget.isVisible()
        and widget.isEnabled()
    )


def next_stop(window: QWidget, current: QWidget | None, *, forward: bool) -> QWidget | None:
    """The control after (or before) ``current`` in the ring; ``None`` when there is none."""
    stops = tab_stops(window)
    if not stops:
        return None
    here = current
    while here is not None and here not in stops:
        # A part of a compound control (a combo box's line edit): go from the control.
        here = here.parentWidget() if here is not window else None
    if here is None:
        return stops[0] if forward else stops[-1]
    index = stops.index(here)
    return stops[(index + (1 if forward else -1)) % len(stops)]


class FocusRing(QObject):
    """Tab and Shift+Tab as window shortcuts that move the focus along :func:`tab_stops`.

    Shortcuts, not an event filter or an override: Python runs only when the key is pressed
    (an application-wide filter would also see the events of widgets being destroyed).
    Text fields in the window let Tab change the focus (``setTabChangesFocus``), so no
    field needs a typed tab character.

    Args:
        window: The window whose controls form the ring (also the ring's parent).
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        what = QCoreApplication.translate("ShortcutsDialog", "Move to the next control")
        back = QCoreApplication.translate("ShortcutsDialog", "Move to the previous control")
        self.shortcuts: list[QShortcut] = []
        for keys, text, forward in (
            (QKeySequence(Qt.Key.Key_Tab), what, True),
            (QKeySequence(Qt.Key.Key_Backtab), back, False),
            (QKeySequence(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_Backtab), back, False),
        ):
            shortcut = QShortcut(keys, window)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            if keys != QKeySequence(Qt.Key.Key_Backtab):  # the same key as Shift+Tab: listed once
                shortcut.setWhatsThis(text)
            shortcut.setAutoRepeat(True)
            shortcut.activated.connect(self._on_forward if forward else self._on_backward)
            self.shortcuts.append(shortcut)

    @Slot()
    def _on_forward(self) -> None:
        self.move(forward=True)

    @Slot()
    def _on_backward(self) -> None:
        self.move(forward=False)

    def move(self, *, forward: bool) -> None:
        """Give the focus to the next (or previous) control of the ring."""
        target = next_stop(self._window, self._window.focusWidget(), forward=forward)
        if target is not None:
            target.setFocus(
                Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            )
