"""Resume All (crisis over): the crisis words every queued post is re-checked against first."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from composer.core.crisis import CrisisWordsError, parse_crisis_words


class ResumeAllDialog(QDialog):
    """Ask for the crisis words before every queue runs again.

    Every queued post is re-checked against the current guide and these words; posts with
    findings go back to review before anything is published. The words are optional.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Resume All Queues"))
        self.setAccessibleName(self.windowTitle())
        intro = QLabel(
            self.tr(
                "Before the queues run again, every queued post is checked against the brand "
                "guide as it is now and the crisis words below (the incident's names, places, "
                "products). Posts with findings go back to review with the reason; nothing is "
                "published before that."
            )
        )
        intro.setWordWrap(True)
        label = QLabel(self.tr("&Crisis words (one per line, optional):"))
        self.words_edit = QPlainTextEdit()
        self.words_edit.setAccessibleName(self.tr("Crisis words"))
        self.words_edit.setTabChangesFocus(True)
        self.words_edit.setPlaceholderText(self.tr("Riverside Mall\nflood"))
        label.setBuddy(self.words_edit)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(self.tr("Problem with the crisis words"))
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        resume = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        resume.setText(self.tr("&Re-check and Resume"))
        resume.setAccessibleName(self.tr("Re-check the queued posts and resume every queue"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.words_edit, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self.words_edit.setFocus()

    def words(self) -> tuple[str, ...]:
        """The crisis words typed.

        Raises:
            CrisisWordsError: too many words, or one too long.
        """
        return parse_crisis_words(self.words_edit.toPlainText())

    @Slot()
    def _on_accepted(self) -> None:
        try:
            self.words()
        except CrisisWordsError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.accept()
