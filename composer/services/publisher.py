"""Publish posts to the X API v2 (``POST /2/tweets``) with OAuth 1.0a user-context signing.

A pure service: it takes a text and an account's :class:`XCredentials` and returns a
:class:`PublishOutcome`; it knows nothing of the store or the UI. The rules it keeps:

- 5xx answers and timeouts before anything was sent are retried with exponential backoff, at
  most ``max_attempts`` tries in all.
- 429 waits until the ``x-rate-limit-reset`` time (epoch seconds) X sends, but never longer
  than the caller allows (``max_wait``, and what ``before_send`` answers): a later reset ends
  the call with a ``"rate_limited"`` outcome carrying the reset time, so the caller can give
  the post back instead of sleeping on it.
- ``before_send`` is called before every request that could publish; it raises when this
  caller may no longer send (the publishing loop re-checks its lease there), and nothing is
  sent after it raised.
- Other 4xx answers fail at once with X's own explanation.
- When the connection drops *after* the request was sent, X may or may not have published the
  post. That is never retried blindly: :meth:`Publisher.reconcile` first reads the account's
  recent posts and looks for the same text, compared as X shows it (links wrapped in t.co are
  expanded from the posts' ``entities.urls``, see :mod:`composer.core.posted_text`). When
  reading is not allowed, the outcome is ``"unknown"`` and a person must look on X.

Secrets never appear in an outcome, an exception message or a log line.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol
from urllib.parse import quote, urlsplit

import requests
import urllib3.exceptions

from composer.core.errors import ConfigError, ServiceUnavailableError
from composer.core.posted_text import LinkEntity, same_post_text
from composer.services.media_upload import (
    MediaStepError,
    MediaToSend,
    MediaUploader,
    UploadedMedia,
)
from composer.services.secrets import XCredentials

log = logging.getLogger(__name__)

ENV_API_URL = "BRAND_COMPOSER_X_API_URL"
DEFAULT_API_URL = "https://api.x.com"
PublishState = Literal["published", "failed", "unknown", "rate_limited"]
#: Called before every request that could publish: raises when sending is no longer allowed,
#: else returns how many seconds the caller lets the publisher wait from now.
SendCheck = Callable[[], float]
#: The longest wait for X's rate limit inside one call, by default (X's windows are 15 min).
DEFAULT_MAX_WAIT = 900.0
_MAX_BACKOFF = 60.0
_RECONCILE_PAGES = 5
_RECONCILE_SKEW = 300.0
_DETAIL_LIMIT = 300


class XApiError(ServiceUnavailableError):
    """The X API could not be reached or refused a request; ``str()`` is the sentence to show."""


class BearerCredentials(Protocol):
    """An account signed in with X (OAuth 2.0): a bearer token kept fresh by its owner."""

    def bearer(self) -> str:
        """A valid access token (refreshed when needed); raises a known error when not."""
        ...

    def secrets(self) -> tuple[str, ...]:
        """The secret values, for redaction."""
        ...


#: What signs a request: OAuth 1.0a keys, or a "Sign in with X" bearer token.
XAuth = XCredentials | BearerCredentials


class XSignInError(XApiError):
    """The account's sign-in with X cannot give a token (revoked, or X unreachable)."""


class ReconcileForbiddenError(XApiError):
    """The account's recent posts cannot be read, so a lost answer cannot be checked."""


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """What became of one post.

    Attributes:
        state: ``"published"`` (``post_id`` is set), ``"failed"`` (X refused it or every try
            failed; nothing was published), ``"unknown"`` (it may be on X: a person must
            check before it is sent again) or ``"rate_limited"`` (not published: X's rate
            limit resets at ``retry_at``, later than the caller would wait).
        post_id: X's id of the post, when published.
        error: A sentence for the user when not published; never holds a secret.
        retry_at: With ``"rate_limited"``: when X allows posting again (epoch seconds).
    """

    state: PublishState
    post_id: str | None = None
    error: str | None = None
    retry_at: float | None = None


