"""Compiled word-list matchers: lexicon phrases and leetspeak-aware profanity.

Each matcher compiles its whole list into one alternation (longest phrase first) with one
named group per entry, so a draft is scanned once per list and every hit says which entry,
and so which category, topic or rating, it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import regex

T = TypeVar("T")

_BEFORE = r"(?<![\p{L}\p{N}])"
_AFTER = r"(?![\p{L}\p{N}])"
_NUMBER = r"\d+(?:[.,]\d+)?"


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """One hit: span, the text matched and the payload of the entry that matched."""

    start: int
    end: int
    text: str
    payload: T


def _escape_word(word: str) -> str:
    """A word as regex source, each apostrophe matching both ``'`` and ``’``."""
    return "".join("['’]" if c in "'’" else regex.escape(c) for c in word)


def phrase_pattern(phrase: str) -> str:
    """Regex source for a lexicon phrase.

    Words are separated by any whitespace, ``'`` also matches ``’``, ``{n}`` stands for a number
    and a trailing ``*`` lets any letters follow. The phrase is matched on word boundaries.
    """
    text = phrase.strip()
    wildcard = text.endswith("*")
    if wildcard:
        text = text[:-1]
    parts = []
    for i, chunk in enumerate(text.split("{n}")):
        if i:
            parts.append(_NUMBER)
        words = chunk.split()
        escaped = r"\s+".join(_escape_word(w) for w in words)
        if chunk[:1].isspace() and i:
            escaped = r"\s*" + escaped
        if chunk[-1:].isspace() and escaped:
            escaped += r"\s*"
        parts.append(escaped)
    body = "".join(parts)
    tail = r"[\p{L}\p{M}]*" if wildcard else ""
    lead = _BEFORE if regex.match(r"[\p{L}\p{N}{]", phrase.strip()) else ""
    trail = _AFTER if regex.search(r"[\p{L}\p{N}*]$", phrase.strip()) else ""
    return f"{lead}{body}{tail}{trail}"


#: First characters of a number.
DIGITS = frozenset("0123456789")
_WORD_START = r"(?<![\p{L}\p{N}])"


def first_chars(phrase: str) -> frozenset[str] | None:
    """The lower-case characters a phrase's match can start with (``None``: cannot tell)."""
    text = phrase.strip()
    if text.startswith("{n}"):
        return DIGITS
    if not text or text[0] in "'’*":
        return None
    return frozenset({text[0].lower()})


class PhraseMatcher(Generic[T]):
    """Finds lexicon phrases (and extra raw patterns) in a text, case-insensitively.

    Entries are indexed by the characters they can start with: a draft is scanned once for
    candidate starts, and only the entries that can start there are tried. One alternation
    of hundreds of branches, each tried at every position, is about ten times slower.
    """

    def __init__(
        self,
        phrases: Iterable[tuple[str, T]],
        *,
        patterns: Iterable[tuple[str, T, frozenset[str]]] = (),
    ) -> None:
        """Compile ``phrases`` (lexicon syntax) and ``patterns``.

        Args:
            phrases: ``(phrase, payload)`` in lexicon syntax (see :func:`phrase_pattern`).
            patterns: ``(regex source, payload, first characters)``: raw patterns, each with the
                lower-case characters a match can start with.
        """
        entries: list[tuple[str, T, frozenset[str] | None]] = [
            (phrase_pattern(p), v, first_chars(p)) for p, v in phrases if p.strip()
        ]
        entries += [(src, v, firsts) for src, v, firsts in patterns]
        # Longest source first, so "tickets on sale" wins over "sale" at the same start.
        entries.sort(key=lambda e: -len(e[0]))
        self._payloads: list[T] = [v for _, v, _ in entries]
        anywhere = [i for i, (_, _, f) in enumerate(entries) if f is None]
        by_char: dict[str, list[int]] = {}
        for i, (_, _, firsts) in enumerate(entries):
            for char in firsts or ():
                by_char.setdefault(char, []).append(i)
        self._by_char: dict[str, regex.Pattern[str]] = {
            char: self._compile(entries, sorted(set(ids) | set(anywhere)))
            for char, ids in by_char.items()
        }
        self._anywhere = self._compile(entries, anywhere) if anywhere else None
        starts = "".join(regex.escape(c) for c in sorted(by_char))
        self._starts: regex.Pattern[str] | None = None
        # Every entry begins at a word start: a letter or digit not preceded by one.
        if anywhere:
            self._starts = regex.compile(_WORD_START + r"(?s).", regex.IGNORECASE)
        elif starts:
            self._starts = regex.compile(f"{_WORD_START}[{starts}]", regex.IGNORECASE)

    @staticmethod
    def _compile(
        entries: list[tuple[str, T, frozenset[str] | None]], ids: list[int]
    ) -> regex.Pattern[str]:
        source = "|".join(f"(?P<g{i}>{entries[i][0]})" for i in ids)
        return regex.compile(source, regex.IGNORECASE | regex.V0)

    def find(self, text: str) -> tuple[Match[T], ...]:
        """Every non-overlapping hit, in text order (leftmost first, longest entry first)."""
        if self._starts is None:
            return ()
        out: list[Match[T]] = []
        pos = 0
        by_char = self._by_char
        while True:
            candidate = self._starts.search(text, pos)
            if candidate is None:
                break
            at = candidate.start()
            pattern = by_char.get(text[at].lower(), self._anywhere)
            m = pattern.match(text, at) if pattern is not None else None
            if m is None or m.end() == at:
                pos = at + 1
                continue
            group = m.lastgroup
            if group is not None:
                out.append(Match(at, m.end(), m.group(), self._payloads[int(group[1:])]))
            pos = m.end()
        return tuple(out)


