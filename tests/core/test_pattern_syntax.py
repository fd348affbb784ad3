"""A pattern ``surely_compiles`` accepts compiles with ``regex``; loading skips compiling it.

The recogniser lets a big guide be read without compiling thousands of tokens: it may refuse
valid patterns (they are compiled as before), never accept one that does not compile.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex

from composer.core.errors import GuideError
from composer.core.guide import load_guide
from composer.core.rules import compiled_patterns
from composer.core.rules.base import FieldError, as_pattern_tuple, scoped_flags
from composer.core.rules.pattern_syntax import MAX_DEPTH, surely_compiles

_PIECES = [
    *"ab.|()?*+[]-^$\\{}:,0123 #'é\n\t",
    "(?:",
    "(?i:",
    "(?ims:",
    "(?-i:",
    "(?x:",
    "(?i)",
    "(?",
    "(?=",
    "(?<",
    "(?P<n>",
    "\\w",
    "\\W",
    "\\b",
    "\\B",
    "\\d",
    "\\s",
    "\\.",
    "\\-",
    "\\]",
    "\\p",
    "\\1",
    "\\n",
    "\\Q",
    "[a-z]",
    "[^x]",
    "[z-a]",
    "[a-Z]",
    "[ -]",
    "[-a]",
    "[a-]",
    "[]",
    "[[",
    "[:",
    "&&",
    "~~",
    "||",
    "{2}",
    "{,3}",
    "??",
    "*?",
    "+?",
    "*+",
    "\ud800",
    "\x00",
]


def _compiles(pattern: str, flags: int) -> bool:
    try:
        regex.compile(pattern, flags)
    except (regex.error, RecursionError, OverflowError, ValueError):
        return False
    return True


def test_every_accepted_random_pattern_compiles() -> None:
    rng = random.Random(16)
    accepted = 0
    for _ in range(60_000):
        pattern = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 10)))
        if not surely_compiles(pattern):
            continue
        accepted += 1
        for flags in (regex.V0, regex.V0 | regex.IGNORECASE):
            assert _compiles(pattern, flags), pattern
        assert _compiles(scoped_flags("(?i)" + pattern), regex.V0), pattern
    assert accepted > 5_000  # the test is only worth something if many are accepted


@pytest.mark.parametrize(
    "pattern",
    [
        "utilize",
        "[Uu]tilize",
        "utili[sz]e",
        "colou?r",
        "(?:of|to|for)",
        "impact(?:s|ed)?",
        r"\w*ly",
        r"e\.g\.",
        "trail[ -]pro",
        "(?i:shop now)",
        r"\b(?:a|b)\b",
        "[^a-z0-9]",
        "",
    ],
)
def test_common_vale_tokens_are_accepted(pattern: str) -> None:
    assert surely_compiles(pattern)
    assert _compiles(pattern, regex.V0)


@pytest.mark.parametrize(
    "pattern",
    [
        "a{2}",
        "^start",
        "end$",
        "(?=look)",
        r"(a)\1",
        "(?P<name>x)",
        r"\p{L}",
        "a**",
        "a*+",
        "[z-a]",
        "[a-Z]",
        "[[:alpha:]]",
        "(?x: a b )",
        "(?i)middle(?i)",
        "*a",
        "a|*",
        "(?:)*",
        r"\b*",
        "(unclosed",
        "closed)",
        "[unclosed",
        "(" * (MAX_DEPTH + 1) + ")" * (MAX_DEPTH + 1),
    ],
)
def test_other_patterns_are_left_to_regex(pattern: str) -> None:
    assert not surely_compiles(pattern)


@pytest.mark.parametrize(
    "patterns",
    [
        ("fine", "(unclosed", "also fine"),
        ("fine", "[z-a]"),
        ("a{2}", "x{2,1}"),
        ("ok", "ok2", "a**"),
    ],
)
def test_a_bad_token_among_sure_ones_is_located_as_before(patterns: tuple[str, ...]) -> None:
    with pytest.raises(FieldError) as ours:
        as_pattern_tuple(list(patterns))
    bad = next(p for p in patterns if not _compiles(scoped_flags(p), regex.V0))
    assert str(ours.value).startswith(f"invalid regular expression {bad!r}: ")


def _rule_file(tmp_path: Path, tokens: list[str]) -> Path:
    styles = tmp_path / "styles" / "Big"
    styles.mkdir(parents=True)
    lines = ["extends: existence", "message: \"Avoid '%s'.\"", "level: error", "tokens:"]
    lines += [f"  - '{t}'" for t in tokens]
    (styles / "Words.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    guide = tmp_path / "brand-guide.yml"
    guide.write_text(
        "brand: Test\nlanguage: en-US\nstyles: [styles/Big]\naccounts:\n  - handle: '@Test'\n",
        encoding="utf-8",
    )
    return guide


def test_reading_a_guide_of_sure_tokens_compiles_none_of_its_rule_patterns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled_patterns.clear_kept_patterns()
    tokens = [f"word{i}(?:s|es)?" for i in range(300)] + ["[Uu]tilize", r"\w*ness"]
    compiled: list[str] = []
    real = regex.compile

    def counting(pattern: str, *args: object, **kwargs: object) -> regex.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, *args, **kwargs)

    monkeypatch.setattr(regex, "compile", counting)
    guide = load_guide(_rule_file(tmp_path, tokens))
    assert not [p for p in compiled if "word1" in p]  # neither the tokens nor the rule's join
    monkeypatch.undo()
    from composer.core.checker import Checker

    report = Checker(guide).check("The word12es and wordy utilize kindness", "@Test")
    assert [f.rule for f in report.findings if f.rule.startswith("Big.")] == ["Big.Words"] * 3


def test_a_guide_with_a_bad_token_reports_it_as_before(tmp_path: Path) -> None:
    with pytest.raises(GuideError) as caught:
        load_guide(_rule_file(tmp_path, ["fine", "also(?:fine", "more"]))
    (problem,) = caught.value.problems
    assert "invalid regular expression 'also(?:fine'" in problem.message
    assert problem.line > 1


def test_one_odd_token_does_not_make_the_others_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = [f"word{i}(?:s|es)?" for i in range(200)] + [r"(?<!un)known\b"]
    compiled: list[str] = []
    real = regex.compile

    def counting(pattern: str, *args: object, **kwargs: object) -> regex.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, *args, **kwargs)

    monkeypatch.setattr(regex, "compile", counting)
    assert as_pattern_tuple(tokens) == tuple(tokens)
    assert compiled and not [p for p in compiled if "word1" in p]
    with pytest.raises(FieldError, match=r"invalid regular expression '\(\?<!un\)kn\(own'"):
        as_pattern_tuple([*tokens[:-1], "(?<!un)kn(own"])
    assert not [p for p in compiled if "word1" in p]
