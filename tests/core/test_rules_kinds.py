"""Each rule kind against Vale's documented behaviour, plus tweet scopes."""

from __future__ import annotations

from typing import Any

import pytest

from composer.core.findings import Finding, Level
from composer.core.rules import RULE_KINDS, RuleContext, RuleDataError, SkippedRule, build_rule
from composer.core.rules.formula import FormulaError, parse_condition, parse_formula


def run(data: dict[str, Any], text: str) -> list[Finding]:
    rule = build_rule("Test.Rule", data)
    return rule.compile().run(RuleContext(text))


def spans(findings: list[Finding], text: str) -> list[str]:
    return [text[f.start : f.end] for f in findings]


def test_registry_has_the_ten_kinds() -> None:
    assert set(RULE_KINDS) == {
        "readability",
        "spelling",
        "existence",
        "substitution",
        "occurrence",
        "repetition",
        "consistency",
        "capitalization",
        "conditional",
        "metric",
    }


# -- existence --------------------------------------------------------------------------
def test_existence_word_boundaries_and_message() -> None:
    text = "Don't say shop or shopping."
    found = run({"extends": "existence", "message": "Avoid '%s'.", "tokens": ["shop"]}, text)
    assert spans(found, text) == ["shop"]
    assert found[0].message == "Avoid 'shop'."
    assert found[0].level is Level.SUGGESTION  # Vale's default level


def test_existence_ignorecase_and_exceptions() -> None:
    text = "Guaranteed fit, GUARANTEED warmth, guaranteed-ish"
    data = {
        "extends": "existence",
        "message": "%s",
        "tokens": ["guaranteed(?:-ish)?"],
        "ignorecase": True,
        "exceptions": ["guaranteed-ish"],
    }
    assert spans(run(data, text), text) == ["Guaranteed", "GUARANTEED"]


def test_existence_case_sensitive_by_default() -> None:
    text = "Shop now. shop now."
    assert spans(run({"extends": "existence", "tokens": ["shop"]}, text), text) == ["shop"]


def test_existence_nonword_and_raw_append() -> None:
    text = "Wow!!! ok"
    assert spans(run({"extends": "existence", "nonword": True, "raw": ["!{2,}"]}, text), text) == [
        "!!!"
    ]
    text2 = "e.A and e. A"
    found = run(
        {
            "extends": "existence",
            "raw": ["[a-z][.?!]"],
            "tokens": ["[A-Z]"],
            "nonword": True,
            "append": False,
        },
        text2,
    )
    assert spans(found, text2) == ["e.A"]
    found = run(
        {
            "extends": "existence",
            "raw": ["[.?!]"],
            "tokens": ["[a-z]"],
            "nonword": True,
            "append": True,
        },
        "a. b",
    )
    assert spans(found, "a. b") == ["a."]


def test_default_scope_masks_urls_mentions_hashtags_cashtags() -> None:
    text = "shop at https://acmeshop.com/shop with @shop #shop $SHOP and shop"
    data = {"extends": "existence", "tokens": ["shop"], "ignorecase": True}
    found = run(data, text)
    assert [f.start for f in found] == [0, len(text) - 4]
    raw = run({**data, "scope": "raw"}, text)
    assert len(raw) == 6


def test_entity_scopes_see_only_their_entities() -> None:
    text = "Visit bit.ly/x or http://bit.ly/y today"
    data = {"extends": "existence", "scope": "url", "nonword": True, "raw": [r"bit\.ly"]}
    found = run(data, text)
    assert [text[f.start : f.end] for f in found] == ["bit.ly", "bit.ly"]
    assert [f.start for f in found] == [6, 25]
    assert run({**data, "scope": "text"}, text) == []


def test_emoji_scope_counts_grapheme_clusters() -> None:
    text = "Trip 👨‍👩‍👧 🏔️ 🇬🇧 ⛺ done"
    data = {
        "extends": "occurrence",
        "scope": "emoji",
        "max": 3,
        "token": r"(?!\s)\X",
        "message": "%s emoji",
    }
    found = run(data, text)
    assert len(found) == 1
    assert found[0].message == "4 emoji"
    assert text[found[0].start : found[0].end] == "⛺"


# -- substitution -----------------------------------------------------------------------
def test_substitution_swap_message_and_replacement() -> None:
    text = "Pack a rain coat."
    data = {
        "extends": "substitution",
        "message": "Use '%s' instead of '%s'.",
        "swap": {"rain coat": "rain jacket"},
    }
    (finding,) = run(data, text)
    assert finding.message == "Use 'rain jacket' instead of 'rain coat'."
    assert finding.replacements == ("rain jacket",)
    assert finding.apply(text) == "Pack a rain jacket."


