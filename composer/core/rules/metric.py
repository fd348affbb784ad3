"""``metric``: a formula over counts of the text (words, sentences...) and a condition."""

from __future__ import annotations

import functools
import re
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
    as_str,
    format_message,
)
from composer.core.rules.context import SPACES, RuleContext
from composer.core.rules.formula import FormulaError, parse_condition, parse_formula

#: The variables a formula may use: Vale's, plus tweet entities.
VARIABLES = frozenset(
    {
        "words",
        "sentences",
        "characters",
        "syllables",
        "complex_words",
        "long_words",
        "polysyllabic_words",
        "paragraphs",
        "blocks",
        "pre",
        "list",
        "blockquote",
        "heading_h1",
        "heading_h2",
        "heading_h3",
        "heading_h4",
        "heading_h5",
        "heading_h6",
        "hashtags",
        "mentions",
        "urls",
        "cashtags",
        "emoji",
    }
)
_VOWELS = regex.compile(r"[aeiouy]+")
# As ``[.!?\u2026]+(?=\s|$)`` in ``regex``, for the quicker ``re``.
_SENTENCE = re.compile(rf"[.!?\u2026]+(?=[{SPACES}]|$)")
_PARAGRAPH = regex.compile(r"\n\s*\n")
# The words of ``context.words`` (same pattern), as strings.
_WORDS = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'\u2019\-]*")


@functools.lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """An English syllable estimate: vowel groups, minus a silent final ``e``; at least 1."""
    w = word.lower()
    count = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def measure(
    text: str, ctx: RuleContext | None = None, cache_in: RuleContext | None = None
) -> dict[str, float]:
    """The metric variables of ``text`` (entity counts need the ``ctx``).

    With ``cache_in`` (or ``ctx``) the counts are remembered for that check, so several
    metric rules over the same block count it once. The dictionary returned may be shared
    with other callers in the same check: read it, do not change it.
    """
    holder = cache_in or ctx
    if holder is None:
        return _measure(text, _WORDS.findall(text))
    # Keyed by the block itself: rules share the same view object, whose hash is cached.
    store: dict[tuple[str, bool], dict[str, float]] = holder.cache.setdefault("metric", {})
    values = store.get((text, False))
    if values is None:
        values = store[(text, False)] = _measure(text, words_of(text, holder))
    if ctx is None:
        return values
    if holder is not ctx:
        return {**values, **_entity_counts(ctx)}
    merged = store.get((text, True))
    if merged is None:
        merged = store[(text, True)] = {**values, **_entity_counts(ctx)}
    return merged


def _entity_counts(ctx: RuleContext) -> dict[str, float]:
    return {
        name: float(ctx.entity_count(kind))
        for name, kind in (
            ("hashtags", "hashtag"),
            ("mentions", "mention"),
            ("urls", "url"),
            ("cashtags", "cashtag"),
            ("emoji", "emoji"),
        )
    }


_ZERO = dict.fromkeys(VARIABLES, 0.0)


def words_of(text: str, holder: RuleContext) -> list[str]:
    """The words metrics count in ``text`` (letters and digits with inner ``'`` and ``-``).

    Remembered in ``holder`` for its check; read the list, do not change it.
    """
    store: dict[str, list[str]] = holder.cache.setdefault("metric-words", {})
    found = store.get(text)
    if found is None:
        found = store[text] = _WORDS.findall(text)
    return found


def _measure(text: str, word_list: list[str]) -> dict[str, float]:
    syl = list(map(syllables, word_list))
    stripped = text.rstrip()
    sentences = len(_SENTENCE.findall(stripped))
    if stripped and not stripped.endswith((".", "!", "?", "\u2026")):
        sentences += 1
    # Every word has at least one syllable: the rest have three or more.
    polysyllabic = len(syl) - syl.count(1) - syl.count(2)
    complex_words = (
        sum(1 for w, s in zip(word_list, syl, strict=True) if s >= 3 and not w[0].isupper())
        if polysyllabic
        else 0
    )
    if "\n" in text:
        paragraphs = len([p for p in _PARAGRAPH.split(text) if p.strip()])
    else:
        paragraphs = 1 if stripped else 0
    values = _ZERO.copy()
    values.update(
        words=float(len(word_list)),
        sentences=float(sentences),
        characters=float(sum(map(len, word_list))),
        syllables=float(sum(syl)),
        polysyllabic_words=float(polysyllabic),
        complex_words=float(complex_words),
        long_words=float(len([w for w in word_list if len(w) > 6])),
        paragraphs=float(paragraphs),
        blocks=1.0 if stripped else 0.0,
    )
    return values


def _as_formula(value: object) -> str:
    text = as_str(value)
    try:
        parse_formula(text, VARIABLES)
    except FormulaError as exc:
        raise FieldError(str(exc)) from None
    return text


def _as_condition(value: object) -> str:
    text = as_str(value)
    try:
        parse_condition(text)
    except FormulaError as exc:
        raise FieldError(str(exc)) from None
    return text


@dataclass(frozen=True, slots=True)
class MetricRule(Rule):
    """Flags a block when ``formula`` evaluated over its counts meets ``condition``.

    ``%s`` is the value with two decimals.
    """

    extends: ClassVar[str] = "metric"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "formula": _as_formula,
        "condition": _as_condition,
    }

    formula: str = "0"
    condition: str = "> 0"

    def compile(self) -> CompiledRule:
        """Parse the formula and condition once."""
        return CompiledMetric(self)


class CompiledMetric(CompiledRule):
    """A metric rule with its formula parsed."""

    def __init__(self, rule: MetricRule) -> None:
        super().__init__(rule)
        self.spec = rule
        self.formula = parse_formula(rule.formula, VARIABLES)
        self.condition = parse_condition(rule.condition)

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Evaluate per block."""
        out: list[Finding] = []
        for scope in self.spec.scope:
            for offset, block in ctx.blocks(scope):
                if not block.strip():
                    continue
                value = self.formula(measure(block, ctx))
                if not self.condition(value):
                    continue
                start = offset + (len(block) - len(block.lstrip()))
                end = offset + len(block.rstrip())
                message = format_message(self.spec.message, f"{value:.2f}")
                out.append(self.spec.finding(start, end, message))
        return self.limited(out)
