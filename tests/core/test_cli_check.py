"""``brand-composer check`` and ``guide lint``: formats, exit codes, stdin, bad guides."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from composer.cli import main
from composer.resources import resource_path

GUIDES = Path(__file__).resolve().parents[1] / "data" / "guides"


@pytest.fixture(autouse=True)
def _in_guides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(GUIDES)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_output_is_exactly_the_golden(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        "--guide",
        "cli-guide.yml",
        "--format",
        "json",
        "--no-grammar",
        "cli-draft.txt",
    )
    assert code == 1
    golden = json.loads((GUIDES / "cli-golden.json").read_text(encoding="utf-8"))
    assert json.loads(out) == golden
    # Spans are code-point indices into the file's text, after a ZWJ emoji family.
    text = (GUIDES / "cli-draft.txt").read_text(encoding="utf-8")
    claims = next(row for row in golden if row["rule"] == "Cli.Claims")
    assert text[claims["start"] : claims["end"]] == "guaranteed"
    assert (claims["line"], claims["column"]) == (2, 4)
    assert list(golden[0]) == [
        "path",
        "line",
        "column",
        "start",
        "end",
        "rule",
        "level",
        "message",
        "replacements",
        "source",
        "spans",
        "weight",
    ]


def test_line_format_and_account_levels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        "--guide",
        "cli-guide.yml",
        "--format",
        "line",
        "--account",
        "@clideals",
        "cli-draft.txt",
    )
    assert out.splitlines() == [
        "cli-draft.txt:1:1:Vale.Terms:Use 'TrailPro' instead of 'Trailpro'.",
        "cli-draft.txt:1:10:Cli.Terms:Use 'rain jacket' instead of 'rain coat'.",
        "cli-draft.txt:2:4:Cli.Claims:Don't promise 'guaranteed'.",
    ]
    assert code == 1  # Vale.Terms is an error


def test_account_all_adds_the_account(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        "--guide",
        "cli-guide.yml",
        "--format",
        "json",
        "--account",
        "all",
        "cli-draft.txt",
    )
    rows = json.loads(out)
    assert code == 1
    claims = [(r["account"], r["level"]) for r in rows if r["rule"] == "Cli.Claims"]
    assert claims == [("@CliDeals", "warning"), ("@CliHelp", "error")]
    assert [r["account"] for r in rows if r["rule"] == "Composer.Length"] == ["@CliHelp"]
    keys = [(r["start"], r["rule"]) for r in rows]
    assert keys == sorted(keys)


def test_clean_file_exits_0_and_text_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--guide", "cli-guide.yml", "cli-clean.txt")
    assert code == 0
    assert "cli-clean.txt" in out
    assert "no findings" in out
    assert "brand score for @CliHelp: 100.0/100" in out


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("It is guaranteed."))
    code, out, _ = run(capsys, "check", "--guide", "cli-guide.yml", "--format", "line", "-")
    assert code == 1
    assert out == "stdin:1:7:Cli.Claims:Don't promise 'guaranteed'.\n"


def test_bad_guide_exits_2_listing_every_problem(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--guide", "broken.yml", "cli-clean.txt")
    assert code == 2
    assert out == ""
    lines = [line for line in err.splitlines() if line.startswith("broken.yml:")]
    assert len(lines) == 9
    assert lines[0].startswith("broken.yml:2:1: ")
    assert "Traceback" not in err


def test_unreadable_file_and_unknown_account(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--guide", "cli-guide.yml", "missing.txt")
    assert code == 2
    assert "cannot read missing.txt" in err
    code, _, err = run(
        capsys, "check", "--guide", "cli-guide.yml", "--account", "@Nope", "cli-clean.txt"
    )
    assert code == 2
    assert "unknown account '@Nope'" in err


def test_default_guide_comes_from_the_workspace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "workspace.toml").write_text('guide = "g.yml"\n', encoding="utf-8")
    (tmp_path / "g.yml").write_text(
        "brand: W\nrules:\n  - {id: W.No, extends: existence, level: error, tokens: [nope]}\n",
        encoding="utf-8",
    )
    draft = tmp_path / "d.txt"
    draft.write_text("nope\n", encoding="utf-8")
    code, out, _ = run(
        capsys,
        "--workspace",
        str(tmp_path),
        "check",
        "--format",
        "line",
        "--no-grammar",
        str(draft),
    )
    assert code == 1
    assert out == f"{draft}:1:1:W.No:\n"


def test_skipped_rule_notices_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--guide", "skipped.yml", "cli-clean.txt")
    assert code == 0
    assert "skipped rule Mixed.Steps" in err
    assert "part-of-speech tagger" in err


def test_guide_lint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "guide", "lint", "broken.yml")
    assert code == 2
    assert len(out.splitlines()) == 9
    assert out.splitlines()[-1].startswith("broken.yml:26:5: unknown tone profile 'cheerful'")
    code, out, err = run(capsys, "guide", "lint", "skipped.yml")
    assert code == 0
    assert "skipped rule Mixed.Steps" in err
    code, out, _ = run(capsys, "guide", "lint", str(resource_path("example", ".vale.ini")))
    assert code == 0


def test_example_guide_lints_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "guide", "lint", str(resource_path("example", "brand-guide.yml")))
    assert code == 0
    assert err == ""


def test_json_carries_every_span_and_weight_of_one_finding(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: 30 emoji gave 30 rows; now one row with 30 spans, weighed once."""
    text = "Thanks " + "😀" * 30
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    guide = str(resource_path("example") / "brand-guide.yml")
    code, out, _ = run(capsys, "check", "--guide", guide, "--format", "json", "--no-grammar", "-")
    rows = json.loads(out)
    emoji = [r for r in rows if r["rule"] == "Tone.Emoji"]
    assert len(emoji) == 1
    assert len(emoji[0]["spans"]) == 30
    assert emoji[0]["spans"][0] == [emoji[0]["start"], emoji[0]["end"]]
    assert all(text[s:e] == "😀" for s, e in emoji[0]["spans"])
    assert emoji[0]["weight"] == 4
    assert code == 0


def test_text_output_shows_the_score_workings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--guide", "cli-guide.yml", "cli-draft.txt")
    assert code == 1
    # Vale.Terms and Cli.Claims are errors (10 each), Cli.Terms a warning (4), the length 10.
    assert "brand score for @CliHelp: 22.7/100 = 100 × 10 / (10 + 34)" in out
