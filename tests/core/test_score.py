"""The brand score: bounds, the documented formula, monotonicity, the over-limit cap."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.findings import Finding, Level
from composer.core.rules import RuleContext
from composer.core.rules.metric import words_of
from composer.core.score import MIN_WORDS, OVER_LIMIT_CAP, brand_score, count_words

TEXT = " ".join(["word"] * 20)


def f(level: Level, start: int = 0) -> Finding:
    return Finding(rule="T.R", level=level, message="m", start=start, end=start + 1)


def test_no_findings_is_100() -> None:
    assert brand_score([], TEXT, 99, 140) == 100.0
    assert brand_score([], "", 0, 140) == 100.0


def test_documented_formula() -> None:
    # 20 words; one error (10) and one warning (4): 100 * 20 / 34.
    assert brand_score([f(Level.ERROR), f(Level.WARNING)], TEXT, 99, 140) == round(2000 / 34, 1)
    # Short texts count as MIN_WORDS words: one suggestion in "hi" costs 100 * 10 / 11.
    assert brand_score([f(Level.SUGGESTION)], "hi", 2, 140) == round(100 * MIN_WORDS / 11, 1)


def test_severity_order() -> None:
    scores = [brand_score([f(level)], TEXT, 99, 140) for level in Level]
    assert scores == sorted(scores)  # error < warning < suggestion
    assert scores[0] < scores[1] < scores[2]


def test_longer_text_dilutes_a_finding() -> None:
    short = brand_score([f(Level.ERROR)], "one two three", 13, 140)
    long = brand_score([f(Level.ERROR)], TEXT + " " + TEXT, 200, 280)
    assert short < long


def test_over_limit_caps_the_score() -> None:
    assert brand_score([], TEXT, 141, 140) == OVER_LIMIT_CAP
    assert brand_score([f(Level.ERROR)] * 5, TEXT, 141, 140) < OVER_LIMIT_CAP


levels = st.sampled_from(list(Level))


@given(st.lists(levels, max_size=12), levels, st.integers(0, 60), st.booleans())
def test_monotone_more_findings_never_raise(
    base: list[Level], extra: Level, words: int, over: bool
) -> None:
    text = " ".join(["w"] * words)
    length = 150 if over else 100
    findings = [f(level) for level in base]
    before = brand_score(findings, text, length, 140)
    after = brand_score([*findings, f(extra)], text, length, 140)
    assert 0 <= after <= before <= 100


@given(st.lists(levels, min_size=1, max_size=8))
def test_monotone_severer_never_raises(base: list[Level]) -> None:
    findings = [f(level) for level in base]
    base_score = brand_score(findings, TEXT, 99, 140)
    for i, level in itertools.product(range(len(base)), Level):
        if level.rank < base[i].rank:
            worse = [*findings[:i], f(level), *findings[i + 1 :]]
            assert brand_score(worse, TEXT, 99, 140) <= base_score


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["a", "B", "1", "'", "’", "-", "--", "e\u0301", "\u0301", " ", "家", "!"])
        | st.text(max_size=3)
    ).map("".join)
)
def test_score_words_counted_through_metric_words(text: str) -> None:
    assert count_words(text, words_of(text, RuleContext(text))) == count_words(text)
