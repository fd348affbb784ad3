"""The queue list's model: plain records, one row per queued post, no widget per row.

Rows are the store's :class:`~composer.store.records.DraftRecord` values in queue order (by
time). Cell text is made when a row is first painted and then kept, so ten thousand entries
cost one list assignment until the user scrolls. Dragging a row emits ``move_requested``;
the page turns that into a new order for the store (the model never reorders itself).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from enum import IntEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QIcon, QPainter, QPixmap

from composer.core.cost import PriceTable, format_amount, post_cost
from composer.core.workflow import State
from composer.store.queue import PauseState
from composer.store.records import DraftRecord
from composer.ui import palette
from composer.ui.queue.account_colors import AccountColors
from composer.ui.queue.queue_order import movable
from composer.ui.queue.time_text import LocalZone, both_times
from composer.ui.review.state_names import state_label
from composer.ui.translations import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex
_UTC = ZoneInfo("UTC")

#: The drag payload: the dragged post's id, as ASCII digits.
MIME_TYPE = "application/x-brand-composer-queue-post"


class QueueColumn(IntEnum):
    """The columns, in order."""

    WHEN = 0
    ACCOUNT = 1
    TEXT = 2
    STATE = 3
    COST = 4


class QueueRole(IntEnum):
    """Custom roles of :class:`QueueModel`."""

    RECORD = Qt.ItemDataRole.UserRole + 1
    DRAFT_ID = Qt.ItemDataRole.UserRole + 2
    ACCOUNT = Qt.ItemDataRole.UserRole + 3
    PINNED = Qt.ItemDataRole.UserRole + 4
    MOVABLE = Qt.ItemDataRole.UserRole + 5


_HEADERS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("QueueModel", "When (account time · your time)"),
    QT_TRANSLATE_NOOP("QueueModel", "Account"),
    QT_TRANSLATE_NOOP("QueueModel", "Text"),
    QT_TRANSLATE_NOOP("QueueModel", "State"),
    QT_TRANSLATE_NOOP("QueueModel", "Cost on X"),
)

_pin_icons: dict[bool, QIcon] = {}


def pin_icon() -> QIcon:
    """A small drawn pin (a head and a needle), in the palette's accent colour."""
    dark = palette.is_dark()
    icon = _pin_icons.get(dark)
    if icon is None:
        pixmap = QPixmap(14, 14)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = palette.color("over")
        painter.setPen(accent)
        painter.drawLine(7, 7, 7, 13)
        painter.setBrush(accent)
        painter.drawEllipse(3, 1, 8, 8)
        painter.end()
        icon = QIcon(pixmap)
        _pin_icons[dark] = icon
    return icon


def flat(text: str) -> str:
    """The text on one line (the view elides what does not fit)."""
    return " ".join(text.split())


def full_text(record: DraftRecord) -> str:
    """Every part of the post, for the tooltip."""
    body = "\n\n".join(record.parts)
    if record.in_reply_to:
        body += "\n\n" + QCoreApplication.translate("QueueModel", "In reply to post %1").replace(
            "%1", record.in_reply_to
        )
    return body


def waits_for_rate_limit(record: DraftRecord) -> bool:
    """Whether the publisher gave this post back until X's rate limit resets."""
    return record.state is State.QUEUED and record.not_before is not None


