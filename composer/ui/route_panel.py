"""The route check: which of the brand's accounts a draft fits, and why not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from composer.ui import palette


class RoutePanel(QWidget):
    """Shows one line per account: fits, or the reasons it does not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Route check"))
        self.summary = QLabel(self.tr("Type a draft to see which accounts it fits."))
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Accounts"))
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        self._verdicts: tuple[Any, ...] | None = None

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the verdicts when the system switches between light and dark."""
        super().changeEvent(event)
        if palette.is_palette_change(event) and self._verdicts is not None:
            self.show_verdicts(self._verdicts)

    def show_verdicts(self, verdicts: Sequence[Any]) -> None:
        """Show route verdicts (objects with ``handle``, ``fits`` and ``reasons``)."""
        self._verdicts = tuple(verdicts)
        self.list.clear()
        fits = [v.handle for v in verdicts if v.fits]
        self.summary.setText(
            self.tr("Fits %1.").replace("%1", ", ".join(fits))
            if fits
            else self.tr("Fits none of the accounts as written.")
        )
        for verdict in verdicts:
            if verdict.fits:
                item = QListWidgetItem(f"✓ {verdict.handle}")
                item.setForeground(palette.color("ok"))
            else:
                reasons = "; ".join(verdict.reasons[:3])
                item = QListWidgetItem(f"✗ {verdict.handle}: {reasons}")
                item.setForeground(palette.color("over"))
            self.list.addItem(item)
