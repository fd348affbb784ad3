"""The audit trail as a table, newest event first."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from composer.store.records import AuditRecord
from composer.ui.review.time_labels import when
from composer.ui.translations import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex


class AuditColumn(IntEnum):
    """The columns, in order."""

    WHEN = 0
    ACTOR = 1
    ACTION = 2
    DRAFT = 3
    ACCOUNT = 4
    FROM = 5
    TO = 6
    VERSION = 7
    DETAIL = 8


AUDIT_ROLE = Qt.ItemDataRole.UserRole + 1


class AuditModel(QAbstractTableModel):
    """One row per audit event (the record under ``AUDIT_ROLE``)."""

    headers = (
        QT_TRANSLATE_NOOP("AuditModel", "When"),
        QT_TRANSLATE_NOOP("AuditModel", "Who"),
        QT_TRANSLATE_NOOP("AuditModel", "Action"),
        QT_TRANSLATE_NOOP("AuditModel", "Draft"),
        QT_TRANSLATE_NOOP("AuditModel", "Account"),
        QT_TRANSLATE_NOOP("AuditModel", "From"),
        QT_TRANSLATE_NOOP("AuditModel", "To"),
        QT_TRANSLATE_NOOP("AuditModel", "Version"),
        QT_TRANSLATE_NOOP("AuditModel", "Detail"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._events: tuple[AuditRecord, ...] = ()

    def set_events(self, events: tuple[AuditRecord, ...]) -> None:
        """Replace the rows (given oldest first, shown newest first)."""
        self.beginResetModel()
        self._events = tuple(reversed(events))
        self.endResetModel()

    def audit_event(self, row: int) -> AuditRecord | None:
        """The event at ``row``."""
        return self._events[row] if 0 <= row < len(self._events) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        """Number of events."""
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        """One per header."""
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """Column titles (translated)."""
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return QCoreApplication.translate("AuditModel", self.headers[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, the full detail as tooltip, and the record."""
        record = self.audit_event(index.row()) if index.isValid() else None
        if record is None:
            return None
        if role == AUDIT_ROLE:
            return record
        if role == Qt.ItemDataRole.ToolTipRole:
            return record.detail or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        cells = (
            when(record.at),
            record.actor,
            record.action.replace("_", " "),
            "" if record.draft_id is None else str(record.draft_id),
            record.account,
            record.from_state or "",
            record.to_state or "",
            "" if record.text_version is None else str(record.text_version),
            record.detail,
        )
        column = index.column()
        return cells[column] if 0 <= column < len(cells) else None
