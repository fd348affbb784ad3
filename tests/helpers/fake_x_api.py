"""A local stand-in for the parts of the X API v2 the publisher uses, with fault injection.

Serves ``POST /2/tweets``, ``GET /2/users/me`` and ``GET /2/users/:id/tweets`` (newest first,
``max_results``, ``start_time``, ``pagination_token``) in X's JSON shapes. ``GET /2/users/:id/mentions``
(paged, ``since_id``, rate limited) is :class:`helpers.fake_x_mentions.FakeMentions`
(``server.mentions``). Every request must
carry a well-formed OAuth 1.0a ``Authorization`` header; when the server is given credentials
it also checks the HMAC-SHA1 signature with its own small implementation (so a signing bug in
the publisher shows up as 401, as it would on X).

Faults, queued on POST /2/tweets (each ``add_*`` call queues ``n`` of them, consumed in order):
``add_500``, ``add_429`` (with ``x-rate-limit-reset`` = clock + ``wait``), ``add_delay`` (sleep
longer than the client's timeout; ``store=True`` publishes the post first), ``add_drop``
(publish the post, then close the socket without answering), ``add_status`` (any status with an
X-style problem body). ``reads_forbidden = True`` makes the read endpoints answer 403.

Long posts: with ``premium = True`` the account may post up to 25,000 characters (else 280, as
X refuses longer posts from accounts without X Premium). As on X, a timeline shows a post
longer than 280 characters cut short (its first 275 characters and "…", with only the links in
that part), and gives the whole text, with all its links, in ``note_tweet`` only when
``tweet.fields`` asks for ``note_tweet``.

Links are kept as X keeps them: every URL twitter-text finds is wrapped in a
``https://t.co/...`` link in the stored text (what the post's answer and the timeline show),
and the timeline gives the originals in ``entities.urls`` (``expanded_url``, with ``http://``
added to a link typed without a scheme) only when ``tweet.fields`` asks for ``entities``.

Media: the upload endpoints are served by :class:`helpers.fake_x_media.FakeMedia`
(``server.media``, with its own faults); ``POST /2/tweets`` takes ``media.media_ids`` of
finished uploads, and, as X does, appends a t.co link to the post's media to its text (its
entity carries ``media_key``; ``tweet.fields=attachments`` lists the post's media keys).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from helpers.fake_x_media import FakeMedia
from helpers.fake_x_mentions import FakeMentions
from helpers.fake_x_metrics import FakeMetrics

from composer.core.text import extract_urls

USER_ID = "1234567890"
USERNAME = "brandco"
#: The longest post X takes from an account without X Premium, and from one with it.
POST_LIMIT = 280
LONG_POST_LIMIT = 25_000
#: How much of a long post a timeline shows before "…".
LONG_POST_SHOWN = 275
OAUTH_KEYS = {
    "oauth_consumer_key",
    "oauth_nonce",
    "oauth_signature",
    "oauth_signature_method",
    "oauth_timestamp",
    "oauth_token",
    "oauth_version",
}
_PAIR = re.compile(r'\s*([A-Za-z0-9_%.-]+)="([^"]*)"\s*(?:,|$)')


@dataclass
class Link:
    """One of X's ``entities.urls`` items (``start``/``end`` in code points of the text)."""

    start: int
    end: int
    url: str
    expanded_url: str
    display_url: str
    media_key: str = ""  # set on the link X appends for a post's media


@dataclass
class Post:
    """A post as X keeps it: ``text`` with links wrapped in t.co, ``sent`` as it was sent."""

    id: str
    text: str
    created_at: float
    in_reply_to: str | None = None
    sent: str = ""
    links: list[Link] = field(default_factory=list)
    media_keys: list[str] = field(default_factory=list)


@dataclass
class Fault:
    kind: str  # "500" | "429" | "delay" | "drop" | "status"
    wait: float = 0.0
    store: bool = False
    status: int = 0
    detail: str = ""


