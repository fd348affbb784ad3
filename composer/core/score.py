"""The brand score: one number, 0 to 100, for how well a draft follows the guide.

In the spirit of Acrolinx's goal scores, findings cost points by severity and the cost is
spread over the length of the text, so one slip in a long post costs less than in a short
one. The formula::

    penalty = 10 * errors + 4 * warnings + 1 * suggestions
    size    = max(words - shortening, 10)
    score   = 100 * size / (size + penalty)

and a draft over its length limit is capped at 50 (it cannot be posted as it is). No findings
give 100. A finding counts once however many places it marks (30 emoji over a limit are one
warning). ``shortening`` is how many words the drafts' suggested fixes would remove (for each
finding with a fix, the words of its span minus the words of its first fix, when that is
more): the size is measured as if those fixes were made, so that making one never lowers the
score. The score is deterministic and monotone: adding a finding, or making one more severe,
never raises it. Rounded to one decimal. :func:`explain_score` gives the same number with
each finding's weight, for the window's tooltip and ``check --format json``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from composer.core.findings import Finding, Level, Report

#: Points each finding costs, by level.
WEIGHTS = {Level.ERROR: 10.0, Level.WARNING: 4.0, Level.SUGGESTION: 1.0}
#: Texts shorter than this many words are scored as if they had this many.
MIN_WORDS = 10
#: The highest score an over-limit draft can get.
OVER_LIMIT_CAP = 50.0
_WORD = regex.compile(r"[\p{L}\p{N}]+(?:['\u2019\-][\p{L}\p{N}]+)*")


def brand_score(
    findings: Iterable[Finding],
    text: str,
    weighted_length: float,
    limit: float,
    *,
    pieces: Iterable[str] | None = None,
) -> float:
    """Score ``text`` given its ``findings`` (see the module docstring for the formula).

    Args:
        findings: Everything the checks found.
        text: The draft.
        weighted_length: Its length as the account counts it.
        limit: The account's limit in the same units.
        pieces: Optionally, pieces of ``text`` that hold every word the score counts, each
            whole, in order (the metric words do, see :func:`count_words`).

    Returns:
        A score from 0 to 100.
    """
    findings = tuple(findings)
    penalty = sum(WEIGHTS[f.level] for f in findings)
    if penalty:
        size = max(count_words(text, pieces) - shortening(findings, text), MIN_WORDS)
        score = 100.0 * size / (size + penalty)
    else:
        score = 100.0  # what the formula gives for any size: no need to count words
    if limit > 0 and weighted_length > limit:
        score = min(score, OVER_LIMIT_CAP)
    return round(score, 1)


def shortening(findings: Iterable[Finding], text: str) -> int:
    """Words the findings' first fixes would remove from ``text`` (see the module docstring).

    A finding with a fix counts ``max(0, words(span) - words(fix))``; several findings over
    one span count once.
    """
    removed = 0
    seen: set[tuple[int, int]] = set()
    for f in findings:
        if not f.replacements or (f.start, f.end) in seen:
            continue
        seen.add((f.start, f.end))
        removed += max(0, _piece_words(text[f.start : f.end]) - _piece_words(f.replacements[0]))
    return removed


@dataclass(frozen=True, slots=True)
class ScoreExplanation:
    """How a score was computed: each finding's weight, the size and the cap.

    Attributes:
        score: The brand score, as :func:`brand_score` gives it.
        weights: ``(finding, points it costs)`` in the findings' order.
        penalty: The sum of the weights.
        words: Words counted in the text.
        shortening: Words the suggested fixes would remove (see the module docstring).
        size: ``max(words - shortening, MIN_WORDS)``.
        capped: The draft is over its limit, so the score is at most ``OVER_LIMIT_CAP``.
    """

    score: float
    weights: tuple[tuple[Finding, float], ...]
    penalty: float
    words: int
    shortening: int
    size: int
    capped: bool

    def lines(self) -> list[str]:
        """The explanation in plain sentences, one per line (the score tooltip)."""
        out = [f"Brand score {self.score:.1f} of 100"]
        if not self.weights:
            out.append("No findings: nothing is taken off.")
        else:
            out.append(
                f"= 100 × size {self.size} / (size {self.size} + penalty {_points(self.penalty)})"
            )
            size = f"size: {self.words} words"
            if self.shortening:
                size += f" less {self.shortening} that the suggested fixes remove"
            out.append(f"{size}, at least {MIN_WORDS}")
            for finding, weight in self.weights:
                out.append(f"  {_points(weight)} for {finding.level.value} {finding.rule}")
        if self.capped:
            out.append(f"Over the length limit: at most {OVER_LIMIT_CAP:.0f}.")
        return out


def _points(value: float) -> str:
    return f"{value:g}"


def explain_score(
    findings: Iterable[Finding], text: str, weighted_length: float, limit: float
) -> ScoreExplanation:
    """:func:`brand_score` with its workings: each finding's weight, the size and the cap."""
    counted = tuple(findings)
    weights = tuple((f, WEIGHTS[f.level]) for f in counted)
    penalty = sum(w for _, w in weights)
    words = count_words(text)
    removed = shortening(counted, text)
    return ScoreExplanation(
        score=brand_score(counted, text, weighted_length, limit),
        weights=weights,
        penalty=penalty,
        words=words,
        shortening=removed,
        size=max(words - removed, MIN_WORDS),
        capped=limit > 0 and weighted_length > limit,
    )


def explain_report(report: Report) -> ScoreExplanation:
    """:func:`explain_score` for a checker's report (its findings, text, length and limit)."""
    return explain_score(
        report.findings,
        report.text,
        report.metrics.get("weighted_length", 0.0),
        report.metrics.get("limit", 0.0),
    )


def count_words(text: str, pieces: Iterable[str] | None = None) -> int:
    """How many words the score counts in ``text``.

    ``pieces`` may be given instead of scanning ``text``: strings of ``text`` that together
    hold every counted word whole and nothing that could join two of them. The metric words
    (``metric.words_of``) are such pieces: a counted word is letters and digits joined by
    single apostrophes or hyphens, all of which a metric word continues over, and it starts
    with a letter or digit, where a metric word starts too. Counting per piece lets each
    piece's count be remembered.
    """
    if pieces is None:
        return len(_WORD.findall(text))
    return sum(map(_piece_words, pieces))


@functools.lru_cache(maxsize=16384)
def _piece_words(piece: str) -> int:
    """Counted words in one piece; remembered per piece (word-level and bounded)."""
    return len(_WORD.findall(piece))
