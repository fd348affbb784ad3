"""GrammarService against the LanguageTool protocol server, through the real client."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import pytest
import requests
from helpers.lt_server import LanguageToolTestServer, refused_url, running_server
from language_tool_python import LanguageTool
from language_tool_python.match import Match

from composer.core.errors import ServiceUnavailableError
from composer.core.findings import Level, Source
from composer.services.grammar import (
    FALLBACK,
    OFF,
    READY,
    UNAVAILABLE,
    GrammarService,
    GrammarUnavailable,
    grammar_findings_for_cli,
)
from composer.services.spelling import OFFLINE_RULE


@dataclass(frozen=True)
class Settings:
    mode: str = "server"
    server_url: str = ""
    timeout_seconds: float = 2.0
    public_api_consent: bool = False


@pytest.fixture
def lt_server() -> Iterator[LanguageToolTestServer]:
    """The LanguageTool protocol server on 127.0.0.1, stopped after the test."""
    with running_server() as server:
        yield server


def service(url: str, **kwargs) -> GrammarService:
    timeout = kwargs.pop("timeout", 2.0)
    return GrammarService(Settings("server", url, timeout), **kwargs)


def test_findings_from_server_have_python_spans_and_fields(lt_server: LanguageToolTestServer):
    text = "I will recieve teh parcel, the the one in order to smile."
    with service(lt_server.url) as svc:
        result = svc.check(text)
    assert result.status == READY
    got = [(f.rule, text[f.start : f.end], f.replacements, f.level) for f in result.findings]
    assert got == [
        ("MORFOLOGIK_RULE_EN_US", "recieve", ("receive",), Level.WARNING),
        ("MORFOLOGIK_RULE_EN_US", "teh", ("the", "tech", "ten"), Level.WARNING),
        ("ENGLISH_WORD_REPEAT_RULE", "the the", ("the",), Level.WARNING),
        ("IN_ORDER_TO", "in order to", ("to",), Level.SUGGESTION),
    ]
    assert all(f.source is Source.GRAMMAR for f in result.findings)
    assert "TYPOS" in result.findings[0].description
    assert result.findings[0].message == "Possible spelling mistake found."


@pytest.mark.parametrize(
    "prefix",
    ["😀 ", "🇺🇸🇺🇸 ", "👩‍👩‍👧 family ", "𝐁𝐨𝐥𝐝 ", "é ", "中文 "],
)
def test_spans_after_astral_characters(lt_server: LanguageToolTestServer, prefix: str):
    text = f"{prefix}Did you recieve it? teh end"
    with service(lt_server.url) as svc:
        findings = svc.check(text).findings
    assert [text[f.start : f.end] for f in findings] == ["recieve", "teh"]


def test_raw_client_matched_text_is_wrong_after_emoji_but_ours_is_right(
    lt_server: LanguageToolTestServer,
):
    text = "😀😀 I recieve teh box"
    client = LanguageTool("en-US", remote_server=lt_server.url)
    try:
        matches = client.check(text)
    finally:
        client.close()
    # The library converts offset but not matched_text (context offsets stay UTF-16).
    assert text[matches[0].offset : matches[0].offset + 7] == "recieve"
    assert matches[0].matched_text != "recieve"
    with service(lt_server.url) as svc:
        assert [text[f.start : f.end] for f in svc.check(text).findings] == ["recieve", "teh"]


def test_raw_client_shares_offset_state_between_threads(
    lt_server: LanguageToolTestServer, monkeypatch: pytest.MonkeyPatch
):
    """Two checks interleaved in one process corrupt each other's offsets in the raw client."""
    import language_tool_python.match as match_module

    text_a = "😀😀😀😀 teh"
    text_b = "plain text teh and recieve"
    raw_b = LanguageToolTestServer._check  # the JSON the server would send
    response_b = raw_b(lt_server, {"text": text_b})["matches"]
    response_a = raw_b(lt_server, {"text": text_a})["matches"]

    real = match_module.four_byte_char_positions
    a_inside = threading.Event()
    b_done = threading.Event()

    def slow_positions(text: str) -> list[int]:
        if text == text_a:
            a_inside.set()
            b_done.wait(5)
        return real(text)

    monkeypatch.setattr(match_module, "four_byte_char_positions", slow_positions)
    Match.PREVIOUS_MATCHES_TEXT = None
    results: dict[str, list[Match]] = {}

    def run_a() -> None:
        results["a"] = [Match(dict(m, rule=dict(m["rule"])), text_a) for m in response_a]

    thread = threading.Thread(target=run_a)
    thread.start()
    assert a_inside.wait(5)
    first_b = Match(dict(response_b[0]), text_b)
    b_done.set()
    thread.join(5)
    second_b = Match(dict(response_b[1]), text_b)  # sees A's emoji positions
    assert text_b[first_b.offset :].startswith("teh")
    assert not text_b[second_b.offset :].startswith("recieve")


