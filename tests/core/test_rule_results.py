"""Rules against results (issue 18, item 3): counts and medians per rule, by hand."""

from __future__ import annotations

import pytest

from composer.core.rule_results import PostOutcome, RuleResult, rules_against_results


def post(n: int, rules: set[str], rate: float | None) -> PostOutcome:
    return PostOutcome(n, frozenset(rules), rate)


def test_counts_and_medians_with_and_without_each_rule() -> None:
    posts = [
        post(1, {"Acme.Exclaim"}, 0.02),
        post(2, {"Acme.Exclaim", "Tone.Sentiment"}, 0.04),
        post(3, {"Acme.Exclaim"}, None),  # not read from X yet: counted, no rate
        post(4, set(), 0.10),
        post(5, {"Tone.Sentiment"}, 0.06),
        post(6, set(), 0.08),
    ]
    exclaim, sentiment = rules_against_results(posts)
    # Exclaim: fired on 1, 2, 3; rates with it 0.02, 0.04 -> median 0.03; without it
    # 0.10, 0.06, 0.08 -> median 0.08.
    assert exclaim == RuleResult("Acme.Exclaim", 3, 2, pytest.approx(0.03), 3, 0.08)
    assert exclaim.difference == pytest.approx(-0.05)
    # Sentiment: fired on 2 and 5 (0.04, 0.06 -> 0.05); without: 0.02, 0.10, 0.08 -> 0.08.
    assert sentiment.rule == "Tone.Sentiment" and sentiment.fired == 2
    assert sentiment.median_with == pytest.approx(0.05)
    assert (sentiment.without_rate, sentiment.median_without) == (3, 0.08)


def test_no_rates_no_medians() -> None:
    (only,) = rules_against_results([post(1, {"R"}, None), post(2, set(), None)])
    assert only == RuleResult("R", 1, 0, None, 0, None)
    assert only.difference is None
    assert rules_against_results([]) == ()
