"""A reviewer's inbox: submitted drafts, oldest waiting first, overdue ones standing out."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QFont

from composer.store.records import InboxItem
from composer.ui import palette
from composer.ui.review.paged_model import PagedTableModel
from composer.ui.review.store_client import InboxPage, StoreClient
from composer.ui.review.time_labels import duration, excerpt
from composer.ui.translations import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex


class InboxRole(IntEnum):
    """Custom roles of :class:`InboxModel`."""

    ITEM = Qt.ItemDataRole.UserRole + 1
    DRAFT_ID = Qt.ItemDataRole.UserRole + 2
    OVERDUE = Qt.ItemDataRole.UserRole + 3
    CAN_ACT = Qt.ItemDataRole.UserRole + 4
    ACCOUNT = Qt.ItemDataRole.UserRole + 5


class InboxColumn(IntEnum):
    """The columns, in order."""

    WAITING = 0
    ACCOUNT = 1
    TEXT = 2
    AUTHOR = 3
    REASON = 4
    TURN = 5


class InboxModel(PagedTableModel):
    """Drafts waiting for ``reviewer``; loads lazily like the drafts list.

    Signals:
        actionable_changed(int): how many loaded drafts wait on this reviewer's decision.
    """

    actionable_changed = Signal(int)

    headers = (
        QT_TRANSLATE_NOOP("InboxModel", "Waiting"),
        QT_TRANSLATE_NOOP("InboxModel", "Account"),
        QT_TRANSLATE_NOOP("InboxModel", "Text"),
        QT_TRANSLATE_NOOP("InboxModel", "Author"),
        QT_TRANSLATE_NOOP("InboxModel", "Reason"),
        QT_TRANSLATE_NOOP("InboxModel", "Your turn"),
    )

    def __init__(self, client: StoreClient, reviewer: str, page_size: int | None = None) -> None:
        super().__init__(page_size or 100)
        self._client = client
        self.reviewer = reviewer
        client.inbox_loaded.connect(self._on_client_inbox_loaded)
        client.failed.connect(self._on_client_failed)
        self.modelReset.connect(self._emit_actionable)
        self.rowsInserted.connect(self._emit_actionable)

    def request_page(self, token: int, offset: int, limit: int) -> None:
        """Ask the client for a page of the inbox."""
        self._client.load_inbox(token, self.reviewer, offset=offset, limit=limit)

    def item(self, row: int) -> InboxItem | None:
        """The inbox item at ``row``."""
        value = self.row_value(row)
        return value if isinstance(value, InboxItem) else None

    def actionable(self) -> int:
        """Loaded drafts whose current approval step is this reviewer's."""
        return sum(1 for item in self.rows() if item.can_act)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text; overdue rows bold in the warning colour; the custom roles."""
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        draft = item.draft
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            cells = {
                InboxColumn.WAITING: duration(item.waiting_minutes)
                + (self.tr(" — overdue") if item.overdue else ""),
                InboxColumn.ACCOUNT: draft.account,
                InboxColumn.TEXT: excerpt(draft.text),
                InboxColumn.AUTHOR: draft.author,
                InboxColumn.REASON: draft.warning_reason,
                InboxColumn.TURN: self.tr("yes") if item.can_act else self.tr("no"),
            }
            return cells.get(InboxColumn(column)) if column < len(self.headers) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == InboxColumn.REASON and draft.warning_reason:
                return self.tr("Submitted despite warnings: %1").replace("%1", draft.warning_reason)
            return draft.text
        if role in {Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole}:
            return _overdue_style(role) if item.overdue else None
        custom: dict[int, object] = {
            InboxRole.ITEM: item,
            InboxRole.DRAFT_ID: draft.id,
            InboxRole.OVERDUE: item.overdue,
            InboxRole.CAN_ACT: item.can_act,
            InboxRole.ACCOUNT: draft.account,
        }
        return custom.get(role)

    @Slot(object)
    def _on_client_inbox_loaded(self, page: InboxPage) -> None:
        self.accept_page(page.token, page.offset, page.items, has_more=page.has_more)

    @Slot(str)
    def _on_client_failed(self, _message: str) -> None:
        if self.loading:
            self.stop_loading()

    @Slot()
    def _emit_actionable(self) -> None:
        self.actionable_changed.emit(self.actionable())


def _overdue_style(role: int) -> object:
    """Overdue rows: bold, in the palette's warning colour."""
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    return palette.color("warn")


class InboxShow(IntEnum):
    """Which waiting drafts the inbox shows."""

    ALL = 0
    MY_TURN = 1
    OVERDUE = 2


class InboxFilterModel(QSortFilterProxyModel):
    """Filters the inbox by account and by whose turn it is (or only overdue drafts)."""

    def __init__(self) -> None:
        super().__init__()
        self._account = ""
        self._show = InboxShow.ALL

    def set_account(self, account: str) -> None:
        """Show one account's drafts (empty: all)."""
        self.beginFilterChange()
        self._account = account
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_show(self, show: InboxShow) -> None:
        """Show all waiting drafts, those whose step is the reviewer's, or overdue ones."""
        self.beginFilterChange()
        self._show = show
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        """Rows matching the account and the show setting."""
        model = self.sourceModel()
        if not isinstance(model, InboxModel):
            return True
        item = model.item(source_row)
        if item is None:
            return False
        if self._account and item.draft.account != self._account:
            return False
        if self._show is InboxShow.MY_TURN:
            return item.can_act
        if self._show is InboxShow.OVERDUE:
            return item.overdue
        return True
