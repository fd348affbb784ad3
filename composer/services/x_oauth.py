"""Sign in with X: OAuth 2.0 Authorization Code with PKCE, for a desktop (public) client.

:meth:`XOAuthClient.sign_in` makes a verifier and a state, starts a tiny HTTP server on
``http://127.0.0.1:<ephemeral port>/callback`` (:class:`LoopbackReceiver`), opens X's
authorization page through an injected *opener* (the browser in the app), waits for X to
redirect back with ``code`` and ``state`` (a timeout and a cancel event end the wait), refuses
a state it did not send, and trades the code for tokens at ``POST /2/oauth2/token``.

:class:`OAuth2Session` is what the publisher signs requests with: it hands out the access
token and refreshes it (``grant_type=refresh_token``) shortly before it runs out, saving the
new pair through a callback (the OS keyring; tokens are written nowhere else). A refresh
token X no longer accepts (revoked, or unused for too long) raises
:class:`SignInRevokedError`, whose sentence tells the person to connect the account again.
"""

from __future__ import annotations

import html
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from composer.core.errors import KnownError, ServiceUnavailableError
from composer.core.pkce import authorize_url, same_state
from composer.services.publisher import DEFAULT_API_URL, Publisher, XAuth, default_base_url
from composer.services.secrets import OAuth2Tokens, SecretStore

log = logging.getLogger(__name__)

#: X's authorization page (on x.com, not on the API host).
X_AUTHORIZE_URL = "https://x.com/i/oauth2/authorize"
TOKEN_PATH = "/2/oauth2/token"  # noqa: S105 - a path
#: Refresh this long before the access token runs out (X's last 2 hours).
REFRESH_MARGIN = 300.0
#: How long the sign-in waits for the person to answer in the browser.
SIGN_IN_TIMEOUT = 300.0
CALLBACK_PATH = "/callback"
#: What an opener does: show ``url`` to the person (a browser); the return value is ignored.
Opener = Callable[[str], object]


class SignInError(KnownError):
    """The sign-in did not complete; ``str()`` is the sentence to show."""


class SignInCancelledError(SignInError):
    """The person cancelled, or did not answer in time."""


class SignInRevokedError(ServiceUnavailableError):
    """X no longer accepts the account's refresh token: the account must be connected again."""


@dataclass(frozen=True, slots=True)
class _Callback:
    code: str
    state: str
    error: str


