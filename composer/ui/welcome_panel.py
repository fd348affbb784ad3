"""The first-run welcome: what a new user does first, until they close it.

The window shows it while ``SettingsStore.welcome_dismissed`` is false; Help ▸ Welcome brings
it back.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from composer import APP_NAME
from composer.ui.message_panel import MessagePanel


class WelcomePanel(MessagePanel):
    """A framed panel with four steps (account, type, fix, submit) and a close button.

    Signals:
        dismissed(): the user closed the panel.
    """

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("welcomePanel", "info", parent)
        self.setAccessibleName(self.tr("Welcome"))
        self.title = QLabel(self.tr("Welcome to %1").replace("%1", APP_NAME))
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15 if font.pointSizeF() > 0 else 11)
        self.title.setFont(font)
        steps = (
            self.tr(
                "<b>Pick the account</b> you write for in the toolbar (Alt+O): it sets the "
                "character limit, the rules and the tone."
            ),
            self.tr("<b>Type your draft.</b> The ring beside it counts what is left."),
            self.tr(
                "<b>Fix what is underlined.</b> F8 jumps to the next problem, Ctrl+. applies "
                "its suggested fix; the Findings tab lists them all."
            ),
            self.tr(
                "<b>Submit for review</b> with Ctrl+Enter. Reviewers find it on the Review "
                "page (Ctrl+2)."
            ),
        )
        self.steps = QLabel("<ol>" + "".join(f"<li>{step}</li>" for step in steps) + "</ol>")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setWordWrap(True)
        self.hint = QLabel(
            html.escape(self.tr("F1 lists every shortcut; Help ▸ Welcome shows this again."))
        )
        self.hint.setWordWrap(True)
        self.close_button = QPushButton(self.tr("&Got It"))
        self.close_button.setAccessibleName(self.tr("Close the welcome"))
        self.close_button.setToolTip(self.tr("Close this panel; it will not show again"))
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.steps)
        text.addWidget(self.hint)
        layout = self.box_layout
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(text, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.close_button.clicked.connect(self._on_close_clicked)

    @Slot()
    def _on_close_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
