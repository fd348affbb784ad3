"""Big guides compile once: shared rule patterns, cached literals, lazy substitution parts.

These speed-ups (issue 16) must not change a single result; the tests compare each with
the plain computation it replaces.
"""

from __future__ import annotations

import random

import pytest
import regex

from composer.core.rules import RuleContext, build_rule
from composer.core.rules.compiled_patterns import rule_pattern
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
