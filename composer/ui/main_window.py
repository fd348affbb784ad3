"""The main window: builds the frame (menus, toolbar, editor, side panels) and wires it up.

It holds no rules: counting, splitting and checking are computed by the core and only shown here.
The first paint shows the frame only (``defer_start``): the compose page, the side panels and
the pages' tabs; the rest is imported and built right after it (``_build_rest``). The actions,
menus, the frame's layout and the page keys are in composer/ui/window_frame.py; the
store-backed pages and their wiring in composer/ui/workspace_pages.py.
"""

from __future__ import annotations

import getpass
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QTimer, SignalInstance, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QWidget,
)

from composer.core.errors import KnownError
from composer.core.findings import Finding, Level, Report, next_place
from composer.core.notifications import Notice, NoticeKind
from composer.ui.account_switcher import AccountSwitcher
from composer.ui.busy_indicator import BusyIndicator
from composer.ui.counter_ring import CounterRing
from composer.ui.editor.draft_editor import DraftEditor
from composer.ui.error_banner import ErrorBanner
from composer.ui.findings_panel import FindingsPanel
from composer.ui.limit_chooser import LimitChooser
from composer.ui.notification_bell import NotificationBell
from composer.ui.positions import from_qt
from composer.ui.route_panel import RoutePanel
from composer.ui.side_tabs import SideTabs
from composer.ui.thread_preview import ThreadPreview
from composer.ui.tone_meter import ToneMeter
from composer.ui.window_frame import fill_tab, placeholder_page, to_end_of_focus_chain
from composer.ui.workspace_pages import WorkspacePages

if TYPE_CHECKING:  # loaded after the first paint (``_build_rest``), or never
    from composer.core.checker import Checker
    from composer.core.counter import CounterView
    from composer.core.guide.model import Account
    from composer.core.text import CountingConfig
    from composer.services.workspace import Workspace
    from composer.ui.editor.x_panels import XPanels
    from composer.ui.guide_viewer import GuideViewer
    from composer.ui.guide_watcher import GuideWatcher
    from composer.ui.settings_store import SettingsStore

#: The route check runs every account's checks, so it waits for a longer pause.
ROUTE_DELAY_MS = 300
#: The least time a first start's welcome has to be painted before the rest is built.
WELCOME_FRAME_MS = 30


def _number(value: float) -> str:
    """A length as people write it: ``5227270`` (not ``5.22727e+06``), ``12.5`` when fractional."""
    return f"{value:.10g}"


def _shown_on_desktop(notice: Notice) -> bool:
    """Whether the bell announces ``notice`` on the desktop too.

    The live-updates bridge announces reviews, failures and drafts sent back already.
    """
    from composer.core.workflow import State  # noqa: PLC0415 - loads after the first paint

    return (
        notice.kind is not NoticeKind.REVIEW
        and notice.kind is not NoticeKind.FAILED
        and notice.state != State.CHANGES_REQUESTED
    )


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
    from composer.core.checker import Checker  # noqa: PLC0415 - after the first paint
    from composer.services.guide_cache import load_guide_cached  # noqa: PLC0415

    # Taken from the cache folder when the guide's files are unchanged (a reload or a start
    # with the same big Vale packages costs milliseconds, not seconds).
    return Checker(load_guide_cached(path))


