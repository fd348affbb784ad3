"""The tone meter beside the editor: one bar per limited measure, with the allowed band."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from composer.ui import palette

if TYPE_CHECKING:  # the tone lexicons load after the window's first paint
    from composer.core.tone_meter import MeterRow


class _Bar(QWidget):
    """A horizontal scale with the allowed band shaded and a marker at the value."""

    def __init__(self, row: MeterRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = row
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """A slim bar."""
        return QSize(160, 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Track, allowed band, value marker."""
        row = self.row
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width() - 2, self.height()
        track = QRectF(1, height / 2 - 3, width, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color("track"))
        painter.drawRoundedRect(track, 3, 3)
        band_lo = row.fraction(row.allowed_min if row.allowed_min is not None else row.low)
        band_hi = row.fraction(row.allowed_max if row.allowed_max is not None else row.high)
        band = QColor(palette.color("ok"))
        band.setAlpha(90)
        painter.setBrush(band)
        painter.drawRoundedRect(
            QRectF(1 + band_lo * width, track.top(), max(3.0, (band_hi - band_lo) * width), 6), 3, 3
        )
        marker = palette.color("ok" if row.within else "over")
        painter.setBrush(marker)
        x = 1 + row.fraction(row.value) * width
        painter.drawEllipse(QRectF(x - 5, height / 2 - 5, 10, 10))


class ToneMeter(QWidget):
    """Lists the account's tone measures as bars; updated on every check."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Tone meter"))
        self.rows: tuple[MeterRow, ...] = ()
        self._empty = QLabel(self.tr("This account has no tone profile."))
        self._empty.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self._empty)
        self._container, self._grid = self._new_grid()
        self._layout.addWidget(self._container)
        self._layout.addStretch(1)

    def changeEvent(self, event: QEvent) -> None:
        """Recolour out-of-band values when the system switches between light and dark."""
        super().changeEvent(event)
        if palette.is_palette_change(event) and self.rows:
            self.set_rows(self.rows)

    def _new_grid(self) -> tuple[QWidget, QGridLayout]:
        container = QWidget(self)
        grid = QGridLayout(container)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        return container, grid

    def _cell(self, row: int, column: int) -> QWidget | None:
        item = self._grid.itemAtPosition(row, column)
        return item.widget() if item is not None else None

    def set_rows(self, rows: tuple[MeterRow, ...]) -> None:
        """Show ``rows`` (rebuilding only when the set of measures changes)."""
        same_shape = [r.name for r in rows] == [r.name for r in self.rows]
        self.rows = rows
        self._empty.setVisible(not rows)
        if not same_shape:
            # A fresh grid: old bars go with their container, never lingering on top.
            old = self._container
            self._container, self._grid = self._new_grid()
            self._layout.replaceWidget(old, self._container)
            old.hide()
            old.deleteLater()
            for i, row in enumerate(rows):
                self._grid.addWidget(QLabel(row.title), i, 0)
                self._grid.addWidget(_Bar(row), i, 1)
                self._grid.addWidget(QLabel(row.label), i, 2)
        for i, row in enumerate(rows):
            title, bar, value = (self._cell(i, column) for column in range(3))
            if not isinstance(bar, _Bar) or not isinstance(value, QLabel) or title is None:
                continue
            bar.row = row
            bar.setToolTip(row.tooltip)
            bar.setAccessibleName(f"{row.title}: {row.label}")
            title.setToolTip(row.tooltip)
            value.setText(row.label)
            sheet = "" if row.within else f"color: {palette.color('over').name()};"
            if value.styleSheet() != sheet:  # a new sheet sends a palette change of its own
                value.setStyleSheet(sheet)
            bar.update()
