"""The main window's store-backed part: the Review, Queue and Inbox pages and their wiring.

``MainWindow`` (composer/ui/main_window.py) builds on it. None of it is imported or built
for the first paint (SQLAlchemy, the store and the pages load in ``build_workspace``, called
after it when the app starts the window); until then the pages' tabs hold placeholders and
the attributes here are ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QInputDialog

from composer.core.findings import Finding, Level
from composer.core.notifications import Notice, NoticeKind
from composer.ui.window_frame import WindowFrame, fill_tab

if TYPE_CHECKING:
    from composer.core.checker import Checker
    from composer.core.workflow import ExpiryWarning
    from composer.services.workspace import Workspace
    from composer.store.queue import PauseState
    from composer.store.records import DraftRecord, RecoveryRecord
    from composer.store.store import Store
    from composer.ui.crisis_bar import CrisisBar
    from composer.ui.editor.check_controller import CheckController
    from composer.ui.editor.draft_loop import DraftLoop
    from composer.ui.editor.draft_session import DraftSession
    from composer.ui.editor.media_strip import MediaStrip
    from composer.ui.guide_watcher import GuideWatcher
    from composer.ui.inbox.inbox_page import InboxPage
    from composer.ui.inbox.mention_quote import MentionQuote
    from composer.ui.live_updates import LiveUpdates
    from composer.ui.queue.metrics_poller import MetricsPoller
    from composer.ui.queue.queue_page import QueuePage
    from composer.ui.review.store_client import ChangeRequest, DraftDetail, StoreClient
    from composer.ui.review_notes_panel import ReviewNotesPanel
    from composer.ui.settings.team_settings import TeamSettings

#: How often drafts past their intended time are expired and near ones warned about.
HOUSEKEEPING_MS = 60_000


class WorkspacePages(WindowFrame):
    """The store client, the pages it backs, and what the window does with them."""

    # Built by MainWindow after the first paint (declared for the methods here).
    checker: Checker | None
    controller: CheckController
    guide_watcher: GuideWatcher | None
    crisis_bar: CrisisBar
    media_strip: MediaStrip
    mention_quote: MentionQuote
    review_notes: ReviewNotesPanel

    def _init_workspace(self) -> None:
        """Nothing store-backed yet (``build_workspace`` builds it)."""
        self.store_client: StoreClient | None = None
        self.draft_session: DraftSession | None = None
        self.draft_loop: DraftLoop | None = None
        self.review_page = None
        self.queue_page: QueuePage | None = None
        self.inbox_page: InboxPage | None = None
        self.live_updates: LiveUpdates | None = None
        self.metrics_poller: MetricsPoller | None = None
        # Settings ▸ People and Accounts, and the welcome's choice of working alone.
        self.team_settings: TeamSettings | None = None
        self._store_prepared = False
        self._housekeeping_timer = QTimer(self)
        self._housekeeping_timer.setInterval(HOUSEKEEPING_MS)
        # The pages' tabs until they are built (``fill_tab``).
        self.page_placeholders = {}

    def _build_workspace(
        self,
        workspace: Workspace,
        text_source: Callable[[], tuple[str, str, tuple[Finding, ...]]],
    ) -> None:
        """Open the store client and build the pages it backs into their tabs."""
        # Imported here: SQLAlchemy, the store and the pages are not needed for the first paint.
        from composer.services.live import make_listener  # noqa: PLC0415
        from composer.services.secrets import SecretStore  # noqa: PLC0415
        from composer.ui.editor.draft_loop import DraftLoop  # noqa: PLC0415
        from composer.ui.editor.draft_session import DraftSession  # noqa: PLC0415
        from composer.ui.inbox.inbox_page import InboxPage  # noqa: PLC0415
        from composer.ui.live_updates import LiveUpdates  # noqa: PLC0415
        from composer.ui.queue.metrics_poller import MetricsPoller  # noqa: PLC0415
        from composer.ui.queue.queue_page import QueuePage  # noqa: PLC0415
        from composer.ui.review.review_page import ReviewPage  # noqa: PLC0415
        from composer.ui.review.store_client import StoreClient  # noqa: PLC0415
        from composer.ui.settings.team_settings import TeamSettings  # noqa: PLC0415

        self.store_client = StoreClient(workspace.database_url, parent=self)
        self.live_updates = LiveUpdates(
            make_listener(workspace.database_url), self.user, parent=self
        )
        self.draft_session = DraftSession(
            self.store_client, self.user, text_source=text_source, parent=self
        )
        self.review_page = ReviewPage(self.store_client, self.user, secrets=SecretStore())
        self.review_page.workspace_root = workspace.root  # its [x] client_id signs in
        self.queue_page = QueuePage(self.store_client, self.user)
        # Published posts' results, read from X in the background (issue 18); the app
        # starts it once the window shows (``start_background_reads``).
        self.metrics_poller = MetricsPoller(
            workspace.database_url, self._metrics_accounts, self.user, parent=self
        )
        self.metrics_poller.changed.connect(self.store_client.changed)
        self.inbox_page = InboxPage(self.store_client, self.user)
        self.team_settings = TeamSettings(
            self.store_client,
            self.user,
            workspace.guide_path,
            team=not workspace.is_sqlite,
            parent=self,
        )
        # Opening, moving and hearing back about the user's drafts (composer/ui/editor).
        self.draft_loop = DraftLoop(
            self.store_client,
            self.draft_session,
            self.user,
            editor=self.editor,
            switcher=self.account_switcher,
            notes=self.review_notes,
            tray=lambda: self.live_updates.tray if self.live_updates is not None else None,
            parent=self,
        )
        for name, page in (
            ("review", self.review_page),
            ("queue", self.queue_page),
            ("inbox", self.inbox_page),
        ):
            fill_tab(self.pages, self.page_placeholders.pop(name), page)
        self.settings_menu.addAction(self.team_settings.people_action)
        self.settings_menu.addAction(self.team_settings.accounts_action)
        self.draft_toolbar.insertWidget(self.toolbar_separator, self.team_settings.no_review_label)

    def _connect_workspace(self) -> None:
        """Wire the store client and the pages to the window (after ``_build_workspace``)."""
        if self.inbox_page is not None:
            self.inbox_page.reply_requested.connect(self._on_reply_requested)
            self.inbox_page.status.connect(self._on_session_status)
            self.inbox_page.late_changed.connect(self._on_inbox_late_changed)
        self.submit_action.setEnabled(self.draft_session is not None)
        self.submit_action.triggered.connect(self._on_submit_triggered)
        if self.store_client is not None and self.draft_session is not None:
            self.store_client.busy_changed.connect(self._on_store_busy_changed)
            self.store_client.prepared.connect(self._on_store_prepared)
            self.store_client.failed.connect(self._on_store_failed)
            self.store_client.housekeeping_done.connect(self._on_housekeeping_done)
            self._housekeeping_timer.timeout.connect(self._on_housekeeping_timeout)
            self.editor.draft_changed.connect(self.draft_session.text_changed)
            self.draft_session.status.connect(self._on_session_status)
            self.draft_session.recovered.connect(self._on_draft_recovered)
            self.draft_session.submitted.connect(self._on_draft_submitted)
            self.media_strip.media_changed.connect(self.draft_session.set_media)
            self.draft_session.media_refused.connect(self.media_strip.show_refusal)
        self.my_drafts_action.setEnabled(self.review_page is not None)
        self.sent_back_action.setEnabled(self.draft_loop is not None)
        self.my_drafts_action.triggered.connect(self._on_my_drafts_triggered)
        self.sent_back_action.triggered.connect(self._on_sent_back_triggered)
        if self.draft_loop is not None:
            self.draft_loop.opened.connect(self._on_draft_opened)
            self.draft_loop.notice.connect(self._on_session_status)
            self.draft_loop.problem.connect(self.banner.show_problem)
            self.draft_loop.sent_back.connect(self._on_drafts_sent_back)
            self.draft_loop.undo_changed.connect(self.undo_move_action.setEnabled)
            self.undo_move_action.triggered.connect(self.draft_loop.undo_move)
            if self.live_updates is not None:
                self.live_updates.attention.connect(self.draft_loop.mark_announced)
                # Another app (a reviewer's, the CLI) changed something: sent back to me?
                self.live_updates.refresh_requested.connect(self.draft_loop.check_requests)
        if self.review_page is not None:
            self.review_page.inbox.count_changed.connect(self._on_review_count_changed)
            self.review_page.note.connect(self._on_session_status)
            if self.draft_loop is not None:
                self.review_page.edit_requested.connect(self.draft_loop.open)
            if self.live_updates is not None:
                self.live_updates.refresh_requested.connect(self.review_page.refresh)
            self.review_page.admin_accounts_changed.connect(self._sync_vocabulary_mode)
        if self.queue_page is not None and self.live_updates is not None:
            self.live_updates.refresh_requested.connect(self.queue_page.refresh_if_shown)
        if self.queue_page is not None and self.store_client is not None:
            self.queue_page.pause_changed.connect(self._on_pause_changed)
            self.store_client.changed.connect(self.queue_page.check_pause)
            self.crisis_bar.open_queue_requested.connect(self._on_open_queue_requested)
        self._connect_notifications()
        self._connect_team_settings()

    @property
    def store_ready(self) -> bool:
        """Whether the store is prepared (accounts synced): drafts can be saved now."""
        return self._store_prepared

    def _connect_team_settings(self) -> None:
        team = self.team_settings
        if team is None:
            return
        self.welcome.add_reviewer_requested.connect(team.open_people)
        self.welcome.work_alone_requested.connect(team.work_alone)
        team.alone_changed.connect(self.welcome.set_alone)
        team.notice.connect(self._on_session_status)
        team.problem.connect(self.banner.show_problem)
        self.account_switcher.account_changed.connect(team.show_account)
        if self.guide_watcher is not None:
            team.guide_written.connect(self.guide_watcher.reload)

    @Slot()
    def _on_store_prepared(self) -> None:
        if self._store_prepared or self.draft_session is None:
            return
        self._store_prepared = True
        self.draft_session.restore()
        self._on_housekeeping_timeout()
        self._housekeeping_timer.start()
        if self.live_updates is not None:
            self.live_updates.start()
        if self.review_page is not None:
            self.review_page.refresh()
        if self.inbox_page is not None:
            self.inbox_page.start_watching()
        if self.draft_loop is not None:
            self.draft_loop.check_requests()
        if self.team_settings is not None:
            self.team_settings.refresh()

    @Slot()
    def _on_housekeeping_timeout(self) -> None:
        if self.store_client is not None:
            self.store_client.housekeeping(self.user)
        if self.queue_page is not None:
            # Someone else may have pulled the crisis switch: every page must say so.
            self.queue_page.check_pause()

    @Slot(object)
    def _on_pause_changed(self, pause: PauseState) -> None:
        self.crisis_bar.show_pause(pause)
        self._sync_crisis_bar()

    @Slot()
    def _sync_vocabulary_mode(self) -> None:
        admins = self.review_page.admin_handles if self.review_page is not None else ()
        may_add = self.account_switcher.current_handle() in admins
        self.findings_panel.set_vocabulary_mode(may_add=may_add)

    @Slot(object, str)
    def _on_vocabulary_requested(self, finding: Finding, term: str) -> None:
        """Accept ``term`` in the guide (admins) or suggest it; the finding goes at once."""
        account = self.account_switcher.current_handle()
        if self.store_client is None or self.workspace is None or not account:
            self.banner.show_problem(self.tr("Open a workspace to change its vocabulary."))
            return
        # Imported on first use: the guide writer (ruamel.yaml) is not needed to start.
        from composer.services.vocabulary_file import accept_term, suggest_term  # noqa: PLC0415

        guide, user, now = self.workspace.guide_path, self.user, self.store_client.clock()
        if self.findings_panel.may_add_vocabulary:

            def add(store: Store) -> Path:
                return accept_term(store, guide, term, actor=user, account=account, now=now)

            def added(written: Path) -> None:
                self.controller.ignore(finding)  # gone now; the reloaded guide accepts it
                if self.guide_watcher is not None:
                    self.guide_watcher.reload()
                self.statusBar().showMessage(
                    self.tr("“%1” added to the brand vocabulary (%2).")
                    .replace("%1", term)
                    .replace("%2", written.name),
                    8000,
                )

            self.store_client.run(add, added, self.banner.show_problem)
            return

        def suggest(store: Store) -> None:
            suggest_term(store, term, actor=user, account=account, now=now)

        def suggested(_none: None) -> None:
            self.statusBar().showMessage(
                self.tr(
                    "“%1” suggested for the brand vocabulary: reviewers see it in Audit."
                ).replace("%1", term),
                8000,
            )

        self.store_client.run(suggest, suggested, self.banner.show_problem)

    def _connect_notifications(self) -> None:
        # The core decides what is for whom; the bell lists it (composer/ui/notification_bell).
        if self.live_updates is not None:
            self.live_updates.changed.connect(self.notifications.consider)
            if self.queue_page is not None:  # a crisis pause switched in another app
                self.live_updates.refresh_requested.connect(self.queue_page.check_pause)
        if self.queue_page is not None:
            self.queue_page.pause_changed.connect(self.notifications.consider_pause)
        if self.inbox_page is not None:  # a mention passed its reply target
            self.inbox_page.late_noticed.connect(self.notifications.add)
        self.notifications.activated.connect(self._on_notice_activated)

    @Slot(object)
    def _on_notice_activated(self, notice: Notice) -> None:
        """Open what a notification is about: the draft, the review page or the queue."""
        from composer.core.workflow import State  # noqa: PLC0415 - loads after the first paint

        draft = notice.draft_id
        if notice.kind is NoticeKind.DECISION and notice.state == State.CHANGES_REQUESTED:
            if self.draft_loop is not None and draft is not None:
                self.draft_loop.open(draft)
                self.show_page(self.pages.indexOf(self.compose_page))
        elif notice.kind in (NoticeKind.DECISION, NoticeKind.REVIEW):
            if self.review_page is not None and draft is not None:
                self.show_page(self.pages.indexOf(self.review_page))
                self.review_page.open_draft(draft)
        elif notice.kind is NoticeKind.LATE_MENTION and self.inbox_page is not None:
            self.show_page(self.pages.indexOf(self.inbox_page))
        else:
            self._on_open_queue_requested()

    @Slot()
    def _on_open_queue_requested(self) -> None:
        if self.queue_page is not None:
            self.show_page(self.pages.indexOf(self.queue_page))

    def _sync_crisis_bar(self) -> None:
        on_queue = self.queue_page is not None and self.pages.currentWidget() is self.queue_page
        self.crisis_bar.setVisible(self.crisis_bar.paused_all and not on_queue)

    @Slot(object, object)
    def _on_housekeeping_done(
        self, expired: list[DraftRecord], warnings: list[ExpiryWarning]
    ) -> None:
        if expired:
            self.statusBar().showMessage(
                self.tr("%1 draft(s) expired: their time passed before approval.").replace(
                    "%1", str(len(expired))
                ),
                10_000,
            )
        if warnings:
            lines = [
                self.tr("Draft %1 for %2 expires in %3 min unless it is approved.")
                .replace("%1", str(w.draft_id))
                .replace("%2", w.account)
                .replace("%3", str(max(1, int(w.remaining.total_seconds() // 60))))
                for w in warnings
            ]
            self.banner.show_problem(
                lines[0]
                if len(lines) == 1
                else self.tr("%1 drafts expire soon unless they are approved.").replace(
                    "%1", str(len(lines))
                ),
                "\n".join(lines),
                cause="expiry",
            )
        else:
            self.banner.clear(cause="expiry")  # approved, or expired meanwhile

    @Slot(str)
    def _on_store_failed(self, message: str) -> None:
        if self.draft_session is not None:
            self.draft_session.saving_failed()
        self.banner.show_problem(message)

    @Slot(str)
    def _on_session_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 4000)

    @Slot(object)
    def _on_draft_recovered(self, record: RecoveryRecord) -> None:
        if record.account:
            handles = [a.handle for a in self.account_switcher.accounts]
            if record.account in handles:
                self.account_switcher.box.setCurrentIndex(handles.index(record.account))
        self.editor.prepare_for(record.text)
        self.editor.setPlainText(record.text)
        self.banner.show_problem(
            self.tr(
                "The app stopped before it was closed: your text from %1 is back in the "
                "editor. Keep editing, or start a new draft."
            ).replace("%1", f"{record.saved_at:%Y-%m-%d %H:%M}")
        )

    @Slot()
    def _on_submit_triggered(self) -> None:
        if self.draft_session is None:
            return
        self.controller.check_now()
        report = self.controller.report
        too_long = self._too_long_message(self.editor.toPlainText())
        if too_long:
            self.banner.show_problem(too_long, cause="too_long")
            return
        if report is not None and report.has_errors:
            errors = report.count(Level.ERROR)
            self.banner.show_problem(
                self.tr("Fix the %1 error(s) before submitting: they block review.").replace(
                    "%1", str(errors)
                ),
                cause="errors",
            )
            return
        reason = ""
        if report is not None and report.count(Level.WARNING):
            reason, ok = QInputDialog.getText(
                self,
                self.tr("Submit with warnings"),
                self.tr(
                    "This draft has warnings. Tell the reviewer why it should go out as it is:"
                ),
            )
            if not ok or not reason.strip():
                return
        self.draft_session.submit(reason.strip())

    @Slot(object)
    def _on_draft_submitted(self, record: DraftRecord) -> None:
        from composer.core.workflow import State  # noqa: PLC0415 - loads after the first paint

        reviewed = record.state is State.SUBMITTED
        self.statusBar().showMessage(
            self.tr("Submitted for review.")
            if reviewed
            else self.tr(
                "Approved without review (%1 has no review) and sent to its queue."
            ).replace("%1", record.account),
            6000,
        )
        self.banner.clear()
        self.mention_quote.clear()
        if self.draft_session is not None:
            self.draft_session.new_draft()
        if self.draft_loop is not None:
            self.draft_loop.new_draft()
        self.editor.clear()
        self.media_strip.set_media(())
        self.controller.clear_ignored()

    @Slot(int)
    def _on_review_count_changed(self, count: int) -> None:
        if self.review_page is not None:
            index = self.pages.indexOf(self.review_page)
            label = self.tr("Review (%1)").replace("%1", str(count)) if count else self.tr("Review")
            self.pages.setTabText(index, label)

    @Slot(int)
    def _on_inbox_late_changed(self, late: int) -> None:
        """Say on the Inbox tab how many mentions wait past their response-time target."""
        if self.inbox_page is None:
            return
        text = self.tr("Inbox (%1 late)").replace("%1", str(late)) if late else self.tr("Inbox")
        self.pages.setTabText(self.pages.indexOf(self.inbox_page), text)

    @Slot(int, object)
    def _on_reply_requested(self, draft_id: int, mention: object) -> None:
        """Open the inbox's reply draft in the composer, the mention quoted above it."""
        from composer.store.inbox import MentionRecord  # noqa: PLC0415 - see the imports

        if self.draft_loop is None or not isinstance(mention, MentionRecord):
            return
        if self.draft_session is not None:
            self.draft_session.flush()
        self.mention_quote.show_mention(draft_id, mention)
        self.draft_loop.open(draft_id)

    @Slot()
    def _on_my_drafts_triggered(self) -> None:
        if self.review_page is not None:
            self.pages.setCurrentWidget(self.review_page)
            self.review_page.focus_my_drafts()

    @Slot()
    def _on_sent_back_triggered(self) -> None:
        if self.draft_loop is not None and not self.draft_loop.open_newest_sent_back():
            self.statusBar().showMessage(self.tr("No draft of yours waits for changes."), 5000)

    @Slot(object)
    def _on_draft_opened(self, detail: DraftDetail) -> None:
        self.controller.clear_ignored()
        self.media_strip.set_media(detail.media)
        if self.draft_session is not None:
            self.draft_session.load_media(detail.media)
        self.banner.clear()
        self.pages.setCurrentWidget(self.compose_page)
        if detail.comments:
            self.side_tabs.setCurrentWidget(self.review_notes)
        self.side_tabs.setTabText(
            self.side_tabs.indexOf(self.review_notes),
            self.tr("Co&mments (%1)").replace("%1", str(len(detail.comments)))
            if detail.comments
            else self.tr("Co&mments"),
        )
        self.statusBar().showMessage(
            self.tr(
                "Draft %1 is open: your changes are saved as you type; Ctrl+Enter resubmits."
            ).replace("%1", str(detail.draft.id)),
            8000,
        )
        self.editor.setFocus()

    @Slot(object)
    def _on_drafts_sent_back(self, requests: tuple[ChangeRequest, ...]) -> None:
        if self.draft_loop is None:
            return
        _title, text = self.draft_loop.message(requests)
        self.banner.show_problem(
            text
            + " "
            + self.tr("File ▸ Open Draft Sent Back (Ctrl+Shift+O) opens it in the composer."),
            "\n".join(
                f"{r.draft.id} {r.draft.account} · {r.reviewer}: {r.comment}" for r in requests
            ),
        )

    @Slot(bool)
    def _on_store_busy_changed(self, busy: bool) -> None:  # noqa: FBT001 - Qt signal
        self.busy.set_busy("store", self.tr("Working with the database…"), busy)

    def _metrics_accounts(self) -> list[str]:
        """The guide's accounts, whose published posts' results are read from X."""
        return [str(a.handle) for a in self.checker.guide.accounts] if self.checker else []

    def start_background_reads(self) -> None:
        """Start reading published posts' results from X on a timer (the app calls it)."""
        if self.metrics_poller is not None:
            self.metrics_poller.start()
