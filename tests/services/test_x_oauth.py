"""Sign in with X (OAuth 2.0 + PKCE) against the fake X: the whole flow, refresh, revocation.

The "browser" is an opener that follows X's authorization page programmatically: the fake
consents at once and redirects to the app's loopback address, as X does after a click.
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from helpers.fake_x_api import FakeClock, FakeXApi, running_fake_x_api
from helpers.keyring_backend import MemoryKeyring

from composer.core.pkce import code_challenge
from composer.services.publisher import Publisher
from composer.services.secrets import OAUTH2_SERVICE, SecretStore, backend_name
from composer.services.workspace import WorkspaceError
from composer.services.x_oauth import (
    OAuth2Session,
    SignInCancelledError,
    SignInError,
    SignInRevokedError,
    XOAuthClient,
    account_auth,
)
from composer.services.x_settings import load_x_settings

HANDLE = "@northwindtrail"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> Iterator[FakeXApi]:
    with running_fake_x_api(clock=clock.time) as server:
        yield server


@pytest.fixture
def keyring() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def store(keyring: MemoryKeyring) -> SecretStore:
    return SecretStore(keyring, allowed=[backend_name(keyring)])


def follow(url: str) -> None:
    """The browser: open X's page, which redirects to the app's loopback address."""
    first = requests.get(url, allow_redirects=False, timeout=5)
    assert first.status_code == 302, first.text
    requests.get(first.headers["Location"], timeout=5)


def client(api: FakeXApi, clock: FakeClock) -> XOAuthClient:
    return XOAuthClient(api.oauth.client_id, api_url=api.url, clock=clock.time)


def test_pkce_challenge_is_s256_base64url_without_padding() -> None:
    verifier = "A" * 43
    challenge = code_challenge(verifier)
    assert len(challenge) == 43
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", challenge)
    assert challenge != code_challenge("B" * 43)
    with pytest.raises(ValueError, match="43 to 128"):
        code_challenge("short")
    with pytest.raises(ValueError, match="43 to 128"):
        code_challenge("é" * 50)


def test_full_sign_in_then_post_with_the_bearer_token(
    api: FakeXApi, clock: FakeClock, store: SecretStore
) -> None:
    opened: list[str] = []

    def opener(url: str) -> None:
        opened.append(url)
        follow(url)

    tokens = client(api, clock).sign_in(opener, timeout=10)
    query = parse_qs(urlsplit(opened[0]).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"][0].startswith("http://127.0.0.1:")
    assert query["redirect_uri"][0].endswith("/callback")
    assert "offline.access" in query["scope"][0].split()
    assert api.oauth.grants == ["authorization_code"]
    assert tokens.expires_at == clock.now + 7200
    store.set_oauth2(HANDLE, tokens)

    auth = account_auth(HANDLE, store, api_url=api.url, clock=clock.time)
    assert isinstance(auth, OAuth2Session)
    outcome = Publisher(api.url, auth, clock=clock.time, sleep=clock.sleep).publish("Hello")
    assert outcome.state == "published"
    assert api.auth_headers[-1] == "Bearer " + tokens.access_token


def test_refreshes_before_expiry_and_keeps_the_new_pair(
    api: FakeXApi, clock: FakeClock, store: SecretStore
) -> None:
    first = client(api, clock).sign_in(follow, timeout=10)
    store.set_oauth2(HANDLE, first)
    session = account_auth(HANDLE, store, api_url=api.url, clock=clock.time)
    assert isinstance(session, OAuth2Session)
    assert session.bearer() == first.access_token  # fresh: no refresh
    assert api.oauth.grants == ["authorization_code"]
    clock.now += 7200 - 200  # within five minutes of expiry
    publisher = Publisher(api.url, session, clock=clock.time, sleep=clock.sleep)
    assert publisher.publish("After a while").state == "published"
    assert api.oauth.grants == ["authorization_code", "refresh_token"]
    stored = store.get_oauth2(HANDLE)
    assert stored is not None
    assert stored.refresh_token != first.refresh_token  # rotated and kept in the keyring
    assert api.auth_headers[-1] == "Bearer " + stored.access_token


def test_revoked_sign_in_says_connect_again(
    api: FakeXApi, clock: FakeClock, store: SecretStore
) -> None:
    store.set_oauth2(HANDLE, client(api, clock).sign_in(follow, timeout=10))
    api.oauth.revoke_all()
    clock.now += 7200
    with pytest.raises(SignInRevokedError) as caught:
        account_auth(HANDLE, store, api_url=api.url, clock=clock.time)
    message = str(caught.value)
    assert HANDLE in message
    assert "connect the account again" in message
    assert "\n" not in message


def test_revocation_mid_run_fails_the_post_with_the_sentence(
    api: FakeXApi, clock: FakeClock, store: SecretStore
) -> None:
    tokens = client(api, clock).sign_in(follow, timeout=10)
    session = OAuth2Session(HANDLE, tokens, client(api, clock), lambda _t: None, clock=clock.time)
    api.oauth.revoke_all()
    clock.now += 7200
    outcome = Publisher(api.url, session, clock=clock.time, sleep=clock.sleep).publish("x")
    assert outcome.state == "failed"
    assert outcome.error is not None
    assert "connect the account again" in outcome.error
    assert api.texts() == []


def test_state_mismatch_is_refused(api: FakeXApi, clock: FakeClock) -> None:
    api.oauth.forged_state = "someone-elses-state"
    with pytest.raises(SignInError, match="state did not match"):
        client(api, clock).sign_in(follow, timeout=10)
    assert api.oauth.grants == []  # the code was never traded


def test_denied_access(api: FakeXApi, clock: FakeClock) -> None:
    api.oauth.deny = True
    with pytest.raises(SignInError, match="not granted"):
        client(api, clock).sign_in(follow, timeout=10)


def test_wrong_verifier_is_refused_by_x(api: FakeXApi, clock: FakeClock) -> None:
    oauth = client(api, clock)
    seen: dict[str, str] = {}

    def opener(url: str) -> None:
        first = requests.get(url, allow_redirects=False, timeout=5)
        seen["location"] = first.headers["Location"]
        requests.get(first.headers["Location"], timeout=5)

    oauth.sign_in(opener, timeout=10)
    # Replaying the code with another verifier (a code intercepted by another app) fails.
    code = parse_qs(urlsplit(seen["location"]).query)["code"][0]
    redirect = seen["location"].split("?")[0]
    with pytest.raises(SignInError, match="refused the sign-in code"):
        oauth.exchange(code, "x" * 43, redirect)


def test_cancel_and_timeout(api: FakeXApi, clock: FakeClock) -> None:
    cancel = threading.Event()
    with pytest.raises(SignInCancelledError, match="cancelled"):
        client(api, clock).sign_in(lambda _url: cancel.set(), timeout=10, cancel=cancel)
    with pytest.raises(SignInCancelledError, match="no answer came from X"):
        client(api, clock).sign_in(lambda _url: None, timeout=0.2)


def test_no_client_id_names_the_setting() -> None:
    with pytest.raises(SignInError, match=r"\[x\] client_id"):
        XOAuthClient("  ")


def test_tokens_are_written_only_to_the_keyring(
    api: FakeXApi, clock: FakeClock, store: SecretStore, keyring: MemoryKeyring, tmp_path: Path
) -> None:
    from composer.services.workspace import init_workspace

    init_workspace(tmp_path / "ws", example=True)
    tokens = client(api, clock).sign_in(follow, timeout=10)
    store.set_oauth2(HANDLE, tokens)
    clock.now += 7200
    session = account_auth(HANDLE, store, api_url=api.url, clock=clock.time)
    assert isinstance(session, OAuth2Session)
    fresh = store.get_oauth2(HANDLE)
    assert fresh is not None
    assert (OAUTH2_SERVICE, HANDLE) in keyring.entries
    secrets = {*tokens.secrets(), *fresh.secrets()}
    for path in (tmp_path / "ws").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(s.encode() in data for s in secrets), path
    assert "access" not in repr(fresh) and tokens.access_token not in repr(session)


def test_oauth1_keys_stay_an_option(store: SecretStore) -> None:
    from composer.services.secrets import XCredentials

    keys = XCredentials("ck", "cs", "at", "ats")
    store.set(HANDLE, keys)
    assert account_auth(HANDLE, store) == keys
    assert account_auth("@nobody", store) is None


def test_a_registered_fixed_port_is_used_and_a_busy_one_named(
    api: FakeXApi, clock: FakeClock
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fixed = XOAuthClient(api.oauth.client_id, api_url=api.url, redirect_port=port)
    fixed.sign_in(follow, timeout=10)
    assert api.oauth.authorize_queries[-1]["redirect_uri"] == f"http://127.0.0.1:{port}/callback"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = XOAuthClient(
            api.oauth.client_id, api_url=api.url, redirect_port=busy.getsockname()[1]
        )
        with pytest.raises(SignInError, match="redirect_port"):
            taken.sign_in(follow, timeout=10)


def test_workspace_x_settings(tmp_path: Path) -> None:
    (tmp_path / "workspace.toml").write_text(
        '[x]\nclient_id = "app-1"\nredirect_port = 8765\n[x.client_ids]\n"@Deals" = "app-2"\n',
        encoding="utf-8",
    )
    settings = load_x_settings(tmp_path)
    assert settings.client_id_for("@deals") == "app-2"
    assert settings.client_id_for("@Help") == "app-1"
    assert settings.redirect_port == 8765
    (tmp_path / "workspace.toml").write_text("[x]\nredirect_port = 99999\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"x\.redirect_port"):
        load_x_settings(tmp_path)


def test_keyring_publishers_refuse_an_insecure_keyring_saying_what_was_not_done() -> None:
    import keyring as keyring_module  # the process-wide keyring, restored below
    import keyring.backends.fail

    from composer.services.secrets import InsecureKeyringError
    from composer.services.x_oauth import keyring_publishers

    previous = keyring_module.get_keyring()
    keyring_module.set_keyring(keyring.backends.fail.Keyring())
    try:
        with pytest.raises(InsecureKeyringError, match=r"^no mentions were read"):
            keyring_publishers("no mentions were read")
        # Without a purpose nothing is asked until a client is made (the results reader).
        make = keyring_publishers()
        assert callable(make)
    finally:
        keyring_module.set_keyring(previous)
