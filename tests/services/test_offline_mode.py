"""Issue 19 item 1: spelling on by default (grammar mode ``offline``), with no network."""

from __future__ import annotations

import socket
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.lt_server import LanguageToolTestServer, running_server

from composer.cli import main
from composer.resources import resource_path
from composer.services.grammar import OFFLINE, UNAVAILABLE, CliGrammar, GrammarService
from composer.services.spelling import OFFLINE_RULE
from composer.services.workspace import init_workspace, load_workspace

TYPOS = "teh recieve definately"


@dataclass(frozen=True)
class Settings:
    mode: str = "offline"
    server_url: str = ""
    timeout_seconds: float = 2.0
    public_api_consent: bool = False


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("offline spelling tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_new_workspaces_and_the_example_default_to_offline(tmp_path: Path) -> None:
    assert init_workspace(tmp_path / "a", example=False).grammar.mode == "offline"
    assert init_workspace(tmp_path / "b", example=True).grammar.mode == "offline"
    example = tomllib.loads((resource_path("example") / "workspace.toml").read_text("utf-8"))
    assert example["grammar"]["mode"] == "offline"


def test_an_existing_workspace_without_a_grammar_table_stays_off(tmp_path: Path) -> None:
    (tmp_path / "workspace.toml").write_text('guide = "brand-guide.yml"\n', encoding="utf-8")
    assert load_workspace(tmp_path).grammar.mode == "off"


def test_offline_mode_flags_typos_without_network(no_network: None) -> None:
    service = GrammarService(Settings(), language="en-US")
    result = service.check(TYPOS)
    assert result.status == OFFLINE
    assert result.problem is None
    assert [TYPOS[f.start : f.end] for f in result.findings] == ["teh", "recieve", "definately"]
    assert {f.rule for f in result.findings} == {OFFLINE_RULE}
    assert "the" in result.findings[0].replacements


def test_offline_mode_respects_vocabulary_and_skips_entities(no_network: None) -> None:
    service = GrammarService(Settings(), accepted_vocabulary=["TrailPro", "Northwind"])
    text = "Our TrailPro from northwind: @tehh #recieve https://definately.example/teh teh"
    found = [text[f.start : f.end] for f in service.check(text).findings]
    assert found == ["teh"]


def test_offline_mode_for_a_language_without_a_dictionary_says_so() -> None:
    result = GrammarService(Settings(), language="ja-JP").check("テスト")
    assert result.status == UNAVAILABLE
    assert "no offline dictionary" in result.message


def test_cli_grammar_in_offline_mode(no_network: None) -> None:
    with CliGrammar(
        guide_language="en-US",
        accepted_vocabulary=(),
        disabled_rules=(),
        disabled_categories=(),
        settings=Settings(),
    ) as grammar:
        findings, warning = grammar.findings(TYPOS)
    assert warning is None
    assert len(findings) == 3


def test_check_in_a_fresh_workspace_flags_typos(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: None
) -> None:
    root = tmp_path / "ws"
    assert main(["init", str(root)]) == 0
    draft = tmp_path / "draft.txt"
    draft.write_text(TYPOS + "\n", encoding="utf-8")
    capsys.readouterr()
    code = main(["--workspace", str(root), "check", "--format", "line", str(draft)])
    out = capsys.readouterr().out
    assert code == 0  # spelling is a warning
    assert [line.split(":")[3] for line in out.splitlines()] == [OFFLINE_RULE] * 3
    assert "'teh'" in out and "'recieve'" in out and "'definately'" in out


@pytest.fixture
def lt_server() -> Iterator[LanguageToolTestServer]:
    with running_server() as server:
        yield server


def test_language_tool_matches_inside_a_link_it_does_not_know_are_dropped(
    lt_server: LanguageToolTestServer,
) -> None:
    """Links are not prose for LanguageTool either, even on a domain X does not link."""
    text = "See https://teh.example/teh now, teh"
    with GrammarService(Settings("server", lt_server.url)) as service:
        findings = service.check(text).findings
    assert [(f.start, text[f.start : f.end]) for f in findings] == [(len(text) - 3, "teh")]


def test_check_in_offline_mode_loads_no_language_tool_client(tmp_path: Path) -> None:
    """The default mode must not undo the quick start of ``check`` (no HTTP stack loaded)."""
    import subprocess
    import sys

    root = tmp_path / "ws"
    init_workspace(root, example=True)
    draft = tmp_path / "draft.txt"
    draft.write_text(TYPOS, encoding="utf-8")
    script = (
        "import sys\n"
        "from composer.cli import main\n"
        f"code = main(['--workspace', {str(root)!r}, 'check', '--format', 'line', {str(draft)!r}])\n"
        "print('loaded', 'language_tool_python' in sys.modules, 'requests' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.count(OFFLINE_RULE) == 3
    assert done.stdout.strip().endswith("loaded False False")


def test_offline_cli_spelling_without_a_dictionary_warns_once() -> None:
    from composer.services.spelling import CliSpelling, no_dictionary_message

    spelling = CliSpelling("ja-JP")
    assert spelling.findings("テスト") == ([], no_dictionary_message("ja-JP"))
    assert spelling.findings("テスト") == ([], None)
    assert "no offline dictionary" in no_dictionary_message("ja-JP")
