"""Rule kinds against the semantics Vale's own fixtures pin down (our cases, our words).

Each test names the Vale fixture (github.com/errata-ai/vale, ``testdata/``) that inspired it;
none of Vale's data is read here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from composer.core.checker import Checker
from composer.core.findings import Finding
from composer.core.guide import load_guide
from composer.core.rules import RuleContext, RuleDataError, build_rule


def run(data: dict[str, Any], text: str) -> list[Finding]:
    return build_rule("Test.Rule", data).compile().run(RuleContext(text))


def spans(findings: list[Finding], text: str) -> list[str]:
    return [text[f.start : f.end] for f in findings]


def style_findings(tmp_path: Path, guide: dict[str, Any], text: str) -> list[tuple[str, str]]:
    path = tmp_path / "guide.yml"
    path.write_text(yaml.safe_dump({"brand": "Audit", **guide}), encoding="utf-8")
    report = Checker(load_guide(path)).check(text)
    return [(f.rule, text[f.start : f.end]) for f in report.findings if f.rule.startswith("T.")]


# -- substitution -----------------------------------------------------------------------
def test_substitution_fills_capture_references_in_the_replacement() -> None:
    # Inspired by fixtures/checks/Substitution/test2.md with styles/demo/CapSub.yml.
    data = {
        "extends": "substitution",
        "message": "Write '%s', not '%s'.",
        "ignorecase": True,
        "capitalize": True,
        "swap": {"head (?:over )?to the (\\w+) store": "visit the $1 store"},
    }
    text = "Head over to the Leeds store. Or head to the ${2} store? head to the York store"
    found = run(data, text)
    assert [f.replacements for f in found] == [
        ("Visit the Leeds store",),
        ("visit the York store",),
    ]
    assert found[0].message == "Write 'Visit the Leeds store', not 'Head over to the Leeds store'."
    assert found[1].apply(text).endswith("visit the York store")


def test_substitution_trims_spaces_a_nonword_key_matched() -> None:
    # Inspired by fixtures/checks/Substitution/test2.md line 11 with styles/Bugs/WrongExp.yml.
    data = {
        "extends": "substitution",
        "message": "Use '%s' instead of '%s'.",
        "nonword": True,
        "swap": {r"\b(?:[Vv][Ss]\s)(?!Code)": "versus"},
    }
    text = "Boots vs sandals, in VS Code."
    (finding,) = run(data, text)
    assert finding.message == "Use 'versus' instead of 'vs'."
    assert text[finding.start : finding.end] == "vs"
    assert finding.apply(text) == "Boots versus sandals, in VS Code."


def test_substitution_lists_several_options_as_vale_does() -> None:
    # Vale's "multiple suggestions" (docs) as its ToSentence writes them.
    three = {
        "extends": "substitution",
        "message": "Say %s rather than '%s'.",
        "swap": {"guys": "everyone|folks|friends"},
    }
    (finding,) = run(three, "Hi guys")
    assert finding.message == "Say 'everyone', 'folks', or 'friends' rather than 'guys'."
    double = {
        "extends": "substitution",
        "message": 'Say "%s" rather than "%s".',
        "swap": {"guys": "everyone|folks"},
    }
    (finding,) = run(double, "Hi guys")
    assert finding.message == 'Say "everyone" or "folks" rather than "guys".'


# -- capitalization ---------------------------------------------------------------------
SENTENCE: dict[str, Any] = {
    "extends": "capitalization",
    "match": "$sentence",
    "message": "'%s' should be sentence-cased",
    "exceptions": ["Trail", "Northwind Trail Co.", "Gear"],
    "indicators": [":"],
}


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # fixtures/checks/SentenceCase/test.md line 5: a lower-case first word fails even
        # when the other words are enough for the threshold.
        ("packing tips for a long weekend away", True),
        ("Packing tips for a long weekend away", False),
        # line 13: an indicator after a word lets the next one be capitalised.
        ("Packing list: Essentials", False),
        # fixtures/checks/Capitalization/test4.md line 1: a list number works the same way.
        ("2. Layers for mornings", False),
        # test4.md line 17: an exception of several words covers all of them.
        ("Northwind Trail Co. opens", False),
        ("Northwind Trail Co. Opens Today", True),
        # test4.md line 9: the threshold still applies to the other words.
        ("Our Waterproof Boots", True),
    ],
)
def test_sentence_case_first_word_indicators_and_phrases(text: str, flagged: bool) -> None:
    assert bool(run(SENTENCE, text)) is flagged


def test_capitalization_prefix_is_a_pattern() -> None:
    # Inspired by styles/demo/SentenceCase.yml (prefix) and Capitalization/test4.md 13-15.
    data = {**SENTENCE, "prefix": r"^[a-z]\)\s"}
    assert run(data, "b) Socks stay dry") == []
    assert run(SENTENCE, "b) Socks stay dry") != []  # without the prefix: lower-case start
    assert run(data, "B) Socks stay dry") != []
    with pytest.raises(RuleDataError) as err:
        build_rule("Test.Rule", {**SENTENCE, "prefix": "(unclosed"})
    assert [key for key, _ in err.value.problems] == ["prefix"]


def test_title_case_exception_with_punctuation() -> None:
    # Inspired by fixtures/checks/Capitalization/test.md line 7 with styles/demo/Cap.yml.
    data = {
        "extends": "capitalization",
        "match": "$title",
        "style": "Chicago",
        "exceptions": ["trail-kit/winter-pack"],
    }
    assert run(data, "trail-kit/winter-pack") == []
    assert run(data, "Packing the trail-kit/winter-pack Bundle") == []
    assert run(data, "packing the bundle") != []


def test_first_word_after_a_masked_mention_may_take_either_case() -> None:
    # Tweet scopes: the mention is the draft's first word, and it is masked out.
    assert run(SENTENCE, "@sam thanks for the photos from the ridge") == []
    assert run(SENTENCE, "@sam Thanks for the photos from the ridge") == []
    assert run(SENTENCE, "thanks for the photos from the ridge") != []


# -- vocabulary -------------------------------------------------------------------------
def test_accepted_terms_are_capitalization_exceptions(tmp_path: Path) -> None:
    # Inspired by fixtures/checks/Capitalization/test3.md and vocabularies/Cap/accept.txt.
    guide = {
        "vocabulary": {"accept": ["All-Weather Trail System", "TrailPro"]},
        "rules": [
            {"id": "T.Sentence", "extends": "capitalization", "match": "$sentence"},
        ],
    }
    assert style_findings(tmp_path, guide, "Meet the All-Weather Trail System") == []
    assert style_findings(tmp_path, guide, "Our TrailPro boots") == []
    assert style_findings(tmp_path, guide, "Meet the All-Weather Hiking Kit") != []


def test_accepted_terms_are_repetition_exceptions(tmp_path: Path) -> None:
    # Inspired by fixtures/checks/Repetition/test.md line 15 and vocabularies/Rep/accept.txt.
    guide = {
        "vocabulary": {"accept": ["bora"]},
        "rules": [
            {
                "id": "T.Repeat",
                "extends": "repetition",
                "message": "'%s' is repeated!",
                "alpha": True,
                "tokens": [r"[^\s]+"],
            }
        ],
    }
    assert style_findings(tmp_path, guide, "Our bora bora trip") == []
    assert style_findings(tmp_path, guide, "Our the the trip") == [("T.Repeat", "the the")]


# -- metric -----------------------------------------------------------------------------
def test_metric_accepts_vale_heading_spelling_and_math_functions() -> None:
    # Inspired by styles/Checks/MetricValue.yml (heading.h6) and Readability/SMOG.yml.
    headings = {
        "extends": "metric",
        "message": "%s",
        "formula": "heading.h2 + blockquote + list",
        "condition": "== 0",
    }
    (finding,) = run(headings, "No headings in a tweet.")
    assert finding.message == "0.00"
    smog = {
        "extends": "metric",
        "message": "SMOG grade %s",
        "formula": "1.0430 * math.sqrt((polysyllabic_words * 30.0) / sentences) + 3.1291",
        "condition": "> 3",
    }
    text = "Unbelievably comfortable everyday hiking boots. Buy them."
    (finding,) = run(smog, text)
    # Three words of three or more syllables in two sentences: sqrt(45).
    assert finding.message == "SMOG grade 10.13"
    root = {**smog, "formula": "math.sqrt(words - 100)", "condition": "== 0"}
    assert len(run(root, text)) == 1  # undefined values count as 0, like x / 0
    with pytest.raises(RuleDataError, match=r"unknown function 'math\.gamma'"):
        build_rule("Test.Rule", {**smog, "formula": "math.gamma(words)"})
