"""What would this guide flag (issue 18, item 4): verdicts, their changes, counts per rule."""

from __future__ import annotations

import pytest
from helpers.changed_guide import (
    CLEAN,
    EVENTS,
    HELP,
    HYPE_HELP,
    LONG_HELP,
    TONIGHT,
    write_guides,
)

from composer.core.checker import Checker
from composer.core.findings import Finding, Level
from composer.core.guide import load_guide
from composer.core.guide_diff import (
    Change,
    PastPost,
    Verdict,
    change_of,
    judge_chunk,
    judge_post,
    share_tone,
    summarize,
    verdict_of,
)


@pytest.fixture(scope="module")
def checkers(tmp_path_factory: pytest.TempPathFactory) -> tuple[Checker, Checker]:
    current, new = write_guides(tmp_path_factory.mktemp("guides"))
    return Checker(load_guide(current)), Checker(load_guide(new))


def finding(level: Level) -> Finding:
    return Finding("R", level, "m", 0, 1)


def test_verdicts_and_their_changes() -> None:
    assert verdict_of([]) is Verdict.CLEAR
    assert verdict_of([finding(Level.SUGGESTION)]) is Verdict.CLEAR
    assert verdict_of([finding(Level.WARNING), finding(Level.SUGGESTION)]) is Verdict.WARNED
    assert verdict_of([finding(Level.WARNING), finding(Level.ERROR)]) is Verdict.BLOCKED
    assert change_of(Verdict.CLEAR, Verdict.CLEAR) is None
    assert change_of(Verdict.CLEAR, Verdict.BLOCKED) is Change.NEWLY_BLOCKED
    assert change_of(Verdict.WARNED, Verdict.BLOCKED) is Change.NEWLY_BLOCKED
    assert change_of(Verdict.CLEAR, Verdict.WARNED) is Change.NEWLY_WARNED
    assert change_of(Verdict.BLOCKED, Verdict.WARNED) is Change.NO_LONGER_BLOCKED
    assert change_of(Verdict.BLOCKED, Verdict.CLEAR) is Change.CLEARED
    assert change_of(Verdict.WARNED, Verdict.CLEAR) is Change.CLEARED


def test_each_post_is_judged_by_both_guides(checkers: tuple[Checker, Checker]) -> None:
    current, new = checkers
    assert judge_post(current, new, PastPost(1, HELP, "published", CLEAN)) is None
    longer = judge_post(current, new, PastPost(2, HELP, "published", LONG_HELP))
    assert longer is not None and longer.change is Change.NEWLY_BLOCKED
    assert longer.added == ("Composer.Length",) and longer.removed == ()
    hype = judge_post(current, new, PastPost(3, HELP, "draft", HYPE_HELP))
    assert hype is not None and hype.change is Change.CLEARED
    assert hype.removed == ("Northwind.Hype",)
    tonight = judge_post(current, new, PastPost(4, EVENTS, "queued", TONIGHT))
    assert tonight is not None and tonight.change is Change.NEWLY_WARNED
    assert tonight.added == ("Northwind.Urgency",)


def test_chunks_summed_with_counts_per_rule(checkers: tuple[Checker, Checker]) -> None:
    current, new = checkers
    posts = [
        PastPost(1, HELP, "published", CLEAN),
        PastPost(2, HELP, "published", LONG_HELP),
        PastPost(5, HELP, "published", LONG_HELP),  # the same text is judged once
        PastPost(3, HELP, "draft", HYPE_HELP),
        PastPost(4, EVENTS, "queued", TONIGHT),
        PastPost(6, "@Gone", "published", CLEAN),  # an account no guide knows
    ]
    diff = summarize([judge_chunk(current, new, posts[:3]), judge_chunk(current, new, posts[3:])])
    assert diff.checked == 5
    assert diff.skipped == {"@Gone": 1}
    assert [(c.post.id, c.change) for c in diff.changes] == [
        (2, Change.NEWLY_BLOCKED),
        (3, Change.CLEARED),
        (4, Change.NEWLY_WARNED),
        (5, Change.NEWLY_BLOCKED),
    ]
    assert diff.counts == {
        Change.NEWLY_BLOCKED: 2,
        Change.NEWLY_WARNED: 1,
        Change.NO_LONGER_BLOCKED: 0,
        Change.CLEARED: 1,
    }
    assert [(r.rule, r.newly, r.no_longer) for r in diff.rules] == [
        ("Composer.Length", 2, 0),
        ("Northwind.Hype", 0, 1),
        ("Northwind.Urgency", 1, 0),
    ]


def test_sharing_the_tone_analyzer_changes_no_verdict(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    current_path, new_path = write_guides(tmp_path_factory.mktemp("shared"))
    posts = [
        PastPost(n, account, "published", text)
        for n, (account, text) in enumerate(
            [(HELP, CLEAN), (HELP, LONG_HELP), (HELP, HYPE_HELP), (EVENTS, TONIGHT)] * 3
        )
    ]
    alone = judge_chunk(Checker(load_guide(current_path)), Checker(load_guide(new_path)), posts)
    current, new = Checker(load_guide(current_path)), Checker(load_guide(new_path))
    assert share_tone(current, new)
    assert current.tone is new.tone
    assert judge_chunk(current, new, posts) == alone
    # A guide whose tone settings differ keeps its own analyzer.
    louder = tmp_path_factory.mktemp("louder")
    write_guides(louder)
    text = (louder / "new-guide.yml").read_text(encoding="utf-8")
    (louder / "new-guide.yml").write_text(
        text.replace("exclamations: {max: 1}", "exclamations: {max: 3}", 1), encoding="utf-8"
    )
    other = Checker(load_guide(louder / "new-guide.yml"))
    mine = Checker(load_guide(current_path))
    assert not share_tone(mine, other)
    assert mine.tone is not other.tone
