"""A local HTTP server that speaks LanguageTool's documented /v2 protocol, for tests.

LanguageTool itself cannot be installed on the test machines, so this stands in for a team's
server: ``GET /v2/languages`` and form-encoded ``POST /v2/check`` answered in LanguageTool's
real JSON format, offsets and lengths in UTF-16 code units. Its checking is a small
deterministic rule set so tests can predict every match:

- ``MORFOLOGIK_RULE_EN_US`` (TYPOS, misspelling): the words in ``MISSPELLINGS``, any case;
  brand names such as "TrailPro" are in it, as a real dictionary would not know them.
- ``ENGLISH_WORD_REPEAT_RULE`` (MISC, duplication): a word repeated; the span covers both
  ("the the"), the replacement is the word once, as LanguageTool does.
- ``IN_ORDER_TO`` (STYLE, style): "in order to".

Fault modes (set on ``server.faults`` at any time): ``delay`` seconds before answering,
``status`` (e.g. 500 with LanguageTool's plain-text error body), ``malformed`` JSON. ``stop()``
makes the server disappear mid-session; :func:`refused_url` is a URL nothing listens on.
The server honours ``disabledRules`` and ``disabledCategories`` as LanguageTool does.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

VERSION = "6.6"
MISSPELLINGS: dict[str, list[str]] = {
    "teh": ["the", "tech", "ten"],
    "recieve": ["receive"],
    "acheive": ["achieve"],
    "definately": ["definitely", "defiantly"],
    "trailpro": ["Trail Pro", "trail pro"],
    "acmegear": ["Acme Gear"],
    "shoop": ["shop", "shoot", "hoop", "scoop", "snoop", "sloop", "stoop"],
}
LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
    {"name": "French", "code": "fr", "longCode": "fr"},
]
_SOFTWARE = {
    "name": "LanguageTool",
    "version": VERSION,
    "buildDate": "2025-03-27 10:56:00 +0000",
    "apiVersion": 1,
    "premium": False,
    "premiumHint": "You might be missing errors only the Premium version can find.",
    "status": "",
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_REPEAT = re.compile(r"\b([^\W\d_]+)\s+(\1)\b", re.IGNORECASE)
_IN_ORDER_TO = re.compile(r"\bin order to\b", re.IGNORECASE)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units (an independent implementation for the fake server)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Faults:
    """What the server does wrong; change the fields while it runs."""

    delay: float = 0.0
    status: int = 200
    malformed: bool = False
    on_languages: bool = False  # apply the faults to /v2/languages too


@dataclass
class _Rule:
    id: str
    description: str
    issue_type: str
    category_id: str
    category_name: str


_SPELLING = _Rule(
    "MORFOLOGIK_RULE_EN_US", "Possible spelling mistake", "misspelling", "TYPOS", "Possible Typo"
)
_REPEAT_RULE = _Rule(
    "ENGLISH_WORD_REPEAT_RULE",
    "Word repetition (e.g. 'will will')",
    "duplication",
    "MISC",
    "Miscellaneous",
)
_STYLE_RULE = _Rule("IN_ORDER_TO", "in order to (to)", "style", "STYLE", "Style")


def _match(
    text: str, start: int, end: int, rule: _Rule, message: str, short: str, replacements: list[str]
) -> dict[str, Any]:
    ctx_start = max(0, start - 40)
    ctx_end = min(len(text), end + 40)
    context = text[ctx_start:ctx_end]
    sentence_start = max(text.rfind(". ", 0, start) + 2, 0) if ". " in text[:start] else 0
    sentence_end = text.find(". ", end)
    sentence = text[sentence_start : len(text) if sentence_end == -1 else sentence_end + 1]
    return {
        "message": message,
        "shortMessage": short,
        "replacements": [{"value": r} for r in replacements],
        "offset": utf16_len(text[:start]),
        "length": utf16_len(text[start:end]),
        "context": {
            "text": context,
            "offset": utf16_len(text[ctx_start:start]),
            "length": utf16_len(text[start:end]),
        },
        "sentence": sentence.strip(),
        "type": {"typeName": "Other"},
        "rule": {
            "id": rule.id,
            "description": rule.description,
            "issueType": rule.issue_type,
            "category": {"id": rule.category_id, "name": rule.category_name},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def check_text(
    text: str,
    disabled_rules: set[str] = frozenset(),
    disabled_categories: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[dict[str, Any]]:
    """The matches this fake LanguageTool reports for ``text``, in offset order."""
    found: list[tuple[int, dict[str, Any]]] = []

    def enabled(rule: _Rule) -> bool:
        return rule.id not in disabled_rules and rule.category_id not in disabled_categories

    if enabled(_SPELLING):
        for m in _WORD.finditer(text):
            suggestions = MISSPELLINGS.get(m.group().lower())
            if suggestions is not None:
                found.append(
                    (
                        m.start(),
                        _match(
                            text,
                            m.start(),
                            m.end(),
                            _SPELLING,
                            "Possible spelling mistake found.",
                            "Spelling mistake",
                            suggestions,
                        ),
                    )
                )
    if enabled(_REPEAT_RULE):
        for m in _REPEAT.finditer(text):
            found.append(
                (
                    m.start(),
                    _match(
                        text,
                        m.start(),
                        m.end(),
                        _REPEAT_RULE,
                        "Possible typo: you repeated a word.",
                        "Word repetition",
                        [m.group(1)],
                    ),
                )
            )
    if enabled(_STYLE_RULE):
        for m in _IN_ORDER_TO.finditer(text):
            found.append(
                (
                    m.start(),
                    _match(
                        text,
                        m.start(),
                        m.end(),
                        _STYLE_RULE,
                        "Consider using only “to”.",
                        "Wordiness",
                        ["to"],
                    ),
                )
            )
    return [m for _, m in sorted(found, key=lambda pair: pair[0])]


class LanguageToolTestServer:
    """The protocol server on 127.0.0.1, port chosen by the OS.

    Attributes:
        faults: Current fault settings.
        requests: Every request as ``(method, path, form fields)``.
    """

    def __init__(self) -> None:
        self.faults = Faults()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                fields = {k: v[0] for k, v in parse_qs(parts.query).items()}
                server._handle(self, "GET", parts.path, fields)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                fields = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                server._handle(self, "POST", urlsplit(self.path).path, fields)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self.running = False

    def start(self) -> LanguageToolTestServer:
        """Start answering."""
        self._thread.start()
        self.running = True
        return self

    def stop(self) -> None:
        """Stop answering and close the port (later connections are refused)."""
        if not self.running:
            return
        self.running = False
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def check_requests(self) -> list[dict[str, str]]:
        """The form fields of every /v2/check request so far."""
        with self._lock:
            return [f for _, path, f in self.requests if path.endswith("/check")]

    def _handle(
        self, handler: BaseHTTPRequestHandler, method: str, path: str, fields: dict[str, str]
    ) -> None:
        with self._lock:
            self.requests.append((method, path, fields))
        faults = self.faults
        is_check = path == "/v2/check"
        if path not in ("/v2/check", "/v2/languages", "/v2/healthcheck"):
            self._send(handler, 404, "text/plain", f"Error: unknown path {path}")
            return
        if is_check or faults.on_languages:
            if faults.delay and self._stop.wait(faults.delay):
                return
            if faults.status != 200:
                self._send(
                    handler,
                    faults.status,
                    "text/plain",
                    "Error: Internal Error: java.lang.RuntimeException: fault injected",
                )
                return
            if faults.malformed:
                self._send(
                    handler,
                    200,
                    "application/json",
                    '{"software": {"name": "LanguageTool", "version": "6.6"}, "matches": [{',
                )
                return
        if path == "/v2/languages":
            self._send(handler, 200, "application/json", json.dumps(LANGUAGES))
        elif path == "/v2/healthcheck":
            self._send(handler, 200, "text/plain", "OK")
        else:
            self._send(handler, 200, "application/json", json.dumps(self._check(fields)))

    def _check(self, fields: dict[str, str]) -> dict[str, Any]:
        text = fields.get("text", "")
        language = fields.get("language", "en-US")
        rules = {r for r in fields.get("disabledRules", "").split(",") if r}
        categories = {c for c in fields.get("disabledCategories", "").split(",") if c}
        return {
            "software": _SOFTWARE,
            "warnings": {"incompleteResults": False},
            "language": {
                "name": "English (US)",
                "code": language,
                "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.9},
            },
            "matches": check_text(text, rules, categories),
        }

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: str) -> None:
        data = body.encode("utf-8")
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", f"{content_type}; charset=UTF-8")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            pass  # the client gave up (timed out) first


def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def running_server() -> Iterator[LanguageToolTestServer]:
    """A started server, stopped on exit (test modules wrap this in an ``lt_server`` fixture)."""
    server = LanguageToolTestServer().start()
    try:
        yield server
    finally:
        server.stop()
