"""The review page: Drafts, Review (N) and Audit tabs beside the open draft.

The main window adds it as a page; the page wires its children together and shows every
problem the store client reports in one banner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from composer.core.workflow import Action
from composer.services.secrets import SecretStore
from composer.ui.error_banner import ErrorBanner
from composer.ui.review.audit_view import AuditView
from composer.ui.review.credentials_dialog import CredentialsDialog
from composer.ui.review.draft_view import DraftView
from composer.ui.review.drafts_view import DraftsView
from composer.ui.review.review_inbox import ReviewInbox
from composer.ui.review.store_client import StoreClient


class ReviewPage(QWidget):
    """Tabs for the drafts list, the review inbox and the audit trail; the draft on the right.

    Args:
        client: The store client (shared with the rest of the window).
        user: Who is working.
        parent: Qt parent.
        secrets: Where credentials go (default: the OS keyring, asked on first use).
    """

    def __init__(
        self,
        client: StoreClient,
        user: str,
        parent: QWidget | None = None,
        *,
        secrets: SecretStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.user = user
        self._secrets = secrets
        self._accounts: tuple[str, ...] = ()
        self.banner = ErrorBanner()
        self.drafts = DraftsView(client)
        self.inbox = ReviewInbox(client, user)
        self.audit = AuditView(client)
        self.draft_view = DraftView(client, user)
        self.credentials_button = QPushButton(self.tr("Account &Credentials…"))
        self.credentials_button.setToolTip(self.tr("Store an account's X API keys (admins)"))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.drafts, self.tr("Drafts"))
        self.tabs.addTab(self.inbox, self.tr("Review"))
        self.tabs.addTab(self.audit, self.tr("Audit"))
        self.tabs.setCornerWidget(self.credentials_button, Qt.Corner.TopRightCorner)
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.draft_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        row.addWidget(splitter)
        layout.addLayout(row, 1)
        self._connect_signals()
        self._on_inbox_count_changed(0)

    def _connect_signals(self) -> None:
        self.client.failed.connect(self._on_client_failed)
        self.client.accounts_loaded.connect(self._on_client_accounts_loaded)
        self.drafts.open_requested.connect(self.open_draft)
        self.inbox.open_requested.connect(self.open_draft)
        self.inbox.decision_requested.connect(self._on_inbox_decision_requested)
        self.inbox.count_changed.connect(self._on_inbox_count_changed)
        self.credentials_button.clicked.connect(self._on_credentials_clicked)

    def refresh(self) -> None:
        """Load every list (call once the page is shown)."""
        self.drafts.refresh()
        self.inbox.refresh()
        self.audit.refresh()

    @Slot(int)
    def open_draft(self, draft_id: int) -> None:
        """Show a draft on the right."""
        self.banner.clear()
        self.draft_view.show_draft(draft_id)

    def credentials_dialog(self) -> CredentialsDialog:
        """A credentials dialog for the known accounts (not shown yet)."""
        if self._secrets is None:
            self._secrets = SecretStore()
        return CredentialsDialog(self.client, self._secrets, self.user, self._accounts, self)

    @Slot(int, str)
    def _on_inbox_decision_requested(self, draft_id: int, action: str) -> None:
        self.open_draft(draft_id)
        self.draft_view.prepare(Action(action))

    @Slot(int)
    def _on_inbox_count_changed(self, count: int) -> None:
        title = self.tr("Review ({n})").replace("{n}", str(count)) if count else self.tr("Review")
        self.tabs.setTabText(self.tabs.indexOf(self.inbox), title)

    @Slot(str)
    def _on_client_failed(self, message: str) -> None:
        self.banner.show_problem(message)

    @Slot(object)
    def _on_client_accounts_loaded(self, handles: tuple[str, ...]) -> None:
        self._accounts = handles

    @Slot()
    def _on_credentials_clicked(self) -> None:
        self.credentials_dialog().open()
