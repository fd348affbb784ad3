"""The audit trail: who did what to which draft, when; filterable by draft."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.ui.review.audit_model import AuditColumn, AuditModel
from composer.ui.review.store_client import AuditPage, StoreClient


class AuditView(QWidget):
    """A draft filter (0: every event) above the table of audit events."""

    def __init__(self, client: StoreClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self.setAccessibleName(self.tr("Audit trail"))
        self.model = AuditModel()
        self.draft_filter = QSpinBox()
        self.draft_filter.setRange(0, 2_000_000_000)
        self.draft_filter.setSpecialValueText(self.tr("All drafts"))
        self.draft_filter.setAccessibleName(self.tr("Draft filter"))
        self.draft_filter.setToolTip(self.tr("Show one draft's events (0: all events)"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the audit trail"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Audit events"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            AuditColumn.DETAIL, QHeaderView.ResizeMode.Stretch
        )
        draft_label = QLabel(self.tr("Draft:"))
        draft_label.setBuddy(self.draft_filter)
        bar = QHBoxLayout()
        bar.addWidget(draft_label)
        bar.addWidget(self.draft_filter)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.draft_filter.valueChanged.connect(self._on_filter_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self._client.audit_loaded.connect(self._on_client_audit_loaded)
        self._client.changed.connect(self.refresh)

    def draft_id(self) -> int | None:
        """The draft filtered on, or ``None`` for all."""
        return self.draft_filter.value() or None

    def show_draft(self, draft_id: int | None) -> None:
        """Filter on one draft (``None``: all) and load."""
        self.draft_filter.setValue(draft_id or 0)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Load the events again."""
        self._client.load_audit(self.draft_id())

    @Slot(int)
    def _on_filter_changed(self, _value: int) -> None:
        self.refresh()

    @Slot(object)
    def _on_client_audit_loaded(self, page: AuditPage) -> None:
        if page.draft_id == self.draft_id():
            self.model.set_events(page.events)
