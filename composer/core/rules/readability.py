"""``readability``: Vale's grade-level rule, the mean of named readability metrics.

As Vale: ``metrics`` names one or more of Gunning Fog, Coleman-Liau, Flesch-Kincaid, SMOG
and Automated Readability; their mean over a block is compared with ``grade`` and a block
above it is one finding, ``%s`` being the grade with two decimals. The counts are the ones
the ``metric`` rules use (:func:`composer.core.rules.metric.measure`), so a readability rule
gives the same value as the equivalent ``metric`` rule of Vale's Readability package; the
Flesch-Kincaid formula is the one the tone meter shows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from composer.core.findings import Finding
from composer.core.rules.base import (
    CompiledRule,
    Converter,
    FieldError,
    Rule,
    as_float,
    as_str_tuple,
    format_message,
)
from composer.core.rules.context import RuleContext
from composer.core.rules.metric import measure

Counts = Mapping[str, float]


def flesch_kincaid(c: Counts) -> float:
    """Flesch-Kincaid grade level."""
    return 0.39 * (c["words"] / c["sentences"]) + 11.8 * (c["syllables"] / c["words"]) - 15.59


def gunning_fog(c: Counts) -> float:
    """Gunning Fog index (complex words: three syllables or more, not capitalised)."""
    return 0.4 * ((c["words"] / c["sentences"]) + 100 * (c["complex_words"] / c["words"]))


def coleman_liau(c: Counts) -> float:
    """Coleman-Liau index (letters and sentences per hundred words)."""
    letters = c["characters"] / c["words"] * 100
    sentences = c["sentences"] / c["words"] * 100
    return 0.0588 * letters - 0.296 * sentences - 15.8


def smog(c: Counts) -> float:
    """SMOG grade."""
    return 1.0430 * math.sqrt(c["polysyllabic_words"] * 30.0 / c["sentences"]) + 3.1291


def automated_readability(c: Counts) -> float:
    """Automated Readability Index."""
    return 4.71 * (c["characters"] / c["words"]) + 0.5 * (c["words"] / c["sentences"]) - 21.43


#: Vale's metric names, as written in ``metrics``.
METRICS: Mapping[str, Callable[[Counts], float]] = {
    "Gunning Fog": gunning_fog,
    "Coleman-Liau": coleman_liau,
    "Flesch-Kincaid": flesch_kincaid,
    "SMOG": smog,
    "Automated Readability": automated_readability,
}


def _as_metrics(value: object) -> tuple[str, ...]:
    names = as_str_tuple(value)
    if not names:
        raise FieldError("name at least one metric")
    for name in names:
        if name not in METRICS:
            known = ", ".join(METRICS)
            raise FieldError(f"unknown metric {name!r} (known: {known})")
    return names


def grade_of(text: str, metrics: tuple[str, ...], ctx: RuleContext | None = None) -> float | None:
    """The mean of ``metrics`` over ``text``; ``None`` for a text without words."""
    counts = measure(text, ctx)
    if counts["words"] <= 0 or counts["sentences"] <= 0:
        return None
    return sum(METRICS[name](counts) for name in metrics) / len(metrics)


@dataclass(frozen=True, slots=True)
class ReadabilityRule(Rule):
    """Flags a block whose mean grade over ``metrics`` is above ``grade``."""

    extends: ClassVar[str] = "readability"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {"metrics": _as_metrics, "grade": as_float}

    metrics: tuple[str, ...] = ("Flesch-Kincaid",)
    grade: float = 8.0

    def compile(self) -> CompiledRule:
        """Nothing to build: the formulas are fixed."""
        return CompiledReadability(self)


class CompiledReadability(CompiledRule):
    """A readability rule, ready to run."""

    def __init__(self, rule: ReadabilityRule) -> None:
        super().__init__(rule)
        self.spec = rule

    def run(self, ctx: RuleContext) -> list[Finding]:
        """One finding per block above the grade, over the block."""
        out: list[Finding] = []
        for scope in self.spec.scope:
            for offset, block in ctx.blocks(scope):
                if not block.strip():
                    continue
                value = grade_of(block, self.spec.metrics, ctx)
                if value is None or value <= self.spec.grade:
                    continue
                start = offset + (len(block) - len(block.lstrip()))
                end = offset + len(block.rstrip())
                message = format_message(self.spec.message, f"{value:.2f}")
                out.append(self.spec.finding(start, end, message))
        return self.limited(out)
