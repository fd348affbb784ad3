"""Back from a crisis (issue 18, item 5): the crisis word list and the re-check of a post."""

from __future__ import annotations

import pytest

from composer.core.assessment import assess
from composer.core.checker import Checker
from composer.core.crisis import (
    CRISIS_RULE,
    MAX_CRISIS_WORD_LENGTH,
    CrisisWordsError,
    Recheck,
    crisis_findings,
    parse_crisis_words,
    recheck,
)
from composer.core.findings import Level
from composer.core.guide import load_guide
from composer.resources import resource_path

HELP = "@NorthwindHelp"
CLEAN = "Thanks for your patience. We are checking your order and will reply within the hour."


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_guide(resource_path("example", "brand-guide.yml")))


def test_word_list_lines_commas_comments_and_repeats() -> None:
    text = "# the incident\nRiverside Mall\n  riverside   mall \nfire, flood ,,\n\n#skip\nFire\n"
    assert parse_crisis_words(text) == ("Riverside Mall", "fire", "flood")
    assert parse_crisis_words("") == ()


def test_word_list_refuses_a_word_too_long() -> None:
    with pytest.raises(CrisisWordsError, match="line 2"):
        parse_crisis_words("ok\n" + "x" * (MAX_CRISIS_WORD_LENGTH + 1))


def test_crisis_words_match_whole_words_in_any_case_with_every_place() -> None:
    text = "Visit Riverside  mall today. FIRE sale! Firefly lamps at riverside mall."
    found = crisis_findings(text, ("riverside mall", "fire"))
    assert [f.rule for f in found] == [CRISIS_RULE, CRISIS_RULE]
    assert all(f.level is Level.ERROR for f in found)
    mall, fire = found
    assert [text[s:e] for s, e in mall.spans] == ["Riverside  mall", "riverside mall"]
    assert [text[s:e] for s, e in fire.spans] == ["FIRE"]  # not "Firefly"
    assert mall.message == "'Riverside mall' is on the crisis word list"
    assert crisis_findings(text, ()) == ()
    assert crisis_findings("nothing here", ("fire",)) == ()


def test_longer_phrase_wins_over_a_word_inside_it() -> None:
    found = crisis_findings("Main Street is closed", ("Main", "Main Street"))
    assert [(f.start, f.end) for f in found] == [(0, 11)]


def test_a_clean_post_stays_and_a_crisis_word_sends_it_back(checker: Checker) -> None:
    assert recheck(checker, CLEAN, HELP) == ()
    back = recheck(checker, CLEAN, HELP, crisis_words=("order",))
    assert [f.rule for f in back] == [CRISIS_RULE]
    judge = Recheck(checker, ("order",))
    assert judge(CLEAN, HELP, ()).startswith("re-checked on resume after the crisis pause: ")
    assert "'order' is on the crisis word list" in judge(CLEAN, HELP, ())
    assert Recheck(checker)(CLEAN, HELP, ()) == ""


def test_an_error_under_the_current_guide_sends_it_back(checker: Checker) -> None:
    too_long = CLEAN + " " + CLEAN  # over @NorthwindHelp's 140 characters
    errors = [f for f in assess(checker, too_long, HELP).findings if f.level is Level.ERROR]
    assert errors
    back = recheck(checker, too_long, HELP, accepted=errors)  # errors are never accepted
    assert {f.rule for f in errors} <= {f.rule for f in back}


def test_only_warnings_nobody_accepted_send_it_back(checker: Checker) -> None:
    text = "Thanks for waiting! We are checking your order! Reply soon."
    report = assess(checker, text, HELP)
    warnings = [f for f in report.findings if f.level is Level.WARNING]
    assert warnings, report.findings
    assert [f.rule for f in recheck(checker, text, HELP)] == [f.rule for f in warnings]
    assert recheck(checker, text, HELP, accepted=warnings) == ()
