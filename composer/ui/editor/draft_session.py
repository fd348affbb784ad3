"""Keeps the composer's draft safe and moves it into the review workflow.

Crash safety: the editor's text is journalled at most one second after a keystroke
(``JOURNAL_MAX_WAIT_MS``), and autosaved into its draft; after a crash, the journal is offered
back at start-up. All database work goes through the :class:`StoreClient`'s single worker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from composer.core.findings import Finding
from composer.store.records import DraftRecord, RecoveryRecord
from composer.ui.review.store_client import StoreClient

#: Quiet time after the last keystroke before the text is journalled and saved.
JOURNAL_DEBOUNCE_MS = 300
#: However fast the typing, unsaved text is journalled at least this often.
JOURNAL_MAX_WAIT_MS = 900


class DraftSession(QObject):
    """The draft being composed: its id and version, autosave, recovery and submission.

    Signals:
        status(str): a sentence for the status bar ("Saved", "Submitted"...).
        recovered(object): a RecoveryRecord whose text was put back (the window shows it).
        submitted(object): the DraftRecord after a successful submission.
    """

    status = Signal(str)
    recovered = Signal(object)
    submitted = Signal(object)

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
        self._source = text_source
        self._saved_text = ""
        self._saving = False
        self._save_again = False
        self._submit_reason: str | None = None
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
        client.recovery_loaded.connect(self._on_recovery_loaded)
        client.action_done.connect(self._on_action_done)

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
        """Save what is in the editor, then submit it for review."""
        self._submit_reason = reason
        text, account, _findings = self._source()
        if not text.strip() or not account:
            self.status.emit(self.tr("Nothing to submit: write a draft first."))
            self._submit_reason = None
            return
        if self.draft_id is None or text != self._saved_text or self._saving:
            self._save()
            return  # submitted once the save lands
        self._submit_now()

    def new_draft(self) -> None:
        """Start over: a new session, no draft yet."""
        self.client.discard_recovery(self.session_key, self.draft_id)
        self.session_key = uuid.uuid4().hex
        self.draft_id = None
        self.version = 0
        self._saved_text = ""

    def _save(self) -> None:
        if self._saving:
            self._save_again = True
            return
        text, account, findings = self._source()
        self._saving = True
        self.client.save_draft(
            self.draft_id,
            account,
            text,
            actor=self.user,
            expected_version=self.version,
            findings=findings,
        )

    def _submit_now(self) -> None:
        _text, _account, findings = self._source()
        reason = self._submit_reason or ""
        self._submit_reason = None
        if self.draft_id is not None:
            self.client.submit_draft(
                self.draft_id,
                actor=self.user,
                expected_version=self.version,
                findings=findings,
                reason=reason,
            )

    @Slot(object)
    def _on_draft_saved(self, record: DraftRecord) -> None:
        self._saving = False
        self.draft_id = record.id
        self.version = record.version
        self._saved_text = record.text
        if self._save_again or record.text != self._source()[0]:
            self._save_again = False
            self._save()
            return
        self._journal_saved(record.text, record.account)
        self.status.emit(self.tr("Draft #%1 saved").replace("%1", str(record.id)))
        if self._submit_reason is not None:
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
        if self.dirty or self._saving:
            return
        self.client.discard_recovery(self.session_key, None)
        if self.draft_id is not None:
            self.client.discard_recovery(self.session_key, self.draft_id)

    @Slot(object)
    def _on_action_done(self, record: DraftRecord) -> None:
        if record.id == self.draft_id and record.state == "submitted":
            self.version = record.version
            self.submitted.emit(record)

    @Slot(object)
    def _on_recovery_loaded(self, records: list[RecoveryRecord]) -> None:
        if not records:
            return
        newest = records[0]
        for older in records[1:]:
            # Left by earlier crashes: only the newest text comes back, once.
            self.client.discard_recovery(older.session_key, older.draft_id)
        self.session_key = newest.session_key
        self.draft_id = newest.draft_id
        self.version = newest.base_version or 0
        self.recovered.emit(newest)

    def saving_failed(self) -> None:
        """Some store work failed (the client said why): drop a submission waiting on a save.

        A save still waiting for the database stays in flight (see ``_on_save_failed``).
        """
        self._submit_reason = None

    @Slot(str)
    def _on_save_failed(self, _message: str) -> None:
        """The save itself failed: allow the next attempt."""
        self._saving = False
        self._save_again = False
        self._submit_reason = None
