"""``brand-composer check`` with grammar: --grammar-server, --no-grammar, workspace mode, fallback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.lt_server import LanguageToolTestServer, refused_url, running_server

from composer.cli import main


@pytest.fixture
def lt_server() -> Iterator[LanguageToolTestServer]:
    with running_server() as server:
        yield server


@pytest.fixture
def draft(tmp_path: Path) -> tuple[Path, Path]:
    guide = tmp_path / "brand-guide.yml"
    guide.write_text("brand: CLI Co.\nvocabulary: {accept: [TrailPro]}\n", encoding="utf-8")
    text = tmp_path / "draft.txt"
    text.write_text("I recieve teh TrailPro boots.\n", encoding="utf-8")
    return guide, text


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    code = main(["check", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_grammar_server_for_one_run(lt_server, draft, capsys):
    guide, text = draft
    code, rows, err = run_json(
        capsys, "--guide", str(guide), "--grammar-server", lt_server.url, str(text)
    )
    assert code == 0 and err == ""
    assert [(r["rule"], r["start"], r["end"], r["source"]) for r in rows] == [
        ("MORFOLOGIK_RULE_EN_US", 2, 9, "grammar"),
        ("MORFOLOGIK_RULE_EN_US", 10, 13, "grammar"),
    ]
    assert rows[1]["replacements"] == ["the", "tech", "ten"]


def test_no_grammar_skips_it(lt_server, draft, capsys, tmp_path, monkeypatch):
    guide, text = draft
    (tmp_path / "workspace.toml").write_text(
        f'[grammar]\nmode = "server"\nserver_url = "{lt_server.url}"\n', encoding="utf-8"
    )
    monkeypatch.setenv("BRAND_COMPOSER_WORKSPACE", str(tmp_path))
    code, rows, _ = run_json(capsys, "--guide", str(guide), "--no-grammar", str(text))
    assert (code, rows, lt_server.check_requests()) == (0, [], [])
    code, rows, _ = run_json(capsys, "--guide", str(guide), str(text))
    assert [r["source"] for r in rows] == ["grammar", "grammar"]  # configured in workspace.toml


def test_unreachable_server_falls_back_with_one_warning(draft, capsys):
    guide, text = draft
    url = refused_url()
    code, rows, err = run_json(capsys, "--guide", str(guide), "--grammar-server", url, str(text))
    assert code == 0
    assert [r["rule"] for r in rows] == ["Spelling.Offline", "Spelling.Offline"]
    assert err.count("\n") == 1 and "refused the connection" in err
