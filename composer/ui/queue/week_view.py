"""The week view: seven day columns, each queued post a block at its time, coloured by account.

It paints straight from the :class:`~composer.ui.queue.queue_model.QueueModel` (no widget per
post): when the model or the week changes it picks the week's posts by binary search over the
queue's times, and on paint it lays them out in the space it has. Times are each account's
wall clock or the user's (a toggle). Keys: Left/Right/Up/Down step through the week's posts,
Enter shows the chosen one in the list, Page Up/Page Down change the week.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from composer.store.records import DraftRecord
from composer.ui import palette
from composer.ui.queue.queue_model import QueueModel, flat, full_text, pin_icon
from composer.ui.queue.time_text import both_times, in_zone

#: Height of a post's block, in pixels.
BLOCK_HEIGHT = 20
#: The least height of one hour.
MIN_HOUR_HEIGHT = 26
#: Width of the hours gutter and height of the day headers.
GUTTER = 48
HEADER = 36
#: A block narrower than this is not drawn; the day's header counts the posts left out.
MIN_BLOCK_WIDTH = 28
# Every zone's offset lies within 14 hours of UTC.
_MAX_OFFSET = timedelta(hours=14)


@dataclass(frozen=True, slots=True)
class WeekBlock:
    """One post of the shown week, at its wall-clock time in the zone shown.

    Attributes:
        row: The model row.
        record: The post.
        day: 0 (Monday) to 6.
        minute: Minutes after midnight.
        lane: Side-by-side place among posts too close to share a line.
        lanes: How many lanes the day needs.
    """

    row: int
    record: DraftRecord
    day: int
    minute: int
    lane: int = 0
    lanes: int = 1


def monday_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


class WeekView(QWidget):
    """Seven day columns of one week, painted from the queue model.

    Args:
        model: The queue list's model.
        parent: Qt parent.

    Signals:
        activated(int): show this post (its id) in the list (Enter or a double click).
        current_changed(int): the chosen post (its id), or -1.
        week_changed(object): the Monday (a ``date``) of the week now shown.
    """

    activated = Signal(int)
    current_changed = Signal(int)
    week_changed = Signal(object)

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._monday = monday_of(date.today())
        self._local = False
        self._today = date.today()
        self._times: list[float] = []
        self._placed: list[WeekBlock] = []
        self._blocks: list[WeekBlock] = []
        self._laid_out_height = -1
        self._hidden = [0] * 7
        self._first_hour = 8
        self._last_hour = 18
        self._current = -1
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self.setAccessibleName(self.tr("Week view"))
        self.setToolTip("")
        model.modelReset.connect(self._on_model_reset)
        self._on_model_reset()

    # -- what is shown -------------------------------------------------------------------

    @property
    def monday(self) -> date:
        """The first day of the week shown."""
        return self._monday

    @property
    def shows_local_time(self) -> bool:
        """True when posts stand at the user's time, False at each account's."""
        return self._local

    @property
    def blocks(self) -> tuple[WeekBlock, ...]:
        """The week's posts as placed (earliest first)."""
        return tuple(self._blocks)

    @property
    def current_block(self) -> WeekBlock | None:
        """The chosen post's block."""
        return self._blocks[self._current] if 0 <= self._current < len(self._blocks) else None

    def set_today(self, day: date) -> None:
        """The day to mark as today (the page's clock decides)."""
        self._today = day
        self.update()

    def set_week(self, day: date) -> None:
        """Show the week of ``day``."""
        monday = monday_of(day)
        if monday != self._monday:
            self._monday = monday
            self._rebuild()
            self.week_changed.emit(monday)

    def shift_week(self, weeks: int) -> None:
        """Show the week ``weeks`` later (earlier when negative)."""
        self.set_week(self._monday + timedelta(weeks=weeks))

    def set_local_time(self, local: bool) -> None:  # noqa: FBT001 - a toggle's slot
        """Place posts at the user's time (True) or each account's (False)."""
        if local != self._local:
            self._local = local
            self._rebuild()

    def select_draft(self, draft_id: int) -> None:
        """Choose ``draft_id``'s block when it is in this week."""
        found = next((n for n, b in enumerate(self._blocks) if b.record.id == draft_id), -1)
        self._set_current(found, announce=False)

    # -- building ------------------------------------------------------------------------

    def _on_model_reset(self) -> None:
        # The queue is in time order, so the week's posts are one slice of it.
        self._times = [
            r.scheduled_at.timestamp() if r.scheduled_at is not None else float("-inf")
            for r in self.model.records
        ]
        self._rebuild()

    def _zone_for(self, record: DraftRecord) -> tzinfo | None:
        return self.model.local_zone if self._local else self.model.zone(record.account)

    def _wall(self, record: DraftRecord) -> datetime | None:
        if record.scheduled_at is None:
            return None
        if self._local:
            return in_zone(record.scheduled_at, self.model.local_zone)
        return record.scheduled_at.astimezone(self.model.zone(record.account))

    def _rebuild(self) -> None:
        current = self.current_block
        keep = current.record.id if current is not None else -1
        start = datetime.combine(self._monday, time(), tzinfo=UTC)
        lo = bisect.bisect_left(self._times, (start - _MAX_OFFSET).timestamp())
        hi = bisect.bisect_right(self._times, (start + timedelta(days=7) + _MAX_OFFSET).timestamp())
        placed: list[WeekBlock] = []
        for row in range(lo, hi):
            record = self.model.records[row]
            wall = self._wall(record)
            if wall is None:
                continue
            day = (wall.date() - self._monday).days
            if 0 <= day < 7:
                placed.append(WeekBlock(row, record, day, wall.hour * 60 + wall.minute))
        placed.sort(key=lambda b: (b.day, b.minute, b.row))
        minutes = [b.minute for b in placed]
        first = min(minutes) // 60 if minutes else 8
        last = max(minutes) // 60 + 1 if minutes else 18
        # Show at least eight hours, with an hour of air around the posts.
        first, last = max(0, first - 1), min(24, last + 1)
        while last - first < 8:
            first, last = max(0, first - 1), min(24, last + 1)
        self._first_hour, self._last_hour = first, last
        self._placed = placed
        self._lay_out()
        self._current = next((n for n, b in enumerate(self._blocks) if b.record.id == keep), -1)
        self.setAccessibleDescription(
            self.tr("%1 post(s) in the week of %2")
            .replace("%1", str(len(self._blocks)))
            .replace("%2", f"{self._monday:%d %b %Y}")
        )
        self.updateGeometry()
        self.update()

    # -- geometry ------------------------------------------------------------------------

    def _lay_out(self) -> None:
        """Share lanes among posts closer than a block's height at the current hour height."""
        minutes_per_block = max(1, int(BLOCK_HEIGHT / self._hour_height() * 60))
        self._blocks = _assign_lanes(self._placed, minutes_per_block)
        self._laid_out_height = self.height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new height changes which posts are too close to share a line."""
        super().resizeEvent(event)
        if self.height() != self._laid_out_height:
            self._lay_out()

    def sizeHint(self) -> QSize:
        """Wide enough for seven readable days, tall enough for the hours shown."""
        hours = self._last_hour - self._first_hour
        return QSize(GUTTER + 7 * 110, HEADER + hours * MIN_HOUR_HEIGHT + 4)

    def minimumSizeHint(self) -> QSize:
        """Seven narrow days and the hours at their least height."""
        hours = self._last_hour - self._first_hour
        return QSize(GUTTER + 7 * 60, HEADER + hours * MIN_HOUR_HEIGHT + 4)

    def _day_width(self) -> float:
        return max(1.0, (self.width() - GUTTER - 1) / 7)

    def _hour_height(self) -> float:
        hours = max(1, self._last_hour - self._first_hour)
        return max(float(MIN_HOUR_HEIGHT), (self.height() - HEADER - 4) / hours)

    def _y(self, minute: int) -> int:
        return HEADER + int((minute - self._first_hour * 60) / 60 * self._hour_height())

    def block_rect(self, block: WeekBlock) -> QRect:
        """Where ``block`` is painted (empty when its lane does not fit the day's width)."""
        day_width = self._day_width()
        fitting = max(1, int((day_width - 4) // MIN_BLOCK_WIDTH))
        lanes = min(block.lanes, fitting)
        if block.lane >= lanes:
            return QRect()
        lane_width = (day_width - 4) / lanes
        x = GUTTER + block.day * day_width + 2 + block.lane * lane_width
        return QRect(int(x), self._y(block.minute), int(lane_width) - 1, BLOCK_HEIGHT)

    def block_at(self, point: QPoint) -> int:
        """The index of the block under ``point``, or -1."""
        for n, block in enumerate(self._blocks):
            if self.block_rect(block).contains(point):
                return n
        return -1

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Header, hour lines, then the week's posts."""
        painter = QPainter(self)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        self._paint_grid(painter, pal)
        self._hidden = [0] * 7
        metrics = QFontMetrics(self.font())
        for n, block in enumerate(self._blocks):
            rect = self.block_rect(block)
            if rect.isEmpty():
                self._hidden[block.day] += 1
                continue
            record = block.record
            colors = self.model.colors
            # A post whose outcome a person must check is outlined in the problem colour.
            if record.needs_confirmation:
                painter.setPen(QPen(palette.color("over"), 2))
            else:
                painter.setPen(QPen(colors.border(record.account), 1))
            painter.setBrush(colors.color(record.account))
            painter.drawRoundedRect(rect, 3, 3)
            text_rect = rect.adjusted(4, 0, -2, 0)
            if record.pinned and rect.width() > 40:
                pin_icon().paint(painter, QRect(rect.right() - 15, rect.top() + 3, 14, 14))
                text_rect.adjust(0, 0, -14, 0)
            if n == self._current:
                painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            label = f"{block.minute // 60:02d}:{block.minute % 60:02d} {flat(record.text)}"
            if record.needs_confirmation:
                label = self.tr("%1 · check X").replace("%1", label[:5]) + label[5:]
            painter.drawText(
                text_rect,
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, text_rect.width()),
            )
        self._paint_headers(painter, pal)
        if self.hasFocus():
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def _paint_grid(self, painter: QPainter, pal: QPalette) -> None:
        day_width = self._day_width()
        line = pal.color(QPalette.ColorRole.Mid)
        text = pal.color(QPalette.ColorRole.PlaceholderText)
        for hour in range(self._first_hour, self._last_hour + 1):
            y = self._y(hour * 60)
            painter.setPen(line if hour % 6 == 0 else pal.color(QPalette.ColorRole.Midlight))
            painter.drawLine(GUTTER, y, self.width(), y)
            if hour < self._last_hour:
                painter.setPen(text)
                painter.drawText(
                    QRect(0, y, GUTTER - 6, 16),
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                    f"{hour:02d}:00",
                )
        painter.setPen(line)
        for day in range(8):
            x = int(GUTTER + day * day_width)
            painter.drawLine(x, HEADER, x, self.height())

    def _paint_headers(self, painter: QPainter, pal: QPalette) -> None:
        day_width = self._day_width()
        painter.fillRect(QRect(0, 0, self.width(), HEADER), pal.color(QPalette.ColorRole.Window))
        today = self._today
        bold = self.font()
        bold.setBold(True)
        for day in range(7):
            when = self._monday + timedelta(days=day)
            rect = QRect(int(GUTTER + day * day_width), 0, int(day_width), HEADER)
            painter.setFont(bold if when == today else self.font())
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            title = f"{when:%a} {when.day} {when:%b}"
            if self._hidden[day]:
                title += "\n" + self.tr("+%1 more").replace("%1", str(self._hidden[day]))
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), title)
        painter.setFont(self.font())

    # -- input ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Tooltips name the post under the pointer, with both times and its text."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            found = self.block_at(event.pos())
            if found < 0:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(event.globalPos(), self.block_tooltip(self._blocks[found]), self)
            return True
        return super().event(event)

    def block_tooltip(self, block: WeekBlock) -> str:
        """What the tooltip of ``block`` says."""
        record = block.record
        when = (
            both_times(record.scheduled_at, self.model.zone(record.account), self.model.local_zone)
            if record.scheduled_at
            else ""
        )
        return f"{record.account} · {when}\n\n{full_text(record)}"

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click chooses the post under the pointer."""
        self._set_current(self.block_at(event.position().toPoint()))
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double click shows the post in the list."""
        found = self.block_at(event.position().toPoint())
        if found >= 0:
            self._set_current(found)
            self.activated.emit(self._blocks[found].record.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows step through the posts, Enter shows one, Page Up/Down change the week."""
        key = event.key()
        if key in {Qt.Key.Key_Right, Qt.Key.Key_Down}:
            self._set_current(min(self._current + 1, len(self._blocks) - 1))
        elif key in {Qt.Key.Key_Left, Qt.Key.Key_Up}:
            self._set_current(max(self._current - 1, 0) if self._blocks else -1)
        elif key in {Qt.Key.Key_Return, Qt.Key.Key_Enter}:
            block = self.current_block
            if block is not None:
                self.activated.emit(block.record.id)
        elif key == Qt.Key.Key_PageUp:
            self.shift_week(-1)
        elif key == Qt.Key.Key_PageDown:
            self.shift_week(1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Choose the first post when the keyboard arrives with nothing chosen."""
        if self._current < 0 and self._blocks:
            self._set_current(0)
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Repaint without the focus frame."""
        self.update()
        super().focusOutEvent(event)

    def _set_current(self, index: int, *, announce: bool = True) -> None:
        if index == self._current:
            return
        self._current = index
        block = self.current_block
        if block is not None:
            self.setAccessibleDescription(self.block_tooltip(block))
        self.update()
        if announce:
            self.current_changed.emit(block.record.id if block is not None else -1)


def _assign_lanes(blocks: list[WeekBlock], span: int) -> list[WeekBlock]:
    """Put posts closer than ``span`` minutes (a block's height) side by side, per day.

    ``blocks`` are sorted by day and minute; every block of a cluster of posts too close to
    share a line gets the cluster's lane count.
    """
    out: list[WeekBlock] = []
    cluster: list[WeekBlock] = []
    ends: list[int] = []

    def flush() -> None:
        lanes = max((b.lane for b in cluster), default=0) + 1
        out.extend(WeekBlock(b.row, b.record, b.day, b.minute, b.lane, lanes) for b in cluster)
        cluster.clear()
        ends.clear()

    for block in blocks:
        if cluster and (block.day != cluster[0].day or block.minute >= max(ends)):
            flush()
        lane = next((n for n, end in enumerate(ends) if end <= block.minute), len(ends))
        if lane == len(ends):
            ends.append(block.minute + span)
        else:
            ends[lane] = block.minute + span
        cluster.append(WeekBlock(block.row, block.record, block.day, block.minute, lane))
    if cluster:
        flush()
    return out
