"""Control characters: shown escaped on a terminal, counted as twitter-text counts them."""

from __future__ import annotations

import shutil

import pytest
from helpers.twitter_fuzz import compare, node_modules, run_oracle

from composer.core.terminal_text import for_terminal
from composer.core.text import parse_tweet

HOSTILE = [
    "Reply soon\x1b[2J\x1b[H all clear",
    "Title change \x1b]0;approved\x07 done",
    "C1 controls \x9b31m red \x85 next",
    "bell\x07 backspace\x08 delete\x7f vertical\x0b feed\x0c",
    "carriage\r return and\ttab",
    "bidi \u202eevil\u202c and \u2066isolate\u2069",
    "\x1b" * 300,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_nothing_a_terminal_obeys_is_left(text: str) -> None:
    shown = for_terminal(text)
    assert all(ord(c) >= 0x20 and not 0x7F <= ord(c) <= 0x9F for c in shown)
    assert not set(shown) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_escapes_read_as_python_writes_them() -> None:
    assert for_terminal("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert for_terminal("\x9b\u202e") == "\\x9b\\u202e"
    assert for_terminal("one\ntwo\tthree", keep="\n") == "one\ntwo\\x09three"
    assert for_terminal("plain text, emoji 👍🏽 and ñ") == "plain text, emoji 👍🏽 and ñ"


def test_counting_sees_the_stored_text_not_the_escapes() -> None:
    for text in HOSTILE:
        assert parse_tweet(text).weighted_length != parse_tweet(for_terminal(text)).weighted_length


@pytest.mark.oracle
def test_control_characters_count_as_twitter_text_counts_them() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the twitter-text oracle cannot run")
    modules = node_modules()
    if modules is None:
        pytest.skip("npm twitter-text 3.1.0 not found: run `npm ci --prefix tests/helpers`")
    texts = [*HOSTILE, *(f"x{chr(c)}y" for c in [*range(0x20), *range(0x7F, 0xA0)])]
    results = run_oracle(texts, modules)
    problems = {t: p for t, oracle in zip(texts, results, strict=True) if (p := compare(t, oracle))}
    assert not problems, problems
