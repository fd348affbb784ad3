"""``brand-composer count`` through composer.cli.main."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from composer.cli import main


def test_count_text_fits(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", "Hello world"]) == 0
    assert capsys.readouterr().out == "11/140, 129 left\n"


def test_count_over_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", "x" * 152]) == 1
    assert capsys.readouterr().out == "152/140, over by 12\n"


def test_count_json_v3(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["count", "--config", "v3", "--json", "Hi 😀 https://example.com"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "weighted_length": 29,  # Hi 2, spaces 2, emoji 2, URL 23
        "valid": True,
        "permillage": 103,
        "limit": 280,
    }


def test_count_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("from stdin\n"))
    assert main(["count", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["weighted_length"] == 10


def test_count_empty_is_invalid(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["count"]) == 1
    assert "invalid: empty" in capsys.readouterr().out


def test_count_custom_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "half.json"
    config.write_text(
        json.dumps(
            {
                "version": 1,
                "maxWeightedTweetLength": 10,
                "scale": 2,
                "defaultWeight": 1,
                "transformedURLLength": 23,
                "ranges": [],
            }
        )
    )
    assert main(["count", "--config", str(config), "--json", "abc"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "weighted_length": 1.5,
        "valid": True,
        "permillage": 150,
        "limit": 10,
    }


def test_count_bad_config_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "bad.json"
    config.write_text('{"scale": 1}')
    assert main(["count", "--config", str(config), "x"]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "missing" in err
    assert main(["count", "--config", "v9", "x"]) == 2
    assert "v9" in capsys.readouterr().err
