"""Regression tests from the audit of ``count``, ``check``, ``guide lint`` and the guide loader."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.cli import main
from composer.core.checker import Checker
from composer.core.errors import GuideError
from composer.core.guide import lint_guide, lint_guide_with_notices, load_guide

GUIDE = """\
brand: Acme
rules:
  - id: Acme.Claims
    extends: existence
    message: "Don't promise '%s'."
    level: error
    tokens: [guaranteed]
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def byte_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Stdin as a real process has it: text over a byte buffer, undecodable bytes escaped."""
    stream = io.TextIOWrapper(
        io.BytesIO(data), encoding="utf-8", errors="surrogateescape", newline=""
    )
    monkeypatch.setattr("sys.stdin", stream)


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    path = tmp_path / "guide.yml"
    path.write_text(GUIDE, encoding="utf-8")
    return path


# -- check: reading drafts ---------------------------------------------------------------
def test_check_crlf_file_offsets_match_stdin_and_the_raw_text(
    guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = "First line\r\nit is guaranteed\r\n"
    draft = tmp_path / "draft.txt"
    draft.write_bytes(raw.encode("utf-8"))
    code, out, _ = run(capsys, "check", "--guide", str(guide), "--format", "json", str(draft))
    assert code == 1
    (row,) = json.loads(out)
    assert raw[row["start"] : row["end"]] == "guaranteed"
    assert (row["line"], row["column"]) == (2, 7)
    byte_stdin(monkeypatch, raw.encode("utf-8"))
    code, out, _ = run(capsys, "check", "--guide", str(guide), "--format", "json", "-")
    (from_stdin,) = json.loads(out)
    assert (from_stdin["start"], from_stdin["end"]) == (row["start"], row["end"])


def test_check_stdin_that_is_not_utf8_is_refused(
    guide: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    byte_stdin(monkeypatch, b"it is guaranteed \xff")
    code, out, err = run(capsys, "check", "--guide", str(guide), "-")
    assert code == 2
    assert out == ""
    assert (
        err == "brand-composer: cannot read stdin: it is not UTF-8 text (byte 0xff at offset 17)\n"
    )


def test_check_file_that_is_not_utf8_names_the_file(
    guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "latin1.txt"
    draft.write_bytes("café".encode("latin-1"))
    code, _, err = run(capsys, "check", "--guide", str(guide), str(draft))
    assert code == 2
    assert f"cannot read {draft}: it is not UTF-8 text (byte 0xe9 at offset 3)" in err


def test_check_a_folder_is_a_clear_usage_error(
    guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "check", "--guide", str(guide), str(tmp_path))
    assert code == 2
    assert err == f"brand-composer: cannot read {tmp_path}: it is a folder, not a file\n"


def test_check_ignores_a_byte_order_mark(
    guide: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / "bom.txt"
    draft.write_bytes(b"\xef\xbb\xbfguaranteed\n")
    code, out, _ = run(capsys, "check", "--guide", str(guide), "--format", "line", str(draft))
    assert code == 1
    assert out == f"{draft}:1:1:Acme.Claims:Don't promise 'guaranteed'.\n"


# -- count -------------------------------------------------------------------------------
def test_count_stdin_that_is_not_utf8_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    byte_stdin(monkeypatch, b"a\xff\xfeb")
    code, out, err = run(capsys, "count", "--json", "-")
    assert code == 2
    assert out == ""
    assert "cannot read stdin: it is not UTF-8 text (byte 0xff at offset 1)" in err


def test_count_text_argument_with_undecodable_bytes_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # What Python makes of the argv bytes b"a\xffb" (surrogateescape).
    code, out, err = run(capsys, "count", "a\udcffb")
    assert code == 2
    assert out == ""
    assert "cannot read TEXT: it is not UTF-8 text" in err


def test_count_stdin_keeps_crlf_inside_the_text(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    byte_stdin(monkeypatch, b"a\r\nb\r\n")
    assert main(["count", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["weighted_length"] == 4  # X counts CRLF as 2


# -- .vale.ini and vocabularies ----------------------------------------------------------
def _vale(tmp_path: Path, accept: bytes, ini: bytes = b"") -> Path:
    vocab = tmp_path / "styles" / "config" / "vocabularies" / "Brand"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_bytes(accept)
    path = tmp_path / ".vale.ini"
    path.write_bytes(ini or b"StylesPath = styles\nVocab = Brand\n[*]\nBasedOnStyles = Vale\n")
    return path


def test_invalid_vocabulary_pattern_is_located_in_its_file(tmp_path: Path) -> None:
    ini = _vale(tmp_path, b"# brand terms\nTrailPro\n\n  Summit(Shell\n")
    (problem,) = lint_guide(ini)
    assert problem.path.endswith("vocabularies/Brand/accept.txt")
    assert (problem.line, problem.column) == (4, 3)
    assert problem.message.startswith("invalid regular expression 'Summit(Shell'")


def test_check_with_an_invalid_vocabulary_exits_2_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ini = _vale(tmp_path, b"Summit(Shell\n")
    draft = tmp_path / "d.txt"
    draft.write_text("hello", encoding="utf-8")
    code, out, err = run(capsys, "check", "--guide", str(ini), str(draft))
    assert code == 2
    assert out == ""
    assert "accept.txt:1:1: invalid regular expression" in err


def test_vocabulary_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    ini = _vale(tmp_path, b"Caf\xe9\n")
    (problem,) = lint_guide(ini)
    assert problem.path.endswith("accept.txt")
    assert problem.message.startswith("cannot read the vocabulary")


def test_vale_ini_with_a_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    ini = _vale(
        tmp_path,
        b"TrailPro\r\n",
        b"\xef\xbb\xbfStylesPath = styles\r\nVocab = Brand\r\n[*]\r\nBasedOnStyles = Vale\r\n",
    )
    assert lint_guide(ini) == []
    assert load_guide(ini).vocabulary.accept == ("TrailPro",)


def test_missing_styles_path_is_located_at_its_line(tmp_path: Path) -> None:
    ini = tmp_path / ".vale.ini"
    ini.write_text("# Vale\n\nStylesPath = nowhere\n", encoding="utf-8")
    (problem,) = lint_guide(ini)
    assert (problem.line, problem.column) == (3, 1)
    assert "StylesPath" in problem.message


# -- YAML guides -------------------------------------------------------------------------
def _lint(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "guide.yml"
    path.write_text(text, encoding="utf-8")
    return [str(p).replace(f"{tmp_path}/", "") for p in lint_guide(path)]


def test_an_account_limit_too_large_to_count_with_is_a_problem(tmp_path: Path) -> None:
    text = "brand: X\naccounts:\n  - handle: a\n    limit: " + "9" * 400 + "\n"
    (problem,) = _lint(tmp_path, text)
    assert problem == (
        "guide.yml:4:5: limit must be a whole number from 1 to 100000, "
        "got a number with more than 40 digits"
    )


def test_a_huge_gap_is_a_problem(tmp_path: Path) -> None:
    text = "brand: X\naccounts:\n  - handle: a\n    schedule: {min_gap_minutes: 10000000000000}\n"
    (problem,) = _lint(tmp_path, text)
    assert "min_gap_minutes must be a whole number from 0 to 527040" in problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-13-45", "guide.yml:2:11: invalid value '2024-13-45': month must be in 1..12"),
        (
            "9" * 5000,
            "guide.yml:2:11: invalid value '" + "9" * 37 + "...': the number is too large",
        ),
        ("!!float abc", "guide.yml:2:11: invalid value 'abc': could not convert string to float"),
    ],
)
def test_values_yaml_cannot_build_are_located_problems(
    tmp_path: Path, value: str, expected: str
) -> None:
    problems = _lint(tmp_path, f"brand: X\nlanguage: {value}\n")
    assert any(p.startswith(expected) for p in problems), problems


def test_control_characters_and_deep_nesting_are_problems(tmp_path: Path) -> None:
    assert _lint(tmp_path, "brand: X\nlanguage: e\x01n\n") == [
        "guide.yml:2:12: invalid YAML: character U+0001 is not allowed"
    ]
    # Located where the nesting passes the limit (it used to be a RecursionError at 1:1).
    assert _lint(tmp_path, "brand: X\nrules: " + "[" * 3000 + "]" * 3000 + "\n") == [
        "guide.yml:2:57: invalid YAML: lists or mappings are nested more than 50 deep"
    ]


def test_duplicate_rule_ids_are_located_where_each_repeat_is(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "Acme"
    style.mkdir(parents=True)
    (style / "Comp.yml").write_text("extends: existence\nmessage: x\ntokens: [a]\n", "utf-8")
    text = (
        "brand: X\n"
        "styles: [styles/Acme, styles/Acme]\n"
        "rules:\n"
        "  - id: Acme.Comp\n"
        "    extends: existence\n"
        "    tokens: [b]\n"
        "  - id: Acme.Comp\n"
        "    extends: existence\n"
        "    tokens: [c]\n"
    )
    assert _lint(tmp_path, text) == [
        "guide.yml:2:23: style folder 'styles/Acme' is listed twice",
        "guide.yml:4:5: duplicate rule id 'Acme.Comp' (first at styles/Acme/Comp.yml:1:1)",
        "guide.yml:7:5: duplicate rule id 'Acme.Comp' (first at styles/Acme/Comp.yml:1:1)",
    ]


def test_an_empty_style_folder_name_is_a_problem(tmp_path: Path) -> None:
    assert _lint(tmp_path, "brand: X\nstyles: ['']\n") == [
        "guide.yml:2:10: a style folder must be named, got ''"
    ]


def test_yaml_merge_keys_may_be_overridden(tmp_path: Path) -> None:
    text = (
        "brand: X\n"
        "rules:\n"
        "  - &claims {id: A.Claims, extends: existence, message: 'No %s', tokens: [sure]}\n"
        "  - <<: *claims\n"
        "    id: A.Hype\n"
        "    tokens: [epic]\n"
    )
    assert _lint(tmp_path, text) == []
    guide = load_guide(tmp_path / "guide.yml")
    report = Checker(guide).check("sure, epic")
    assert [(f.rule, f.message) for f in report.findings] == [
        ("A.Claims", "No sure"),
        ("A.Hype", "No epic"),
    ]
    # A key written twice in the mapping itself is still a duplicate.
    assert _lint(tmp_path, "brand: X\nbrand: Y\n") == ["guide.yml:2:1: duplicate key 'brand'"]


_FRAGMENTS = st.sampled_from(
    [
        "brand: X\n",
        "rules:\n",
        "  - id: A.B\n",
        "    extends: existence\n",
        "    tokens: [a]\n",
        "accounts:\n",
        "  - handle: a\n",
        "    limit: ",
        "2024-13-01",
        "&a ",
        "*a ",
        "<<: ",
        "!!binary ",
        "!!float ",
        "? ",
        "- ",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "\t",
        "\ufeff",
        "\x00",
        "---\n",
        "'",
        '"',
        "#",
        "|\n",
        "  ",
        "1e999",
        "0x",
        "~",
        "9" * 45,
        "\n",
        "x",
        "StylesPath = ",
        "[*]\n",
        "=",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_FRAGMENTS, max_size=20).map("".join))
def test_random_guides_only_ever_raise_guide_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for name in ("guide.yml", "guide.vale.ini"):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        try:
            guide = load_guide(path)
        except GuideError as err:
            assert err.problems
            assert all(p.line >= 1 and p.column >= 1 for p in err.problems)
        else:
            Checker(guide).check("a guaranteed text")
        problems, _ = lint_guide_with_notices(path)
        assert all("\n" not in str(p) for p in problems)


# -- guide lint: nothing lost ------------------------------------------------------------
def test_lint_shows_skipped_rule_notices_even_when_there_are_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "guide.yml"
    path.write_text(
        "brand: X\nrules:\n  - id: A.Spell\n    extends: sequence\nlanguage: [en]\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "guide", "lint", str(path))
    assert code == 2
    assert out == f"{path}:5:1: language must be a non-empty string, got a list\n"
    assert err == f"notice: {path}:3: skipped rule A.Spell: 'sequence' rules are not supported\n"


def test_a_guide_that_is_not_utf8_is_located_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "guide.yml"
    path.write_bytes(b"brand: X\nlanguage: en-\xff\n")
    (problem,) = lint_guide(path)
    assert (problem.line, problem.column) == (2, 14)
    assert problem.message == "the guide is not UTF-8 text (byte 0xff)"


def test_a_guide_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "guide", "lint", str(tmp_path))
    assert code == 2
    assert out == f"{tmp_path}:1:1: the guide is a folder, not a file\n"


# -- checker: pathological vocabulary ----------------------------------------------------
def _catastrophic(tmp_path: Path, vocabulary: str) -> Checker:
    path = tmp_path / "guide.yml"
    path.write_text(
        f"brand: X\nvocabulary:\n  {vocabulary}\nrules:\n"
        "  - id: A.Long\n    extends: metric\n    message: 'long %s'\n"
        "    formula: characters\n    condition: '> 3'\n",
        encoding="utf-8",
    )
    return Checker(load_guide(path), timeout=0.01)


def test_a_catastrophic_accepted_term_is_abandoned_with_a_notice(tmp_path: Path) -> None:
    # (a|aa)+c backtracks exponentially on a run of a's; the metric finding spans all of it.
    checker = _catastrophic(tmp_path, "accept: ['(a|aa)+c']")
    report = checker.check("a" * 32)
    assert [f.rule for f in report.findings] == ["A.Long"]
    assert any("accepted vocabulary" in n and "A.Long" in n for n in report.notices)


def test_a_catastrophic_rejected_term_names_vale_avoid(tmp_path: Path) -> None:
    checker = _catastrophic(tmp_path, "reject: ['(a|aa)+c']")
    report = checker.check("a" * 32 + " c")  # the c lets the term's pattern run at all
    assert any(n.startswith("rule Vale.Avoid ") for n in report.notices), report.notices