def test_substitution_quotes_unquoted_placeholder_and_options() -> None:
    text = "Hey guys"
    data = {
        "extends": "substitution",
        "message": "Use %s, not %s.",
        "swap": {"guys": "everyone|folks"},
    }
    (finding,) = run(data, text)
    assert finding.message == "Use 'everyone' or 'folks', not guys."
    assert finding.replacements == ("everyone", "folks")


def test_substitution_skips_text_already_correct_and_keeps_capital() -> None:
    text = "Mankind, mankind and human kind"
    data = {
        "extends": "substitution",
        "message": "'%s' for '%s'",
        "ignorecase": True,
        "capitalize": True,
        "swap": {"mankind": "human kind", "human kind": "human kind"},
    }
    found = run(data, text)
    assert [f.replacements for f in found] == [("Human kind",), ("human kind",)]


def test_substitution_capture_groups_become_non_capturing() -> None:
    text = "Use the web site or the website"
    data = {
        "extends": "substitution",
        "message": "%s",
        "swap": {"web (site|page)": "website", "(e)-mail": "email"},
    }
    found = run(data, text)
    assert spans(found, text) == ["web site"]
    assert found[0].replacements == ("website",)


def test_substitution_longest_key_wins() -> None:
    text = "mpl 2.0"
    data = {
        "extends": "substitution",
        "message": "%s",
        "ignorecase": True,
        "swap": {"MPL": "MPL", "MPL[ -]?2(?:\\.0)?": "MPL 2.0"},
    }
    (finding,) = run(data, text)
    assert finding.replacements == ("MPL 2.0",)
    assert (finding.start, finding.end) == (0, 7)


# -- occurrence -------------------------------------------------------------------------
def test_occurrence_max_on_hashtags() -> None:
    text = "New #Trail #Run #Gear #Sale drop"
    data = {
        "extends": "occurrence",
        "scope": "hashtag",
        "max": 2,
        "token": r"#\S+",
        "message": "%s hashtags",
    }
    (finding,) = run(data, text)
    assert finding.message == "4 hashtags"
    assert text[finding.start : finding.end] == "#Gear #Sale"
    assert run(data, "Just #Two #Tags") == []


def test_occurrence_min_flags_short_block() -> None:
    data = {"extends": "occurrence", "min": 5, "token": r"\b\w+\b", "message": "too short"}
    (finding,) = run(data, "  Too short. ")
    assert (finding.start, finding.end) == (2, 12)
    assert run(data, "This one has enough words in it") == []


def test_occurrence_per_sentence_scope() -> None:
    data = {"extends": "occurrence", "scope": "sentence", "max": 3, "token": r"\b\w+\b"}
    text = "One two three. One two three four. Ok."
    (finding,) = run(data, text)
    assert text[finding.start : finding.end] == "four"


# -- repetition -------------------------------------------------------------------------
def test_repetition_flags_repeats_on_one_line() -> None:
    data = {
        "extends": "repetition",
        "message": "'%s' is repeated!",
        "alpha": True,
        "ignorecase": True,
        "tokens": [r"[^\s]+"],
    }
    text = "This is The the end.\nthe\nthe line 42 42"
    (finding,) = run(data, text)
    assert finding.message == "'the' is repeated!"
    assert text[finding.start : finding.end] == "The the"


def test_repetition_max_allows_some() -> None:
    data = {"extends": "repetition", "max": 1, "tokens": [r"\w+"], "message": "%s"}
    assert run(data, "very very good") == []
    assert len(run(data, "very very very good")) == 1


# -- consistency ------------------------------------------------------------------------
def test_consistency_flags_second_form() -> None:
    data = {
        "extends": "consistency",
        "message": "Inconsistent: '%s'",
        "ignorecase": True,
        "either": {"colour": "color"},
    }
    text = "The color is nice, the colour less so, color again."
    found = run(data, text)
    assert spans(found, text) == ["colour"]
    assert found[0].replacements == ("color",)
    assert run(data, "colour and colour") == []


# -- capitalization ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("match", "text", "flagged"),
    [
        ("$title", "A Walk in the Woods", False),
        ("$title", "A walk in the woods", True),
        ("$sentence", "A walk in the woods with GPS", False),
        ("$sentence", "An Unimportant Heading Here", True),
        ("$lower", "all lower", False),
        ("$lower", "Not lower", True),
        ("$upper", "LOUD", False),
        ("$upper", "Quiet", True),
    ],
)
def test_capitalization_styles(match: str, text: str, flagged: bool) -> None:
    data = {"extends": "capitalization", "match": match, "message": "'%s'"}
    found = run(data, text)
    assert bool(found) is flagged
    if flagged:
        assert found[0].message == f"'{text}'"


