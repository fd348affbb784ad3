"""Account credentials: into the keyring through the client, never echoed, refused if insecure."""

from __future__ import annotations

import json

import keyring.backends.fail
from helpers.keyring_backend import MemoryKeyring
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from composer.services.secrets import SERVICE, SecretStore
from composer.store.store import Store
from composer.ui.review.credentials_dialog import CredentialsDialog
from composer.ui.review.store_client import StoreClient

VALUES = {
    "consumer_key": "ck-123",
    "consumer_secret": "cs-456-very-secret",
    "access_token": "at-789",
    "access_token_secret": "ats-000-very-secret",
}


def _dialog(qtbot: QtBot, client: StoreClient, secrets: SecretStore, user: str):
    dialog = CredentialsDialog(client, secrets, user, ["@Alerts", "@Help"])
    qtbot.addWidget(dialog)
    dialog.account_combo.setCurrentText("@Help")
    for key, value in VALUES.items():
        dialog.fields[key].setText(value)
    return dialog


def test_admin_stores_credentials_in_the_keyring(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    backend = MemoryKeyring()
    dialog = _dialog(qtbot, client, SecretStore(backend), "boss")
    assert dialog.keyring_usable
    assert all(e.echoMode() is QLineEdit.EchoMode.Password for e in dialog.fields.values())
    with qtbot.waitSignal(client.credentials_stored, timeout=2000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert json.loads(backend.entries[(SERVICE, "@Help")]) == VALUES
    assert all(not e.text() for e in dialog.fields.values())
    assert "stored" in dialog.message.text()
    (event,) = [e for e in store.audit.list() if e.action == "credentials_stored"]
    assert event.account == "@Help" and event.actor == "boss"
    assert not any(v in event.detail for v in VALUES.values())


def test_non_admin_is_refused_and_nothing_is_stored(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    backend = MemoryKeyring()
    dialog = _dialog(qtbot, client, SecretStore(backend), "ria")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert backend.entries == {}
    assert "only an admin" in dialog.message.text()
    assert not any(v in dialog.message.text() for v in VALUES.values())


def test_missing_field_is_named_without_echoing_secrets(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    backend = MemoryKeyring()
    dialog = _dialog(qtbot, client, SecretStore(backend), "boss")
    dialog.fields["access_token"].clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "access_token" in dialog.message.text()
    assert not any(v in dialog.message.text() for v in VALUES.values())
    assert backend.entries == {}


def test_refuses_when_no_secure_keyring(qtbot: QtBot, client: StoreClient, store: Store) -> None:
    dialog = _dialog(qtbot, client, SecretStore(keyring.backends.fail.Keyring()), "boss")
    assert not dialog.keyring_usable
    assert not dialog.save_button.isEnabled()
    assert "no secure keyring" in dialog.message.text()
    assert all(not e.isEnabled() for e in dialog.fields.values())
