"""The brand score: one number, 0 to 100, for how well a draft follows the guide.

In the spirit of Acrolinx's goal scores, findings cost points by severity and the cost is
spread over the length of the text, so one slip in a long post costs less than in a short
one. The formula::

    penalty = 10 * errors + 4 * warnings + 1 * suggestions
    size    = max(words, 10)
    score   = 100 * size / (size + penalty)

and a draft over its length limit is capped at 50 (it cannot be posted as it is). No findings
give 100. The score is deterministic and monotone: adding a finding, or making one more
severe, never raises it. Rounded to one decimal.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from composer.core.findings import Finding, Level

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
    penalty = sum(WEIGHTS[f.level] for f in findings)
    if penalty:
        size = max(count_words(text, pieces), MIN_WORDS)
        score = 100.0 * size / (size + penalty)
    else:
        score = 100.0  # what the formula gives for any size: no need to count words
    if limit > 0 and weighted_length > limit:
        score = min(score, OVER_LIMIT_CAP)
    return round(score, 1)


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
