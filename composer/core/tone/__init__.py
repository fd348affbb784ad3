"""Tone measures and per-account tone profiles (issue 4).

Each measure is a pure function giving a value, a unit and the spans that caused it; a profile
sets limits on measures; a check turns broken limits into findings that state the measured
value and the limit in plain words. See ``docs/tone.md``.

Typical use::

    settings = parse_tone_section(guide_data["tone"])
    analyzer = ToneAnalyzer(settings, accepted_vocabulary=guide_terms, lexicon_dir=folder)
    result = analyzer.check(draft, "support", handle="@AcmeHelp")
"""

from __future__ import annotations

from composer.core.tone.analyzer import RULE_IDS, ToneAnalyzer, ToneResult, Violation
from composer.core.tone.lexicons import (
    LexiconError,
    Lexicons,
    default_lexicon_dir,
    load_lexicons,
    topic_names,
)
from composer.core.tone.measures import (
    MIN_READABILITY_WORDS,
    MeasureInfo,
    Measurement,
    measure_definitions,
    measure_info,
    syllables,
)
from composer.core.tone.profile import (
    DisclosureLimit,
    NumericLimit,
    ToneConfigError,
    ToneProfile,
    ToneSettings,
    TopicLimit,
    VoiceLimit,
    parse_tone_section,
)
from composer.core.tone.routing import RouteVerdict, route, route_summary

__all__ = [
    "MIN_READABILITY_WORDS",
    "RULE_IDS",
    "DisclosureLimit",
    "LexiconError",
    "Lexicons",
    "MeasureInfo",
    "Measurement",
    "NumericLimit",
    "RouteVerdict",
    "ToneAnalyzer",
    "ToneConfigError",
    "ToneProfile",
    "ToneResult",
    "ToneSettings",
    "TopicLimit",
    "Violation",
    "VoiceLimit",
    "default_lexicon_dir",
    "load_lexicons",
    "measure_definitions",
    "measure_info",
    "parse_tone_section",
    "route",
    "route_summary",
    "syllables",
    "topic_names",
]
