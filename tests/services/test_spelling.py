"""The offline spell checker: packaged dictionary, brand vocabulary, what it skips."""

from __future__ import annotations

import pytest

from composer.core.findings import Level, Source
from composer.services.spelling import OFFLINE_RULE, OfflineSpeller, language_code, supports


@pytest.fixture(scope="module")
def speller() -> OfflineSpeller:
    return OfflineSpeller("en-US", ["TrailPro", "Acme Gear", "hikeOS"])


def flagged(speller: OfflineSpeller, text: str) -> list[str]:
    return [text[f.start : f.end] for f in speller.check(text)]


def test_misspellings_found_with_suggestions(speller: OfflineSpeller):
    text = "I will recieve teh parcel tomorow."
    findings = speller.check(text)
    assert [text[f.start : f.end] for f in findings] == ["recieve", "teh", "tomorow"]
    assert findings[0].replacements[0] == "receive"
    assert "the" in findings[1].replacements
    assert len(findings[1].replacements) <= 5
    assert all(
        (f.rule, f.source, f.level) == (OFFLINE_RULE, Source.GRAMMAR, Level.WARNING)
        for f in findings
    )


def test_suggestions_keep_capitalisation(speller: OfflineSpeller):
    (finding,) = speller.check("Teh end")
    assert finding.replacements[0] == "The"


def test_brand_vocabulary_in_any_case_is_never_flagged(speller: OfflineSpeller):
    assert flagged(speller, "TrailPro trailpro TRAILPRO by Acme Gear on hikeOS") == []


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.com/teh/recieve now",
        "thanks @tehh and #recievee and $TEHX",
        "NASA and OMGZ are acronyms",
        "4K mp3 2nd 10x shoes",
        "don't won't it's brand’s",
    ],
)
def test_entities_numbers_acronyms_and_contractions_skipped(speller: OfflineSpeller, text: str):
    assert flagged(speller, text) == []


def test_emoji_spans_are_python_indices(speller: OfflineSpeller):
    text = "😀🇺🇸 teh 👩‍👩‍👧 recieve"
    assert flagged(speller, text) == ["teh", "recieve"]


def test_long_unknown_word_is_quick():
    import time

    speller = OfflineSpeller("en")
    started = time.perf_counter()
    speller.check("qwertyuiopasdfgh zxcvbnmasdfghjkl")
    assert time.perf_counter() - started < 0.5


def test_languages():
    assert language_code("en_GB") == "en" and supports("de-DE") and not supports("ja-JP")
    with pytest.raises(ValueError, match="no offline dictionary for language 'ja-JP'"):
        OfflineSpeller("ja-JP")


def test_other_language_dictionary():
    assert [f.rule for f in OfflineSpeller("de-DE").check("Das ist gutt")] == [OFFLINE_RULE]
