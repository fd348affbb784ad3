"""Search, filter and sort the drafts list without asking the store again."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from composer.ui.review.drafts_model import DraftRole

_Index = QModelIndex | QPersistentModelIndex


class DraftsFilter(QSortFilterProxyModel):
    """Keeps the drafts whose text has the search words and whose state and author match.

    Sorting uses :attr:`DraftRole.SORT`: numbers, times and words each sort as such.
    """

    def __init__(self) -> None:
        super().__init__()
        self._words: tuple[str, ...] = ()
        self._state = ""
        self._author = ""
        self.setSortRole(DraftRole.SORT)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        """Keep drafts whose text has every word of ``text`` (any case)."""
        self.beginFilterChange()
        self._words = tuple(text.casefold().split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_state(self, state: str) -> None:
        """Keep drafts in ``state`` (its value, e.g. ``changes_requested``; empty: any)."""
        self.beginFilterChange()
        self._state = state
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_author(self, author: str) -> None:
        """Keep drafts by ``author`` (empty: anybody's)."""
        self.beginFilterChange()
        self._author = author
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        """Whether the draft at ``source_row`` matches the search and the filters."""
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._state and model.data(index, DraftRole.STATE) != self._state:
            return False
        if self._author and model.data(index, DraftRole.AUTHOR) != self._author:
            return False
        if self._words:
            text = str(model.data(index, DraftRole.TEXT) or "").casefold()
            return all(word in text for word in self._words)
        return True

    def draft_id(self, row: int) -> int | None:
        """The id of the draft shown at ``row``."""
        value = self.data(self.index(row, 0), DraftRole.DRAFT_ID)
        return value if isinstance(value, int) else None

    def sort_by(self, column: int, order: Qt.SortOrder) -> None:
        """Sort by ``column`` (what the header's click does)."""
        self.sort(column, order)
