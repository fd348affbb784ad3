"""The mention a reply answers, quoted above the composer's editor while the reply is open."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QToolButton, QWidget

from composer.store.inbox import MentionRecord
from composer.ui.message_panel import MessagePanel


class MentionQuote(MessagePanel):
    """``@author: text`` of the mention being answered, with a button to hide it.

    Signals:
        dismissed(): the person closed the quote.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        # A framed panel that swaps its colours with the palette (light or dark desktop).
        super().__init__("mentionQuote", "info", parent)
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
        self.box_layout.addWidget(self.label, 1)
        self.box_layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
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
