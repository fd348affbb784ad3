"""The crisis bar: above every page while the crisis switch holds every queue."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from composer.store.queue import PauseState
from composer.ui import palette
from composer.ui.queue.queue_page import _white_text_background


class CrisisBar(QFrame):
    """Says that nothing will be published, whatever page is open, and leads to the queue.

    Signals:
        open_queue_requested(): the user wants the Queue page (to resume).
    """

    open_queue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crisisBar")
        self.setAccessibleName(self.tr("Every queue is paused"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.button = QPushButton(self.tr("Open the Queue"))
        self.button.setAccessibleName(self.tr("Open the Queue page to resume"))
        self.button.clicked.connect(self.open_queue_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.paused_all = False
        self._apply_colors()
        self.hide()

    def show_pause(self, pause: PauseState) -> None:
        """Remember ``pause``; the window decides where the bar is shown (``paused_all``)."""
        self.paused_all = pause.all
        others = sorted(pause.accounts)
        text = self.tr("Crisis pause: every queue is paused, nothing will be published.")
        if others:
            text += " " + self.tr("Paused on their own as well: %1.").replace(
                "%1", ", ".join(others)
            )
        self.label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        """Follow the system's light or dark palette."""
        if palette.is_palette_change(event):
            self._apply_colors()
        super().changeEvent(event)

    def _apply_colors(self) -> None:
        red = _white_text_background(palette.color("over"))
        sheet = (
            f"#crisisBar {{ background: {red.name()}; border-radius: 4px; }}"
            "#crisisBar QLabel { color: #ffffff; font-weight: bold; }"
        )
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)
