"""The big-gate index answers exactly what one substring test per literal answers."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from composer.core.checker import Checker
from composer.core.guide.model import Account, Guide
from composer.core.rules import build_rule
from composer.core.rules.literal_index import LiteralIndex


def _naive(sets: list[frozenset[str]], text: str) -> int:
    found = 0
    for bit, literals in enumerate(sets):
        if any(literal in text for literal in literals):
            found |= 1 << bit
    return found


_SMALL_ALPHABET = st.text(alphabet="abc é", max_size=6)


@given(
    sets=st.lists(st.frozensets(_SMALL_ALPHABET, max_size=8), max_size=12),
    text=st.text(alphabet="abcd é", max_size=40),
)
def test_index_equals_substring_tests(sets: list[frozenset[str]], text: str) -> None:
    assert LiteralIndex(sets).present(text) == _naive(sets, text)


def test_index_on_many_overlapping_literals() -> None:
    rng = random.Random(16)
    words = ["".join(rng.choice("abcde") for _ in range(rng.randint(1, 7))) for _ in range(3000)]
    sets = [frozenset(rng.sample(words, rng.randint(1, 400))) for _ in range(60)]
    index = LiteralIndex(sets)
    for _ in range(300):
        text = "".join(rng.choice("abcdef ") for _ in range(rng.randint(0, 280)))
        assert index.present(text) == _naive(sets, text)


def test_checker_with_big_gates_reports_what_a_full_run_reports() -> None:
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("bcdfglmnprst") + rng.choice("aeiou") for _ in range(3))
        for _ in range(600)
    ]
    rules = tuple(
        build_rule(
            f"Big.Rule{i}",
            {
                "extends": "existence" if i % 2 else "substitution",
                "message": "Avoid '%s'." if i % 2 else "Use '%s', not '%s'.",
                "ignorecase": True,
                **(
                    {"tokens": rng.sample(vocabulary, 120)}
                    if i % 2
                    else {"swap": {w: w.upper() for w in rng.sample(vocabulary, 90)}}
                ),
            },
        )
        for i in range(12)
    )
    guide = Guide(brand="T", rules=rules, accounts=(Account("@t", limit=280),))
    fast = Checker(guide)
    full = Checker(guide, shortcuts=False)
    assert fast._big_gates()[1]  # the big rules are in the index
    for _ in range(200):
        words = [rng.choice(vocabulary) if rng.random() < 0.1 else "trail" for _ in range(40)]
        text = " ".join(words)[:280]
        assert fast.check(text).findings == full.check(text).findings
