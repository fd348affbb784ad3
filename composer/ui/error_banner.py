"""A banner above the editor for problems that need attention but do not stop work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from composer.ui.message_panel import MessagePanel


class ErrorBanner(MessagePanel):
    """Shows a headline and, on request, the full list of problems.

    Signals:
        dismissed(): the user closed the banner.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("errorBanner", "problem", parent)
        self.setAccessibleName(self.tr("Problems"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.toggle = QPushButton(self.tr("Details"))
        self.toggle.setAccessibleName(self.tr("Show the problem details"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self.details.setVisible)
        close = QPushButton(self.tr("Dismiss"))
        close.setAccessibleName(self.tr("Dismiss the problem"))
        close.clicked.connect(self._on_close_clicked)
        self.close_button = close
        text = QWidget()
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.label)
        text_layout.addWidget(self.details)
        layout = self.box_layout
        layout.addWidget(text, 1)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.cause = ""
        self.hide()

    def show_problem(self, headline: str, details: str = "", cause: str = "") -> None:
        """Show ``headline``; ``details`` (one problem per line) behind the Details button.

        ``cause`` names what the problem is about (``"errors"``, ``"guide"``...), so that
        :meth:`clear` can take it away once that cause is gone, and no other.
        """
        self.cause = cause
        self.label.setText(headline)
        self.details.setText(details)
        self.toggle.setVisible(bool(details))
        self.toggle.setChecked(False)
        self.show()

    def clear(self, cause: str | None = None) -> None:
        """Hide the banner; with ``cause``, only if it shows a problem of that cause."""
        if cause is not None and (cause != self.cause or self.isHidden()):
            return
        self.cause = ""
        self.hide()

    def _on_close_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
