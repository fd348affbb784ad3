"""The queue as a list: drag a row (or Alt+Up/Down) to reorder, pin, post next, remove.

Keys while the list has the focus: Alt+Up / Alt+Down move the selected post within its
account's queue, Alt+Home makes it go out next, Ctrl+P pins it to a time, Ctrl+Shift+P
unpins it, Delete takes it out of the queue.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.ui.empty_state import EmptyState
from composer.ui.queue.queue_model import QueueColumn, QueueModel
from composer.ui.queue.queue_order import QueueMove, movable, move_by, move_to_row
from composer.ui.queue.record_table import RecordTable

#: A time as wide as the widest the list shows, to size the column without reading every row.
_WIDEST_TIME = "Wed 30 Sep 10:30 AKDT · Thu 02:30 your time"
#: The longest handle X allows (15 characters) with its "@".
_WIDEST_HANDLE = "@NorthwindEvents"


class QueueList(RecordTable[QueueModel], QWidget):
    """The queued posts in time order, with the queue edits beside them.

    Args:
        model: The queue model (shared with the week view).
        parent: Qt parent.

    Signals:
        move_requested(QueueMove): a new order for one account's queue.
        pin_requested(int): pin this post (the page asks for the time).
        unpin_requested(int): let this pinned post move again.
        post_next_requested(int): send this post first.
        remove_requested(int): take this post out of the queue.
        current_changed(int): the selected post's id, or -1.
    """

    move_requested = Signal(object)
    pin_requested = Signal(int)
    unpin_requested = Signal(int)
    post_next_requested = Signal(int)
    remove_requested = Signal(int)
    current_changed = Signal(int)

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setAccessibleName(self.tr("Queue list"))
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName(self.tr("Queued posts"))
        self.table.setAccessibleDescription(
            self.tr(
                "Posts in the order they go out. Alt+Up and Alt+Down move the selected post "
                "within its account's queue."
            )
        )
        self.table.setToolTip(
            self.tr(
                "Drag a post, or press Alt+Up / Alt+Down, to change the order of its account's "
                "queue · Ctrl+P pins it to a time · Delete takes it out"
            )
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._size_columns()
        self.stack = EmptyState(self.table)
        self.up_button = QPushButton(self.tr("Move &Up"))
        self.down_button = QPushButton(self.tr("Move &Down"))
        self.next_button = QPushButton(self.tr("Post &Next"))
        self.pin_button = QPushButton(self.tr("&Pin to Time…"))
        self.unpin_button = QPushButton(self.tr("Unpin"))
        self.remove_button = QPushButton(self.tr("&Remove from Queue"))
        self._build_actions()
        buttons = QHBoxLayout()
        for button in (
            self.up_button,
            self.down_button,
            self.next_button,
            self.pin_button,
            self.unpin_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._connect_signals()
        self._on_current_changed(QModelIndex(), QModelIndex())

    def _size_columns(self) -> None:
        # Sized from sample text, never from the rows: 10,000 rows must not all be measured.
        header = self.table.horizontalHeader()
        metrics = QFontMetrics(self.table.font())
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(QueueColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(QueueColumn.WHEN, metrics.horizontalAdvance(_WIDEST_TIME) + 40)
        header.resizeSection(QueueColumn.ACCOUNT, metrics.horizontalAdvance(_WIDEST_HANDLE) + 40)
        header.resizeSection(
            QueueColumn.STATE,
            metrics.horizontalAdvance(self.tr("queued, monthly cap: waits until 00:00 UTC")) + 24,
        )
        header.resizeSection(QueueColumn.COST, metrics.horizontalAdvance(self.tr("Cost on X")) + 24)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, key, button in (
            ("up", self.tr("Move Up"), "Alt+Up", self.up_button),
            ("down", self.tr("Move Down"), "Alt+Down", self.down_button),
            ("next", self.tr("Post Next"), "Alt+Home", self.next_button),
            ("pin", self.tr("Pin to Time"), "Ctrl+P", self.pin_button),
            ("unpin", self.tr("Unpin"), "Ctrl+Shift+P", self.unpin_button),
            ("remove", self.tr("Remove from Queue"), "Delete", self.remove_button),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            button.clicked.connect(action.trigger)
            self.actions_by_name[name] = action
        self._describe(
            self.up_button,
            self.tr("Move the post before the previous one of its account"),
            "Alt+Up",
        )
        self._describe(
            self.down_button, self.tr("Move the post after the next one of its account"), "Alt+Down"
        )
        self._describe(
            self.next_button, self.tr("Send the post first in its account's queue"), "Alt+Home"
        )
        self._describe(self.pin_button, self.tr("Fix the post at a time you choose"), "Ctrl+P")
        self._describe(
            self.unpin_button,
            self.tr("Let the pinned post move with the queue again"),
            "Ctrl+Shift+P",
        )
        self._describe(
            self.remove_button,
            self.tr("Take the post out of the queue; it stays approved"),
            "Delete",
        )

    def _describe(self, button: QPushButton, text: str, key: str) -> None:
        button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        button.setToolTip(self.tr("%1 (%2)").replace("%1", text).replace("%2", key))

    def _connect_signals(self) -> None:
        actions = self.actions_by_name
        actions["up"].triggered.connect(lambda: self._move(-1))
        actions["down"].triggered.connect(lambda: self._move(1))
        actions["next"].triggered.connect(lambda: self._emit_for_current(self.post_next_requested))
        actions["pin"].triggered.connect(lambda: self._emit_for_current(self.pin_requested))
        actions["unpin"].triggered.connect(lambda: self._emit_for_current(self.unpin_requested))
        actions["remove"].triggered.connect(lambda: self._emit_for_current(self.remove_requested))
        self.model.move_requested.connect(self._on_model_move_requested)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

    # -- selection -----------------------------------------------------------------------

    # -- edits ---------------------------------------------------------------------------

    def _move(self, steps: int) -> None:
        record = self.current_record()
        if record is None:
            return
        move = move_by(self.model.records, record.id, steps)
        if move is not None:
            self.move_requested.emit(move)

    def _emit_for_current(self, signal: object) -> None:
        record = self.current_record()
        if record is not None:
            signal.emit(record.id)  # type: ignore[attr-defined]

    @Slot(int, int)
    def _on_model_move_requested(self, draft_id: int, row: int) -> None:
        move: QueueMove | None = move_to_row(self.model.records, draft_id, row)
        if move is not None:
            self.move_requested.emit(move)

    @Slot()
    def _on_model_reset(self) -> None:
        self._on_current_changed(QModelIndex(), QModelIndex())

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        can_move = record is not None and movable(record)
        for name in ("up", "down", "next", "pin", "remove"):
            self.actions_by_name[name].setEnabled(can_move)
        self.actions_by_name["unpin"].setEnabled(can_move and record is not None and record.pinned)
        for name, button in (
            ("up", self.up_button),
            ("down", self.down_button),
            ("next", self.next_button),
            ("pin", self.pin_button),
            ("unpin", self.unpin_button),
            ("remove", self.remove_button),
        ):
            button.setEnabled(self.actions_by_name[name].isEnabled())
        self.current_changed.emit(record.id if record is not None else -1)
