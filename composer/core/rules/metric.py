"""``metric``: a formula over counts of the text (words, sentences...) and a condition."""

from __future__ import annotations

import functools
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
from composer.core.rules.context import RuleContext, words
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
_SENTENCE = regex.compile(r"[.!?\u2026]+(?=\s|$)")


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
    metric rules over the same block count it once.
    """
    holder = cache_in or ctx
    key = f"metric:{text}"
    if holder is not None and key in holder.cache:
        values: dict[str, float] = holder.cache[key]
    else:
        values = _measure(text)
        if holder is not None:
            holder.cache[key] = values
    if ctx is not None:
        values = {**values, **_entity_counts(ctx)}
    return values


def _entity_counts(ctx: RuleContext) -> dict[str, float]:
    return {
        name: float(len(ctx.entity_spans(kind)))
        for name, kind in (
            ("hashtags", "hashtag"),
            ("mentions", "mention"),
            ("urls", "url"),
            ("cashtags", "cashtag"),
            ("emoji", "emoji"),
        )
    }


def _measure(text: str) -> dict[str, float]:
    spans = words(text)
    word_list = [text[s:e] for s, e in spans]
    syl = [syllables(w) for w in word_list]
    stripped = text.rstrip()
    sentences = len(_SENTENCE.findall(stripped))
    if stripped and not stripped.endswith((".", "!", "?", "\u2026")):
        sentences += 1
    values: dict[str, float] = dict.fromkeys(VARIABLES, 0.0)
    values.update(
        words=float(len(word_list)),
        sentences=float(sentences),
        characters=float(sum(len(w) for w in word_list)),
        syllables=float(sum(syl)),
        polysyllabic_words=float(sum(1 for s in syl if s >= 3)),
        complex_words=float(
            sum(1 for w, s in zip(word_list, syl, strict=True) if s >= 3 and not w[0].isupper())
        ),
        long_words=float(sum(1 for w in word_list if len(w) > 6)),
        paragraphs=float(len([p for p in regex.split(r"\n\s*\n", text) if p.strip()])),
        blocks=1.0 if text.strip() else 0.0,
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
