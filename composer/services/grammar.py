"""Grammar and spelling through LanguageTool (``language-tool-python``), never blocking.

Five modes (``GrammarSettings.mode``): ``offline`` (spelling only, from the dictionary that
ships with pyspellchecker: no set-up, no network; the default of new workspaces), ``local``
(language-tool-python downloads LanguageTool on first use and runs it with Java on this
machine), ``server`` (a LanguageTool server the team runs), ``public`` (the public API; opt-in,
the draft leaves the machine) and ``off``.

What we work around in language-tool-python 3.4 (each is covered by a test):

- ``Match.offset`` is converted to Python indices, ``Match.matched_text`` is not (wrong after an
  emoji): spans are computed here from the UTF-16 ``offset``/``length`` with
  :mod:`composer.core.offsets`, and the flagged text is always ``text[start:end]``.
- The offset conversion keeps its state on the ``Match`` class, so two checks running at once in
  one process corrupt each other: every client call in the process goes through one lock, and the
  UI runs checks on one worker thread (``composer.ui.grammar_worker``).
- Transport failures surface as bare ``requests`` errors (local download) or as a
  ``LanguageToolError`` without the HTTP status, and every request waits up to 300 s: the client
  here overrides the transport with the configured timeout and one try, and every failure
  becomes a :class:`GrammarUnavailable` with a sentence for the user.
- ``new_spellings`` edits the shared LanguageTool install: never used; accepted vocabulary is
  filtered out of the answers instead.

Levels: misspellings, grammar and typography are ``warning``; style and other advice is
``suggestion``. The LanguageTool category goes in ``Finding.description``.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import subprocess
import threading
import types
import urllib.parse
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import requests
from language_tool_python import LanguageTool, download_lt
from language_tool_python.exceptions import PathError
from language_tool_python.match import Match

from composer.core.findings import Finding, Level, Source, sort_findings
from composer.core.offsets import index_to_utf16, utf16_span
from composer.core.tone.entities import find_entities
from composer.services.grammar_status import (
    FALLBACK,
    OFF,
    OFFLINE,
    READY,
    UNAVAILABLE,
    GrammarResult,
    GrammarUnavailable,
    GrammarUnavailableError,
)
from composer.services.spelling import (
    AcceptedVocabulary,
    OfflineSpeller,
    OfflineSpelling,
    supports,
)

# The status values, the result and the problem live in ``grammar_status`` (light to import)
# and are re-exported here, where callers have always found them.
__all__ = [
    "FALLBACK",
    "MODES",
    "OFF",
    "OFFLINE",
    "PUBLIC_API_URL",
    "PUBLIC_API_WARNING",
    "READY",
    "UNAVAILABLE",
    "CliGrammar",
    "ConnectionReport",
    "GrammarResult",
    "GrammarService",
    "GrammarSettingsLike",
    "GrammarUnavailable",
    "GrammarUnavailableError",
    "check_server_url",
    "grammar_findings_for_cli",
    "java_major_version",
    "text_chunks",
]

MODES = ("off", "offline", "local", "server", "public")
PUBLIC_API_URL = "https://api.languagetool.org/"
PUBLIC_API_WARNING = (
    "The public LanguageTool API sends every draft, as you type it, to LanguageTool's servers "
    "outside your organisation. Only switch it on if your drafts may leave this machine."
)
MIN_JAVA = 17
MAX_REPLACEMENTS = 5
#: Characters sent in one request: longer texts are checked in pieces split at line breaks or
#: spaces (the public API takes at most 20,000 characters; this stays under it in UTF-16 too).
MAX_CHUNK = 10_000

# LanguageTool issue types that are plain advice rather than mistakes.
_SUGGESTION_ISSUE_TYPES = frozenset({"style", "locale-violation", "register", "inconsistency"})
_SUGGESTION_CATEGORIES = frozenset({"STYLE", "REDUNDANCY", "PLAIN_ENGLISH", "COLLOQUIALISMS"})

# language-tool-python keeps offset-conversion state on the Match class: one lock for the process.
_CLIENT_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class ConnectionReport:
    """What "Test connection" found."""

    url: str
    version: str
    languages: tuple[str, ...]

    def describe(self) -> str:
        """One sentence for the settings dialog."""
        return (
            f"LanguageTool {self.version or '(unknown version)'} at {self.url}: "
            f"{len(self.languages)} languages"
        )


class GrammarSettingsLike(Protocol):
    """The fields of ``composer.services.workspace.GrammarSettings`` this module reads."""

    @property
    def mode(self) -> str: ...  # noqa: D102
    @property
    def server_url(self) -> str: ...  # noqa: D102
    @property
    def timeout_seconds(self) -> float: ...  # noqa: D102
    @property
    def public_api_consent(self) -> bool: ...  # noqa: D102


def check_server_url(url: str) -> str:
    """The base URL of a LanguageTool server: ``http://host:8081/v2/check`` -> ``http://host:8081/``.

    ``host:8081`` (no scheme, but a port) means ``http://host:8081/``.

    Raises:
        GrammarUnavailable: ``kind="config"``, the URL is malformed (a sentence naming it).
    """
    raw = url.strip()
    candidate = raw if "://" in raw else "http://" + raw
    try:
        parts = urllib.parse.urlsplit(candidate)
        port = parts.port
    except ValueError:
        parts, port = None, None
    well_formed = (
        parts is not None
        and parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not any(c.isspace() for c in raw)
        and port != 0
        # Without a scheme only host:port is taken ("notaurl" and "mailto:x@y" are not).
        and ("://" in raw or (port is not None and "@" not in raw))
    )
    if parts is None or not well_formed:
        raise GrammarUnavailable(
            f"the LanguageTool server URL {raw!r} is malformed (invalid URL): give an http:// "
            "or https:// address such as http://localhost:8081",
            "config",
        )
    path = re.sub(r"(?:/v2)?(?:/check|/languages)?/*$", "", parts.path) + "/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _base_url(url: str) -> str:
    """:func:`check_server_url`, or the URL as given when it is malformed (for messages)."""
    try:
        return check_server_url(url)
    except GrammarUnavailable:
        return url.strip()


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _transport_error(
    exc: requests.RequestException, url: str, timeout: float
) -> GrammarUnavailable:
    where = f"LanguageTool server at {url}"
    if isinstance(exc, requests.Timeout):
        return GrammarUnavailable(f"{where} timed out after {_seconds(timeout)}", "timeout")
    if isinstance(exc, requests.ConnectionError):
        return GrammarUnavailable(f"{where} refused the connection", "refused")
    return GrammarUnavailable(f"{where} cannot be reached: {exc}", "unreachable")


class BoundedLanguageTool(LanguageTool):
    """The real client with a bounded, typed transport (one try, our timeout).

    The base class retries (restarting a local server) and waits up to 300 s per request.
    """

    def __init__(self, language: str, *, timeout: float, remote_server: str | None = None) -> None:
        # Set before the base constructor, which already queries /v2/languages.
        self._TIMEOUT = timeout  # type: ignore[assignment]
        super().__init__(language, remote_server=remote_server)

    def _query_server(
        self,
        url: str,
        params: dict[str, str] | None = None,
        num_tries: int = 1,
        method: Literal["get", "post"] = "get",
    ) -> Any:  # noqa: ANN401 - parsed JSON, as in the base class
        base = str(getattr(self, "_url", url)).removesuffix("v2/")
        try:
            if method == "post":
                response = requests.post(url, data=params, timeout=self._TIMEOUT)
            else:
                response = requests.get(url, params=params, timeout=self._TIMEOUT)
        except requests.RequestException as exc:
            raise _transport_error(exc, base, self._TIMEOUT) from exc
        with response:
            if response.status_code in (426, 429):
                raise GrammarUnavailable(
                    f"LanguageTool server at {base} is rate-limiting requests "
                    f"(HTTP {response.status_code}); try again later",
                    "http",
                )
            if response.status_code == 413:
                raise GrammarUnavailable(
                    f"LanguageTool server at {base} refused the text as too long (HTTP 413)",
                    "http",
                )
            if response.status_code != 200:
                raise GrammarUnavailable(
                    f"LanguageTool server at {base} answered HTTP {response.status_code}",
                    "http",
                )
            try:
                return response.json()
            except ValueError as exc:
                raise GrammarUnavailable(
                    f"LanguageTool server at {base} sent a malformed answer", "malformed"
                ) from exc


def java_major_version(java: str | None = None, *, timeout: float = 5.0) -> int | None:
    """The major version of ``java`` (default: the one on ``PATH``), ``None`` if none runs."""
    java = java or shutil.which("java")
    if not java:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - a java found on PATH, fixed arguments
            [java, "-version"], capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not found:
        return None
    major = int(found.group(1))
    # Java 8 and older say "1.8.0".
    return int(found.group(2) or 0) if major == 1 else major


Progress = Callable[[str], None]


class _ProgressBar:
    """Stands in for ``tqdm.tqdm`` in language-tool-python's download, reporting to the UI."""

    def __init__(self, report: Progress, *, total: int | None = None, **_options: object) -> None:
        self._report = report
        self.total = total
        self.done = 0
        self._last = -1

    def update(self, count: int) -> None:
        self.done += count
        megabytes = self.done // 1_000_000
        if self.total:
            percent = self.done * 100 // self.total
            if percent != self._last:
                self._last = percent
                self._report(
                    f"Downloading LanguageTool (first use): {percent}% of "
                    f"{self.total // 1_000_000} MB"
                )
        elif megabytes != self._last:
            self._last = megabytes
            self._report(f"Downloading LanguageTool (first use): {megabytes} MB")

    def close(self) -> None:
        """Nothing to release."""


