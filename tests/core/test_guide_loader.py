"""Loading guides: the model, every kind of problem (all at once, located), Vale's .vale.ini."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from composer.core.errors import ConfigError, GuideError
from composer.core.findings import Level
from composer.core.guide import (
    Account,
    Guide,
    MixRule,
    lint_guide,
    lint_guide_with_notices,
    load_guide,
)
from composer.resources import resource_path

GUIDES = Path(__file__).resolve().parents[1] / "data" / "guides"


@pytest.fixture
def example_guide() -> Guide:
    return load_guide(resource_path("example", "brand-guide.yml"))


def test_example_guide_loads_cleanly(example_guide: Guide) -> None:
    assert lint_guide(resource_path("example", "brand-guide.yml")) == []
    assert example_guide.brand == "Northwind Trail Co."
    assert example_guide.language == "en-US"
    assert example_guide.notices == ()
    assert len(example_guide.rules) >= 25  # 3 dropped in issue 19: the tone profiles judge them
    kinds = {type(rule).extends for rule in example_guide.rules}
    assert kinds == {
        "existence",
        "substitution",
        "occurrence",
        "repetition",
        "consistency",
        "capitalization",
        "conditional",
        "metric",
    }
    assert example_guide.vocabulary.accept == ("TrailPro", "SummitShell", "Northwind")
    assert example_guide.lt_disabled_rules == ("EN_QUOTES",)
    assert example_guide.lt_disabled_categories == ("TYPOGRAPHY",)
    assert example_guide.levels["Northwind.Weasel"] is Level.SUGGESTION


def test_example_accounts(example_guide: Guide) -> None:
    handles = [a.handle for a in example_guide.accounts]
    assert handles == ["@NorthwindHelp", "@NorthwindDeals", "@NorthwindEvents", "@NorthwindAlerts"]
    help_ = example_guide.account("northwindhelp")
    assert example_guide.account("@NORTHWINDHELP") is help_
    assert (help_.limit, help_.counting, help_.tone) == (140, "v1", "support")
    assert help_.levels["Northwind.Urgency"] is None  # its tone forbids promotional language
    assert help_.levels["Northwind.Hype"] is Level.ERROR
    assert help_.schedule is not None
    assert help_.schedule.timezone == "Europe/London"
    assert help_.schedule.slots[0].days == (0, 1, 2, 3, 4)
    assert (help_.schedule.slots[0].hour, help_.schedule.slots[0].minute) == (9, 0)
    assert help_.schedule.min_gap_minutes == 45
    assert help_.review["reviewers"] == ["support-leads"]
    deals = example_guide.account("NorthwindDeals")
    assert deals.schedule is not None
    assert deals.schedule.timezone == "America/Los_Angeles"
    assert deals.schedule.slots[0].days == (1, 3)
    assert deals.schedule.blackouts[0].reason == "Thanksgiving"
    alerts = example_guide.account("@NorthwindAlerts")
    assert alerts.review["approval"] == "two-step"
    assert alerts.review["review_target_minutes"] == 15
    zones = {a.schedule.timezone for a in example_guide.accounts if a.schedule}
    assert len(zones) == 4


def test_unknown_account_is_a_config_error(example_guide: Guide) -> None:
    with pytest.raises(ConfigError, match=r"unknown account '@Nobody'.*@NorthwindHelp"):
        example_guide.account("@Nobody")


def test_every_problem_reported_at_once_with_locations() -> None:
    path = GUIDES / "broken.yml"
    with pytest.raises(GuideError) as err:
        load_guide(path)
    got = [(p.line, p.column, p.message.split(" (")[0]) for p in err.value.problems]
    assert got == [
        (2, 1, "language must be a non-empty string, got 5"),
        (3, 1, "unknown key 'colour'"),
        (4, 10, "style folder 'styles/Missing' not found"),
        (8, 5, "tokens: invalid regular expression '(unclosed': missing ) at position 9"),
        (12, 5, "duplicate rule id 'Broken.Twice'"),
        (16, 3, "unknown level 'fatal' for Broken.Regex"),
        (24, 5, "unknown account key 'colour'"),
        (25, 5, "unknown counting config 'v9'"),
        (26, 5, "unknown tone profile 'cheerful'"),
    ]
    assert all(p.path == str(path) for p in err.value.problems)
    assert str(err.value).splitlines()[0].startswith(f"{path}:2:1: ")
    assert lint_guide(path) == list(err.value.problems)


def test_bad_yaml_syntax_has_a_line() -> None:
    (problem,) = lint_guide(GUIDES / "bad_syntax.yml")
    assert problem.message.startswith("invalid YAML")
    assert problem.line in (5, 6)


def test_problem_in_a_style_file_names_that_file() -> None:
    (problem,) = lint_guide(GUIDES / "bad-style.yml")
    assert problem.path.endswith("styles/Bad/Unknown.yml")
    assert (problem.line, problem.column) == (5, 1)
    assert "unknown key 'swapp'" in problem.message


def test_unsupported_rules_are_skipped_with_notices() -> None:
    guide = load_guide(GUIDES / "skipped.yml")
    # spelling and readability run since issue 19; sequence is still skipped.
    assert sorted(r.id for r in guide.rules) == ["Mixed.Good", "Mixed.Spelling", "Skips.Inline"]
    notices = "\n".join(guide.notices)
    assert "skipped rule Mixed.Steps" in notices
    assert "Mixed.Spelling" not in notices and "Skips.Inline" not in notices
    problems, notices2 = lint_guide_with_notices(GUIDES / "skipped.yml")
    assert problems == []
    assert notices2 == guide.notices


def test_missing_file_and_empty_guide(tmp_path: Path) -> None:
    (problem,) = lint_guide(tmp_path / "nope.yml")
    assert "not found" in problem.message
    empty = tmp_path / "empty.yml"
    empty.write_text("", encoding="utf-8")
    assert "needs at least 'brand'" in lint_guide(empty)[0].message
    listy = tmp_path / "list.yml"
    listy.write_text("- a\n", encoding="utf-8")
    assert "must be a mapping" in lint_guide(listy)[0].message


def test_minimal_guide_gets_a_default_account(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text("brand: Tiny\n", encoding="utf-8")
    guide = load_guide(path)
    assert guide.accounts == (Account("default"),)
    assert guide.accounts[0].limit == 140
    assert guide.accounts[0].counting == "v1"


def test_schedule_problems(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text(
        "brand: T\naccounts:\n  - handle: '@T'\n    schedule:\n      timezone: Mars/Base\n"
        "      slots: ['Someday 25:00']\n      max_per_day: -1\n      when: now\n"
        "      blackouts: [{start: soon, end: 2026-01-02}]\n",
        encoding="utf-8",
    )
    messages = [(p.line, p.message.split(" (")[0]) for p in lint_guide(path)]
    assert messages == [
        (5, "unknown time zone 'Mars/Base'"),
        (6, "invalid slot 'Someday 25:00'"),
        (7, "max_per_day must be a whole number >= 0, got -1"),
        (8, "unknown schedule key 'when'"),
        (9, "blackout start must be an ISO date, got 'soon'"),
    ]


def test_example_deals_account_has_a_mix_rule(example_guide: Guide) -> None:
    deals = example_guide.account("@NorthwindDeals")
    assert deals.schedule is not None
    assert deals.schedule.mix == (MixRule("promotional", at_most=2, in_any=3, threshold=1.0),)
    assert str(deals.schedule.mix[0]) == "at most 2 promotional posts in any 3"
    help_ = example_guide.account("@NorthwindHelp")
    assert help_.schedule is not None
    assert help_.schedule.mix == ()


def test_schedule_mix_rules_load(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text(
        "brand: T\naccounts:\n  - handle: '@T'\n    schedule:\n      slots: ['daily 09:00']\n"
        "      mix:\n"
        "        - measure: promotional\n          at_most: 1\n          in_any: 4\n"
        "        - {measure: topic.politics, at_most: 1, in_any: 10, threshold: 0.5}\n"
        "        - {measure: sentiment, at_most: 2, in_any: 5, threshold: -0.4}\n",
        encoding="utf-8",
    )
    schedule = load_guide(path).account("T").schedule
    assert schedule is not None
    assert schedule.mix == (
        MixRule("promotional", 1, 4, 1.0),
        MixRule("topic.politics", 1, 10, 0.5),
        MixRule("sentiment", 2, 5, -0.4),
    )


def test_schedule_mix_problems(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text(
        "brand: T\n"
        "accounts:\n"
        "  - handle: '@T'\n"
        "    schedule:\n"
        "      mix:\n"
        "        - {measure: sales, at_most: 1, in_any: 4}\n"  # 6
        "        - {measure: promotional, at_most: 0, in_any: -2}\n"  # 7
        "        - {measure: emoji, at_most: 4, in_any: 4}\n"  # 8
        "        - {measure: links, at_most: 1, in_any: 3, every: 2}\n"  # 9
        "        - {at_most: 1}\n"  # 10
        "        - {measure: links, at_most: 1, in_any: 3, threshold: high}\n"  # 11
        "        - {measure: links, at_most: 1, in_any: 3, threshold: true}\n"  # 12
        "        - promotional\n"  # 13
        "        - {measure: [promotional], at_most: true, in_any: 2.5}\n"  # 14
        "  - handle: '@U'\n"
        "    schedule:\n"
        "      mix: {measure: promotional}\n",  # 17
        encoding="utf-8",
    )
    expected = [
        (6, 12, "unknown tone measure 'sales' (measures: "),
        (7, 34, "at_most must be a whole number >= 1, got 0"),
        (7, 46, "in_any must be a whole number >= 1, got -2"),
        (8, 28, "at_most (4) must be less than in_any (4); otherwise the rule allows every order"),
        (9, 51, "unknown mix rule key 'every' (known: at_most, in_any, measure, threshold)"),
        (10, 11, "the mix rule is missing 'measure'"),
        (10, 11, "the mix rule is missing 'in_any'"),
        (11, 51, "threshold must be a number, got 'high'"),
        (12, 51, "threshold must be a number, got true"),
        (13, 11, "a mix rule must be a mapping with measure, at_most and in_any"),
        (14, 12, "unknown tone measure a list"),
        (14, 36, "at_most must be a whole number >= 1, got true"),
        (14, 51, "in_any must be a whole number >= 1, got 2.5"),
        (17, 7, "mix must be a list of rules, got a mapping"),
    ]
    problems = lint_guide(path)
    assert [(p.line, p.column) for p in problems] == [(line, col) for line, col, _ in expected]
    for problem, (_, _, message) in zip(problems, expected, strict=True):
        assert problem.message.startswith(message), problem.message
        assert problem.path == str(path)
    # The message for an unknown measure lists the measures a rule may count.
    (problem,) = [p for p in lint_guide(path) if "sales" in p.message]
    assert "promotional" in problem.message
    assert "topic.<name>" in problem.message


def test_inline_rule_without_id(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text("brand: T\nrules:\n  - extends: existence\n    tokens: [x]\n", encoding="utf-8")
    (problem,) = lint_guide(path)
    assert problem.line == 3
    assert "needs an 'id'" in problem.message


# -- .vale.ini -----------------------------------------------------------------------------
def test_vale_ini_example_loads() -> None:
    guide = load_guide(resource_path("example", ".vale.ini"))
    assert {r.id for r in guide.rules} >= {"Northwind.Competitors", "Northwind.Hype"}
    assert guide.levels["Northwind.Weasel"] is None
    assert guide.levels["Northwind.Hype"] is Level.ERROR
    assert guide.vocabulary.accept == ("TrailPro", "SummitShell", "Northwind")
    assert guide.vocabulary.reject == ("cheap", "knockoff")
    assert guide.accounts == (Account("default"),)


def test_vale_ini_problems_and_min_alert_level(tmp_path: Path) -> None:
    shutil.copytree(resource_path("example", "styles"), tmp_path / "styles")
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        "StylesPath = styles\nMinAlertLevel = loud\nVocab = Nope\nColour = red\n\n"
        "[*]\nBasedOnStyles = Northwind, Ghost\nNorthwind.Hype = maybe\n",
        encoding="utf-8",
    )
    got = [(p.line, p.message.split(" (")[0]) for p in lint_guide(ini)]
    assert got == [
        (2, "unknown level 'loud'"),
        (3, "vocabulary 'Nope' not found"),
        (4, "unknown key 'Colour'"),
        (7, "style folder 'Ghost' not found"),
        (8, "unknown value 'maybe' for Northwind.Hype"),
    ]
    ini.write_text(
        "StylesPath = styles\nMinAlertLevel = warning\n[*.md]\nBasedOnStyles = Vale\n"
        "Northwind.Competitors = YES\n",
        encoding="utf-8",
    )
    guide = load_guide(ini)
    assert [r.id for r in guide.rules] == ["Northwind.Competitors"]
    assert guide.min_alert_level is Level.WARNING


def test_tone_problems_point_at_their_keys(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text(
        "brand: T\ntone:\n  profiles:\n    support:\n      sentiment: {min: -0.2, maxx: 1}\n"
        "      sparkle: {max: 2}\naccounts:\n  - {handle: '@T', tone: support}\n",
        encoding="utf-8",
    )
    got = [(p.line, p.column, p.message) for p in lint_guide(path)]
    assert [(line, column) for line, column, _ in got] == [(5, 30), (6, 7)]
    assert "maxx" in got[0][2]
    assert "sparkle" in got[1][2]
