"""The queue page: every account's queue as a list and a week, the pause switches, the history.

The page wires its children together and talks to the store only through its
:class:`~composer.ui.queue.queue_client.QueueClient`. It reloads when it is shown, when
anything in the window writes to the store (the store client's ``changed``), and every minute
while it is on screen (a ``publish-due`` job may have published meanwhile).
"""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QColor, QDesktopServices, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.core.guide.model import Guide
from composer.services.queueing import QueueOutcome, zone_of
from composer.store.records import DraftRecord
from composer.ui import palette
from composer.ui.error_banner import ErrorBanner
from composer.ui.queue.account_colors import AccountColors
from composer.ui.queue.confirm_dialog import ConfirmDialog
from composer.ui.queue.history_model import HistoryModel
from composer.ui.queue.history_view import HistoryView
from composer.ui.queue.pin_dialog import PinDialog
from composer.ui.queue.queue_client import QueueClient, QueueSnapshot
from composer.ui.queue.queue_list import QueueList
from composer.ui.queue.queue_model import QueueModel
from composer.ui.queue.queue_order import QueueMove
from composer.ui.queue.queue_toolbar import QueueToolbar
from composer.ui.queue.resume_dialog import ResumeAllDialog
from composer.ui.queue.rule_results_chart import RuleResultsDialog, outcomes_in_workspace
from composer.ui.queue.time_text import LocalZone, in_zone
from composer.ui.queue.week_panel import WeekPanel
from composer.ui.review.store_client import StoreClient

#: How often the page reloads while it is on screen.
REFRESH_MS = 60_000