@contextlib.contextmanager
def _download_progress(report: Progress | None) -> Iterator[None]:
    # language-tool-python draws its progress bar with tqdm on stderr; borrow it meanwhile.
    if report is None:
        yield
        return
    original = getattr(download_lt, "tqdm")  # noqa: B009 - not re-exported by the library
    setattr(  # noqa: B010 - replacing a module the library imported
        download_lt, "tqdm", types.SimpleNamespace(tqdm=functools.partial(_ProgressBar, report))
    )
    try:
        yield
    finally:
        setattr(download_lt, "tqdm", original)  # noqa: B010


def _use_languagetool_folder(path: str) -> None:
    """Local mode with a folder from ``grammar setup``: language-tool-python starts its jar.

    The library's only switch for this is the ``LTP_JAR_DIR_PATH`` variable; with it set, it
    downloads nothing.

    Raises:
        GrammarUnavailable: the folder is gone.
    """
    if not path.strip():
        return
    folder = Path(path.strip()).expanduser()
    if not folder.is_dir():
        raise GrammarUnavailable(
            f"the LanguageTool folder {folder} is missing: run `brand-composer grammar setup` "
            "or choose it again in Settings > Grammar",
            "config",
        )
    os.environ["LTP_JAR_DIR_PATH"] = str(folder)


