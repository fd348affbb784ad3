"""Help ▸ Keyboard Shortcuts: every action that has a key, read from the window's actions.

Actions that work only on one page (added to that page with a widget-with-children shortcut
context) are listed under the page's accessible name; keys that lists handle themselves
(the review inbox's A, R, X) are listed after them.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

#: lupdate reads ``translate("Context", "text")`` calls, so the alias keeps them visible.
translate = QCoreApplication.translate


def _list_keys() -> list[tuple[str, str, str]]:
    """Keys handled by widgets themselves rather than by actions."""
    inbox = translate("ShortcutsDialog", "Review inbox list")
    anywhere = translate("ShortcutsDialog", "Everywhere")
    return [
        (
            anywhere,
            translate("ShortcutsDialog", "Move to the next or previous control"),
            translate("ShortcutsDialog", "Tab, Shift+Tab"),
        ),
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


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, what, keys) for every visible action of ``window`` with a key, then list keys."""
    rows: dict[tuple[str, str, str], None] = {}
    for action in window.findChildren(QAction):
        key = action.shortcut()
        if key.isEmpty() or not action.text() or not action.isVisible():
            continue
        label = action.text().replace("&", "")
        keys = key.toString(QKeySequence.SequenceFormat.NativeText)
        rows[(_section(action), label, keys)] = None
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


def show_shortcuts(window: QWidget) -> None:
    """List the shortcuts of ``window``'s actions (menus included) in a message box."""
    box = QMessageBox(window)
    box.setWindowTitle(translate("ShortcutsDialog", "Keyboard Shortcuts"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(shortcuts_html(window))
    box.setAccessibleName(translate("ShortcutsDialog", "Keyboard Shortcuts"))
    box.exec()
