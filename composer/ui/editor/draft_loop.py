"""The composer's side of the review loop: open a draft again, move it, hear it came back.

* **Open**: a draft of the user's (from My Drafts, or a notice) goes into the editor with its
  account, and the reviewers' comments beside it (:class:`ReviewNotesPanel`).
* **Move**: choosing another account while a stored draft is open moves that draft there
  (the :class:`DraftSession` does it, audited); the last move can be undone.
* **Sent back**: drafts of the user's with changes requested are announced once, in the
  window and as a desktop notification when the desktop has a tray.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QSystemTrayIcon

from composer.core.workflow import DraftCommand
from composer.services.live import Attention, AttentionKind
from composer.store.records import DraftRecord
from composer.ui.account_switcher import AccountSwitcher
from composer.ui.editor.draft_editor import DraftEditor
from composer.ui.editor.draft_session import DraftSession
from composer.ui.review.store_client import ChangeRequest, DraftDetail, StoreClient
from composer.ui.review_notes_panel import ReviewNotesPanel

#: How long the desktop notification stays, in milliseconds.
TRAY_MESSAGE_MS = 8000


class DraftLoop(QObject):
    """Wires the store client, the draft session, the editor and the account switcher.

    Args:
        client: The store client.
        session: The composer's draft session.
        user: Who is working.
        editor: The draft editor.
        switcher: The account switcher.
        notes: Where the reviewers' comments go.
        tray: Returns the tray icon for desktop notifications (or ``None``).
        parent: Qt parent.

    Signals:
        opened(DraftDetail): a draft is in the editor now.
        notice(str): a sentence for the status bar.
        problem(str): a sentence for the banner.
        sent_back(tuple[ChangeRequest, ...]): drafts newly sent back to the user.
        undo_changed(bool): whether an account move can be undone.
    """

    opened = Signal(object)
    notice = Signal(str)
    problem = Signal(str)
    sent_back = Signal(object)
    undo_changed = Signal(bool)

    def __init__(
        self,
        client: StoreClient,
        session: DraftSession,
        user: str,
        *,
        editor: DraftEditor,
        switcher: AccountSwitcher,
        notes: ReviewNotesPanel,
        tray: Callable[[], QSystemTrayIcon | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.session = session
        self.user = user
        self.editor = editor
        self.switcher = switcher
        self.notes = notes
        self._tray = tray
        self._quiet = False  # the switcher follows the draft: no move
        self.last_move: tuple[int, str] | None = None  # (draft id, the account it left)
        # Draft id -> when the request announced was made (a new request is news again).
        self._announced: dict[int, datetime] = {}
        self._tray_told: set[int] = set()  # drafts the live updates already showed
        self.requests: tuple[ChangeRequest, ...] = ()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.client.draft_opened.connect(self._on_client_draft_opened)
        self.client.changes_requested_loaded.connect(self._on_client_changes_requested_loaded)
        self.client.changed.connect(self.check_requests)
        self.session.moved.connect(self._on_session_moved)
        self.session.move_refused.connect(self._on_session_move_refused)
        self.notes.jump_requested.connect(self._on_notes_jump_requested)
        self.notes.anchors_changed.connect(self.editor.show_anchors)

    # -- opening -------------------------------------------------------------------------

    def open(self, draft_id: int) -> None:
        """Load ``draft_id`` and put it in the composer (if the user may edit it)."""
        self.client.open_draft(draft_id, self.user)

    def open_newest_sent_back(self) -> bool:
        """Open the draft sent back last; ``False`` when none waits."""
        if not self.requests:
            return False
        newest = max(self.requests, key=lambda r: r.at)
        self.open(newest.draft.id)
        return True

    def new_draft(self) -> None:
        """A new draft: no comments to show, no move to undo."""
        self.notes.set_detail(None)
        self._set_last_move(None)

    @Slot(object)
    def _on_client_draft_opened(self, detail: DraftDetail) -> None:
        if detail.user != self.user:
            return
        draft = detail.draft
        if DraftCommand.EDIT not in detail.commands:
            self.problem.emit(
                self.tr("Draft %1 cannot be edited now: it is %2.")
                .replace("%1", str(draft.id))
                .replace("%2", draft.state.value.replace("_", " "))
            )
            return
        if draft.id == self.session.draft_id:
            # Already in the editor (perhaps with newer text): show its comments, keep the text.
            self.notes.set_detail(detail, self.editor.toPlainText())
            self.opened.emit(detail)
            return
        self.session.flush()
        self.session.open(draft)
        self._show_account(draft.account)
        self.editor.prepare_for(draft.text)
        self.editor.setPlainText(draft.text)
        self.notes.set_detail(detail, draft.text)
        self._set_last_move(None)
        self.opened.emit(detail)

    # -- moving --------------------------------------------------------------------------

    def account_shown(self, handle: str) -> None:
        """The user chose ``handle`` in the switcher: the open stored draft moves there."""
        if not self._quiet:
            self.session.move_to(handle)

    def undo_move(self) -> None:
        """Move the draft back to the account it left (itself a move, audited)."""
        if self.last_move is None or self.last_move[0] != self.session.draft_id:
            return
        previous = self.last_move[1]
        handles = [a.handle for a in self.switcher.accounts]
        if previous in handles:
            self.switcher.box.setCurrentIndex(handles.index(previous))

    def _show_account(self, handle: str) -> None:
        handles = [a.handle for a in self.switcher.accounts]
        if handle not in handles:
            return
        self._quiet = True
        try:
            self.switcher.box.setCurrentIndex(handles.index(handle))
        finally:
            self._quiet = False

    def _set_last_move(self, move: tuple[int, str] | None) -> None:
        self.last_move = move
        self.undo_changed.emit(move is not None)

    @Slot(object, str)
    def _on_session_moved(self, record: DraftRecord, previous: str) -> None:
        self._set_last_move((record.id, previous))
        self.notice.emit(
            self.tr(
                "Draft %1 moved from %2 to %3 and checked for %3. "
                "Edit ▸ Undo Account Move puts it back."
            )
            .replace("%1", str(record.id))
            .replace("%2", previous)
            .replace("%3", record.account)
        )

    @Slot(str, str)
    def _on_session_move_refused(self, message: str, account: str) -> None:
        self._show_account(account)
        self.problem.emit(
            self.tr("The draft stays in %1: %2").replace("%1", account).replace("%2", message)
        )

    @Slot(int, int)
    def _on_notes_jump_requested(self, start: int, end: int) -> None:
        self.editor.select_span(start, end)
        self.editor.setFocus()

    # -- sent back -----------------------------------------------------------------------

    @Slot()
    def check_requests(self) -> None:
        """Ask the store which of the user's drafts were sent back."""
        self.client.load_changes_requested(self.user)

    def mark_announced(self, note: Attention) -> None:
        """The live updates already showed this in the tray (team mode): not twice."""
        if note.kind is AttentionKind.CHANGES_REQUESTED and note.draft_id is not None:
            self._tray_told.add(note.draft_id)

    @Slot(object)
    def _on_client_changes_requested_loaded(self, requests: tuple[ChangeRequest, ...]) -> None:
        self.requests = requests
        fresh = tuple(r for r in requests if self._announced.get(r.draft.id) != r.at)
        tray_told, self._tray_told = self._tray_told, set()
        for request in requests:
            self._announced[request.draft.id] = request.at
        # A draft the user is writing now needs no notice.
        fresh = tuple(r for r in fresh if r.draft.id != self.session.draft_id)
        if not fresh:
            return
        self.sent_back.emit(fresh)
        untold = [r for r in fresh if r.draft.id not in tray_told]
        tray = self._tray()
        if untold and tray is not None and tray.supportsMessages():
            title, text = self.message(tuple(untold))
            tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, TRAY_MESSAGE_MS)

    def message(self, requests: tuple[ChangeRequest, ...]) -> tuple[str, str]:
        """The notice's title and text for drafts sent back."""
        if len(requests) == 1:
            request = requests[0]
            text = (
                self.tr("%1 asked for changes to your draft %2 for %3: “%4”")
                .replace("%1", request.reviewer)
                .replace("%2", str(request.draft.id))
                .replace("%3", request.draft.account)
                .replace("%4", request.comment)
            )
        else:
            text = self.tr("Reviewers asked for changes to %1 of your drafts.").replace(
                "%1", str(len(requests))
            )
        return self.tr("Changes requested"), text
