"""The counter: a progress ring with the characters left, like Twitter's composer."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from composer.ui import palette

if TYPE_CHECKING:  # imported with the first view (not for the first, empty paint)
    from composer.core.counter import CounterView

#: The smallest size the number is drawn at before the ring grows to hold it.
MIN_POINT_SIZE = 7.0
#: The share of the ring's inner width the number may take.
LABEL_ROOM = 0.86


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
        """A ring about two lines of text high, wider when a long number needs it."""
        side = max(44, self.fontMetrics().height() * 3)
        if self._view is not None:
            # The number at the smallest legible size, inside the ring's stroke.
            small = QFont(self.font())
            small.setPointSizeF(MIN_POINT_SIZE)
            small.setBold(True)
            needed = QFontMetricsF(small).horizontalAdvance(self.label) / LABEL_ROOM
            side = max(side, math.ceil(needed / (1 - 2 / 11)) + 4)
        return QSize(side, side)

    def label_font(self) -> QFont:
        """The font the number is drawn in: as large as the ring allows, never wider."""
        side = min(self.width(), self.height())
        font = QFont(self.font())
        view = self._view
        from composer.core.counter import CounterState  # noqa: PLC0415 - see the imports

        font.setBold(view is not None and view.state in (CounterState.WARN, CounterState.OVER))
        font.setPointSizeF(max(MIN_POINT_SIZE, side / 5.2))
        room = self.label_room()
        # "-19720" in a ring made for "280": shrink the number rather than clip it (glyphs do
        # not scale exactly with the size, so measure again after each step).
        for _ in range(40):
            width = QFontMetricsF(font).horizontalAdvance(self.label)
            if width <= room or font.pointSizeF() <= 1.0:
                break
            size = font.pointSizeF()
            # Not below the legible size unless even that is too wide (the ring is too small).
            floor = MIN_POINT_SIZE if size > MIN_POINT_SIZE else 1.0
            font.setPointSizeF(max(floor, size * min(0.95, room / width)))
        return font

    def label_room(self) -> float:
        """How wide the number may be: most of the ring's inner width."""
        side = min(self.width(), self.height())
        pen_width = max(3.0, side / 11)
        return (side - 2 * pen_width) * LABEL_ROOM

    def set_view(self, view: CounterView) -> None:
        """Show ``view`` and repaint."""
        grew = self._view is None or len(self._view.remaining_label) != len(view.remaining_label)
        self._view = view
        if grew:
            self.updateGeometry()
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
        from composer.core.counter import CounterState  # noqa: PLC0415 - see the imports

        arc = QPen(palette.state_color(view.state), pen_width)
        arc.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(arc)
        span = -int(view.fraction * 360 * 16)
        painter.drawArc(rect, 90 * 16, span)
        painter.setFont(self.label_font())
        painter.setPen(
            palette.state_color(view.state)
            if view.state is not CounterState.OK
            else self.palette().color(self.foregroundRole())
        )
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, view.remaining_label)
