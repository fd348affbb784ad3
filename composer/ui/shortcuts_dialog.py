"""Help ▸ Keyboard Shortcuts: every key, read from the window's own actions and widgets.

Nothing is typed in twice: the rows come from the window's actions (``QAction``), shortcuts
(``QShortcut``, named by their ``whatsThis``) and mnemonics (the underlined letter of a menu,
button, tab or a label's buddy, e.g. Alt+O for the account box), so a new key is listed the
moment it exists. Keys that work only on one page are listed under the page's accessible
name; keys that lists handle themselves (the review inbox's A, R, X) are listed after them.
The dialog scrolls, so it fits an 800x600 screen however many keys there are.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QTabBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

#: lupdate reads ``translate("Context", "text")`` calls, so the alias keeps them visible.
translate = QCoreApplication.translate


def _list_keys() -> list[tuple[str, str, str]]:
    """Keys handled by widgets themselves rather than by actions."""
    inbox = translate("ShortcutsDialog", "Review inbox list")
    anywhere = translate("ShortcutsDialog", "Everywhere")
    return [
        (
            anywhere,
            translate("ShortcutsDialog", "Press the button or tab with the underlined letter"),
            translate("ShortcutsDialog", "Alt+letter"),
        ),
        (
            inbox,
            translate("ShortcutsDialog", "Open the selected draft"),
            translate("ShortcutsDialog", "Enter"),
        ),
        (inbox, translate("ShortcutsDialog", "Approve the selected draft"), "A"),
        (inbox, translate("ShortcutsDialog", "Request changes (asks for a comment)"), "R"),
        (inbox, translate("ShortcutsDialog", "Reject (asks for a comment)"), "X"),
    ]


def _section(action: QAction) -> str:
    """Where ``action``'s key works: a page's name, or the whole window."""
    if action.shortcutContext() in (
        Qt.ShortcutContext.WidgetWithChildrenShortcut,
        Qt.ShortcutContext.WidgetShortcut,
    ):
        for owner in action.associatedObjects():
            if (
                isinstance(owner, QWidget)
                and not isinstance(owner, QMenu)
                and owner.accessibleName()
            ):
                return owner.accessibleName()
    return translate("ShortcutsDialog", "Everywhere")


def _page_of(widget: QWidget) -> QWidget | None:
    """The outermost tab page (a child of a stacked widget) holding ``widget``, if any."""
    page = None
    current: QWidget | None = widget
    while current is not None:
        parent = current.parentWidget()
        if isinstance(parent, QStackedWidget) and current.accessibleName():
            page = current
        current = parent
    return page


def _plain(text: str) -> str:
    """A control's text without its mnemonic marker and trailing colon or ellipsis."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":…. ")


def _mnemonic_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, what, Alt+letter) for every underlined letter the window's controls offer."""
    everywhere = translate("ShortcutsDialog", "Everywhere")
    rows: list[tuple[str, str, str]] = []
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            key = QKeySequence.mnemonic(action.text())
            if not key.isEmpty() and action.isVisible():
                what = translate("ShortcutsDialog", "Open the %1 menu").replace(
                    "%1", _plain(action.text())
                )
                rows.append((everywhere, what, _native(key)))
    candidates: list[tuple[QWidget, str, str]] = []
    for button in window.findChildren(QAbstractButton):
        candidates.append((button, button.text(), _plain(button.text())))
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None:
            what = translate("ShortcutsDialog", "Go to %1").replace("%1", _plain(label.text()))
            candidates.append((buddy, label.text(), what))
    for box in window.findChildren(QGroupBox):
        candidates.append((box, box.title(), _plain(box.title())))
    for bar in window.findChildren(QTabBar):
        for index in range(bar.count()):
            if bar.isTabVisible(index):
                what = translate("ShortcutsDialog", "Show %1").replace(
                    "%1", _plain(bar.tabText(index))
                )
                candidates.append((bar, bar.tabText(index), what))
    for widget, text, what in candidates:
        key = QKeySequence.mnemonic(text)
        if key.isEmpty() or not what:
            continue
        page = _page_of(widget)
        if not widget.isVisibleTo(page if page is not None else window):
            continue
        where = page.accessibleName() if page is not None else everywhere
        rows.append((where, what, _native(key)))
    return rows


def _native(key: QKeySequence) -> str:
    # Qt names Shift+Tab "Shift+Backtab": say it as it is pressed.
    text = key.toString(QKeySequence.SequenceFormat.NativeText)
    return text.replace("Shift+Backtab", "Shift+Tab")


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, what, keys) for every key of ``window``: actions, shortcuts, mnemonics, lists."""
    rows: dict[tuple[str, str, str], None] = {}
    for action in window.findChildren(QAction):
        key = action.shortcut()
        if key.isEmpty() or not action.text() or not action.isVisible():
            continue
        label = action.text().replace("&", "")
        rows[(_section(action), label, _native(key))] = None
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if not shortcut.key().isEmpty() and shortcut.isEnabled():
            page = _page_of(owner) if isinstance(owner, QWidget) else None
            where = page.accessibleName() if page is not None else _section(QAction())
            what = shortcut.whatsThis() or shortcut.objectName()
            if what:  # an unnamed shortcut repeats a named one's key (Backtab, Shift+Tab)
                rows[(where, what, _native(shortcut.key()))] = None
    for row in _mnemonic_rows(window):
        rows[row] = None
    for row in _list_keys():
        rows[row] = None
    everywhere = translate("ShortcutsDialog", "Everywhere")
    return sorted(rows, key=lambda r: (r[0] != everywhere, r[0], r[1]))


def shortcuts_html(window: QWidget) -> str:
    """The shortcuts as an HTML table with a heading row per section."""
    parts = ["<table cellspacing=4>"]
    section = None
    for where, what, keys in shortcut_rows(window):
        if where != section:
            section = where
            parts.append(f"<tr><td colspan=2><h4>{html.escape(where)}</h4></td></tr>")
        parts.append(f"<tr><td>{html.escape(what)}</td><td><b>{html.escape(keys)}</b></td></tr>")
    parts.append("</table>")
    return "".join(parts)


#: The dialog's largest size: it must fit an 800x600 screen with room for the frame.
MAX_SIZE = (720, 520)


class ShortcutsDialog(QDialog):
    """Every key of a window in one scrolling table, sized to fit a small screen."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle(translate("ShortcutsDialog", "Keyboard Shortcuts"))
        self.setAccessibleName(translate("ShortcutsDialog", "Keyboard Shortcuts"))
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(translate("ShortcutsDialog", "Keyboard shortcuts"))
        self.browser.setHtml(shortcuts_html(window))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        width, height = MAX_SIZE
        screen = window.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 60), min(height, room.height() - 60)
        self.resize(width, height)


def show_shortcuts(window: QWidget) -> None:
    """List every key of ``window`` (menus, buttons and lists included) in a dialog."""
    dialog = ShortcutsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
