"""Credentials in the keyring: stored, read, refused without a secure back-end, never leaked."""

from __future__ import annotations

import json
import os
import re
import shutil

import keyring.backends.fail
import keyring.backends.null
import pytest
from helpers.keyring_backend import MemoryKeyring
from keyring.backend import KeyringBackend

from composer.core.errors import ConfigError, ServiceUnavailableError
from composer.services.secrets import (
    ENV_ALLOW_INSECURE,
    SECURE_BACKENDS,
    SERVICE,
    InsecureKeyringError,
    SecretStore,
    XCredentials,
    backend_name,
)

CREDS = XCredentials("ck-123", "cs-SECRET-456", "at-789", "ats-SECRET-000")


class PlaintextFileKeyring(MemoryKeyring):
    """Stands in for keyrings.alt.file.PlaintextKeyring (not installed: it must never be)."""


PlaintextFileKeyring.__module__ = "keyrings.alt.file"


def test_round_trip_and_delete() -> None:
    backend = MemoryKeyring()
    store = SecretStore(backend)
    assert store.get("@Acme") is None
    store.set("@Acme", CREDS)
    assert store.get("@Acme") == CREDS
    assert store.has("@Acme")
    assert json.loads(backend.entries[(SERVICE, "@Acme")])["access_token"] == "at-789"
    assert store.delete("@Acme") is True
    assert store.delete("@Acme") is False
    assert store.get("@Acme") is None


def test_repr_and_str_hide_every_secret() -> None:
    for shown in (repr(CREDS), str(CREDS), f"{CREDS}", repr([CREDS])):
        assert not any(secret in shown for secret in CREDS.secrets())


@pytest.mark.parametrize(
    "backend", [keyring.backends.fail.Keyring(), keyring.backends.null.Keyring()]
)
def test_no_secure_backend_is_refused_even_with_opt_in(backend: KeyringBackend) -> None:
    store = SecretStore(backend, allowed=[backend_name(backend)])
    with pytest.raises(InsecureKeyringError, match="no secure keyring"):
        store.set("@Acme", CREDS)


def test_plaintext_backend_refused_unless_opted_in_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    backend = PlaintextFileKeyring()
    name = "keyrings.alt.file.PlaintextFileKeyring"
    with pytest.raises(InsecureKeyringError, match=f"{ENV_ALLOW_INSECURE}={name}"):
        SecretStore(backend, allowed=()).set("@Acme", CREDS)
    assert backend.entries == {}
    # A bare "yes" names no back-end: still refused, and the message says which name to give.
    monkeypatch.setenv(ENV_ALLOW_INSECURE, "1")
    with pytest.raises(InsecureKeyringError, match=f"{ENV_ALLOW_INSECURE}={name}"):
        SecretStore(backend).set("@Acme", CREDS)
    monkeypatch.setenv(ENV_ALLOW_INSECURE, f"some.other.Keyring, {name}")
    SecretStore(backend).set("@Acme", CREDS)
    assert SecretStore(backend).get("@Acme") == CREDS


def _backend_named(module: str, qualname: str) -> KeyringBackend:
    """A working in-memory back-end whose class claims ``module.qualname``."""
    cls = type(qualname, (MemoryKeyring,), {})
    cls.__module__ = module
    cls.__qualname__ = qualname
    return cls()  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "name",
    [
        "keyrings.cryptfile.cryptfile.CryptFileKeyring",  # a third-party plug-in
        "keyring_pass.PasswordStoreBackend",
        "keyrings.alt.Gnome.Keyring",
        "helpers.keyring_backend.MemoryKeyring",
    ],
)
def test_backends_not_known_to_encrypt_are_refused_unless_named(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_ALLOW_INSECURE, raising=False)
    module, _, qualname = name.rpartition(".")
    backend = _backend_named(module, qualname)
    with pytest.raises(InsecureKeyringError, match=re.escape(name)) as info:
        SecretStore(backend).set("@Acme", CREDS)
    assert f"{ENV_ALLOW_INSECURE}={name}" in str(info.value)
    assert backend.entries == {}  # type: ignore[attr-defined]
    SecretStore(backend, allowed=[name]).set("@Acme", CREDS)
    assert SecretStore(backend, allowed=[name]).get("@Acme") == CREDS


@pytest.mark.parametrize("name", sorted(SECURE_BACKENDS))
def test_backends_known_to_encrypt_need_no_opt_in(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_ALLOW_INSECURE, raising=False)
    module, _, qualname = name.rpartition(".")
    backend = _backend_named(module, qualname)
    SecretStore(backend).set("@Acme", CREDS)
    assert SecretStore(backend).get("@Acme") == CREDS