class MainWindow(WorkspacePages):
    """Brand Voice Composer's main window."""

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
        # ``defer_start`` (the app): the first paint shows the frame; the rest (the check
        # controller, the guide, the store and its pages, the X panels) is imported and built
        # right after it, and the app attaches the grammar worker then (``set_grammar_worker``).
        super().__init__(parent)
        self._settings = settings
        self.workspace = workspace
        self._view: CounterView | None = None
        self.checker: Checker | None = None
        self.grammar_worker = grammar_worker
        self.guide_watcher: GuideWatcher | None = None
        self._defer_start = defer_start
        self._built = False
        # On a team database the login is the identity.
        self.user = user or (workspace.database_user if workspace else None) or getpass.getuser()
        self._init_workspace()
        self.setWindowTitle(self._title())
        self.setObjectName("mainWindow")
        self._build_frame()
        self._restore_window()
        if defer_start and grammar_worker is None and workspace is not None:
            self._set_grammar_status("checking", self.tr("Starting spelling and grammar"))
        self._sync_page_actions()
        self.editor.setFocus()
        if defer_start:
            self.after_first_paint(self._after_first_paint)
        else:
            self._add_welcome()
            self._build_rest()

    def _after_first_paint(self) -> None:
        """The welcome first (it shows in the next frame), then the rest of the window.

        What the rest imports (the store, SQLAlchemy, the services) is imported on a thread
        first (composer/ui/preload.py): the window answers keys and clicks meanwhile, and
        the welcome is painted before the rest is built.
        """
        from composer.ui.preload import preload_then  # noqa: PLC0415

        self._add_welcome()
        # A frame's time for the welcome to be laid out and painted before the rest is built,
        # should the imports be in sooner than that.
        wait = WELCOME_FRAME_MS if self.welcome.isVisibleTo(self) else 0
        started = time.monotonic()

        def build() -> None:
            left = wait - (time.monotonic() - started) * 1000
            QTimer.singleShot(max(0, round(left)), self._build_rest)

        preload_then(self, build)

    # -- construction -------------------------------------------------------------------
    def _build_frame(self) -> None:
        """What the first paint shows: the compose page, the side panels, the pages' tabs."""
        self.editor = DraftEditor()
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
        self.busy = BusyIndicator()
        self.notifications = NotificationBell(
            self.user,
            tray=lambda: self.live_updates.tray if self.live_updates is not None else None,
            desktop=_shown_on_desktop,
        )
        self.limit_chooser = LimitChooser()
        self.account_switcher = AccountSwitcher()
        self.banner = ErrorBanner()
        self.findings_panel = FindingsPanel()
        self.tone_meter = ToneMeter()
        self.route_panel = RoutePanel()
        self.thread_preview = ThreadPreview()
        self.thread_preview.numbering.setChecked(self._settings.thread_numbering)
        self.grammar_status = QLabel()
        self.grammar_status.setAccessibleName(self.tr("Grammar status"))
        # Titles, icons or both, as the panel's width allows (composer/ui/side_tabs.py).
        self.side_tabs = tabs = SideTabs()
        self.side_tabs.setAccessibleName(self.tr("Side panels"))
        self.side_tabs.tabBar().setAccessibleName(self.tr("Side panels"))
        # Mnemonics chosen not to clash with the menus, the toolbar or the panels' buttons.
        tabs.add_panel(self.findings_panel, self.tr("Fin&dings"), "findings", counted=True)
        tabs.add_panel(self.tone_meter, self.tr("To&ne"), "tone")
        tabs.add_panel(self.route_panel, self.tr("&Route"), "route")
        tabs.add_panel(self.thread_preview, self.tr("&Thread"), "thread")
        # Built with the rest (``_build_rest``): the guide viewer, the post as X shows it and
        # its cost beside the counter (composer/ui/editor), the reviewers' comments.
        self.side_placeholders = places = {
            key: placeholder_page() for key in ("guide", "x", "comments")
        }
        tabs.add_panel(places["guide"], self.tr("G&uide"), "guide")
        tabs.add_panel(places["x"], self.tr("On &X"), "on-x")
        tabs.add_panel(places["comments"], self.tr("Co&mments"), "comments", counted=True)
        self.after_first_paint(tabs.use_theme_icons)  # the desktop's icons, when it has them
        self._build_actions()
        self._build_menus()
        self._build_layout()
        # What works before the rest is built; the other actions wait for it.
        self.welcome_action.triggered.connect(self._on_welcome_triggered)
        self.quit_action.triggered.connect(self.close)
        self.about_action.triggered.connect(self._on_about_triggered)
        self.shortcuts_action.triggered.connect(self._on_shortcuts_triggered)
        for action in self._rest_actions():
            action.setEnabled(False)

    def _rest_actions(self) -> tuple[QAction, ...]:
        """The actions that wait for the rest of the window (``_build_rest``)."""
        return (
            self.new_action,
            self.split_action,
            self.submit_action,
            self.fix_action,
            self.next_finding_action,
            self.reload_guide_action,
            self.grammar_settings_action,
            self.my_drafts_action,
            self.sent_back_action,
        )

    def _build_rest(self) -> None:
        """Import and build what the first paint does not need, then wire the window up."""
        from composer.core.counter import limited_config  # noqa: PLC0415
        from composer.ui.crisis_bar import CrisisBar  # noqa: PLC0415
        from composer.ui.editor.check_controller import CheckController  # noqa: PLC0415
        from composer.ui.editor.media_strip import MediaStrip  # noqa: PLC0415
        from composer.ui.editor.x_panels import XPanels  # noqa: PLC0415
        from composer.ui.guide_diff_dialog import compare_in_workspace  # noqa: PLC0415
        from composer.ui.guide_viewer import GuideViewer  # noqa: PLC0415
        from composer.ui.guide_watcher import GuideWatcher  # noqa: PLC0415
        from composer.ui.inbox.mention_quote import MentionQuote  # noqa: PLC0415
        from composer.ui.review_notes_panel import ReviewNotesPanel  # noqa: PLC0415

        workspace = self.workspace
        settings = self._settings
        self._config: CountingConfig = limited_config(settings.counting_config, settings.limit)
        self.controller = CheckController(self)
        if workspace is not None:
            self.guide_watcher = GuideWatcher(workspace.guide_path, compiled_guide, self)
        self._route_timer = QTimer(self)
        self._route_timer.setSingleShot(True)
        self._route_timer.setInterval(ROUTE_DELAY_MS)
        #: The mention a reply answers, above the editor while the reply is open (issue 21).
        self.mention_quote = MentionQuote()
        #: The post's media under the editor (saved with the draft, see DraftSession).
        self.media_strip = MediaStrip()
        self._media_notes: list[str] = []
        # The crisis pause shows above every page (the Queue page has its own banner).
        self.crisis_bar = CrisisBar()
        self.guide_viewer: GuideViewer = GuideViewer()
        if workspace is not None:  # Guide ▸ Compare With… reads the workspace's past posts
            url = workspace.database_url
            self.guide_viewer.compare_factory = lambda guide: compare_in_workspace(url, guide)
        self.x_panels: XPanels = XPanels(self.workspace, self)
        self.review_notes = ReviewNotesPanel()
        self._left_layout.insertWidget(self._left_layout.indexOf(self.editor), self.mention_quote)
        self._left_layout.insertWidget(self._left_layout.indexOf(self.editor) + 1, self.media_strip)
        self._footer.insertWidget(
            self._footer.indexOf(self.score_label) + 1, self.x_panels.cost_badge
        )
        self._central_layout.insertWidget(0, self.crisis_bar)
        fill_tab(self.side_tabs, self.side_placeholders.pop("guide"), self.guide_viewer)
        fill_tab(self.side_tabs, self.side_placeholders.pop("x"), self.x_panels.preview)
        fill_tab(self.side_tabs, self.side_placeholders.pop("comments"), self.review_notes)
        if self.x_panels.problem:
            self.banner.show_problem(self.x_panels.problem, cause="prices")
        if workspace is not None:
            self._build_workspace(workspace, self._draft_source)
        if self.queue_page is not None:
            self.queue_page.model.set_prices(self.x_panels.prices)
        if workspace is not None:  # Settings ▸ X Prices… (composer/ui/settings/prices_dialog.py)
            self._add_prices_settings(workspace.root)
        for action in self._rest_actions():
            action.setEnabled(True)
        self._connect_signals()
        self.limit_chooser.set_choice(settings.counting_config, settings.limit)
        if self.guide_watcher is not None:
            self.guide_watcher.reload()
        else:
            self.account_switcher.setEnabled(False)
            self.guide_viewer.show_rules(None, None)
        if self.grammar_worker is None and self._defer_start and workspace is not None:
            self._set_grammar_status("checking", self.tr("Starting spelling and grammar"))
        elif self.grammar_worker is None:
            self._set_grammar_status("off", self.tr("Grammar checking is off (Settings)"))
        self._set_compose_tab_order()
        # Where a window built all at once has them: the media strip's button after the pages'
        # tab bar, the status bar's bell after everything.
        QWidget.setTabOrder(self.pages.tabBar(), self.media_strip.add_button)
        to_end_of_focus_chain(self, self.notifications)
        self._built = True
        text = self.editor.toPlainText()
        if text:  # typed before the rest was built: counted, saved and checked now
            self._on_draft_changed(text)
            if self.draft_session is not None:
                self.draft_session.text_changed()
        self._rest_done = True
        self.rest_built.emit()

    def set_grammar_worker(self, worker: GrammarWorkerLike | None) -> None:
        """Use ``worker`` for spelling and grammar from now on (the app builds it late)."""
        if self.grammar_worker is not None:
            self.grammar_worker.shutdown()
        self.grammar_worker = worker
        if not self._built:
            return  # attached with the rest of the window (``_build_rest``)
        self._attach_grammar_worker(worker)
        if worker is not None and self.editor.toPlainText():
            self._on_draft_changed(self.editor.toPlainText())

    def _connect_signals(self) -> None:
        self.editor.draft_changed.connect(self._on_draft_changed)
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
        self.pages.currentChanged.connect(self._on_page_changed)
        self.grammar_settings_action.setEnabled(self.workspace is not None)
        self._connect_workspace()  # the store client, the draft session, the pages
        self.media_strip.media_changed.connect(self._on_media_changed)
        self.media_strip.media_shown.connect(self._on_media_changed)
        self.editor.draft_changed.connect(self.review_notes.set_text)
        self.review_notes.jump_requested.connect(self._on_jump_requested)
        if self.guide_watcher is not None:
            self.guide_watcher.loading.connect(self._on_guide_loading)
            self.guide_watcher.loaded.connect(self._on_guide_loaded)
            self.guide_watcher.failed.connect(self._on_guide_failed)
        self._attach_grammar_worker(self.grammar_worker)
        self.findings_panel.vocabulary_requested.connect(self._on_vocabulary_requested)
        # Once each (not in _attach_grammar_worker: a new grammar worker attaches again).
        self.limit_chooser.changed.connect(self._on_limit_changed)
        self.split_action.triggered.connect(self._on_split_triggered)
        self.split_button.clicked.connect(self._on_split_triggered)
        self.thread_preview.numbering_toggled.connect(self._on_numbering_toggled)
        self.new_action.triggered.connect(self._on_new_triggered)

    def _attach_grammar_worker(self, worker: GrammarWorkerLike | None) -> None:
        self.grammar_worker = worker
        self.controller.set_grammar_worker(worker)  # it reads the alt texts too
        if worker is not None:
            worker.findings_ready.connect(self.controller.set_grammar)
            worker.status_changed.connect(self._set_grammar_status)
            self._set_grammar_status("checking", self.tr("Waiting for the first check"))
        else:
            self._set_grammar_status("off", self.tr("Grammar checking is off (Settings)"))

    # -- slots -------------------------------------------------------------------------
    @Slot(str)
    def _on_draft_changed(self, text: str) -> None:
        from composer.core.checker import too_long_to_check  # noqa: PLC0415 - after the first paint

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
        from composer.store.records import account_specs  # noqa: PLC0415 - after the first paint

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
        from composer.core.score import explain_report  # noqa: PLC0415 - after the first paint
        from composer.core.tone_meter import meter_rows  # noqa: PLC0415 - after the first paint

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
        self.tone_meter.set_rows(meter_rows(profile, report.metrics, self.media_strip.media()))
        self._show_media_notes()  # another account or guide: other media findings

    @Slot()
    def _on_route_timeout(self) -> None:
        from composer.core.checker import too_long_to_check  # noqa: PLC0415 - after the first paint

        text = self.editor.toPlainText()
        if self.checker is not None:
            # Far too long for any account; checking each one would stall the window.
            # The attached pictures count too: an account may take fewer than X does.
            media = tuple(m.item for m in self.media_strip.media())
            self.route_panel.show_verdicts(
                () if too_long_to_check(text) else self.checker.route(text, media)
            )

    @Slot(int, int)
    def _on_jump_requested(self, start: int, end: int) -> None:
        self.editor.select_span(start, end)
        self.editor.setFocus()

    @Slot(object, str)
    def _on_fix_requested(self, finding: Finding, replacement: str) -> None:
        text = self.editor.toPlainText()
        if finding.end > len(text) or finding.spanless:
            return  # a picture's finding marks nothing in the post to replace
        self.editor.replace_span(finding.start, finding.end, replacement)
        self.controller.check_now()

    @Slot()
    def _on_fix_triggered(self) -> None:
        cursor = self.editor.textCursor().position()
        index = from_qt(self.editor.toPlainText(), cursor)
        for finding in self.controller.visible:
            fixable = bool(finding.replacements) and not finding.spanless  # a picture's: no place
            if fixable and finding.start <= index <= finding.end:
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
        # The report holds the media's findings too (as ``draft submit`` finds them).
        current = report is not None and report.text == text
        findings = (
            report.findings if report is not None and current else self.controller.media_findings
        )
        return text, account.handle if account is not None else "", findings

    def _add_prices_settings(self, root: Path) -> None:
        from composer.ui.settings.prices_dialog import add_prices_settings  # noqa: PLC0415

        followers = [self.x_panels.set_prices]
        if self.queue_page is not None:
            followers.append(self.queue_page.model.set_prices)
        self.prices_settings = add_prices_settings(
            self.settings_menu,
            root,
            self.x_panels.prices,
            lambda: [a.handle for a in self.checker.guide.accounts] if self.checker else [],
            client=self.store_client,
            user=self.user,
            followers=followers,
            on_problem=self.banner.show_problem,
            parent=self,
        )

    @Slot(object)
    def _on_media_changed(self, _media: object) -> None:
        self.controller.set_media([m.item for m in self.media_strip.media()])
        self._show_media_notes(always=True)
        self._route_timer.start()

    def _show_media_notes(self, *, always: bool = False) -> None:
        """Under the strip, what the guide and the spelling say of the media (when it changed)."""
        notes = [f.message for f in self.controller.media_findings]
        if always or notes != self._media_notes:
            self._media_notes = notes
            self.media_strip.show_notes(notes)

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
        from composer.core.counter import limited_config  # noqa: PLC0415 - after the first paint

        self._config = limited_config(config_name, limit)
        self._settings.counting_config = config_name
        self._settings.limit = limit
        text = self.editor.toPlainText()
        self._refresh_counter(text)
        if self.thread_preview.parts:
            self._refresh_thread(text)

    @Slot()
    def _on_split_triggered(self) -> None:
        from composer.core.threads import is_thread, split_into_thread  # noqa: PLC0415 - after the first paint

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
    def _on_about_triggered(self) -> None:
        from composer.ui.about_dialog import show_about  # noqa: PLC0415

        show_about(self)

    @Slot()
    def _on_shortcuts_triggered(self) -> None:
        from composer.ui.shortcuts_dialog import show_shortcuts  # noqa: PLC0415

        show_shortcuts(self)

    # -- pages, first run, progress -----------------------------------------------------
    @Slot(int)
    def _on_page_changed(self, _index: int) -> None:
        self._sync_page_actions()
        self._sync_crisis_bar()

    # -- views -------------------------------------------------------------------------
    def _refresh_counter(self, text: str) -> None:
        from composer.core.counter import draft_counter_view  # noqa: PLC0415 - after the first paint

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
        from composer.core.counter import thread_parts  # noqa: PLC0415 - after the first paint

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
