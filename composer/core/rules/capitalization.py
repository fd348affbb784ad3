"""``capitalization``: title, sentence, lower or upper case, or a pattern, per block."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import regex

from composer.core.findings import Finding
from composer.core.rules.base import (
    CompiledRule,
    Converter,
    FieldError,
    Rule,
    as_float,
    as_pattern,
    as_str,
    as_str_tuple,
    check_pattern,
    compile_pattern,
    format_message,
)
from composer.core.rules.context import RuleContext

#: AP style: articles, short conjunctions and prepositions of three letters or fewer stay lower.
AP_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "en",
        "for",
        "if",
        "in",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "v",
        "v.",
        "vs",
        "vs.",
        "via",
        "up",
        "yet",
        "so",
    ]
)
#: Chicago style: articles, coordinating conjunctions and every preposition stay lower.
CHICAGO_SMALL_WORDS = AP_SMALL_WORDS | frozenset(
    [
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "among",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beside",
        "between",
        "beyond",
        "despite",
        "down",
        "during",
        "except",
        "from",
        "inside",
        "into",
        "like",
        "near",
        "off",
        "onto",
        "out",
        "outside",
        "over",
        "past",
        "since",
        "through",
        "throughout",
        "till",
        "toward",
        "towards",
        "under",
        "underneath",
        "until",
        "upon",
        "with",
        "within",
        "without",
    ]
)
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'\u2019.\-]*")
# The punctuation right after a word (where an indicator such as ":" is found).
_FOLLOWING = regex.compile(r"[^\s\p{L}\p{N}]*")
# A first word like "1." numbers a list item: as in Vale, the next word may be capitalised.
_NUMBERED = regex.compile(r"\d+\.")

#: One word of a block: its text, whether an exception covers it, and the punctuation after.
_Token = tuple[str, bool, str]


def _as_match(value: object) -> str:
    text = as_str(value)
    if text in {"$title", "$sentence", "$lower", "$upper"}:
        return text
    if text.startswith("$"):
        raise FieldError(f"unknown capitalization {text!r} (use $title, $sentence, $lower, $upper)")
    return check_pattern(text)


def _as_style(value: object) -> str:
    text = as_str(value)
    if text.lower() not in {"ap", "chicago"}:
        raise FieldError(f"unknown title style {text!r} (use AP or Chicago)")
    return "Chicago" if text.lower() == "chicago" else "AP"


@dataclass(frozen=True, slots=True)
class CapitalizationRule(Rule):
    """Checks each block of the scope (each entity for entity scopes) against ``match``.

    ``$title`` (``style`` AP or Chicago), ``$sentence`` (``indicators`` end a clause so the
    next word may be capitalised), ``$lower``, ``$upper`` or a regular expression that must be
    found. ``exceptions`` are words or phrases always accepted as written, as are the guide's
    accepted terms; ``threshold`` is the share of words that must conform (default 0.8). In
    ``$sentence`` the first word must be capitalised whatever the threshold (as in Vale),
    and a list number such as ``1.`` lets the next word be. ``prefix`` is a pattern for a
    start of the block to ignore. ``%s`` is the block's text.
    """

    extends: ClassVar[str] = "capitalization"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "match": _as_match,
        "style": _as_style,
        "exceptions": as_str_tuple,
        "indicators": as_str_tuple,
        "threshold": as_float,
        "prefix": as_pattern,
    }

    match: str = "$title"
    style: str = "AP"
    exceptions: tuple[str, ...] = ()
    indicators: tuple[str, ...] = (":",)
    threshold: float = 0.8
    prefix: str = ""

    def compile(self) -> CompiledRule:
        """Prepare the check once."""
        return CompiledCapitalization(self)


class CompiledCapitalization(CompiledRule):
    """A capitalization rule ready to run."""

    def __init__(self, rule: CapitalizationRule) -> None:
        super().__init__(rule)
        self.spec = rule
        self.exceptions = _phrases(rule.exceptions)
        self.small = CHICAGO_SMALL_WORDS if rule.style == "Chicago" else AP_SMALL_WORDS
        self.pattern = None if rule.match.startswith("$") else compile_pattern(rule.match)
        self.prefix = compile_pattern(rule.prefix) if rule.prefix else None

    def conforms(
        self,
        text: str,
        timeout: float | None = None,
        *,
        accepted: regex.Pattern[str] | None = None,
        after_entity: bool = False,
    ) -> bool:
        """Whether ``text`` has the required capitalisation.

        ``accepted`` finds the guide's accepted terms (exceptions too); ``after_entity``
        says a masked entity (a mention, a hashtag...) came just before ``text``, so its
        first word is not the first of the block and may take either case.
        """
        match = self.spec.match
        if self.pattern is not None:
            return self.pattern.search(text, timeout=timeout) is not None
        if match == "$lower":
            return text == text.lower()
        if match == "$upper":
            return text == text.upper()
        if self.prefix is not None:
            start = self.prefix.match(text, timeout=timeout)
            if start is not None:
                text, after_entity = text[start.end() :], False
        tokens = self._tokens(text, accepted, timeout)
        if not tokens:
            return True
        if match == "$title":
            good = sum(self._title_ok(i, t, len(tokens)) for i, t in enumerate(tokens))
        else:
            good = self._sentence_good(tokens, after_entity=after_entity)
        return good / len(tokens) >= self.spec.threshold

    def _tokens(
        self, text: str, accepted: regex.Pattern[str] | None, timeout: float | None
    ) -> list[_Token]:
        """The words of ``text``; an exception found in it is one word, always accepted."""
        spans: list[tuple[int, int]] = []
        for pattern in (self.exceptions, accepted):
            if pattern is not None:
                spans.extend(m.span() for m in pattern.finditer(text, timeout=timeout))
        spans.sort(key=lambda s: (s[0], -s[1]))
        tokens: list[_Token] = []
        covered = 0  # everything before this index is already in a token
        index = 0
        for m in _WORD.finditer(text):
            if m.start() < covered:
                continue
            while index < len(spans) and spans[index][1] <= m.start():
                index += 1
            if index < len(spans) and spans[index][0] <= m.start() < spans[index][1]:
                start, covered = spans[index]
                following = _FOLLOWING.match(text, covered)
                tail = following.group() if following else ""
                tokens.append((text[start:covered], True, tail))
                continue
            following = _FOLLOWING.match(text, m.end())
            tokens.append((m.group(), False, following.group() if following else ""))
        return tokens

    def _title_ok(self, index: int, token: _Token, total: int) -> bool:
        word, excepted, _ = token
        if excepted or not word[0].isalpha():
            return True
        if word.isupper() and len(word) > 1:
            return True
        if 0 < index < total - 1 and word.lower() in self.small:
            return word == word.lower()
        return word[0].isupper()

    def _sentence_good(self, tokens: list[_Token], *, after_entity: bool) -> int:
        """How many words conform; 0 when the first word is not capitalised (Vale)."""
        good = 0
        after_indicator = after_entity
        for i, (word, excepted, following) in enumerate(tokens):
            if excepted or not word[0].isalpha() or after_indicator:
                ok = True
            elif i == 0:
                if not word[0].isupper():
                    return 0
                ok = True
            else:
                ok = word == word.lower() or (word.isupper() and len(word) > 1)
            good += ok
            written = word + following
            after_indicator = any(written.endswith(ind) for ind in self.spec.indicators) or (
                i == 0 and _NUMBERED.fullmatch(written.rstrip()) is not None
            )
        return good

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Flag each block that does not conform."""
        out: list[Finding] = []
        for scope in self.spec.scope:
            for offset, block in ctx.entity_blocks(scope):
                stripped = block.strip()
                if not stripped:
                    continue
                start = offset + (len(block) - len(block.lstrip()))
                # Masked entities are spaces in the view: is one just before the first word?
                after_entity = not ctx.text[offset:start].isspace() and start > offset
                if self.conforms(
                    stripped, ctx.timeout, accepted=ctx.accepted, after_entity=after_entity
                ):
                    continue
                message = format_message(self.spec.message, stripped)
                out.append(self.spec.finding(start, start + len(stripped), message))
        return self.limited(out)


def _phrases(exceptions: tuple[str, ...]) -> regex.Pattern[str] | None:
    """A pattern finding any exception as written (longest first), or ``None``."""
    if not exceptions:
        return None
    body = "|".join(regex.escape(e) for e in sorted(exceptions, key=len, reverse=True))
    return compile_pattern(rf"(?<![\p{{L}}\p{{N}}])(?:{body})(?![\p{{L}}\p{{N}}])")
