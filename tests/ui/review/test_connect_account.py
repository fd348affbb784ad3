"""Connect account in the credentials dialog: Sign in with X against the fake X, off the UI
thread, with the account checked and the tokens in the keyring only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from helpers.fake_x_api import USERNAME, FakeXApi, running_fake_x_api
from helpers.keyring_backend import MemoryKeyring
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from composer.services.secrets import OAUTH2_SERVICE, SecretStore
from composer.services.x_oauth import XOAuthClient
from composer.store.store import Store
from composer.ui.review.credentials_dialog import CredentialsDialog
from composer.ui.review.store_client import StoreClient

HANDLE = "@" + USERNAME


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    with running_fake_x_api() as server:
        yield server


def follow(url: str) -> None:
    first = requests.get(url, allow_redirects=False, timeout=5)
    requests.get(first.headers["Location"], timeout=5)


def dialog_for(
    qtbot: QtBot, client: StoreClient, api: FakeXApi, backend: MemoryKeyring, handle: str
) -> CredentialsDialog:
    dialog = CredentialsDialog(
        client,
        SecretStore(backend),
        "boss",
        [handle, "@Other"],
        current=handle,
        sign_in_client=lambda _h: XOAuthClient(api.oauth.client_id, api_url=api.url),
    )
    qtbot.addWidget(dialog)
    assert dialog.connect_button is not None
    dialog.connect_button.opener = follow
    return dialog


def test_connect_account_stores_the_sign_in_in_the_keyring(
    qtbot: QtBot, client: StoreClient, store: Store, api: FakeXApi
) -> None:
    backend = MemoryKeyring()
    dialog = dialog_for(qtbot, client, api, backend, HANDLE)
    button = dialog.connect_button
    assert button is not None
    with qtbot.waitSignal(button.connected, timeout=10000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert (OAUTH2_SERVICE, HANDLE) in backend.entries
    assert "is connected" in dialog.message.text()
    assert api.oauth.grants == ["authorization_code"]
    stored = SecretStore(backend).get_oauth2(HANDLE)
    assert stored is not None and stored.refresh_token not in dialog.message.text()


def test_another_account_signed_in_stores_nothing(
    qtbot: QtBot, client: StoreClient, store: Store, api: FakeXApi
) -> None:
    backend = MemoryKeyring()
    dialog = dialog_for(qtbot, client, api, backend, "@Other")
    button = dialog.connect_button
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Connect failed" in dialog.message.text(), timeout=10000)
    assert f"X signed in {HANDLE}, not @Other" in dialog.message.text()
    assert backend.entries == {}


def test_sign_in_can_be_cancelled(
    qtbot: QtBot, client: StoreClient, store: Store, api: FakeXApi
) -> None:
    backend = MemoryKeyring()
    dialog = dialog_for(qtbot, client, api, backend, HANDLE)
    button = dialog.connect_button
    assert button is not None
    button.opener = lambda _url: None  # the person never answers in the browser
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.running and button.text() == "Cancel Sign-in"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not button.running, timeout=5000)
    assert "cancelled" in dialog.message.text()
    assert backend.entries == {}


def test_no_client_id_names_the_setting(qtbot: QtBot, client: StoreClient, store: Store) -> None:
    dialog = CredentialsDialog(
        client,
        SecretStore(MemoryKeyring()),
        "boss",
        [HANDLE],
        sign_in_client=lambda _h: XOAuthClient(""),
    )
    qtbot.addWidget(dialog)
    assert dialog.connect_button is not None
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "[x] client_id" in dialog.message.text()
