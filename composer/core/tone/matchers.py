"""Compiled word-list matchers: lexicon phrases and leetspeak-aware profanity.

Each matcher compiles its whole list into one alternation (longest phrase first) with one
named group per entry, so a draft is scanned once per list and every hit says which entry,
and so which category, topic or rating, it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, NamedTuple, TypeVar

import regex

from composer.core.text.folding import fold

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


#: ``regex.escape`` of one character, kept: building a tone analyzer escapes thousands.
_escape_char = cache(regex.escape)


def _escape_word(word: str) -> str:
    """A word as regex source, each apostrophe matching both ``'`` and ``’``."""
    return "".join("['’]" if c in "'’" else _escape_char(c) for c in word)


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


#: What the first ``k`` characters of a match, folded (``literals.fold``), can be.
Prefixes = tuple[int, frozenset[str]]


class RawPattern(NamedTuple, Generic[T]):
    """A raw pattern for :class:`PhraseMatcher`.

    Attributes:
        source: The regular expression.
        payload: What a hit of it reports.
        firsts: The lower-case characters a match can start with.
        prefixes: What the match's first characters can be, folded, if known.
    """

    source: str
    payload: T
    firsts: frozenset[str]
    prefixes: Prefixes | None = None


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    source: str
    payload: T
    firsts: frozenset[str] | None
    head: str | None = None
    prefixes: Prefixes | None = None


def phrase_head(phrase: str) -> str | None:
    """The ASCII letters and digits a phrase's match starts with, lower-cased (or ``None``)."""
    text = phrase.strip()
    if text.startswith("{n}"):
        return None
    head = []
    for char in text:
        if not (char.isascii() and char.isalnum()):
            break
        head.append(char.lower())
    return "".join(head) or None


