"""A/B winners (issue 18, item 2): the two-proportion z-test against hand-computed values."""

from __future__ import annotations

import math

import pytest

from composer.core.ab_test import (
    Metric,
    PublicMetrics,
    compare_variants,
    two_proportion_z,
    two_sided_p,
)


def test_z_of_120_in_1000_against_80_in_1000() -> None:
    # Pooled p = 200/2000 = 0.1; SE = sqrt(0.1 * 0.9 * (1/1000 + 1/1000)) = 0.0134164;
    # z = (0.12 - 0.08) / 0.0134164 = 2.98142; two-sided p = 0.002869 (tables: 0.0029).
    z = two_proportion_z(120, 1000, 80, 1000)
    assert z == pytest.approx(2.98142, abs=1e-5)
    assert two_sided_p(2.98142) == pytest.approx(0.002869, abs=1e-6)


def test_z_with_unequal_counts_and_b_ahead() -> None:
    # p_a = 50/2000 = 0.025, p_b = 80/2000 = 0.04, pooled 130/4000 = 0.0325;
    # SE = sqrt(0.0325 * 0.9675 * 0.001) = 0.0056075; z = -0.015 / 0.0056075 = -2.67500.
    z = two_proportion_z(50, 2000, 80, 2000)
    assert z == pytest.approx(-2.67500, abs=1e-5)
    assert two_sided_p(z) == pytest.approx(0.007473, abs=1e-6)  # tables: 0.0075


def test_textbook_p_values() -> None:
    assert two_sided_p(1.959964) == pytest.approx(0.05, abs=1e-6)
    assert two_sided_p(-2.575829) == pytest.approx(0.01, abs=1e-6)
    assert two_sided_p(0.0) == 1.0


def test_z_is_undefined_without_trials_or_variation() -> None:
    assert two_proportion_z(0, 0, 5, 100) is None
    assert two_proportion_z(0, 100, 0, 100) is None  # nobody engaged with either
    assert two_proportion_z(100, 100, 50, 50) is None  # everyone engaged with both
    assert two_proportion_z(120, 100, 5, 100) is None  # more successes than trials


def test_the_verdict_in_plain_words() -> None:
    a = PublicMetrics(impressions=1000, likes=100, reposts=10, replies=5, quotes=3, bookmarks=2)
    b = PublicMetrics(impressions=1000, likes=60, reposts=10, replies=5, quotes=3, bookmarks=2)
    assert a.engagements == 120 and b.engagements == 80
    verdict = compare_variants(a, b)
    assert verdict.metric is Metric.ENGAGEMENT_RATE
    assert verdict.sentence == "A leads, 99% confident" and verdict.leader == "A"
    assert verdict.rate_a == pytest.approx(0.12) and verdict.rate_b == pytest.approx(0.08)
    assert verdict.p_value == pytest.approx(0.002869, abs=1e-6)
    flipped = compare_variants(b, a)
    assert flipped.sentence == "B leads, 99% confident" and flipped.leader == "B"


def test_95_percent_but_not_99() -> None:
    # 30/500 = 0.06 against 15/500 = 0.03: pooled 0.045, SE = sqrt(0.045*0.955*0.004) =
    # 0.0131111, z = 2.28814, p = 0.02213: significant at 95%, not at 99%.
    a = PublicMetrics(impressions=500, likes=30)
    b = PublicMetrics(impressions=500, likes=15)
    verdict = compare_variants(a, b, Metric.LIKE_RATE)
    assert verdict.z == pytest.approx(2.28814, abs=1e-5)
    assert verdict.p_value == pytest.approx(0.02213, abs=1e-5)
    assert verdict.sentence == "A leads, 95% confident" and verdict.confidence == 0.95


def test_not_enough_data_yet() -> None:
    close = compare_variants(
        PublicMetrics(impressions=1000, likes=30), PublicMetrics(impressions=1000, likes=22)
    )
    assert close.sentence == "not enough data yet" and close.leader == ""
    assert close.enough_data and close.p_value == pytest.approx(0.26097, abs=1e-5)
    few = compare_variants(
        PublicMetrics(impressions=40, likes=4), PublicMetrics(impressions=40, likes=0)
    )
    assert few.sentence == "not enough data yet" and not few.enough_data
    none = compare_variants(PublicMetrics(), PublicMetrics())
    assert none.sentence == "not enough data yet" and none.rate_a is None


def test_public_metrics_from_x() -> None:
    read = PublicMetrics.from_x(
        {
            "retweet_count": 2,
            "reply_count": 3,
            "like_count": 5,
            "quote_count": 1,
            "bookmark_count": 4,
            "impression_count": 900,
            "other": 7,
        }
    )
    assert read == PublicMetrics(900, 5, 2, 3, 1, 4)
    assert read.successes(Metric.REPOST_RATE) == 3
    assert PublicMetrics.from_x({"like_count": -1, "impression_count": "9"}) == PublicMetrics()
    assert math.isclose(read.engagements / read.impressions, 15 / 900)