class QueuePage(QWidget):
    """Filters and switches above the List, Week and History tabs.

    Args:
        client: The window's store client (its worker thread and clock are shared).
        user: Who is working (the store checks they may run queues).
        parent: Qt parent.
        local_zone: The user's time zone (``None``: this computer's).

    Signals:
        pause_changed(PauseState): which queues are paused, each time the page reads it.
    """

    pause_changed = Signal(object)

    def __init__(
        self,
        client: StoreClient,
        user: str,
        parent: QWidget | None = None,
        *,
        local_zone: LocalZone = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.user = user
        self.local_zone = local_zone
        self.queue_client = QueueClient(client, user, self)
        #: The Resume All dialog while it is open (crisis words asked for), else ``None``.
        self.resume_all_dialog: ResumeAllDialog | None = None
        self.snapshot: QueueSnapshot | None = None
        self._account = ""
        self._selected = -1
        self.setAccessibleName(self.tr("Queue"))
        self.model = QueueModel(self)
        self.history_model = HistoryModel(self)
        self._build_widgets()
        self._build_layout()
        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self._connect_signals()
        self._apply_colors()
        self.crisis_banner.hide()

    # -- construction --------------------------------------------------------------------

    def _build_widgets(self) -> None:
        # Mnemonics avoid the window's: the menus (F E V S H) and the toolbar (O C L), which
        # stay on screen over every page (the queue bar's are in QueueToolbar).
        self.crisis_banner = QFrame()
        self.crisis_banner.setObjectName("crisisBanner")
        self.crisis_banner.setAccessibleName(self.tr("Every queue is paused"))
        self.crisis_label = QLabel(self.tr("Every queue is paused: nothing will be published"))
        self.crisis_label.setWordWrap(True)
        self.crisis_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_banner = QFrame()
        self.confirm_banner.setObjectName("confirmBanner")
        self.confirm_banner.setAccessibleName(self.tr("Posts waiting for you to check X"))
        self.confirm_label = QLabel()
        self.confirm_label.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("&Go to Them"))
        self.confirm_button.setAccessibleName(self.tr("Show the posts to check on X"))
        self.confirm_button.setToolTip(
            self.tr("Open the History tab at the first post whose outcome is unknown")
        )
        self.banner = ErrorBanner()
        self.toolbar = QueueToolbar()
        self.list = QueueList(self.model)
        self.week = WeekPanel(self.model)
        self.history = HistoryView(self.history_model)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Queue views"))
        self.tabs.tabBar().setAccessibleName(self.tr("Queue views"))
        self.tabs.addTab(self.list, self.tr("Lis&t"))
        self.tabs.addTab(self.week, self.tr("&Week"))
        self.tabs.addTab(self.history, self.tr("Histor&y"))
        self.results_button = QPushButton(self.tr("Rules Against Results…"))
        self.results_button.setAccessibleName(self.tr("Rules against results"))
        self.results_button.setToolTip(
            self.tr("How often each rule fired on published posts, and their engagement")
        )
        self.results_button.setFlat(True)
        self.tabs.setCornerWidget(self.results_button)
        self.results_button.clicked.connect(self.open_rule_results)
        #: The Rules Against Results dialog while it is open.
        self.rule_results_dialog: RuleResultsDialog | None = None
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Queue status"))
        self.status.setWordWrap(True)

    def _build_layout(self) -> None:
        crisis = QHBoxLayout(self.crisis_banner)
        crisis.addWidget(self.crisis_label, 1)
        confirm = QHBoxLayout(self.confirm_banner)
        confirm.addWidget(self.confirm_label, 1)
        confirm.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.crisis_banner)
        layout.addWidget(self.confirm_banner)
        layout.addWidget(self.banner)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        self.setTabOrder(self.toolbar.pause_all_button, self.tabs)

    def _build_actions(self) -> None:
        self.refresh_action = QAction(self.tr("Refresh the Queue"), self)
        self.refresh_action.setShortcut(QKeySequence("F5"))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.refresh_action)

    def _connect_signals(self) -> None:
        self.queue_client.loaded.connect(self._on_loaded)
        self.queue_client.edited.connect(self._on_edited)
        self.queue_client.refused.connect(self._on_refused)
        self.queue_client.failed.connect(self.banner.show_problem)
        self.queue_client.pause_loaded.connect(self.pause_changed)
        self.client.changed.connect(self.refresh_if_shown)
        self.client.approval_queued.connect(self._on_approval_queued)
        self.timer.timeout.connect(self.refresh)
        self.refresh_action.triggered.connect(self.refresh)
        self.toolbar.refresh_requested.connect(self.refresh)
        self.toolbar.account_changed.connect(self._on_account_changed)
        self.toolbar.pause_account_requested.connect(self._on_pause_account_requested)
        self.toolbar.pause_all_requested.connect(self._on_pause_all_requested)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        self.list.move_requested.connect(self._on_move_requested)
        self.list.pin_requested.connect(self.open_pin_dialog)
        self.list.unpin_requested.connect(self.queue_client.unpin)
        self.list.post_next_requested.connect(self.queue_client.post_next)
        self.list.remove_requested.connect(self.queue_client.unqueue)
        self.list.current_changed.connect(self._on_selected)
        self.week.view.current_changed.connect(self._on_week_current_changed)
        self.week.activated.connect(self._on_week_activated)
        self.history.retry_requested.connect(self._on_retry_requested)
        self.history.confirm_requested.connect(self.open_confirm_dialog)
        self.history.open_requested.connect(self._on_open_requested)

    # -- loading -------------------------------------------------------------------------

    @Slot()
    def open_rule_results(self) -> RuleResultsDialog:
        """Open Rules Against Results for the workspace's published posts (issue 18)."""
        accounts = self.snapshot.accounts if self.snapshot is not None else ()
        dialog = RuleResultsDialog(
            outcomes_in_workspace(self.client.url), accounts, clock=self.client.clock, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_rule_results_finished)
        self.rule_results_dialog = dialog
        dialog.open()
        dialog.refresh()
        return dialog

    @Slot()
    def _on_rule_results_finished(self) -> None:
        self.rule_results_dialog = None

    def set_guide(self, guide: Guide | None) -> None:
        """Use ``guide`` for the accounts' schedules and time zones."""
        self.queue_client.set_guide(guide)
        if self.isVisible():
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Load the queue, its history and the pause switches again."""
        self.queue_client.load(self._account or None)

    def showEvent(self, event: QShowEvent) -> None:
        """Reload whenever the page comes into view, and keep reloading while it is."""
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop the periodic reload while the page is out of view."""
        self.timer.stop()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Follow the system's light or dark palette."""
        if palette.is_palette_change(event):
            self._apply_colors()
        super().changeEvent(event)

    def _apply_colors(self) -> None:
        red = _white_text_background(palette.color("over"))
        crisis = (
            f"#crisisBanner {{ background: {red.name()}; border-radius: 4px; }}"
            "#crisisBanner QLabel { color: #ffffff; font-weight: bold; padding: 4px; }"
        )
        if self.crisis_banner.styleSheet() != crisis:
            self.crisis_banner.setStyleSheet(crisis)
        confirm = palette.panel_style("confirmBanner", "problem")
        if self.confirm_banner.styleSheet() != confirm:
            self.confirm_banner.setStyleSheet(confirm)

    def _zones(self, accounts: tuple[str, ...]) -> dict[str, tzinfo]:
        guide = self.queue_client.guide
        if guide is None:
            return {}
        return {handle: zone_of(guide, handle) for handle in accounts}

    @Slot(object)
    def _on_loaded(self, snapshot: QueueSnapshot) -> None:
        self.snapshot = snapshot
        zones = self._zones(snapshot.accounts)
        colors = AccountColors(snapshot.accounts)
        self.model.set_entries(
            snapshot.entries,
            zones=zones,
            local_zone=self.local_zone,
            pause=snapshot.pause,
            colors=colors,
        )
        self.history_model.set_records(
            snapshot.history, zones=zones, local_zone=self.local_zone, colors=colors
        )
        self.history_model.set_results(snapshot.results, snapshot.ab)
        self.week.set_accounts(snapshot.accounts, colors)
        self.week.set_today(in_zone(self.client.clock(), self.local_zone).date())
        self.toolbar.show_state(snapshot.accounts, snapshot.pause)
        self.crisis_banner.setVisible(snapshot.pause.all)
        self._show_waiting(snapshot.waiting)
        self._show_counts(snapshot)
        self.list.show_empty(
            self.tr("Approved drafts appear here at their account's next free slot.")
        )
        self.history.show_empty(
            self.tr(
                "Nothing has gone out yet. Published posts appear here with their link on X, "
                "and failed ones with the reason and a Retry button."
            )
        )
        if self._selected >= 0:
            self.list.select_draft(self._selected)
            self.history.select_draft(self._selected)
            self.week.view.select_draft(self._selected)

    def _show_waiting(self, waiting: tuple[DraftRecord, ...]) -> None:
        self.confirm_banner.setVisible(bool(waiting))
        if waiting:
            self.confirm_label.setText(
                self.tr(
                    "%1 post(s) may or may not be on X: the connection was lost while "
                    "publishing. Look on X, then confirm each one: it is never sent again "
                    "until you do."
                ).replace("%1", str(len(waiting)))
            )

    def _show_counts(self, snapshot: QueueSnapshot) -> None:
        queued = len(snapshot.entries)
        self.tabs.setTabText(
            self.tabs.indexOf(self.list),
            self.tr("Lis&t (%1)").replace("%1", str(queued)) if queued else self.tr("Lis&t"),
        )
        waiting = len(snapshot.waiting)
        self.tabs.setTabText(
            self.tabs.indexOf(self.history),
            self.tr("Histor&y (%1 to check)").replace("%1", str(waiting))
            if waiting
            else self.tr("Histor&y"),
        )

    # -- dialogs -------------------------------------------------------------------------

    def _record(self, draft_id: int) -> DraftRecord | None:
        row = self.model.row_of(draft_id)
        if row >= 0:
            return self.model.record(row)
        row = self.history_model.row_of(draft_id)
        return self.history_model.record(row) if row >= 0 else None

    def pin_dialog(self, draft_id: int) -> PinDialog | None:
        """A dialog (not shown yet) that pins ``draft_id`` when accepted."""
        record = self._record(draft_id)
        if record is None:
            return None
        dialog = PinDialog(
            record,
            self.model.zone(record.account),
            now=self.client.clock(),
            local_zone=self.local_zone,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_pin_accepted(dialog))
        return dialog

    @Slot(int)
    def open_pin_dialog(self, draft_id: int) -> None:
        """Ask for the time to pin ``draft_id`` to."""
        dialog = self.pin_dialog(draft_id)
        if dialog is not None:
            dialog.open()

    def _on_pin_accepted(self, dialog: PinDialog) -> None:
        moment = dialog.chosen()
        if moment is not None:
            self.queue_client.pin(dialog.record.id, moment)

    def confirm_dialog(self, draft_id: int, published: bool) -> ConfirmDialog | None:  # noqa: FBT001
        """A dialog (not shown yet) that settles ``draft_id`` when accepted."""
        record = self._record(draft_id)
        if record is None:
            return None
        dialog = ConfirmDialog(record, published=published, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_confirm_accepted(dialog))
        return dialog

    @Slot(int, bool)
    def open_confirm_dialog(self, draft_id: int, published: bool) -> None:  # noqa: FBT001
        """Ask a person to confirm what became of ``draft_id`` on X."""
        dialog = self.confirm_dialog(draft_id, published)
        if dialog is not None:
            dialog.open()

    def _on_confirm_accepted(self, dialog: ConfirmDialog) -> None:
        post_id = dialog.post_id() if dialog.published else None
        if dialog.published and post_id is None:
            return
        self.queue_client.confirm(dialog.record.id, published=dialog.published, post_id=post_id)

    # -- slots ---------------------------------------------------------------------------

    @Slot()
    def check_pause(self) -> None:
        """Read the pause switches (``pause_changed`` answers), shown or not."""
        self.queue_client.load_pause()

    def refresh_if_shown(self) -> None:
        """Reload now when on screen (otherwise showing the page reloads it)."""
        if self.isVisible():
            self.refresh()

    def focus_default(self) -> None:
        """Put the keyboard focus on the list (the main window calls it on Ctrl+3)."""
        self.tabs.setCurrentWidget(self.list)
        self.list.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot(str)
    def _on_edited(self, message: str) -> None:
        self.banner.clear()
        self.status.setText(message)

    @Slot(str)
    def _on_refused(self, message: str) -> None:
        self.banner.show_problem(message)
        # A refused switch must not stay flipped: show what the store holds.
        self.refresh()

    @Slot(object)
    def _on_approval_queued(self, outcome: QueueOutcome) -> None:
        self.status.setText(
            self.tr("Draft %1: %2")
            .replace("%1", str(outcome.record.id))
            .replace("%2", outcome.message)
        )

    @Slot(str)
    def _on_account_changed(self, account: str) -> None:
        self._account = account
        self.refresh()

    @Slot(str, bool)
    def _on_pause_account_requested(self, account: str, paused: bool) -> None:  # noqa: FBT001
        self.queue_client.set_paused(account, paused=paused)

    @Slot(bool)
    def _on_pause_all_requested(self, paused: bool) -> None:  # noqa: FBT001 - Qt signal
        if paused:
            self.queue_client.set_paused(None, paused=True)
            return
        # Crisis over: ask for the crisis words; the queued posts are re-checked first.
        dialog = ResumeAllDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.queue_client.resume_all(dialog.words()))
        dialog.finished.connect(self._on_resume_dialog_finished)
        self.resume_all_dialog = dialog
        dialog.open()

    @Slot()
    def _on_resume_dialog_finished(self) -> None:
        self.resume_all_dialog = None
        self.refresh()  # a cancelled resume leaves the switch showing what the store holds

    @Slot(object)
    def _on_move_requested(self, move: QueueMove) -> None:
        self._selected = move.moved
        self.queue_client.reorder(
            move.account, move.order, unpin=move.moved if move.unpin else None
        )

    @Slot(int)
    def _on_selected(self, draft_id: int) -> None:
        if draft_id >= 0:
            self._selected = draft_id
            self.week.view.select_draft(draft_id)

    @Slot(int)
    def _on_week_current_changed(self, draft_id: int) -> None:
        if draft_id >= 0:
            self._selected = draft_id
            self.list.select_draft(draft_id)

    @Slot(int)
    def _on_week_activated(self, draft_id: int) -> None:
        self.tabs.setCurrentWidget(self.list)
        self.list.select_draft(draft_id)
        self.list.table.setFocus()

    @Slot(int)
    def _on_retry_requested(self, draft_id: int) -> None:
        record = self._record(draft_id)
        if record is not None:
            self._selected = draft_id
            self.queue_client.retry(draft_id, record.account)

    @Slot(str)
    def _on_open_requested(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    @Slot()
    def _on_confirm_button_clicked(self) -> None:
        waiting = self.snapshot.waiting if self.snapshot is not None else ()
        if not waiting:
            return
        first = waiting[0]
        self._selected = first.id
        self.tabs.setCurrentWidget(self.history)
        if self.history.select_draft(first.id):
            self.history.table.setFocus()
            return
        # Waiting on an account the filter hides: show every account, then select it.
        self.toolbar.show_every_account()


def _luminance(colour: QColor) -> float:
    """WCAG relative luminance of a colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def _contrast_with_white(background: QColor) -> float:
    """WCAG contrast ratio of white text on ``background``."""
    return 1.05 / (_luminance(background) + 0.05)


def _white_text_background(red: QColor) -> QColor:
    """``red``, darkened until white text on it reaches WCAG AA contrast (4.5:1).

    The dark palette's red is bright (made for text on dark backgrounds); as a banner
    background it needs to be deeper to carry white text.
    """
    colour = QColor(red)
    for _ in range(20):
        if _contrast_with_white(colour) >= 4.5:
            break
        colour = colour.darker(110)
    return colour
