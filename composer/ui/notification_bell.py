"""The notifications bell: a count in the status bar, a list on click, a desktop message each.

It hears every live-update event and every read of the pause switches, asks the core whether
that is a notification for the person working (:mod:`composer.core.notifications`), keeps the
ones that are (newest first), and shows each once on the desktop through the tray icon the
window already uses. Clicking an entry asks the window to open its draft or page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSystemTrayIcon,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from composer.core.notifications import Change, Notice, NoticeKind, notice_for, pause_notice

#: The list keeps this many notifications (older ones drop off).
KEEP = 50


class Tray(Protocol):
    """What the bell needs of a tray icon (``QSystemTrayIcon``)."""

    def supportsMessages(self) -> bool:
        """Whether the desktop shows messages."""

    def showMessage(
        self, title: str, msg: str, icon: QSystemTrayIcon.MessageIcon, msecs: int
    ) -> None:
        """Show one desktop message."""


class NotificationBell(QToolButton):
    """Shows how many notifications are unread; a click lists them.

    Args:
        user: Who is working.
        tray: Returns the tray icon for desktop messages (``None``: no desktop messages).
        desktop: Whether the bell itself shows a notification on the desktop (the window's
            live-updates bridge already announces drafts to review, changes requested and
            failed posts: those are not shown twice).
        parent: Qt parent.

    Signals:
        activated(Notice): the person chose this notification in the list.
        count_changed(int): unread notifications.
    """

    activated = Signal(object)
    count_changed = Signal(int)

    def __init__(
        self,
        user: str,
        *,
        tray: Callable[[], Tray | None] = lambda: None,
        desktop: Callable[[Notice], bool] = lambda _notice: True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.user = user
        self._tray = tray
        self._desktop = desktop
        self.notices: list[Notice] = []
        self.unread = 0
        self._paused: bool | None = None
        self.setAccessibleName(self.tr("Notifications"))
        self.setAutoRaise(True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Notifications list"))
        self.list.setMinimumWidth(460)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.list)
        menu.addAction(holder)
        self.setMenu(menu)
        menu.aboutToShow.connect(self._on_menu_about_to_show)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.itemClicked.connect(self._on_item_activated)
        self._show_count()

    # -- inputs ----------------------------------------------------------------------------

    @Slot(object)
    def consider(self, change: Change) -> None:
        """A live-update event: kept when the core says it is for this user."""
        notice = notice_for(change, self.user)
        if notice is not None:
            self.add(notice)

    @Slot(object)
    def consider_pause(self, pause: object) -> None:
        """The pause switches were read (a ``PauseState``): tell when the crisis pause flips."""
        paused = bool(getattr(pause, "all", False))
        notice = pause_notice(before=self._paused, after=paused)
        self._paused = paused
        if notice is not None:
            self.add(notice)

    def add(self, notice: Notice) -> None:
        """Keep ``notice`` at the top of the list and announce it on the desktop."""
        self.notices.insert(0, notice)
        del self.notices[KEEP:]
        item = QListWidgetItem(self.describe(notice)[1])
        item.setData(Qt.ItemDataRole.UserRole, len(self.notices))  # refreshed below
        self.list.insertItem(0, item)
        while self.list.count() > KEEP:
            self.list.takeItem(self.list.count() - 1)
        for row in range(self.list.count()):
            self.list.item(row).setData(Qt.ItemDataRole.UserRole, row)
        self.unread += 1
        self._show_count()
        self._announce(notice)

    # -- words -----------------------------------------------------------------------------

    def describe(self, notice: Notice) -> tuple[str, str]:
        """A notification's title and one-line text."""
        draft, who, account = str(notice.draft_id), notice.actor, notice.account
        if notice.kind is NoticeKind.DECISION:
            title = {
                "approved": self.tr("Your draft was approved"),
                "changes_requested": self.tr("Changes requested on your draft"),
                "rejected": self.tr("Your draft was rejected"),
            }.get(notice.state, self.tr("A decision on your draft"))
            text = self.tr("%1: draft %2 for %3 (%4).")
        elif notice.kind is NoticeKind.REVIEW:
            title = self.tr("A draft waits for your review")
            text = self.tr("%1: draft %2 for %3, submitted by %4.")
        elif notice.kind is NoticeKind.FAILED:
            title = self.tr("A post failed")
            text = self.tr("%1: post %2 for %3 could not be published.")
        elif notice.kind is NoticeKind.LATE_MENTION:
            title = self.tr("A mention waits past its reply target")
            text = self.tr("%1: @%4 on %3 has waited over %2 min for an answer.")
            draft = str(notice.target_minutes)
        elif notice.kind is NoticeKind.PAUSED:
            title = self.tr("Every queue is paused")
            text = self.tr("%1: the crisis pause is on; nothing is published until it is lifted.")
        else:
            title = self.tr("Publishing resumed")
            text = self.tr("%1: the crisis pause is off; the queues publish again.")
        line = text.replace("%1", title).replace("%2", draft).replace("%3", account)
        return title, line.replace("%4", who)

    # -- private ---------------------------------------------------------------------------

    def _show_count(self) -> None:
        self.setText(
            self.tr("Notifications (%1)").replace("%1", str(self.unread))
            if self.unread
            else self.tr("Notifications")
        )
        tip = (
            self.tr("%1 new notifications: click to see them").replace("%1", str(self.unread))
            if self.unread
            else self.tr(
                "Notifications: decisions on your drafts, drafts to review, failed posts, "
                "mentions waiting past their reply target"
            )
        )
        self.setToolTip(tip)
        self.setAccessibleDescription(tip)
        self.count_changed.emit(self.unread)

    def _announce(self, notice: Notice) -> None:
        tray = self._tray()
        if tray is None or not self._desktop(notice) or not tray.supportsMessages():
            return
        title, text = self.describe(notice)
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if notice.kind in (NoticeKind.FAILED, NoticeKind.PAUSED, NoticeKind.LATE_MENTION)
            else QSystemTrayIcon.MessageIcon.Information
        )
        tray.showMessage(title, text, icon, 8000)

    @Slot()
    def _on_menu_about_to_show(self) -> None:
        self.unread = 0
        self._show_count()
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        row = int(item.data(Qt.ItemDataRole.UserRole))
        menu = self.menu()
        if menu is not None:
            menu.hide()
        if 0 <= row < len(self.notices):
            self.activated.emit(self.notices[row])
