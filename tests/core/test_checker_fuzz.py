"""Fuzzed Unicode never breaks the checker: no exceptions, spans in bounds, sorted findings."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.resources import resource_path

CHECKER = Checker(load_guide(resource_path("example", "brand-guide.yml")))
PIECES = st.sampled_from(
    [
        "guaranteed",
        "Trailpro",
        " ",
        "\n",
        "#Tag",
        "@who",
        "https://x.example/a",
        "$AB",
        "👨‍👩‍👧",
        "🇬🇧",
        "家族",
        "e\u0301",
        "\u200d",
        "!!",
        "the the",
        "...",
        "6pm",
        "\r\n",
    ]
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES | st.text(max_size=5)).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([a.handle for a in CHECKER.guide.accounts]))
def test_spans_stay_in_bounds(text: str, handle: str) -> None:
    report = CHECKER.check(text, handle)
    for finding in report.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
    keys = [(f.start, f.rule) for f in report.findings]
    assert keys == sorted(keys)
    assert report.score is not None
    assert 0 <= report.score <= 100