class PhraseMatcher(Generic[T]):
    """Finds lexicon phrases (and extra raw patterns) in a text, case-insensitively.

    Entries are indexed by the characters they can start with: at a candidate start only the
    entries that can start there are tried. One alternation of hundreds of branches, each
    tried at every position, is about ten times slower.

    Candidate starts are found without trying every word of the draft: phrases that begin
    with letters or digits are looked for by those (an alternation of plain strings over the
    folded text), other entries by their first character; a candidate whose first
    characters no entry can begin with is passed over. Every candidate is then checked
    exactly as a plain scan would check it, so the hits are the same.
    """

    def __init__(
        self,
        phrases: Iterable[tuple[str, T]],
        *,
        patterns: Iterable[tuple[str, T, frozenset[str]] | RawPattern[T]] = (),
    ) -> None:
        """Compile ``phrases`` (lexicon syntax) and ``patterns``.

        Args:
            phrases: ``(phrase, payload)`` in lexicon syntax (see :func:`phrase_pattern`).
            patterns: ``(regex source, payload, first characters[, prefixes])``: raw
                patterns, each with the lower-case characters a match can start with.
        """
        entries: list[_Entry[T]] = [
            _Entry(phrase_pattern(p), v, first_chars(p), phrase_head(p))
            for p, v in phrases
            if p.strip()
        ]
        for raw in patterns:
            pattern = RawPattern(*raw)
            entries.append(
                _Entry(pattern.source, pattern.payload, pattern.firsts, None, pattern.prefixes)
            )
        # Longest source first, so "tickets on sale" wins over "sale" at the same start.
        entries.sort(key=lambda e: -len(e.source))
        self._payloads: list[T] = [e.payload for e in entries]
        anywhere = [i for i, e in enumerate(entries) if e.firsts is None]
        by_char: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            for char in e.firsts or ():
                by_char.setdefault(char, []).append(i)
        # The pattern of each first character is compiled when a text first needs it:
        # compiling all of them up front is most of the cost of building a tone analyzer
        # (a one-draft ``check`` run needs a handful).
        self._entries = entries
        self._ids_by_char: dict[str, list[int]] = {
            char: sorted(set(ids) | set(anywhere)) for char, ids in by_char.items()
        }
        self._by_char: dict[str, regex.Pattern[str] | None] = {}
        self._anywhere_ids = anywhere
        starts = "".join(regex.escape(c) for c in sorted(by_char))
        self._starts: regex.Pattern[str] | None = None
        # Every entry begins at a word start: a letter or digit not preceded by one.
        if anywhere:
            self._starts = regex.compile(_WORD_START + r"(?s).", regex.IGNORECASE)
        elif starts:
            self._starts = regex.compile(f"{_WORD_START}[{starts}]", regex.IGNORECASE)
        single = all(len(c) == 1 for c in by_char)
        self._scans = self._candidate_scans(entries) if single and not anywhere else None
        self._scan_all = self._scans is None
        self._allowed = {
            char: _allowed_prefixes([entries[i] for i in ids]) for char, ids in by_char.items()
        }

    def compile_all(self) -> None:
        """Compile the pattern of every first character now (a matcher about to be kept)."""
        for char in self._ids_by_char:
            self._pattern_for(char)
        if self._anywhere_ids:
            self._pattern_for("")

    def _pattern_for(self, char: str) -> regex.Pattern[str] | None:
        """The pattern tried where ``char`` starts a candidate (compiled once, then kept)."""
        if char in self._by_char:
            return self._by_char[char]
        ids = self._ids_by_char.get(char)
        if ids is not None:
            pattern = self._compile(self._entries, ids)
        else:
            # Entries that can start anywhere share one pattern for every other character.
            if "" not in self._by_char:
                self._by_char[""] = (
                    self._compile(self._entries, self._anywhere_ids) if self._anywhere_ids else None
                )
            pattern = self._by_char[""]
        self._by_char[char] = pattern
        return pattern

    @staticmethod
    def _compile(entries: list[_Entry[T]], ids: list[int]) -> regex.Pattern[str]:
        source = "|".join(f"(?P<g{i}>{entries[i].source})" for i in ids)
        return regex.compile(source, regex.IGNORECASE | regex.V0)

    @staticmethod
    def _candidate_scans(entries: list[_Entry[T]]) -> tuple[re.Pattern[str], ...] | None:
        """Patterns over the folded text that find every start where an entry can match.

        Entries with a head (letters and digits) are found by it, through a trie-shaped
        alternation that ``re`` scans quickly; since heads hold only letters and digits, a
        head found inside a word cannot hide a word start. Other entries are found by their
        first character (and the possible second ones, when known) where no ASCII letter or
        digit comes before it. ``None`` when the entries do not allow this.
        """
        heads: set[str] = set()
        seconds: dict[str, set[str] | None] = {}
        for e in entries:
            if e.head:
                heads.add(e.head)
                continue
            for char in e.firsts or ():
                if not (char.isascii() or char.lower() == char == char.upper()):
                    return None  # a character fold() may not keep where lower() does
                following = (
                    {p[1] for p in e.prefixes[1] if p[0] == char}
                    if e.prefixes is not None and e.prefixes[0] >= 2
                    else None
                )
                if char not in seconds:
                    seconds[char] = following
                else:
                    known = seconds[char]
                    seconds[char] = (
                        None if known is None or following is None else known | following
                    )
        scans = [re.compile(_trie(sorted(heads)))] if heads else []
        branches = []
        for char, following_chars in sorted(seconds.items()):
            after = ""
            if following_chars is not None:
                after = "(?=[" + "".join(re.escape(c) for c in sorted(following_chars)) + "])"
            branches.append(f"{re.escape(char)}{after}(?<![a-z0-9].)")
        if branches:
            # A separate scan: mixed with the heads it would slow their first-letter search.
            scans.append(re.compile("|".join(branches)))
        return tuple(scans)

    def _candidates(self, text: str, folded: str) -> list[int]:
        if self._scans is None:
            assert self._starts is not None
            return [m.start() for m in self._starts.finditer(text)]
        found = [[m.start() for m in scan.finditer(folded)] for scan in self._scans]
        if len(found) == 1:
            return found[0]
        return sorted({at for starts in found for at in starts})

    def find(self, text: str, folded: str | None = None) -> tuple[Match[T], ...]:  # noqa: PLR0912
        """Every non-overlapping hit, in text order (leftmost first, longest entry first).

        ``folded`` is ``fold(text)`` (``composer.core.text.folding``) when the caller has it.
        """
        if self._starts is None:
            return ()
        if folded is None:
            folded = fold(text)
        out: list[Match[T]] = []
        pos = 0
        by_char = self._by_char
        known = self._ids_by_char
        allowed = self._allowed
        starts = self._starts
        exact = not self._scan_all
        for at in self._candidates(text, folded):
            if at < pos:
                continue
            char = text[at].lower()
            if exact:
                if char not in known:
                    continue  # a plain scan finds no entry for it either
                limits = allowed[char]
                if limits is not None:
                    # The fold keeps positions: its slice is the fold of the text's slice.
                    for k, ok in limits:
                        if folded[at : at + k] in ok:
                            break
                    else:
                        continue
                # The plain scan's test: a word start (the character itself is one of
                # the entries' first characters, as it is in ``by_char``).
                before = text[at - 1] if at else ""
                if before.isascii():
                    if before.isalnum():
                        continue
                elif starts.match(text, at) is None:
                    continue
            pattern = by_char.get(char)
            if pattern is None:
                pattern = self._pattern_for(char)
            m = pattern.match(text, at) if pattern is not None else None
            if m is None or m.end() == at:
                continue
            group = m.lastgroup
            if group is not None:
                out.append(Match(at, m.end(), m.group(), self._payloads[int(group[1:])]))
            pos = m.end()
        return tuple(out)


