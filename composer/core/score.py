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
    findings: Iterable[Finding], text: str, weighted_length: float, limit: float
) -> float:
    """Score ``text`` given its ``findings`` (see the module docstring for the formula).

    Args:
        findings: Everything the checks found.
        text: The draft.
        weighted_length: Its length as the account counts it.
        limit: The account's limit in the same units.

    Returns:
        A score from 0 to 100.
    """
    penalty = sum(WEIGHTS[f.level] for f in findings)
    size = max(len(_WORD.findall(text)), MIN_WORDS)
    score = 100.0 * size / (size + penalty)
    if limit > 0 and weighted_length > limit:
        score = min(score, OVER_LIMIT_CAP)
    return round(score, 1)
