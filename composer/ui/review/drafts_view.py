"""The drafts list: the user's own drafts (My Drafts), or everybody's, loaded lazily.

Search, the state and author filters and sorting work on the loaded rows
(:class:`~composer.ui.review.drafts_filter.DraftsFilter`); the buttons offer exactly the
commands the workflow core allows the user on the selected draft
(:func:`composer.core.workflow.draft_commands`, computed by the client).
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.core.workflow import Action, DraftCommand, State
from composer.store.records import DraftRecord
from composer.ui.empty_state import EmptyState
from composer.ui.review.drafts_filter import DraftsFilter
from composer.ui.review.drafts_model import DraftColumn, DraftRole, DraftsModel
from composer.ui.review.state_names import state_label
from composer.ui.review.store_client import DraftRow, StoreClient

#: Own drafts are few: load them in big pages so that sorting and search see them all.
OWN_PAGE_SIZE = 500


class DraftsView(QWidget):
    """Search and filters above a lazy, sortable table of drafts, with the author's commands.

    Args:
        client: The store client.
        parent: Qt parent.
        user: Who is looking (their commands are offered; none without a user).
        mine: List only ``user``'s own drafts.

    Signals:
        open_requested(int): show this draft read-only (double-click or Enter on a draft the
            user cannot edit).
        edit_requested(int): continue this draft in the composer.
        note(str): what just happened, for the status bar.
    """

    open_requested = Signal(int)
    edit_requested = Signal(int)
    note = Signal(str)

    def __init__(
        self,
        client: StoreClient,
        parent: QWidget | None = None,
        *,
        user: str = "",
        mine: bool = False,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self.user = user
        self.mine = mine and bool(user)
        # Deleted in this session, newest last (Undo Delete restores them in turn).
        self.deleted: list[DraftRecord] = []
        self._copies: dict[int, bool] = {}  # source id -> open the copy in the composer
        self._acting: set[int] = set()  # drafts this view asked to withdraw, delete, restore
        self._stale = False  # My Drafts changed while hidden: reload when shown
        self.setAccessibleName(self.tr("My drafts") if self.mine else self.tr("Drafts"))
        self.model = DraftsModel(
            client,
            OWN_PAGE_SIZE if self.mine else None,
            author=user if self.mine else "",
            viewer=user,
        )
        self.proxy = DraftsFilter()
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Search the drafts' text"))
        self.search.setPlaceholderText(self.tr("Search text…"))
        self.search.setClearButtonEnabled(True)
        self.state_combo = QComboBox()
        self.state_combo.setAccessibleName(self.tr("State filter"))
        self.state_combo.addItem(self.tr("All states"), "")
        for state in State:
            self.state_combo.addItem(state_label(state), state.value)
        self.author_combo = QComboBox()
        self.author_combo.setAccessibleName(self.tr("Author filter"))
        self.author_combo.addItem(self.tr("All authors"), "")
        self.author_combo.setVisible(not self.mine)
        self.account_combo = QComboBox()
        self.account_combo.setAccessibleName(self.tr("Account filter"))
        self.account_combo.setToolTip(self.tr("Show the drafts of one account, or of all"))
        self.account_combo.addItem(self.tr("All accounts"), "")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the drafts"))
        self.refresh_button.setToolTip(self.tr("Load the drafts again (F5)"))
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(
            self.tr("My drafts list") if self.mine else self.tr("Drafts list")
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # The text's first line is shown whole: it wraps, and rows grow to fit it.
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        for column in DraftColumn:
            if column is not DraftColumn.TEXT:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DraftColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        # My Drafts are all by the same person.
        self.table.setColumnHidden(DraftColumn.AUTHOR, self.mine)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DraftColumn.ID, Qt.SortOrder.DescendingOrder)
        self.table.setToolTip(
            self.tr("Enter or double-click opens the draft; click a column title to sort")
        )
        self.table.installEventFilter(self)
        self.stack = EmptyState(self.table)
        self.open_button = QPushButton(self.tr("O&pen in Composer"))
        self.open_button.setAccessibleName(self.tr("Open the draft in the composer"))
        self.open_button.setToolTip(
            self.tr("Keep writing it; a finished draft is copied into a new one")
        )
        self.withdraw_button = QPushButton(self.tr("&Withdraw"))
        self.withdraw_button.setAccessibleName(self.tr("Withdraw the draft from review"))
        self.withdraw_button.setToolTip(self.tr("Take it back from review to keep writing it"))
        self.delete_button = QPushButton(self.tr("De&lete"))
        self.delete_button.setAccessibleName(self.tr("Delete the draft"))
        self.delete_button.setToolTip(self.tr("Delete a draft never submitted (Undo Delete)"))
        self.undo_button = QPushButton(self.tr("&Undo Delete"))
        self.undo_button.setAccessibleName(self.tr("Undo the last delete"))
        self.undo_button.setToolTip(self.tr("Bring back the draft deleted last (Ctrl+Z)"))
        self.duplicate_button = QPushButton(self.tr("Dupli&cate"))
        self.duplicate_button.setAccessibleName(self.tr("Duplicate the draft"))
        self.duplicate_button.setToolTip(self.tr("Start a new draft with the same text"))
        self.undo_action = QAction(self.tr("Undo Delete"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.undo_action)
        self._buttons = {
            DraftCommand.WITHDRAW: self.withdraw_button,
            DraftCommand.DELETE: self.delete_button,
            DraftCommand.DUPLICATE: self.duplicate_button,
        }
        account_label = QLabel(self.tr("Account:"))
        account_label.setBuddy(self.account_combo)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.state_combo)
        bar.addWidget(self.author_combo)
        bar.addWidget(account_label)
        bar.addWidget(self.account_combo)
        bar.addWidget(self.refresh_button)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.withdraw_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.duplicate_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        for button in (*self._buttons.values(), self.open_button, self.undo_button):
            button.setVisible(bool(user))
        chain = (
            self.search,
            self.state_combo,
            self.author_combo,
            self.account_combo,
            self.refresh_button,
            self.table,
            self.open_button,
            self.withdraw_button,
            self.delete_button,
            self.undo_button,
            self.duplicate_button,
        )
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        self._connect_signals()
        self._update_empty_state()
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.account_combo.currentIndexChanged.connect(self._on_account_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.search.textChanged.connect(self.proxy.set_search)
        self.state_combo.currentIndexChanged.connect(self._on_state_changed)
        self.author_combo.currentIndexChanged.connect(self._on_author_changed)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.withdraw_button.clicked.connect(self._on_withdraw_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_action.triggered.connect(self.undo_delete)
        self.duplicate_button.clicked.connect(self._on_duplicate_clicked)
        self._client.accounts_loaded.connect(self._on_client_accounts_loaded)
        self._client.changed.connect(self._on_client_changed)
        self._client.draft_copied.connect(self._on_client_draft_copied)
        self._client.author_action_done.connect(self._on_client_author_action_done)
        self.model.loaded.connect(self._update_empty_state)
        self.model.loaded.connect(self._update_authors)
        self.model.modelReset.connect(self._update_empty_state)
        self.model.rowsInserted.connect(self._update_empty_state)
        self.model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.proxy.layoutChanged.connect(self._update_buttons)

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

    @Slot()
    def _on_client_changed(self) -> None:
        # Every autosave says "changed": the user's own (long) list reloads only when seen,
        # so the store's one worker is not kept busy while the author types.
        if self.mine and not self.isVisible():
            self._stale = True
            return
        self.model.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """Reload a list that changed while hidden."""
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.model.reload()

    def current_draft_id(self) -> int | None:
        """The selected draft's id."""
        index = self.table.currentIndex()
        value = index.data(DraftRole.DRAFT_ID) if index.isValid() else None
        return value if isinstance(value, int) else None

    def current_row(self) -> DraftRow | None:
        """The selected draft's row."""
        index = self.table.currentIndex()
        value = index.data(DraftRole.ROW) if index.isValid() else None
        return value if isinstance(value, DraftRow) else None

    def select_draft(self, draft_id: int) -> bool:
        """Make ``draft_id`` the current row, if it is shown."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.draft_id(row) == draft_id:
                self.table.setCurrentIndex(self.proxy.index(row, DraftColumn.TEXT))
                return True
        return False

    def activate(self, row: DraftRow) -> None:
        """Open ``row`` as the user may: in the composer, as a copy, or to read."""
        if DraftCommand.EDIT in row.commands:
            self.edit_requested.emit(row.draft.id)
        elif DraftCommand.COPY in row.commands:
            self._copy(row.draft.id, edit=True)
        else:
            self.open_requested.emit(row.draft.id)

    @Slot()
    def undo_delete(self) -> None:
        """Bring back the draft deleted last in this session."""
        if not self.deleted:
            return
        record = self.deleted.pop()
        self._acting.add(record.id)
        self._client.author_action(
            record.id, Action.RESTORE, actor=self.user, expected_version=record.version
        )
        self._update_buttons()

    def _copy(self, draft_id: int, *, edit: bool) -> None:
        self._copies[draft_id] = edit
        self._client.duplicate_draft(draft_id, actor=self.user)

    def _act(self, action: Action) -> None:
        row = self.current_row()
        if row is None:
            return
        self._acting.add(row.draft.id)
        self._client.author_action(
            row.draft.id, action, actor=self.user, expected_version=row.draft.version
        )

    @Slot()
    def _update_buttons(self) -> None:
        row = self.current_row()
        commands = row.commands if row is not None else frozenset()
        for command, button in self._buttons.items():
            button.setEnabled(command in commands)
        self.open_button.setEnabled(bool(commands & {DraftCommand.EDIT, DraftCommand.COPY}))
        self.open_button.setText(
            self.tr("Copy into &New Draft")
            if DraftCommand.COPY in commands
            else self.tr("O&pen in Composer")
        )
        self.undo_button.setEnabled(bool(self.deleted))
        self.undo_action.setEnabled(bool(self.deleted))

    @Slot()
    def _update_authors(self) -> None:
        if self.mine:
            return
        current = self.author_combo.currentData()
        names = sorted({r.draft.author for r in self.model.rows() if isinstance(r, DraftRow)})
        known = [self.author_combo.itemData(i) for i in range(1, self.author_combo.count())]
        if names == known:
            return
        self.author_combo.blockSignals(True)
        self.author_combo.clear()
        self.author_combo.addItem(self.tr("All authors"), "")
        for name in names:
            self.author_combo.addItem(name, name)
        self.author_combo.setCurrentIndex(max(self.author_combo.findData(current), 0))
        self.author_combo.blockSignals(False)

    @Slot(int)
    def _on_state_changed(self, _index: int) -> None:
        self.proxy.set_state(str(self.state_combo.currentData() or ""))
        self._update_empty_state()

    @Slot(int)
    def _on_author_changed(self, _index: int) -> None:
        self.proxy.set_author(str(self.author_combo.currentData() or ""))
        self._update_empty_state()

    @Slot()
    def _on_open_clicked(self) -> None:
        row = self.current_row()
        if row is not None:
            self.activate(row)

    @Slot()
    def _on_withdraw_clicked(self) -> None:
        self._act(Action.RECALL)

    @Slot()
    def _on_delete_clicked(self) -> None:
        self._act(Action.DELETE)

    @Slot()
    def _on_duplicate_clicked(self) -> None:
        row = self.current_row()
        if row is not None:
            self._copy(row.draft.id, edit=False)

    @Slot(object, int)
    def _on_client_draft_copied(self, record: DraftRecord, source: int) -> None:
        if source not in self._copies:
            return
        edit = self._copies.pop(source)
        self.note.emit(
            self.tr("Draft %1 copied into new draft %2.")
            .replace("%1", str(source))
            .replace("%2", str(record.id))
        )
        if edit:
            self.edit_requested.emit(record.id)

    @Slot(object, str)
    def _on_client_author_action_done(self, record: DraftRecord, action: str) -> None:
        if record.id not in self._acting:
            return
        self._acting.discard(record.id)
        messages = {
            Action.RECALL.value: self.tr("Draft %1 withdrawn from review: it is a draft again."),
            Action.DELETE.value: self.tr("Draft %1 deleted. Undo Delete (Ctrl+Z) brings it back."),
            Action.RESTORE.value: self.tr("Draft %1 is back."),
        }
        if action == Action.DELETE.value:
            self.deleted.append(record)
        self.note.emit(messages.get(action, "%1").replace("%1", str(record.id)))
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the table opens the selected draft."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in {Qt.Key.Key_Return, Qt.Key.Key_Enter}
        ):
            row = self.current_row()
            if row is not None:
                self.activate(row)
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
        value = index.data(DraftRole.ROW)
        if isinstance(value, DraftRow):
            self.activate(value)
