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
    found. ``exceptions`` are words always accepted as written; ``threshold`` is the share of
    words that must conform (default 0.8). ``%s`` is the block's text.
    """

    extends: ClassVar[str] = "capitalization"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "match": _as_match,
        "style": _as_style,
        "exceptions": as_str_tuple,
        "indicators": as_str_tuple,
        "threshold": as_float,
        "prefix": as_str,
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
        self.exceptions = frozenset(rule.exceptions)
        self.small = CHICAGO_SMALL_WORDS if rule.style == "Chicago" else AP_SMALL_WORDS
        self.pattern = None if rule.match.startswith("$") else compile_pattern(rule.match)

    def conforms(self, text: str, timeout: float | None = None) -> bool:
        """Whether ``text`` has the required capitalisation."""
        match = self.spec.match
        if self.pattern is not None:
            return self.pattern.search(text, timeout=timeout) is not None
        if match == "$lower":
            return text == text.lower()
        if match == "$upper":
            return text == text.upper()
        words = [m.group() for m in _WORD.finditer(text.removeprefix(self.spec.prefix))]
        if not words:
            return True
        if match == "$title":
            good = sum(self._title_ok(i, w, len(words)) for i, w in enumerate(words))
        else:
            good = self._sentence_good(words)
        return good / len(words) >= self.spec.threshold

    def _title_ok(self, index: int, word: str, total: int) -> bool:
        if word in self.exceptions or not word[0].isalpha():
            return True
        if word.isupper() and len(word) > 1:
            return True
        if 0 < index < total - 1 and word.lower() in self.small:
            return word == word.lower()
        return word[0].isupper()

    def _sentence_good(self, words: list[str]) -> int:
        good = 0
        after_indicator = False
        for i, word in enumerate(words):
            if word in self.exceptions or not word[0].isalpha():
                ok = True
            elif i == 0:
                ok = word[0].isupper()
            elif after_indicator:
                ok = True
            else:
                ok = word == word.lower() or (word.isupper() and len(word) > 1)
            good += ok
            after_indicator = any(word.endswith(ind) for ind in self.spec.indicators)
        return good

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Flag each block that does not conform."""
        out: list[Finding] = []
        for scope in self.spec.scope:
            for offset, block in ctx.entity_blocks(scope):
                stripped = block.strip()
                if not stripped or self.conforms(stripped, ctx.timeout):
                    continue
                start = offset + (len(block) - len(block.lstrip()))
                message = format_message(self.spec.message, stripped)
                out.append(self.spec.finding(start, start + len(stripped), message))
        return self.limited(out)
