"""The lazy table model both review lists build on: rows arrive a page at a time.

The view asks ``canFetchMore``/``fetchMore`` as the user scrolls near the end; the model then
asks the :class:`~composer.ui.review.store_client.StoreClient` for the next page, which
arrives later (on the UI thread) as a signal. Every request carries a token, so a page meant
for an older filter or an earlier reload is dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from composer.ui.review.store_client import PAGE_SIZE, next_token

_Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(QAbstractTableModel):
    """Rows loaded page by page; subclasses name the columns and ask for a page.

    Signals:
        loaded(): a page arrived (also when it was empty).
    """

    loaded = Signal()

    #: Column headers; subclasses set them, marked with ``QT_TRANSLATE_NOOP`` in the context
    #: named after the subclass, and they are translated when shown.
    headers: tuple[str, ...] = ()

    def __init__(self, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.page_size = page_size
        self._rows: list[Any] = []
        self._token = 0
        self._has_more = False
        self._loading = False

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        """Forget every row and ask for the first page again."""
        self.beginResetModel()
        self._rows = []
        self._token = next_token()
        self._has_more = True
        self._loading = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    @property
    def loading(self) -> bool:
        """True while a page is on its way."""
        return self._loading

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 - Qt default
        """True when more rows may exist and no page is on its way."""
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008 - Qt default
        """Ask for the next page."""
        if not self.canFetchMore(parent):
            return
        self._loading = True
        self.request_page(self._token, len(self._rows), self.page_size)

    def request_page(self, token: int, offset: int, limit: int) -> None:
        """Ask the client for rows ``offset..offset+limit``; subclasses implement it."""
        raise NotImplementedError

    def accept_page(
        self, token: int, offset: int, rows: tuple[Any, ...], *, has_more: bool
    ) -> None:
        """Append a page that answers this model's current request (others are ignored)."""
        if token != self._token or offset != len(self._rows):
            return
        self._loading = False
        self._has_more = has_more
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def stop_loading(self) -> None:
        """Give up the page on its way (its request failed); a reload starts over."""
        self._loading = False
        self._has_more = False

    # -- access --------------------------------------------------------------------------

    def row_value(self, row: int) -> Any:  # noqa: ANN401 - the subclass's row type
        """The value at ``row``, or ``None``."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> tuple[Any, ...]:
        """Every loaded row."""
        return tuple(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        """Rows loaded so far."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt default
        """One per header."""
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        """Column titles (translated)."""
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return QCoreApplication.translate(type(self).__name__, self.headers[section])
        return None
