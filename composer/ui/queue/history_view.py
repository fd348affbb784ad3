"""The publishing history: what went out, what failed, and what a person must confirm.

Published posts carry their link, failed ones Retry, and posts whose outcome is unknown the
two confirmations a person gives after looking on X. Enter on a published post opens it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.core.workflow import State
from composer.ui.empty_state import EmptyState
from composer.ui.queue.history_model import HistoryColumn, HistoryModel, post_url
from composer.ui.queue.record_table import RecordTable

#: Sample text as wide as the widest cells, to size columns without reading every row.
_WIDEST_TIME = "Wed 30 Sep 10:30 AKDT · Thu 02:30 your time"
_WIDEST_HANDLE = "@NorthwindEvents"


class HistoryView(RecordTable[HistoryModel], QWidget):
    """What went out and what did not, newest first, with the actions each needs.

    Args:
        model: The history model.
        parent: Qt parent.

    Signals:
        retry_requested(int): put this failed post back in its queue.
        confirm_requested(int, bool): a person settles this post: published (True) or not.
        open_requested(str): show this address (a published post on X).
    """

    retry_requested = Signal(int)
    confirm_requested = Signal(int, bool)
    open_requested = Signal(str)

    def __init__(self, model: HistoryModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setAccessibleName(self.tr("Publishing history"))
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName(self.tr("Published and failed posts"))
        self.table.setToolTip(
            self.tr("Enter opens a published post on X · failed posts can be retried")
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        metrics = QFontMetrics(self.table.font())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(HistoryColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(HistoryColumn.WHEN, metrics.horizontalAdvance(_WIDEST_TIME) + 24)
        header.resizeSection(HistoryColumn.ACCOUNT, metrics.horizontalAdvance(_WIDEST_HANDLE) + 40)
        header.resizeSection(
            HistoryColumn.OUTCOME,
            metrics.horizontalAdvance(self.tr("outcome unknown: check X")) + 24,
        )
        header.resizeSection(
            HistoryColumn.DETAIL,
            metrics.horizontalAdvance("https://x.com/i/web/status/1234567890123456789") + 24,
        )
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        self.table.installEventFilter(self)
        self.stack = EmptyState(self.table)
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry"))
        self.retry_button.setToolTip(
            self.tr("Put the failed post back in its queue at the next free slot")
        )
        self.published_button = QPushButton(self.tr("Confirm &Published…"))
        self.published_button.setAccessibleName(self.tr("Confirm published"))
        self.published_button.setToolTip(
            self.tr("You found the post on X: record it as published, with its address")
        )
        self.not_published_button = QPushButton(self.tr("Confirm &Not Published…"))
        self.not_published_button.setAccessibleName(self.tr("Confirm not published"))
        self.not_published_button.setToolTip(
            self.tr("The post is not on X: record it as failed, so it can be retried")
        )
        self.open_button = QPushButton(self.tr("Open on &X"))
        self.open_button.setAccessibleName(self.tr("Open on X"))
        self.open_button.setToolTip(self.tr("Show the published post on X in your browser"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.published_button)
        buttons.addWidget(self.not_published_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self._connect_signals()
        self._on_current_changed(QModelIndex(), QModelIndex())

    def _connect_signals(self) -> None:
        self.retry_button.clicked.connect(self._on_retry_clicked)
        self.published_button.clicked.connect(lambda: self._confirm(published=True))
        self.not_published_button.clicked.connect(lambda: self._confirm(published=False))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.table.doubleClicked.connect(self._on_open_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.modelReset.connect(self._on_model_reset)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on the table opens the selected published post."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in {Qt.Key.Key_Return, Qt.Key.Key_Enter}
        ):
            self._on_open_clicked()
            return True
        return super().eventFilter(watched, event)

    def _confirm(self, *, published: bool) -> None:
        record = self.current_record()
        if record is not None and record.needs_confirmation:
            self.confirm_requested.emit(record.id, published)

    @Slot()
    def _on_retry_clicked(self) -> None:
        record = self.current_record()
        if record is not None and record.state is State.FAILED:
            self.retry_requested.emit(record.id)

    @Slot()
    def _on_open_clicked(self) -> None:
        record = self.current_record()
        if record is not None and record.state is State.PUBLISHED and record.post_id:
            self.open_requested.emit(post_url(record))

    @Slot()
    def _on_model_reset(self) -> None:
        self._on_current_changed(QModelIndex(), QModelIndex())

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        waiting = record is not None and record.needs_confirmation
        self.retry_button.setEnabled(record is not None and record.state is State.FAILED)
        self.published_button.setEnabled(waiting)
        self.not_published_button.setEnabled(waiting)
        self.open_button.setEnabled(
            record is not None and record.state is State.PUBLISHED and bool(record.post_id)
        )
