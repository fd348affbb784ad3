"""The queue page's door to the store: queue reads and edits on the store's one worker thread.

:class:`QueueClient` hands its work to :meth:`StoreClient.run
<composer.ui.review.store_client.StoreClient.run>`, so the queue shares the one thread that
owns the database engine. Reads arrive as a frozen :class:`QueueSnapshot`; every edit
announces itself with a sentence on ``edited`` and then the store client's ``changed``, so
every view of the window reloads. A read that fails arrives as one sentence on ``failed``,
an edit the store refuses on ``refused``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from composer.core.ab_test import AbVerdict, PublicMetrics, compare_variants
from composer.core.checker import Checker
from composer.core.crisis import Recheck
from composer.core.guide.model import Guide, Schedule
from composer.core.schedule import ScheduleError
from composer.services.queueing import schedule_of, zone_of
from composer.store.metrics import MetricsReading
from composer.store.queue import PauseState
from composer.store.records import DraftRecord
from composer.store.store import Store
from composer.ui.queue.time_text import account_time
from composer.ui.review.store_client import StoreClient, next_token

#: Most history rows loaded at a time (newest first).
HISTORY_LIMIT = 500
#: Posts read before the first paint of a long queue (the rest follows at once).
FIRST_PAGE = 300


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    """What the queue page shows, read in one go.

    Attributes:
        token: The request this answers (a newer request makes it stale).
        account: The account shown (``None``: every account).
        entries: Queued and publishing posts, by time.
        history: Published, failed and waiting-for-a-person posts, newest first.
        waiting: Posts of every account whose publishing outcome a person must confirm.
        pause: Which queues are paused.
        accounts: Every account handle in the store.
    """

    token: int
    account: str | None
    entries: tuple[DraftRecord, ...]
    history: tuple[DraftRecord, ...]
    waiting: tuple[DraftRecord, ...]
    pause: PauseState
    accounts: tuple[str, ...]
    complete: bool = True
    #: The history posts' newest metrics readings, by draft id (issue 18).
    results: Mapping[int, MetricsReading] = field(default_factory=dict)
    #: Each A/B variant's pair verdict, by the variant's draft id.
    ab: Mapping[int, AbVerdict] = field(default_factory=dict)


def history_results(
    store: Store, history: Sequence[DraftRecord], account: str | None
) -> tuple[dict[int, MetricsReading], dict[int, AbVerdict]]:
    """The history posts' newest metrics, and each A/B variant's pair verdict (by draft id)."""
    results = store.metrics.latest([r.id for r in history])
    shown = {r.id for r in history if r.variant_group}
    ab: dict[int, AbVerdict] = {}
    if shown:
        pairs = store.queue.variants(account)
        readings = store.metrics.latest([r.id for pair in pairs for r in pair])
        empty = PublicMetrics()
        for a, b in pairs:
            if a.id not in shown and b.id not in shown:
                continue
            ra, rb = readings.get(a.id), readings.get(b.id)
            verdict = compare_variants(ra.metrics if ra else empty, rb.metrics if rb else empty)
            ab[a.id] = ab[b.id] = verdict
    return results, ab


class QueueClient(QObject):
    """Queue reads and edits for one user, run on the store client's worker thread.

    Args:
        client: The window's store client (its worker thread and clock are shared).
        user: Who edits the queue (the store checks that they may).
        parent: Qt parent.

    Signals:
        loaded(QueueSnapshot): the newest snapshot asked for (stale ones are dropped).
        edited(str): an edit was stored; a sentence for the status line.
        refused(str): an edit was refused or failed, as one sentence (nothing changed).
        failed(str): reading the queue failed, as one sentence.
        pause_loaded(PauseState): which queues are paused (after any read of the queue).
    """

    loaded = Signal(object)
    edited = Signal(str)
    refused = Signal(str)
    failed = Signal(str)
    pause_loaded = Signal(object)

    def __init__(self, client: StoreClient, user: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_client = client
        self.user = user
        self._guide: Guide | None = None
        self._checker: tuple[Guide, Checker] | None = None
        self._token = 0

    @property
    def guide(self) -> Guide | None:
        """The guide the schedules and time zones come from."""
        return self._guide

    def set_guide(self, guide: Guide | None) -> None:
        """Use ``guide`` for the accounts' schedules (edits need one)."""
        self._guide = guide

    # -- reads ---------------------------------------------------------------------------

    def load(self, account: str | None = None, *, history_limit: int = HISTORY_LIMIT) -> None:
        """Read the queue (of one account, or all), its history and the pause switches."""
        self._token = token = next_token()

        def first(store: Store) -> QueueSnapshot:
            # The soonest posts first, so a long queue paints at once; the rest follows.
            entries = tuple(store.queue.entries(account, limit=FIRST_PAGE + 1))
            complete = len(entries) <= FIRST_PAGE
            history = tuple(store.queue.history(account, limit=history_limit))
            results, ab = history_results(store, history, account)
            return QueueSnapshot(
                token=token,
                account=account,
                entries=entries[:FIRST_PAGE],
                history=history,
                waiting=tuple(store.queue.waiting()),
                pause=store.queue.pause_state(),
                accounts=tuple(a.handle for a in store.accounts.list()),
                complete=complete,
                results=results,
                ab=ab,
            )

        self.store_client.run(first, self._on_loaded, self.failed.emit)

    def load_pause(self) -> None:
        """Read only the pause switches (the window shows the crisis pause on every page)."""
        self.store_client.run(
            lambda store: store.queue.pause_state(), self.pause_loaded.emit, self.failed.emit
        )

    def _on_loaded(self, snapshot: QueueSnapshot) -> None:
        if snapshot.token != self._token:
            return
        self.pause_loaded.emit(snapshot.pause)
        self.loaded.emit(snapshot)
        if not snapshot.complete:

            def rest(store: Store) -> QueueSnapshot:
                entries = tuple(store.queue.entries(snapshot.account))
                return replace(snapshot, entries=entries, complete=True)

            self.store_client.run(rest, self._on_loaded, self.failed.emit)

    # -- edits ---------------------------------------------------------------------------

    def reorder(
        self, account: str, ordered_ids: Sequence[int], *, unpin: int | None = None
    ) -> None:
        """Give the account's unpinned posts this order (``unpin``: a pinned post joins it)."""

        def work(store: Store, now: datetime) -> str:
            if unpin is not None:
                store.queue.unpin(unpin, actor=self.user, now=now)
            store.queue.reorder(
                account,
                list(ordered_ids),
                actor=self.user,
                schedule=self._schedule(account),
                now=now,
            )
            return self.tr("%1's queue reordered.").replace("%1", account)

        self._edit(work)

    def pin(self, draft_id: int, at: datetime) -> None:
        """Fix a queued post at ``at`` (aware); reorders leave it there."""

        def work(store: Store, now: datetime) -> str:
            record = store.queue.pin(draft_id, at, actor=self.user, now=now)
            return (
                self.tr("Draft %1 pinned to %2.")
                .replace("%1", str(draft_id))
                .replace("%2", self._when(record))
            )

        self._edit(work)

    def unpin(self, draft_id: int) -> None:
        """Let a pinned post move with its queue again."""

        def work(store: Store, now: datetime) -> str:
            store.queue.unpin(draft_id, actor=self.user, now=now)
            return self.tr("Draft %1 moves with its queue again.").replace("%1", str(draft_id))

        self._edit(work)

    def post_next(self, draft_id: int) -> None:
        """Move a post to the front of its queue."""

        def work(store: Store, now: datetime) -> str:
            account = store.queue.get_queued(draft_id).account
            store.queue.post_next(
                draft_id, actor=self.user, schedule=self._schedule(account), now=now
            )
            return (
                self.tr("Draft %1 goes out next on %2.")
                .replace("%1", str(draft_id))
                .replace("%2", account)
            )

        self._edit(work)

    def unqueue(self, draft_id: int) -> None:
        """Take a post out of its queue (back to approved); later posts move up."""

        def work(store: Store, now: datetime) -> str:
            account = store.queue.get_queued(draft_id).account
            store.queue.unqueue(
                draft_id, actor=self.user, schedule=self._schedule(account), now=now
            )
            return self.tr("Draft %1 taken out of the queue; it stays approved.").replace(
                "%1", str(draft_id)
            )

        self._edit(work)

    def retry(self, draft_id: int, account: str) -> None:
        """Put a failed post back in its queue at the next free slot."""

        def work(store: Store, now: datetime) -> str:
            record = store.queue.retry(
                draft_id, actor=self.user, schedule=self._schedule(account), now=now
            )
            return (
                self.tr("Draft %1 is queued again for %2.")
                .replace("%1", str(draft_id))
                .replace("%2", self._when(record))
            )

        self._edit(work)

    def confirm(self, draft_id: int, *, published: bool, post_id: str | None = None) -> None:
        """Settle a post whose publishing outcome was unknown, after a person looked on X."""

        def work(store: Store, now: datetime) -> str:
            store.queue.confirm(
                draft_id, published=published, post_id=post_id, actor=self.user, now=now
            )
            if published:
                return (
                    self.tr("Draft %1 recorded as published (post %2).")
                    .replace("%1", str(draft_id))
                    .replace("%2", str(post_id))
                )
            return self.tr(
                "Draft %1 recorded as not published; retry it to queue it again."
            ).replace("%1", str(draft_id))

        self._edit(work)

    def set_paused(self, account: str | None, *, paused: bool) -> None:
        """Pause or resume one account's queue, or every queue (``None``: the crisis switch)."""
        guide = self._guide

        def work(store: Store, now: datetime) -> str:
            schedule_for = (lambda handle: schedule_of(guide, handle)) if guide else None
            state = store.queue.set_paused(
                account, paused=paused, actor=self.user, now=now, schedule_for=schedule_for
            )
            if account is None:
                if paused:
                    return self.tr("Every queue is paused: nothing will be published.")
                # Accounts paused on their own stay paused: say which, or it looks all clear.
                still = sorted(state.accounts)
                if still:
                    return self.tr(
                        "The crisis pause is over, but these queues are still paused on their "
                        "own: %1. Resume each one to publish its posts."
                    ).replace("%1", ", ".join(still))
                return self.tr("Every queue is running again: nothing is paused.")
            return (
                self.tr("%1's queue is paused.")
                if paused
                else self.tr("%1's queue is running again.")
            ).replace("%1", account)

        self._edit(work)

    def resume_all(self, crisis_words: Sequence[str] = ()) -> None:
        """Resume every queue after re-checking each queued post (issue 18, item 5).

        Posts with findings under the current guide, or with one of ``crisis_words``, go
        back to review before the crisis switch is lifted.
        """
        guide = self._guide
        words = tuple(crisis_words)

        def work(store: Store, now: datetime) -> str:
            if guide is None:
                raise ScheduleError(
                    self.tr("The brand guide is not loaded, so the queued posts cannot be checked.")
                )
            checker = self._checker_of(guide)
            outcome = store.queue.resume_all(
                Recheck(checker, words),
                actor=self.user,
                now=now,
                schedule_for=lambda handle: schedule_of(guide, handle),
            )
            back = len(outcome.sent_back)
            prefix = (
                self.tr("%1 of %2 queued posts went back to review after the re-check. ")
                .replace("%1", str(back))
                .replace("%2", str(outcome.checked))
                if back
                else ""
            )
            still = sorted(outcome.state.accounts)
            if still:
                return prefix + self.tr(
                    "The crisis pause is over, but these queues are still paused on their "
                    "own: %1. Resume each one to publish its posts."
                ).replace("%1", ", ".join(still))
            return prefix + self.tr("Every queue is running again: nothing is paused.")

        self._edit(work)

    def _checker_of(self, guide: Guide) -> Checker:
        # Runs on the worker thread; compiled once per guide (the guide is immutable).
        cached = self._checker
        if cached is None or cached[0] is not guide:
            cached = (guide, Checker(guide))
            self._checker = cached
        return cached[1]

    # -- plumbing ------------------------------------------------------------------------

    def _schedule(self, account: str) -> Schedule:
        # Runs on the worker thread; the guide is an immutable value.
        if self._guide is None:
            raise ScheduleError(
                self.tr(
                    "The brand guide is not loaded, so %1's posting schedule is unknown."
                ).replace("%1", account)
            )
        return schedule_of(self._guide, account)

    def _when(self, record: DraftRecord) -> str:
        if record.scheduled_at is None:
            return ""
        if self._guide is None:
            return record.scheduled_at.isoformat(timespec="minutes")
        return account_time(record.scheduled_at, zone_of(self._guide, record.account))

    def _edit(self, work: Callable[[Store, datetime], str]) -> None:
        clock = self.store_client.clock

        def run(store: Store) -> str:
            return work(store, clock())

        self.store_client.run(run, self._on_edited, self.refused.emit)

    def _on_edited(self, message: Any) -> None:  # noqa: ANN401 - the operation's result
        self.edited.emit(str(message))
        self.store_client.changed.emit()
