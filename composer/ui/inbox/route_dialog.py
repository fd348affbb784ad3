"""Ask where to route a mention and why (the note goes into the audit trail)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)


class RouteDialog(QDialog):
    """Another account and a note; OK only once a note is written."""

    def __init__(self, source: str, accounts: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Route mention"))
        self.account = QComboBox()
        self.account.addItems([a for a in accounts if a != source])
        self.account.setAccessibleName(self.tr("Account"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Why it belongs there"))
        self.note.setAccessibleName(self.tr("Note"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow(self.tr("To &account:"), self.account)
        layout.addRow(self.tr("&Note:"), self.note)
        layout.addRow(self.buttons)
        self.note.textChanged.connect(self._on_note_text_changed)
        self._on_note_text_changed("")

    def _on_note_text_changed(self, text: str) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(text.strip()) and self.account.count() > 0)