class LoopbackReceiver:
    """A one-shot HTTP server on 127.0.0.1 that receives X's redirect with the code.

    Use as a context manager; :attr:`redirect_uri` is the address to register with X (any
    port on the loopback address; X lets a desktop app register ``http://127.0.0.1``).
    """

    def __init__(self, port: int = 0) -> None:
        self._result: _Callback | None = None
        self._arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                """Keep the codes out of stderr."""

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != CALLBACK_PATH:
                    self.send_error(404)
                    return
                query = parse_qs(parts.query)
                receiver._deliver(
                    _Callback(
                        query.get("code", [""])[0],
                        query.get("state", [""])[0],
                        query.get("error", [""])[0],
                    )
                )
                body = (
                    "<!doctype html><title>Brand Voice Composer</title>"
                    f"<p>{html.escape(receiver.page_text)}</p>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.page_text = "You can close this tab and go back to Brand Voice Composer."
        try:
            self._server = HTTPServer(("127.0.0.1", port), Handler)
        except OSError as exc:
            raise SignInError(
                f"cannot listen on 127.0.0.1:{port} for X's answer ({exc.strerror or exc}): "
                "close the program using that port or choose another [x] redirect_port"
            ) from None
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="x-sign-in", daemon=True
        )

    @property
    def redirect_uri(self) -> str:
        """``http://127.0.0.1:<port>/callback``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}{CALLBACK_PATH}"

    def __enter__(self) -> LoopbackReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _deliver(self, callback: _Callback) -> None:
        if not self._arrived.is_set():
            self._result = callback
            self._arrived.set()

    def wait(self, timeout: float, cancel: threading.Event | None = None) -> _Callback:
        """The first redirect that arrives.

        Raises:
            SignInCancelledError: ``cancel`` was set, or nothing came within ``timeout``.
        """
        deadline = time.monotonic() + timeout
        while not self._arrived.wait(0.05):
            if cancel is not None and cancel.is_set():
                raise SignInCancelledError("the sign-in with X was cancelled")
            if time.monotonic() >= deadline:
                raise SignInCancelledError(
                    f"no answer came from X within {timeout:g} s: the sign-in was given up; "
                    "try Connect account again"
                )
        assert self._result is not None  # set before the event
        return self._result


class XOAuthClient:
    """Talks to X's OAuth 2.0 endpoints for one app (a public client: no secret).

    Args:
        client_id: The X app's OAuth 2.0 client id (a workspace setting).
        api_url: The API address (default: ``BRAND_COMPOSER_X_API_URL`` or https://api.x.com).
        authorize_endpoint: X's authorization page; by default x.com's for the real API and
            ``<api_url>/i/oauth2/authorize`` for any other address (the test server).
        timeout: Seconds for each token request.
        redirect_port: The loopback port X redirects to (``[x] redirect_port``: the port of
            the callback URL registered with the X app); 0 takes a free one each time.
        clock: Epoch seconds (injected for tests).
        session: The ``requests`` session.
    """

    def __init__(
        self,
        client_id: str,
        *,
        api_url: str | None = None,
        authorize_endpoint: str | None = None,
        timeout: float = 10.0,
        redirect_port: int = 0,
        clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
    ) -> None:
        self.redirect_port = redirect_port
        if not client_id.strip():
            raise SignInError(
                'no X client id is set: add it to workspace.toml as [x] client_id = "..." '
                "(see docs/x-account.md)"
            )
        self.client_id = client_id.strip()
        self.api_url = (default_base_url() if api_url is None else api_url).rstrip("/")
        if authorize_endpoint is None:
            authorize_endpoint = (
                X_AUTHORIZE_URL
                if self.api_url == DEFAULT_API_URL
                else self.api_url + "/i/oauth2/authorize"
            )
        self.authorize_endpoint = authorize_endpoint
        self.timeout = timeout
        self._clock = clock
        self._session = session or requests.Session()

    def sign_in(
        self,
        opener: Opener,
        *,
        timeout: float = SIGN_IN_TIMEOUT,
        cancel: threading.Event | None = None,
        token: Callable[[int], str] = secrets.token_urlsafe,
    ) -> OAuth2Tokens:
        """Run the whole sign-in and return the tokens (not stored: the caller stores them).

        Raises:
            SignInCancelledError: cancelled, or no answer within ``timeout``.
            SignInError: the person refused, the state did not match, or X refused the code.
        """
        verifier = token(64)[:96]
        state = token(24)
        with LoopbackReceiver(self.redirect_port) as receiver:
            url = authorize_url(
                self.authorize_endpoint,
                client_id=self.client_id,
                redirect_uri=receiver.redirect_uri,
                verifier=verifier,
                state=state,
            )
            opener(url)
            answer = receiver.wait(timeout, cancel)
        if not same_state(state, answer.state):
            raise SignInError(
                "the answer that came back from X was not for this sign-in (its state did not "
                "match): nothing was stored; try Connect account again"
            )
        if answer.error:
            raise SignInError(
                f"X did not grant access ({answer.error}): nothing was stored"
                if answer.error != "access_denied"
                else "access was not granted on X: nothing was stored"
            )
        if not answer.code:
            raise SignInError("X's answer held no authorization code: nothing was stored")
        return self.exchange(answer.code, verifier, receiver.redirect_uri)

    def exchange(self, code: str, verifier: str, redirect_uri: str) -> OAuth2Tokens:
        """Trade an authorization code for tokens (``grant_type=authorization_code``).

        Raises:
            SignInError: X refused the code.
            ServiceUnavailableError: X could not be reached.
        """
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            "client_id": self.client_id,
        }
        data = self._token_request(form, "trade the sign-in code for tokens")
        if "error" in data:
            raise SignInError(
                f"X refused the sign-in code ({_oauth_detail(data)}): nothing was stored"
            )
        return self._tokens(data, previous_refresh=None)

    def refresh(self, tokens: OAuth2Tokens, handle: str) -> OAuth2Tokens:
        """A new token pair for ``tokens`` (``grant_type=refresh_token``).

        Raises:
            SignInRevokedError: X no longer accepts the refresh token.
            ServiceUnavailableError: X could not be reached.
        """
        form = {
            "grant_type": "refresh_token",
            "refresh_token": tokens.refresh_token,
            "client_id": tokens.client_id or self.client_id,
        }
        data = self._token_request(form, f"renew the sign-in of {handle}")
        if "error" in data:
            raise SignInRevokedError(
                f"X no longer accepts the sign-in of {handle} (access was revoked or the "
                f"sign-in expired: {_oauth_detail(data)}): connect the account again "
                "(Credentials > Connect account)"
            )
        return self._tokens(data, previous_refresh=tokens.refresh_token)

    def _token_request(self, form: dict[str, str], what: str) -> dict[str, Any]:
        try:
            response = self._session.post(
                self.api_url + TOKEN_PATH,
                data=form,
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            raise ServiceUnavailableError(
                f"could not {what}: X cannot be reached at {self.api_url} ({type(exc).__name__})"
            ) from None
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise ServiceUnavailableError(
                f"could not {what}: X answered {response.status_code} without a JSON object"
            )
        if response.status_code >= 500:
            raise ServiceUnavailableError(
                f"could not {what}: X had a server error ({response.status_code})"
            )
        if response.status_code != 200 and "error" not in data:
            data = {"error": f"http_{response.status_code}"}
        return data

    def _tokens(self, data: dict[str, Any], previous_refresh: str | None) -> OAuth2Tokens:
        access = data.get("access_token")
        refresh = data.get("refresh_token") or previous_refresh
        if not isinstance(access, str) or not access or not isinstance(refresh, str) or not refresh:
            raise SignInError(
                "X's token answer held no access or refresh token (does the app ask for "
                "offline.access?): nothing was stored"
            )
        try:
            lifetime = float(data.get("expires_in", 7200))
        except (TypeError, ValueError):
            lifetime = 7200.0
        return OAuth2Tokens(
            self.client_id, access, refresh, self._clock() + lifetime, str(data.get("scope", ""))
        )


def _oauth_detail(data: dict[str, Any]) -> str:
    error = str(data.get("error", "error"))
    description = str(data.get("error_description", "")).strip()
    return f"{error}: {description}" if description else error


class OAuth2Session:
    """An account's "Sign in with X" credentials for the publisher: a bearer token, kept fresh.

    Args:
        handle: The account (named in messages).
        tokens: The tokens read from the keyring.
        client: Refreshes the tokens.
        save: Keeps a new pair (the keyring); called before the new access token is used.
        clock: Epoch seconds.
        margin: Refresh this many seconds before the access token runs out.
    """

    def __init__(
        self,
        handle: str,
        tokens: OAuth2Tokens,
        client: XOAuthClient,
        save: Callable[[OAuth2Tokens], None],
        *,
        clock: Callable[[], float] = time.time,
        margin: float = REFRESH_MARGIN,
    ) -> None:
        self.handle = handle
        self._tokens = tokens
        self._client = client
        self._save = save
        self._clock = clock
        self._margin = margin
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"OAuth2Session({self.handle}, <hidden>)"

    def bearer(self) -> str:
        """A valid access token, refreshed first when it runs out within the margin.

        Raises:
            SignInRevokedError: X no longer accepts the refresh token.
            ServiceUnavailableError: X or the keyring could not be reached.
        """
        with self._lock:
            if self._tokens.expires_at - self._clock() <= self._margin:
                fresh = self._client.refresh(self._tokens, self.handle)
                self._save(fresh)
                log.info("renewed the sign-in of %s", self.handle)
                self._tokens = fresh
            return self._tokens.access_token

    def secrets(self) -> tuple[str, ...]:
        """The secret values (for redaction)."""
        return self._tokens.secrets()


def account_auth(
    handle: str,
    store: SecretStore,
    *,
    api_url: str | None = None,
    clock: Callable[[], float] = time.time,
) -> XAuth | None:
    """What the publisher signs ``handle``'s requests with: the sign-in when there is one.

    An account connected with "Sign in with X" posts with its bearer token (refreshed here
    at once when it is due, so a revoked sign-in is named before any post is claimed);
    otherwise its OAuth 1.0a keys, or ``None`` when it has neither.

    Raises:
        SignInRevokedError: X no longer accepts the account's refresh token.
        ServiceUnavailableError: the keyring or X cannot be reached.
    """
    tokens = store.get_oauth2(handle)
    if tokens is None:
        return store.get(handle)
    client = XOAuthClient(tokens.client_id, api_url=api_url, clock=clock)
    session = OAuth2Session(
        handle, tokens, client, lambda fresh: store.set_oauth2(handle, fresh), clock=clock
    )
    session.bearer()
    return session


def keyring_publishers(purpose: str | None = None) -> Callable[[str], Publisher | None]:
    """The X client of each account from the OS keyring (``None``: nothing stored for it).

    Args:
        purpose: When given, an insecure keyring is refused first, the message saying what
            was not done (e.g. ``"no mentions were read"``).

    Raises:
        InsecureKeyringError: with ``purpose``, no usable secure keyring.
    """
    secrets = SecretStore()
    if purpose is not None:
        secrets.ensure_secure(purpose)

    def make(handle: str) -> Publisher | None:
        auth = account_auth(handle, secrets)
        return Publisher(None, auth) if auth is not None else None

    return make


def connect_account(
    handle: str,
    client: XOAuthClient,
    store: SecretStore,
    opener: Opener,
    *,
    cancel: threading.Event | None = None,
    timeout: float = SIGN_IN_TIMEOUT,
) -> str:
    """Connect account: sign in with X, check it is ``handle``, keep the tokens in the keyring.

    Returns:
        The ``@handle`` X signed in.

    Raises:
        SignInError: cancelled, refused, or signed in as another account (nothing stored).
        ServiceUnavailableError: X or the keyring could not be reached.
    """
    store.ensure_secure("the sign-in was not stored")
    tokens = client.sign_in(opener, timeout=timeout, cancel=cancel)
    answered = bearer_whoami(client.api_url, tokens.access_token, timeout=client.timeout)
    if answered.lstrip("@").casefold() != handle.lstrip("@").casefold():
        raise SignInError(
            f"X signed in {answered}, not {handle}: nothing was stored; sign in to X as "
            f"{handle} in the browser, then Connect account again"
        )
    store.set_oauth2(handle, tokens)
    return answered


def bearer_whoami(api_url: str, access_token: str, *, timeout: float = 10.0) -> str:
    """The ``@handle`` X answers ``GET /2/users/me`` for with a bearer token.

    Raises:
        ServiceUnavailableError: X refused, did not answer in time, or answered oddly.
    """
    url = api_url.rstrip("/") + "/2/users/me"
    try:
        response = requests.get(
            url,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise ServiceUnavailableError(
            f"X cannot be reached at {url} ({type(exc).__name__})"
        ) from None
    try:
        data = response.json() if response.status_code == 200 else None
    except ValueError:
        data = None
    user = data.get("data") if isinstance(data, dict) else None
    username = user.get("username") if isinstance(user, dict) else None
    if not isinstance(username, str) or not username:
        raise ServiceUnavailableError(
            f"X did not say which account signed in ({response.status_code} from /2/users/me)"
        )
    return "@" + username
