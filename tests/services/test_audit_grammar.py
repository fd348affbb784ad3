"""Audit of grammar and spelling (issue #5): regressions for the defects found."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.lt_server import MISSPELLINGS, LanguageToolTestServer, refused_url, running_server

from composer.cli import main
from composer.services import grammar as grammar_module
from composer.services.grammar import (
    FALLBACK,
    READY,
    GrammarService,
    GrammarUnavailable,
    check_server_url,
    text_chunks,
)
from composer.services.spelling import OFFLINE_RULE, OfflineSpeller


@dataclass(frozen=True)
class Settings:
    mode: str = "server"
    server_url: str = ""
    timeout_seconds: float = 2.0
    public_api_consent: bool = False


@pytest.fixture
def lt_server() -> Iterator[LanguageToolTestServer]:
    with running_server() as server:
        yield server


def flagged(text: str, result_findings) -> list[str]:
    return [text[f.start : f.end] for f in result_findings]


# -- malformed server URLs ---------------------------------------------------------------------

MALFORMED = ["notaurl", "ftp://x", "", "http://[::1", "http://127.0.0.1:99999", "mailto:x@y"]


@pytest.mark.parametrize("url", MALFORMED)
def test_cli_malformed_grammar_server_is_a_usage_error_naming_it(url, tmp_path, capsys):
    guide = tmp_path / "guide.yml"
    guide.write_text("brand: Co.\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("I recieve it.\n", encoding="utf-8")
    code = main(["check", "--guide", str(guide), "--grammar-server", url, str(draft)])
    _, err = capsys.readouterr()
    assert code == 2
    assert "malformed" in err and repr(url) in err and "--grammar-server" in err
    assert "refused" not in err and "Traceback" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("localhost:8081", "http://localhost:8081/"),
        ("http://h:1/v2/check", "http://h:1/"),
        (" https://lt.example.org/ ", "https://lt.example.org/"),
        ("http://[::1]:8081", "http://[::1]:8081/"),
    ],
)
def test_well_formed_server_urls_are_still_taken(url, base):
    assert check_server_url(url) == base


@pytest.mark.parametrize("url", MALFORMED)
def test_check_server_url_raises_config_problem(url):
    with pytest.raises(GrammarUnavailable, match="malformed") as caught:
        check_server_url(url)
    assert caught.value.kind == "config"


def test_malformed_settings_url_falls_back_saying_so(lt_server):
    svc = GrammarService(Settings(server_url="ftp://x"))
    result = svc.check("I recieve it.")
    assert result.status == FALLBACK
    assert "'ftp://x' is malformed" in result.message and "refused" not in result.message
    assert flagged("I recieve it.", result.findings) == ["recieve"]
    with pytest.raises(GrammarUnavailable, match="malformed"):
        svc.test_connection()


# -- accepted vocabulary -----------------------------------------------------------------------


def test_vocabulary_patterns_are_never_flagged_by_languagetool(lt_server, monkeypatch):
    monkeypatch.setitem(MISSPELLINGS, "acmegears", ["Acme Gears"])
    svc = GrammarService(
        Settings(server_url=lt_server.url), accepted_vocabulary=["[Tt]railPro", "AcmeGear(s)?"]
    )
    text = "teh TrailPro, trailpro and AcmeGears and ACMEGEAR"
    assert flagged(text, svc.check(text).findings) == ["teh"]


def test_vocabulary_term_found_after_text_whose_lowercase_is_longer(lt_server, monkeypatch):
    # "İ".lower() is two characters: indices into text.lower() drift from the text's.
    monkeypatch.setitem(MISSPELLINGS, "acme", ["acne"])
    svc = GrammarService(Settings(server_url=lt_server.url), accepted_vocabulary=["Acme Gear"])
    text = "İİ Acme Gear rocks, Acme alone does not"
    assert [(f.start, f.end) for f in svc.check(text).findings] == [(20, 24)]


def test_offline_speller_accepts_vocabulary_patterns():
    speller = OfflineSpeller("en-US", ["[Tt]railPro", "AcmeGear(s)?"])
    text = "teh TrailPro and trailpro from AcmeGears"
    assert flagged(text, speller.check(text)) == ["teh"]


def test_offline_speller_judges_only_words_of_its_script():
    text = "teh 中文 Привет recieve"
    assert flagged(text, OfflineSpeller("en-US").check(text)) == ["teh", "recieve"]
    assert flagged("Превет teh", OfflineSpeller("ru").check("Превет teh")) == ["Превет"]


# -- long texts --------------------------------------------------------------------------------


def test_text_chunks_cut_at_line_breaks_or_spaces_and_rejoin():
    text = "aaaa bbbb\ncccc dddd eeee " + "x" * 30
    pieces = text_chunks(text, 12)
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 12 for _, p in pieces)
    assert all(text[at : at + len(p)] == p for at, p in pieces)
    assert pieces[0] == (0, "aaaa bbbb\n")


def test_long_text_is_checked_in_pieces_with_right_offsets(lt_server, monkeypatch):
    monkeypatch.setattr(grammar_module, "MAX_CHUNK", 60)
    line = "Some words 😀 then teh end.\n"
    text = line * 10
    result = service_for(lt_server).check(text)
    assert result.status == READY
    assert flagged(text, result.findings) == ["teh"] * 10
    sent = [f["text"] for f in lt_server.check_requests()]
    assert len(sent) > 1 and all(len(t) <= 60 for t in sent)
    assert "".join(sent) == text


def test_default_piece_size_stays_under_public_api_limit(lt_server):
    text = ("one two three four " * 500 + "teh\n") * 3  # 28,512 characters
    result = service_for(lt_server).check(text)
    assert flagged(text, result.findings) == ["teh"] * 3 and result.status == READY
    sent = [f["text"] for f in lt_server.check_requests()]
    assert len(sent) >= 3 and all(len(t.encode("utf-16-le")) // 2 <= 20_000 for t in sent)


def service_for(server: LanguageToolTestServer) -> GrammarService:
    return GrammarService(Settings(server_url=server.url))


# -- clearer problems --------------------------------------------------------------------------


def test_language_the_server_does_not_check_is_named(lt_server):
    result = GrammarService(Settings(server_url=lt_server.url), language="pt-BR").check("Olá.")
    assert "does not check the guide's language 'pt-BR'" in result.message


def test_http_413_says_the_text_is_too_long(lt_server):
    lt_server.faults.status = 413
    result = service_for(lt_server).check("I recieve it.")
    assert result.status == FALLBACK and "too long (HTTP 413)" in result.message


# -- one service per CLI run -------------------------------------------------------------------


def test_cli_slow_server_waited_for_once_and_warned_once(lt_server, tmp_path, monkeypatch, capsys):
    (tmp_path / "workspace.toml").write_text(
        f'[grammar]\nmode = "server"\nserver_url = "{lt_server.url}"\ntimeout_seconds = 0.5\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("BRAND_COMPOSER_WORKSPACE", str(tmp_path))
    guide = tmp_path / "guide.yml"
    guide.write_text("brand: Co.\n", encoding="utf-8")
    files = []
    for i in range(3):
        draft = tmp_path / f"d{i}.txt"
        draft.write_text("I recieve it.\n", encoding="utf-8")
        files.append(str(draft))
    lt_server.faults.delay = 3.0
    began = time.monotonic()
    code = main(["check", "--guide", str(guide), "--format", "json", *files])
    elapsed = time.monotonic() - began
    out, err = capsys.readouterr()
    assert code == 0
    assert [r["rule"] for r in json.loads(out)] == [OFFLINE_RULE] * 3
    assert err.count("\n") == 1 and "timed out after 0.5 s" in err
    assert len(lt_server.check_requests()) == 1
    assert elapsed < 2.5


def test_cli_refused_server_warns_once_for_many_files(tmp_path, capsys):
    guide = tmp_path / "guide.yml"
    guide.write_text("brand: Co.\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("teh\n", encoding="utf-8")
    url = refused_url()
    code = main(["check", "--guide", str(guide), "--grammar-server", url, str(draft), str(draft)])
    out, err = capsys.readouterr()
    assert code == 0 and out.count("Possible spelling mistake") == 2
    assert err.count("refused the connection") == 1


def test_no_grammar_with_malformed_url_is_refused_by_argparse(tmp_path, capsys):
    # --no-grammar and --grammar-server are mutually exclusive (spec/cli.md).
    with pytest.raises(SystemExit) as caught:
        main(["check", "--no-grammar", "--grammar-server", "notaurl", str(Path(tmp_path))])
    assert caught.value.code == 2
    capsys.readouterr()
