"""Guide limits: patterns, YAML aliases and nesting, formulas and files are refused, located.

The sizes here are just over each limit, so that the old loader (which accepted them, or
compiled them for seconds) fails these tests without being run out of memory; the
full-size attacks (``a{1000000000}``, a billion laughs, a FIFO, ``/dev/zero``) run in
``tests/e2e/test_hostile_guides.py`` under a memory cap and a time limit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from composer.core.guide import lint_guide
from composer.core.guide.files import MAX_FILE_BYTES, FileRefused, read_guide_file
from composer.core.guide.yamlmarks import MAX_ALIAS_VALUES, MAX_DEPTH
from composer.core.rules.formula import MAX_FORMULA_DEPTH, MAX_FORMULA_TOKENS
from composer.core.rules.pattern_limits import (
    MAX_BRANCHES,
    MAX_GROUP_DEPTH,
    MAX_PATTERN_CHARS,
    MAX_REPEAT,
    MAX_REPEAT_PRODUCT,
    MAX_UNROLLED,
    PatternTooBig,
    measure_pattern,
)


def _lint(tmp_path: Path, text: str, name: str = "guide.yml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [str(p).replace(str(tmp_path) + "/", "") for p in lint_guide(path)]


def _rule(body: str) -> str:
    """A guide with one inline rule; its keys start on line 5."""
    return "brand: X\nrules:\n  - id: X.R\n    message: '%s'\n" + body


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:foo|bar)\b",
        r"\d{1,3}(?:,\d{3})*",
        r"(?i)(?:ha){2,20}",
        r"[A-Z]{2,5}\b",
        r"\p{Lu}{3}",
        "x{1000}",
        "(?:(?:a{100}){100})",
        "[{99999}]",  # braces in a class are characters
        r"\{99999}",  # an escaped brace is a character
        "a{e<=2}",  # fuzzy matching, not a repeat
        "(" * MAX_GROUP_DEPTH + "a" + ")" * MAX_GROUP_DEPTH,
        "|".join(["ab"] * MAX_BRANCHES),
    ],
)
def test_real_patterns_are_within_the_limits(pattern: str) -> None:
    measure_pattern(pattern)


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (f"x{{{MAX_REPEAT + 1}}}", "repeats 1,001 times; at most 1,000"),
        ("a{5000,}", "repeats 5,000 times"),
        ("a{,5000}", "repeats 5,000 times"),
        ("a{1,99999999999999999999}", "repeats 99,999,999,999,999,999,999 times"),
        (
            "(?:(?:a{101}){100})",
            f"repeats 10,100 times through nested repeats; at most {MAX_REPEAT_PRODUCT:,}",
        ),
        ("a{1000}" * 101, f"unrolls to 101,000 elements; at most {MAX_UNROLLED:,}"),
        (
            "(" * (MAX_GROUP_DEPTH + 1) + "a" + ")" * (MAX_GROUP_DEPTH + 1),
            "nests groups more than 50 deep",
        ),
        ("|".join(["ab"] * (MAX_BRANCHES + 1)), "has 5,001 alternatives; at most 5,000"),
        ("q" * (MAX_PATTERN_CHARS + 1), "is 20,001 characters long; at most 20,000"),
    ],
)
def test_patterns_past_a_limit_are_refused_unread(pattern: str, message: str) -> None:
    with pytest.raises(PatternTooBig, match="^pattern .*" + message.replace("(", r"\(")):
        measure_pattern(pattern)


def test_a_huge_repeat_is_a_located_problem(tmp_path: Path) -> None:
    assert _lint(tmp_path, _rule("    extends: existence\n    raw: ['a{5000}']\n")) == [
        "guide.yml:6:5: raw: pattern 'a{5000}' repeats 5,000 times; at most 1,000 are allowed"
    ]


def test_nested_repeats_in_a_style_file_are_located_in_that_file(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "S"
    style.mkdir(parents=True)
    (style / "Nest.yml").write_text(
        "extends: substitution\nmessage: '%s'\nswap:\n  '(?:(?:b{200}){200})': c\n", "utf-8"
    )
    assert _lint(tmp_path, "brand: X\nstyles: [styles/S]\n") == [
        "styles/S/Nest.yml:3:1: swap: pattern '(?:(?:b{200}){200})' repeats 40,000 times "
        "through nested repeats; at most 10,000 are allowed"
    ]


def test_a_rule_whose_tokens_together_are_too_many_is_refused(tmp_path: Path) -> None:
    tokens = ", ".join(f"w{i}" for i in range(MAX_BRANCHES + 1))
    assert _lint(tmp_path, _rule(f"    extends: existence\n    tokens: [{tokens}]\n")) == [
        "guide.yml:6:5: tokens: 5,001 patterns; at most 5,000 alternatives are allowed"
    ]
    # Fewer tokens, each with alternatives of its own: the sum counts.
    tokens = ", ".join(f"'w{i}|v{i}'" for i in range(MAX_BRANCHES // 2 + 1))
    assert _lint(tmp_path, _rule(f"    extends: existence\n    tokens: [{tokens}]\n")) == [
        "guide.yml:6:5: tokens: the rule, its patterns together, has 5,002 alternatives; "
        "at most 5,000 are allowed"
    ]


def test_the_guide_patterns_together_have_a_budget(tmp_path: Path) -> None:
    rules = "".join(
        f"  - id: X.R{i}\n    extends: existence\n    message: '%s'\n"
        "    raw: ['" + "a{1000}" * 99 + "']\n"
        for i in range(6)
    )
    problems = _lint(tmp_path, "brand: X\nrules:\n" + rules)
    # Five rules of 99,000 elements fit in 500,000; the sixth (line 26) does not.
    assert problems == [
        "guide.yml:26:5: raw: the guide's patterns would unroll to 594,000 elements together; "
        "at most 500,000 are allowed"
    ]


def test_vocabulary_terms_are_measured(tmp_path: Path) -> None:
    text = "brand: X\nvocabulary:\n  accept: [Fine]\n  reject: [ok, '(?:x{50}){300}']\n"
    assert _lint(tmp_path, text) == [
        "guide.yml:4:16: pattern '(?:x{50}){300}' repeats 15,000 times through nested "
        "repeats; at most 10,000 are allowed"
    ]
    many = ", ".join(f"T{i}" for i in range(MAX_BRANCHES + 1))
    line = f"  accept: [{many}]"
    # Located at the first term past the limit.
    assert _lint(tmp_path, f"brand: X\nvocabulary:\n{line}\n") == [
        f"guide.yml:3:{line.index('T5000') + 1}: a vocabulary list may hold at most 5,000 terms"
    ]


def test_vocabulary_files_are_measured_line_by_line(tmp_path: Path) -> None:
    folder = tmp_path / "styles" / "config" / "vocabularies" / "V"
    folder.mkdir(parents=True)
    (folder / "accept.txt").write_text("TrailPro\n  a{2000}\n", "utf-8")
    (folder / "reject.txt").write_text("".join(f"w{i}\n" for i in range(MAX_BRANCHES + 1)), "utf-8")
    text = "StylesPath = styles\nVocab = V\n[*]\nBasedOnStyles = Vale\n"
    assert _lint(tmp_path, text, ".vale.ini") == [
        "styles/config/vocabularies/V/accept.txt:2:3: pattern 'a{2000}' repeats 2,000 times; "
        "at most 1,000 are allowed",
        "styles/config/vocabularies/V/reject.txt:5001:1: a vocabulary list may hold at most "
        "5,000 terms",
    ]


def test_a_large_real_vocabulary_and_token_list_still_load(tmp_path: Path) -> None:
    accept = "".join(f"    - Term{i}\n" for i in range(2000))
    tokens = "".join(f"      - word{i}\n" for i in range(2000))
    text = (
        "brand: X\nvocabulary:\n  accept:\n" + accept + "rules:\n  - id: X.Words\n"
        "    extends: existence\n    message: '%s'\n    tokens:\n" + tokens
    )
    assert _lint(tmp_path, text) == []


def _laughs(levels: int) -> str:
    names = "abcdefghij"
    lines = [f"a: &a [{', '.join(['lol'] * 9)}]"]
    lines += [
        f"{names[i]}: &{names[i]} [{', '.join([f'*{names[i - 1]}'] * 9)}]" for i in range(1, levels)
    ]
    return "\n".join(lines) + "\n"


def test_aliases_that_expand_too_far_are_refused_before_building(tmp_path: Path) -> None:
    # 9 ** 5 = 59,049 values from five short lines (the old loader built every one).
    assert MAX_ALIAS_VALUES < 9**5
    assert _lint(tmp_path, "brand: X\n" + _laughs(5)) == [
        "guide.yml:6:4: aliases expand this to more than 10,000 values "
        "(a document that grows when read is refused)"
    ]


def test_merge_keys_count_as_aliases(tmp_path: Path) -> None:
    lines = ["brand: X", "a: &a {" + ", ".join(f"k{i}: {i}" for i in range(10)) + "}"]
    for prev, name in zip("abcde", "bcdef", strict=True):
        lines.append(f"{name}: &{name}")
        lines.append("  <<: [" + ", ".join([f"*{prev}"] * 10) + "]")
    problems = _lint(tmp_path, "\n".join(lines) + "\n")
    assert len(problems) == 1
    assert "aliases expand this to more than 10,000 values" in problems[0]


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    text = (
        "brand: X\nvocabulary:\n  accept: &terms [TrailPro, Northwind]\n"
        "accounts:\n  - handle: '@a'\n    levels: &lv {X.Y: off}\n  - handle: '@b'\n"
        "    levels: *lv\n"
    )
    assert all("alias" not in p for p in _lint(tmp_path, text))


def test_an_alias_inside_itself_is_refused(tmp_path: Path) -> None:
    problems = _lint(tmp_path, "brand: X\nstyles: &s [a, *s]\n")
    assert problems == ["guide.yml:2:9: an alias refers to a value that contains it"]


def test_deep_nesting_is_located_where_it_passes_the_limit(tmp_path: Path) -> None:
    text = "brand: X\nrules: " + "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10) + "\n"
    assert _lint(tmp_path, text) == [
        "guide.yml:2:57: invalid YAML: lists or mappings are nested more than 50 deep"
    ]


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        (
            "(" * (MAX_FORMULA_DEPTH + 1) + "words" + ")" * (MAX_FORMULA_DEPTH + 1),
            "more than 50 deep",
        ),
        ("-" * (MAX_FORMULA_DEPTH + 1) + "words", "more than 50 deep"),
        ("+".join(["words"] * MAX_FORMULA_TOKENS), "has 999 parts; at most 499 are allowed"),
        ("(" * 50_000 + "1" + ")" * 50_000, "has 100,001 parts"),
    ],
)
def test_formulas_past_the_limits_are_located_problems(
    tmp_path: Path, formula: str, message: str
) -> None:
    text = _rule(f"    extends: metric\n    condition: '> 1'\n    formula: '{formula}'\n")
    problems = _lint(tmp_path, text)
    assert len(problems) == 1
    assert problems[0].startswith("guide.yml:7:5: formula: formula ")
    assert message in problems[0]


def test_a_real_formula_still_parses(tmp_path: Path) -> None:
    formula = "(0.39 * (words / sentences)) + (11.8 * (syllables / words)) - 15.59"
    text = _rule(f"    extends: metric\n    condition: '> 8'\n    formula: '{formula}'\n")
    assert _lint(tmp_path, text) == []


def test_tone_terms_are_phrase_sized(tmp_path: Path) -> None:
    text = "brand: X\ntone:\n  topics:\n    custom: [fine, '" + "a" * 101 + "']\n"
    assert _lint(tmp_path, text) == [
        "guide.yml:4:20: a word or phrase may have at most 100 characters"
    ]


def test_only_regular_files_of_bounded_size_are_read(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yml"
    plain.write_bytes(b"brand: X\r\n")
    assert read_guide_file(plain) == b"brand: X\r\n"
    link = tmp_path / "link.yml"
    link.symlink_to(plain)
    assert read_guide_file(link) == b"brand: X\r\n"

    fifo = tmp_path / "pipe.yml"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match=r"^it is a named pipe \(FIFO\), not a regular file$"):
        read_guide_file(fifo)
    zero = tmp_path / "zero.yml"
    zero.symlink_to("/dev/zero")
    with pytest.raises(FileRefused, match=r"^it is a device \(a link to /dev/zero\)"):
        read_guide_file(zero)
    with pytest.raises(FileRefused, match=r"^it is a folder"):
        read_guide_file(tmp_path)
    big = tmp_path / "big.yml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(FileRefused, match=r"^it is larger than 1,048,576 bytes \(1,048,577"):
        read_guide_file(big)
    big.write_bytes(b"#" * MAX_FILE_BYTES)
    assert len(read_guide_file(big)) == MAX_FILE_BYTES
    loop = tmp_path / "loop.yml"
    loop.symlink_to(loop)
    with pytest.raises(OSError, match="symbolic links"):
        read_guide_file(loop)


def test_a_fifo_guide_file_is_a_located_problem(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "guide.yml")
    assert [
        str(p).replace(str(tmp_path) + "/", "") for p in lint_guide(tmp_path / "guide.yml")
    ] == ["guide.yml:1:1: cannot read the guide: it is a named pipe (FIFO), not a regular file"]