def percent_encode(value: str) -> str:
    """Percent-encode ``value`` as OAuth 1.0a requires (RFC 3986, only ``-._~`` kept)."""
    return quote(value, safe="-._~")


def _normalized_url(url: str) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    return f"{scheme}://{host}{parts.path or '/'}"


def signature_base_string(method: str, url: str, params: Sequence[tuple[str, str]]) -> str:
    """The OAuth 1.0a signature base string of a request.

    Args:
        method: The HTTP method.
        url: The request URL without its query string.
        params: Every signed parameter (query, form body and ``oauth_*``), not yet encoded.

    Returns:
        ``METHOD&encoded-url&encoded-parameter-string``.
    """
    encoded = sorted((percent_encode(k), percent_encode(v)) for k, v in params)
    param_string = "&".join(f"{k}={v}" for k, v in encoded)
    return "&".join(
        (method.upper(), percent_encode(_normalized_url(url)), percent_encode(param_string))
    )


def hmac_sha1_signature(
    method: str,
    url: str,
    params: Sequence[tuple[str, str]],
    consumer_secret: str,
    token_secret: str,
) -> str:
    """The base64 HMAC-SHA1 OAuth 1.0a signature of a request."""
    key = f"{percent_encode(consumer_secret)}&{percent_encode(token_secret)}"
    base = signature_base_string(method, url, params)
    digest = hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def authorization_header(
    method: str,
    url: str,
    credentials: XCredentials,
    *,
    query: Sequence[tuple[str, str]] = (),
    timestamp: int,
    nonce: str,
) -> str:
    """The ``Authorization: OAuth ...`` header value for one request.

    A JSON body is not signed (OAuth 1.0a signs only form-encoded bodies), so only ``query``
    parameters join the ``oauth_*`` ones.
    """
    oauth = {
        "oauth_consumer_key": credentials.consumer_key,
        "oauth_nonce": nonce,
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(timestamp),
        "oauth_token": credentials.access_token,
        "oauth_version": "1.0",
    }
    oauth["oauth_signature"] = hmac_sha1_signature(
        method,
        url,
        [*query, *oauth.items()],
        credentials.consumer_secret,
        credentials.access_token_secret,
    )
    return "OAuth " + ", ".join(
        f'{percent_encode(k)}="{percent_encode(v)}"' for k, v in sorted(oauth.items())
    )


def default_base_url(environ: Mapping[str, str] | None = None) -> str:
    """``BRAND_COMPOSER_X_API_URL`` when set, else ``https://api.x.com``."""
    env = os.environ if environ is None else environ
    return env.get(ENV_API_URL, "").strip() or DEFAULT_API_URL


def _check_base_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ConfigError(
            f"the X API address {base_url!r} (argument or {ENV_API_URL}) must be an "
            "http:// or https:// URL such as https://api.x.com"
        )
    return base_url.rstrip("/")


def _new_nonce() -> str:
    return secrets.token_hex(16)


class _SentAndLostError(Exception):
    """The request left us but no answer came back: X may have acted on it."""


