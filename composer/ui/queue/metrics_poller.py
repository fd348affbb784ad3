"""The window's background metrics fetch (issue 18, item 1): ``metrics fetch`` on a timer.

Every ``every`` (default an hour) the poller reads the public metrics of published posts that
are due a reading, on a thread of its own (X may be slow; the store's thread keeps serving
the views), with its own connection to the workspace's store. X's rate limit is honoured by
the fetch itself (:mod:`composer.services.x_metrics`). When readings were stored, the
window's views reload (``changed``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from composer.services.publisher import Publisher
from composer.services.x_metrics import DEFAULT_EVERY, MetricsReport, fetch_all
from composer.ui.workers import InlineRunner, OperationRunner

#: Makes the publisher (X client) of an account, or ``None`` without credentials.
PublisherFor = Callable[[str], Publisher | None]


def keyring_publishers() -> PublisherFor:
    """Publishers from the OS keyring's credentials (the app's)."""
    from composer.services.x_oauth import keyring_publishers as from_keyring  # noqa: PLC0415

    return from_keyring()


class MetricsPoller(QObject):
    """Reads published posts' metrics from X now and then, off the UI thread.

    Args:
        database_url: The workspace's store (opened on the poller's thread for each run).
        accounts: The accounts to read (called at each run: the guide may change).
        user: Who fetches (recorded with the rate-limit wait).
        publisher_for: The X client of an account (default: from the OS keyring).
        every: The cadence when the workspace sets none (``metrics cadence``): a post is
            read again after this long, and runs come this often.
        runner: Where runs happen (default: a thread of its own).
        clock: The current time (tests pass their own).

    Signals:
        fetched(object): the run's list of :class:`MetricsReport`.
        failed(str): the run could not be done, as one sentence.
        changed(): readings were stored (the views should reload).
    """

    fetched = Signal(object)
    failed = Signal(str)
    changed = Signal()

    def __init__(
        self,
        database_url: str,
        accounts: Callable[[], Sequence[str]],
        user: str,
        *,
        publisher_for: PublisherFor | None = None,
        every: timedelta = DEFAULT_EVERY,
        runner: OperationRunner | InlineRunner | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._url = database_url
        self._accounts = accounts
        self._user = user
        self._publisher_for = publisher_for
        self.every = every
        self._own_runner = runner is None
        self._runner = runner if runner is not None else OperationRunner("metrics")
        self._clock = clock
        self._running = False
        self.timer = QTimer(self)
        self.timer.setInterval(int(every.total_seconds() * 1000))
        self.timer.timeout.connect(self.poll_now)

    def start(self) -> None:
        """Read now, then at every cadence."""
        self.timer.start()
        self.poll_now()

    def stop(self) -> None:
        """No more runs (a run under way finishes)."""
        self.timer.stop()
        if self._own_runner:
            self._runner.shutdown(0)

    @Slot()
    def poll_now(self) -> None:
        """One run (skipped while one is under way)."""
        if self._running:
            return
        self._running = True
        handles = tuple(self._accounts())
        url, user, every, now = self._url, self._user, self.every, self._clock()
        maker = self._publisher_for

        def work() -> tuple[list[MetricsReport], timedelta]:
            from composer.store.store import Store  # noqa: PLC0415

            publisher_for = maker if maker is not None else keyring_publishers()
            with Store.open(url) as store:
                cadence = store.metrics.cadence() or every  # the workspace's, when set
                reports = fetch_all(
                    store, handles, publisher_for, actor=user, now=now, every=cadence
                )
                return reports, cadence

        self._runner.submit(work, self._on_done, self._on_failed)

    def _on_done(self, outcome: object) -> None:
        self._running = False
        if not isinstance(outcome, tuple):  # pragma: no cover - the work's contract
            return
        reports, cadence = outcome
        if cadence != self.every:  # 'metrics cadence' changed it: run at the new pace
            self.every = cadence
            self.timer.setInterval(int(cadence.total_seconds() * 1000))
        self.fetched.emit(reports)
        if any(isinstance(r, MetricsReport) and r.posts for r in reports):
            self.changed.emit()

    def _on_failed(self, error: BaseException) -> None:
        self._running = False
        self.failed.emit(self.tr("Reading results from X failed: %1").replace("%1", str(error)))


__all__ = ["MetricsPoller", "PublisherFor", "keyring_publishers"]