def _local_failure(exc: BaseException) -> GrammarUnavailable:
    if isinstance(exc, GrammarUnavailable):
        return exc
    text = str(exc)
    if isinstance(exc, ModuleNotFoundError | SystemError) or "java" in text.lower():
        return GrammarUnavailable(
            f"Java {MIN_JAVA}+ is needed for local mode: install openjdk-{MIN_JAVA}-jre ({text})",
            "java",
        )
    if isinstance(exc, requests.RequestException | TimeoutError | OSError):
        return GrammarUnavailable(
            "LanguageTool could not be downloaded (offline?): connect to the internet once, "
            "or point LTP_JAR_DIR_PATH at an unpacked LanguageTool, or use server mode "
            f"({type(exc).__name__})",
            "download",
        )
    if isinstance(exc, PathError | zipfile.BadZipFile) and "java" not in text.lower():
        return GrammarUnavailable(
            f"LanguageTool could not be downloaded or unpacked: {text}. Try again, or point "
            "LTP_JAR_DIR_PATH at an unpacked LanguageTool, or use server mode",
            "download",
        )
    return GrammarUnavailable(f"the local LanguageTool server could not start: {text}", "error")


class GrammarService:
    """Grammar and spelling findings for drafts; one instance per guide and settings.

    The client is created lazily on the first :meth:`check` (local mode may download
    LanguageTool and start Java then), so construct this anywhere but call it from a worker.

    Args:
        settings: Mode, server URL, timeout and public-API consent.
        language: The guide's language (``en-US``).
        accepted_vocabulary: Brand terms never flagged.
        disabled_rules: LanguageTool rule ids switched off for this guide.
        disabled_categories: LanguageTool category ids switched off for this guide.
        offline_spelling: Fall back to the packaged dictionary when LanguageTool fails.
        client_factory: Builds the LanguageTool client (tests pass a recording factory).
    """

    def __init__(
        self,
        settings: GrammarSettingsLike,
        *,
        language: str = "en-US",
        accepted_vocabulary: Iterable[str] = (),
        disabled_rules: Iterable[str] = (),
        disabled_categories: Iterable[str] = (),
        offline_spelling: bool = True,
        client_factory: Callable[..., LanguageTool] | None = None,
    ) -> None:
        if settings.mode not in MODES:
            raise GrammarUnavailable(
                f"unknown grammar mode {settings.mode!r} (expected {', '.join(MODES)})", "config"
            )
        self.settings = settings
        self.language = language
        self.accepted = tuple(accepted_vocabulary)
        self._vocabulary = AcceptedVocabulary(self.accepted)
        self.disabled_rules = frozenset(disabled_rules)
        self.disabled_categories = frozenset(c.upper() for c in disabled_categories)
        self.timeout = float(settings.timeout_seconds)
        self._client_factory = client_factory
        self._client: LanguageTool | None = None
        self._closed = False
        self._speller: OfflineSpeller | None = None
        self._offline_service: OfflineSpelling | None = None
        self._offline = offline_spelling and supports(language)
        #: Called (on the checking thread) with progress sentences while local mode prepares.
        self.on_progress: Progress | None = None

    @property
    def mode(self) -> str:
        """``off``, ``offline``, ``local``, ``server`` or ``public``."""
        return self.settings.mode

    @property
    def url(self) -> str:
        """The server's base URL (empty in local mode before it started, and when off)."""
        if self.mode == "server":
            return _base_url(self.settings.server_url)
        if self.mode == "public":
            return PUBLIC_API_URL
        if self._client is not None:
            return str(self._client._url).removesuffix("v2/")
        return ""

    def check(self, text: str) -> GrammarResult:
        """Check ``text``; never raises for service problems (they become the status)."""
        if self.mode == "off":
            return GrammarResult(text, (), OFF, "Grammar checking is off")
        if self.mode == "offline":
            return self.offline(text)
        try:
            findings = self.language_tool_findings(text)
        except GrammarUnavailable as problem:
            return self.fallback(text, problem)
        return GrammarResult(text, findings, READY, f"LanguageTool ({self.mode}) is checking")

    def language_tool_findings(self, text: str) -> tuple[Finding, ...]:
        """LanguageTool's findings for ``text``, filtered for this guide.

        Raises:
            GrammarUnavailable: LanguageTool is off, not set up, unreachable or broken.
        """
        if not text.strip():
            return ()
        findings = []
        with _CLIENT_LOCK:
            client = self._ensure_client()
            for at, piece in text_chunks(text, MAX_CHUNK):
                for match in self._check_piece(client, piece):
                    finding = self._finding(piece, match)
                    if finding is not None:
                        findings.append(finding.shifted(at))
        return sort_findings(findings)

    def _check_piece(self, client: LanguageTool, piece: str) -> list[Match]:
        if not piece.strip():
            return []
        # Another client elsewhere may have left stale conversion state behind.
        _reset_match_state()
        try:
            return list(client.check(piece))
        except GrammarUnavailable:
            self._forget_local_client()
            raise
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise GrammarUnavailable(
                f"LanguageTool server at {self.url} sent a malformed answer", "malformed"
            ) from exc
        except Exception as exc:
            raise _local_failure(exc) from exc

    def test_connection(self) -> ConnectionReport:
        """Ask the server for its version and languages.

        Raises:
            GrammarUnavailable: off, not set up, or the server does not answer properly.
        """
        if self.mode == "off":
            raise GrammarUnavailable("grammar checking is off: choose a mode first", "config")
        if self.mode == "offline":
            raise GrammarUnavailable(
                "offline spelling uses no server: there is no connection to test", "config"
            )
        with _CLIENT_LOCK:
            self._ensure_client()
        base = self.url
        # /v2/languages and the version bypass the client (it throws both away).
        languages = self._get_json(base + "v2/languages", None)
        answer = self._get_json(base + "v2/check", {"language": "en-US", "text": "Test."})
        try:
            codes = tuple(str(item["longCode"]) for item in languages)
            version = str(answer.get("software", {}).get("version", ""))
        except (KeyError, TypeError, AttributeError) as exc:
            raise GrammarUnavailable(
                f"LanguageTool server at {base} sent a malformed answer", "malformed"
            ) from exc
        return ConnectionReport(base, version, codes)

    def close(self) -> None:
        """Stop the local LanguageTool server (no Java process is left behind)."""
        self._closed = True
        with _CLIENT_LOCK:
            self._forget_local_client(force=True)

    def __enter__(self) -> GrammarService:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------

    def offline(self, text: str) -> GrammarResult:
        """Mode ``offline``: spelling from the packaged dictionary, nothing else, no network."""
        if self._offline_service is None:
            self._offline_service = OfflineSpelling(self.language, self.accepted)
        return self._offline_service.check(text)

    def fallback(self, text: str, problem: GrammarUnavailable) -> GrammarResult:
        """The result when LanguageTool failed with ``problem``: offline spelling, if any."""
        if not self._offline:
            return GrammarResult(text, (), UNAVAILABLE, f"{problem}.", problem)
        if self._speller is None:
            self._speller = OfflineSpeller(self.language, self.accepted)
        findings = self._speller.check(text)
        message = f"{problem}. Spelling is checked with the offline dictionary (fallback)."
        return GrammarResult(text, findings, FALLBACK, message, problem)

    def _ensure_client(self) -> LanguageTool:
        if self._closed:
            raise GrammarUnavailable("the grammar service was closed", "config")
        if self._client is not None:
            return self._client
        factory = self._client_factory or BoundedLanguageTool
        kwargs: dict[str, Any] = {"timeout": self.timeout}
        if self.mode == "server":
            if not self.settings.server_url.strip():
                raise GrammarUnavailable(
                    "no LanguageTool server URL is set: enter it in Settings or workspace.toml "
                    "([grammar] server_url)",
                    "config",
                )
            kwargs["remote_server"] = check_server_url(self.settings.server_url)
        elif self.mode == "public":
            if not self.settings.public_api_consent:
                raise GrammarUnavailable(
                    "the public LanguageTool API is not switched on: confirm in Settings that "
                    "drafts may be sent to LanguageTool's servers",
                    "consent",
                )
            kwargs["remote_server"] = PUBLIC_API_URL
        else:
            _use_languagetool_folder(str(getattr(self.settings, "languagetool_path", "")))
            major = java_major_version()
            if major is None or major < MIN_JAVA:
                found = "no Java found" if major is None else f"found Java {major}"
                raise GrammarUnavailable(
                    f"Java {MIN_JAVA}+ is needed for local mode: install openjdk-{MIN_JAVA}-jre "
                    f"({found})",
                    "java",
                )
        try:
            if self.mode == "local" and self.on_progress is not None:
                self.on_progress("Preparing LanguageTool on this machine (first use downloads it)…")
            with _download_progress(self.on_progress if self.mode == "local" else None):
                client = factory(self.language, **kwargs)
        except GrammarUnavailable:
            raise
        except Exception as exc:
            if self.mode == "local":
                raise _local_failure(exc) from exc
            raise self._remote_failure(exc) from exc
        client.disabled_rules = set(self.disabled_rules)
        client.disabled_categories = set(self.disabled_categories)
        self._client = client
        return client

    def _remote_failure(self, exc: Exception) -> GrammarUnavailable:
        if isinstance(exc, ValueError) and "unsupported language" in str(exc):
            return GrammarUnavailable(
                f"LanguageTool server at {self.url} does not check the guide's language "
                f"{self.language!r}",
                "config",
            )
        return GrammarUnavailable(
            f"LanguageTool server at {self.url} cannot be used: {exc}", "error"
        )

    def _forget_local_client(self, *, force: bool = False) -> None:
        # A dead local server is restarted on the next check; a remote client has no state.
        if self._client is None or not (force or self.mode == "local"):
            return
        client, self._client = self._client, None
        with contextlib.suppress(Exception):
            client.close()

    def _get_json(self, url: str, data: dict[str, str] | None) -> Any:  # noqa: ANN401 - JSON
        try:
            if data is None:
                response = requests.get(url, timeout=self.timeout)
            else:
                response = requests.post(url, data=data, timeout=self.timeout)
        except requests.RequestException as exc:
            raise _transport_error(exc, self.url, self.timeout) from exc
        with response:
            if response.status_code != 200:
                raise GrammarUnavailable(
                    f"LanguageTool server at {self.url} answered HTTP {response.status_code}",
                    "http",
                )
            try:
                return response.json()
            except ValueError as exc:
                raise GrammarUnavailable(
                    f"LanguageTool server at {self.url} sent a malformed answer", "malformed"
                ) from exc

    def _finding(self, text: str, match: Match) -> Finding | None:
        rule_id = str(match.rule_id)
        category = str(getattr(match, "category", "") or "")
        if rule_id in self.disabled_rules or category.upper() in self.disabled_categories:
            return None
        try:
            # Match.offset is a Python index (converted under our lock); length is UTF-16.
            raw_offset = index_to_utf16(text, int(match.offset))
            start, end = utf16_span(text, raw_offset, int(match.error_length))
        except ValueError:
            return None
        if end <= start or self._is_accepted(text, start, end) or _in_entity(text, start, end):
            return None
        issue = str(getattr(match, "rule_issue_type", "") or "")
        level = (
            Level.SUGGESTION
            if issue in _SUGGESTION_ISSUE_TYPES or category.upper() in _SUGGESTION_CATEGORIES
            else Level.WARNING
        )
        description = f"LanguageTool {category}" + (f" ({issue})" if issue else "")
        return Finding(
            rule=rule_id,
            level=level,
            message=str(match.message),
            start=start,
            end=end,
            source=Source.GRAMMAR,
            replacements=tuple(str(r) for r in match.replacements[:MAX_REPLACEMENTS]),
            description=description,
        )

    def _is_accepted(self, text: str, start: int, end: int) -> bool:
        # The match may be one word of a multi-word term ("Acme" in "Acme Gear").
        return self._vocabulary.covers(text, start, end)


