"""Every control has an accessible name, a sensible Tab order, and every key is listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from composer.services.workspace import init_workspace
from composer.ui.main_window import MainWindow
from composer.ui.review.review_page import ReviewPage
from composer.ui.settings_store import SettingsStore
from composer.ui.shortcuts_dialog import shortcut_rows

#: What a person can operate or read by moving the focus to it.
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QAbstractSlider,
    QAbstractScrollArea,
    QTabBar,
)
#: Parts of a compound control that take their name from it (a spin box's line edit, a combo
#: box's popup list, a tab bar's scroll arrows).
COMPOUND = (QComboBox, QAbstractSpinBox, QTabBar)


@pytest.fixture
def window(qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path) -> MainWindow:
    win = MainWindow(settings_store, init_workspace(tmp_path / "ws", example=True), user="ann")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win._store_prepared, timeout=10_000)
    return win


def _inside_compound(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(top: QWidget) -> list[str]:
    """Focusable controls under ``top`` (on every page and tab) that have no accessible name."""
    missing = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or _inside_compound(widget, top):
            continue
        if not widget.accessibleName().strip():
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            missing.append(f"{type(widget).__name__} {text!r} in {type(widget.parent()).__name__}")
    return missing


def test_every_control_has_an_accessible_name(qtbot: QtBot, window: MainWindow) -> None:
    # Fill the dynamic parts too: thread posts with copy buttons, the guide's rule tree.
    window.editor.setPlainText("x " * 200)
    window.split_action.trigger()
    qtbot.waitUntil(lambda: bool(window.thread_preview.parts), timeout=3000)
    assert unnamed_controls(window) == []


def test_dialogs_name_their_controls(qtbot: QtBot, window: MainWindow) -> None:
    from composer.services.workspace import GrammarSettings
    from composer.ui.settings.grammar_settings_dialog import GrammarSettingsDialog
    from composer.ui.workers import InlineRunner

    grammar = GrammarSettingsDialog(GrammarSettings(), runner=InlineRunner(), parent=window)
    qtbot.addWidget(grammar)
    credentials = review_page_of(window).credentials_dialog()
    qtbot.addWidget(credentials)
    for dialog in (grammar, credentials):
        missing = [m for m in unnamed_controls(dialog) if "QDialogButtonBox" not in m]
        assert missing == []


def review_page_of(window: MainWindow) -> ReviewPage:
    assert window.review_page is not None
    return window.review_page


def tab_chain(start: QWidget, count: int) -> list[QWidget]:
    """The next ``count`` widgets Tab visits after ``start`` (visible, enabled, Tab-focusable)."""
    chain: list[QWidget] = []
    widget: QWidget | None = start.nextInFocusChain()
    while widget is not None and len(chain) < count and widget is not start:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def test_tab_order_follows_the_work(qtbot: QtBot, window: MainWindow) -> None:
    # The account sets counting and limit (disabled); the welcome shows on the first run.
    assert tab_chain(window.account_switcher.box, 3) == [
        window.welcome.close_button,
        window.editor,
        window.side_tabs.tabBar(),
    ]
    # Over the limit, the split button joins between the editor and the side panels.
    window.editor.setPlainText("x" * 300)
    assert window.split_button.isEnabled()
    assert tab_chain(window.editor, 2) == [window.split_button, window.side_tabs.tabBar()]
    # With findings, the list and its buttons follow the side panels' tabs.
    window.editor.setPlainText("Our Trailpro boots are guaranteed!!!")
    window.controller.check_now()
    qtbot.waitUntil(window.findings_panel.view.isVisible, timeout=3000)
    window.findings_panel.view.setCurrentIndex(window.findings_panel.model.index(0))
    after_tabs = tab_chain(window.side_tabs.tabBar(), 2)
    assert after_tabs == [window.findings_panel.view, window.findings_panel.fix_button]


def test_pages_switch_with_ctrl_number_and_focus_lands_usefully(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.activateWindow()
    page = review_page_of(window)
    qtbot.keyClick(window.editor, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is page
    assert page.tabs.currentWidget() is page.inbox
    # Nothing waits yet: the focus goes to the inbox's filters, next to the empty state.
    assert page.inbox.stack.showing_message
    assert QApplication.focusWidget() is page.inbox.account_combo
    qtbot.keyClick(page.inbox.account_combo, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.compose_page
    assert QApplication.focusWidget() is window.editor
    names = [a.text() for a in window.page_actions if a.isVisible()]
    assert names[:2] == ["Go to Compose", "Go to Review"]
    assert len(names) == window.pages.count()  # later pages get Ctrl+3 ... as they come


def test_compose_keys_do_not_fire_on_the_review_page(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.editor.setPlainText("Thanks for waiting, your boots ship today.")
    window.show_page(1)
    page = review_page_of(window)
    page.draft_view.comment_box.setFocus()
    submitted: list[object] = []
    assert window.draft_session is not None
    window.draft_session.submitted.connect(submitted.append)
    qtbot.keyClick(
        page.draft_view.comment_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.wait(200)
    assert submitted == []


def test_shortcuts_dialog_lists_every_key(window: MainWindow) -> None:
    rows = shortcut_rows(window)
    listed = {(what, keys) for _where, what, keys in rows}
    for action in window.findChildren(QAction):
        if action.shortcut().isEmpty() or not action.text() or not action.isVisible():
            continue
        keys = action.shortcut().toString()
        assert (action.text().replace("&", ""), keys) in listed, action.text()
    wheres = {where for where, _what, _keys in rows}
    assert {"Everywhere", "Compose page", "Review page", "Review inbox list"} <= wheres
    review = {what for where, what, _keys in rows if where == "Review page"}
    assert {"Approve", "Request Changes", "Reject", "Add Comment"} <= review
    compose = {what for where, what, _keys in rows if where == "Compose page"}
    assert {"Submit for Review", "Apply First Fix", "Next Finding"} <= compose