def _trie(words: list[str]) -> str:
    """A regex matching exactly ``words``, shaped as a trie (one branch per first letter)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_source(root)


def _trie_source(node: dict[str, Any]) -> str:
    alternatives = [
        re.escape(char) + _trie_source(child) for char, child in sorted(node.items()) if char
    ]
    if not alternatives:
        return ""
    core = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{core})?" if "" in node else core


def _allowed_prefixes(entries: list[_Entry[Any]]) -> tuple[Prefixes, ...] | None:
    """What the entries' matches can begin with, by prefix length (``None``: anything)."""
    by_length: dict[int, set[str]] = {}
    for e in entries:
        if e.head is not None and len(e.head) >= 2:
            length = min(len(e.head), 3)
            by_length.setdefault(length, set()).add(e.head[:length])
        elif e.prefixes is not None:
            length, prefixes = e.prefixes
            by_length.setdefault(length, set()).update(prefixes)
        else:
            return None
    return tuple((length, frozenset(prefixes)) for length, prefixes in sorted(by_length.items()))


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


@cache
def _letter_class(letter: str, *, maskable: bool) -> str:
    chars = _LEET.get(letter, letter) + (_MASKS if maskable else "")
    return "[" + "".join(_escape_char(c) for c in chars) + "]+"


def _leet_firsts(term: str) -> frozenset[str]:
    first = term.strip().lower()[:1]
    return frozenset(_LEET.get(first, first))


def _leet_prefixes(term: str) -> Prefixes | None:
    """The characters (folded) a :func:`leet_pattern` match can start with.

    Each letter's class repeats, so the second character is from the first class or the
    second, the third from any of the first three: three characters for terms of three
    letters or more, two for two; unknown for one letter or characters outside ASCII.
    """
    word = term.strip().lower().removesuffix("*")
    letters = [c for c in word if not c.isspace()]
    if len(letters) < 2:
        return None
    classes = [
        _LEET.get(letter, letter) + (_MASKS if 0 < i < len(letters) - 1 else "")
        for i, letter in enumerate(letters[:3])
    ]
    if not "".join(classes).isascii():
        return None
    first = classes[0].lower()
    second = (classes[0] + classes[1]).lower()
    if len(classes) == 2:
        return (2, frozenset(a + b for a in first for b in second))
    third = (classes[0] + classes[1] + classes[2]).lower()
    return (3, frozenset(a + b + c for a in first for b in second for c in third))


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
    # Not inside a word or a masked word ("sh#t"), but a hashtag's text is read ("#damn").
    before = r"(?<![\p{L}\p{N}@$*#])|(?<=(?<![\p{L}\p{N}@$*#])[#＃])"
    return rf"(?:{before}){''.join(pieces)}{tail}(?![\p{{L}}\p{{N}}*])"


class ProfanityMatcher:
    """Finds rated profanity, leetspeak-aware, skipping an allow-list."""

    def __init__(self, terms: Sequence[tuple[str, int]], allow: Iterable[str] = ()) -> None:
        """Compile ``terms`` (term, rating); terms in ``allow`` are never reported."""
        allowed = {a.strip().lower() for a in allow}
        self._allow = frozenset(allowed)
        kept = [(t, r) for t, r in terms if t.rstrip("*") not in allowed]
        self._matcher: PhraseMatcher[tuple[str, int]] = PhraseMatcher(
            (),
            patterns=[
                RawPattern(leet_pattern(t), (t.rstrip("*"), r), _leet_firsts(t), _leet_prefixes(t))
                for t, r in kept
            ],
        )

    def compile_all(self) -> None:
        """Compile every pattern now (see :meth:`PhraseMatcher.compile_all`)."""
        self._matcher.compile_all()

    def find(self, text: str, folded: str | None = None) -> tuple[Match[tuple[str, int]], ...]:
        """Hits with payload ``(term, rating)``; surface forms in the allow-list are dropped.

        ``folded`` is ``fold(text)`` when the caller has it already.
        """
        hits = self._matcher.find(text, folded)
        if not hits or not self._allow:
            return hits
        return tuple(m for m in hits if m.text.lower() not in self._allow)
