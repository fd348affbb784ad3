"""Account settings: enter an account's X API credentials, kept only in the OS keyring.

The fields never echo what is typed (password mode), and nothing typed is shown back in a
message. Without a secure keyring the dialog says so up front and will not store anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from composer.core.errors import KnownError
from composer.services.secrets import CREDENTIAL_KEYS, SecretStore, XCredentials
from composer.ui.review.store_client import StoreClient
from composer.ui.translations import QT_TRANSLATE_NOOP

_LABELS = {
    "consumer_key": QT_TRANSLATE_NOOP("CredentialsDialog", "API key (consumer key)"),
    "consumer_secret": QT_TRANSLATE_NOOP("CredentialsDialog", "API key secret (consumer secret)"),
    "access_token": QT_TRANSLATE_NOOP("CredentialsDialog", "Access token"),
    "access_token_secret": QT_TRANSLATE_NOOP("CredentialsDialog", "Access token secret"),
}


class CredentialsDialog(QDialog):
    """Asks for the four X API secrets of one account and stores them through the client."""

    def __init__(
        self,
        client: StoreClient,
        secrets: SecretStore,
        user: str,
        accounts: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._secrets = secrets
        self.user = user
        self.setWindowTitle(self.tr("Account Credentials"))
        self.account_combo = QComboBox()
        self.account_combo.setAccessibleName(self.tr("Account"))
        self.account_combo.addItems(list(accounts))
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
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("The credentials go to the OS keyring only, never to the database."))
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._check_keyring()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._client.credentials_stored.connect(self._on_client_credentials_stored)
        self._client.failed.connect(self._on_client_failed)

    def _check_keyring(self) -> None:
        try:
            self._secrets.ensure_secure()
        except KnownError as exc:
            self.message.setText(str(exc))
            self.save_button.setEnabled(False)
            for edit in self.fields.values():
                edit.setEnabled(False)

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

    @Slot(str)
    def _on_client_credentials_stored(self, handle: str) -> None:
        for edit in self.fields.values():
            edit.clear()
        self.message.setText(
            self.tr("Credentials for {handle} stored in the OS keyring.").replace(
                "{handle}", handle
            )
        )

    @Slot(str)
    def _on_client_failed(self, message: str) -> None:
        if self.isVisible() or self.message.text() == self.tr("Storing…"):
            self.message.setText(message)
