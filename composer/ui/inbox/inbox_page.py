"""The Inbox page: mentions of the brand's accounts, newest first, triaged from the keyboard.

Filters (account, state) are read from the store; the search narrows the rows shown. Keys
while the list has focus: A assigns the mention to you, N marks it no reply needed, R opens
a reply in the composer, arrows move. **Fetch now** reads new mentions of the chosen account
(or every account) from X off the UI thread. Mentions waiting past their account's response-time
target are highlighted; response times (median, 90th percentile) show under the list. A
mention that turns late is announced once (``late_noticed``, for the window's bell); which
ones is the core's decision (:func:`composer.core.notifications.late_mention_notices`).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from composer.core.inbox import InboxAction, MentionState, age_text
from composer.core.notifications import late_mention_notices
from composer.services.mentions import FetchReport
from composer.store.inbox import MentionRecord
from composer.ui.inbox.inbox_client import STATS_DAYS, InboxClient, InboxSnapshot
from composer.ui.inbox.inbox_model import Column, InboxModel, Role
from composer.ui.inbox.mentions_fetcher import MentionsFetcher
from composer.ui.inbox.route_dialog import RouteDialog
from composer.ui.review.store_client import StoreClient

_WAITING = (MentionState.NEW, MentionState.ASSIGNED)
#: How often the page reads the inbox again (new mentions, the late count).
REFRESH_MS = 60_000


class InboxPage(QWidget):
    """Filters, the mentions list, the selected mention's thread, triage buttons, stats.

    Args:
        client: The window's store client.
        user: Who triages (the store checks they may).
        fetcher: Reads mentions from X for **Fetch now** (default: one on the workspace's
            store with the keyring's credentials).
        parent: Qt parent.

    Signals:
        reply_requested(int, MentionRecord): a reply draft exists; open it in the composer.
        status(str): a sentence for the status line.
        late_changed(int): how many mentions wait past their target (read every minute,
            shown or not, so the window can say so on the page's tab).
        late_noticed(Notice): a mention turned late for this user (once per mention).
    """

    reply_requested = Signal(int, object)
    status = Signal(str)
    late_changed = Signal(int)
    late_noticed = Signal(object)

    def __init__(
        self,
        client: StoreClient,
        user: str,
        parent: QWidget | None = None,
        *,
        fetcher: MentionsFetcher | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inboxPage")
        self.client = InboxClient(client, user, self)
        self.fetcher = fetcher or MentionsFetcher(client.url, user, clock=client.clock)
        self.fetcher.setParent(self)
        self.fetch_button = QPushButton(self.tr("&Fetch Now"))
        self.fetch_button.setObjectName("fetchMentions")
        self.fetch_button.setAccessibleName(self.tr("Fetch mentions now"))
        self.fetch_button.setToolTip(
            self.tr("Read new mentions of the chosen account (or every account) from X now")
        )
        self.fetch_label = QLabel()
        self.fetch_label.setObjectName("fetchStatus")
        self.fetch_label.setWordWrap(True)
        self.fetch_label.setAccessibleName(self.tr("Fetch status"))
        self.fetch_label.hide()
        self.accounts: tuple[str, ...] = ()
        self.account_box = QComboBox()
        self.account_box.setAccessibleName(self.tr("Account"))
        self.account_box.addItem(self.tr("All accounts"), None)
        self.state_box = QComboBox()
        self.state_box.setAccessibleName(self.tr("State"))
        for label, states in (
            (self.tr("Waiting for a reply"), _WAITING),
            (self.tr("New"), (MentionState.NEW,)),
            (self.tr("Assigned"), (MentionState.ASSIGNED,)),
            (self.tr("Answered"), (MentionState.ANSWERED,)),
            (self.tr("No reply needed"), (MentionState.NO_REPLY,)),
            (self.tr("All"), ()),
        ):
            self.state_box.addItem(label, states)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search mentions and authors"))
        self.search.setAccessibleName(self.tr("Search"))
        self.search.setClearButtonEnabled(True)

        self.model = InboxModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView()
        self.table.setObjectName("inboxTable")
        self.table.setAccessibleName(self.tr("Mentions"))
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)

        self.thread_label = QLabel()
        self.thread_label.setObjectName("inboxThread")
        self.thread_label.setWordWrap(True)
        self.thread_label.setTextFormat(Qt.TextFormat.PlainText)
        self.thread_label.setAccessibleName(self.tr("Thread"))
        self.stats_label = QLabel()
        self.stats_label.setObjectName("inboxStats")
        self.stats_label.setWordWrap(True)
        self.stats_label.setAccessibleName(self.tr("Response times"))

        self.assign_action = self._action(self.tr("&Assign to me"), "A", self._on_assign_triggered)
        self.no_reply_action = self._action(
            self.tr("&No reply needed"), "N", self._on_no_reply_triggered
        )
        self.reply_action = self._action(self.tr("&Reply"), "R", self._on_reply_triggered)
        self.route_action = self._action(self.tr("R&oute…"), "", self._on_route_triggered)
        self.reopen_action = self._action(self.tr("Re&open"), "", self._on_reopen_triggered)

        filters = QHBoxLayout()
        filters.addWidget(self.account_box)
        filters.addWidget(self.state_box)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.fetch_button)
        buttons = QHBoxLayout()
        for action in (
            self.assign_action,
            self.no_reply_action,
            self.reply_action,
            self.route_action,
            self.reopen_action,
        ):
            button = QPushButton(action.text())
            button.setAccessibleName(action.text().replace("&", ""))
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.fetch_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.thread_label)
        layout.addLayout(buttons)
        layout.addWidget(self.stats_label)
        self.late = 0
        self.user = user
        # Late mentions already told of; None until the first read (see late_mention_notices).
        self._told: frozenset[int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._connect_signals()
        self._on_current_changed()

    def _action(self, text: str, key: str, slot: object) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setToolTip(
                self.tr("%1 (key %2)").replace("%1", text.replace("&", "")).replace("%2", key)
            )
        else:
            action.setToolTip(text.replace("&", ""))
        # Single-letter keys act only while the list has focus (typing elsewhere is typing).
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    def _connect_signals(self) -> None:
        self.client.loaded.connect(self._on_loaded)
        self.client.edited.connect(self.status)
        self.client.refused.connect(self.status)
        self.client.reply_started.connect(self._on_reply_started)
        self.client.store_client.changed.connect(self.refresh_if_shown)
        self.account_box.currentIndexChanged.connect(self.refresh)
        self.state_box.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.proxy.modelReset.connect(self._on_current_changed)
        self._timer.timeout.connect(self.refresh)
        self.fetch_button.clicked.connect(self._on_fetch_clicked)
        self.fetcher.busy_changed.connect(self._on_fetch_busy_changed)
        self.fetcher.fetched.connect(self._on_fetched)
        self.fetcher.failed.connect(self._on_fetch_failed)

    def start_watching(self) -> None:
        """Read the inbox now and every minute (the late count for the window's tab)."""
        self.refresh()
        self._timer.start()

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the mentions the filters ask for."""
        self.client.load(
            account=self.account_box.currentData(), states=self.state_box.currentData()
        )

    @Slot()
    def refresh_if_shown(self) -> None:
        """Reload after a change in the window (on screen, or while the late count is watched)."""
        if self.isVisible() or self._timer.isActive():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Reload each time the page is shown."""
        super().showEvent(event)
        self.refresh()

    @Slot(object)
    def _on_loaded(self, snapshot: InboxSnapshot) -> None:
        current = self.current()
        if snapshot.accounts != self.accounts:
            self.accounts = snapshot.accounts
            chosen = self.account_box.currentData()
            self.account_box.blockSignals(True)
            self.account_box.clear()
            self.account_box.addItem(self.tr("All accounts"), None)
            for handle in snapshot.accounts:
                self.account_box.addItem(handle, handle)
            self.account_box.setCurrentIndex(max(0, self.account_box.findData(chosen)))
            self.account_box.blockSignals(False)
        self.model.set_mentions(snapshot.mentions, dict(snapshot.targets), snapshot.now)
        row = self.model.row_of(current.id) if current is not None else -1
        self._select(self.proxy.mapFromSource(self.model.index(max(row, 0), 0)))
        self.stats_label.setText(self._stats_text(snapshot))
        if snapshot.late != self.late:
            self.late = snapshot.late
            self.late_changed.emit(snapshot.late)
        notices, self._told = late_mention_notices(
            snapshot.waiting, snapshot.targets, snapshot.now, user=self.user, told=self._told
        )
        for notice in notices:
            self.late_noticed.emit(notice)

    def _stats_text(self, snapshot: InboxSnapshot) -> str:
        late = snapshot.late
        parts = [
            self.tr("%1: median %2 min, 90th percentile %3 min (%4 replies)")
            .replace("%1", s.key)
            .replace("%2", f"{s.median_minutes:.0f}")
            .replace("%3", f"{s.p90_minutes:.0f}")
            .replace("%4", str(s.count))
            for s in snapshot.stats
        ]
        text = self.tr("Response times, last %1 days: ").replace("%1", str(STATS_DAYS))
        text += "; ".join(parts) if parts else self.tr("no replies yet")
        if late:
            text += " · " + self.tr("%1 waiting past the target").replace("%1", str(late))
        return text

    # -- fetch now -----------------------------------------------------------------------

    @Slot()
    def _on_fetch_clicked(self) -> None:
        chosen = self.account_box.currentData()
        handles = (chosen,) if chosen else self.accounts
        if not handles:
            self._show_fetch(self.tr("There is no account to read mentions for."))
            return
        self.fetcher.fetch(handles)

    @Slot(bool)
    def _on_fetch_busy_changed(self, busy: bool) -> None:  # noqa: FBT001 - Qt signal
        self.fetch_button.setEnabled(not busy)
        self.fetch_button.setText(self.tr("Fetching…") if busy else self.tr("&Fetch Now"))
        if busy:
            self._show_fetch(self.tr("Reading mentions from X…"))

    @Slot(object)
    def _on_fetched(self, reports: object) -> None:
        items = reports if isinstance(reports, tuple) else ()
        found = tuple(r for r in items if isinstance(r, FetchReport))
        self._show_fetch(self.fetch_text(found))
        self.refresh()

    @Slot(str)
    def _on_fetch_failed(self, message: str) -> None:
        self._show_fetch(message)

    def _show_fetch(self, text: str) -> None:
        self.fetch_label.setText(text)
        self.fetch_label.show()
        self.status.emit(text)

    def fetch_text(self, reports: tuple[FetchReport, ...]) -> str:
        """One sentence on a fetch: how many mentions are new, and each account's problem."""
        added = sum(r.added for r in reports)
        text = self.tr("%1 new mention(s) read from X.").replace("%1", str(added))
        problems = []
        for r in reports:
            if r.state in ("fetched", "not_due"):
                continue
            if r.state == "rate_limited" and r.retry_at is not None:
                when = r.retry_at.astimezone().strftime("%H:%M")
                problems.append(
                    self.tr("%1: X's rate limit was reached; try again after %2")
                    .replace("%1", r.account)
                    .replace("%2", when)
                )
            elif r.message.startswith(r.account):
                problems.append(r.message)
            else:
                problems.append(f"{r.account}: {r.message}")
        if problems:
            text += " " + "; ".join(problems) + "."
        return text

    # -- the selected mention --------------------------------------------------------------

    def current(self) -> MentionRecord | None:
        """The selected mention."""
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        mention = index.data(Role.MENTION)
        return mention if isinstance(mention, MentionRecord) else None

    def _select(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._on_current_changed()

    @Slot()
    def _on_current_changed(self) -> None:
        mention = self.current()
        waiting = mention is not None and mention.state in _WAITING
        self.assign_action.setEnabled(waiting)
        self.no_reply_action.setEnabled(waiting)
        self.reply_action.setEnabled(waiting)
        self.route_action.setEnabled(waiting and len(self.accounts) > 1)
        self.reopen_action.setEnabled(
            mention is not None and mention.state in (MentionState.ANSWERED, MentionState.NO_REPLY)
        )
        if mention is None:
            self.thread_label.setText(self.tr("No mention selected."))
            return
        lines = []
        if mention.routed_from:
            lines.append(
                self.tr("Routed from %1: %2")
                .replace("%1", mention.routed_from)
                .replace("%2", mention.note)
            )
        now = self.model.now or mention.mentioned_at
        for item in self.model.thread_of(mention):
            marker = "▶ " if item.id == mention.id else "  "
            lines.append(
                f"{marker}@{item.author_username or item.author_id} · "
                f"{age_text(item.mentioned_at, now)}: {item.text}"
            )
        self.thread_label.setText("\n".join(lines))

    # -- triage ----------------------------------------------------------------------------

    @Slot()
    def _on_assign_triggered(self) -> None:
        mention = self.current()
        if mention is not None and mention.state in _WAITING:
            self.client.assign_to_me(mention)

    @Slot()
    def _on_no_reply_triggered(self) -> None:
        mention = self.current()
        if mention is not None and mention.state in _WAITING:
            self.client.mark(mention, InboxAction.NO_REPLY)

    @Slot()
    def _on_reopen_triggered(self) -> None:
        mention = self.current()
        if mention is not None and mention.state not in _WAITING:
            self.client.mark(mention, InboxAction.REOPEN)

    @Slot()
    def _on_reply_triggered(self) -> None:
        mention = self.current()
        if mention is not None and mention.state in _WAITING:
            self.client.start_reply(mention)

    @Slot()
    def _on_route_triggered(self) -> None:
        mention = self.current()
        if mention is None or mention.state not in _WAITING:
            return
        dialog = RouteDialog(mention.account, self.accounts, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.client.route(mention, dialog.account.currentText(), dialog.note.text())

    @Slot(object)
    def _on_reply_started(self, started: object) -> None:
        draft_id = getattr(started, "draft_id", None)
        mention = getattr(started, "mention", None)
        if isinstance(draft_id, int) and isinstance(mention, MentionRecord):
            self.reply_requested.emit(draft_id, mention)