class Publisher:
    """Publishes posts for one account.

    Args:
        base_url: The API address; ``None`` reads ``BRAND_COMPOSER_X_API_URL`` (default
            ``https://api.x.com``).
        credentials: The account's OAuth 1.0a secrets, or its sign-in with X (bearer token;
            used when the account has one).
        timeout: Seconds to wait to connect and for each answer.
        max_attempts: Tries per post in all (first try included).
        max_wait: The longest wait for X's rate limit within one call, in seconds; a later
            reset returns a ``"rate_limited"`` outcome instead.
        sleep: Waits between tries (injected for tests).
        clock: The time in epoch seconds (injected for tests).
        nonce: Makes OAuth nonces (injected for tests).
        session: The ``requests`` session to use.

    Raises:
        ConfigError: ``base_url`` is not an http(s) URL, or ``max_attempts`` is below 1.
    """

    def __init__(
        self,
        base_url: str | None,
        credentials: XAuth,
        *,
        timeout: float = 10,
        max_attempts: int = 4,
        max_wait: float = DEFAULT_MAX_WAIT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = _new_nonce,
        session: requests.Session | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ConfigError(f"max_attempts must be at least 1, not {max_attempts}")
        self.base_url = _check_base_url(default_base_url() if base_url is None else base_url)
        self._credentials = credentials
        self._timeout = timeout
        self._max_attempts = max_attempts
        self._max_wait = max_wait
        self._sleep = sleep
        self._clock = clock
        self._nonce = nonce
        self._session = session or requests.Session()
        self._user_id: str | None = None

    # -- public -----------------------------------------------------------------------------

    def publish(  # noqa: PLR0911, PLR0912, PLR0915 - one outcome per kind of answer from X
        self,
        text: str,
        *,
        in_reply_to: str | None = None,
        before_send: SendCheck | None = None,
        media: Sequence[MediaToSend] = (),
        on_upload: Callable[[int, UploadedMedia], None] | None = None,
    ) -> PublishOutcome:
        """Publish ``text``, as a reply to post ``in_reply_to`` when given, with ``media``.

        Media are uploaded first (:mod:`composer.services.media_upload`; what X holds is
        reported to ``on_upload`` and not uploaded again), then attached as
        ``media.media_ids``. Never raises for API or network trouble: the outcome says what
        happened. Whatever ``before_send`` raises goes to the caller, and nothing more is sent.
        """
        since = self._clock()
        may_wait = self._max_wait
        body: dict[str, Any] = {"text": text}
        if in_reply_to is not None:
            body["reply"] = {"in_reply_to_tweet_id": in_reply_to}
        if media:
            uploaded = self._upload(media, on_upload, before_send)
            if isinstance(uploaded, PublishOutcome):
                return uploaded
            body["media"] = {"media_ids": uploaded}
        last_error = "X could not be reached"
        attempt = 0
        while attempt < self._max_attempts:
            attempt += 1
            if before_send is not None:
                may_wait = min(self._max_wait, before_send())
            try:
                response = self.request("POST", "/2/tweets", json_body=body)
            except _SentAndLostError as lost:
                log.warning("post attempt %d: answer lost (%s); reconciling", attempt, lost)
                settled = self._settle_lost(text, since, len(media))
                if settled is not None:
                    return settled
                last_error = f"X did not answer ({lost})"
                self._backoff(attempt)
                continue
            except XSignInError as exc:
                log.warning("post not sent: %s", exc)
                return PublishOutcome("failed", error=str(exc))
            except XApiError as exc:
                log.warning("post attempt %d: %s", attempt, exc)
                last_error = str(exc)
                self._backoff(attempt)
                continue
            status = response.status_code
            if status in (200, 201):
                post_id = _post_id(response)
                if post_id is None:
                    return PublishOutcome(
                        "unknown",
                        error="X accepted the post but its answer held no post id; "
                        "a person must check the account on X",
                    )
                log.info("published post %s", post_id)
                return PublishOutcome("published", post_id=post_id)
            if status == 429:
                reset = self._rate_limit_reset(response)
                if attempt >= self._max_attempts or reset - self._clock() > may_wait:
                    return self._rate_limited(response, reset)
                wait = max(reset - self._clock(), 1.0)
                log.warning("rate limited by X; waiting %.0f s", wait)
                self._sleep(wait)
                continue
            if status >= 500:
                last_error = f"X had a server error ({status}): {self._detail(response)}"
                log.warning("post attempt %d: %s", attempt, last_error)
                self._backoff(attempt)
                continue
            error = self._refusal(status, response)
            log.warning("post refused: %s", error)
            return PublishOutcome("failed", error=error)
        return PublishOutcome(
            "failed", error=f"{last_error}; gave up after {self._max_attempts} tries"
        )

    def publish_thread(
        self, parts: Sequence[str], *, before_send: SendCheck | None = None
    ) -> list[PublishOutcome]:
        """Publish ``parts`` as a thread, each a reply to the one before.

        Returns:
            One outcome per part tried; it stops after the first one not published.
        """
        outcomes: list[PublishOutcome] = []
        previous: str | None = None
        for part in parts:
            outcome = self.publish(part, in_reply_to=previous, before_send=before_send)
            outcomes.append(outcome)
            if outcome.state != "published":
                break
            previous = outcome.post_id
        return outcomes

    def reconcile(self, text: str, since: float, *, media_count: int = 0) -> str | None:
        """The id of a post of this account with ``text``, created since ``since``.

        Texts are compared as X shows them (:func:`composer.core.posted_text.same_post_text`):
        the posts are read with their ``entities`` so that t.co links can be expanded.

        Args:
            text: The text that was sent.
            since: Epoch seconds when sending began (a few minutes of clock skew are allowed).
            media_count: How many media the post was sent with (its ``attachments`` must
                list as many); 0 does not look at attachments.

        Returns:
            The post id, or ``None`` when no such post is there.

        Raises:
            ReconcileForbiddenError: X does not let these credentials read the posts.
            XApiError: X could not be read.
        """
        user_id = self._me()
        start = datetime.fromtimestamp(max(since - _RECONCILE_SKEW, 0), tz=UTC)
        query = [
            ("max_results", "100"),
            ("start_time", start.strftime("%Y-%m-%dT%H:%M:%SZ")),
            # A long post's ``text`` is cut short in a timeline; ``note_tweet`` holds it whole.
            ("tweet.fields", "created_at,entities,attachments,note_tweet"),
        ]
        for _page in range(_RECONCILE_PAGES):
            data = self._read_json(f"/2/users/{percent_encode(user_id)}/tweets", query)
            for post in data.get("data") or []:
                if isinstance(post, dict) and _is_sent(post, text, media_count):
                    return str(post.get("id"))
            token = (data.get("meta") or {}).get("next_token")
            if not token:
                return None
            query = [*(q for q in query if q[0] != "pagination_token"), ("pagination_token", token)]
        return None

    # -- internals --------------------------------------------------------------------------

    def detail(self, response: requests.Response) -> str:
        """X's explanation of an error answer, secrets redacted."""
        return self._detail(response)

    def _upload(
        self,
        media: Sequence[MediaToSend],
        on_upload: Callable[[int, UploadedMedia], None] | None,
        before_send: SendCheck | None,
    ) -> list[str] | PublishOutcome:
        """The media ids of ``media``, or the outcome that ends the post when uploading fails."""
        uploader = MediaUploader(
            self,
            lost=_SentAndLostError,
            unreachable=XApiError,
            clock=self._clock,
            sleep=self._sleep,
            max_attempts=self._max_attempts,
        )

        def step() -> None:
            if before_send is not None:
                before_send()

        try:
            return uploader.upload_all(
                media, on_upload=on_upload or (lambda _i, _u: None), before_step=step
            )
        except MediaStepError as exc:
            log.warning("media not uploaded: %s", exc)
            if exc.retry_at is not None:
                return PublishOutcome("rate_limited", error=str(exc), retry_at=exc.retry_at)
            return PublishOutcome("failed", error=f"{exc}; the post was not sent")

    def _settle_lost(self, text: str, since: float, media_count: int = 0) -> PublishOutcome | None:
        """After a lost answer: the final outcome, or ``None`` when it is safe to try again."""
        try:
            post_id = self.reconcile(text, since, media_count=media_count)
        except ReconcileForbiddenError:
            return PublishOutcome(
                "unknown",
                error="the connection to X dropped after the post was sent, and X does not "
                "let this account's credentials read its posts: a person must look on X "
                "to confirm whether it was published before it is sent again",
            )
        except XApiError as exc:
            return PublishOutcome(
                "unknown",
                error="the connection to X dropped after the post was sent, and checking "
                f"the account's posts failed ({exc}): a person must look on X to confirm "
                "whether it was published before it is sent again",
            )
        if post_id is not None:
            log.info("lost answer reconciled: post %s is on X", post_id)
            return PublishOutcome("published", post_id=post_id)
        return None

    def _me(self) -> str:
        if self._user_id is None:
            data = self._read_json("/2/users/me", [])
            user = data.get("data")
            if not isinstance(user, dict) or not user.get("id"):
                raise XApiError("X's answer to /2/users/me held no account id")
            self._user_id = str(user["id"])
        return self._user_id

    def _read_json(self, path: str, query: Sequence[tuple[str, str]]) -> dict[str, Any]:
        try:
            response = self.request("GET", path, query=query)
        except _SentAndLostError as lost:
            raise XApiError(f"X did not answer while reading posts ({lost})") from None
        if response.status_code == 403:
            raise ReconcileForbiddenError(
                "X does not let this account's credentials read its recent posts "
                f"(403): {self._detail(response)}"
            )
        if response.status_code != 200:
            raise XApiError(
                f"X refused to list recent posts ({response.status_code}): {self._detail(response)}"
            )
        try:
            data = response.json()
        except ValueError:
            raise XApiError(f"X's answer to {path} was not JSON") from None
        if not isinstance(data, dict):
            raise XApiError(f"X's answer to {path} was not a JSON object")
        return data

    def request(
        self,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        json_body: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        form: dict[str, str] | None = None,
    ) -> requests.Response:
        """One signed request (a JSON body, or a multipart body of ``files`` and ``form``).

        The publisher's own transport, the media uploader's and the background reads'.

        Raises:
            XApiError: nothing reached X (refused, DNS, connect timeout, TLS).
            _SentAndLostError: the request was sent but no answer came back.
        """
        url = self.base_url + path
        header = self._authorization(method, url, query)
        if query:
            url += "?" + "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in query)
        try:
            return self._session.request(
                method,
                url,
                json=json_body,
                files=files,
                data=form,
                headers={"Authorization": header},
                timeout=self._timeout,
                allow_redirects=False,
            )
        except requests.ConnectTimeout:
            raise XApiError(f"X did not accept a connection within {self._timeout:g} s") from None
        except requests.ReadTimeout:
            raise _SentAndLostError(f"no answer within {self._timeout:g} s") from None
        except requests.exceptions.SSLError:
            raise XApiError("the secure connection to X failed (TLS)") from None
        except requests.ConnectionError as exc:
            if _never_sent(exc):
                raise XApiError(f"X cannot be reached at {self.base_url}") from None
            raise _SentAndLostError("the connection dropped") from None
        except requests.RequestException as exc:
            raise XApiError(f"the request to X failed ({type(exc).__name__})") from None

    def _authorization(self, method: str, url: str, query: Sequence[tuple[str, str]]) -> str:
        """The ``Authorization`` header: OAuth 1.0a signed, or the sign-in's bearer token."""
        if isinstance(self._credentials, XCredentials):
            return authorization_header(
                method,
                url,
                self._credentials,
                query=query,
                timestamp=int(self._clock()),
                nonce=self._nonce(),
            )
        try:
            return "Bearer " + self._credentials.bearer()
        except ServiceUnavailableError as exc:
            raise XSignInError(str(exc)) from None

    def _backoff(self, attempt: int) -> None:
        if attempt < self._max_attempts:
            self._sleep(min(2.0 ** (attempt - 1), _MAX_BACKOFF))

    def _rate_limit_reset(self, response: requests.Response) -> float:
        """When X allows posting again (epoch seconds): its reset header, else a minute on."""
        try:
            return float(response.headers.get("x-rate-limit-reset", ""))
        except ValueError:
            return self._clock() + _MAX_BACKOFF

    def _rate_limited(self, response: requests.Response, reset: float) -> PublishOutcome:
        until = datetime.fromtimestamp(reset, tz=UTC)
        headers = response.headers
        counts = ""
        if headers.get("x-rate-limit-remaining") and headers.get("x-rate-limit-limit"):
            counts = (
                f" ({headers['x-rate-limit-remaining']} of {headers['x-rate-limit-limit']} "
                "posts left in its window)"
            )
        error = (
            f"X's rate limit was reached{counts}; X allows posting again at {until:%H:%M:%S} UTC"
        )
        log.warning("rate limited by X until %s; not waiting here", f"{until:%H:%M:%S} UTC")
        return PublishOutcome("rate_limited", error=error, retry_at=reset)

    def _refusal(self, status: int, response: requests.Response) -> str:
        detail = self._detail(response)
        if status == 401 and not isinstance(self._credentials, XCredentials):
            return (
                f"X did not accept this account's sign-in (401): {detail}; connect the "
                "account again (Credentials > Connect account)"
            )
        if status == 401:
            return (
                f"X did not accept this account's credentials (401): {detail}; "
                "enter them again with `account credentials`"
            )
        return f"X refused the post ({status}): {detail}"

    def _detail(self, response: requests.Response) -> str:
        """X's explanation from an error body, with any secret redacted."""
        detail = ""
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict):
            parts = [str(data[k]) for k in ("title", "detail") if data.get(k)]
            errors = data.get("errors")
            if isinstance(errors, list):
                parts += [str(e.get("message")) for e in errors if isinstance(e, dict)]
            detail = "; ".join(dict.fromkeys(p for p in parts if p and p != "None"))
        if not detail:
            detail = response.text.strip()[:_DETAIL_LIMIT] or (response.reason or "no detail")
        return _redact(detail, self._credentials)[:_DETAIL_LIMIT]


