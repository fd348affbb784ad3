"""Required literals, blank-start analysis and case folding: the checker's shortcuts' basis.

A rule is skipped when none of its required literals occurs in the folded text, so the
literals must hold for every match the regex engine can find; these tests check the reader
on a table of patterns and on random patterns against random texts.
"""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.rules.context import SPACES
from composer.core.rules.literals import any_present, required_literals, starts_nonblank
from composer.core.text.folding import FOLD_SPECIAL, fold


def _all_code_points() -> str:
    return "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)


def test_fold_specials_are_every_case_equivalent_of_ascii() -> None:
    text = _all_code_points()
    for code in range(0x20, 0x7F):
        char = chr(code)
        for other in regex.findall("(?i)" + regex.escape(char), text, regex.VERSION0):
            assert fold(other) == char.lower(), (char, hex(ord(other)))
    assert {chr(c) for c in FOLD_SPECIAL} == {"\u0130", "\u0131", "\u017f", "\u212a"}


def test_fold_keeps_length() -> None:
    text = _all_code_points()
    assert len(fold(text)) == len(text)
    assert fold("İstanbul ſale \u212aelvin ı") == "istanbul sale kelvin i"


def test_spaces_are_exactly_what_regex_calls_whitespace() -> None:
    text = _all_code_points()
    ours = regex.compile(f"[{SPACES}]")
    theirs = regex.compile(r"\s")
    assert ours.findall(text) == theirs.findall(text)


LITERAL_TABLE = [
    (r"(?i)\b(?:guaranteed|guarantee|100% waterproof)\b", {"guarantee", "100% waterproof"}),
    ("game[- ]changer", {"changer"}),
    (r"\d+% off", {"% off"}),
    (r"\.\.\.", {"..."}),
    ("!{2,}", {"!"}),
    (r"(?:bit\.ly|tinyurl\.com)", {"bit.ly", "tinyurl.com"}),
    (r"(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)", {"("}),
    ("colou?r", {"colo"}),
    ("a{0,3}bc", {"bc"}),
    (r"\x41bc", {"bc"}),
    ("[[:alpha:]]xyz", {"xyz"}),
    (r"(?<=abc)de", {"de"}),
    ("café", {"caf"}),
    (r"don\'t miss out", {"don't miss out"}),
    (r"[a-z][.?!,][A-Z][a-z]", None),
    (r"\b([A-Z]{3,5})\b", None),
    ("a|", None),
    ("(?x)abc", None),
    ("(?V1)abc", None),
    ("(?:foo){e<=1}", None),
    ("(?(1)a|b)", None),
    ("x*", None),
]


def test_required_literals_table() -> None:
    for pattern, expected in LITERAL_TABLE:
        found = required_literals(pattern)
        assert (None if found is None else set(found)) == expected, pattern


NONBLANK_TABLE = [
    (r"(?!\s)\X", True),
    (r"[#＃][^\s]+", True),
    (r"[^\s]+", True),
    (r"\$[A-Za-z][\w.]*", True),
    ("http://", True),
    (r"(?i)\bfoo\b", True),
    (r"\s+", False),
    ("a?b", False),
    (".", False),
    (" x", False),
    (r"\X", False),
    (r"(a|\s)", False),
    (r"\x20a", False),
    ("[ab]|[ c]", False),
    (r"\P{L}", False),
]


def test_starts_nonblank_table() -> None:
    for pattern, expected in NONBLANK_TABLE:
        assert starts_nonblank(pattern) is expected, pattern


# Random patterns built from pieces the reader treats in different ways.
PIECES = [
    "a",
    "b",
    "ab",
    "K",
    "s",
    "i",
    " ",
    "!",
    "%",
    "'",
    "-",
    r"\.",
    r"\b",
    r"\d",
    r"\w",
    r"\s",
    r"\S",
    "[ab]",
    "[^a]",
    "[ -]",
    ".",
    "^",
    "$",
    r"\X",
    r"\x41",
    r"\p{L}",
    "(?i)",
    "(?!\\s)",
    "(?=a)",
]
QUANTIFIERS = ["", "", "", "?", "*", "+", "{2}", "{0,2}", "+?"]


@st.composite
def patterns(draw: st.DrawFn, depth: int = 0) -> str:
    items = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 2 and draw(st.integers(0, 5)) == 0:
            inner = "|".join(draw(st.lists(patterns(depth + 1), min_size=1, max_size=3)))
            item = draw(st.sampled_from(["(?:", "(", "(?i:", "(?P<g{}>"])).format(depth)
            item = f"{item}{inner})"
        else:
            item = draw(st.sampled_from(PIECES))
        quantifier = draw(st.sampled_from(QUANTIFIERS))
        if quantifier and (item in ("^", "$", r"\b", "(?i)") or item.startswith("(?")):
            quantifier = ""
        items.append(item + quantifier)
    return "".join(items)


TEXTS = st.text(alphabet="abAB sKkiIİıſ!%'-.\n1_ä", max_size=20)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), TEXTS)
def test_every_match_holds_a_required_literal(pattern: str, text: str) -> None:
    try:
        compiled = [regex.compile(pattern, regex.V0 | flags) for flags in (0, regex.I)]
    except regex.error:
        return
    literals = required_literals(pattern)
    if literals is None:
        return
    folded = fold(text)
    for compiled_pattern in compiled:
        if any(m.group() for m in compiled_pattern.finditer(text)):
            assert any_present(literals, folded), (pattern, text, literals)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns(), TEXTS)
def test_nonblank_patterns_never_start_at_a_blank(pattern: str, text: str) -> None:
    try:
        compiled = regex.compile(pattern, regex.V0)
    except regex.error:
        return
    if not starts_nonblank(pattern):
        return
    for start in range(len(text) + 1):
        m = compiled.match(text, start)
        if m is not None:
            assert m.end() > m.start(), (pattern, text)
            assert text[start] not in " \n", (pattern, text, start)
