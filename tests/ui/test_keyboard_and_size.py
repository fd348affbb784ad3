"""Keyboard and size: Tab goes round every control in one order, F1 lists every key and fits
an 800x600 screen, nothing is clipped at 800x600, disabled buttons look disabled."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QWidget,
)

from composer.services.workspace import init_workspace
from composer.ui import palette
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore
from composer.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows

SMALL = (800, 600)


@pytest.fixture
def window(qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path) -> MainWindow:
    win = MainWindow(settings_store, init_workspace(tmp_path / "ws", example=True), user="ann")
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.store_ready, timeout=10_000)
    return win


def _tab_stops(root: QWidget) -> list[QWidget]:
    """Every enabled, visible control under ``root`` that Tab should reach."""
    found = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root or not widget.isVisible() or not widget.isEnabled():
            continue
        if isinstance(widget, QTabWidget) or widget.objectName() == "qt_spinbox_lineedit":
            continue  # they hand the focus to their tab bar / spin box
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus:
            found.append(widget)
    return found


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.accessibleName() or widget.objectName()})"


def _tab_round(qtbot: QtBot, window: MainWindow, limit: int = 300) -> list[QWidget]:
    """Press Tab until the focus is back where it started; the widgets in order."""
    start = QApplication.focusWidget()
    assert start is not None
    order = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None, "Tab left nothing focused"
        if now is start:
            return order
        assert now not in order, f"Tab came back to {_name(now)} before the start"
        order.append(now)
    pytest.fail("Tab never came back to where it started")


@pytest.mark.parametrize("page", [0, 1, 2])
def test_tab_reaches_every_control_in_one_order_every_time(
    qtbot: QtBot, window: MainWindow, page: int
) -> None:
    window.show_page(page)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    first = _tab_round(qtbot, window)
    second = _tab_round(qtbot, window)
    assert [_name(w) for w in second] == [_name(w) for w in first]
    missed = [_name(w) for w in _tab_stops(window) if w not in first]
    assert missed == []
    back = list(first)
    # Shift+Tab goes the same way round, backwards.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is back[-1]


def test_f1_lists_alt_o_and_every_mnemonic_and_fits_800x600(
    qtbot: QtBot, window: MainWindow
) -> None:
    rows = shortcut_rows(window)
    keys = {(what, key) for _where, what, key in rows}
    assert ("Go to Account", "Alt+O") in keys
    assert ("Move to the next control", "Tab") in keys
    assert ("Move to the previous control", "Shift+Tab") in keys
    assert not [what for what, _key in keys if not what]
    assert ("Open the File menu", "Alt+F") in keys
    assert ("Split into Thread", "Alt+P") in keys
    # Every underlined letter of a visible button on the compose page is listed.
    for button in window.compose_page.findChildren(QAbstractButton):
        text = button.text()
        if "&" in text.replace("&&", "") and button.isVisibleTo(window.compose_page):
            plain = text.replace("&", "").rstrip("…:")
            assert any(what == plain and key.startswith("Alt+") for what, key in keys), text
    window.resize(*SMALL)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.frameGeometry().width() <= SMALL[0]
    assert dialog.frameGeometry().height() <= SMALL[1]
    bar = dialog.browser.verticalScrollBar()
    assert bar.maximum() > 0  # the list scrolls rather than growing off the screen
    text = dialog.browser.toPlainText()
    assert "Alt+O" in text and "Ctrl+Return" in text.replace("Ctrl+Enter", "Ctrl+Return")


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    box = QRect(top_left, widget.size())
    return window.rect().contains(box)


def test_nothing_is_clipped_at_800x600(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() == SMALL[0] and window.height() == SMALL[1])
    shots = os.environ.get("BVC_SHOT_DIR")
    for page in range(window.pages.count()):
        window.show_page(page)
        qtbot.wait(50)
        current = window.pages.currentWidget()
        key = [
            w
            for w in current.findChildren(QWidget)
            if isinstance(w, QPushButton | QComboBox | QLabel) and w.isVisible()
        ]
        assert key, f"page {page} shows no controls"
        for widget in key:
            if isinstance(widget, QLabel) and not widget.text():
                continue
            if not _visible_in_scroll(widget):
                continue
            assert widget.width() > 0 and widget.height() > 0, _name(widget)
            if isinstance(widget, QLabel) and widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                assert widget.height() >= needed, f"{_name(widget)} cut: {widget.text()[:40]!r}"
            assert _inside(widget, window), (
                _name(widget),
                widget.text() if isinstance(widget, QLabel | QPushButton) else "",
                widget.mapTo(window, widget.rect().topLeft()),
                widget.size(),
            )
        for pane in (p for p in current.findChildren(QScrollArea) if p.isVisible()):
            assert pane.width() > 100 and pane.height() > 100, _name(pane)
            assert _inside(pane, window), _name(pane)
        for button in (w for w in key if isinstance(w, QPushButton) and w.text()):
            needed = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
            assert button.width() >= needed, f"{_name(button)} cut: {button.text()!r}"
        for bar in (b for b in current.findChildren(QTabBar) if b.isVisible()):
            for index in range(bar.count()):
                tab = bar.tabRect(index)
                assert bar.rect().contains(tab), f"tab {bar.tabText(index)!r} is off its bar"
        if shots:
            window.grab().save(str(Path(shots) / f"page-{page}-800x600.png"))
    for toolbar_widget in (window.account_switcher.box, window.limit_chooser.config_box):
        assert toolbar_widget.isVisible() and _inside(toolbar_widget, window)
    assert window.editor.height() > 100 and window.editor.width() > 200
    assert _inside(window.split_button, window)


def _visible_in_scroll(widget: QWidget) -> bool:
    """False for a widget on a tab that is not shown, or inside a pane that scrolls.

    A scrolling pane (the draft beside the review lists, the queue's week) is checked as a
    whole: it is inside the window, and what is in it is reached by scrolling.
    """
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and not parent.currentWidget().isAncestorOf(widget):
            return False
        if isinstance(parent, QScrollArea):
            return False
        parent = parent.parentWidget()
    return True


def _dark() -> QPalette:
    dark = QPalette()
    for role, value in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
    ):
        dark.setColor(role, QColor(value))  # every group: disabled text as bright as enabled
    return dark


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_disabled_buttons_are_distinguishable(
    qtbot: QtBot, qapp: QApplication, scheme: str
) -> None:
    saved = QPalette(qapp.palette())
    try:
        qapp.setPalette(QPalette() if scheme == "light" else _dark())
        keeper = palette.DisabledColors(qapp)
        enabled, disabled = QPushButton("Approve"), QPushButton("Approve")
        disabled.setEnabled(False)
        for button in (enabled, disabled):
            qtbot.addWidget(button)
            button.show()
        role = QPalette.ColorRole
        background = enabled.palette().color(QPalette.ColorGroup.Active, role.Button)
        on = enabled.palette().color(QPalette.ColorGroup.Active, role.ButtonText)
        off = disabled.palette().color(QPalette.ColorGroup.Disabled, role.ButtonText)
        assert palette.contrast_ratio(on, background) >= 3
        assert palette.contrast_ratio(off, background) >= 1.5  # still readable
        assert palette.contrast_ratio(on, off) >= palette.MIN_STATE_CONTRAST
        # A switch of the system palette keeps it so.
        qapp.setPalette(_dark() if scheme == "light" else QPalette())
        now = qapp.palette()
        assert (
            palette.contrast_ratio(
                now.color(QPalette.ColorGroup.Active, role.ButtonText),
                now.color(QPalette.ColorGroup.Disabled, role.ButtonText),
            )
            >= palette.MIN_STATE_CONTRAST
        )
        keeper.stop()
        keeper.deleteLater()
    finally:
        qapp.setPalette(saved)


def test_contrast_ratio_matches_wcag() -> None:
    assert palette.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21)
    assert palette.contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, 0.01)
    assert palette.contrast_ratio(QColor("#123456"), QColor("#123456")) == 1