def _redact(text: str, credentials: XAuth) -> str:
    """``text`` with every secret of ``credentials`` replaced by ``<hidden>`` (longest first)."""
    found = sorted({s for s in credentials.secrets() if s}, key=len, reverse=True)
    if not found:
        return text
    return re.sub("|".join(re.escape(s) for s in found), "<hidden>", text)


def _post_id(response: requests.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("data"), dict) and data["data"].get("id"):
        return str(data["data"]["id"])
    return None


def _is_sent(post: dict[str, Any], text: str, media_count: int) -> bool:
    """Whether ``post`` (from a timeline page) is ``text`` sent with ``media_count`` media.

    X appends a t.co link to a post's media to its text (its entity names a ``media_key``);
    that link is no part of what was sent, so it is taken off before comparing. A post longer
    than 280 characters (X Premium) is cut short in ``text``; its whole text and links are in
    ``note_tweet``, compared instead.
    """
    note = post.get("note_tweet")
    whole = note if isinstance(note, dict) and isinstance(note.get("text"), str) else post
    shown = str(whole.get("text", ""))
    entities = whole.get("entities")
    urls = entities.get("urls") if isinstance(entities, dict) else None
    for entity in urls if isinstance(urls, list) else []:
        if isinstance(entity, dict) and entity.get("media_key") and entity.get("url"):
            shown = shown.replace(str(entity["url"]), "").rstrip()
    if not same_post_text(shown, text, _links(whole)):
        return False
    if not media_count:
        return True
    attachments = post.get("attachments")
    keys = attachments.get("media_keys") if isinstance(attachments, dict) else None
    return isinstance(keys, list) and len(keys) == media_count


def _links(post: dict[str, Any]) -> list[LinkEntity]:
    """A post's ``entities.urls`` (t.co link and the link it stands for), as far as valid."""
    entities = post.get("entities")
    urls = entities.get("urls") if isinstance(entities, dict) else None
    if not isinstance(urls, list):
        return []
    return [
        LinkEntity(str(u.get("url") or ""), str(u.get("expanded_url") or ""))
        for u in urls
        if isinstance(u, dict)
    ]


def _never_sent(exc: requests.ConnectionError) -> bool:
    """Whether a connection error happened before the request could be sent."""
    reason: object = exc.args[0] if exc.args else None
    if isinstance(reason, urllib3.exceptions.MaxRetryError):
        reason = reason.reason
    return isinstance(
        reason, urllib3.exceptions.NewConnectionError | urllib3.exceptions.NameResolutionError
    )
