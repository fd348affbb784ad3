"""The publishing history's model: what went out, what failed and what waits for a person.

Published posts carry their link on X, failed ones the reason, and posts whose outcome is
unknown stand out until a person has looked on X and confirmed them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from enum import IntEnum
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from composer.core.ab_test import AbVerdict
from composer.core.workflow import State
from composer.store.metrics import MetricsReading
from composer.store.records import DraftRecord
from composer.ui import palette
from composer.ui.queue.account_colors import AccountColors
from composer.ui.queue.queue_model import flat, full_text
from composer.ui.queue.time_text import LocalZone, both_times
from composer.ui.review.state_names import state_label
from composer.ui.translations import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex
_UTC = ZoneInfo("UTC")

#: Where a published post is on X (the account's name is not needed).
POST_URL = "https://x.com/i/web/status/{id}"


class HistoryColumn(IntEnum):
    """The columns, in order."""

    WHEN = 0
    ACCOUNT = 1
    TEXT = 2
    OUTCOME = 3
    DETAIL = 4
    RESULTS = 5


class HistoryRole(IntEnum):
    """Custom roles of :class:`HistoryModel`."""

    RECORD = Qt.ItemDataRole.UserRole + 1
    DRAFT_ID = Qt.ItemDataRole.UserRole + 2
    URL = Qt.ItemDataRole.UserRole + 3


_HEADERS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("HistoryModel", "When (account time · your time)"),
    QT_TRANSLATE_NOOP("HistoryModel", "Account"),
    QT_TRANSLATE_NOOP("HistoryModel", "Text"),
    QT_TRANSLATE_NOOP("HistoryModel", "Outcome"),
    QT_TRANSLATE_NOOP("HistoryModel", "Post on X or error"),
    QT_TRANSLATE_NOOP("HistoryModel", "Results on X"),
)


def post_url(record: DraftRecord) -> str:
    """The published post's address on X (empty when it has none)."""
    return POST_URL.format(id=record.post_id) if record.post_id else ""


