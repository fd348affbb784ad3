"""One assessment of a draft (findings and score), per post for a thread, spelling included."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.core.assessment import assess, check_draft, spelling_of, with_findings
from composer.core.checker import Checker
from composer.core.counter import draft_counter_view, limited_config, thread_parts
from composer.core.findings import Finding, Level, Source
from composer.core.guide import load_guide
from composer.core.score import OVER_LIMIT_CAP, brand_score
from composer.core.threads import join_parts, part_spans, split_into_thread, split_parts

GUIDE = Path(__file__).parents[2] / "resources" / "example" / "brand-guide.yml"
HELP = "@NorthwindHelp"  # limit 140
FIRST = "Thanks for your patience. We checked your order and a replacement pair is on its way."
SECOND = "Track it with the link in your email. Reply here if anything looks wrong."


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_guide(GUIDE))


def test_a_thread_is_checked_per_post(checker: Checker) -> None:
    thread = join_parts([FIRST, SECOND])
    assert len(thread) > 140  # as one post it would be over @NorthwindHelp's limit
    whole = checker.check(thread, HELP)
    assert any(f.source is Source.LENGTH for f in whole.findings)
    report = check_draft(checker, thread, HELP)
    assert not any(f.source is Source.LENGTH for f in report.findings)
    assert report.metrics["posts"] == 2
    assert report.metrics["weighted_length"] == max(len(FIRST), len(SECOND))
    # Each post's findings are its own check's, moved to the whole text.
    for start, end in part_spans(thread):
        alone = checker.check(thread[start:end], HELP).findings
        mine = [f for f in report.findings if start <= f.start < end]
        assert [(f.rule, f.start - start, f.end - start) for f in mine] == [
            (f.rule, f.start, f.end) for f in alone
        ]


def test_a_post_over_its_limit_is_named_and_caps_the_score(checker: Checker) -> None:
    long_post = "Thanks for your patience. " * 7
    thread = join_parts([FIRST, long_post.strip()])
    report = check_draft(checker, thread, HELP)
    (length,) = [f for f in report.findings if f.source is Source.LENGTH]
    assert length.message.startswith("Post 2 of 2: ")
    assert thread[length.start : length.end] == long_post.strip()[140:]
    assert report.score is not None and report.score <= OVER_LIMIT_CAP


def test_a_single_post_is_the_checker_s_own_report(checker: Checker) -> None:
    assert check_draft(checker, FIRST, HELP) == checker.check(FIRST, HELP)


def test_spelling_is_scored_like_any_finding(checker: Checker) -> None:
    text = "Thanks for your patiance. We checked your order."
    typo = text.index("patiance")
    spelling = Finding(
        "Spelling.Offline",
        Level.WARNING,
        "Possible spelling mistake",
        typo,
        typo + 8,
        source=Source.GRAMMAR,
    )
    local = check_draft(checker, text, HELP)
    report = assess(checker, text, HELP, spelling=[spelling])
    assert spelling in report.findings
    assert report.score == brand_score(
        report.findings, text, local.metrics["weighted_length"], local.metrics["limit"]
    )
    assert report.score is not None and local.score is not None and report.score < local.score
    assert with_findings(local, [spelling]) == report
    assert spelling_of(report.findings) == (spelling,)


def test_split_into_thread_writes_separators_that_split_parts_reads(checker: Checker) -> None:
    config = limited_config("v1", 140)
    text = " ".join([FIRST, SECOND, FIRST])
    thread = split_into_thread(text, config)
    posts = split_parts(thread)
    assert len(posts) > 1
    assert thread == join_parts(posts)
    assert all(p.endswith(f" {i}/{len(posts)}") for i, p in enumerate(posts, start=1))
    assert all(p.weighted_length <= 140 for p in thread_parts(thread, config))
    # Splitting again changes nothing; a post that fits is left alone.
    assert split_into_thread(thread, config) == thread
    assert split_into_thread(FIRST, config) == FIRST
    # An over-long post of a thread is split further, the others stay.
    grown = join_parts([FIRST, " ".join([SECOND] * 3)])
    again = split_parts(split_into_thread(grown, config, numbering=False))
    assert again[0] == FIRST and len(again) > 2


def test_the_counter_counts_each_post() -> None:
    config = limited_config("v1", 140)
    long_post = "word " * 40  # 200 characters
    thread = join_parts([FIRST, long_post.strip(), SECOND])
    view = draft_counter_view(thread, config)
    assert view.posts == 3
    assert view.post_number == 2  # the tightest post is shown
    assert view.remaining == 140 - len(long_post.strip())
    second = part_spans(thread)[1]
    assert view.overflows == ((second[0] + 140, second[1]),)
    one = draft_counter_view(FIRST, config)
    assert one.posts == 1 and one.overflows == ()


def test_the_route_check_reads_a_thread_per_post(checker: Checker) -> None:
    thread = join_parts([FIRST, SECOND])
    verdicts = {v.handle: v for v in checker.route(thread)}
    assert "too long" not in verdicts[HELP].reasons
    assert "too long" in {r for v in checker.route(FIRST + " " + SECOND) for r in v.reasons}