def test_the_secure_list_names_classes_keyring_really_has() -> None:
    import importlib

    for name in SECURE_BACKENDS:
        module, _, qualname = name.rpartition(".")
        try:
            loaded = importlib.import_module(module)
        except ImportError:  # a platform module (Windows, macOS) that cannot load here
            continue
        assert isinstance(getattr(loaded, qualname, None), type), name


def test_a_chain_with_one_unknown_backend_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends.chainer import ChainerBackend

    monkeypatch.delenv(ENV_ALLOW_INSECURE, raising=False)
    secure = _backend_named("keyring.backends.SecretService", "Keyring")
    unknown = _backend_named("keyrings.cryptfile.cryptfile", "CryptFileKeyring")
    chain = ChainerBackend()
    monkeypatch.setattr(ChainerBackend, "backends", [secure, unknown])
    with pytest.raises(
        InsecureKeyringError,
        match=f"{ENV_ALLOW_INSECURE}=keyrings.cryptfile.cryptfile.CryptFileKeyring",
    ):
        SecretStore(chain).set("@Acme", CREDS)
    monkeypatch.setattr(ChainerBackend, "backends", [secure])
    SecretStore(chain).set("@Acme", CREDS)


def test_locked_keyring_says_so() -> None:
    backend = MemoryKeyring()
    backend.locked = True
    with pytest.raises(ServiceUnavailableError, match="locked") as info:
        SecretStore(backend).set("@Acme", CREDS)
    assert not any(secret in str(info.value) for secret in CREDS.secrets())


def test_hanging_keyring_times_out() -> None:
    backend = MemoryKeyring()
    backend.hang.set()
    try:
        with pytest.raises(ServiceUnavailableError, match=r"did not answer within 0\.2 s"):
            SecretStore(backend, timeout=0.2).get("@Acme")
    finally:
        backend.release.set()


def test_damaged_entry_is_reported_without_its_content() -> None:
    backend = MemoryKeyring()
    backend.entries[(SERVICE, "@Acme")] = '{"consumer_key": "leaky-value"}'
    with pytest.raises(ServiceUnavailableError, match="damaged") as info:
        SecretStore(backend).get("@Acme")
    assert "leaky-value" not in str(info.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "one JSON object"),
        ({"consumer_key": "a"}, "missing or empty: consumer_secret, access_token"),
        ({**json.loads(CREDS.to_json()), "extra": "x"}, "unknown keys: extra"),
        ({**json.loads(CREDS.to_json()), "access_token": "  "}, "missing or empty: access_token"),
    ],
)
def test_bad_credential_input(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        XCredentials.from_mapping(data)
    assert "at-789" not in str(info.value)


def _secret_service_ready() -> bool:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") or not shutil.which("gnome-keyring-daemon"):
        return False
    try:
        import secretstorage

        connection = secretstorage.dbus_init()
        try:
            return not secretstorage.get_default_collection(connection).is_locked()
        finally:
            connection.close()
    except Exception:
        return False


@pytest.mark.skipif(not _secret_service_ready(), reason="needs an unlocked gnome-keyring on D-Bus")
def test_real_secret_service_round_trip() -> None:
    from keyring.backends.SecretService import Keyring as SecretServiceKeyring

    store = SecretStore(SecretServiceKeyring())
    handle = "@ComposerTest"
    try:
        store.set(handle, CREDS)
        assert store.get(handle) == CREDS
    finally:
        store.delete(handle)
    assert store.get(handle) is None


@pytest.mark.skipif(not _secret_service_ready(), reason="needs an unlocked gnome-keyring on D-Bus")
def test_real_secret_service_keeps_a_sign_in_apart_from_the_keys() -> None:
    from keyring.backends.SecretService import Keyring as SecretServiceKeyring

    from composer.services.secrets import OAuth2Tokens

    store = SecretStore(SecretServiceKeyring())
    handle = "@ComposerTest"
    tokens = OAuth2Tokens(
        "client", "access-SECRET", "refresh-SECRET", 1_800_000_000.0, "tweet.write"
    )
    try:
        store.set_oauth2(handle, tokens)
        assert store.get_oauth2(handle) == tokens
        assert store.get(handle) is None  # the OAuth 1.0a entry is another one
        assert "SECRET" not in repr(tokens)
    finally:
        store.delete_oauth2(handle)
    assert store.get_oauth2(handle) is None


def test_damaged_sign_in_entry_says_connect_again() -> None:
    from composer.services.secrets import OAUTH2_SERVICE

    backend = MemoryKeyring()
    backend.entries[(OAUTH2_SERVICE, "@Help")] = '{"access_token": "x"}'
    store = SecretStore(backend, allowed=[backend_name(backend)])
    with pytest.raises(ServiceUnavailableError, match="connect the account again"):
        store.get_oauth2("@Help")
