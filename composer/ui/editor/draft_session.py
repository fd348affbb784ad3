"""Keeps the composer's draft safe and moves it into the review workflow.

Crash safety: the editor's text is journalled at most one second after a keystroke
(``JOURNAL_MAX_WAIT_MS``), and autosaved into its draft; after a crash, the journal is offered
back at start-up. All database work goes through the :class:`StoreClient`'s single worker.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from composer.core.findings import Finding
from composer.core.workflow import Action, Actor, DraftCommand, draft_commands
from composer.services.media_files import LoadedMedia
from composer.store.records import DraftRecord, RecoveryRecord
from composer.ui.review.store_client import StoreClient

#: Quiet time after the last keystroke before the text is journalled and saved.
JOURNAL_DEBOUNCE_MS = 300
#: However fast the typing, unsaved text is journalled at least this often.
JOURNAL_MAX_WAIT_MS = 900


@dataclass(frozen=True, slots=True)
class _Retiring:
    """The last text of a draft left (Ctrl+N) while its save was still on its way."""

    draft_id: int | None
    text: str
    findings: tuple[Finding, ...]
    created_here: bool


class DraftSession(QObject):
    """The draft being composed: its id, version and account, autosave, recovery, submission.

    Saves of a draft left for a new one (Ctrl+N, opening another) finish under that draft's
    own key: their answers never attach the new draft to the old one.

    Signals:
        status(str): a sentence for the status bar ("Saved", "Submitted"...).
        recovered(object): a RecoveryRecord whose text was put back (the window shows it).
        submitted(object): the DraftRecord after a successful submission.
        moved(object, str): the draft moved to another account (its record, the account left).
        move_refused(str, str): the move was refused (why, the account the draft stays in).
        media_refused(object, str): new media were not saved (the stored media, why).
    """

    status = Signal(str)
    recovered = Signal(object)
    submitted = Signal(object)
    moved = Signal(object, str)
    media_refused = Signal(object, str)
    move_refused = Signal(str, str)

    def __init__(
        self,
        client: StoreClient,
        user: str,
        *,
        text_source: Callable[[], tuple[str, str, tuple[Finding, ...]]],
        parent: QObject | None = None,
    ) -> None:
        """``text_source`` returns (text, account handle, findings) of the editor now."""
        super().__init__(parent)
        self.client = client
        self.user = user
        self.session_key = uuid.uuid4().hex
        self.draft_id: int | None = None
        self.version = 0
        #: The account the stored draft belongs to (empty before it is stored).
        self.account = ""
        self._source = text_source
        self._saved_text = ""
        self._saving = False
        self._save_again = False
        self._submit_reason: str | None = None
        self._created_here = False
        self._moving = False
        self._move_target: str | None = None
        #: The media strip's attachments, and those the stored draft has (and those on their
        #: way in the save now running): a change is saved with the text, in the same save.
        self._media: tuple[LoadedMedia, ...] = ()
        self._saved_media: tuple[LoadedMedia, ...] = ()
        self._sending_media: tuple[LoadedMedia, ...] | None = None
        # Whose save each answer on its way belongs to (the worker answers in order).
        self._inflight: deque[str] = deque()
        self._retiring: dict[str, _Retiring] = {}
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(JOURNAL_DEBOUNCE_MS)
        self._max_wait = QTimer(self)
        self._max_wait.setSingleShot(True)
        self._max_wait.setInterval(JOURNAL_MAX_WAIT_MS)
        self._debounce.timeout.connect(self.flush)
        self._max_wait.timeout.connect(self.flush)
        client.draft_saved.connect(self._on_draft_saved)
        client.save_failed.connect(self._on_save_failed)
        client.media_refused.connect(self._on_media_refused)
        client.recovery_loaded.connect(self._on_recovery_loaded)
        client.action_done.connect(self._on_action_done)
        client.draft_moved.connect(self._on_draft_moved)
        client.move_failed.connect(self._on_move_failed)

    @property
    def dirty(self) -> bool:
        """Whether the editor holds text the draft does not have yet."""
        return self._source()[0] != self._saved_text

    @Slot()
    def text_changed(self) -> None:
        """A keystroke: journal soon, and within a second at the latest."""
        self._debounce.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    @Slot()
    def flush(self) -> None:
        """Journal and save the editor's text now."""
        self._debounce.stop()
        self._max_wait.stop()
        text, account, _findings = self._source()
        if text == self._saved_text:
            return
        self.client.journal(
            self.session_key,
            text,
            draft_id=self.draft_id,
            account=account,
            user=self.user,
            base_version=self.version if self.draft_id is not None else None,
        )
        if text.strip() and account:
            self._save()

    def restore(self) -> None:
        """Ask the store for journalled text of this user (after a crash)."""
        self.client.load_recovery(self.user)

    def submit(self, reason: str = "") -> None:
        """Save what is in the editor (in the account shown), then submit it for review."""
        self._submit_reason = reason
        text, account, _findings = self._source()
        if not text.strip() or not account:
            self.status.emit(self.tr("Nothing to submit: write a draft first."))
            self._submit_reason = None
            return
        if self.draft_id is not None and account != self.account:
            self.move_to(account)
            return  # submitted once the move lands
        if self.draft_id is None or text != self._saved_text or self._saving or self._moving:
            self._save()
            return  # submitted once the save lands
        self._submit_now()

    def move_to(self, account: str) -> None:
        """The account shown changed: move the stored draft there (after a save on its way)."""
        if not account:
            return
        self._move_target = account
        if self.draft_id is None or self._saving or self._moving:
            return  # the draft is created in it, or moves once the save lands
        self._start_move()

    @Slot(object)
    def set_media(self, media: tuple[LoadedMedia, ...]) -> None:
        """The media strip changed: save the draft's media (with its text) now."""
        self._media = tuple(media)
        if _media_key(self._media) != _media_key(self._saved_media):
            self._save()

    def load_media(self, media: tuple[LoadedMedia, ...]) -> None:
        """The media of the draft just opened (as stored)."""
        self._media = self._saved_media = tuple(media)

    def open(self, record: DraftRecord) -> None:
        """Continue ``record`` (a draft of the user's) in the composer, after the current one."""
        self.new_draft()
        self.draft_id = record.id
        self.version = record.version
        self.account = record.account
        self._saved_text = record.text

    def new_draft(self) -> None:
        """Start over: a new session, no draft yet.

        A save of the draft being left finishes on its own; a draft started here whose text
        was all deleted is deleted too, so no empty draft stays behind.
        """
        text, _account, findings = self._source()
        if self._saving or self._moving:
            # A draft with no id yet is being created by the save on its way: started here.
            created_here = self._created_here or self.draft_id is None
            self._retiring[self.session_key] = _Retiring(
                self.draft_id, text, findings, created_here
            )
        else:
            if self.draft_id is not None and not text.strip() and self._created_here:
                self.client.author_action(
                    self.draft_id, Action.DELETE, actor=self.user, expected_version=self.version
                )
            self.client.discard_recovery(self.session_key, self.draft_id)
        self.session_key = uuid.uuid4().hex
        self.draft_id = None
        self.version = 0
        self.account = ""
        self._saved_text = ""
        self._saving = False
        self._save_again = False
        self._moving = False
        self._move_target = None
        self._submit_reason = None
        self._created_here = False
        self._media = self._saved_media = ()
        self._sending_media = None

    def _start_move(self) -> None:
        target, self._move_target = self._move_target, None
        if target is None or target == self.account or self.draft_id is None:
            return
        _text, _account, findings = self._source()
        self._moving = True
        self.client.move_draft(
            self.draft_id,
            target,
            actor=self.user,
            expected_version=self.version,
            findings=findings,
        )

    def _save(self) -> None:
        if self._saving or self._moving:
            self._save_again = True
            return
        text, account, findings = self._source()
        if not text.strip() or not account:
            return  # an empty draft is never stored
        self._saving = True
        self._inflight.append(self.session_key)
        changed = _media_key(self._media) != _media_key(self._saved_media)
        self._sending_media = self._media if changed else None
        self.client.save_draft(
            self.draft_id,
            account,
            text,
            actor=self.user,
            expected_version=self.version,
            findings=findings,
            media=self._sending_media,
        )

    def _submit_now(self) -> None:
        _text, account, findings = self._source()
        reason = self._submit_reason or ""
        self._submit_reason = None
        if self.draft_id is not None:
            self.client.submit_draft(
                self.draft_id,
                actor=self.user,
                expected_version=self.version,
                findings=findings,
                reason=reason,
                account=account,
            )

    @Slot(object)
    def _on_draft_saved(self, record: DraftRecord) -> None:
        owner = self._inflight.popleft() if self._inflight else self.session_key
        if owner != self.session_key:
            self._finish_retiring(owner, record)
            return
        self._saving = False
        if self.draft_id is None:
            self._created_here = True
        self.draft_id = record.id
        self.version = record.version
        self.account = record.account
        self._saved_text = record.text
        if self._sending_media is not None:
            self._saved_media, self._sending_media = self._sending_media, None
        self.status.emit(self.tr("Draft #%1 saved").replace("%1", str(record.id)))
        self._continue()

    def _continue(self) -> None:
        """After a save or a move lands: move, save or submit whatever still waits."""
        text, shown, _findings = self._source()
        if self._move_target is not None and self._move_target != self.account:
            self._start_move()
            return
        self._move_target = None
        media_changed = _media_key(self._media) != _media_key(self._saved_media)
        if (
            (self._save_again or media_changed or text != self._saved_text)
            and text.strip()
            and shown
        ):
            self._save_again = False
            self._save()
            return
        self._save_again = False
        if text == self._saved_text:
            self._journal_saved(text, shown)
        if self._submit_reason is not None:
            if shown != self.account:
                self.move_to(shown)
            else:
                self._submit_now()

    def _journal_saved(self, text: str, account: str) -> None:
        """Keep the saved text journalled under its draft until it leaves the editor.

        A crash (even ``kill -9``) right after an autosave then still brings the text back at
        the next start, as promised; the entry written before the draft existed is dropped.
        """
        self.client.journal(
            self.session_key,
            text,
            draft_id=self.draft_id,
            account=account,
            user=self.user,
            base_version=self.version,
        )
        self.client.discard_recovery(self.session_key, None)

    def close(self) -> None:
        """The window closes normally: forget the journal once the text is safely saved.

        Text still unsaved (or a save on its way) stays journalled, to be offered back.
        """
        self.flush()
        if self.dirty or self._saving or self._moving:
            return
        self.client.discard_recovery(self.session_key, None)
        if self.draft_id is not None:
            self.client.discard_recovery(self.session_key, self.draft_id)

    def _finish_retiring(self, owner: str, record: DraftRecord) -> None:
        """An answer for a draft already left: save its last text, or forget it."""
        old = self._retiring.get(owner)
        if old is None:
            return
        if old.text.strip() and old.text != record.text:
            self._inflight.append(owner)
            self.client.save_draft(
                record.id,
                record.account,
                old.text,
                actor=self.user,
                expected_version=record.version,
                findings=old.findings,
            )
            return
        del self._retiring[owner]
        may_delete = DraftCommand.DELETE in draft_commands(record.facts(), Actor(self.user))
        if not old.text.strip() and old.created_here and may_delete:
            self.client.author_action(
                record.id, Action.DELETE, actor=self.user, expected_version=record.version
            )
        # It left the editor saved: its journal goes (the one before it existed too).
        self.client.discard_recovery(owner, None)
        self.client.discard_recovery(owner, record.id)

    @Slot(object, str)
    def _on_draft_moved(self, record: DraftRecord, previous: str) -> None:
        if record.id != self.draft_id:
            owner = next((k for k, v in self._retiring.items() if v.draft_id == record.id), None)
            if owner is not None:
                self._finish_retiring(owner, record)
            return
        self._moving = False
        self.version = record.version
        self.account = record.account
        self.moved.emit(record, previous)
        self._continue()

    @Slot(str)
    def _on_move_failed(self, message: str) -> None:
        if not self._moving:
            return
        self._moving = False
        self._move_target = None
        self._submit_reason = None
        self.move_refused.emit(message, self.account)

    @Slot(object)
    def _on_action_done(self, record: DraftRecord) -> None:
        # An account with no review approves (and queues) the draft as it is submitted.
        if record.id == self.draft_id and record.state in {"submitted", "approved", "queued"}:
            self.version = record.version
            self.submitted.emit(record)

    @Slot(object)
    def _on_recovery_loaded(self, records: list[RecoveryRecord]) -> None:
        # This session's own journal (typed before the store was ready) is not a crash's.
        records = [r for r in records if r.session_key != self.session_key]
        if not records:
            return
        newest = records[0]
        for older in records[1:]:
            # Left by earlier crashes: only the newest text comes back, once.
            self.client.discard_recovery(older.session_key, older.draft_id)
        self.session_key = newest.session_key
        self.draft_id = newest.draft_id
        self.version = newest.base_version or 0
        self.account = newest.account
        self.recovered.emit(newest)

    def saving_failed(self) -> None:
        """Some store work failed (the client said why): drop a submission waiting on a save.

        A save still waiting for the database stays in flight (see ``_on_save_failed``).
        """
        self._submit_reason = None

    @Slot(str)
    @Slot(str)
    def _on_media_refused(self, message: str) -> None:
        """The save kept the text but refused the new media: the strip goes back, and says why."""
        self._sending_media = None
        self._media = self._saved_media
        self.media_refused.emit(self._saved_media, message)

    def _on_save_failed(self, _message: str) -> None:
        """The save itself failed: allow the next attempt."""
        owner = self._inflight.popleft() if self._inflight else self.session_key
        if owner != self.session_key:
            self._retiring.pop(owner, None)  # its text stays in the recovery journal
            return
        self._saving = False
        self._save_again = False
        self._submit_reason = None


def _media_key(media: tuple[LoadedMedia, ...]) -> tuple[tuple[str, str], ...]:
    """What a save of media changes: the files (by content) and alt texts, in order."""
    return tuple((m.item.sha256, m.item.alt_text) for m in media)
