"""Connect account in the credentials dialog: Sign in with X against the fake X, off the UI
thread, with the account checked and the tokens in the keyring only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from helpers.fake_x_api import FakeXApi, running_fake_x_api
from helpers.keyring_backend import MemoryKeyring
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from composer.services.secrets import OAUTH2_SERVICE, SecretStore
from composer.services.x_oauth import XOAuthClient
from composer.store.store import Store
from composer.ui.review.credentials_dialog import CredentialsDialog
from composer.ui.review.store_client import StoreClient

HANDLE = "@Help"  # an account of the seeded store, of which boss is an admin


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    with running_fake_x_api() as server:
        server.username = "help"  # X answers /2/users/me for @help (case does not matter)
        yield server


def follow(url: str) -> None:
    first = requests.get(url, allow_redirects=False, timeout=5)
    requests.get(first.headers["Location"], timeout=5)


def dialog_for(
    qtbot: QtBot,
    client: StoreClient,
    api: FakeXApi,
    backend: MemoryKeyring,
    handle: str,
    user: str = "boss",
) -> CredentialsDialog:
    dialog = CredentialsDialog(
        client,
        SecretStore(backend),
        user,
        [handle, "@Alerts"] if handle != "@Alerts" else [handle],
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
    qtbot.waitUntil(
        lambda: any(e.action == "x_sign_in_stored" for e in store.audit.list()), timeout=5000
    )
    (event,) = [e for e in store.audit.list() if e.action == "x_sign_in_stored"]
    assert (event.actor, event.account) == ("boss", HANDLE)
    assert stored.access_token not in event.detail and stored.refresh_token not in event.detail


def test_only_an_admin_may_connect(
    qtbot: QtBot, client: StoreClient, store: Store, api: FakeXApi
) -> None:
    backend = MemoryKeyring()
    dialog = dialog_for(qtbot, client, api, backend, HANDLE, user="ria")
    assert dialog.connect_button is not None
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Only an admin" in dialog.message.text(), timeout=5000)
    assert api.oauth.authorize_queries == [] and backend.entries == {}


def test_another_account_signed_in_stores_nothing(
    qtbot: QtBot, client: StoreClient, store: Store, api: FakeXApi
) -> None:
    backend = MemoryKeyring()
    dialog = dialog_for(qtbot, client, api, backend, "@Alerts")
    button = dialog.connect_button
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Connect failed" in dialog.message.text(), timeout=10000)
    assert "X signed in @help, not @Alerts" in dialog.message.text()
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
