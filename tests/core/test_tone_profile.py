"""Parsing the guide's ``tone:`` section: the documented format, and every problem reported."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from composer.core.errors import ComposerError, KnownError
from composer.core.findings import Level
from composer.core.tone import (
    NumericLimit,
    ToneAnalyzer,
    ToneConfigError,
    ToneSettings,
    parse_tone_section,
)

EXAMPLE = """
tone:
  topics: {competitors_legal: [lawsuit, litigation]}
  profanity_allow: [hell]
  acronyms: [GPS, USB]
  profiles:
    support:
      sentiment: {min: -0.2, level: warning}
      promotional: {forbid: true, level: error}
      exclamations: {max: 1}
      shouting: {max: 0}
      emoji: {max: 2}
      topics: {forbid: [politics, religion], level: error}
      profanity: {forbid: true, level: error}
      voice: {require: we}
      readability: {min: 50}
    promotions:
      promotional: {max: 5}
      disclosure: {require: ["#ad", "#sponsored"], level: error}
"""


def parse(data: Any, **kwargs: Any) -> ToneSettings:
    return parse_tone_section(data, **kwargs)


def problems_of(data: Any, **kwargs: Any) -> dict[tuple[str | int, ...], str]:
    with pytest.raises(ToneConfigError) as err:
        parse_tone_section(data, **kwargs)
    return dict(err.value.problems)


def test_documented_example_parses() -> None:
    settings = parse(yaml.safe_load(EXAMPLE)["tone"])
    support = settings.profiles["support"]
    assert support.limits["sentiment"] == NumericLimit(level=Level.WARNING, min=-0.2)
    assert support.limits["promotional"] == NumericLimit(level=Level.ERROR, forbid=True)
    assert support.limits["exclamations"].max == 1
    assert support.topics is not None
    assert support.topics.forbid == ("politics", "religion")
    assert support.voice is not None
    assert support.voice.require == "we"
    promotions = settings.profiles["promotions"]
    assert promotions.disclosure is not None
    assert promotions.disclosure.tags == ("#ad", "#sponsored")
    assert promotions.disclosure.level is Level.ERROR
    assert settings.topics == {"competitors_legal": ("lawsuit", "litigation")}
    assert settings.profanity_allow == {"hell"}
    assert settings.acronyms == {"GPS", "USB"}


def test_default_levels() -> None:
    settings = parse(
        {
            "profiles": {
                "p": {
                    "emoji": {"max": 1},
                    "profanity": {"forbid": True},
                    "topics": {"forbid": ["politics"]},
                    "voice": {"require": "I"},
                    "disclosure": {"require": True},
                }
            }
        }
    )
    p = settings.profiles["p"]
    assert p.limits["emoji"].level is Level.WARNING
    assert p.limits["profanity"].level is Level.ERROR
    assert p.topics is not None
    assert p.topics.level is Level.ERROR
    assert p.voice is not None
    assert (p.voice.require, p.voice.level) == ("i", Level.WARNING)
    assert p.disclosure is not None
    assert p.disclosure.tags == settings.disclosure_tags
    assert p.disclosure.level is Level.WARNING


def test_empty_section_and_empty_profile() -> None:
    assert parse({}).profiles == {}
    assert parse({"profiles": {"quiet": None}}).profiles["quiet"].limits == {}


def test_all_problems_are_collected_with_paths() -> None:
    found = problems_of(
        {
            "colour": "blue",
            "profanity_threshold": 5,
            "disclosure_tags": ["ad"],
            "profiles": {
                "support": {
                    "loudness": {"max": 1},
                    "emoji": {"max": "two"},
                    "exclamations": {"min": 3, "max": 1},
                    "sentiment": {"min": -2, "forbid": True},
                    "shouting": {"max": 0, "level": "fatal", "colour": 1},
                    "hashtags": {"max": -1},
                    "voice": {"require": "they"},
                    "topics": {"forbid": "politics", "level": 3},
                    "links": {},
                },
                "other": ["not", "a", "mapping"],
            },
        }
    )
    expected = {
        ("colour",): "unknown key 'colour'",
        ("profanity_threshold",): "expected 0, 1 or 2",
        ("disclosure_tags", 0): "a disclosure tag is a hashtag",
        ("profiles", "support", "loudness"): "unknown measure 'loudness'",
        ("profiles", "support", "emoji", "max"): "expected a number, got text",
        ("profiles", "support", "exclamations"): "min 3 is greater than max 1",
        ("profiles", "support", "sentiment", "min"): "sentiment runs from -1 to 1",
        ("profiles", "support", "sentiment", "forbid"): "unknown key 'forbid'",
        ("profiles", "support", "shouting", "level"): "unknown level 'fatal'",
        ("profiles", "support", "shouting", "colour"): "unknown key 'colour'",
        ("profiles", "support", "hashtags", "max"): "a count cannot be negative",
        ("profiles", "support", "voice", "require"): "expected 'we' or 'I'",
        ("profiles", "support", "topics", "level"): "expected error, warning or suggestion",
        ("profiles", "support", "links"): "a limit needs min, max or forbid",
        ("profiles", "other"): "a profile is a mapping",
    }
    for path, start in expected.items():
        assert path in found, path
        assert found[path].startswith(start), (path, found[path])


def test_error_text_names_each_path() -> None:
    with pytest.raises(ToneConfigError) as err:
        parse({"profiles": {"support": {"emoji": {"max": "two"}, "voice": {"require": 1}}}})
    text = str(err.value)
    assert "tone.profiles.support.emoji.max: expected a number, got text" in text
    assert "tone.profiles.support.voice.require: expected 'we' or 'I', got 1" in text
    assert isinstance(err.value, KnownError)
    assert isinstance(err.value, ComposerError)


@pytest.mark.parametrize("bad", [None, [], "tone", 3])
def test_section_must_be_a_mapping(bad: Any) -> None:
    with pytest.raises(ToneConfigError, match="the tone section must be a mapping"):
        parse(bad)


def test_wrong_types_for_lists_and_topics() -> None:
    found = problems_of({"topics": ["politics"], "acronyms": {"a": 1}, "profanity_allow": [1]})
    assert found[("topics",)].startswith("expected a mapping of topic names")
    assert found[("acronyms",)].startswith("expected a list of words")
    assert found[("profanity_allow", 0)].startswith("expected a word")


def test_unknown_topics_with_known_topics() -> None:
    data = {
        "topics": {"legal": ["lawsuit"]},
        "profiles": {"p": {"topics": {"forbid": ["politics", "legal", "sports"]}}},
    }
    found = problems_of(data, known_topics=["politics", "religion"])
    assert list(found) == [("profiles", "p", "topics", "forbid", 2)]
    assert found[("profiles", "p", "topics", "forbid", 2)].startswith("unknown topic 'sports'")
    parse(data)  # without known topics, the analyzer checks them instead


def test_analyzer_rejects_unknown_topic() -> None:
    settings = parse({"profiles": {"p": {"topics": {"forbid": ["sports"]}}}})
    with pytest.raises(ToneConfigError) as err:
        ToneAnalyzer(settings)
    assert err.value.problems[0][0] == ("profiles", "p", "topics", "forbid", 0)
    assert "unknown topic 'sports'" in str(err.value)


def test_disclosure_options() -> None:
    settings = parse(
        {
            "disclosure_tags": ["#Anzeige", "#ad"],
            "profiles": {"p": {"disclosure": {"require": True, "when_score": 2}}},
        }
    )
    d = settings.profiles["p"].disclosure
    assert d is not None
    assert d.tags == ("#anzeige", "#ad")
    assert d.when_score == 2
    found = problems_of({"profiles": {"p": {"disclosure": {"require": False, "when_score": -1}}}})
    assert ("profiles", "p", "disclosure", "require") in found
