"""A/B winners (issue 18, item 2): which wording of an A/B pair did better, in plain words.

Each variant's result on a metric is a proportion: engagements (or likes, replies...) out of
impressions. The two are compared with the two-proportion z-test (pooled standard error,
two-sided): "A leads, 95% confident" when the difference is significant at that level, and
"not enough data yet" when it is not, or when the counts are too small for the test's normal
approximation (fewer than :data:`MIN_EXPECTED` successes or failures in a variant).

Treating each impression as one independent trial is an approximation (a person may like and
reply); the test says how sure one may be that the difference is not chance, not how large
it is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

#: Successes and failures each variant needs before the test is trusted (n·p̂ >= 5).
MIN_EXPECTED = 5
#: The confidence levels reported, highest first.
LEVELS = (0.99, 0.95)


class Metric(StrEnum):
    """What the variants are compared on: a count per impression."""

    ENGAGEMENT_RATE = "engagement_rate"
    LIKE_RATE = "like_rate"
    REPLY_RATE = "reply_rate"
    REPOST_RATE = "repost_rate"

    @property
    def words(self) -> str:
        """The metric in plain words."""
        return {
            Metric.ENGAGEMENT_RATE: "engagements per impression",
            Metric.LIKE_RATE: "likes per impression",
            Metric.REPLY_RATE: "replies per impression",
            Metric.REPOST_RATE: "reposts per impression",
        }[self]


@dataclass(frozen=True, slots=True)
class PublicMetrics:
    """X's public metrics of one post at one reading."""

    impressions: int = 0
    likes: int = 0
    reposts: int = 0
    replies: int = 0
    quotes: int = 0
    bookmarks: int = 0

    @property
    def engagements(self) -> int:
        """Likes, reposts, replies, quotes and bookmarks together."""
        return self.likes + self.reposts + self.replies + self.quotes + self.bookmarks

    def successes(self, metric: Metric) -> int:
        """The count ``metric`` divides by impressions."""
        return {
            Metric.ENGAGEMENT_RATE: self.engagements,
            Metric.LIKE_RATE: self.likes,
            Metric.REPLY_RATE: self.replies,
            Metric.REPOST_RATE: self.reposts + self.quotes,
        }[metric]

    @classmethod
    def from_x(cls, data: Mapping[str, object]) -> PublicMetrics:
        """From X's ``public_metrics`` object (missing or bad counts read as 0)."""

        def count(key: str) -> int:
            value = data.get(key, 0)
            return value if isinstance(value, int) and value >= 0 else 0

        return cls(
            impressions=count("impression_count"),
            likes=count("like_count"),
            reposts=count("retweet_count"),
            replies=count("reply_count"),
            quotes=count("quote_count"),
            bookmarks=count("bookmark_count"),
        )


def two_proportion_z(
    successes_a: int, trials_a: int, successes_b: int, trials_b: int
) -> float | None:
    """The pooled two-proportion z statistic of A against B (``None``: undefined).

    ``z = (p_a - p_b) / sqrt(p (1 - p) (1/n_a + 1/n_b))`` with ``p`` the pooled proportion.
    Undefined without trials, with more successes than trials, or when every trial (or none)
    succeeded in both.
    """
    if trials_a <= 0 or trials_b <= 0:
        return None
    if not (0 <= successes_a <= trials_a and 0 <= successes_b <= trials_b):
        return None
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    variance = pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b)
    if variance <= 0:
        return None
    return (successes_a / trials_a - successes_b / trials_b) / math.sqrt(variance)


def two_sided_p(z: float) -> float:
    """The two-sided p-value of a standard normal statistic ``z``."""
    return math.erfc(abs(z) / math.sqrt(2))


@dataclass(frozen=True, slots=True)
class AbVerdict:
    """How an A/B pair compares on one metric.

    Attributes:
        leader: ``"A"`` or ``"B"`` when one leads with at least 95% confidence, else ``""``.
        confidence: The confidence level reached (0.99 or 0.95), 0 when none.
        rate_a: A's successes per impression (``None`` without impressions).
        z: The z statistic (``None`` when undefined).
        p_value: Its two-sided p-value (``None`` when undefined).
        sentence: The verdict in plain words.
    """

    metric: Metric
    leader: str
    confidence: float
    rate_a: float | None
    rate_b: float | None
    z: float | None
    p_value: float | None
    enough_data: bool
    sentence: str


def _rate(successes: int, trials: int) -> float | None:
    return successes / trials if trials > 0 else None


def compare_variants(
    a: PublicMetrics, b: PublicMetrics, metric: Metric = Metric.ENGAGEMENT_RATE
) -> AbVerdict:
    """Compare variant A with B on ``metric`` with the two-proportion z-test."""
    sa, na = a.successes(metric), a.impressions
    sb, nb = b.successes(metric), b.impressions
    rate_a, rate_b = _rate(sa, na), _rate(sb, nb)
    z = two_proportion_z(sa, na, sb, nb)
    # The normal approximation wants a few successes and failures in each variant.
    enough = z is not None and min(sa, sb, na - sa, nb - sb) >= MIN_EXPECTED
    if z is None or not enough:
        return AbVerdict(metric, "", 0.0, rate_a, rate_b, z, None, False, "not enough data yet")
    p = two_sided_p(z)
    reached = next((level for level in LEVELS if p < 1 - level), 0.0)
    if not reached:
        return AbVerdict(metric, "", 0.0, rate_a, rate_b, z, p, True, "not enough data yet")
    leader = "A" if z > 0 else "B"
    sentence = f"{leader} leads, {reached:.0%} confident"
    return AbVerdict(metric, leader, reached, rate_a, rate_b, z, p, True, sentence)


__all__ = [
    "LEVELS",
    "MIN_EXPECTED",
    "AbVerdict",
    "Metric",
    "PublicMetrics",
    "compare_variants",
    "two_proportion_z",
    "two_sided_p",
]