def text_chunks(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` in pieces of at most ``size`` characters, each with its start index.

    A piece ends after the last line break in its window, else after the last space, else at
    ``size`` (one very long word); joined again, the pieces are ``text``.
    """
    pieces: list[tuple[int, str]] = []
    at = 0
    while len(text) - at > size:
        window = text[at : at + size]
        cut = window.rfind("\n") + 1 or max(window.rfind(" "), window.rfind("\t")) + 1 or size
        pieces.append((at, window[:cut]))
        at += cut
    pieces.append((at, text[at:]))
    return pieces


def _in_entity(text: str, start: int, end: int) -> bool:
    return any(e.start < end and start < e.end for e in find_entities(text))


def _reset_match_state() -> None:
    Match.PREVIOUS_MATCHES_TEXT = None
    Match.FOUR_BYTES_POSITIONS = None


class CliGrammar:
    """Grammar for one ``brand-composer check`` run over one or more files.

    One service serves every file. Once LanguageTool has failed, the remaining files get the
    offline spelling findings straight away (no second wait for a slow or dead server), and
    the warning is given once.

    ``server_url_override`` (``--grammar-server URL``) means server mode at that URL for this
    run; ``settings`` may then be ``None`` (no workspace). Mode ``off`` (or no settings) gives
    no findings and no warning.

    Raises:
        GrammarUnavailable: ``server_url_override`` is malformed (``kind="config"``).
    """

    def __init__(
        self,
        *,
        guide_language: str,
        accepted_vocabulary: Iterable[str],
        disabled_rules: Iterable[str],
        disabled_categories: Iterable[str],
        settings: GrammarSettingsLike | None,
        server_url_override: str | None = None,
    ) -> None:
        if server_url_override is not None:
            check_server_url(server_url_override)
            timeout = float(settings.timeout_seconds) if settings is not None else 5.0
            settings = _Override("server", server_url_override, timeout)
        self._service: GrammarService | None = None
        self._problem: GrammarUnavailable | None = None
        self._warned = False
        if settings is None or settings.mode == "off":
            return
        try:
            self._service = GrammarService(
                settings,
                language=guide_language,
                accepted_vocabulary=accepted_vocabulary,
                disabled_rules=disabled_rules,
                disabled_categories=disabled_categories,
            )
        except GrammarUnavailable as problem:
            self._problem = problem

    def findings(self, text: str) -> tuple[list[Finding], str | None]:
        """Grammar findings for ``text``, plus a warning sentence the first time it fell back.

        The warning has no ``grammar:`` prefix; service problems are never raised.
        """
        service = self._service
        if service is None:
            return [], self._warning(str(self._problem) if self._problem else None)
        if self._problem is not None:
            result = service.fallback(text, self._problem)
        else:
            result = service.check(text)
            self._problem = result.problem
        warning = None if result.problem is None else result.message
        return list(result.findings), self._warning(warning)

    def close(self) -> None:
        """Stop the service (a local LanguageTool server with it)."""
        if self._service is not None:
            self._service.close()

    def __enter__(self) -> CliGrammar:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _warning(self, warning: str | None) -> str | None:
        if warning is None or self._warned:
            return None
        self._warned = True
        return warning


def grammar_findings_for_cli(
    text: str,
    *,
    guide_language: str,
    accepted_vocabulary: Iterable[str],
    disabled_rules: Iterable[str],
    disabled_categories: Iterable[str],
    settings: GrammarSettingsLike | None,
    server_url_override: str | None = None,
) -> tuple[list[Finding], str | None]:
    """Grammar findings for one text, plus a warning sentence if it fell back (:class:`CliGrammar`).

    A malformed ``server_url_override`` gives no findings and a warning saying so.
    """
    try:
        grammar = CliGrammar(
            guide_language=guide_language,
            accepted_vocabulary=accepted_vocabulary,
            disabled_rules=disabled_rules,
            disabled_categories=disabled_categories,
            settings=settings,
            server_url_override=server_url_override,
        )
    except GrammarUnavailable as problem:
        return [], str(problem)
    with grammar:
        return grammar.findings(text)


@dataclass(frozen=True, slots=True)
class _Override:
    mode: str
    server_url: str
    timeout_seconds: float
    public_api_consent: bool = False
