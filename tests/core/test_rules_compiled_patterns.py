"""Big guides compile once: shared rule patterns, cached literals, lazy substitution parts.

These speed-ups (issue 16) must not change a single result; the tests compare each with
the plain computation it replaces.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import regex

from composer.core.errors import GuideError
from composer.core.guide import load_guide
from composer.core.rules import RuleContext, build_rule
from composer.core.rules.base import FieldError, check_pattern
from composer.core.rules.compiled_patterns import check_patterns, rule_pattern
from composer.core.rules.literals import _minimal, required_literals


def _naive_minimal(literals: frozenset[str]) -> frozenset[str]:
    """The original definition: drop a literal that contains another one."""
    return frozenset(s for s in literals if not any(o != s and o in s for o in literals))


@pytest.mark.parametrize("size", [0, 1, 3, 40, 400])
def test_minimal_literals_equal_the_naive_definition(size: int) -> None:
    rng = random.Random(size)
    for _ in range(30):
        words = {
            "".join(rng.choice("abcd ") for _ in range(rng.randint(1, 9))) for _ in range(size)
        }
        literals = frozenset(words)
        assert _minimal(literals) == _naive_minimal(literals)


def test_minimal_literals_with_the_empty_string() -> None:
    literals = frozenset({"", "ab", "b"})
    assert _minimal(literals) == _naive_minimal(literals) == frozenset({""})


def test_required_literals_are_computed_once_per_pattern() -> None:
    pattern = r"(?i)\b(?:" + "|".join(f"w{i}x" for i in range(300)) + r")\b"
    first = required_literals(pattern)
    assert first is not None and len(first) == 300
    assert required_literals(pattern) is first


def test_rule_patterns_are_shared_and_errors_are_never_kept() -> None:
    source = r"(?i)\b(?:kept|shared)\b"
    assert rule_pattern(source) is rule_pattern(source)
    assert rule_pattern(source).search("Shared") is not None
    for _ in range(2):
        with pytest.raises(regex.error):
            rule_pattern("(unclosed")


def test_substitution_compiles_replacement_checks_when_a_match_needs_them() -> None:
    rule = build_rule(
        "T.Swap",
        {
            "extends": "substitution",
            "message": "Use '%s', not '%s'.",
            "ignorecase": True,
            "capitalize": True,
            "swap": {"web site": "website", "e-?mail": "email", "colou?r": "colour|color"},
        },
    )
    compiled = rule.compile()
    assert compiled.same == {}  # type: ignore[attr-defined]
    assert compiled.keys == [None, None, None]  # type: ignore[attr-defined]
    # "Colour" already is a (capitalised) replacement: not flagged; the others are.
    found = compiled.run(RuleContext("Colour on our Web site, e-mail us"))
    assert [(f.message, f.replacements) for f in found] == [
        ("Use 'Website', not 'Web site'.", ("Website",)),
        ("Use 'email', not 'e-mail'.", ("email",)),
    ]
    assert set(compiled.same) == {"Website", "email"}  # type: ignore[attr-defined]


def test_substitution_keeps_a_key_pattern_only_for_references() -> None:
    rule = build_rule(
        "T.Swap",
        {
            "extends": "substitution",
            "message": "Write '%s', not '%s'.",
            "swap": {"to the (\\w+) store": "visit the $1 store", "web site": "website"},
        },
    )
    compiled = rule.compile()
    keys = compiled.keys  # type: ignore[attr-defined]
    # Longest key first: the store key has a reference, "web site" has none.
    assert keys[0] is not None and keys[1] is None
    (found,) = compiled.run(RuleContext("go to the Leeds store"))
    assert found.replacements == ("visit the Leeds store",)


# -- many patterns checked at once ---------------------------------------------------------
_GOOD = [
    "plain words",
    "colou?r",
    "e-?mail",
    "(?:web|home) ?page",
    "[Uu]tili[sz]e",
    r"\d+% off",
    r"act now\b",
    "a{2,3}h",
    "(?i:case)",
    r"c\+\+",
    "[]x]",
    "[^a-z]+",
    "x|y|",
]
_BAD = [
    "(unclosed",
    "closed)",
    "a)|(b",
    "*lead",
    "a{3,1}",
    "[z-a]",
    r"\p{NoSuchProperty}",
    "x(?<",
    r"\1",
    r"(a)\2",
    "(?P<n>a)(?P=m)",
    "trailing\\",
    "(?x)#)",
    "a{1001}",
]


def _sequential(patterns: tuple[str, ...]) -> str | None:
    """The first problem ``check_pattern`` raises, one pattern at a time (the old path)."""
    for pattern in patterns:
        try:
            check_pattern(pattern)
        except FieldError as exc:
            return str(exc)
    return None


def _combined(patterns: tuple[str, ...]) -> str | None:
    try:
        check_patterns(patterns)
    except FieldError as exc:
        return str(exc)
    return None


def test_valid_patterns_pass_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    patterns = tuple(_GOOD * 20)
    assert _sequential(patterns) is None

    def one_by_one(pattern: str) -> str:
        raise AssertionError(f"checked alone: {pattern!r}")

    # Self-contained valid patterns take the one-compile path, never one at a time.
    monkeypatch.setattr("composer.core.rules.compiled_patterns.check_pattern", one_by_one)
    assert _combined(patterns) is None


@pytest.mark.parametrize("bad", _BAD)
def test_a_bad_pattern_is_reported_exactly_as_one_by_one(bad: str) -> None:
    rng = random.Random(bad)
    for _ in range(5):
        patterns = [*rng.sample(_GOOD, 8)]
        patterns.insert(rng.randrange(len(patterns) + 1), bad)
        if rng.random() < 0.5:
            patterns.insert(rng.randrange(len(patterns) + 1), rng.choice(_BAD))
        as_tuple = tuple(patterns)
        expected = _sequential(as_tuple)
        assert expected is not None
        assert _combined(as_tuple) == expected


def test_patterns_that_only_compile_together_are_refused() -> None:
    # Each is broken alone; joined, the parentheses would pair up across them.
    for patterns in (("a)|(?:b", "c"), ("(a", "b)"), ("x", "(?:y", "z)")):
        assert _combined(patterns) == _sequential(patterns) is not None


def test_a_swap_key_problem_is_located_the_same_in_a_long_list(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "Big"
    style.mkdir(parents=True)
    keys = [f"word{i}(?:s)?" for i in range(400)]
    keys[250] = "bro(ken"
    body = "extends: substitution\nmessage: \"Use '%s', not '%s'.\"\nswap:\n" + "".join(
        f"  '{k}': 'fix{i}'\n" for i, k in enumerate(keys)
    )
    (style / "Swap.yml").write_text(body, encoding="utf-8")
    guide = tmp_path / "guide.yml"
    guide.write_text("brand: T\nstyles: [styles/Big]\n", encoding="utf-8")
    with pytest.raises(GuideError) as caught:
        load_guide(guide)
    (problem,) = caught.value.problems
    assert _sequential(tuple(keys)) is not None
    assert str(problem).endswith(_sequential(tuple(keys)) or "")
    assert "'bro(ken'" in str(problem)
