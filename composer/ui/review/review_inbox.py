"""The review inbox: drafts waiting for the user's decision, driven from the keyboard.

Keys on the list: Up/Down move, Enter opens the draft, A approves it at once, R opens it to
request changes (a comment is required), X opens it to reject (with a comment).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.core.workflow import Action
from composer.store.records import InboxItem
from composer.ui.empty_state import EmptyState
from composer.ui.review.inbox_model import (
    InboxColumn,
    InboxFilterModel,
    InboxModel,
    InboxRole,
    InboxShow,
)
from composer.ui.review.store_client import StoreClient

#: How often the waiting times are refreshed.
REFRESH_MS = 60_000

_DECISION_KEYS = {Qt.Key.Key_R: Action.REQUEST_CHANGES, Qt.Key.Key_X: Action.REJECT}


class ReviewInbox(QWidget):
    """Filters above the reviewer's waiting drafts; overdue ones stand out.

    Signals:
        open_requested(int): show this draft.
        decision_requested(int, str): show this draft to take this decision (an action value)
            with a comment.
        count_changed(int): drafts waiting on this reviewer's decision (for the tab title).
    """

    open_requested = Signal(int)
    decision_requested = Signal(int, str)
    count_changed = Signal(int)

    def __init__(self, client: StoreClient, reviewer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self.reviewer = reviewer
        self.setAccessibleName(self.tr("Review inbox"))
        self.model = InboxModel(client, reviewer)
        self.proxy = InboxFilterModel()
        self.proxy.setSourceModel(self.model)
        self.account_combo = QComboBox()
        self.account_combo.setAccessibleName(self.tr("Account filter"))
        self.account_combo.addItem(self.tr("All accounts"), "")
        self.show_combo = QComboBox()
        self.show_combo.setAccessibleName(self.tr("Show"))
        self.show_combo.addItem(self.tr("All waiting"), InboxShow.ALL)
        self.show_combo.addItem(self.tr("My turn"), InboxShow.MY_TURN)
        self.show_combo.addItem(self.tr("Overdue"), InboxShow.OVERDUE)
        self.show_combo.setToolTip(
            self.tr("My turn: the current approval step is yours. Overdue: waited past the target")
        )
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Waiting drafts"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # One line per draft: short columns fit their contents, the text takes the rest.
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (
            InboxColumn.WAITING,
            InboxColumn.ACCOUNT,
            InboxColumn.AUTHOR,
            InboxColumn.TURN,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(InboxColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(
            self.tr(
                "Up/Down: move · Enter: open · A: approve · R: request changes (with a comment)"
                " · X: reject (with a comment)"
            )
        )
        self.table.installEventFilter(self)
        self.stack = EmptyState(self.table)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        account_label = QLabel(self.tr("Account:"))
        account_label.setBuddy(self.account_combo)
        show_label = QLabel(self.tr("Show:"))
        show_label.setBuddy(self.show_combo)
        bar = QHBoxLayout()
        bar.addWidget(account_label)
        bar.addWidget(self.account_combo)
        bar.addWidget(show_label)
        bar.addWidget(self.show_combo)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.setTabOrder(self.account_combo, self.show_combo)
        self.setTabOrder(self.show_combo, self.table)
        self._connect_signals()
        self._update_empty_state()
        self.timer.start()

    def _connect_signals(self) -> None:
        self.account_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.show_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.model.actionable_changed.connect(self.count_changed)
        self.model.modelReset.connect(self._select_first)
        self.model.loaded.connect(self._select_first)
        self.model.loaded.connect(self._update_empty_state)
        self.model.modelReset.connect(self._update_empty_state)
        self.proxy.rowsInserted.connect(self._update_empty_state)
        self.proxy.rowsRemoved.connect(self._update_empty_state)
        self.proxy.layoutChanged.connect(self._update_empty_state)
        self.proxy.modelReset.connect(self._update_empty_state)
        self.timer.timeout.connect(self.refresh)
        self._client.accounts_loaded.connect(self._on_client_accounts_loaded)
        self._client.changed.connect(self.model.reload)

    @Slot()
    def refresh(self) -> None:
        """Reload the inbox (and the account list)."""
        self._client.load_accounts()
        self.model.reload()

    def focus_list(self) -> None:
        """Focus the waiting drafts (the first selected), or the filters while none is shown."""
        self._select_first()
        target = self.account_combo if self.stack.showing_message else self.table
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _update_empty_state(self) -> None:
        if self.proxy.rowCount() > 0:
            had_focus = self.account_combo.hasFocus() and self.stack.showing_message
            self.stack.show_view()
            if had_focus:  # the list the user was sent to has arrived: go to it
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.model.loading:
            self.stack.show_message(self.tr("Loading the drafts waiting for you…"))
        elif self.model.rowCount() == 0:
            self.stack.show_message(
                self.tr(
                    "Nothing is waiting for your review. A draft shows up here when someone "
                    "submits one for an account you review: Enter opens it, A approves it, "
                    "R requests changes, X rejects it."
                )
            )
        else:
            self.stack.show_message(
                self.tr(
                    "No waiting draft matches these filters. Choose “All accounts” and "
                    "“All waiting” to see every one."
                )
            )

    def current_item(self) -> InboxItem | None:
        """The selected waiting draft."""
        value = self.proxy.data(self.table.currentIndex(), InboxRole.ITEM)
        return value if isinstance(value, InboxItem) else None

    def approve_current(self) -> None:
        """Approve the selected draft as it was read (a newer version is a conflict)."""
        item = self.current_item()
        if item is not None:
            self._client.review(
                item.draft.id,
                Action.APPROVE,
                actor=self.reviewer,
                expected_version=item.draft.version,
                text_version=item.draft.text_version,
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The inbox's keys (see the module docstring)."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            return self._on_key(Qt.Key(event.key())) or super().eventFilter(watched, event)
        return super().eventFilter(watched, event)

    def _on_key(self, key: Qt.Key) -> bool:
        item = self.current_item()
        if key in {Qt.Key.Key_Return, Qt.Key.Key_Enter}:
            if item is not None:
                self.open_requested.emit(item.draft.id)
            return True
        if key == Qt.Key.Key_A:
            self.approve_current()
            return True
        if key in _DECISION_KEYS:
            if item is not None:
                self.decision_requested.emit(item.draft.id, _DECISION_KEYS[key].value)
            return True
        return False

    @Slot()
    def _select_first(self) -> None:
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    @Slot(object)
    def _on_client_accounts_loaded(self, handles: tuple[str, ...]) -> None:
        current = self.account_combo.currentData()
        self.account_combo.blockSignals(True)
        self.account_combo.clear()
        self.account_combo.addItem(self.tr("All accounts"), "")
        for handle in handles:
            self.account_combo.addItem(handle, handle)
        self.account_combo.setCurrentIndex(max(self.account_combo.findData(current), 0))
        self.account_combo.blockSignals(False)

    @Slot(int)
    def _on_filter_changed(self, _index: int) -> None:
        self.proxy.set_account(str(self.account_combo.currentData() or ""))
        self.proxy.set_show(InboxShow(self.show_combo.currentData()))

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        value = self.proxy.data(index, InboxRole.DRAFT_ID)
        if isinstance(value, int):
            self.open_requested.emit(value)
