"""The inbox table: one row per mention, newest first, overdue ones marked and highlighted."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from composer.core.inbox import MentionState, age_text, overdue
from composer.store.inbox import MentionRecord
from composer.ui import palette

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The table's columns."""

    AGE = 0
    ACCOUNT = 1
    AUTHOR = 2
    TEXT = 3
    THREAD = 4
    STATE = 5
    ASSIGNEE = 6


class Role(IntEnum):
    """Custom data roles."""

    MENTION = Qt.ItemDataRole.UserRole + 1
    OVERDUE = Qt.ItemDataRole.UserRole + 2


class InboxModel(QAbstractTableModel):
    """Mentions as rows (set with :meth:`set_mentions`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[MentionRecord, ...] = ()
        self._targets: dict[str, int] = {}
        self._now: datetime | None = None
        self._threads: Counter[tuple[str, str]] = Counter()
        self._state_names = {
            MentionState.NEW: self.tr("New"),
            MentionState.ASSIGNED: self.tr("Assigned"),
            MentionState.ANSWERED: self.tr("Answered"),
            MentionState.NO_REPLY: self.tr("No reply needed"),
        }
        self._headers = (
            self.tr("Age"),
            self.tr("Account"),
            self.tr("Author"),
            self.tr("Mention"),
            self.tr("Thread"),
            self.tr("State"),
            self.tr("Assigned to"),
        )

    def set_mentions(
        self, rows: tuple[MentionRecord, ...], targets: dict[str, int], now: datetime
    ) -> None:
        """Show ``rows`` (newest first) as of ``now`` with the accounts' response targets."""
        self.beginResetModel()
        self._rows, self._targets, self._now = rows, targets, now
        self._threads = Counter((r.account, r.conversation_id) for r in rows)
        self.endResetModel()

    def mention(self, row: int) -> MentionRecord | None:
        """The mention on ``row``, if any."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, mention_id: int) -> int:
        """The row of a mention, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == mention_id), -1)

    def thread_of(self, mention: MentionRecord) -> list[MentionRecord]:
        """The shown mentions of ``mention``'s conversation, oldest first."""
        same = [
            r
            for r in self._rows
            if r.account == mention.account and r.conversation_id == mention.conversation_id
        ]
        return sorted(same, key=lambda r: (r.mentioned_at, r.id))

    @property
    def now(self) -> datetime | None:
        """The time the rows were read at (ages are measured from it)."""
        return self._now

    def is_overdue(self, mention: MentionRecord) -> bool:
        """Whether ``mention`` waits past its account's response-time target."""
        if self._now is None:
            return False
        return overdue(
            mention.mentioned_at, mention.state, self._targets.get(mention.account), self._now
        )

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        """Rows (none under a parent)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        """Columns."""
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:  # noqa: ANN401 - Qt variant
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: ANN401 - Qt variant; one answer per role
        """Cell text, the mention itself, and the overdue highlight."""
        mention = self.mention(index.row()) if index.isValid() else None
        if mention is None:
            return None
        if role == Role.MENTION:
            return mention
        late = self.is_overdue(mention)
        if role == Role.OVERDUE:
            return late
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(Column(index.column()), mention, late)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == Column.TEXT:
            return mention.text
        if role == Qt.ItemDataRole.BackgroundRole and late:
            return palette.color("problem_bg")
        if role == Qt.ItemDataRole.ForegroundRole and late:
            return palette.color("problem_text")
        return None

    def _text(self, column: Column, m: MentionRecord, late: bool) -> str:  # noqa: FBT001 - private
        now = self._now or m.mentioned_at
        if column is Column.AGE:
            age = age_text(m.mentioned_at, now)
            return self.tr("%1 late").replace("%1", age) if late else age
        if column is Column.ACCOUNT:
            if m.routed_from:
                return self.tr("%1 (from %2)").replace("%1", m.account).replace("%2", m.routed_from)
            return m.account
        if column is Column.AUTHOR:
            return f"@{m.author_username or m.author_id}"
        if column is Column.TEXT:
            return " ".join(m.text.split())
        if column is Column.THREAD:
            count = self._threads[(m.account, m.conversation_id)]
            return self.tr("%1 in thread").replace("%1", str(count)) if count > 1 else "—"
        if column is Column.STATE:
            return self._state_names[m.state]
        return m.assignee or ""
