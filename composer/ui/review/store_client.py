"""The review UI's one door to the store: every query and write runs as an operation.

:class:`StoreClient` owns an :class:`~composer.ui.workers.OperationRunner` (one worker thread)
and a :class:`~composer.store.store.Store` that is opened *on that thread* by the first
operation, so the engine and its sessions never meet the UI thread. Results arrive as signals
carrying frozen values; refusals and storage problems arrive as one sentence on ``failed``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from composer.core.assessment import assess, spelling_of
from composer.core.checker import Checker
from composer.core.diff import review_base, word_diff
from composer.core.errors import KnownError
from composer.core.findings import Finding, Report
from composer.core.guide.model import Guide
from composer.core.media import MediaError, MediaItem, MediaKind
from composer.core.score import brand_score
from composer.core.workflow import (
    Action,
    DraftCommand,
    ExpiryWarning,
    Role,
    State,
    allowed_actions,
    draft_commands,
    review_clock,
)
from composer.services.media_files import LoadedMedia
from composer.services.queueing import QueueOutcome, queue_after_approval
from composer.services.secrets import SecretStore, XCredentials
from composer.store.draft_reads import Span
from composer.store.engine import is_sqlite
from composer.store.errors import PermissionDeniedError
from composer.store.media import NewMedia
from composer.store.records import AccountSpec, CommentRecord, DraftRecord
from composer.store.store import Store
from composer.ui.review.store_results import (
    PAGE_SIZE,
    AuditPage,
    ChangeRequest,
    DraftDetail,
    DraftRow,
    DraftsPage,
    InboxPage,
    next_token,
)
from composer.ui.workers import OperationRunner

# The values the signals carry live in store_results; views import them from here as well.
__all__ = [
    "PAGE_SIZE",
    "AuditPage",
    "ChangeRequest",
    "DraftDetail",
    "DraftRow",
    "DraftsPage",
    "InboxPage",
    "Runner",
    "StoreClient",
    "draft_media",
    "next_token",
]


class Runner(Protocol):
    """What the client needs of a runner (:class:`OperationRunner` or ``InlineRunner``)."""

    def submit(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Run ``work``; call one of the callbacks on the UI thread."""

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop after the queued work."""


def draft_media(store: Store, draft_id: int) -> tuple[LoadedMedia, ...]:
    """A draft's media with the bytes to show them (a video's bytes are not read)."""
    return tuple(
        LoadedMedia(item, None if item.kind is MediaKind.VIDEO else store.media.blob(item.sha256))
        for item in store.media.of(draft_id)
    )


def _now_utc() -> datetime:
    return datetime.now(UTC)


class StoreClient(QObject):
    """Submits store work to one worker thread and reports back with signals.

    Args:
        url: The database URL (opened, and migrated, by the first operation).
        runner: Runs the operations (default: a new :class:`OperationRunner`).
        now: The clock passed to the store and the review clock.
        parent: Qt parent.

    Signals:
        drafts_loaded(DraftsPage): a page of the drafts list.
        inbox_loaded(InboxPage): a page of a reviewer's inbox.
        draft_loaded(DraftDetail): one draft with versions, comments and allowed actions.
        audit_loaded(AuditPage): audit events.
        accounts_loaded(tuple[str, ...]): the account handles.
        action_done(DraftRecord): a review decision was stored.
        comment_added(CommentRecord): a comment was stored.
        credentials_stored(str): an account's credentials went into the keyring.
        failed(str): a refusal or problem, as one sentence for the user.
        busy_changed(bool): store work started (True) or the last queued piece ended (False).
        changed(): something was written; views reload.
        prepared(): accounts synced from the guide, the first user bootstrapped.
        housekeeping_done(list[DraftRecord], list[ExpiryWarning]): drafts that just expired,
            and the user's drafts about to.
        draft_saved(DraftRecord): the composer's draft was created or autosaved.
        save_failed(str): that save failed (after ``failed`` said why).
        recovery_loaded(list[RecoveryRecord]): journalled editor text not yet saved.
        approval_queued(QueueOutcome): an approval's draft entered its queue, or the reason
            it did not (after ``action_done``, before ``changed``).
        draft_opened(DraftDetail): a draft to continue in the composer.
        author_action_done(DraftRecord, str): the author withdrew, deleted or restored a
            draft (the action's value).
        draft_copied(DraftRecord, int): a new draft made from the text of draft ``int``.
        draft_moved(DraftRecord, str): the composer's draft moved; the account it left.
        move_failed(str): that move was refused (after ``failed`` said why).
        changes_requested_loaded(tuple[ChangeRequest, ...]): the user's drafts sent back.
        media_loaded(int, tuple[LoadedMedia, ...]): a draft's media, for the composer.
        media_refused(str): a save kept the text but not the new media (why), before
            ``draft_saved``.
    """

    drafts_loaded = Signal(object)
    inbox_loaded = Signal(object)
    draft_loaded = Signal(object)
    audit_loaded = Signal(object)
    accounts_loaded = Signal(object)
    action_done = Signal(object)
    comment_added = Signal(object)
    credentials_stored = Signal(str)
    failed = Signal(str)
    busy_changed = Signal(bool)
    changed = Signal()
    prepared = Signal()
    housekeeping_done = Signal(object, object)
    draft_saved = Signal(object)
    save_failed = Signal(str)
    recovery_loaded = Signal(object)
    approval_queued = Signal(object)
    draft_opened = Signal(object)
    author_action_done = Signal(object, str)
    draft_copied = Signal(object, int)
    draft_moved = Signal(object, str)
    move_failed = Signal(str)
    changes_requested_loaded = Signal(object)
    media_loaded = Signal(int, object)
    media_refused = Signal(str)

    def __init__(
        self,
        url: str,
        *,
        runner: Runner | None = None,
        now: Callable[[], datetime] = _now_utc,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.url = url
        self._runner: Runner = runner if runner is not None else OperationRunner("store", self)
        self._now = now
        self._store: Store | None = None
        self._guide: Guide | None = None
        # Used on the worker thread only (the window's checker stays on the UI thread).
        self._worker_checker: Checker | None = None
        # OperationRunner says when it starts and stops working (the inline test double too).
        runner_busy = getattr(self._runner, "busy_changed", None)
        if runner_busy is not None:
            runner_busy.connect(self.busy_changed)

    # -- reads ---------------------------------------------------------------------------

    def load_accounts(self) -> None:
        """Emit ``accounts_loaded`` with the account handles."""

        def work(store: Store) -> tuple[str, ...]:
            return tuple(a.handle for a in store.accounts.list())

        self._submit(work, self.accounts_loaded.emit)

    def load_drafts(
        self,
        token: int,
        *,
        account: str | None = None,
        author: str | None = None,
        viewer: str | None = None,
        offset: int = 0,
        limit: int = PAGE_SIZE,
    ) -> None:
        """Emit ``drafts_loaded`` with drafts ``offset..offset+limit`` (newest first).

        Args:
            token: Answers carry it back (to drop stale pages).
            account: Only this account's drafts.
            author: Only this person's drafts.
            viewer: Whose commands each row carries (none without a viewer).
            offset: First row.
            limit: Rows in the page.
        """

        def work(store: Store) -> DraftsPage:
            found = store.drafts.list(
                account=account or None, author=author or None, offset=offset, limit=limit + 1
            )
            rows = []
            actors: dict[str, Any] = {}
            unreviewed: dict[tuple[str, bool], bool] = {}
            for record in found[:limit]:
                # The list query carries no findings: the guide gives them (as everywhere),
                # with the spelling findings stored with the current version, and its media.
                report = self._assess(
                    record.text,
                    record.account,
                    store.drafts.get(record.id),
                    store.media.of(record.id),
                )
                commands: frozenset[DraftCommand] = frozenset()
                if viewer:
                    if record.account not in actors:
                        actors[record.account] = store.users.actor(viewer, record.account)
                    commands = draft_commands(record.facts(), actors[record.account])
                kind = (record.account, record.in_reply_to is not None)
                if kind not in unreviewed:
                    policy = store.accounts.policy(record.account)
                    unreviewed[kind] = not policy.steps_for(is_reply=kind[1])
                rows.append(
                    DraftRow(
                        record,
                        len(report.findings),
                        report.score or 0.0,
                        commands,
                        no_review=unreviewed[kind],
                    )
                )
            return DraftsPage(token, offset, tuple(rows), len(found) > limit)

        self._submit(work, self.drafts_loaded.emit)

    def load_inbox(
        self, token: int, reviewer: str, *, offset: int = 0, limit: int = PAGE_SIZE
    ) -> None:
        """Emit ``inbox_loaded`` with the reviewer's waiting drafts (oldest waiting first)."""

        def work(store: Store) -> InboxPage:
            found = store.drafts.inbox(reviewer, now=self._now(), offset=offset, limit=limit + 1)
            return InboxPage(token, offset, tuple(found[:limit]), len(found) > limit)

        self._submit(work, self.inbox_loaded.emit)

    def load_media(self, draft_id: int) -> None:
        """Read a draft's media (the composer opened it); ``media_loaded`` after."""

        def work(store: Store) -> tuple[LoadedMedia, ...]:
            return draft_media(store, draft_id)

        self._submit(work, lambda media: self.media_loaded.emit(draft_id, media))

    def load_draft(self, draft_id: int, user: str) -> None:
        """Emit ``draft_loaded`` with the draft as ``user`` sees it."""
        self._submit(lambda store: self._detail(store, draft_id, user), self.draft_loaded.emit)

    def open_draft(self, draft_id: int, user: str) -> None:
        """Emit ``draft_opened`` with the draft, to continue writing it in the composer."""
        self._submit(lambda store: self._detail(store, draft_id, user), self.draft_opened.emit)

    def load_changes_requested(self, author: str) -> None:
        """Emit ``changes_requested_loaded`` with ``author``'s drafts that were sent back."""

        def work(store: Store) -> tuple[ChangeRequest, ...]:
            found = []
            for record in store.drafts.list(author=author, state=State.CHANGES_REQUESTED):
                asked = [
                    r for r in store.drafts.reviews(record.id) if r.decision == "request_changes"
                ]
                if asked:
                    last = asked[-1]
                    found.append(
                        ChangeRequest(record, last.reviewer, last.comment, last.created_at)
                    )
            return tuple(found)

        self._submit(work, self.changes_requested_loaded.emit)

    def _detail(self, store: Store, draft_id: int, user: str) -> DraftDetail:
        draft = store.drafts.get(draft_id)
        versions = tuple(store.drafts.versions(draft_id))
        reviews = tuple(store.drafts.reviews(draft_id))
        policy = store.drafts.policy_for(draft_id)
        actor = store.users.actor(user, draft.account)
        number = review_base((r.text_version for r in reviews), draft.text_version)
        base = next((v for v in versions if v.number == number), None)
        clock = review_clock(draft.facts(), policy, self._now())
        media = draft_media(store, draft_id)
        report = self._assess(draft.text, draft.account, draft, [m.item for m in media])
        return DraftDetail(
            draft=replace(draft, findings=report.findings),
            score=report.score,
            user=user,
            versions=versions,
            comments=tuple(store.drafts.comments(draft_id)),
            reviews=reviews,
            allowed=allowed_actions(draft.facts(), actor, policy),
            base_version=base,
            diff=word_diff(base.text, draft.text) if base else (),
            waiting_minutes=clock.waiting_minutes if clock else None,
            target_minutes=policy.review_target_minutes,
            overdue=clock.overdue if clock else False,
            commands=draft_commands(draft.facts(), actor),
            media=media,
            no_review=not policy.steps,
        )

    def load_audit(self, draft_id: int | None = None) -> None:
        """Emit ``audit_loaded`` with the audit trail (of one draft, or all of it)."""

        def work(store: Store) -> AuditPage:
            return AuditPage(draft_id, tuple(store.audit.list(draft_id=draft_id)))

        self._submit(work, self.audit_loaded.emit)

    # -- writes --------------------------------------------------------------------------

    def review(
        self,
        draft_id: int,
        decision: Action,
        *,
        actor: str,
        expected_version: int,
        comment: str = "",
        span: tuple[int, int] | None = None,
        text_version: int | None = None,
    ) -> None:
        """Approve, request changes or reject; ``action_done`` then ``changed`` on success.

        ``text_version`` is the text the reviewer read: the decision is refused (a conflict)
        when the draft's text is another version by the time it reaches the store.

        With a guide (:meth:`set_guide`), an approved draft is queued at once, as the
        command line does, and ``approval_queued`` says where or why not.
        """
        guide = self._guide

        def work(store: Store) -> tuple[DraftRecord, QueueOutcome | None]:
            now = self._now()
            record = store.drafts.review(
                draft_id,
                decision,
                actor=actor,
                expected_version=expected_version,
                now=now,
                comment=comment,
                span=Span(*span) if span else None,
                text_version=text_version,
            )
            if guide is None:
                return record, None
            # As on the command line: an approved draft enters its queue in the same operation.
            outcome = queue_after_approval(store, guide, record, now=now)
            return outcome.record, outcome

        self._submit(work, self._decided)

    # -- the composer's draft -----------------------------------------------------------

    def prepare(self, specs: list[AccountSpec], user: str) -> None:
        """Sync accounts from the guide; on SQLite the first user becomes admin."""

        def work(store: Store) -> None:
            now = self._now()
            # In the user's name: only an admin's guide turns an account's review off.
            store.accounts.sync(specs, now=now, actor=user)
            if is_sqlite(self.url) and store.users.count() == 0:
                store.users.add(user, [Role.ADMIN], actor=user, now=now)

        self._submit(work, lambda _v: self.prepared.emit())

    def housekeeping(self, user: str) -> None:
        """Expire drafts whose intended time passed unapproved; find warnings for ``user``."""

        def work(store: Store) -> tuple[list[DraftRecord], list[ExpiryWarning]]:
            now = self._now()
            expired = store.drafts.expire_due(now=now)
            warnings = [w for w in store.drafts.expiry_warnings(now=now) if user in w.recipients]
            return expired, warnings

        def done(value: tuple[list[DraftRecord], list[ExpiryWarning]]) -> None:
            expired, warnings = value
            self.housekeeping_done.emit(expired, warnings)
            if expired:
                self.changed.emit()

        self._submit(work, done)

    def save_draft(
        self,
        draft_id: int | None,
        account: str,
        text: str,
        *,
        actor: str,
        expected_version: int,
        findings: tuple[Finding, ...],
        media: tuple[LoadedMedia, ...] | None = None,
    ) -> None:
        """Create the draft (``draft_id`` None) or autosave its text; ``draft_saved`` after.

        With ``media``, the draft's media are saved right after its text, in the same turn of
        the store's worker (so the version each write expects is the one before it).
        """

        def work(store: Store) -> tuple[DraftRecord, str]:
            if draft_id is None:
                record = store.drafts.create(
                    account, text, author=actor, findings=findings, now=self._now()
                )
            else:
                record = store.drafts.save_text(
                    draft_id,
                    text,
                    expected_version,
                    actor=actor,
                    findings=findings,
                    now=self._now(),
                )
            if media is None:
                return record, ""
            try:
                saved = store.media.save(
                    record.id,
                    [NewMedia(m.item, m.data) for m in media],
                    record.version,
                    actor=actor,
                    now=self._now(),
                )
            except MediaError as exc:  # the text is saved; the media stay as they were
                return record, str(exc)
            return saved, ""

        def done(value: tuple[DraftRecord, str]) -> None:
            record, refused = value
            if refused:
                self.media_refused.emit(refused)
            self._written(self.draft_saved)(record)

        def failure(error: BaseException) -> None:
            # Only this save's own failure frees the composer to save again: a failed journal
            # write while the save waits must not let a second "create" start.
            self.save_failed.emit(str(error))
            self._on_failure(error)

        self._runner.submit(lambda: work(self._open()), done, failure)

    def submit_draft(
        self,
        draft_id: int,
        *,
        actor: str,
        expected_version: int,
        findings: tuple[Finding, ...],
        reason: str = "",
        account: str | None = None,
    ) -> None:
        """Submit for review (the store re-checks the rules); ``action_done`` on success.

        ``account`` is the account shown: the store refuses a draft that belongs to another.
        An account with no review approves the draft at once: with a guide, it then enters
        its queue as an approval does (``approval_queued`` says where or why not).
        """
        guide = self._guide

        def work(store: Store) -> tuple[DraftRecord, QueueOutcome | None]:
            now = self._now()
            record = store.drafts.submit(
                draft_id,
                actor=actor,
                expected_version=expected_version,
                findings=findings,
                now=now,
                reason=reason,
                account=account,
            )
            if guide is None or record.state is not State.APPROVED:
                return record, None
            outcome = queue_after_approval(store, guide, record, now=now)
            return outcome.record, outcome

        self._submit(work, self._decided)

    def move_draft(
        self,
        draft_id: int,
        account: str,
        *,
        actor: str,
        expected_version: int,
        findings: tuple[Finding, ...],
    ) -> None:
        """Move the composer's draft to ``account``; ``draft_moved`` or ``move_failed`` after."""

        def work(store: Store) -> tuple[DraftRecord, str]:
            previous = store.drafts.get(draft_id).account
            record = store.drafts.move(
                draft_id,
                account,
                actor=actor,
                expected_version=expected_version,
                findings=findings,
                now=self._now(),
            )
            return record, previous

        def done(value: tuple[DraftRecord, str]) -> None:
            self.draft_moved.emit(*value)
            self.changed.emit()

        def failure(error: BaseException) -> None:
            self._on_failure(error)
            self.move_failed.emit(str(error))

        self._runner.submit(lambda: work(self._open()), done, failure)

    def author_action(
        self, draft_id: int, action: Action, *, actor: str, expected_version: int
    ) -> None:
        """Withdraw (``RECALL``), delete or restore a draft; ``author_action_done`` after."""

        def work(store: Store) -> DraftRecord:
            return store.drafts.transition(
                draft_id, action, actor=actor, expected_version=expected_version, now=self._now()
            )

        def done(record: DraftRecord) -> None:
            self.author_action_done.emit(record, action.value)
            self.changed.emit()

        self._submit(work, done)

    def duplicate_draft(self, draft_id: int, *, actor: str) -> None:
        """Start a new draft with the text of ``draft_id``; ``draft_copied`` after."""

        def work(store: Store) -> DraftRecord:
            return store.drafts.duplicate(draft_id, actor=actor, now=self._now())

        def done(record: DraftRecord) -> None:
            self.draft_copied.emit(record, draft_id)
            self.changed.emit()

        self._submit(work, done)

    def journal(
        self,
        session_key: str,
        text: str,
        *,
        draft_id: int | None,
        account: str,
        user: str,
        base_version: int | None = None,
    ) -> None:
        """Remember unsaved editor text (crash safety); failures go to ``failed``."""

        def work(store: Store) -> None:
            store.recovery.journal(
                session_key,
                text,
                now=self._now(),
                draft_id=draft_id,
                base_version=base_version,
                account=account,
                user=user,
            )

        self._submit(work, lambda _v: None)

    def discard_recovery(self, session_key: str, draft_id: int | None = None) -> None:
        """Forget a journalled text."""
        self._submit(lambda store: store.recovery.discard(session_key, draft_id), lambda _v: None)

    def load_recovery(self, user: str) -> None:
        """Emit ``recovery_loaded`` with the user's journalled texts, newest first."""
        self._submit(lambda store: store.recovery.pending(user=user), self.recovery_loaded.emit)

    def add_comment(
        self, draft_id: int, body: str, *, actor: str, span: tuple[int, int] | None = None
    ) -> None:
        """Comment on the current text version (``span``: Python indices into its text)."""

        def work(store: Store) -> CommentRecord:
            return store.drafts.add_comment(
                draft_id, body, actor=actor, now=self._now(), span=Span(*span) if span else None
            )

        self._submit(work, self._written(self.comment_added))

    def store_credentials(
        self,
        handle: str,
        credentials: XCredentials,
        *,
        actor: str,
        secrets: SecretStore,
    ) -> None:
        """Keep an account's X API credentials in the keyring and audit that (never the values).

        Only an admin of the account may, as on the command line.
        """

        def work(store: Store) -> str:
            if not store.users.actor(actor, handle).has(Role.ADMIN):
                raise PermissionDeniedError(
                    QCoreApplication.translate(
                        "StoreClient",
                        "only an admin may store credentials; %1 is not an admin of %2",
                    )
                    .replace("%1", repr(actor))
                    .replace("%2", handle)
                )
            secrets.set(handle, credentials)
            store.audit.record(
                "credentials_stored",
                actor=actor,
                now=self._now(),
                account=handle,
                detail="X API credentials stored in the OS keyring "
                f"({type(secrets.backend).__name__})",
            )
            return handle

        self._submit(work, self._written(self.credentials_stored))

    # -- shared with other pages' clients ------------------------------------------------

    @property
    def clock(self) -> Callable[[], datetime]:
        """The clock the store's writes are stamped with."""
        return self._now

    def set_guide(self, guide: Guide | None) -> None:
        """The guide approvals are queued by and drafts are assessed with.

        ``None``: approvals are not queued, and drafts show their stored findings.
        """
        self._guide = guide

    def _assess(
        self, text: str, account: str, stored: DraftRecord, media: Sequence[MediaItem] = ()
    ) -> Report:
        """Findings and score of a stored draft, as the window, ``check`` and exports give them.

        Runs on the worker thread, with its own checker (built once per guide). The spelling
        findings stored with the version are the spelling service's part; the draft's
        ``media`` add the guide's media findings (alt text...). Without a guide, or for an
        account the guide no longer has, the stored findings stand alone.
        """
        guide = self._guide
        spelling = spelling_of(stored.findings)
        if guide is not None:
            checker = self._worker_checker
            if checker is None or checker.guide is not guide:
                checker = self._worker_checker = Checker(guide)
            try:
                return assess(checker, text, account, spelling=spelling, media=media)
            except KnownError:
                pass  # the account left the guide: nothing to check it against
        return Report(
            text=text,
            findings=stored.findings,
            score=brand_score(stored.findings, text, 0.0, 0.0),
        )

    def run(
        self,
        work: Callable[[Store], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``work(store)`` on the store's worker thread (the queue page's client uses it).

        ``on_success`` gets the result on the UI thread. A refusal reaches ``on_failure`` as
        its sentence (``failed`` when none is given); anything else is a bug and is raised.
        """
        if on_failure is None:
            self._submit(work, on_success)
            return

        def failure(error: BaseException) -> None:
            if isinstance(error, KnownError | ValueError):
                on_failure(str(error))
                return
            raise error

        self._runner.submit(lambda: work(self._open()), on_success, failure)

    # -- life ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the store on its thread and stop the worker (after queued work)."""

        def work() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        self._runner.submit(work, lambda _v: None, self._on_failure)
        self._runner.shutdown()

    def _open(self) -> Store:
        # Runs on the worker thread: the store (and its engine) belong to that thread.
        if self._store is None:
            self._store = Store.open(self.url)
        return self._store

    def _submit(self, work: Callable[[Store], Any], on_success: Callable[[Any], None]) -> None:
        self._runner.submit(lambda: work(self._open()), on_success, self._on_failure)

    def _decided(self, value: tuple[DraftRecord, QueueOutcome | None]) -> None:
        # A review decision or a submission was stored (and an approval queued, or not).
        record, outcome = value
        self.action_done.emit(record)
        if outcome is not None and (outcome.queued or outcome.message):
            self.approval_queued.emit(outcome)
        self.changed.emit()

    def _written(self, signal: Any) -> Callable[[Any], None]:  # noqa: ANN401 - a bound Signal
        def done(value: Any) -> None:  # noqa: ANN401 - the signal's payload
            signal.emit(value)
            self.changed.emit()

        return done

    def _on_failure(self, error: BaseException) -> None:
        if isinstance(error, KnownError | ValueError):
            self.failed.emit(str(error))
            return
        raise error
