"""A list or table that says what to do instead of showing a blank area when it has no rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget


class EmptyState(QStackedWidget):
    """Shows ``view``, or a sentence in its place while :meth:`show_message` is in force.

    Args:
        view: The list or table.
        parent: Qt parent.
    """

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMargin(16)
        self.addWidget(view)
        self.addWidget(self.message)
        # Focus given to the stack goes to the view (a shortcut that focuses a list).
        self.setFocusProxy(view)

    @property
    def showing_message(self) -> bool:
        """True while the sentence stands in for the view."""
        return self.currentWidget() is self.message

    def show_message(self, text: str) -> None:
        """Show ``text`` instead of the view."""
        self.message.setText(text)
        self.setCurrentWidget(self.message)

    def show_view(self) -> None:
        """Show the view."""
        self.setCurrentWidget(self.view)
