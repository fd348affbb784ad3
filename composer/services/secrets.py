"""Per-account X API credentials in the operating system's keyring, and nowhere else.

When no secure keyring is available the store says so and refuses: no silent plain-text
fallback. Only back-ends known to encrypt what they keep are accepted: the Secret Service
(GNOME Keyring, KWallet's Secret Service, through ``SecretService`` or ``libsecret``), KWallet,
the macOS Keychain and the Windows Credential Locker. Any other back-end (``keyrings.alt``'s
files, a third-party plug-in) is refused unless the user opts in to it by name: the
environment variable ``BRAND_COMPOSER_ALLOW_INSECURE_KEYRING`` lists the accepted back-ends as
``module.Class`` names, comma-separated (the way ``PYTHON_KEYRING_BACKEND`` names one). Secrets
never appear in a repr, a log line or an error message: errors name the account and the keyring
back-end only.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend

from composer.core.errors import ConfigError, ServiceUnavailableError

SERVICE = "io.github.brandvoicecomposer.BrandVoiceComposer"
#: The keyring service under which "Sign in with X" (OAuth 2.0) tokens are kept, per handle.
OAUTH2_SERVICE = SERVICE + ".oauth2"
OAUTH2_KEYS = ("client_id", "access_token", "refresh_token", "expires_at", "scope")
ENV_ALLOW_INSECURE = "BRAND_COMPOSER_ALLOW_INSECURE_KEYRING"
DEFAULT_TIMEOUT = 10.0
CREDENTIAL_KEYS = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
_REFUSED_ALWAYS = ("keyring.backends.fail", "keyring.backends.null")
#: Back-ends that keep secrets encrypted by the OS, as ``module.Class``; every other one needs
#: the user's opt-in by name.
SECURE_BACKENDS = frozenset(
    {
        "keyring.backends.SecretService.Keyring",
        "keyring.backends.libsecret.Keyring",
        "keyring.backends.kwallet.DBusKeyring",
        "keyring.backends.kwallet.DBusKeyringKWallet4",
        "keyring.backends.macOS.Keyring",
        "keyring.backends.Windows.WinVaultKeyring",
    }
)
_PLAINTEXT_MODULES = ("keyrings.alt",)

T = TypeVar("T")


class InsecureKeyringError(ServiceUnavailableError):
    """The only keyring available would keep secrets in plain text (or nowhere)."""


@dataclass(frozen=True, slots=True)
class XCredentials:
    """The four X API (OAuth 1.0a user context) secrets of one account. Never printed."""

    consumer_key: str = field(repr=False)
    consumer_secret: str = field(repr=False)
    access_token: str = field(repr=False)
    access_token_secret: str = field(repr=False)

    def __repr__(self) -> str:
        return "XCredentials(<hidden>)"

    __str__ = __repr__

    @classmethod
    def from_mapping(cls, data: object) -> XCredentials:
        """Read ``{"consumer_key", "consumer_secret", "access_token", "access_token_secret"}``.

        Raises:
            ConfigError: not a mapping, or keys missing, empty or unknown (values are never
                quoted in the message).
        """
        if not isinstance(data, Mapping):
            raise ConfigError(
                "credentials must be one JSON object with the keys " + ", ".join(CREDENTIAL_KEYS)
            )
        problems = [
            k for k in CREDENTIAL_KEYS if not isinstance(data.get(k), str) or not data[k].strip()
        ]
        unknown = sorted(str(k) for k in data if k not in CREDENTIAL_KEYS)
        if problems or unknown:
            parts = []
            if problems:
                parts.append("missing or empty: " + ", ".join(problems))
            if unknown:
                parts.append("unknown keys: " + ", ".join(unknown))
            raise ConfigError("credentials " + "; ".join(parts))
        return cls(*(str(data[k]).strip() for k in CREDENTIAL_KEYS))

    def secrets(self) -> tuple[str, ...]:
        """The secret values (for redaction checks)."""
        return tuple(getattr(self, f.name) for f in fields(self))

    def to_json(self) -> str:
        """The keyring payload."""
        return json.dumps({k: getattr(self, k) for k in CREDENTIAL_KEYS})


@dataclass(frozen=True, slots=True)
class OAuth2Tokens:
    """An account's "Sign in with X" tokens (OAuth 2.0 with PKCE). Never printed.

    Attributes:
        client_id: The X app's client id the tokens were issued to (refreshing needs it).
        access_token: The bearer token for API calls.
        refresh_token: Trades for a new pair when the access token runs out (``offline.access``).
        expires_at: When the access token runs out (epoch seconds).
        scope: The scopes X granted, space-separated.
    """

    client_id: str
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: float
    scope: str = ""

    def __repr__(self) -> str:
        return f"OAuth2Tokens(<hidden>, expires_at={self.expires_at:.0f})"

    __str__ = __repr__

    def secrets(self) -> tuple[str, ...]:
        """The secret values (for redaction checks)."""
        return (self.access_token, self.refresh_token)

    def to_json(self) -> str:
        """The keyring payload."""
        return json.dumps({k: getattr(self, k) for k in OAUTH2_KEYS})

    @classmethod
    def from_json(cls, raw: str) -> OAuth2Tokens:
        """Read :meth:`to_json`'s payload.

        Raises:
            ValueError: not that payload.
        """
        data = json.loads(raw)
        if not isinstance(data, dict) or set(data) != set(OAUTH2_KEYS):
            raise ValueError("not an OAuth 2.0 token entry")
        if not all(isinstance(data[k], str) and data[k] for k in ("access_token", "refresh_token")):
            raise ValueError("empty token")
        return cls(
            str(data["client_id"]),
            data["access_token"],
            data["refresh_token"],
            float(data["expires_at"]),
            str(data["scope"]),
        )


def backend_label(backend: KeyringBackend) -> str:
    """A back-end's human name, e.g. ``SecretService Keyring``."""
    name = getattr(backend, "name", "") or type(backend).__name__
    return str(name)


