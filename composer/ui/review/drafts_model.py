"""The drafts list of one account (or all): lazy, a page of 100 drafts at a time."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Slot

from composer.ui.review.paged_model import PagedTableModel
from composer.ui.review.state_names import state_label
from composer.ui.review.store_client import DraftRow, DraftsPage, StoreClient
from composer.ui.review.time_labels import first_line, when
from composer.ui.translations import QT_TRANSLATE_NOOP

_Index = QModelIndex | QPersistentModelIndex


class DraftRole(IntEnum):
    """Custom roles of :class:`DraftsModel`."""

    ROW = Qt.ItemDataRole.UserRole + 1
    DRAFT_ID = Qt.ItemDataRole.UserRole + 2
    STATE = Qt.ItemDataRole.UserRole + 3
    SORT = Qt.ItemDataRole.UserRole + 4
    AUTHOR = Qt.ItemDataRole.UserRole + 5
    ACCOUNT = Qt.ItemDataRole.UserRole + 6
    TEXT = Qt.ItemDataRole.UserRole + 7


class DraftColumn(IntEnum):
    """The columns, in order."""

    ID = 0
    STATE = 1
    ACCOUNT = 2
    TEXT = 3
    FINDINGS = 4
    SCORE = 5
    AUTHOR = 6
    UPDATED = 7


class DraftsModel(PagedTableModel):
    """Drafts, newest first, with their findings count and brand score.

    Args:
        client: The store client.
        page_size: Rows per page.
        author: Only this person's drafts (empty: everybody's).
        viewer: Whose commands each row carries (what they may do to it).
    """

    headers = (
        QT_TRANSLATE_NOOP("DraftsModel", "ID"),
        QT_TRANSLATE_NOOP("DraftsModel", "State"),
        QT_TRANSLATE_NOOP("DraftsModel", "Account"),
        QT_TRANSLATE_NOOP("DraftsModel", "Text"),
        QT_TRANSLATE_NOOP("DraftsModel", "Findings"),
        QT_TRANSLATE_NOOP("DraftsModel", "Score"),
        QT_TRANSLATE_NOOP("DraftsModel", "Author"),
        QT_TRANSLATE_NOOP("DraftsModel", "Updated"),
    )

    def __init__(
        self,
        client: StoreClient,
        page_size: int | None = None,
        *,
        author: str = "",
        viewer: str = "",
    ) -> None:
        super().__init__(page_size or 100)
        self._client = client
        self._account = ""
        self.author = author
        self.viewer = viewer
        client.drafts_loaded.connect(self._on_client_drafts_loaded)
        client.failed.connect(self._on_client_failed)

    @property
    def account(self) -> str:
        """The account shown (empty: every account)."""
        return self._account

    def set_account(self, account: str) -> None:
        """Show one account's drafts (empty: all) and load them from the start."""
        self._account = account
        self.reload()

    def request_page(self, token: int, offset: int, limit: int) -> None:
        """Ask the client for a page of drafts."""
        self._client.load_drafts(
            token,
            account=self._account or None,
            author=self.author or None,
            viewer=self.viewer or None,
            offset=offset,
            limit=limit,
        )

    def draft_row(self, row: int) -> DraftRow | None:
        """The draft at ``row``."""
        value = self.row_value(row)
        return value if isinstance(value, DraftRow) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Cell text, tooltips, alignment and the custom roles."""
        item = self.draft_row(index.row()) if index.isValid() else None
        if item is None:
            return None
        draft = item.draft
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            cells = {
                DraftColumn.ID: str(draft.id),
                DraftColumn.STATE: state_label(draft.state),
                DraftColumn.ACCOUNT: draft.account
                + (self.tr(" (no review)") if item.no_review else ""),
                DraftColumn.TEXT: first_line(draft.text),
                DraftColumn.FINDINGS: str(item.findings_count),
                DraftColumn.SCORE: f"{item.brand_score:.0f}",
                DraftColumn.AUTHOR: draft.author,
                DraftColumn.UPDATED: when(draft.updated_at),
            }
            return cells.get(DraftColumn(column)) if column < len(self.headers) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == DraftColumn.ACCOUNT and item.no_review:
                return self.tr("No review: drafts of this account are approved as submitted")
            return draft.text if column == DraftColumn.TEXT else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column in {DraftColumn.ID, DraftColumn.FINDINGS, DraftColumn.SCORE}
            return (
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if numeric
                else None
            )
        if role == DraftRole.SORT:
            return _sort_key(item, column)
        custom: dict[int, object] = {
            DraftRole.ROW: item,
            DraftRole.DRAFT_ID: draft.id,
            DraftRole.STATE: draft.state.value,
            DraftRole.AUTHOR: draft.author,
            DraftRole.ACCOUNT: draft.account,
            DraftRole.TEXT: draft.text,
        }
        return custom.get(role)

    @Slot(object)
    def _on_client_drafts_loaded(self, page: DraftsPage) -> None:
        self.accept_page(page.token, page.offset, page.rows, has_more=page.has_more)

    @Slot(str)
    def _on_client_failed(self, _message: str) -> None:
        if self.loading:
            self.stop_loading()


def _sort_key(item: DraftRow, column: int) -> object:
    """What a column sorts by: numbers as numbers, times as times, words ignoring case."""
    draft = item.draft
    keys: dict[int, object] = {
        DraftColumn.ID: draft.id,
        DraftColumn.STATE: state_label(draft.state).casefold(),
        DraftColumn.ACCOUNT: draft.account.casefold(),
        DraftColumn.TEXT: first_line(draft.text).casefold(),
        DraftColumn.FINDINGS: item.findings_count,
        DraftColumn.SCORE: item.brand_score,
        DraftColumn.AUTHOR: draft.author.casefold(),
        DraftColumn.UPDATED: draft.updated_at.timestamp(),
    }
    return keys.get(column)