def test_capitalization_chicago_and_exceptions() -> None:
    text = "Walking Through the Forest"
    ap = {"extends": "capitalization", "match": "$title", "threshold": 1.0, "style": "AP"}
    chicago = {**ap, "style": "Chicago"}
    assert run(ap, text) == []
    assert run(chicago, text) != []
    assert run(chicago, "Walking through the Forest") == []
    exc = {
        "extends": "capitalization",
        "match": "$sentence",
        "exceptions": ["TrailPro"],
        "threshold": 1.0,
    }
    assert run(exc, "Meet the TrailPro boot") == []
    assert run(exc, "Meet the Trailpro boot") != []


def test_capitalization_regex_on_hashtags() -> None:
    data = {"extends": "capitalization", "scope": "hashtag", "match": "^#[A-Z]", "message": "'%s'"}
    text = "Go #TrailRun #outdoors"
    (finding,) = run(data, text)
    assert text[finding.start : finding.end] == "#outdoors"


# -- conditional ------------------------------------------------------------------------
def test_conditional_acronym_needs_definition() -> None:
    data = {
        "extends": "conditional",
        "message": "'%s' has no definition",
        "first": r"\b([A-Z]{3,5})\b",
        "second": r"(?:\b[A-Z][a-z]+ )+\(([A-Z]{3,5})\)",
        "exceptions": ["GPS"],
    }
    text = "Leave No Trace (LNT) matters. LNT and GPS and NPS."
    (finding,) = run(data, text)
    assert finding.message == "'NPS' has no definition"
    assert text[finding.start : finding.end] == "NPS"


# -- metric -----------------------------------------------------------------------------
def test_metric_formula_and_condition() -> None:
    data = {
        "extends": "metric",
        "message": "%s words per sentence",
        "formula": "words / sentences",
        "condition": "> 3",
    }
    (finding,) = run(data, "One two three four five six. Seven.")
    assert finding.message == "3.50 words per sentence"
    assert run({**data, "condition": "> 10"}, "One two three.") == []


def test_formula_parser_is_safe_and_precise() -> None:
    formula = parse_formula(
        "(words + 2) * 3 / -(sentences - 4) % 7", frozenset({"words", "sentences"})
    )
    assert formula({"words": 4, "sentences": 1}) == pytest.approx((6 * 3 / -(1 - 4)) % 7)
    assert (
        parse_formula("words / sentences", frozenset({"words", "sentences"}))(
            {"words": 3, "sentences": 0}
        )
        == 0.0
    )
    with pytest.raises(FormulaError, match="unknown variable '__import__'"):
        parse_formula("__import__(os)", frozenset({"words"}))
    with pytest.raises(FormulaError, match="unexpected"):
        parse_formula("words.__class__", frozenset({"words"}))
    with pytest.raises(FormulaError):
        parse_formula("words +", frozenset({"words"}))
    with pytest.raises(FormulaError):
        parse_formula("words ** 2", frozenset({"words"}))
    assert parse_condition(">= 2.5")(2.5)
    assert not parse_condition("< 1")(1)
    with pytest.raises(FormulaError):
        parse_condition("big")


# -- building rules ---------------------------------------------------------------------
def test_build_rule_collects_every_problem() -> None:
    with pytest.raises(RuleDataError) as err:
        build_rule(
            "A.B",
            {
                "extends": "existence",
                "tokens": ["(unclosed"],
                "levle": "error",
                "ignorecase": "yes",
                "level": "fatal",
            },
        )
    keys = sorted(k for k, _ in err.value.problems)
    assert keys == ["ignorecase", "level", "levle", "tokens"]


@pytest.mark.parametrize("kind", ["sequence", "script"])
def test_unsupported_kinds_are_skipped_not_errors(kind: str) -> None:
    with pytest.raises(SkippedRule) as skipped:
        build_rule("A.B", {"extends": kind, "message": "x"})
    assert skipped.value.kind == kind


def test_unknown_kind_and_missing_keys() -> None:
    with pytest.raises(RuleDataError, match="unknown rule kind"):
        build_rule("A.B", {"extends": "grammar"})
    with pytest.raises(RuleDataError, match="needs 'swap'"):
        build_rule("A.B", {"extends": "substitution"})
