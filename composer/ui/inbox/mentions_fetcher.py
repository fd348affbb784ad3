"""The inbox page's "Fetch now": accounts' mentions read from X off the UI thread.

A fetch is ``inbox fetch --force`` for the accounts asked (:func:`composer.services.mentions.
fetch_account`): X's rate limit and the monthly read budget still hold. It runs on a thread of
its own with its own connection to the workspace's store (X may be slow; the store's thread
keeps serving the views), one fetch at a time. Each account's outcome is a
:class:`~composer.services.mentions.FetchReport`; an account that fails does not stop the
others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from composer.core.errors import KnownError
from composer.services.mentions import FetchReport
from composer.services.publisher import Publisher
from composer.ui.workers import InlineRunner, OperationRunner

#: Makes the X client of an account, or ``None`` when it has no credentials.
PublisherFor = Callable[[str], Publisher | None]


def keyring_publishers() -> PublisherFor:
    """X clients from the OS keyring's credentials (refused when the keyring is not secure).

    Raises:
        InsecureKeyringError: no usable secure keyring (what to install, as a sentence).
    """
    from composer.services.x_oauth import keyring_publishers as from_keyring  # noqa: PLC0415

    return from_keyring("no mentions were read")


class MentionsFetcher(QObject):
    """Reads accounts' mentions from X on request, one fetch at a time, off the UI thread.

    Args:
        database_url: The workspace's store (opened on the fetch's thread for each fetch).
        user: Who fetches (the store checks they may: an admin of the account).
        publisher_for: The X client of an account (default: from the OS keyring).
        runner: Where fetches run (default: a thread of its own, made on first use).
        clock: The current time.
        parent: Qt parent.

    Signals:
        busy_changed(bool): a fetch started (True) or ended (False).
        fetched(object): the fetch's tuple of :class:`FetchReport`, one per account.
        failed(str): the fetch could not be done at all, as one sentence.
    """

    busy_changed = Signal(bool)
    fetched = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        database_url: str,
        user: str,
        *,
        publisher_for: PublisherFor | None = None,
        runner: OperationRunner | InlineRunner | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._url = database_url
        self._user = user
        self._publisher_for = publisher_for
        self._runner = runner
        self._clock = clock
        self.busy = False

    def fetch(self, handles: Sequence[str]) -> bool:
        """Read ``handles``' new mentions now; ``False`` (nothing done) while one is under way."""
        if self.busy or not handles:
            return False
        self.busy = True
        self.busy_changed.emit(True)
        url, user, now, maker = self._url, self._user, self._clock(), self._publisher_for
        wanted = tuple(handles)

        def work() -> tuple[FetchReport, ...]:
            from composer.core.inbox import InboxError  # noqa: PLC0415 - on the fetch thread
            from composer.services.mentions import fetch_account  # noqa: PLC0415
            from composer.services.publisher import XApiError  # noqa: PLC0415
            from composer.store.store import Store  # noqa: PLC0415

            publisher_for = maker if maker is not None else keyring_publishers()
            reports = []
            with Store.open(url) as store:
                for handle in wanted:
                    try:
                        publisher = publisher_for(handle)
                        reports.append(
                            fetch_account(store, handle, publisher, actor=user, now=now, force=True)
                        )
                    except (XApiError, InboxError) as exc:  # the others are still read
                        reports.append(FetchReport(handle, "failed", message=str(exc)))
            return tuple(reports)

        if self._runner is None:
            self._runner = OperationRunner("mentions", self)
        self._runner.submit(work, self._on_done, self._on_failed)
        return True

    def stop(self) -> None:
        """No more fetches: the thread ends after the fetch under way, if any."""
        runner, self._runner = self._runner, None
        if runner is not None:
            runner.shutdown(0)

    def _on_done(self, reports: object) -> None:
        self._end()
        self.fetched.emit(reports)

    def _on_failed(self, error: BaseException) -> None:
        self._end()
        if not isinstance(error, KnownError):
            raise error  # a bug: the crash dialog and the log, never swallowed
        self.failed.emit(self.tr("No mentions were read: %1").replace("%1", str(error)))

    def _end(self) -> None:
        self.busy = False
        self.busy_changed.emit(False)


__all__ = ["MentionsFetcher", "PublisherFor", "keyring_publishers"]