def test_service_serialises_concurrent_checks(lt_server: LanguageToolTestServer):
    texts = ["😀😀😀 recieve teh " * 3, "plain teh words recieve " * 3, "🇺🇸 a teh b 😀 recieve"]
    services = [service(lt_server.url) for _ in texts]
    errors: list[str] = []

    def work(svc: GrammarService, text: str) -> None:
        for _ in range(15):
            for f in svc.check(text).findings:
                if text[f.start : f.end] not in ("recieve", "teh"):
                    errors.append(f"{text!r}: {f.start}..{f.end}")

    threads = [
        threading.Thread(target=work, args=pair) for pair in zip(services, texts, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for svc in services:
        svc.close()
    assert errors == []


def test_accepted_vocabulary_and_entities_are_dropped(lt_server: LanguageToolTestServer):
    text = "TrailPro by acmegear: teh best https://x.com/teh @teh #teh $TEH trailpro"
    with service(lt_server.url, accepted_vocabulary=["TrailPro", "AcmeGear"]) as svc:
        findings = svc.check(text).findings
    assert [text[f.start : f.end] for f in findings] == ["teh"]
    # The server itself flagged all of them: the filtering is ours.
    assert len(lt_server.check_requests()) == 1


def test_disabled_rules_and_categories_are_sent_and_enforced(lt_server: LanguageToolTestServer):
    text = "recieve the the in order to"
    with service(
        lt_server.url, disabled_rules=["ENGLISH_WORD_REPEAT_RULE"], disabled_categories=["style"]
    ) as svc:
        findings = svc.check(text).findings
    assert [f.rule for f in findings] == ["MORFOLOGIK_RULE_EN_US"]
    sent = lt_server.check_requests()[-1]
    assert sent["disabledRules"] == "ENGLISH_WORD_REPEAT_RULE"
    assert sent["disabledCategories"] == "STYLE"


def test_new_spellings_never_used(lt_server: LanguageToolTestServer, tmp_path, monkeypatch):
    monkeypatch.setenv("LTP_PATH", str(tmp_path))
    with service(lt_server.url, accepted_vocabulary=["TrailPro"]) as svc:
        assert svc.check("TrailPro teh").findings[0].start == 9
    assert list(tmp_path.iterdir()) == []  # nothing written to a LanguageTool install
    assert all(
        "TrailPro" not in v
        for f in lt_server.check_requests()
        for v in f.values()
        if v != "TrailPro teh"
    )


def test_slow_server_times_out_with_sentence_and_fallback(lt_server: LanguageToolTestServer):
    lt_server.faults.delay = 10
    svc = service(lt_server.url, timeout=0.5)
    started = time.monotonic()
    result = svc.check("I recieve teh parcel")
    assert time.monotonic() - started < 3
    assert result.status == FALLBACK
    assert result.problem is not None and result.problem.kind == "timeout"
    assert f"LanguageTool server at {lt_server.url}/ timed out after 0.5 s" in result.message
    assert [(f.rule, f.start) for f in result.findings] == [(OFFLINE_RULE, 2), (OFFLINE_RULE, 10)]
    svc.close()


@pytest.mark.parametrize(
    ("faults", "kind", "words"),
    [
        ({"status": 500}, "http", "answered HTTP 500"),
        ({"status": 503}, "http", "answered HTTP 503"),
        ({"malformed": True}, "malformed", "sent a malformed answer"),
    ],
)
def test_broken_answers_become_typed_problems(
    lt_server: LanguageToolTestServer, faults: dict[str, object], kind: str, words: str
):
    for key, value in faults.items():
        setattr(lt_server.faults, key, value)
    with service(lt_server.url) as svc:
        result = svc.check("teh")
        with pytest.raises(GrammarUnavailable) as info:
            svc.language_tool_findings("teh")
    assert result.problem is not None and result.problem.kind == kind
    assert words in result.message
    assert isinstance(info.value, ServiceUnavailableError)
    assert words in str(info.value)


def test_json_without_matches_is_malformed(lt_server: LanguageToolTestServer, monkeypatch):
    monkeypatch.setattr(LanguageToolTestServer, "_check", lambda self, fields: {"error": "x"})
    with service(lt_server.url) as svc:
        result = svc.check("teh")
    assert result.problem is not None and result.problem.kind == "malformed"


def test_refused_connection():
    url = refused_url()
    with service(url) as svc:
        result = svc.check("I recieve it")
        assert result.status == FALLBACK
        assert result.problem is not None and result.problem.state == "unreachable"
        assert "refused the connection" in result.message
        with pytest.raises(GrammarUnavailable, match="refused the connection"):
            svc.test_connection()


def test_raw_client_error_is_not_typed_but_ours_is():
    """Raw: LanguageToolError (no status, no kind). Ours: GrammarUnavailable, never requests."""
    from language_tool_python.exceptions import LanguageToolError

    url = refused_url()
    with pytest.raises(LanguageToolError):
        LanguageTool("en-US", remote_server=url)
    with service(url) as svc, pytest.raises(GrammarUnavailable) as info:
        svc.language_tool_findings("teh")
    assert not isinstance(info.value, requests.RequestException)


def test_server_disappears_mid_session_and_comes_back_on_new_port(
    lt_server: LanguageToolTestServer,
):
    svc = service(lt_server.url)
    assert svc.check("teh").status == READY
    lt_server.stop()
    gone = svc.check("teh")
    assert gone.status == FALLBACK
    assert gone.problem is not None and gone.problem.kind == "refused"
    assert [f.rule for f in gone.findings] == [OFFLINE_RULE]
    svc.close()


def test_recovers_when_server_heals(lt_server: LanguageToolTestServer):
    lt_server.faults.status = 500
    with service(lt_server.url) as svc:
        assert svc.check("teh").status == FALLBACK
        lt_server.faults.status = 200
        assert svc.check("teh").status == READY


def test_test_connection_reports_version_and_languages(lt_server: LanguageToolTestServer):
    with service(lt_server.url + "/v2/") as svc:
        report = svc.test_connection()
    assert report.version == "6.6"
    assert "en-US" in report.languages and "de-DE" in report.languages
    assert report.url == lt_server.url + "/"
    assert "LanguageTool 6.6" in report.describe()


def test_off_mode_returns_nothing():
    svc = GrammarService(Settings("off"))
    result = svc.check("teh teh")
    assert (result.status, result.findings) == (OFF, ())
    with pytest.raises(GrammarUnavailable, match="off"):
        svc.test_connection()


def test_unknown_mode_is_a_config_problem():
    with pytest.raises(GrammarUnavailable, match="unknown grammar mode 'cloud'"):
        GrammarService(Settings("cloud"))


def test_server_mode_without_url_says_what_to_set():
    result = GrammarService(Settings("server", "")).check("teh")
    assert result.problem is not None and result.problem.kind == "config"
    assert "server_url" in result.message


def test_public_mode_needs_consent_and_sends_nothing():
    result = GrammarService(Settings("public")).check("secret draft")
    assert result.problem is not None and result.problem.kind == "consent"
    assert "drafts may be sent" in result.message


def test_no_fallback_for_language_without_dictionary():
    svc = GrammarService(Settings("server", refused_url()), language="ja-JP")
    result = svc.check("teh")
    assert (result.status, result.findings) == (UNAVAILABLE, ())


def test_local_mode_without_java_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = GrammarService(Settings("local")).check("teh")
    assert result.problem is not None and result.problem.kind == "java"
    assert (
        "Java 17+ is needed for local mode: install openjdk-17-jre (no Java found)"
        in result.message
    )


def test_local_mode_with_old_java(tmp_path, monkeypatch):
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n")
    java.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    result = GrammarService(Settings("local")).check("teh")
    assert "found Java 11" in result.message


def test_local_mode_offline_download_raw_and_ours(tmp_path, monkeypatch):
    """Raw client: a bare requests error. Ours: a sentence saying LanguageTool cannot be downloaded."""
    import language_tool_python.download_lt as download_lt

    monkeypatch.setenv("LTP_PATH", str(tmp_path / "lt"))
    dead = refused_url() + "/"
    for name in (
        "BASE_URL_RELEASE",
        "BASE_URL_NEW_RELEASES",
        "BASE_URL_ARCHIVE",
        "BASE_URL_SNAPSHOT",
    ):
        monkeypatch.setattr(download_lt, name, dead)
    with pytest.raises(requests.ConnectionError):
        LanguageTool("en-US")
    result = GrammarService(Settings("local")).check("I recieve it")
    assert result.problem is not None and result.problem.kind == "download"
    assert "LanguageTool could not be downloaded (offline?)" in result.message
    assert result.status == FALLBACK


class _FakeLocalClient:
    """Behaves like a started local client: answers checks, records close()."""

    instances: ClassVar[list[_FakeLocalClient]] = []

    def __init__(self, language: str, **kwargs: object) -> None:
        self.closed = False
        self.disabled_rules: set[str] = set()
        self.disabled_categories: set[str] = set()
        self._url = "http://127.0.0.1:1/v2/"
        _FakeLocalClient.instances.append(self)

    def check(self, text: str) -> list[Match]:
        raise GrammarUnavailable("LanguageTool server at local refused the connection", "refused")

    def close(self) -> None:
        self.closed = True


def test_local_client_closed_on_close_and_after_failure(monkeypatch):
    monkeypatch.setattr("composer.services.grammar.java_major_version", lambda: 17)
    _FakeLocalClient.instances.clear()
    svc = GrammarService(Settings("local"), client_factory=_FakeLocalClient)
    svc.check("teh")  # the dead local server is dropped so the next check restarts it
    assert _FakeLocalClient.instances[0].closed
    svc.check("teh")
    svc.close()
    assert [c.closed for c in _FakeLocalClient.instances] == [True, True]
    assert svc.check("teh").problem is not None  # closed services do not restart Java


def test_cli_helper_with_override_and_off(lt_server: LanguageToolTestServer):
    findings, warning = grammar_findings_for_cli(
        "teh TrailPro",
        guide_language="en-US",
        accepted_vocabulary=["TrailPro"],
        disabled_rules=[],
        disabled_categories=[],
        settings=Settings("off"),
        server_url_override=lt_server.url,
    )
    assert ([f.rule for f in findings], warning) == (["MORFOLOGIK_RULE_EN_US"], None)
    findings, warning = grammar_findings_for_cli(
        "teh",
        guide_language="en-US",
        accepted_vocabulary=[],
        disabled_rules=[],
        disabled_categories=[],
        settings=Settings("off"),
    )
    assert (findings, warning) == ([], None)
    findings, warning = grammar_findings_for_cli(
        "teh",
        guide_language="en-US",
        accepted_vocabulary=[],
        disabled_rules=[],
        disabled_categories=[],
        settings=Settings("server", refused_url()),
    )
    assert warning is not None and "refused the connection" in warning
    assert not warning.startswith("grammar:")  # the CLI adds its own prefix
    assert [f.rule for f in findings] == [OFFLINE_RULE]
    findings, warning = grammar_findings_for_cli(
        "teh",
        guide_language="en-US",
        accepted_vocabulary=[],
        disabled_rules=[],
        disabled_categories=[],
        settings=None,  # no workspace, --grammar-server given
        server_url_override=lt_server.url,
    )
    assert ([f.rule for f in findings], warning) == (["MORFOLOGIK_RULE_EN_US"], None)


def test_local_mode_download_reports_progress(tmp_path, monkeypatch):
    """First use downloads LanguageTool: progress sentences reach on_progress, failures are typed."""
    import http.server

    import language_tool_python.download_lt as download_lt

    size = 3_000_000

    class Zipless(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            for _ in range(size // 100_000):
                self.wfile.write(b"\0" * 100_000)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Zipless)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    java = tmp_path / "bin" / "java"
    java.parent.mkdir()
    java.write_text("#!/bin/sh\necho 'openjdk version \"17.0.15\" 2025-04-15' >&2\n")
    java.chmod(0o755)
    monkeypatch.setenv("PATH", str(java.parent))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "lt"))
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    for name in (
        "BASE_URL_RELEASE",
        "BASE_URL_NEW_RELEASES",
        "BASE_URL_ARCHIVE",
        "BASE_URL_SNAPSHOT",
    ):
        monkeypatch.setattr(download_lt, name, base)
    messages: list[str] = []
    svc = GrammarService(Settings("local"))
    svc.on_progress = messages.append
    try:
        result = svc.check("I recieve it")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert messages[0].startswith("Preparing LanguageTool")
    percents = [int(m.split(": ")[1].split("%")[0]) for m in messages[1:]]
    assert percents == sorted(percents) and percents[-1] == 100 and len(percents) >= 3
    assert "of 3 MB" in messages[-1]
    assert result.problem is not None and result.problem.kind == "download"
    assert "LanguageTool could not be downloaded" in result.message
    assert result.status == FALLBACK
    assert download_lt.tqdm.__name__ == "tqdm"  # the library's progress bar is put back