@dataclass
class FakeClock:
    """A clock for tests: ``sleep`` records the wait and moves time forward at once."""

    now: float = 1_700_000_000.0
    sleeps: list[float] = field(default_factory=list)

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _base62(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while number:
        number, rest = divmod(number, 62)
        out = digits[rest] + out
    return out or "0"


def _enc(value: str) -> str:
    return quote(value, safe="-._~")


def parse_oauth_header(header: str) -> dict[str, str] | None:
    """The OAuth parameters of an ``Authorization`` header, or ``None`` when malformed."""
    if not header.startswith("OAuth "):
        return None
    rest = header[len("OAuth ") :]
    params: dict[str, str] = {}
    pos = 0
    while pos < len(rest):
        match = _PAIR.match(rest, pos)
        if match is None:
            return None
        params[unquote(match.group(1))] = unquote(match.group(2))
        pos = match.end()
    if set(params) != OAUTH_KEYS:
        return None
    if params["oauth_signature_method"] != "HMAC-SHA1" or params["oauth_version"] != "1.0":
        return None
    if not params["oauth_timestamp"].isdigit() or not params["oauth_nonce"]:
        return None
    return params


def expected_signature(
    method: str, url: str, params: list[tuple[str, str]], consumer_secret: str, token_secret: str
) -> str:
    pairs = sorted((_enc(k), _enc(v)) for k, v in params)
    base = "&".join((method, _enc(url), _enc("&".join(f"{k}={v}" for k, v in pairs))))
    key = f"{_enc(consumer_secret)}&{_enc(token_secret)}"
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()


class FakeOAuth2:
    """X's OAuth 2.0 with PKCE, as the fake serves it.

    ``GET /i/oauth2/authorize`` consents at once and redirects to the (loopback) redirect URI
    with ``code`` and ``state`` (``deny = True`` redirects with ``error=access_denied``;
    ``forged_state`` replaces the state). ``POST /2/oauth2/token`` takes the
    ``authorization_code`` grant (the verifier is checked against the S256 challenge) and the
    ``refresh_token`` grant (refresh tokens rotate: each works once); ``revoke_all()`` or
    ``POST /2/oauth2/revoke`` make refresh and access tokens invalid (``invalid_grant``).
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.client_id = "fake-client-id"
        self.lifetime = 7200
        self.deny = False
        self.forged_state: str | None = None
        self.codes: dict[str, tuple[str, str]] = {}  # code -> (redirect_uri, challenge)
        self.access: dict[str, float] = {}  # access token -> expiry
        self.refresh: set[str] = set()
        self.grants: list[str] = []
        self.authorize_queries: list[dict[str, str]] = []
        self._counter = 0
        self._lock = threading.Lock()

    def _new(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}-{self._counter}-{hashlib.sha256(str(self._counter).encode()).hexdigest()[:16]}"

    def authorize(self, query: dict[str, str]) -> str | None:
        self.authorize_queries.append(query)
        redirect = query.get("redirect_uri", "")
        if (
            query.get("response_type") != "code"
            or query.get("client_id") != self.client_id
            or query.get("code_challenge_method") != "S256"
            or not query.get("code_challenge")
            or not redirect.startswith("http://127.0.0.1:")
            or "offline.access" not in query.get("scope", "").split()
        ):
            return None
        state = self.forged_state if self.forged_state is not None else query.get("state", "")
        if self.deny:
            return f"{redirect}?error=access_denied&state={quote(state)}"
        with self._lock:
            code = self._new("code")
            self.codes[code] = (redirect, query["code_challenge"])
        return f"{redirect}?code={quote(code)}&state={quote(state)}"

    def bearer_ok(self, token: str) -> bool:
        with self._lock:
            expiry = self.access.get(token)
        return expiry is not None and expiry > self.clock()

    def revoke_all(self) -> None:
        with self._lock:
            self.access.clear()
            self.refresh.clear()

    def _issue(self) -> dict[str, Any]:
        access, refresh = self._new("access"), self._new("refresh")
        self.access[access] = self.clock() + self.lifetime
        self.refresh.add(refresh)
        return {
            "token_type": "bearer",
            "expires_in": self.lifetime,
            "access_token": access,
            "scope": "tweet.read tweet.write users.read media.write offline.access",
            "refresh_token": refresh,
        }

    def post(self, path: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        bad = {
            "error": "invalid_request",
            "error_description": "Value passed for the token was invalid.",
        }
        with self._lock:
            if path == "/2/oauth2/revoke":
                self.refresh.discard(form.get("token", ""))
                self.access.pop(form.get("token", ""), None)
                return 200, {"revoked": True}
            if form.get("client_id") != self.client_id:
                return 401, {
                    "error": "invalid_client",
                    "error_description": "Missing valid authorization header",
                }
            grant = form.get("grant_type", "")
            self.grants.append(grant)
            if grant == "authorization_code":
                entry = self.codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = (
                    base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                    .rstrip(b"=")
                    .decode()
                )
                if entry is None or entry != (form.get("redirect_uri", ""), challenge):
                    return 400, bad
                return 200, self._issue()
            if grant == "refresh_token":
                token = form.get("refresh_token", "")
                if token not in self.refresh:
                    return 400, {
                        "error": "invalid_grant",
                        "error_description": "Value passed for the token was invalid.",
                    }
                self.refresh.discard(token)
                return 200, self._issue()
            return 400, {"error": "unsupported_grant_type"}


class FakeXApi(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        credentials: tuple[str, str, str, str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.credentials = credentials
        self.clock = clock
        self.lock = threading.Lock()
        self.posts: list[Post] = []
        self.faults: list[Fault] = []
        self.reads_forbidden = False
        self.premium = False  # X Premium: long posts (see the module's docstring)
        self.media = FakeMedia(clock)  # the media upload endpoints (helpers.fake_x_media)
        self.username = USERNAME  # the @handle /2/users/me answers for
        self.requests: list[tuple[str, str]] = []
        self.auth_headers: list[str] = []
        self.nonces: set[str] = set()
        self.replayed_nonces = 0
        self._next_id = 1_800_000_000_000_000_000
        self._next_link = 916_132_832  # t.co codes are ten base-62 digits
        self.oauth = FakeOAuth2(clock)
        self.mentions = FakeMentions(clock, USER_ID)  # GET /2/users/:id/mentions
        self.metrics = FakeMetrics(clock)  # GET /2/tweets?ids=... public metrics

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def add_500(self, n: int = 1) -> None:
        self.faults += [Fault("500") for _ in range(n)]

    def add_429(self, wait: float, n: int = 1) -> None:
        self.faults += [Fault("429", wait=wait) for _ in range(n)]

    def add_delay(self, seconds: float, *, store: bool = False, n: int = 1) -> None:
        self.faults += [Fault("delay", wait=seconds, store=store) for _ in range(n)]

    def add_drop(self, n: int = 1) -> None:
        self.faults += [Fault("drop") for _ in range(n)]

    def add_status(self, status: int, detail: str, n: int = 1) -> None:
        self.faults += [Fault("status", status=status, detail=detail) for _ in range(n)]

    def texts(self) -> list[str]:
        """The posts' texts as they were sent (links not wrapped)."""
        with self.lock:
            return [p.sent for p in self.posts]

    def store(self, text: str, in_reply_to: str | None, media_ids: Sequence[str] = ()) -> Post:
        keys = self.media.media_keys(media_ids)
        with self.lock:
            self._next_id += 1
            shown, links = self._wrap_links(text)
            if keys:  # X appends one t.co link to the post's media
                self._next_link += 1
                short = "https://t.co/" + _base62(self._next_link).rjust(10, "0")
                start = len(shown) + 1
                shown = f"{shown} {short}"
                photo = f"https://x.com/{self.username}/status/{self._next_id}/photo/1"
                links.append(
                    Link(start, start + len(short), short, photo, photo[8:], media_key=keys[0])
                )
            post = Post(str(self._next_id), shown, self.clock(), in_reply_to, text, links, keys)
            self.posts.append(post)
            return post

    def _wrap_links(self, text: str) -> tuple[str, list[Link]]:
        """``text`` with each link replaced by a new t.co link, as X stores a post."""
        out: list[str] = []
        links: list[Link] = []
        pos = 0
        for entity in extract_urls(text):
            out.append(text[pos : entity.start])
            self._next_link += 1
            short = "https://t.co/" + _base62(self._next_link).rjust(10, "0")
            start = sum(len(p) for p in out)
            out.append(short)
            expanded = entity.text if "://" in entity.text else "http://" + entity.text
            display = expanded.split("://", 1)[1]
            display = display if len(display) <= 25 else display[:24] + "\u2026"
            links.append(Link(start, start + len(short), short, expanded, display))
            pos = entity.end
        out.append(text[pos:])
        return "".join(out), links

    def next_fault(self) -> Fault | None:
        with self.lock:
            return self.faults.pop(0) if self.faults else None


class _Handler(BaseHTTPRequestHandler):
    server: FakeXApi
    protocol_version = "HTTP/1.1"
    # Buffer each answer into one write: headers and body in separate segments would meet
    # the client's delayed ACK and cost 40 ms per request.
    wbufsize = 1 << 16

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # -- plumbing --

    def _send_json(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _problem(self, status: int, title: str, detail: str, headers: dict[str, str] | None = None):
        self._send_json(
            status,
            {"title": title, "detail": detail, "type": "about:blank", "status": status},
            headers,
        )

    def _authorized(self, query: list[tuple[str, str]]) -> bool:
        header = self.headers.get("Authorization", "")
        self.server.auth_headers.append(header)
        if header.startswith("Bearer "):
            if self.server.oauth.bearer_ok(header[len("Bearer ") :]):
                return True
            self._problem(401, "Unauthorized", "Unauthorized")
            return False
        params = parse_oauth_header(header)
        if params is None:
            self._problem(401, "Unauthorized", "Unauthorized")
            return False
        with self.server.lock:
            if params["oauth_nonce"] in self.server.nonces:
                self.server.replayed_nonces += 1
            self.server.nonces.add(params["oauth_nonce"])
        creds = self.server.credentials
        if creds is not None:
            consumer_key, consumer_secret, token, token_secret = creds
            signed = [(k, v) for k, v in params.items() if k != "oauth_signature"]
            url = f"http://{self.headers['Host']}{urlsplit(self.path).path}"
            want = expected_signature(
                self.command, url, [*query, *signed], consumer_secret, token_secret
            )
            if (
                params["oauth_consumer_key"] != consumer_key
                or params["oauth_token"] != token
                or not hmac.compare_digest(params["oauth_signature"], want)
            ):
                self._problem(401, "Unauthorized", "Unauthorized")
                return False
        return True

    # -- endpoints --

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        self.server.requests.append(("POST", parts.path))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if parts.path in ("/2/oauth2/token", "/2/oauth2/revoke"):
            status, answer = self.server.oauth.post(parts.path, dict(parse_qsl(raw.decode())))
            self._send_json(status, answer)
            return
        if not self._authorized(parse_qsl(parts.query)):
            return
        if self.server.media.handle_post(
            self, parts.path, raw, self.headers.get("Content-Type", "")
        ):
            return
        if parts.path != "/2/tweets":
            self._problem(404, "Not Found Error", f"no route {parts.path}")
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._problem(400, "Invalid Request", "body is not JSON")
            return
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text:
            self._problem(400, "Invalid Request", "text must be a non-empty string")
            return
        reply = (body.get("reply") or {}).get("in_reply_to_tweet_id")
        media_ids = (body.get("media") or {}).get("media_ids") or []
        refused = self.server.media.refusal(media_ids) if "media" in body else None
        if refused is not None:
            self._problem(400, "Invalid Request", refused)
            return
        fault = self.server.next_fault()
        if fault is not None and self._apply_fault(fault, text, reply, media_ids):
            return
        known = {p.id for p in self.server.posts} | self.server.mentions.ids()
        if reply is not None and reply not in known:
            self._problem(400, "Invalid Request", "in_reply_to_tweet_id does not exist")
            return
        urls = extract_urls(text)  # X counts a link as its 23-character t.co link
        limit = LONG_POST_LIMIT if self.server.premium else POST_LIMIT
        if len(text) - sum(len(u.text) for u in urls) + 23 * len(urls) > limit:
            self._problem(
                400, "Invalid Request", "One or more parameters to your request was invalid."
            )
            return
        post = self.server.store(text, reply, media_ids)
        self._send_json(201, {"data": {"id": post.id, "text": post.text}})

    def _apply_fault(
        self, fault: Fault, text: str, reply: str | None, media_ids: Sequence[str] = ()
    ) -> bool:
        """Act out ``fault``; ``True`` when the request is fully handled."""
        if fault.kind == "500":
            self._problem(500, "Internal Server Error", "Internal error")
            return True
        if fault.kind == "429":
            reset = int(self.server.clock() + fault.wait)
            self._problem(
                429,
                "Too Many Requests",
                "Too Many Requests",
                {
                    "x-rate-limit-limit": "100",
                    "x-rate-limit-remaining": "0",
                    "x-rate-limit-reset": str(reset),
                },
            )
            return True
        if fault.kind == "status":
            self._problem(
                fault.status, "Forbidden" if fault.status == 403 else "Error", fault.detail
            )
            return True
        if fault.kind == "drop":
            self.server.store(text, reply, media_ids)
            self._drop()
            return True
        if fault.kind == "delay":
            if fault.store:
                self.server.store(text, reply, media_ids)
            time.sleep(fault.wait)
            with contextlib.suppress(OSError):
                self._problem(503, "Service Unavailable", "Service Unavailable")
            return True
        return False

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.requests.append(("GET", parts.path))
        query = parse_qsl(parts.query)
        if parts.path == "/i/oauth2/authorize":
            self._authorize(dict(query))
            return
        if not self._authorized(query):
            return
        if parts.path == "/2/media/upload":
            self.server.media.handle_get(self, dict(query))
            return
        if self.server.reads_forbidden:
            self._problem(
                403,
                "Forbidden",
                "You are not permitted to perform this action. Your client app is not "
                "configured with the appropriate oauth1 app permissions for this endpoint.",
            )
            return
        if parts.path == "/2/users/me":
            self._send_json(
                200, {"data": {"id": USER_ID, "name": "Brand", "username": self.server.username}}
            )
            return
        if parts.path == "/2/tweets":
            self.server.metrics.handle_get(self, dict(query))
            return
        mentions = re.fullmatch(r"/2/users/([0-9]+)/mentions", parts.path)
        if mentions is not None:
            self.server.mentions.handle_get(self, mentions.group(1), dict(query))
            return
        match = re.fullmatch(r"/2/users/([0-9]+)/tweets", parts.path)
        if match is None:
            self._problem(404, "Not Found Error", f"no route {parts.path}")
            return
        if match.group(1) != USER_ID:
            self._send_json(200, {"meta": {"result_count": 0}})
            return
        self._timeline(dict(query))

    def _authorize(self, query: dict[str, str]) -> None:
        """X's consent page, consenting at once: redirect to the app with a code and the state."""
        location = self.server.oauth.authorize(query)
        if location is None:
            self._problem(400, "Invalid Request", "bad authorization request")
            return
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _timeline(self, query: dict[str, str]) -> None:
        max_results = int(query.get("max_results", "10"))
        if not 5 <= max_results <= 100:
            self._problem(400, "Invalid Request", "max_results must be between 5 and 100")
            return
        start = 0.0
        if "start_time" in query:
            start = (
                datetime.strptime(query["start_time"], "%Y-%m-%dT%H:%M:%SZ")
                .replace(tzinfo=UTC)
                .timestamp()
            )
        with self.server.lock:
            posts = [p for p in reversed(self.server.posts) if p.created_at >= start]
        offset = int(query.get("pagination_token", "0") or 0)
        page = posts[offset : offset + max_results]
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"], meta["oldest_id"] = page[0].id, page[-1].id
        if offset + max_results < len(posts):
            meta["next_token"] = str(offset + max_results)
        fields = set(query.get("tweet.fields", "").split(","))
        data = [_timeline_item(p, fields) for p in page]
        self._send_json(200, {"data": data, "meta": meta} if data else {"meta": meta})


def _timeline_item(post: Post, fields: set[str]) -> dict[str, Any]:
    """A post in a timeline page: id and text, plus the ``tweet.fields`` asked for."""
    long_post = len(post.text) > POST_LIMIT
    # A long post shows its start only; the whole is in ``note_tweet`` when asked for.
    shown = post.text[:LONG_POST_SHOWN] + "…" if long_post else post.text
    links = [link for link in post.links if link.end <= len(shown)]
    item: dict[str, Any] = {
        "id": post.id,
        "text": _escaped(shown),
        "edit_history_tweet_ids": [post.id],
    }
    if long_post and "note_tweet" in fields:
        note: dict[str, Any] = {"text": _escaped(post.text)}
        if "entities" in fields and post.links:
            note["entities"] = {"urls": _url_entities(post.links)}
        item["note_tweet"] = note
    if "created_at" in fields:
        item["created_at"] = datetime.fromtimestamp(post.created_at, UTC).isoformat()
    if "entities" in fields and links:
        item["entities"] = {"urls": _url_entities(links)}
    if "attachments" in fields and post.media_keys:
        item["attachments"] = {"media_keys": list(post.media_keys)}
    return item


def _escaped(text: str) -> str:
    """``text`` as X returns it: these three characters as HTML entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _url_entities(links: Sequence[Link]) -> list[dict[str, Any]]:
    """``entities.urls`` for ``links``."""
    return [
        {
            "start": link.start,
            "end": link.end,
            "url": link.url,
            "expanded_url": link.expanded_url,
            "display_url": link.display_url,
            **({"media_key": link.media_key} if link.media_key else {}),
        }
        for link in links
    ]


@contextlib.contextmanager
def running_fake_x_api(
    credentials: tuple[str, str, str, str] | None = None,
    clock: Callable[[], float] = time.time,
) -> Iterator[FakeXApi]:
    server = FakeXApi(credentials, clock)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
