"""Offline spelling: grammar mode ``offline``, and the fallback when LanguageTool fails.

Mode ``offline`` is the default of new workspaces: it needs no set-up and no network.

Uses ``pyspellchecker`` (MIT), whose word-frequency dictionaries ship inside the package, so
nothing is downloaded. The guide's accepted vocabulary is added to the dictionary. Findings
have ``source=grammar`` and the rule id :data:`OFFLINE_RULE`.

Skipped on purpose: URLs, mentions, hashtags and cashtags; numbers and words with digits;
all-caps acronyms; accepted vocabulary in any case.

Accepted vocabulary terms are patterns, as in Vale's ``accept.txt`` (``[Tt]railPro``,
``AcmeGear(s)?``); :class:`AcceptedVocabulary` finds them in any case, for this fallback and
for LanguageTool's answers alike.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

import regex
from spellchecker import SpellChecker

from composer.core.findings import Finding, Level, Source
from composer.core.rules.base import accepted_pattern
from composer.core.tone.entities import find_entities
from composer.services.grammar_status import (
    OFFLINE,
    UNAVAILABLE,
    GrammarResult,
    GrammarUnavailable,
)
from composer.services.spelling_cache import load_dictionary, load_known_words

OFFLINE_RULE = "Spelling.Offline"
MAX_SUGGESTIONS = 5
#: Languages whose dictionary ships with pyspellchecker.
LANGUAGES = ("ar", "de", "en", "es", "eu", "fa", "fr", "it", "lv", "nl", "pt", "ru")

# Letters, optionally joined by an apostrophe ("don't", "brand’s").
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*")
# A dictionary only judges words in its own script ("中文" is not an English misspelling).
_SCRIPTS = {"ar": "Arabic", "fa": "Arabic", "ru": "Cyrillic"}
# Long unknown words make edit-distance-2 candidate generation slow (about 1 s for 13
# letters); above this length only distance-1 suggestions are computed.
_DISTANCE_TWO_MAX = 8

# Seconds an accepted-vocabulary pattern may run on one text (a guide's pattern may backtrack).
_VOCABULARY_TIMEOUT = 0.05

_load_lock = threading.Lock()
_dictionaries: dict[str, SpellChecker] = {}
_indexed: dict[str, SpellChecker] = {}


def language_code(language: str) -> str:
    """``en-US`` -> ``en``: the dictionary a LanguageTool language code maps to."""
    return language.replace("_", "-").split("-")[0].lower()


def supports(language: str) -> bool:
    """True when a dictionary for ``language`` ships with the package."""
    return language_code(language) in LANGUAGES


class AcceptedVocabulary:
    """Where the guide's accepted terms occur in a text, in any case.

    Args:
        terms: ``vocabulary.accept``: patterns, as in Vale (a plain word is a pattern too).
    """

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = tuple(terms)
        # A term written as plain text ("C++") also counts literally.
        self._literal = frozenset(t.lower() for t in self.terms)
        found = accepted_pattern(self.terms)
        # Case-insensitive: the style checker (Vale.Terms) is what enforces the exact case.
        self._pattern = (
            None if found is None else regex.compile(found.pattern, found.flags | regex.IGNORECASE)
        )

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The ``(start, end)`` of every accepted term in ``text``."""
        if self._pattern is None:
            return []
        try:
            return [
                m.span()
                for m in self._pattern.finditer(text, timeout=_VOCABULARY_TIMEOUT)
                if m.end() > m.start()
            ]
        except TimeoutError:
            return []

    def covers(self, text: str, start: int, end: int) -> bool:
        """True when ``text[start:end]`` is, or lies inside, an accepted term."""
        flagged = text[start:end].strip()
        if flagged.lower() in self._literal:
            return True
        if self._pattern is None:
            return False
        try:
            if flagged and self._pattern.fullmatch(flagged, timeout=_VOCABULARY_TIMEOUT):
                return True
        except TimeoutError:
            return False
        return any(s <= start and end <= e for s, e in self.spans(text))