class HistoryModel(QAbstractTableModel):
    """Published, failed and waiting-for-a-person posts, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[DraftRecord, ...] = ()
        self._zones: Mapping[str, tzinfo] = {}
        self._local: LocalZone = None
        self._times: dict[int, str] = {}
        self._results: Mapping[int, MetricsReading] = {}
        self._ab: Mapping[int, AbVerdict] = {}
        self.colors = AccountColors()

    def set_results(
        self, results: Mapping[int, MetricsReading], ab: Mapping[int, AbVerdict]
    ) -> None:
        """Show each post's newest metrics reading and its A/B pair's verdict (by draft id)."""
        self._results, self._ab = results, ab
        if self._rows:
            self.dataChanged.emit(
                self.index(0, HistoryColumn.RESULTS),
                self.index(len(self._rows) - 1, HistoryColumn.RESULTS),
            )

    def results_text(self, record: DraftRecord) -> str:
        """Impressions, engagements and their rate; an A/B variant's verdict after them."""
        parts = []
        reading = self._results.get(record.id)
        if reading is not None:
            m = reading.metrics
            text = (
                self.tr("%1 impressions, %2 engagements")
                .replace("%1", f"{m.impressions:,}")
                .replace("%2", f"{m.engagements:,}")
            )
            if m.impressions:
                text += f" ({m.engagements / m.impressions:.1%})"
            parts.append(text)
        verdict = self._ab.get(record.id)
        if verdict is not None and record.variant:
            parts.append(
                self.tr("A/B (this is %1): %2")
                .replace("%1", record.variant)
                .replace("%2", self._verdict_words(verdict))
            )
        return " · ".join(parts)

    def _verdict_words(self, verdict: AbVerdict) -> str:
        if not verdict.leader:
            return self.tr("not enough data yet")
        return (
            self.tr("%1 leads, %2% confident")
            .replace("%1", verdict.leader)
            .replace("%2", f"{verdict.confidence * 100:.0f}")
        )

    def set_records(
        self,
        records: Sequence[DraftRecord],
        *,
        zones: Mapping[str, tzinfo],
        local_zone: LocalZone = None,
        colors: AccountColors | None = None,
    ) -> None:
        """Show ``records`` (newest first)."""
        self.beginResetModel()
        self._rows = tuple(records)
        self._zones = zones
        self._local = local_zone
        if colors is not None:
            self.colors = colors
        self._times = {}
        self.endResetModel()

    @property
    def records(self) -> tuple[DraftRecord, ...]:
        """Every row's record."""
        return self._rows

    def record(self, row: int) -> DraftRecord | None:
        """The record at ``row``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, draft_id: int) -> int:
        """The row showing ``draft_id``, or -1."""
        return next((n for n, r in enumerate(self._rows) if r.id == draft_id), -1)

    def outcome_text(self, record: DraftRecord) -> str:
        """``published``, ``failed`` or that a person must look on X."""
        if record.needs_confirmation:
            return self.tr("outcome unknown: check X")
        return state_label(record.state)

    def detail_text(self, record: DraftRecord) -> str:
        """The post's link when published, else the last error."""
        if record.state is State.PUBLISHED and record.post_id:
            return post_url(record)
        return flat(record.last_error)

    def _when(self, row: int) -> str:
        text = self._times.get(row)
        if text is None:
            record = self._rows[row]
            moment = record.published_at or record.state_changed_at
            zone = self._zones.get(record.account, _UTC)
            text = both_times(moment, zone, self._local)
            self._times[row] = text
        return text

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
            return QCoreApplication.translate("HistoryModel", _HEADERS[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, tooltips, colours and the custom roles."""
        record = self.record(index.row()) if index.isValid() else None
        if record is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == HistoryColumn.WHEN:
                return self._when(index.row())
            texts = {
                HistoryColumn.ACCOUNT: record.account,
                HistoryColumn.TEXT: flat(record.text),
                HistoryColumn.OUTCOME: self.outcome_text(record),
                HistoryColumn.DETAIL: self.detail_text(record),
                HistoryColumn.RESULTS: self.results_text(record),
            }
            return texts.get(HistoryColumn(column)) if column < len(_HEADERS) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.DecorationRole and column == HistoryColumn.ACCOUNT:
            return self.colors.swatch(record.account)
        if role == Qt.ItemDataRole.BackgroundRole and record.needs_confirmation:
            return palette.color("problem_bg")
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(record, column)
        custom: dict[int, object] = {
            HistoryRole.RECORD: record,
            HistoryRole.DRAFT_ID: record.id,
            HistoryRole.URL: post_url(record) if record.state is State.PUBLISHED else "",
        }
        return custom.get(role)

    def _foreground(self, record: DraftRecord, column: int) -> object:
        if record.needs_confirmation:
            return palette.color("problem_text")
        if column == HistoryColumn.OUTCOME and record.state is State.FAILED:
            return palette.color("over")
        if column == HistoryColumn.DETAIL and record.state is State.PUBLISHED:
            app = QApplication.instance()
            if isinstance(app, QApplication):
                return app.palette().color(QPalette.ColorRole.Link)
        return None

    def _tooltip(self, record: DraftRecord, column: int) -> str | None:
        if column == HistoryColumn.TEXT:
            return full_text(record)
        if column == HistoryColumn.DETAIL:
            if record.state is State.PUBLISHED:
                ids = record.post_ids or ((record.post_id,) if record.post_id else ())
                return self.tr("Posted as %1 · Enter or Open on X shows it").replace(
                    "%1", ", ".join(ids)
                )
            if record.last_error:
                return (
                    self.tr("%1\n\nTries so far: %2")
                    .replace("%1", record.last_error)
                    .replace("%2", str(record.publish_attempts))
                )
        if column == HistoryColumn.RESULTS and record.id in self._results:
            reading = self._results[record.id]
            m = reading.metrics
            return (
                self.tr(
                    "Read from X at %1: %2 likes, %3 reposts, %4 replies, %5 quotes, %6 bookmarks"
                )
                .replace("%1", f"{reading.read_at:%Y-%m-%d %H:%M} UTC")
                .replace("%2", str(m.likes))
                .replace("%3", str(m.reposts))
                .replace("%4", str(m.replies))
                .replace("%5", str(m.quotes))
                .replace("%6", str(m.bookmarks))
            )
        if column == HistoryColumn.OUTCOME and record.needs_confirmation:
            return self.tr(
                "The connection was lost while publishing and X cannot be asked: look on X, "
                "then confirm whether it went out."
            )
        return None
