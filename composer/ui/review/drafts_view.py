"""The drafts list: every draft of one account (or all), newest first, loaded lazily."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.ui.empty_state import EmptyState
from composer.ui.review.drafts_model import DraftColumn, DraftRole, DraftsModel
from composer.ui.review.store_client import StoreClient


class DraftsView(QWidget):
    """An account filter above a lazy table of drafts.

    Signals:
        open_requested(int): show this draft (double-click or Enter).
    """

    open_requested = Signal(int)

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self.setAccessibleName(self.tr("Drafts"))
        self.model = DraftsModel(client)
        self.account_combo = QComboBox()
        self.account_combo.setAccessibleName(self.tr("Account filter"))
        self.account_combo.setToolTip(self.tr("Show the drafts of one account, or of all"))
        self.account_combo.addItem(self.tr("All accounts"), "")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the drafts"))
        self.refresh_button.setToolTip(self.tr("Load the drafts again (F5)"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Drafts list"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # One line per draft: short columns fit their contents, the text takes the rest.
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in DraftColumn:
            if column is not DraftColumn.TEXT:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DraftColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(self.tr("Enter or double-click opens the draft"))
        self.table.installEventFilter(self)
        self.stack = EmptyState(self.table)
        account_label = QLabel(self.tr("Account:"))
        account_label.setBuddy(self.account_combo)
        bar = QHBoxLayout()
        bar.addWidget(account_label)
        bar.addWidget(self.account_combo)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.account_combo, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.table)
        self._connect_signals()
        self._update_empty_state()

    def _connect_signals(self) -> None:
        self.account_combo.currentIndexChanged.connect(self._on_account_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self._client.accounts_loaded.connect(self._on_client_accounts_loaded)
        self._client.changed.connect(self.model.reload)
        self.model.loaded.connect(self._update_empty_state)
        self.model.modelReset.connect(self._update_empty_state)
        self.model.rowsInserted.connect(self._update_empty_state)

    @Slot()
    def refresh(self) -> None:
        """Load the accounts and the first page of drafts again."""
        self._client.load_accounts()
        self.model.set_account(str(self.account_combo.currentData() or ""))

    @Slot()
    def _update_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self.stack.show_view()
        elif self.model.loading:
            self.stack.show_message(self.tr("Loading drafts…"))
        elif self.model.account:
            self.stack.show_message(
                self.tr("No drafts for %1 yet. Choose “All accounts” to see the others.").replace(
                    "%1", self.model.account
                )
            )
        else:
            self.stack.show_message(
                self.tr(
                    "No drafts yet. Write one on the Compose page (Ctrl+1): it is saved here as "
                    "you type, and Ctrl+Enter submits it for review."
                )
            )

    def current_draft_id(self) -> int | None:
        """The selected draft's id."""
        index = self.table.currentIndex()
        value = self.model.data(index, DraftRole.DRAFT_ID) if index.isValid() else None
        return value if isinstance(value, int) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the table opens the selected draft."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in {Qt.Key.Key_Return, Qt.Key.Key_Enter}
        ):
            draft_id = self.current_draft_id()
            if draft_id is not None:
                self.open_requested.emit(draft_id)
            return True
        return super().eventFilter(watched, event)

    @Slot(object)
    def _on_client_accounts_loaded(self, handles: tuple[str, ...]) -> None:
        current = self.account_combo.currentData()
        self.account_combo.blockSignals(True)
        self.account_combo.clear()
        self.account_combo.addItem(self.tr("All accounts"), "")
        for handle in handles:
            self.account_combo.addItem(handle, handle)
        found = self.account_combo.findData(current)
        self.account_combo.setCurrentIndex(max(found, 0))
        self.account_combo.blockSignals(False)

    @Slot(int)
    def _on_account_changed(self, _index: int) -> None:
        self.model.set_account(str(self.account_combo.currentData() or ""))

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        value = self.model.data(index, DraftRole.DRAFT_ID)
        if isinstance(value, int):
            self.open_requested.emit(value)
