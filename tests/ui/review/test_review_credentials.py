"""Account credentials: into the keyring through the client, never echoed, refused if insecure."""

from __future__ import annotations

import json

import keyring.backends.fail
from helpers.fake_x_api import running_fake_x_api
from helpers.keyring_backend import MemoryKeyring
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from composer.services.secrets import SERVICE, OAuth2Tokens, SecretStore
from composer.services.x_identity import check_account
from composer.store.store import Store
from composer.ui.review.credentials_dialog import CredentialsDialog
from composer.ui.review.review_page import ReviewPage
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


def _stored(backend: MemoryKeyring, handle: str) -> None:
    backend.entries[(SERVICE, handle)] = json.dumps(VALUES)


def test_status_per_account_never_shows_values_and_opens_on_current(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    backend = MemoryKeyring()
    _stored(backend, "@Help")
    dialog = CredentialsDialog(
        client, SecretStore(backend), "boss", ["@Alerts", "@Help"], current="@Help"
    )
    qtbot.addWidget(dialog)
    assert dialog.account_combo.currentText() == "@Help"
    assert dialog.status == {"@Alerts": False, "@Help": True}
    rows = [dialog.status_list.item(i).text() for i in range(dialog.status_list.count())]
    assert rows == ["@Alerts: no credentials stored", "@Help: credentials stored"]
    assert dialog.status_list.currentItem().text().startswith("@Help")
    shown = " ".join(rows) + dialog.message.text()
    assert not any(v in shown for v in VALUES.values())
    assert dialog.remove_button.isEnabled()
    dialog.status_list.setCurrentRow(0)
    assert dialog.account_combo.currentText() == "@Alerts"
    assert not dialog.remove_button.isEnabled()


def test_admin_removes_credentials_audited(qtbot: QtBot, client: StoreClient, store: Store) -> None:
    backend = MemoryKeyring()
    _stored(backend, "@Help")
    dialog = CredentialsDialog(
        client, SecretStore(backend), "boss", ["@Alerts", "@Help"], current="@Help"
    )
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert backend.entries == {}
    assert "removed" in dialog.message.text()
    assert dialog.status["@Help"] is False
    (event,) = [e for e in store.audit.list() if e.action == "credentials_removed"]
    assert event.account == "@Help" and event.actor == "boss"


def test_a_signed_in_account_shows_as_stored_and_remove_takes_the_sign_in(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    backend = MemoryKeyring()
    secrets = SecretStore(backend)
    tokens = OAuth2Tokens("client", "access-SECRET", "refresh-SECRET", 1_800_000_000.0, "x")
    secrets.set_oauth2("@Help", tokens)  # connected with "Sign in with X", no OAuth 1.0a keys
    dialog = CredentialsDialog(client, secrets, "boss", ["@Alerts", "@Help"], current="@Help")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "@Help" in dialog.status, timeout=3000)
    assert dialog.status == {"@Alerts": False, "@Help": True}
    assert "SECRET" not in "".join(
        dialog.status_list.item(i).text() for i in range(dialog.status_list.count())
    )
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.get("@Help") is False, timeout=3000)
    assert secrets.get_oauth2("@Help") is None
    assert backend.entries == {}


def test_non_admin_cannot_remove(qtbot: QtBot, client: StoreClient, store: Store) -> None:
    backend = MemoryKeyring()
    _stored(backend, "@Help")
    dialog = CredentialsDialog(client, SecretStore(backend), "ria", ["@Help"], current="@Help")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert (SERVICE, "@Help") in backend.entries
    assert "only an admin may remove credentials" in dialog.message.text()


def _fake_credentials() -> tuple[str, str, str, str]:
    return (
        VALUES["consumer_key"],
        VALUES["consumer_secret"],
        VALUES["access_token"],
        VALUES["access_token_secret"],
    )


def _test_dialog(qtbot: QtBot, client: StoreClient, backend: MemoryKeyring, url: str):
    def verify(credentials, handle: str) -> str:
        return check_account(credentials, handle, base_url=url, timeout=5)

    dialog = CredentialsDialog(
        client,
        SecretStore(backend),
        "boss",
        ["@Alerts", "@brandco"],
        current="@brandco",
        verify=verify,
    )
    qtbot.addWidget(dialog)
    return dialog


def test_test_shows_the_handle_x_answers_for_off_the_ui_thread(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    backend = MemoryKeyring()
    _stored(backend, "@brandco")
    with running_fake_x_api(_fake_credentials()) as api:
        dialog = _test_dialog(qtbot, client, backend, api.url)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        # The answer comes from the dialog's own thread: the UI thread only waits here.
        assert "Asking X" in dialog.message.text()
        qtbot.waitUntil(lambda: "answered" in dialog.message.text(), timeout=5000)
        assert ("GET", "/2/users/me") in api.requests
    assert "@brandco" in dialog.message.text()
    assert dialog.test_button.isEnabled()
    dialog.done(0)


def test_test_reports_credentials_of_another_account(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    backend = MemoryKeyring()
    _stored(backend, "@brandco")
    with running_fake_x_api(_fake_credentials()) as api:
        api.username = "SomeoneElse"
        dialog = _test_dialog(qtbot, client, backend, api.url)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "failed" in dialog.message.text(), timeout=5000)
    text = dialog.message.text()
    assert "@SomeoneElse" in text and "not to @brandco" in text
    dialog.done(0)


def test_test_with_typed_wrong_keys_is_refused_without_echo(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    backend = MemoryKeyring()
    with running_fake_x_api(_fake_credentials()) as api:
        dialog = _test_dialog(qtbot, client, backend, api.url)
        for key, value in VALUES.items():
            dialog.fields[key].setText(value + "-wrong")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "failed" in dialog.message.text(), timeout=5000)
    assert "401" in dialog.message.text()
    assert "wrong" not in dialog.message.text()
    assert backend.entries == {}
    dialog.done(0)


def test_credentials_button_shows_for_admins_only(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    pages = {}
    for user in ("boss", "ria"):
        page = ReviewPage(client, user, secrets=SecretStore(MemoryKeyring()))
        qtbot.addWidget(page)
        page.show()
        client.load_accounts()
        pages[user] = page
    assert pages["boss"].credentials_button.isVisible()
    assert not pages["ria"].credentials_button.isVisible()
    pages["boss"].current_account = "@Help"
    dialog = pages["boss"].credentials_dialog()
    assert dialog.account_combo.currentText() == "@Help"
