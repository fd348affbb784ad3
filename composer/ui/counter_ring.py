"""The counter: a progress ring with the characters left, like Twitter's composer."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from composer.core.counter import CounterState, CounterView
from composer.ui import palette


class CounterRing(QWidget):
    """Paints a :class:`CounterView` as a ring with the characters left.

    The ring fills as the draft grows; the number is negative when over. Screen readers get
    the same as text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: CounterView | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(self.tr("Characters left"))

    def sizeHint(self) -> QSize:
        """A ring about two lines of text high."""
        side = max(44, self.fontMetrics().height() * 3)
        return QSize(side, side)

    def set_view(self, view: CounterView) -> None:
        """Show ``view`` and repaint."""
        self._view = view
        text = self.tr("%1 of %2 characters left").replace("%1", view.remaining_label)
        text = text.replace("%2", f"{view.limit:g}")
        self.setToolTip(text)
        self.setAccessibleDescription(text)
        self.update()

    @property
    def label(self) -> str:
        """The number in the ring (empty until a view is set)."""
        return self._view.remaining_label if self._view else ""

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the track, the filled arc and the remaining count."""
        view = self._view
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        pen_width = max(3.0, side / 11)
        rect = QRectF(
            (self.width() - side) / 2 + pen_width,
            (self.height() - side) / 2 + pen_width,
            side - 2 * pen_width,
            side - 2 * pen_width,
        )
        track = QPen(palette.color("track"), pen_width)
        painter.setPen(track)
        painter.drawEllipse(rect)
        if view is None:
            return
        arc = QPen(palette.state_color(view.state), pen_width)
        arc.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(arc)
        span = -int(view.fraction * 360 * 16)
        painter.drawArc(rect, 90 * 16, span)
        font = QFont(self.font())
        font.setBold(view.state in (CounterState.WARN, CounterState.OVER))
        font.setPointSizeF(max(7.0, side / 5.2))
        painter.setFont(font)
        painter.setPen(
            palette.state_color(view.state)
            if view.state is not CounterState.OK
            else self.palette().color(self.foregroundRole())
        )
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, view.remaining_label)
