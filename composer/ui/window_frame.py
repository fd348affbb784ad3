"""The main window's frame: actions, menus, the layout, the first paint, switching pages.

``MainWindow`` (composer/ui/main_window.py) builds on it: the frame is what the first paint
shows; the rest (the guide, the store and the pages it backs) is built after it. The pages
that are not built yet show as placeholders (``placeholder_page``) and take their place
(``fill_tab``) when they are.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
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
from composer.ui.focus_ring import FocusRing

if TYPE_CHECKING:
    from composer.services.workspace import Workspace
    from composer.ui.account_switcher import AccountSwitcher
    from composer.ui.busy_indicator import BusyIndicator
    from composer.ui.counter_ring import CounterRing
    from composer.ui.editor.draft_editor import DraftEditor
    from composer.ui.error_banner import ErrorBanner
    from composer.ui.findings_panel import FindingsPanel
    from composer.ui.limit_chooser import LimitChooser
    from composer.ui.notification_bell import NotificationBell
    from composer.ui.review.review_page import ReviewPage
    from composer.ui.settings_store import SettingsStore
    from composer.ui.side_tabs import SideTabs
    from composer.ui.welcome_panel import WelcomePanel

#: Pages get Ctrl+1 ... Ctrl+9, in tab order.
PAGE_KEYS = 9
#: The store-backed pages, after Compose (placeholders until they are built).
PAGE_NAMES = ("review", "queue", "inbox")


def _home_relative(path: Path) -> str:
    """``~/work/ws`` for a folder under the home folder, else the full path."""
    try:
        return str(Path("~") / path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


def placeholder_page(parent: QWidget | None = None) -> QWidget:
    """What stands in a tab until its page is built: "Loading…", centred."""
    page = QWidget(parent)
    page.setObjectName("placeholderPage")
    layout = QVBoxLayout(page)
    label = QLabel(QCoreApplication.translate("WindowFrame", "Loading…"))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setEnabled(False)
    layout.addWidget(label)
    return page


def fill_tab(tabs: QTabWidget, placeholder: QWidget, page: QWidget) -> None:
    """Put ``page`` where ``placeholder`` stands in ``tabs``, with its title, icon and tooltip."""
    index = tabs.indexOf(placeholder)
    current = tabs.currentIndex() == index
    title, tip = tabs.tabText(index), tabs.tabToolTip(index)
    icon, data = tabs.tabIcon(index), tabs.tabBar().tabData(index)
    # Inserted before the placeholder goes, so the tab bar never passes through other tabs.
    tabs.insertTab(index, page, icon, title)
    tabs.setTabToolTip(index, tip)
    tabs.tabBar().setTabData(index, data)  # the side tabs' icon name (composer/ui/side_tabs.py)
    if current:
        tabs.setCurrentIndex(index)
    tabs.removeTab(index + 1)
    placeholder.deleteLater()


def to_end_of_focus_chain(window: QWidget, widget: QWidget) -> None:
    """Put ``widget`` after every other control of ``window`` in its focus chain.

    A widget built after the frame joins the chain at its end; the status bar's controls
    (built with the frame) stay last, as they are in a window built all at once.
    """
    last = window.previousInFocusChain()
    while last is not None and last is not window:
        if last is not widget and last.focusPolicy() != Qt.FocusPolicy.NoFocus:
            QWidget.setTabOrder(last, widget)
            return
        last = last.previousInFocusChain()


class WindowFrame(QMainWindow):
    """The main window's frame: actions, menus, the first paint and the page keys."""

    #: Emitted once, in the event-loop pass after the window's first paint.
    first_painted = Signal()
    #: Emitted once the rest of the window is built (at once without ``defer_start``).
    rest_built = Signal()
    _painted = False
    _rest_done = False

    # Built by MainWindow (declared for the methods here).
    _settings: SettingsStore
    workspace: Workspace | None
    user: str
    review_page: ReviewPage | None
    page_placeholders: dict[str, QWidget]
    editor: DraftEditor
    counter: CounterRing
    count_label: QLabel
    entity_label: QLabel
    score_label: QLabel
    split_button: QPushButton
    welcome: WelcomePanel
    banner: ErrorBanner
    busy: BusyIndicator
    notifications: NotificationBell
    limit_chooser: LimitChooser
    account_switcher: AccountSwitcher
    findings_panel: FindingsPanel
    side_tabs: SideTabs
    grammar_status: QLabel

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

    def after_rest_built(self, work: Callable[[], object]) -> None:
        """Run ``work`` once the rest of the window is built (soon, when it is)."""
        if self._rest_done:
            QTimer.singleShot(0, work)
        else:
            self.rest_built.connect(work)

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
        self.settings_menu = menu_bar.addMenu(self.tr("&Settings"))
        self.settings_menu.addAction(self.grammar_settings_action)
        # Settings ▸ People and Accounts come with the workspace's pages (workspace_pages.py).
        help_menu = menu_bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.welcome_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    def _build_layout(self) -> None:
        toolbar = QToolBar(self.tr("Draft settings"))
        toolbar.setObjectName("draftToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.account_switcher)
        # Settings ▸ People's "no review" note goes before it (``_build_workspace``).
        self.toolbar_separator = toolbar.addSeparator()
        toolbar.addWidget(self.limit_chooser)
        self.addToolBar(toolbar)
        self.draft_toolbar = toolbar

        footer = QHBoxLayout()
        footer.addWidget(self.counter)
        counts = QVBoxLayout()
        counts.addWidget(self.count_label)
        counts.addWidget(self.entity_label)
        footer.addLayout(counts, 1)
        footer.addWidget(self.score_label)  # the X cost badge comes after it (_build_rest)
        footer.addSpacing(12)
        footer.addWidget(self.split_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        # The welcome goes first (``_add_welcome``: after the first paint with ``defer_start``).
        left_layout.addWidget(self.banner)
        # The mention quote comes above the editor, the media strip below it (_build_rest).
        left_layout.addWidget(self.editor, 1)
        left_layout.addLayout(footer)
        self._left_layout, self._footer = left_layout, footer

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
        if self.workspace is not None:  # the store-backed pages, built after the first paint
            self.page_placeholders = {name: placeholder_page() for name in PAGE_NAMES}
            self.pages.addTab(self.page_placeholders["review"], self.tr("Review"))
            self.pages.addTab(self.page_placeholders["queue"], self.tr("Queue"))
            self.pages.addTab(self.page_placeholders["inbox"], self.tr("Inbox"))
        self.pages.tabBar().setVisible(self.pages.count() > 1)
        # The crisis pause shows above every page (_build_rest puts it first).
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._central_layout = central_layout
        self._set_compose_tab_order()
        # Tab and Shift+Tab go round every control once, the same way each time.
        self.focus_ring = FocusRing(self)
        for index in range(self.side_tabs.count()):  # the whole title, when it is shortened
            self.side_tabs.setTabToolTip(index, self.side_tabs.tabText(index).replace("&", ""))
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.notifications)
        self.statusBar().addPermanentWidget(self.grammar_status)
        self.statusBar().showMessage(self.tr("Ready"))

    def _set_compose_tab_order(self) -> None:
        """Tab goes toolbar → welcome → problems → editor → footer → side panels."""
        chain: list[QWidget] = [
            self.account_switcher.box,
            self.limit_chooser.config_box,
            self.limit_chooser.limit_box,
            *self._welcome_buttons(),
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

    def _welcome_buttons(self) -> list[QWidget]:
        """The welcome's buttons in Tab order (none before the welcome is built)."""
        welcome = getattr(self, "welcome", None)
        if welcome is None:
            return []
        return [welcome.add_reviewer_button, welcome.work_alone_button, welcome.close_button]

    def _add_welcome(self) -> None:
        """The first-run welcome above the editor, built once.

        With ``defer_start`` it comes after the first paint (in the next frame): its text and
        style sheet cost a first start ~15 ms, and it is seen once.
        """
        if getattr(self, "welcome", None) is not None:
            return
        from composer.ui.welcome_panel import WelcomePanel  # noqa: PLC0415

        self.welcome = WelcomePanel()
        self._left_layout.insertWidget(0, self.welcome)  # in its place first: never a window
        self.welcome.setVisible(not self._settings.welcome_dismissed)
        self.welcome.dismissed.connect(self._on_welcome_dismissed)
        self._set_compose_tab_order()

    @Slot()
    def _on_welcome_dismissed(self) -> None:
        self._settings.welcome_dismissed = True
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _on_welcome_triggered(self) -> None:
        self.pages.setCurrentWidget(self.compose_page)
        self._add_welcome()
        self.welcome.show()
        self.welcome.close_button.setFocus(Qt.FocusReason.ShortcutFocusReason)

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

    def _too_long_message(self, text: str) -> str:
        """Why ``text`` is not checked (empty when it is)."""
        from composer.core.checker import MAX_CHECKED_CHARS, too_long_to_check  # noqa: PLC0415

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