class OfflineSpeller:
    """Spelling findings from the packaged dictionary.

    Args:
        language: A LanguageTool-style code such as ``en-US``.
        accepted_vocabulary: Brand terms that are always spelled right.

    Raises:
        ValueError: no dictionary ships for ``language``.
    """

    def __init__(self, language: str = "en-US", accepted_vocabulary: Iterable[str] = ()) -> None:
        code = language_code(language)
        if code not in LANGUAGES:
            raise ValueError(
                f"no offline dictionary for language {language!r} "
                f"(available: {', '.join(LANGUAGES)})"
            )
        self.language = language
        accepted_vocabulary = tuple(accepted_vocabulary)
        self._accepted = {w.lower() for term in accepted_vocabulary for w in _words_of(term)}
        self._vocabulary = AcceptedVocabulary(accepted_vocabulary)
        self._code = code
        # Over the known-words file when there is one: the dictionary's table is loaded
        # only for suggestions two edits away.
        self._words = _words(code)
        self._script = regex.compile(rf"\p{{Script={_SCRIPTS.get(code, 'Latin')}}}")
        self._suggestions: dict[str, tuple[str, ...]] = {}

    def is_known(self, word: str) -> bool:
        """True when ``word`` is accepted vocabulary or in the dictionary (any case)."""
        lower = word.lower().replace("’", "'")
        return lower in self._accepted or lower in self._words

    def suggestions(self, word: str) -> tuple[str, ...]:
        """Up to five corrections, most frequent first, in the word's own capitalisation."""
        lower = word.lower().replace("’", "'")
        if lower not in self._suggestions:
            self._suggestions[lower] = self._candidates(lower)
        return tuple(_same_case(word, s) for s in self._suggestions[lower])

    def check(self, text: str) -> tuple[Finding, ...]:
        """Spelling findings for ``text`` (Python spans)."""
        skipped = [(e.start, e.end) for e in find_entities(text)]
        skipped += self._vocabulary.spans(text)
        findings: list[Finding] = []
        for match in _WORD.finditer(text):
            start, end = match.span()
            word = match.group()
            if _skip(text, start, end, word) or any(s < end and start < e for s, e in skipped):
                continue
            if not self._script.search(word):
                continue
            if self.is_known(word):
                continue
            findings.append(
                Finding(
                    rule=OFFLINE_RULE,
                    level=Level.WARNING,
                    message=f"Possible spelling mistake: '{word}'.",
                    start=start,
                    end=end,
                    source=Source.GRAMMAR,
                    replacements=self.suggestions(word),
                    description="Spelling (offline dictionary)",
                )
            )
        return tuple(findings)

    def _candidates(self, lower: str) -> tuple[str, ...]:
        checker = self._words
        found: set[str] = set(checker.edit_distance_1(lower)) if len(lower) > 1 else set()
        known = checker.known(found)
        if not known and len(lower) <= _DISTANCE_TWO_MAX:
            # Hundreds of thousands of strings: the dictionary's table answers them faster.
            checker = _dictionary(self._code)
            known = checker.known(checker.edit_distance_2(lower))
        ranked = sorted(known, key=lambda w: (-checker.word_usage_frequency(w), w))
        return tuple(ranked[:MAX_SUGGESTIONS])


def no_dictionary_message(language: str) -> str:
    """Why mode ``offline`` checks nothing for ``language``."""
    return (
        f"no offline dictionary for the guide's language {language!r}: choose LanguageTool "
        "(local or server) in Settings"
    )


class OfflineSpelling:
    """Grammar mode ``offline`` as a grammar service: ``check`` gives a ``GrammarResult``.

    The window's grammar worker runs it like ``GrammarService`` (which uses it for the same
    mode), without loading the LanguageTool client.
    """

    #: The grammar mode this service is.
    mode = "offline"

    def __init__(self, language: str = "en-US", accepted_vocabulary: Iterable[str] = ()) -> None:
        self.language = language
        self.accepted = tuple(accepted_vocabulary)
        self._speller: OfflineSpeller | None = None

    def check(self, text: str) -> GrammarResult:
        """Spelling findings from the packaged dictionary; nothing else, no network."""
        if not supports(self.language):
            problem = GrammarUnavailable(no_dictionary_message(self.language), "config")
            return GrammarResult(text, (), UNAVAILABLE, f"{problem}.", problem)
        if self._speller is None:
            self._speller = OfflineSpeller(self.language, self.accepted)
        return GrammarResult(
            text,
            self._speller.check(text),
            OFFLINE,
            "Spelling is checked with the offline dictionary (grammar needs LanguageTool)",
        )

    def close(self) -> None:
        """Nothing to stop: the dictionary stays loaded for the process."""


class CliSpelling:
    """Grammar mode ``offline`` for one ``brand-composer check`` run.

    The face of ``grammar.CliGrammar`` (``findings``, ``close``) without loading the
    LanguageTool client and its HTTP stack, which offline spelling never uses: ``check`` in a
    new workspace starts as quickly as with grammar off.
    """

    def __init__(self, language: str, accepted_vocabulary: Iterable[str] = ()) -> None:
        self._speller = (
            OfflineSpeller(language, accepted_vocabulary) if supports(language) else None
        )
        self._warning: str | None = None if supports(language) else no_dictionary_message(language)

    def findings(self, text: str) -> tuple[list[Finding], str | None]:
        """Spelling findings for ``text``, and (the first time only) why there are none."""
        if self._speller is None:
            warning, self._warning = self._warning, None
            return [], warning
        return list(self._speller.check(text)), None

    def close(self) -> None:
        """Nothing to stop: the dictionary stays loaded for the process."""


def _dictionary(code: str) -> SpellChecker:
    # One read-only dictionary per language for the whole process (about 0.2 s to read from
    # the package, 0.04 s from the cache folder: see spelling_cache).
    with _load_lock:
        checker = _dictionaries.get(code)
        if checker is None:
            checker = load_dictionary(code)
            _dictionaries[code] = checker
        return checker


def _words(code: str) -> SpellChecker:
    """The speller of language ``code`` for known words and distance-1 suggestions.

    The dictionary if it is loaded, else one over its known-words file (see
    ``spelling_cache``: it answers the same, without building the 160,000-word table), else
    the dictionary, loaded now (which writes that file for the next run).
    """
    with _load_lock:
        speller = _dictionaries.get(code)
        if speller is None:
            speller = _indexed.get(code)
        if speller is None:
            index = load_known_words(code)
            if index is not None:
                speller = _indexed[code] = index.speller()
    return _dictionary(code) if speller is None else speller


def _words_of(term: str) -> list[str]:
    return [m.group() for m in _WORD.finditer(term)]


def _skip(text: str, start: int, end: int, word: str) -> bool:
    if len(word) < 2 or (word.isupper() and len(word) > 1):
        return True
    # Glued to digits ("4K", "mp3", "2nd") or to a URL-ish/handle character.
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return bool(
        (before and (before.isdigit() or before in "@#$_/\\."))
        or (after and (after.isdigit() or after in "_@/\\"))
    )


def _same_case(original: str, suggestion: str) -> str:
    if original.isupper():
        return suggestion.upper()
    if original[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