def _module(backend: object) -> str:
    return type(backend).__module__


def backend_name(backend: object) -> str:
    """A back-end's ``module.Class`` name, the name an opt-in gives."""
    return f"{_module(backend)}.{type(backend).__qualname__}"


def allowed_from_env() -> frozenset[str]:
    """The back-ends the user accepted by name in ``BRAND_COMPOSER_ALLOW_INSECURE_KEYRING``."""
    raw = os.environ.get(ENV_ALLOW_INSECURE, "")
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def insecurity(backend: KeyringBackend, allowed: Collection[str] = ()) -> str | None:
    """Why ``backend`` cannot keep secrets safely, or ``None`` when it can.

    Args:
        backend: The back-end (a chainer is judged by every back-end it chains).
        allowed: ``module.Class`` names the user accepted although they are not known to
            encrypt; the null and fail back-ends are never accepted.
    """
    inner = getattr(backend, "backends", None)
    if _module(backend).startswith("keyring.backends.chainer") and inner is not None:
        reasons = [r for r in (insecurity(b, allowed) for b in inner) if r]
        if not list(inner):
            return "no secure keyring back-end is available"
        return reasons[0] if reasons else None
    if _module(backend).startswith(_REFUSED_ALWAYS):
        return "no secure keyring back-end is available"
    name = backend_name(backend)
    if name in SECURE_BACKENDS or name in allowed:
        return None
    if _module(backend).startswith(_PLAINTEXT_MODULES):
        return (
            f"the keyring back-end {backend_label(backend)} ({name}) keeps secrets in a file, "
            "unencrypted or weakly protected"
        )
    return (
        f"the keyring back-end {backend_label(backend)} ({name}) is not one known to encrypt "
        "secrets"
    )


