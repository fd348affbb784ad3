"""The review page: Drafts, Review (N) and Audit tabs beside the open draft.

The main window adds it as a page; the page wires its children together and shows every
problem the store client reports in one banner.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.core.workflow import Action
from composer.services.account_credentials import admin_accounts
from composer.services.queueing import QueueOutcome
from composer.services.secrets import SecretStore
from composer.ui.error_banner import ErrorBanner
from composer.ui.review.audit_view import AuditView
from composer.ui.review.connect_button import workspace_client_for
from composer.ui.review.credentials_dialog import CredentialsDialog
from composer.ui.review.draft_view import DraftView
from composer.ui.review.drafts_view import DraftsView
from composer.ui.review.review_inbox import ReviewInbox
from composer.ui.review.store_client import StoreClient

#: Room for the splitter handle and the margins when the lists and the draft sit side by side.
_SPLITTER_SLACK = 40


class ReviewPage(QWidget):
    """Tabs for the user's drafts, all drafts, the review inbox and the audit trail.

    The draft chosen in a list shows on the right.

    Args:
        client: The store client (shared with the rest of the window).
        user: Who is working.
        parent: Qt parent.
        secrets: Where credentials go (default: the OS keyring, asked on first use).

    Signals:
        edit_requested(int): continue this draft in the composer.
        note(str): what just happened, for the status bar.
        admin_accounts_changed(tuple[str, ...]): the accounts the user administers.
    """

    edit_requested = Signal(int)
    note = Signal(str)
    admin_accounts_changed = Signal(object)

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
        #: The workspace whose ``[x] client_id`` signs accounts in (set by the window).
        self.workspace_root: Path | None = None
        self._accounts: tuple[str, ...] = ()
        self.current_account: str | None = None
        self.admin_handles: tuple[str, ...] = ()
        self.setAccessibleName(self.tr("Review page"))
        self.banner = ErrorBanner()
        self.my_drafts = DraftsView(client, user=user, mine=True)
        self.drafts = DraftsView(client, user=user)
        self.inbox = ReviewInbox(client, user)
        self.audit = AuditView(client)
        self.draft_view = DraftView(client, user)
        self.credentials_button = QPushButton(self.tr("Account Cre&dentials…"))
        self.credentials_button.setAccessibleName(self.tr("Account credentials"))
        self.credentials_button.setToolTip(self.tr("Store an account's X API keys (admins)"))
        # Shown once the store says the user administers an account (hidden for others).
        self.credentials_button.setVisible(False)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Review lists"))
        self.tabs.tabBar().setAccessibleName(self.tr("Review lists"))
        self.tabs.addTab(self.my_drafts, self.tr("My Drafts"))
        self.tabs.addTab(self.drafts, self.tr("All Drafts"))
        self.tabs.addTab(self.inbox, self.tr("Review"))
        self.tabs.addTab(self.audit, self.tr("Audit"))
        self.tabs.setCornerWidget(self.credentials_button, Qt.Corner.TopRightCorner)
        # The draft scrolls inside its pane: beside the lists it still fits an 800x600 screen.
        draft_pane = QScrollArea()
        draft_pane.setWidget(self.draft_view)
        draft_pane.setWidgetResizable(True)
        draft_pane.setFrameShape(QScrollArea.Shape.NoFrame)
        draft_pane.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        splitter = QSplitter()
        splitter.addWidget(self.tabs)
        splitter.addWidget(draft_pane)
        self.splitter = splitter
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # The lists get most of the width (their text column wraps into a tower otherwise);
        # Qt shares any other width in these proportions.
        splitter.setSizes([650, 350])
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        row.addWidget(splitter)
        layout.addLayout(row, 1)
        self._build_actions()
        self._connect_signals()
        self._on_inbox_count_changed(0)

    def _build_actions(self) -> None:
        # Active while the focus is anywhere on this page (the compose page has its own keys).
        view = self.draft_view
        self.decision_actions: dict[Action, QAction] = {}
        for action, text, key, button in (
            (Action.APPROVE, self.tr("Approve"), "Ctrl+Shift+A", view.approve_button),
            (
                Action.REQUEST_CHANGES,
                self.tr("Request Changes"),
                "Ctrl+Shift+R",
                view.changes_button,
            ),
            (Action.REJECT, self.tr("Reject"), "Ctrl+Shift+X", view.reject_button),
        ):
            qaction = self._page_action(text, key)
            qaction.triggered.connect(button.click)  # a disabled button ignores the click
            self.decision_actions[action] = qaction
        self.comment_action = self._page_action(self.tr("Add Comment"), "Ctrl+Shift+M")
        self.comment_action.triggered.connect(view.comment_button.click)
        self.refresh_action = self._page_action(self.tr("Refresh Review Lists"), "F5")
        self.refresh_action.triggered.connect(self.refresh)

    def _page_action(self, text: str, key: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lists above the draft when the two do not fit side by side (a small screen)."""
        super().resizeEvent(event)
        beside = self.tabs.minimumSizeHint().width() + self.draft_view.minimumSizeHint().width()
        wanted = (
            Qt.Orientation.Horizontal
            if event.size().width() >= beside + _SPLITTER_SLACK
            else Qt.Orientation.Vertical
        )
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)

    def focus_my_drafts(self) -> None:
        """Show the user's drafts and put the keyboard focus on the list."""
        self.tabs.setCurrentWidget(self.my_drafts)
        self.my_drafts.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_inbox(self) -> None:
        """Show the review inbox and put the keyboard focus on its list."""
        self.tabs.setCurrentWidget(self.inbox)
        self.inbox.focus_list()

    def _connect_signals(self) -> None:
        self.client.failed.connect(self._on_client_failed)
        self.client.approval_queued.connect(self._on_client_approval_queued)
        self.client.accounts_loaded.connect(self._on_client_accounts_loaded)
        for view in (self.my_drafts, self.drafts):
            view.open_requested.connect(self.open_draft)
            view.edit_requested.connect(self.edit_requested)
            view.note.connect(self.note)
        self.inbox.open_requested.connect(self.open_draft)
        self.inbox.decision_requested.connect(self._on_inbox_decision_requested)
        self.inbox.count_changed.connect(self._on_inbox_count_changed)
        self.credentials_button.clicked.connect(self._on_credentials_clicked)

    def refresh(self) -> None:
        """Load every list (call once the page is shown)."""
        self.my_drafts.refresh()
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
        return CredentialsDialog(
            self.client,
            self._secrets,
            self.user,
            self._accounts,
            self,
            current=self.current_account,
            sign_in_client=workspace_client_for(self.workspace_root),
        )

    @Slot(int, str)
    def _on_inbox_decision_requested(self, draft_id: int, action: str) -> None:
        self.open_draft(draft_id)
        self.draft_view.prepare(Action(action))

    @Slot(int)
    def _on_inbox_count_changed(self, count: int) -> None:
        title = self.tr("Review ({n})").replace("{n}", str(count)) if count else self.tr("Review")
        self.tabs.setTabText(self.tabs.indexOf(self.inbox), title)

    @Slot(object)
    def _on_client_approval_queued(self, outcome: QueueOutcome) -> None:
        # Approved but not queued (a paused queue, no free slot, a duplicate): say why.
        if not outcome.queued and outcome.message:
            self.banner.show_problem(
                self.tr("Draft %1: %2")
                .replace("%1", str(outcome.record.id))
                .replace("%2", outcome.message)
            )

    @Slot(str)
    def _on_client_failed(self, message: str) -> None:
        self.banner.show_problem(message)

    @Slot(object)
    def _on_client_accounts_loaded(self, handles: tuple[str, ...]) -> None:
        self._accounts = handles
        user = self.user
        self.client.run(
            lambda store: admin_accounts(store, user, handles),
            self._on_admin_accounts_loaded,
            lambda _message: None,  # an unknown user administers nothing: the button stays hidden
        )

    def _on_admin_accounts_loaded(self, handles: tuple[str, ...]) -> None:
        self.admin_handles = handles
        self.credentials_button.setVisible(bool(handles))
        self.admin_accounts_changed.emit(handles)

    @Slot()
    def _on_credentials_clicked(self) -> None:
        self.credentials_dialog().open()