class QueueModel(QAbstractTableModel):
    """Queued and publishing posts, by time, with both the account's and the user's time.

    Signals:
        move_requested(int, int): a post (its id) was dropped before this row.
    """

    move_requested = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[DraftRecord, ...] = ()
        self._zones: Mapping[str, tzinfo] = {}
        self._local: LocalZone = None
        self._pause = PauseState(all=False, accounts=frozenset())
        self._times: dict[int, str] = {}
        self._ids: dict[int, int] | None = None
        self.colors = AccountColors()
        self.prices = PriceTable()

    # -- content -------------------------------------------------------------------------

    def set_entries(
        self,
        entries: Sequence[DraftRecord],
        *,
        zones: Mapping[str, tzinfo],
        local_zone: LocalZone = None,
        pause: PauseState | None = None,
        colors: AccountColors | None = None,
    ) -> None:
        """Show ``entries`` (in queue order); times in each account's zone and ``local_zone``."""
        self.beginResetModel()
        self._rows = tuple(entries)
        self._zones = zones
        self._local = local_zone
        if pause is not None:
            self._pause = pause
        if colors is not None:
            self.colors = colors
        self._times = {}
        self._ids = None
        self.endResetModel()

    def set_prices(self, prices: PriceTable) -> None:
        """Price the posts with ``prices`` (the workspace's table)."""
        self.prices = prices
        if self._rows:
            self.dataChanged.emit(
                self.index(0, QueueColumn.COST),
                self.index(len(self._rows) - 1, QueueColumn.COST),
                [Qt.ItemDataRole.DisplayRole],
            )

    def cost_text(self, record: DraftRecord) -> str:
        """The post's predicted cost on X (every thread part billed as one post)."""
        return format_amount(post_cost(record.text, self.prices).total, self.prices.currency)

    @property
    def records(self) -> tuple[DraftRecord, ...]:
        """Every row's record, in order."""
        return self._rows

    @property
    def local_zone(self) -> LocalZone:
        """The user's zone the times are also shown in (``None``: the system's)."""
        return self._local

    def zone(self, account: str) -> tzinfo:
        """The account's time zone (UTC when the guide names none)."""
        return self._zones.get(account, _UTC)

    def record(self, row: int) -> DraftRecord | None:
        """The record at ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, draft_id: int) -> int:
        """The row showing ``draft_id``, or -1."""
        if self._ids is None:
            self._ids = {r.id: n for n, r in enumerate(self._rows)}
        return self._ids.get(draft_id, -1)

    def when_text(self, row: int) -> str:
        """The row's time in the account's zone and the user's (made once, then kept)."""
        text = self._times.get(row)
        if text is None:
            record = self._rows[row]
            moment = record.scheduled_at
            text = both_times(moment, self.zone(record.account), self._local) if moment else ""
            self._times[row] = text
        return text

    # -- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        """Rows under the root."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        """The number of columns."""
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Translated column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return QCoreApplication.translate("QueueModel", _HEADERS[section])
        return None

    def state_text(self, record: DraftRecord) -> str:
        """The state as people read it, with the pin, a pause and a wait for a person."""
        if record.needs_confirmation:
            return self.tr("outcome unknown: check X")
        text = state_label(record.state)
        if record.pinned:
            text = self.tr("%1, pinned").replace("%1", text)
        if waits_for_rate_limit(record) and "monthly cap" in record.last_error:
            # The publisher's hold for a monthly cap reuses the rate limit's wait.
            text = (
                self.tr("%1, monthly cap: waits until %2")
                .replace("%1", text)
                .replace("%2", f"{record.not_before:%H:%M} UTC")
            )
        elif waits_for_rate_limit(record):
            text = (
                self.tr("%1, X rate limit until %2")
                .replace("%1", text)
                .replace("%2", f"{record.not_before:%H:%M} UTC")
            )
        if self._pause.paused(record.account):
            text = self.tr("%1 (paused)").replace("%1", text)
        return text

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, tooltips, the pin and account marks, and the custom roles."""
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == QueueColumn.WHEN:
                return self.when_text(index.row())
            if column == QueueColumn.ACCOUNT:
                return record.account
            if column == QueueColumn.TEXT:
                return flat(record.text if not record.thread_parts else " / ".join(record.parts))
            if column == QueueColumn.STATE:
                return self.state_text(record)
            if column == QueueColumn.COST:
                return self.cost_text(record)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == QueueColumn.WHEN and record.pinned:
                return pin_icon()
            if column == QueueColumn.ACCOUNT:
                return self.colors.swatch(record.account)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and record.needs_confirmation:
            return palette.color("problem_bg")
        if role == Qt.ItemDataRole.ForegroundRole:
            if record.needs_confirmation:
                return palette.color("problem_text")
            if self._pause.paused(record.account):
                return palette.color("warn_text")
            return None
        custom: dict[int, object] = {
            QueueRole.RECORD: record,
            QueueRole.DRAFT_ID: record.id,
            QueueRole.ACCOUNT: record.account,
            QueueRole.PINNED: record.pinned,
            QueueRole.MOVABLE: movable(record),
        }
        return custom.get(role)

    def _tooltip(self, record: DraftRecord, column: int) -> str | None:
        if column == QueueColumn.TEXT:
            return full_text(record)
        if column == QueueColumn.WHEN and record.pinned:
            return self.tr("Pinned to this time: reordering the queue leaves it here.")
        if column == QueueColumn.ACCOUNT:
            return (
                self.tr("Times of %1 are in %2")
                .replace("%1", record.account)
                .replace("%2", str(self.zone(record.account)))
            )
        if column == QueueColumn.STATE and record.needs_confirmation:
            return self.tr(
                "The connection was lost while publishing: look on X, then confirm it on the "
                "History tab."
            )
        if column == QueueColumn.STATE and waits_for_rate_limit(record):
            return record.last_error  # X's reason and reset time, as the publisher recorded it
        return None

    # -- drag and drop -------------------------------------------------------------------

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows are selectable; movable posts can be dragged; drops land between rows."""
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        record = self.record(index.row())
        if record is not None and movable(record):
            flags |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def supportedDropActions(self) -> Qt.DropAction:
        """Rows are moved, never copied."""
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        """Rows are moved, never copied."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """The one payload this model reads and writes."""
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """The dragged post's id (the first selected row's)."""
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        record = self.record(rows[0]) if rows else None
        if record is not None:
            data.setData(MIME_TYPE, QByteArray(str(record.id).encode("ascii")))
        return data

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        """Only a post of this list, moved."""
        return action == Qt.DropAction.MoveAction and data.hasFormat(MIME_TYPE)

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        """Ask for the dropped post to go before ``row`` (or before the row it fell on).

        The model itself does not change (nor does the view remove the dragged row: this
        model has no ``removeRows``); the store lays the queue out and the page reloads.
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        raw = bytes(data.data(MIME_TYPE).data()).decode("ascii", "replace")
        if not raw.isdigit():
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        self.move_requested.emit(int(raw), target)
        return True


def scheduled_times(records: Sequence[DraftRecord]) -> list[datetime]:
    """The records' times in order (records without one are left out)."""
    return [r.scheduled_at for r in records if r.scheduled_at is not None]
