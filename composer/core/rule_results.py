"""Rules against results (issue 18, item 3): does a rule firing go with better or worse results?

For an account and a period, each published post brings the rules that fired on the text
that went out (findings of its approved version: warnings allowed through with a reason,
suggestions, tone measures) and, once read from X, its engagement rate (engagements per
impression). For each rule: how many posts it fired on, and the median engagement rate of the
posts with it and without it, with how many posts each median is of. A median says nothing
about cause; with few posts it says little at all, so the counts are always given.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """A published post: the rules that fired on it and its engagement rate (``None``: unread)."""

    draft_id: int
    rules: frozenset[str]
    rate: float | None


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One rule over the period's published posts.

    Attributes:
        fired: Posts it fired on.
        with_rate: Of those, posts with a result read from X; ``median_with`` is theirs.
        without_rate: Posts it did not fire on that have a result; ``median_without`` is theirs.
    """

    rule: str
    fired: int
    with_rate: int
    median_with: float | None
    without_rate: int
    median_without: float | None

    @property
    def difference(self) -> float | None:
        """``median_with - median_without`` (``None`` when either is missing)."""
        if self.median_with is None or self.median_without is None:
            return None
        return self.median_with - self.median_without


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def rules_against_results(posts: Iterable[PostOutcome]) -> tuple[RuleResult, ...]:
    """Each rule that fired on any post, most often first (then by id)."""
    listed = list(posts)
    rules = sorted({r for p in listed for r in p.rules})
    out = []
    for rule in rules:
        with_rule = [p for p in listed if rule in p.rules]
        with_rates = [p.rate for p in with_rule if p.rate is not None]
        without_rates = [p.rate for p in listed if rule not in p.rules and p.rate is not None]
        out.append(
            RuleResult(
                rule,
                len(with_rule),
                len(with_rates),
                _median(with_rates),
                len(without_rates),
                _median(without_rates),
            )
        )
    return tuple(sorted(out, key=lambda r: (-r.fired, r.rule)))


__all__ = ["PostOutcome", "RuleResult", "rules_against_results"]
