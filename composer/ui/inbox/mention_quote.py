"""The mention a reply answers, quoted above the composer's editor while the reply is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from composer.store.inbox import MentionRecord
from composer.ui import palette


class MentionQuote(QFrame):
    """``@author: text`` of the mention being answered, with a button to hide it.

    Signals:
        dismissed(): the person closed the quote.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mentionQuote")
        self.setStyleSheet(palette.panel_style("mentionQuote", "info"))
        self.draft_id: int | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAccessibleName(self.tr("Replying to"))
        close = QToolButton()
        close.setText("×")
        close.setAccessibleName(self.tr("Hide the quoted mention"))
        close.clicked.connect(self.clear)
        close.clicked.connect(self.dismissed)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_mention(self, draft_id: int, mention: MentionRecord) -> None:
        """Quote ``mention``, answered by draft ``draft_id``."""
        self.draft_id = draft_id
        author = mention.author_username or mention.author_id
        self.label.setText(
            self.tr("Replying on %1 to @%2:\n%3")
            .replace("%1", mention.account)
            .replace("%2", author)
            .replace("%3", mention.text)
        )
        self.show()

    def clear(self) -> None:
        """Hide the quote (a new draft, or the person closed it)."""
        self.draft_id = None
        self.label.clear()
        self.hide()
