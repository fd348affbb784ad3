"""The main window: builds the frame (menus, toolbar, editor, side panels) and wires it up.

It holds no rules: counting, splitting and checking are computed by the core and only shown here.
"""

from __future__ import annotations

import getpass
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, SignalInstance, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from composer import APP_NAME
from composer.core.checker import MAX_CHECKED_CHARS, Checker, too_long_to_check
from composer.core.counter import CounterView, draft_counter_view, limited_config, thread_parts
from composer.core.errors import KnownError
from composer.core.findings import Finding, Level, Report, next_place
from composer.core.guide.model import Account
from composer.core.media_rules import post_media_findings
from composer.core.notifications import Notice, NoticeKind
from composer.core.score import explain_report
from composer.core.text import CountingConfig
from composer.core.threads import is_thread, split_into_thread
from composer.core.tone_meter import meter_rows
from composer.core.workflow import ExpiryWarning, State
from composer.services.guide_cache import load_guide_cached
from composer.services.live import make_listener
from composer.services.secrets import SecretStore
from composer.services.workspace import Workspace
from composer.store.inbox import MentionRecord
from composer.store.queue import PauseState
from composer.store.records import DraftRecord, RecoveryRecord, account_specs
from composer.store.store import Store
from composer.ui.about_dialog import show_about
from composer.ui.account_switcher import AccountSwitcher
from composer.ui.busy_indicator import BusyIndicator
from composer.ui.counter_ring import CounterRing
from composer.ui.crisis_bar import CrisisBar
from composer.ui.editor.check_controller import CheckController
from composer.ui.editor.draft_editor import DraftEditor
from composer.ui.editor.draft_loop import DraftLoop
from composer.ui.editor.draft_session import DraftSession
from composer.ui.editor.media_strip import MediaStrip
from composer.ui.editor.x_panels import XPanels
from composer.ui.error_banner import ErrorBanner
from composer.ui.findings_panel import FindingsPanel
from composer.ui.focus_ring import FocusRing
from composer.ui.guide_diff_dialog import compare_in_workspace
from composer.ui.guide_viewer import GuideViewer
from composer.ui.guide_watcher import GuideWatcher
from composer.ui.inbox.inbox_page import InboxPage
from composer.ui.inbox.mention_quote import MentionQuote
from composer.ui.limit_chooser import LimitChooser
from composer.ui.live_updates import LiveUpdates
from composer.ui.notification_bell import NotificationBell
from composer.ui.positions import from_qt
from composer.ui.queue.metrics_poller import MetricsPoller
from composer.ui.queue.queue_page import QueuePage
from composer.ui.review.review_page import ReviewPage
from composer.ui.review.store_client import ChangeRequest, DraftDetail, StoreClient
from composer.ui.review_notes_panel import ReviewNotesPanel
from composer.ui.route_panel import RoutePanel
from composer.ui.settings.team_settings import TeamSettings
from composer.ui.settings_store import SettingsStore
from composer.ui.thread_preview import ThreadPreview
from composer.ui.tone_meter import ToneMeter
from composer.ui.welcome_panel import WelcomePanel

#: The route check runs every account's checks, so it waits for a longer pause.
ROUTE_DELAY_MS = 300
#: How often drafts past their intended time are expired and near ones warned about.
HOUSEKEEPING_MS = 60_000
#: Pages get Ctrl+1 ... Ctrl+9, in tab order.
PAGE_KEYS = 9


def _number(value: float) -> str:
    """A length as people write it: ``5227270`` (not ``5.22727e+06``), ``12.5`` when fractional."""
    return f"{value:.10g}"


def _home_relative(path: Path) -> str:
    """``~/work/ws`` for a folder under the home folder, else the full path."""
    try:
        return str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


class GrammarWorkerLike(Protocol):
    """What the window needs of ``composer.ui.grammar_worker.GrammarWorker``."""

    findings_ready: SignalInstance
    status_changed: SignalInstance

    @property
    def revision(self) -> int:
        """The newest text revision handed to the worker."""

    def set_text(self, text: str) -> int:
        """Queue ``text`` for checking; returns its revision."""

    def shutdown(self, timeout: float = ...) -> None:
        """Stop the worker."""


def compiled_guide(path: Path) -> Checker:
    """The guide at ``path``, loaded and compiled (the guide watcher runs this off the UI thread).

    Raises:
        GuideError: every problem in the guide.
    """
    # Taken from the cache folder when the guide's files are unchanged (a reload or a start
    # with the same big Vale packages costs milliseconds, not seconds).
    return Checker(load_guide_cached(path))


