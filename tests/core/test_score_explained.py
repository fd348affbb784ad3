"""Issue 19 item 7: a score you can explain, and fixes that never lower it."""

from __future__ import annotations

import functools
from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from composer.core.checker import Checker
from composer.core.findings import Finding, Level
from composer.core.guide import load_guide
from composer.core.score import (
    MIN_WORDS,
    WEIGHTS,
    brand_score,
    explain_report,
    explain_score,
    shortening,
)
from composer.resources import resource_path


@functools.cache
def example_checker() -> Checker:
    return Checker(load_guide(resource_path("example") / "brand-guide.yml"))


def test_explanation_gives_the_same_score_and_each_weight() -> None:
    checker = example_checker()
    text = "Our TrailPro boots are guaranteed!! Utilize the web site, guys."
    report = checker.check(text, "@NorthwindHelp")
    how = explain_report(report)
    assert how.score == report.score
    assert [f for f, _ in how.weights] == list(report.findings)
    assert [w for _, w in how.weights] == [WEIGHTS[f.level] for f in report.findings]
    assert how.penalty == sum(WEIGHTS[f.level] for f in report.findings)
    assert how.score == round(100 * how.size / (how.size + how.penalty), 1)
    lines = how.lines()
    assert lines[0] == f"Brand score {report.score:.1f} of 100"
    for finding in report.findings:
        assert any(finding.rule in line and finding.level.value in line for line in lines)


def test_no_findings_explained() -> None:
    how = explain_score([], "All good here.", 14, 140)
    assert how.score == 100.0
    assert how.lines() == ["Brand score 100.0 of 100", "No findings: nothing is taken off."]


def test_over_limit_is_said() -> None:
    how = explain_score([], "x" * 150, 150, 140)
    assert how.capped
    assert how.lines()[-1] == "Over the length limit: at most 50."


def test_thirty_emoji_cost_one_warning() -> None:
    """Issue 19: 30 emoji on @NorthwindHelp scored 8 (30 warnings); now they are one."""
    report = example_checker().check("Thanks " + "😀" * 30, "@NorthwindHelp")
    emoji = [f for f in report.findings if f.rule == "Tone.Emoji"]
    assert len(emoji) == 1
    assert len(emoji[0].spans) == 30
    assert report.score is not None
    assert report.score > 60


def test_shortening_counts_words_a_fix_removes_once_per_span() -> None:
    text = "We will do it in order to help."
    start = text.index("in order to")
    fix = Finding(
        rule="J",
        level=Level.SUGGESTION,
        message="m",
        start=start,
        end=start + len("in order to"),
        replacements=("to",),
    )
    assert shortening([fix, fix], text) == 2
    longer = Finding(
        rule="J", level=Level.SUGGESTION, message="m", start=0, end=2, replacements=("we all",)
    )
    assert shortening([longer], text) == 0


def test_a_fix_that_shortens_the_text_no_longer_lowers_the_score() -> None:
    """Old formula: 'in order to' -> 'to' dropped 2 words, and with them the score."""
    checker = example_checker()
    text = (
        "We guarantee it, amazing, awesome, epic gear that is 100% waterproof, in order to "
        "keep you dry on the trail for years"
    )
    before = checker.check(text, "@NorthwindHelp")
    jargon = next(f for f in before.findings if f.rule == "Northwind.Jargon")
    after = checker.check(jargon.apply(text), "@NorthwindHelp")
    assert before.score is not None and after.score is not None
    assert after.score >= before.score


# Phrases that the example guide's fixable rules flag, and plain filler around them.
FIXABLE = [
    "Trailpro",
    "trail pro",
    "summit shell",
    "rain coat",
    "back pack",
    "web site",
    "e-mail",
    "sleeping-bag",
    "utilize",
    "leverage",
    "in order to",
    "at this point in time",
    "guys",
    "manpower",
    "man-made",
    "we apologise for any inconvenience",
    "Sorry for any inconvenience",
    "wait...",
]
OTHER = [
    "amazing",
    "guaranteed",
    "really",
    "Summitline",
    "act now",
    "!!",
    "🎉",
    "#gear",
    "6pm",
    "damn",
    "the election",
]
FILLER = ["the", "trail", "boots", "today", "we", "can", "help", "with", "your", "order", "at"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(FIXABLE + OTHER + FILLER * 2), min_size=1, max_size=30),
    st.sampled_from(["@NorthwindHelp", "@NorthwindDeals", "@NorthwindEvents", "@NorthwindAlerts"]),
    st.data(),
)
def test_applying_a_suggested_fix_never_lowers_the_score(
    words: list[str], handle: str, data: st.DataObject
) -> None:
    checker = example_checker()
    text = " ".join(words)
    before = checker.check(text, handle)
    fixable = [f for f in before.findings if f.replacements]
    if not fixable:
        return
    finding = data.draw(st.sampled_from(fixable))
    index = data.draw(st.integers(0, len(finding.replacements) - 1))
    after = checker.check(finding.apply(text, index), handle)
    # A fix can make a new problem ("we're sorry Sorry" repeats a word): that finding costs
    # what any finding costs. The promise is that the fix itself is never punished.
    assume(not _new_findings(before.findings, after.findings))
    assert before.score is not None and after.score is not None
    assert after.score >= before.score, (text, finding.rule, finding.replacements[index])


def _new_findings(before: tuple[Finding, ...], after: tuple[Finding, ...]) -> bool:
    counts = Counter(f.rule for f in before)
    counts.subtract(f.rule for f in after)
    return any(n < 0 for n in counts.values())


def test_every_fix_in_the_example_drafts_keeps_or_raises_the_score() -> None:
    checker = example_checker()
    drafts = (resource_path("example") / "drafts.txt").read_text(encoding="utf-8").splitlines()
    tried = 0
    for text in filter(None, drafts):
        for account in checker.guide.accounts:
            before = checker.check(text, account)
            for finding in before.findings:
                for index in range(len(finding.replacements)):
                    after = checker.check(finding.apply(text, index), account)
                    assert before.score is not None and after.score is not None
                    assert after.score >= before.score, (text, account.handle, finding.rule)
                    tried += 1
    assert tried >= 5


def test_min_words_floor_is_documented() -> None:
    assert brand_score([], "", 0, 140) == 100.0
    assert MIN_WORDS == 10
