"""What the queue list and the history view share: a table of draft records with an empty state."""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from PySide6.QtWidgets import QTableView

from composer.store.records import DraftRecord
from composer.ui.empty_state import EmptyState


class RecordModel(Protocol):
    """A table model over draft records."""

    def record(self, row: int) -> DraftRecord | None:
        """The record shown in ``row``."""
        ...

    def row_of(self, draft_id: int) -> int:
        """The row of ``draft_id``, or -1."""
        ...

    def rowCount(self) -> int:
        """How many rows."""
        ...


M = TypeVar("M", bound=RecordModel)


class RecordTable(Generic[M]):
    """Selection and empty-state helpers for a widget with ``table``, ``model`` and ``stack``."""

    table: QTableView
    model: M
    stack: EmptyState

    def current_record(self) -> DraftRecord | None:
        """The selected post."""
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def select_draft(self, draft_id: int) -> bool:
        """Select (and scroll to) ``draft_id``'s row; False when it is not listed."""
        row = self.model.row_of(draft_id)
        if row < 0:
            return False
        index = self.table.model().index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def show_empty(self, text: str) -> None:
        """Say ``text`` where the rows would be (or show the rows when there are some)."""
        if self.model.rowCount() > 0:
            self.stack.show_view()
        else:
            self.stack.show_message(text)
