"""Live updates in the window: the listener's events as Qt signals on the UI thread.

The listener (:mod:`composer.services.live`) calls back on its own thread; this bridge hands
each event across with a queued connection, coalesces bursts into one ``refresh_requested``
(a queue re-layout moves many drafts at once), and shows a system tray message when something
needs the current user.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from composer.services.live import Attention, AttentionKind, ChangeEvent, Listener, needs_attention

#: Events closer together than this become one refresh (well inside the one-second promise).
COALESCE_MS = 150


class LiveUpdates(QObject):
    """Bridges a listener thread to the UI thread.

    Args:
        listener: Where events come from (:func:`composer.services.live.make_listener`).
        user: Who is working (their login on a team database).
        tray: Show messages with this tray icon; by default one is made when the desktop has
            a system tray, and none otherwise (offscreen, some window managers).
        parent: Qt parent.

    Signals:
        changed(ChangeEvent): every event, on the UI thread.
        refresh_requested(): one per burst of events: views reload.
        attention(Attention): something needs the user (also shown in the tray).
    """

    changed = Signal(object)
    refresh_requested = Signal()
    attention = Signal(object)
    _received = Signal(object)

    def __init__(
        self,
        listener: Listener,
        user: str,
        *,
        tray: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.listener = listener
        self.user = user
        self.tray = tray if tray is not None else _default_tray(self)
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._connect_signals()
        # Stop the thread even if the window forgets to: it must not outlive its receiver.
        self.destroyed.connect(lambda *_: listener.stop(timeout=1.0))

    def _connect_signals(self) -> None:
        # Emitted on the listener's thread; the slot runs on this object's (the UI) thread.
        self._received.connect(self._on_received, Qt.ConnectionType.QueuedConnection)
        self._coalesce.timeout.connect(self.refresh_requested)

    def start(self) -> None:
        """Start listening (idempotent)."""
        self.listener.start(self._deliver)

    def stop(self) -> None:
        """Stop listening; no signal is emitted afterwards."""
        self.listener.stop()
        self._coalesce.stop()

    def _deliver(self, event: ChangeEvent) -> None:
        """Runs on the listener's thread."""
        try:
            self._received.emit(event)
        except RuntimeError:  # the window closed meanwhile: nobody left to tell
            self.listener.stop(timeout=0)

    @Slot(object)
    def _on_received(self, event: ChangeEvent) -> None:
        self.changed.emit(event)
        if not self._coalesce.isActive():
            self._coalesce.start()
        note = needs_attention(event, self.user)
        if note is not None:
            self.attention.emit(note)
            self._show(note)

    def message(self, note: Attention) -> tuple[str, str]:
        """The tray message's title and text for ``note``."""
        draft = str(note.draft_id)
        if note.kind is AttentionKind.REVIEW:
            title = self.tr("A draft waits for your review")
            text = self.tr("Draft %1 for %2, submitted by %3.")
        elif note.kind is AttentionKind.CHANGES_REQUESTED:
            title = self.tr("Changes requested")
            text = self.tr("%3 asked for changes to your draft %1 for %2.")
        else:
            title = self.tr("A post failed")
            text = self.tr("Post %1 for %2 could not be published.")
        return title, text.replace("%1", draft).replace("%2", note.account).replace(
            "%3", note.actor
        )

    def _show(self, note: Attention) -> None:
        if self.tray is None or not self.tray.supportsMessages():
            return
        title, text = self.message(note)
        icon = (
            QSystemTrayIcon.MessageIcon.Warning
            if note.kind is AttentionKind.FAILED
            else QSystemTrayIcon.MessageIcon.Information
        )
        self.tray.showMessage(title, text, icon, 8000)


def _default_tray(parent: QObject) -> QSystemTrayIcon | None:
    """A tray icon with the application's icon, when the desktop has a system tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    icon = QApplication.windowIcon()
    if icon.isNull():
        icon = QIcon.fromTheme("mail-unread")
    tray = QSystemTrayIcon(icon, parent)
    tray.setToolTip(QApplication.applicationDisplayName() or QApplication.applicationName())
    tray.show()
    return tray
