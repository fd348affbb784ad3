"""Help ▸ Keyboard Shortcuts: every action that has a key, read from the window's actions."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget


def show_shortcuts(window: QWidget) -> None:
    """List the shortcuts of ``window``'s actions (menus included)."""
    rows = []
    for action in window.findChildren(QAction):
        key = action.shortcut()
        if key.isEmpty() or not action.text():
            continue
        label = action.text().replace("&", "")
        rows.append(
            f"<tr><td>{label}</td><td><b>{key.toString(QKeySequence.SequenceFormat.NativeText)}"
            "</b></td></tr>"
        )
    table = "<table cellspacing=6>" + "".join(sorted(set(rows))) + "</table>"
    QMessageBox.information(window, window.tr("Keyboard Shortcuts"), table)
