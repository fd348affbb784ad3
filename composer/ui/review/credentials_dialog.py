"""Account settings: an account's X API credentials, kept only in the OS keyring.

The list shows, for every account, whether credentials are stored (never their values); the
dialog opens on the current account. **Save** stores what was typed, **Remove** deletes the
stored entry, **Test** asks X (``GET /2/users/me``, off the UI thread, with a timeout) whose
credentials they are and says so; an answer for another account is an error. The fields never
echo what is typed (password mode), and nothing typed is shown back in a message. Without a
secure keyring the dialog says so up front and will not store anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.errors import KnownError
from composer.services.account_credentials import (
    admin_accounts,
    remove_credentials,
    stored_status,
)
from composer.services.secrets import CREDENTIAL_KEYS, SecretStore, XCredentials
from composer.store.store import Store
from composer.ui.review.connect_button import ClientFor, ConnectButton
from composer.ui.review.store_client import Runner, StoreClient
from composer.ui.translations import QT_TRANSLATE_NOOP
from composer.ui.workers import OperationRunner

_LABELS = {
    "consumer_key": QT_TRANSLATE_NOOP("CredentialsDialog", "API key (consumer key)"),
    "consumer_secret": QT_TRANSLATE_NOOP("CredentialsDialog", "API key secret (consumer secret)"),
    "access_token": QT_TRANSLATE_NOOP("CredentialsDialog", "Access token"),
    "access_token_secret": QT_TRANSLATE_NOOP("CredentialsDialog", "Access token secret"),
}


#: Checks credentials against X and returns the @handle they belong to (raises on mismatch).
Verifier = Callable[[XCredentials, str], str]


def check_account(credentials: XCredentials, handle: str) -> str:
    """:func:`composer.services.x_identity.check_account`, imported on first use.

    The X client and its HTTP stack are not needed to start the window, which builds the
    review page (and so imports this module) before its first paint.
    """
    from composer.services.x_identity import check_account as check  # noqa: PLC0415

    return check(credentials, handle)


class CredentialsDialog(QDialog):
    """Shows which accounts have credentials; stores, removes and tests them.

    Args:
        client: The store client (its worker thread reads the keyring and writes the audit).
        secrets: The keyring store.
        user: Who is acting (an admin of the account, or the store refuses).
        accounts: The account handles.
        parent: Qt parent.
        current: The account to open on (the window's current account).
        verify: Asks X whose credentials these are (default: ``GET /2/users/me``).
        runner: Runs the X test off the UI thread (default: a thread of its own).
    """

    def __init__(
        self,
        client: StoreClient,
        secrets: SecretStore,
        user: str,
        accounts: Sequence[str],
        parent: QWidget | None = None,
        *,
        current: str | None = None,
        verify: Verifier = check_account,
        runner: Runner | None = None,
        sign_in_client: ClientFor | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._secrets = secrets
        self._verify = verify
        self._runner: Runner = runner if runner is not None else OperationRunner("x-test", self)
        self.user = user
        self.status: dict[str, bool] = {}
        self.setWindowTitle(self.tr("Account Credentials"))
        self.status_list = QListWidget()
        self.status_list.setAccessibleName(self.tr("Accounts and their stored credentials"))
        self.status_list.setMaximumHeight(110)
        self.account_combo = QComboBox()
        self.account_combo.setAccessibleName(self.tr("Account"))
        self.account_combo.addItems(list(accounts))
        if current and current in accounts:
            self.account_combo.setCurrentText(current)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.addRow(self.tr("Account:"), self.account_combo)
        for key in CREDENTIAL_KEYS:
            edit = QLineEdit()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(self.tr(_LABELS[key]))
            self.fields[key] = edit
            form.addRow(self.tr("%1:").replace("%1", self.tr(_LABELS[key])), edit)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip(self.tr("Store the credentials in the OS keyring"))
        self.test_button = QPushButton(self.tr("&Test"))
        self.test_button.setToolTip(
            self.tr(
                "Ask X which account these credentials belong to (the typed ones, or the "
                "stored ones when the fields are empty)"
            )
        )
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setToolTip(self.tr("Delete this account's credentials from the keyring"))
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        # Sign in with X (OAuth 2.0 + PKCE) instead of pasting keys: composer/ui/review.
        self.connect_button: ConnectButton | None = None
        if sign_in_client is not None:
            self.connect_button = ConnectButton(secrets, sign_in_client, parent=self)
            self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.connect_button.clicked.connect(self._on_connect_clicked)
            self.connect_button.message.connect(self.message.setText)
            self.connect_button.connected.connect(self._on_connected)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("The credentials go to the OS keyring only, never to the database."))
        )
        layout.addWidget(self.status_list)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._connect_signals()
        if self._check_keyring():
            self.refresh_status()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self._on_test_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.status_list.currentRowChanged.connect(self._on_status_row_changed)
        self.account_combo.currentTextChanged.connect(self._on_account_changed)
        self._client.credentials_stored.connect(self._on_client_credentials_stored)
        self._client.failed.connect(self._on_client_failed)

    def done(self, result: int) -> None:
        """Close; the X test thread stops after its call (it has its own timeout)."""
        super().done(result)
        self._runner.shutdown(timeout=0)
        if self.connect_button is not None:
            self.connect_button.shutdown()

    def refresh_status(self) -> None:
        """Read from the keyring (on the store's thread) which accounts have credentials."""
        handles = [self.account_combo.itemText(i) for i in range(self.account_combo.count())]
        secrets = self._secrets
        self._client.run(
            lambda _store: stored_status(secrets, handles),
            self._on_status_loaded,
            self._show_message,
        )

    def _on_status_loaded(self, status: dict[str, bool]) -> None:
        self.status = dict(status)
        current = self.account_combo.currentText()
        self.status_list.blockSignals(True)
        self.status_list.clear()
        for handle, stored in status.items():
            text = (
                self.tr("%1: credentials stored")
                if stored
                else self.tr("%1: no credentials stored")
            ).replace("%1", handle)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, handle)
            self.status_list.addItem(item)
            if handle == current:
                self.status_list.setCurrentItem(item)
        self.status_list.blockSignals(False)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        if not self.save_button.isEnabled():
            return
        stored = self.status.get(self.account_combo.currentText(), False)
        self.remove_button.setEnabled(stored)

    @Slot(int)
    def _on_status_row_changed(self, row: int) -> None:
        item = self.status_list.item(row)
        if item is not None:
            self.account_combo.setCurrentText(str(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(str)
    def _on_account_changed(self, handle: str) -> None:
        for row in range(self.status_list.count()):
            if self.status_list.item(row).data(Qt.ItemDataRole.UserRole) == handle:
                self.status_list.setCurrentRow(row)
        self._sync_buttons()

    def _show_message(self, message: str) -> None:
        self.message.setText(message)

    def _check_keyring(self) -> bool:
        try:
            self._secrets.ensure_secure()
        except KnownError as exc:
            self.message.setText(str(exc))
            for widget in (self.save_button, self.test_button, self.remove_button):
                widget.setEnabled(False)
            for edit in self.fields.values():
                edit.setEnabled(False)
            return False
        return True

    @property
    def keyring_usable(self) -> bool:
        """False when the dialog refuses to store (no secure keyring)."""
        return self.save_button.isEnabled()

    @Slot()
    def _on_save(self) -> None:
        handle = self.account_combo.currentText()
        if not handle:
            self.message.setText(self.tr("Choose an account first."))
            return
        try:
            credentials = XCredentials.from_mapping(
                {key: edit.text() for key, edit in self.fields.items()}
            )
        except KnownError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(self.tr("Storing…"))
        self._client.store_credentials(handle, credentials, actor=self.user, secrets=self._secrets)

    @Slot()
    def _on_connect_clicked(self) -> None:
        button, handle, actor = self.connect_button, self.account_combo.currentText(), self.user
        if button is None or button.running:  # a second click cancels
            if button is not None:
                button.start(handle)
            return

        def allowed(store: Store) -> bool:
            return handle in admin_accounts(store, actor, (handle,))

        def go(admin: bool) -> None:  # noqa: FBT001 - the operation's result
            if admin:
                button.start(handle)
            else:
                self.message.setText(
                    self.tr("Only an admin of %1 may connect it; %2 is not.")
                    .replace("%1", handle)
                    .replace("%2", actor)
                )

        self._client.run(allowed, go, self._show_message)

    @Slot(str)
    def _on_connected(self, handle: str) -> None:
        actor, now = self.user, datetime.now(UTC)

        def audit(store: Store) -> None:
            store.audit.record(
                "x_sign_in_stored",
                actor=actor,
                now=now,
                account=handle,
                detail="Sign in with X (OAuth 2.0) stored in the OS keyring",
            )

        self._client.run(audit, lambda _none: self.refresh_status(), self._show_message)

    @Slot()
    def _on_remove_clicked(self) -> None:
        handle = self.account_combo.currentText()
        secrets, actor, now = self._secrets, self.user, datetime.now(UTC)

        def work(store: Store) -> bool:
            return remove_credentials(store, secrets, handle, actor=actor, now=now)

        def done(removed: bool) -> None:  # noqa: FBT001 - the operation's result
            text = (
                self.tr("Credentials for %1 removed from the OS keyring.")
                if removed
                else self.tr("No credentials were stored for %1.")
            )
            self.message.setText(text.replace("%1", handle))
            self.refresh_status()

        self._client.run(work, done, self._show_message)

    @Slot()
    def _on_test_clicked(self) -> None:
        handle = self.account_combo.currentText()
        typed = {key: edit.text() for key, edit in self.fields.items()}
        use_typed = any(value.strip() for value in typed.values())
        if use_typed:
            try:
                credentials: XCredentials | None = XCredentials.from_mapping(typed)
            except KnownError as exc:
                self.message.setText(str(exc))
                return
        else:
            credentials = None
        secrets, verify = self._secrets, self._verify

        def work() -> str:
            found = credentials if credentials is not None else secrets.get(handle)
            if found is None:
                raise _NothingStoredError(handle)
            return verify(found, handle)

        self.message.setText(self.tr("Asking X whose credentials these are…"))
        self.test_button.setEnabled(False)
        self._runner.submit(work, self._on_test_passed, self._on_test_failed)

    def _on_test_passed(self, answered: str) -> None:
        self.test_button.setEnabled(True)
        self.message.setText(
            self.tr("X answered for %1: the credentials work for this account.").replace(
                "%1", answered
            )
        )

    def _on_test_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        if isinstance(error, _NothingStoredError):
            self.message.setText(
                self.tr("No credentials are stored for %1: type them, then Test or Save.").replace(
                    "%1", str(error)
                )
            )
        elif isinstance(error, KnownError):
            self.message.setText(self.tr("Test failed: %1").replace("%1", str(error)))
        else:
            raise error

    @Slot(str)
    def _on_client_credentials_stored(self, handle: str) -> None:
        for edit in self.fields.values():
            edit.clear()
        self.message.setText(
            self.tr("Credentials for {handle} stored in the OS keyring.").replace(
                "{handle}", handle
            )
        )
        self.refresh_status()

    @Slot(str)
    def _on_client_failed(self, message: str) -> None:
        if self.isVisible() or self.message.text() == self.tr("Storing…"):
            self.message.setText(message)


class _NothingStoredError(Exception):
    """The Test found no credentials in the keyring for the account (its handle)."""