class SecretStore:
    """Credentials per account handle, kept in the OS keyring.

    Args:
        backend: The keyring back-end (default: what ``keyring`` chose for this system).
        allowed: ``module.Class`` names of back-ends to accept although they are not known to
            encrypt; ``None`` reads the ``BRAND_COMPOSER_ALLOW_INSECURE_KEYRING`` environment
            variable (names separated by commas).
        timeout: Seconds a keyring call may take (an unlock prompt can hang forever).
    """

    def __init__(
        self,
        backend: KeyringBackend | None = None,
        *,
        allowed: Collection[str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self._backend = backend
        self.allowed = allowed_from_env() if allowed is None else frozenset(allowed)
        self.timeout = timeout

    @property
    def backend(self) -> KeyringBackend:
        """The back-end in use."""
        if self._backend is None:
            try:
                self._backend = keyring.get_keyring()
            except Exception as exc:  # e.g. PYTHON_KEYRING_BACKEND names a missing module
                configured = os.environ.get("PYTHON_KEYRING_BACKEND")
                where = f" (PYTHON_KEYRING_BACKEND={configured})" if configured else ""
                raise ServiceUnavailableError(
                    f"the OS keyring cannot be loaded{where}: {exc}"
                ) from exc
        return self._backend

    def ensure_secure(self, failure: str = "credentials were not stored") -> None:
        """Refuse an unusable or (without opt-in) insecure back-end.

        Args:
            failure: How the refusal begins (what did not happen).

        Raises:
            InsecureKeyringError: with a sentence on what to install or enable.
        """
        reason = insecurity(self.backend, self.allowed)
        if reason is None:
            return
        hint = (
            "install and unlock a Secret Service keyring (GNOME Keyring, KWallet) or use the "
            "macOS Keychain / Windows Credential Manager"
        )
        if not reason.startswith("no secure"):
            hint += f"; to accept it anyway set {ENV_ALLOW_INSECURE}={self._refused_name()}"
        raise InsecureKeyringError(f"{failure}: {reason}; {hint}")

    def _refused_name(self) -> str:
        """The name to opt in to: the first chained back-end that is refused, or this one."""
        for inner in getattr(self.backend, "backends", None) or (self.backend,):
            if insecurity(inner, self.allowed) is not None:
                return backend_name(inner)
        return backend_name(self.backend)

    def set(self, handle: str, credentials: XCredentials) -> None:
        """Store an account's credentials (replacing older ones).

        Raises:
            InsecureKeyringError: no secure keyring.
            ServiceUnavailableError: the keyring is locked, refused, or timed out.
        """
        self.ensure_secure()
        payload = credentials.to_json()
        self._call(
            f"store the credentials of {handle}",
            lambda: self.backend.set_password(SERVICE, handle, payload),
            credentials.secrets(),
        )

    def get(self, handle: str) -> XCredentials | None:
        """An account's credentials, or ``None`` when none are stored.

        Raises:
            InsecureKeyringError: no secure keyring.
            ServiceUnavailableError: locked, refused, timed out, or the stored value is damaged.
        """
        self.ensure_secure(f"the credentials of {handle} cannot be read")
        raw = self._call(
            f"read the credentials of {handle}",
            lambda: self.backend.get_password(SERVICE, handle),
            (),
        )
        if raw is None:
            return None
        try:
            return XCredentials.from_mapping(json.loads(raw))
        except (ValueError, ConfigError):
            raise ServiceUnavailableError(
                f"the keyring entry for {handle} is damaged: store the credentials again with "
                f"'brand-composer account credentials {handle}'"
            ) from None

    def has(self, handle: str) -> bool:
        """True when credentials are stored for ``handle``."""
        return self.get(handle) is not None

    def delete(self, handle: str) -> bool:
        """Remove an account's credentials; ``False`` when there were none."""
        self.ensure_secure()
        try:
            self._call(
                f"delete the credentials of {handle}",
                lambda: self.backend.delete_password(SERVICE, handle),
                (),
            )
        except _Missing:
            return False
        return True

    def set_oauth2(self, handle: str, tokens: OAuth2Tokens) -> None:
        """Store an account's "Sign in with X" tokens (replacing older ones).

        Raises:
            InsecureKeyringError: no secure keyring.
            ServiceUnavailableError: the keyring is locked, refused, or timed out.
        """
        self.ensure_secure("the sign-in was not stored")
        payload = tokens.to_json()
        self._call(
            f"store the sign-in of {handle}",
            lambda: self.backend.set_password(OAUTH2_SERVICE, handle, payload),
            tokens.secrets(),
        )

    def get_oauth2(self, handle: str) -> OAuth2Tokens | None:
        """An account's "Sign in with X" tokens, or ``None`` when it was never connected.

        Raises:
            InsecureKeyringError: no secure keyring.
            ServiceUnavailableError: locked, refused, timed out, or the entry is damaged.
        """
        self.ensure_secure(f"the sign-in of {handle} cannot be read")
        raw = self._call(
            f"read the sign-in of {handle}",
            lambda: self.backend.get_password(OAUTH2_SERVICE, handle),
            (),
        )
        if raw is None:
            return None
        try:
            return OAuth2Tokens.from_json(raw)
        except (ValueError, TypeError):
            raise ServiceUnavailableError(
                f"the keyring entry for the sign-in of {handle} is damaged: connect the "
                "account again (Credentials > Connect account)"
            ) from None

    def delete_oauth2(self, handle: str) -> bool:
        """Forget an account's "Sign in with X" tokens; ``False`` when there were none."""
        self.ensure_secure()
        try:
            self._call(
                f"delete the sign-in of {handle}",
                lambda: self.backend.delete_password(OAUTH2_SERVICE, handle),
                (),
            )
        except _Missing:
            return False
        return True

    def _call(self, what: str, func: Callable[[], T], secrets: tuple[str, ...]) -> T:
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["value"] = func()
            except BaseException as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=run, name="keyring-call", daemon=True)
        worker.start()
        worker.join(self.timeout)
        label = backend_label(self.backend)
        if worker.is_alive():
            raise ServiceUnavailableError(
                f"could not {what}: the keyring ({label}) did not answer within "
                f"{self.timeout:g} s (is it waiting for an unlock prompt?)"
            )
        error = outcome.get("error")
        if error is None:
            value: T = outcome.get("value")  # type: ignore[assignment]
            return value
        if isinstance(error, keyring.errors.PasswordDeleteError):
            raise _Missing from None
        if isinstance(error, keyring.errors.KeyringLocked):
            raise ServiceUnavailableError(
                f"could not {what}: the keyring ({label}) is locked; unlock it and try again"
            ) from None
        message = _redact(str(error), secrets)
        raise ServiceUnavailableError(
            f"could not {what}: the keyring ({label}) refused ({type(error).__name__}: {message})"
        ) from None


class _Missing(Exception):  # noqa: N818 - internal signal
    """Nothing to delete."""


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text.splitlines()[0] if text else "no details"
