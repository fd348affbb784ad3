"""The credentials dialog's "Connect account…": Sign in with X, off the UI thread, cancellable.

The flow itself is :func:`composer.services.x_oauth.connect_account` (PKCE, loopback
redirect, the account checked against X's answer, tokens into the OS keyring only); this
button starts it on a worker thread, turns into "Cancel sign-in" while the browser is open,
and reports in one sentence.
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from composer.core.errors import KnownError
from composer.services.secrets import SecretStore
from composer.ui.review.store_client import Runner
from composer.ui.workers import OperationRunner

if TYPE_CHECKING:
    # The OAuth client and its HTTP stack are imported on first use: the window builds this
    # button before its first paint.
    from composer.services.x_oauth import Opener, XOAuthClient

#: Makes the OAuth client for an account (its X app's client id); raises a known error when
#: no client id is set.
ClientFor = Callable[[str], "XOAuthClient"]


def workspace_client_for(root: Path | None) -> ClientFor:
    """Clients with the client id of ``root/workspace.toml`` (``[x] client_id``)."""

    def make(handle: str) -> XOAuthClient:
        from composer.services.x_oauth import XOAuthClient  # noqa: PLC0415
        from composer.services.x_settings import XSettings, load_x_settings  # noqa: PLC0415

        settings = load_x_settings(root) if root is not None else XSettings()
        return XOAuthClient(settings.client_id_for(handle), redirect_port=settings.redirect_port)

    return make


def _open_in_browser(url: str) -> None:
    webbrowser.open(url)


class ConnectButton(QPushButton):
    """Runs "Sign in with X" for one account; a second click cancels.

    Signals:
        message(str): a sentence for the dialog (progress, success or why not).
        connected(str): the account's handle, once its sign-in is in the keyring.
    """

    message = Signal(str)
    connected = Signal(str)

    def __init__(
        self,
        secrets: SecretStore,
        client_for: ClientFor,
        *,
        opener: Opener = _open_in_browser,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._secrets = secrets
        self._client_for = client_for
        #: Shows X's authorization page (the browser; a test follows it itself).
        self.opener = opener
        self._runner: Runner = runner if runner is not None else OperationRunner("x-sign-in", self)
        self._cancel: threading.Event | None = None
        self._handle = ""
        self._reset()
        self.setToolTip(
            self.tr(
                "Sign in with X in the browser (OAuth 2.0): no keys to paste; the sign-in is "
                "kept in the OS keyring and renewed by itself"
            )
        )

    def _reset(self) -> None:
        self._cancel = None
        self.setText(self.tr("&Connect Account…"))
        self.setAccessibleName(self.tr("Connect account with X"))

    @property
    def running(self) -> bool:
        """Whether a sign-in is waiting for the browser."""
        return self._cancel is not None

    def start(self, handle: str) -> None:
        """Sign ``handle`` in (or cancel the sign-in that runs)."""
        if self._cancel is not None:
            self._cancel.set()
            return
        try:
            client = self._client_for(handle)
        except KnownError as exc:
            self.message.emit(str(exc))
            return
        cancel = threading.Event()
        self._cancel, self._handle = cancel, handle
        secrets, opener = self._secrets, self.opener
        self.setText(self.tr("Cancel Sign-in"))
        self.setAccessibleName(self.tr("Cancel the sign-in with X"))
        self.message.emit(
            self.tr("Sign in to X as %1 in the browser window that opened…").replace("%1", handle)
        )
        from composer.services.x_oauth import connect_account  # noqa: PLC0415

        self._runner.submit(
            lambda: connect_account(handle, client, secrets, opener, cancel=cancel),
            self._on_connected,
            self._on_failed,
        )

    def shutdown(self) -> None:
        """Cancel a running sign-in and let its thread end."""
        if self._cancel is not None:
            self._cancel.set()
        self._runner.shutdown(timeout=0)

    @Slot(object)
    def _on_connected(self, answered: object) -> None:
        handle = self._handle
        self._reset()
        self.message.emit(
            self.tr("%1 is connected: X signed in %2; the sign-in is in the OS keyring.")
            .replace("%1", handle)
            .replace("%2", str(answered))
        )
        self.connected.emit(handle)

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        from composer.services.x_oauth import SignInCancelledError  # noqa: PLC0415

        self._reset()
        if isinstance(error, SignInCancelledError):
            self.message.emit(str(error))
        elif isinstance(error, KnownError):
            self.message.emit(self.tr("Connect failed: %1").replace("%1", str(error)))
        else:
            raise error