#: Characters that stand in for a letter in leetspeak.
_LEET: dict[str, str] = {
    "a": "a@4",
    "b": "b8",
    "e": "e3",
    "g": "g9",
    "i": "i1!|",
    "l": "l1|",
    "o": "o0",
    "s": "s$5",
    "t": "t7+",
    "z": "z2",
}
#: Characters people type to mask a letter ("f*ck", "sh#t").
_MASKS = "*#%"


def _letter_class(letter: str, *, maskable: bool) -> str:
    chars = _LEET.get(letter, letter) + (_MASKS if maskable else "")
    return "[" + "".join(regex.escape(c) for c in chars) + "]+"


def _leet_firsts(term: str) -> frozenset[str]:
    first = term.strip().lower()[:1]
    return frozenset(_LEET.get(first, first))


def leet_pattern(term: str) -> str:
    """Regex source matching ``term`` written in leetspeak, masked or stretched.

    The first and last letters must be real letters or leet digits/symbols (so ``a**`` is not
    read as a word); inner letters may also be masked (``f**k``). Letters may repeat
    (``shiiit``). A trailing ``*`` in the term lets any letters follow (``fuck*``).
    """
    word = term.strip().lower()
    wildcard = word.endswith("*")
    if wildcard:
        word = word[:-1]
    letters = [c for c in word if not c.isspace()]
    pieces = []
    for i, letter in enumerate(letters):
        inner = 0 < i < len(letters) - 1
        pieces.append(_letter_class(letter, maskable=inner))
    tail = r"[\p{L}\p{M}]*" if wildcard else ""
    return rf"(?<![\p{{L}}\p{{N}}@$*#]){''.join(pieces)}{tail}(?![\p{{L}}\p{{N}}*])"


class ProfanityMatcher:
    """Finds rated profanity, leetspeak-aware, skipping an allow-list."""

    def __init__(self, terms: Sequence[tuple[str, int]], allow: Iterable[str] = ()) -> None:
        """Compile ``terms`` (term, rating); terms in ``allow`` are never reported."""
        allowed = {a.strip().lower() for a in allow}
        self._allow = frozenset(allowed)
        kept = [(t, r) for t, r in terms if t.rstrip("*") not in allowed]
        self._matcher: PhraseMatcher[tuple[str, int]] = PhraseMatcher(
            (),
            patterns=[(leet_pattern(t), (t.rstrip("*"), r), _leet_firsts(t)) for t, r in kept],
        )

    def find(self, text: str) -> tuple[Match[tuple[str, int]], ...]:
        """Hits with payload ``(term, rating)``; surface forms in the allow-list are dropped."""
        return tuple(m for m in self._matcher.find(text) if m.text.lower() not in self._allow)
