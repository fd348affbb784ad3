"""Our rule kinds against Vale's own feature expectations (fixtures in tests/data/vale, MIT)."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.cli import main

VALE = Path(__file__).resolve().parents[1] / "data" / "vale"


def _lines(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    main(["check", "--no-grammar", "--format", "line", *argv])
    out = capsys.readouterr().out.splitlines()
    # Vale has no length limit; ours is checked elsewhere.
    return [line for line in out if ":Composer.Length:" not in line]


def test_substitution_matches_vale_feature(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(VALE)
    got = _lines(capsys, "--guide", "bugs-guide.yml", "fixtures/substitution.md")
    # checks.feature, scenario Substitution (the Bugs.* rules copied here).
    expected = """
test.md:15:29:Bugs.MatchCase:Consider using 'human kind' instead of 'mankind'.
test.md:17:1:Bugs.MatchCase:Consider using 'Human kind' instead of 'Mankind'.
test.md:19:5:Bugs.KeepCase:Use 'mutual TLS' rather than Mutual TLS.
test.md:19:36:Bugs.KeepCase:Use 'vNIC' rather than VNIC.
test.md:21:1:Bugs.TermCase:Use 'JavaScript' rather than Javascript.
test.md:21:53:Bugs.TermCase:Use 'JavaScript' rather than javascript.
test.md:23:1:Bugs.TermCase:Use 'iOS' rather than IOS.
test.md:25:1:Bugs.SameCase:Use 'MPL 2.0' instead of 'mpl 2.0'
test.md:27:1:Bugs.SameCase:Use 'MPL 2.0' instead of 'MPL2.0'
"""
    assert got == [
        line.replace("test.md", "fixtures/substitution.md")
        for line in expected.strip().splitlines()
    ]


def test_conditional_matches_vale_feature(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(VALE)
    got = _lines(capsys, "--guide", "checks-guide.yml", "fixtures/conditional.md")
    assert got == ["fixtures/conditional.md:9:5:Checks.MultiCapture:'NFL' has no definition"]


def test_repetition_matches_vale_feature(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(VALE)
    got = [
        line
        for line in _lines(capsys, "--guide", "checks-guide.yml", "fixtures/repetition.rst")
        if ":Vale.Repetition:" in line
    ]
    assert got == [
        "fixtures/repetition.rst:6:17:Vale.Repetition:'as' is repeated!",
        "fixtures/repetition.rst:15:7:Vale.Repetition:'and' is repeated!",
        "fixtures/repetition.rst:16:22:Vale.Repetition:'on' is repeated!",
        "fixtures/repetition.rst:20:13:Vale.Repetition:'be' is repeated!",
    ]