class MainWindow(QMainWindow):
    """Brand Voice Composer's main window."""

    #: Emitted once, in the event-loop pass after the window's first paint.
    first_painted = Signal()
    _painted = False

    def __init__(
        self,
        settings: SettingsStore,
        workspace: Workspace | None = None,
        *,
        grammar_worker: GrammarWorkerLike | None = None,
        user: str | None = None,
        defer_start: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        # ``defer_start`` (the app): the guide, and with it the store, start loading after
        # the first paint; the app attaches the grammar worker then (``set_grammar_worker``).
        super().__init__(parent)
        self._settings = settings
        self.workspace = workspace
        self._config: CountingConfig = limited_config(settings.counting_config, settings.limit)
        self._view: CounterView | None = None
        self.checker: Checker | None = None
        self.grammar_worker = grammar_worker
        self.controller = CheckController(self)
        self.guide_watcher: GuideWatcher | None = None
        if workspace is not None:
            self.guide_watcher = GuideWatcher(workspace.guide_path, compiled_guide, self)
        self.store_client: StoreClient | None = None
        self.draft_session: DraftSession | None = None
        self.review_page: ReviewPage | None = None
        self.queue_page: QueuePage | None = None
        self.inbox_page: InboxPage | None = None
        self.live_updates: LiveUpdates | None = None
        self.metrics_poller: MetricsPoller | None = None
        # On a team database the login is the identity.
        self.user = user or (workspace.database_user if workspace else None) or getpass.getuser()
        if workspace is not None:
            self.store_client = StoreClient(workspace.database_url, parent=self)
            self.live_updates = LiveUpdates(
                make_listener(workspace.database_url), self.user, parent=self
            )
            self.draft_session = DraftSession(
                self.store_client, self.user, text_source=self._draft_source, parent=self
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
        # Settings ▸ People and Accounts, and the welcome's choice of working alone.
        self.team_settings: TeamSettings | None = None
        if workspace is not None and self.store_client is not None:
            self.team_settings = TeamSettings(
                self.store_client,
                self.user,
                workspace.guide_path,
                team=not workspace.is_sqlite,
                parent=self,
            )
        self._store_prepared = False
        self._housekeeping_timer = QTimer(self)
        self._housekeeping_timer.setInterval(HOUSEKEEPING_MS)
        self._route_timer = QTimer(self)
        self._route_timer.setSingleShot(True)
        self._route_timer.setInterval(ROUTE_DELAY_MS)
        self.setWindowTitle(self._title())
        self.setObjectName("mainWindow")

        self.editor = DraftEditor()
        #: The mention a reply answers, above the editor while the reply is open (issue 21).
        self.mention_quote = MentionQuote()
        #: The post's media under the editor (saved with the draft, see DraftSession).
        self.media_strip = MediaStrip()
        self.counter = CounterRing()
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Length"))
        self.entity_label = QLabel()
        self.entity_label.setAccessibleName(self.tr("Entities"))
        self.score_label = QLabel()
        self.score_label.setAccessibleName(self.tr("Brand score"))
        self.score_label.setToolTip(
            self.tr(
                "Brand score 0-100: errors weigh most, then warnings, then suggestions, "
                "normalised by length (see docs/guide-format.md)."
            )
        )
        self.split_button = QPushButton(self.tr("S&plit into Thread"))
        self.split_button.setAccessibleName(self.tr("Split into thread"))
        self.split_button.setToolTip(
            self.tr(
                "Split the draft into posts that each fit, with --- lines between them "
                "(Ctrl+Shift+T)"
            )
        )
        self.welcome = WelcomePanel()
        self.busy = BusyIndicator()
        self.notifications = NotificationBell(
            self.user,
            tray=lambda: self.live_updates.tray if self.live_updates is not None else None,
            # The live-updates bridge announces these on the desktop already.
            desktop=lambda n: (
                n.kind is not NoticeKind.REVIEW
                and n.kind is not NoticeKind.FAILED
                and n.state != State.CHANGES_REQUESTED
            ),
        )
        self.limit_chooser = LimitChooser()
        self.account_switcher = AccountSwitcher()
        self.banner = ErrorBanner()
        self.crisis_bar = CrisisBar()
        self.findings_panel = FindingsPanel()
        self.tone_meter = ToneMeter()
        self.route_panel = RoutePanel()
        self.guide_viewer = GuideViewer()
        if workspace is not None:  # Guide ▸ Compare With… reads the workspace's past posts
            url = workspace.database_url
            self.guide_viewer.compare_factory = lambda guide: compare_in_workspace(url, guide)
        self.thread_preview = ThreadPreview()
        self.thread_preview.numbering.setChecked(settings.thread_numbering)
        self.grammar_status = QLabel()
        self.grammar_status.setAccessibleName(self.tr("Grammar status"))
        self.side_tabs = QTabWidget()
        self.side_tabs.setAccessibleName(self.tr("Side panels"))
        self.side_tabs.tabBar().setAccessibleName(self.tr("Side panels"))
        # Every tab shows, even on an 800x600 screen: no scroll arrows hiding some; titles are
        # shortened (whole in their tooltips) only when the panel is too narrow for them all.
        self.side_tabs.setUsesScrollButtons(False)
        self.side_tabs.setElideMode(Qt.TextElideMode.ElideRight)
        # Mnemonics chosen not to clash with the menus, the toolbar or the panels' buttons.
        self.side_tabs.addTab(self.findings_panel, self.tr("Fin&dings"))
        self.side_tabs.addTab(self.tone_meter, self.tr("To&ne"))
        self.side_tabs.addTab(self.route_panel, self.tr("&Route"))
        self.side_tabs.addTab(self.thread_preview, self.tr("&Thread"))
        self.side_tabs.addTab(self.guide_viewer, self.tr("G&uide"))
        # The post as X shows it, and its cost beside the counter (composer/ui/editor).
        self.x_panels = XPanels(self.workspace, self)
        self.side_tabs.addTab(self.x_panels.preview, self.tr("On &X"))
        if self.queue_page is not None:
            self.queue_page.model.set_prices(self.x_panels.prices)
        if self.x_panels.problem:
            self.banner.show_problem(self.x_panels.problem, cause="prices")
        self.review_notes = ReviewNotesPanel()
        self.side_tabs.addTab(self.review_notes, self.tr("Co&mments"))
        # Opening, moving and hearing back about the user's drafts (composer/ui/editor).
        self.draft_loop: DraftLoop | None = None
        if self.store_client is not None and self.draft_session is not None:
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

        self._build_actions()
        self._build_menus()
        self._build_layout()
        self._connect_signals()
        self.limit_chooser.set_choice(settings.counting_config, settings.limit)
        self._restore_window()
        if self.guide_watcher is not None:
            if defer_start:
                # Loading the guide (then preparing the store) competes with the first paint.
                self.after_first_paint(self.guide_watcher.reload)
            else:
                self.guide_watcher.reload()
        else:
            self.account_switcher.setEnabled(False)
            self.guide_viewer.show_rules(None, None)
        if self.grammar_worker is None and defer_start and workspace is not None:
            self._set_grammar_status("checking", self.tr("Starting spelling and grammar"))
        elif self.grammar_worker is None:
            self._set_grammar_status("off", self.tr("Grammar checking is off (Settings)"))
        self.welcome.setVisible(not settings.welcome_dismissed)
        self._sync_page_actions()
        self.editor.setFocus()

    # -- construction -------------------------------------------------------------------
    def _title(self) -> str:
        """``dana · ~/work/ws — Brand Voice Composer``: who acts, and where (team: the server)."""
        space = self.workspace
        if space is None:
            return APP_NAME
        where = space.database_server or _home_relative(space.root)
        return (
            self.tr("%1 · %2 — %3")
            .replace("%1", self.user)
            .replace("%2", where)
            .replace("%3", APP_NAME)
        )

    @property
    def painted(self) -> bool:
        """Whether the window has been painted once (``first_painted`` has been emitted)."""
        return self._painted

    def event(self, event: QEvent) -> bool:
        """Notes the first paint (``first_painted``), then handles ``event`` as usual."""
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            # In the next event-loop pass: the painted frame reaches the screen first.
            QTimer.singleShot(0, self.first_painted.emit)
        return super().event(event)

    def after_first_paint(self, work: Callable[[], object]) -> None:
        """Run ``work`` after the window's first paint (soon, when it has been painted)."""
        if self._painted:
            QTimer.singleShot(0, work)
        else:
            self.first_painted.connect(work)

    def set_grammar_worker(self, worker: GrammarWorkerLike | None) -> None:
        """Use ``worker`` for spelling and grammar from now on (the app builds it late)."""
        if self.grammar_worker is not None:
            self.grammar_worker.shutdown()
        self.grammar_worker = worker
        if worker is None:
            self._set_grammar_status("off", self.tr("Grammar checking is off (Settings)"))
            return
        worker.findings_ready.connect(self.controller.set_grammar)
        worker.status_changed.connect(self._set_grammar_status)
        self._set_grammar_status("checking", self.tr("Waiting for the first check"))
        if self.editor.toPlainText():
            self._on_draft_changed(self.editor.toPlainText())

    @property
    def store_ready(self) -> bool:
        """Whether the store is prepared (accounts synced): drafts can be saved now."""
        return self._store_prepared

    def _build_actions(self) -> None:
        self.new_action = QAction(self.tr("&New Draft"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.quit_action = QAction(self.tr("&Quit"), self)
        # StandardKey.Quit is empty on some platforms (offscreen, Windows): be explicit.
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.split_action = QAction(self.tr("Split into &Thread"), self)
        self.split_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.split_action.setStatusTip(
            self.tr("Split a long draft into numbered posts: writes --- lines between them")
        )
        # Ctrl+Enter is reserved for submitting a draft for review (the review workflow).
        self.submit_action = QAction(self.tr("&Submit for Review"), self)
        self.submit_action.setShortcut(QKeySequence("Ctrl+Return"))
        self.submit_action.setStatusTip(self.tr("Save the draft and send it to the reviewers"))
        self.fix_action = QAction(self.tr("Apply First &Fix"), self)
        self.fix_action.setShortcut(QKeySequence("Ctrl+."))
        self.fix_action.setStatusTip(
            self.tr("Apply the suggested fix of the finding at the cursor")
        )
        self.next_finding_action = QAction(self.tr("&Next Finding"), self)
        self.next_finding_action.setShortcut(QKeySequence("F8"))
        self.grammar_settings_action = QAction(self.tr("&Grammar and Spelling…"), self)
        self.grammar_settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.reload_guide_action = QAction(self.tr("&Reload Guide"), self)
        self.reload_guide_action.setShortcut(QKeySequence("Ctrl+R"))
        self.about_action = QAction(self.tr("&About %1").replace("%1", APP_NAME), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.shortcuts_action = QAction(self.tr("&Keyboard Shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.welcome_action = QAction(self.tr("&Welcome"), self)
        self.welcome_action.setStatusTip(self.tr("Show the first steps again"))
        self.my_drafts_action = QAction(self.tr("&My Drafts…"), self)
        self.my_drafts_action.setShortcut(QKeySequence.StandardKey.Open)
        self.my_drafts_action.setStatusTip(
            self.tr("List your drafts: open one again, withdraw, delete or duplicate it")
        )
        self.sent_back_action = QAction(self.tr("Open Draft Sent &Back"), self)
        self.sent_back_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.sent_back_action.setStatusTip(
            self.tr("Open the draft a reviewer last asked you to change")
        )
        self.undo_move_action = QAction(self.tr("Undo Account &Move"), self)
        self.undo_move_action.setStatusTip(self.tr("Move the draft back to the account it was in"))
        self.undo_move_action.setEnabled(False)
        # Ctrl+1, Ctrl+2 ...: one per page; named and shown by _sync_page_actions.
        self.page_actions: list[QAction] = []
        for number in range(1, PAGE_KEYS + 1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, i=number - 1: self.show_page(i))
            self.page_actions.append(action)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.my_drafts_action)
        file_menu.addAction(self.sent_back_action)
        file_menu.addSeparator()
        file_menu.addAction(self.submit_action)
        file_menu.addAction(self.reload_guide_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menu_bar.addMenu(self.tr("&Edit"))
        for label, key, slot in (
            (self.tr("&Undo"), QKeySequence.StandardKey.Undo, self.editor.undo),
            (self.tr("&Redo"), QKeySequence.StandardKey.Redo, self.editor.redo),
            (None, None, None),
            (self.tr("Cu&t"), QKeySequence.StandardKey.Cut, self.editor.cut),
            (self.tr("&Copy"), QKeySequence.StandardKey.Copy, self.editor.copy),
            (self.tr("&Paste"), QKeySequence.StandardKey.Paste, self.editor.paste),
            (self.tr("Select &All"), QKeySequence.StandardKey.SelectAll, self.editor.selectAll),
        ):
            if label is None:
                edit_menu.addSeparator()
                continue
            action = edit_menu.addAction(label)
            if key is not None:
                action.setShortcut(QKeySequence(key))
            # The editor handles these keys itself; the menu entries are for discovery.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
        edit_menu.addSeparator()
        edit_menu.addAction(self.split_action)
        edit_menu.addAction(self.fix_action)
        edit_menu.addAction(self.next_finding_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.undo_move_action)
        self.view_menu = menu_bar.addMenu(self.tr("&View"))
        for action in self.page_actions:
            self.view_menu.addAction(action)
        self.view_menu.aboutToShow.connect(self._sync_page_actions)
        settings_menu = menu_bar.addMenu(self.tr("&Settings"))
        settings_menu.addAction(self.grammar_settings_action)
        if self.team_settings is not None:
            settings_menu.addAction(self.team_settings.people_action)
            settings_menu.addAction(self.team_settings.accounts_action)
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.welcome_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _build_layout(self) -> None:
        toolbar = QToolBar(self.tr("Draft settings"))
        toolbar.setObjectName("draftToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.account_switcher)
        if self.team_settings is not None:
            toolbar.addWidget(self.team_settings.no_review_label)
        toolbar.addSeparator()
        toolbar.addWidget(self.limit_chooser)
        self.addToolBar(toolbar)

        footer = QHBoxLayout()
        footer.addWidget(self.counter)
        counts = QVBoxLayout()
        counts.addWidget(self.count_label)
        counts.addWidget(self.entity_label)
        footer.addLayout(counts, 1)
        footer.addWidget(self.score_label)
        footer.addWidget(self.x_panels.cost_badge)
        footer.addSpacing(12)
        footer.addWidget(self.split_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.welcome)
        left_layout.addWidget(self.banner)
        left_layout.addWidget(self.mention_quote)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(self.media_strip)
        left_layout.addLayout(footer)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Room for every side tab's title (six of them) without scroll arrows at 1280 wide.
        splitter.setSizes([700, 540])
        splitter.setChildrenCollapsible(False)
        self.compose_page = splitter
        splitter.setAccessibleName(self.tr("Compose page"))
        # The compose keys act only while the focus is on the compose page: Ctrl+Enter in a
        # review comment must not submit the draft being written.
        for action in (
            self.submit_action,
            self.fix_action,
            self.next_finding_action,
            self.split_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            splitter.addAction(action)
        self.pages = QTabWidget()
        self.pages.setObjectName("pages")
        self.pages.setAccessibleName(self.tr("Pages"))
        self.pages.tabBar().setAccessibleName(self.tr("Pages"))
        self.pages.setDocumentMode(True)
        # No mnemonics on the pages: Ctrl+1, Ctrl+2 ... switch them (View menu).
        self.pages.addTab(splitter, self.tr("Compose"))
        if self.review_page is not None:
            self.pages.addTab(self.review_page, self.tr("Review"))
        if self.queue_page is not None:
            self.pages.addTab(self.queue_page, self.tr("Queue"))
        if self.inbox_page is not None:
            self.pages.addTab(self.inbox_page, self.tr("Inbox"))
        self.pages.tabBar().setVisible(self.pages.count() > 1)
        # The crisis pause shows above every page (the Queue page has its own banner).
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.crisis_bar)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._set_compose_tab_order()
        # Tab and Shift+Tab go round every control once, the same way each time.
        self.focus_ring = FocusRing(self)
        for index in range(self.side_tabs.count()):  # the whole title, when it is shortened
            self.side_tabs.setTabToolTip(index, self.side_tabs.tabText(index).replace("&", ""))
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.notifications)
        self.statusBar().addPermanentWidget(self.grammar_status)
        self.statusBar().showMessage(self.tr("Ready"))

    def _connect_signals(self) -> None:
        self.editor.draft_changed.connect(self._on_draft_changed)
        if self.inbox_page is not None:
            self.inbox_page.reply_requested.connect(self._on_reply_requested)
            self.inbox_page.status.connect(self._on_session_status)
            self.inbox_page.late_changed.connect(self._on_inbox_late_changed)
        self.x_panels.connect_to(self.editor.draft_changed, self.account_switcher.account_changed)
        self.x_panels.attach_media(self.media_strip)
        self.x_panels.cost_badge.text_replaced.connect(self.editor.replace_all)
        self.controller.report_ready.connect(self._on_report_ready)
        self.account_switcher.account_changed.connect(self._on_account_changed)
        self.findings_panel.jump_requested.connect(self._on_jump_requested)
        self.findings_panel.fix_requested.connect(self._on_fix_requested)
        self.findings_panel.ignore_requested.connect(self.controller.ignore)
        self.fix_action.triggered.connect(self._on_fix_triggered)
        self.next_finding_action.triggered.connect(self._on_next_finding_triggered)
        self.reload_guide_action.triggered.connect(self._on_reload_guide_triggered)
        self._route_timer.timeout.connect(self._on_route_timeout)
        self.grammar_settings_action.triggered.connect(self._on_grammar_settings_triggered)
        self.welcome.dismissed.connect(self._on_welcome_dismissed)
        self.welcome_action.triggered.connect(self._on_welcome_triggered)
        self.pages.currentChanged.connect(self._on_page_changed)
        self.grammar_settings_action.setEnabled(self.workspace is not None)
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
        self.media_strip.media_changed.connect(self._on_media_changed)
        self.my_drafts_action.setEnabled(self.review_page is not None)
        self.sent_back_action.setEnabled(self.draft_loop is not None)
        self.my_drafts_action.triggered.connect(self._on_my_drafts_triggered)
        self.sent_back_action.triggered.connect(self._on_sent_back_triggered)
        self.editor.draft_changed.connect(self.review_notes.set_text)
        self.review_notes.jump_requested.connect(self._on_jump_requested)
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
        if self.queue_page is not None and self.live_updates is not None:
            self.live_updates.refresh_requested.connect(self.queue_page.refresh_if_shown)
        if self.queue_page is not None and self.store_client is not None:
            self.queue_page.pause_changed.connect(self._on_pause_changed)
            self.store_client.changed.connect(self.queue_page.check_pause)
            self.crisis_bar.open_queue_requested.connect(self._on_open_queue_requested)
        if self.guide_watcher is not None:
            self.guide_watcher.loading.connect(self._on_guide_loading)
            self.guide_watcher.loaded.connect(self._on_guide_loaded)
            self.guide_watcher.failed.connect(self._on_guide_failed)
        self._attach_grammar_worker(self.grammar_worker)
        self._connect_notifications()
        self.findings_panel.vocabulary_requested.connect(self._on_vocabulary_requested)
        if self.review_page is not None:
            self.review_page.admin_accounts_changed.connect(self._sync_vocabulary_mode)
        self._connect_team_settings()

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

    def _attach_grammar_worker(self, worker: GrammarWorkerLike | None) -> None:
        self.grammar_worker = worker
        if worker is not None:
            worker.findings_ready.connect(self.controller.set_grammar)
            worker.status_changed.connect(self._set_grammar_status)
            self._set_grammar_status("checking", self.tr("Waiting for the first check"))
        else:
            self._set_grammar_status("off", self.tr("Grammar checking is off (Settings)"))
        self.limit_chooser.changed.connect(self._on_limit_changed)
        self.split_action.triggered.connect(self._on_split_triggered)
        self.split_button.clicked.connect(self._on_split_triggered)
        self.thread_preview.numbering_toggled.connect(self._on_numbering_toggled)
        self.new_action.triggered.connect(self._on_new_triggered)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(lambda: show_about(self))
        self.shortcuts_action.triggered.connect(self._on_shortcuts_triggered)

    # -- slots -------------------------------------------------------------------------
    @Slot(str)
    def _on_draft_changed(self, text: str) -> None:
        self._refresh_counter(text)
        # A pasted document is counted but not checked: each check would stall for seconds.
        checked = "" if too_long_to_check(text) else text
        revision = self.grammar_worker.set_text(checked) if self.grammar_worker is not None else -1
        self.controller.set_text(text, revision)
        if self.checker is not None and len(self.checker.guide.accounts) > 1:
            self._route_timer.start()
        if self.thread_preview.parts or (self._view is not None and self._view.posts > 1):
            self._refresh_thread(text)

    @Slot(object)
    def _on_guide_loaded(self, checker: Checker) -> None:
        # Loaded and compiled on the watcher's thread (see ``compiled_guide``).
        self.checker = checker
        guide = checker.guide
        if self.store_client is not None:
            self.store_client.prepare(account_specs(guide), self.user)
            # Approvals enter their queue at once, by the guide's schedules (as in the CLI).
            self.store_client.set_guide(guide)
        if self.queue_page is not None:
            self.queue_page.set_guide(guide)
        if self.team_settings is not None:
            self.team_settings.set_guide(guide)
        self.account_switcher.setEnabled(True)
        self.account_switcher.set_accounts(list(guide.accounts), self._settings.last_account)
        if guide.notices:
            self.banner.show_problem(
                self.tr(
                    "The guide loaded with %1 notice(s): some imported rules are skipped."
                ).replace("%1", str(len(guide.notices))),
                "\n".join(guide.notices),
                cause="guide",
            )
        else:
            self.banner.clear(cause="guide")
        self.statusBar().showMessage(
            self.tr("Guide loaded: %1 (%2 rules)")
            .replace("%1", guide.brand)
            .replace("%2", str(len(guide.rules))),
            5000,
        )

    @Slot()
    def _on_guide_loading(self) -> None:
        # Loading runs on the watcher's thread; the last good guide checks meanwhile.
        self.statusBar().showMessage(self.tr("Loading the brand guide…"))

    @Slot(str)
    def _on_guide_failed(self, message: str) -> None:
        self.statusBar().clearMessage()
        count = len(message.splitlines())
        kept = (
            self.tr(" The last good guide stays in force.")
            if self.checker is not None
            else self.tr(" Style checks are off until it is fixed.")
        )
        self.banner.show_problem(
            self.tr("The brand guide has %1 problem(s).").replace("%1", str(count)) + kept,
            message,
            cause="guide",
        )

    @Slot(object)
    def _on_account_changed(self, account: Account | None) -> None:
        if account is None:
            return
        self._settings.last_account = account.handle
        self.limit_chooser.set_choice(account.counting, account.limit)
        self.limit_chooser.setEnabled(False)
        self.limit_chooser.setToolTip(
            self.tr("Set by %1 in the guide").replace("%1", account.handle)
        )
        self.controller.set_text(self.editor.toPlainText(), self._grammar_revision())
        self.controller.set_checker(self.checker, account)
        self.guide_viewer.show_rules(self.checker, account)
        if self.review_page is not None:
            self.review_page.current_account = account.handle
            self._sync_vocabulary_mode()
        if self.draft_loop is not None:
            # Checked for the new account above: the open draft moves there with its findings.
            self.draft_loop.account_shown(account.handle)

    @Slot(object, object)
    def _on_report_ready(self, report: Report, visible: tuple[Finding, ...]) -> None:
        text = self.editor.toPlainText()
        if report.text != text:
            return  # a newer keystroke is on its way
        self.editor.show_findings(visible, text)
        # A banner about a problem that is gone goes too.
        if not report.has_errors:
            self.banner.clear(cause="errors")
        if not self.controller.too_long:
            self.banner.clear(cause="too_long")
        errors = sum(1 for f in visible if f.level is Level.ERROR)
        warnings = sum(1 for f in visible if f.level is Level.WARNING)
        suggestions = len(visible) - errors - warnings
        summary = (
            self.tr("No findings.")
            if not visible
            else self.tr("%1 error(s), %2 warning(s), %3 suggestion(s)")
            .replace("%1", str(errors))
            .replace("%2", str(warnings))
            .replace("%3", str(suggestions))
        )
        self.findings_panel.set_findings(
            visible, text, summary, empty_message=self._too_long_message(text)
        )
        self.side_tabs.setTabText(
            0,
            self.tr("Fin&dings (%1)").replace("%1", str(len(visible)))
            if visible
            else self.tr("Fin&dings"),
        )
        if report.score is not None and text:
            self.score_label.setText(self.tr("Brand score %1").replace("%1", f"{report.score:.0f}"))
            # How it was computed: each finding's weight, the size, the cap.
            self.score_label.setToolTip("\n".join(explain_report(report).lines()))
        else:
            self.score_label.setText("")
        profile = (
            self.checker.profile_for(self.controller.account)
            if self.checker is not None and self.controller.account is not None
            else None
        )
        self.tone_meter.set_rows(meter_rows(profile, report.metrics))

    @Slot()
    def _on_route_timeout(self) -> None:
        text = self.editor.toPlainText()
        if self.checker is not None:
            # Far too long for any account; checking each one would stall the window.
            # The attached pictures count too: an account may take fewer than X does.
            media = tuple(m.item for m in self.media_strip.media())
            self.route_panel.show_verdicts(
                () if too_long_to_check(text) else self.checker.route(text, media)
            )

    def _too_long_message(self, text: str) -> str:
        """Why ``text`` is not checked (empty when it is)."""
        if not too_long_to_check(text):
            return ""
        return (
            self.tr(
                "This draft is %1 characters long: style, tone and grammar checks run on drafts "
                "of up to %2 characters. Shorten it to check it."
            )
            .replace("%1", f"{len(text):,}")
            .replace("%2", f"{MAX_CHECKED_CHARS:,}")
        )

    @Slot(int, int)
    def _on_jump_requested(self, start: int, end: int) -> None:
        self.editor.select_span(start, end)
        self.editor.setFocus()

    @Slot(object, str)
    def _on_fix_requested(self, finding: Finding, replacement: str) -> None:
        text = self.editor.toPlainText()
        if finding.end > len(text):
            return
        self.editor.replace_span(finding.start, finding.end, replacement)
        self.controller.check_now()

    @Slot()
    def _on_fix_triggered(self) -> None:
        cursor = self.editor.textCursor().position()
        index = from_qt(self.editor.toPlainText(), cursor)
        for finding in self.controller.visible:
            if finding.replacements and finding.start <= index <= finding.end:
                self._on_fix_requested(finding, finding.replacements[0])
                return
        self.statusBar().showMessage(self.tr("No fix here."), 3000)

    @Slot()
    def _on_next_finding_triggered(self) -> None:
        index = from_qt(self.editor.toPlainText(), self.editor.textCursor().selectionEnd())
        place = next_place(self.controller.visible, index)
        if place is None:
            return
        target, start, end = place
        self.editor.select_span(start, end)
        self.statusBar().showMessage(target.message, 5000)

    @Slot()
    def _on_reload_guide_triggered(self) -> None:
        if self.guide_watcher is not None:
            self.guide_watcher.reload()

    # -- the draft in the workflow ------------------------------------------------------
    def _draft_source(self) -> tuple[str, str, tuple[Finding, ...]]:
        account = self.controller.account
        report = self.controller.report
        text = self.editor.toPlainText()
        findings = report.findings if report is not None and report.text == text else ()
        findings = (*findings, *self._media_findings())
        return text, account.handle if account is not None else "", findings

    def _media_findings(self) -> tuple[Finding, ...]:
        """The guide's media rules on the attached media (alt text, count) for the account."""
        account = self.controller.account
        if account is None or self.checker is None:
            return ()
        items = tuple(m.item for m in self.media_strip.media())
        return post_media_findings(self.checker, items, account)

    @Slot(object)
    def _on_media_changed(self, _media: object) -> None:
        self.media_strip.show_notes([f.message for f in self._media_findings()])
        self._route_timer.start()

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
        self.notifications.activated.connect(self._on_notice_activated)

    @Slot(object)
    def _on_notice_activated(self, notice: Notice) -> None:
        """Open what a notification is about: the draft, the review page or the queue."""
        draft = notice.draft_id
        if notice.kind is NoticeKind.DECISION and notice.state == State.CHANGES_REQUESTED:
            if self.draft_loop is not None and draft is not None:
                self.draft_loop.open(draft)
                self.show_page(self.pages.indexOf(self.compose_page))
        elif notice.kind in (NoticeKind.DECISION, NoticeKind.REVIEW):
            if self.review_page is not None and draft is not None:
                self.show_page(self.pages.indexOf(self.review_page))
                self.review_page.open_draft(draft)
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

    @Slot()
    def _on_grammar_settings_triggered(self) -> None:
        from composer.services.workspace import save_grammar_settings  # noqa: PLC0415
        from composer.ui.grammar_setup import make_grammar_worker  # noqa: PLC0415
        from composer.ui.settings.grammar_settings_dialog import (  # noqa: PLC0415
            GrammarSettingsDialog,
        )

        if self.workspace is None:
            return
        dialog = GrammarSettingsDialog(self.workspace.grammar, parent=self)
        if not dialog.exec():
            return
        try:
            self.workspace = save_grammar_settings(self.workspace.root, dialog.settings())
        except KnownError as exc:
            self.banner.show_problem(str(exc))
            return
        if self.grammar_worker is not None:
            self.grammar_worker.shutdown()
        self._attach_grammar_worker(make_grammar_worker(self.workspace))
        self._on_draft_changed(self.editor.toPlainText())

    @Slot(str, str)
    def _set_grammar_status(self, state: str, message: str) -> None:
        labels = {
            "off": self.tr("Grammar: off"),
            "checking": self.tr("Grammar: checking…"),
            "ready": self.tr("Grammar: LanguageTool"),
            "offline": self.tr("Spelling: offline dictionary"),
            "slow": self.tr("Grammar: slow to answer"),
            "fallback": self.tr("Grammar: offline spelling (fallback)"),
            "unreachable": self.tr("Grammar: server unreachable"),
            "error": self.tr("Grammar: error"),
        }
        self.grammar_status.setText(labels.get(state, state))
        self.grammar_status.setToolTip(message)

    def _grammar_revision(self) -> int:
        if self.grammar_worker is None:
            return -1
        return int(self.grammar_worker.revision)

    @Slot(str, int)
    def _on_limit_changed(self, config_name: str, limit: int) -> None:
        self._config = limited_config(config_name, limit)
        self._settings.counting_config = config_name
        self._settings.limit = limit
        text = self.editor.toPlainText()
        self._refresh_counter(text)
        if self.thread_preview.parts:
            self._refresh_thread(text)

    @Slot()
    def _on_split_triggered(self) -> None:
        text = self.editor.toPlainText()
        too_long = self._too_long_message(text)
        if too_long:
            # Splitting a pasted document takes seconds and makes hundreds of posts.
            self.thread_preview.set_parts(())
            self.statusBar().showMessage(too_long, 8000)
            return
        thread = split_into_thread(
            text, self._config, numbering=self.thread_preview.numbering.isChecked()
        )
        if thread != text:
            # One undoable edit: Ctrl+Z gives the draft back as it was.
            self.editor.replace_all(thread)
        elif not is_thread(text):
            self.statusBar().showMessage(self.tr("The draft fits in one post."), 5000)
        self._refresh_thread(self.editor.toPlainText())
        self.side_tabs.setCurrentWidget(self.thread_preview)

    @Slot(bool)
    def _on_numbering_toggled(self, checked: bool) -> None:  # noqa: FBT001 - Qt signal
        self._settings.thread_numbering = checked
        if self.thread_preview.parts:
            self._refresh_thread(self.editor.toPlainText())

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
        if self.draft_loop is None or not isinstance(mention, MentionRecord):
            return
        if self.draft_session is not None:
            self.draft_session.flush()
        self.mention_quote.show_mention(draft_id, mention)
        self.draft_loop.open(draft_id)

    @Slot()
    def _on_new_triggered(self) -> None:
        self.mention_quote.clear()
        if self.draft_session is not None:
            self.draft_session.flush()
            self.draft_session.new_draft()
        if self.draft_loop is not None:
            self.draft_loop.new_draft()
        self.editor.clear()
        self.media_strip.set_media(())
        self.thread_preview.set_parts(())
        self.pages.setCurrentWidget(self.compose_page)
        self.editor.setFocus()

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

    @Slot()
    def _on_shortcuts_triggered(self) -> None:
        from composer.ui.shortcuts_dialog import show_shortcuts  # noqa: PLC0415

        show_shortcuts(self)

    # -- pages, first run, progress -----------------------------------------------------
    def show_page(self, index: int) -> None:
        """Switch to page ``index`` (0: Compose) and put the focus where work starts there."""
        page = self.pages.widget(index)
        if page is None:
            return
        self.pages.setCurrentIndex(index)
        if page is self.compose_page:
            self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif page is self.review_page and self.review_page is not None:
            self.review_page.focus_inbox()
        else:
            focus = getattr(page, "focus_default", None)
            if callable(focus):
                focus()
            else:
                page.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _sync_page_actions(self) -> None:
        # One action per page, named after its tab (without the count or a mnemonic).
        for index, action in enumerate(self.page_actions):
            exists = index < self.pages.count()
            title = self.pages.tabText(index).split(" (")[0].replace("&", "") if exists else ""
            action.setText(self.tr("Go to %1").replace("%1", title) if exists else "")
            action.setVisible(exists)
            if exists:
                self.pages.setTabToolTip(
                    index, action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                )

    @Slot(int)
    def _on_page_changed(self, _index: int) -> None:
        self._sync_page_actions()
        self._sync_crisis_bar()

    @Slot()
    def _on_welcome_dismissed(self) -> None:
        self._settings.welcome_dismissed = True
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_welcome_triggered(self) -> None:
        self.pages.setCurrentWidget(self.compose_page)
        self.welcome.show()
        self.welcome.close_button.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(bool)
    def _on_store_busy_changed(self, busy: bool) -> None:  # noqa: FBT001 - Qt signal
        self.busy.set_busy("store", self.tr("Working with the database…"), busy)

    def _set_compose_tab_order(self) -> None:
        """Tab goes toolbar → welcome → problems → editor → footer → side panels."""
        chain: list[QWidget] = [
            self.account_switcher.box,
            self.limit_chooser.config_box,
            self.limit_chooser.limit_box,
            self.welcome.add_reviewer_button,
            self.welcome.work_alone_button,
            self.welcome.close_button,
            self.banner.toggle,
            self.banner.close_button,
            self.editor,
            self.split_button,
            self.side_tabs.tabBar(),
            self.findings_panel.view,
            self.findings_panel.fix_button,
            self.findings_panel.ignore_button,
            self.findings_panel.more_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- views -------------------------------------------------------------------------
    def _refresh_counter(self, text: str) -> None:
        view = draft_counter_view(text, self._config)
        self._view = view
        self.counter.set_view(view)
        self.editor.show_counter(view, text)
        # A thread is counted per post: the numbers are its tightest post's.
        post = (
            self.tr("Post %1 of %2: ")
            .replace("%1", str(view.post_number))
            .replace("%2", str(view.posts))
            if view.posts > 1
            else ""
        )
        self.count_label.setText(
            post
            + self.tr("%1 / %2")
            .replace("%1", _number(view.weighted_length))
            .replace("%2", _number(view.limit))
            + (
                self.tr(" — %1 over the limit").replace("%1", _number(-view.remaining))
                if view.remaining < 0
                else ""
            )
        )
        kinds: dict[str, int] = {}
        for entity in view.entities:
            kinds[entity.kind.value] = kinds.get(entity.kind.value, 0) + 1
        self.entity_label.setText(
            ", ".join(self._entity_count(kind, n) for kind, n in sorted(kinds.items()))
        )
        self.split_button.setEnabled(view.remaining < 0)
        self.split_action.setEnabled(bool(text.strip()))

    def _entity_count(self, kind: str, n: int) -> str:
        """``2 mentions``: one and many spelled out for each kind, so each is translatable."""
        one, many = {
            "url": (self.tr("%1 URL"), self.tr("%1 URLs")),
            "mention": (self.tr("%1 mention"), self.tr("%1 mentions")),
            "list": (self.tr("%1 list"), self.tr("%1 lists")),
            "hashtag": (self.tr("%1 hashtag"), self.tr("%1 hashtags")),
            "cashtag": (self.tr("%1 cashtag"), self.tr("%1 cashtags")),
        }.get(kind, (f"%1 {kind}", f"%1 {kind}"))
        return (one if n == 1 else many).replace("%1", str(n))

    def _refresh_thread(self, text: str) -> None:
        too_long = self._too_long_message(text)
        if too_long:
            # Splitting a pasted document takes seconds and makes hundreds of posts.
            self.thread_preview.set_parts(())
            self.statusBar().showMessage(too_long, 8000)
            return
        self.thread_preview.set_parts(thread_parts(text, self._config))

    @property
    def counter_view(self) -> CounterView | None:
        """What the counter shows now."""
        return self._view

    # -- window state ------------------------------------------------------------------
    def _restore_window(self) -> None:
        geometry = self._settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            # A first start gets room for the editor and every side tab's whole title, within
            # the screen (an 800x600 screen gets all of it; the layout is tested there).
            width, height = 1280, 800
            screen = self.screen()
            if screen is not None:
                free = screen.availableGeometry()
                width, height = min(width, free.width()), min(height, free.height())
            self.resize(width, height)
        state = self._settings.window_state()
        if state is not None:
            self.restoreState(state)

    def _metrics_accounts(self) -> list[str]:
        """The guide's accounts, whose published posts' results are read from X."""
        return [str(a.handle) for a in self.checker.guide.accounts] if self.checker else []

    def start_background_reads(self) -> None:
        """Start reading published posts' results from X on a timer (the app calls it)."""
        if self.metrics_poller is not None:
            self.metrics_poller.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the window geometry, stop background work, then close."""
        self._settings.save_window(self.saveGeometry(), self.saveState())
        if self.grammar_worker is not None:
            self.grammar_worker.shutdown()
        if self.draft_session is not None:
            self.draft_session.close()
        if self.live_updates is not None:
            self.live_updates.stop()
        if self.metrics_poller is not None:
            self.metrics_poller.stop()
        if self.store_client is not None:
            self.store_client.close()
        if self.guide_watcher is not None:
            self.guide_watcher.shutdown(1.0)
        super().closeEvent(event)
