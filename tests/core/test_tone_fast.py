"""The tone measures' fast paths against plain references.

``VaderScorer`` must give VADER's own compound score, bit for bit; the phrase matchers'
candidate scans must find what a scan of every word start finds; emoji found through
``candidate_clusters`` must be those a walk over every grapheme cluster finds; and measuring
with entities and clusters handed in must equal measuring from the text alone.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import regex
from helpers.twitter_fuzz import random_tweet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment

from composer.core.rules import RuleContext
from composer.core.text.clusters import candidate_clusters
from composer.core.tone import ToneAnalyzer
from composer.core.tone.entities import as_spans
from composer.core.tone.matchers import Match, PhraseMatcher
from composer.core.tone.sentiment import VaderScorer

VADER = vaderSentiment.SentimentIntensityAnalyzer()
SCORER = VaderScorer(VADER)
_LEXICON = sorted(VADER.lexicon)
VADER_PIECES = [
    *_LEXICON[::97],
    *vaderSentiment.BOOSTER_DICT,
    *vaderSentiment.NEGATE,
    *vaderSentiment.SPECIAL_CASES,
    "but",
    "BUT",
    "no",
    "No",
    "NO",
    "least",
    "at least",
    "very least",
    "kind of",
    "never so",
    "never this",
    "without doubt",
    "GOOD",
    "Great",
    "LOVE",
    "hate",
    "good!",
    "(bad)",
    ":)",
    ":(",
    ":D",
    "!",
    "!!!",
    "?",
    "??",
    "????",
    "😀",
    "💘",
    "😁",
    "😡x",
    "x😡",
    "🏔️",
    "家族",
    " ",
    "\t",
    "\n",
    "isn't",
    "n't",
    "or",
    "nor",
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(VADER_PIECES), max_size=30).map(" ".join)
    | st.lists(st.sampled_from(VADER_PIECES), max_size=12).map("".join)
    | st.text(max_size=40)
)
def test_vader_scorer_equals_vader(text: str) -> None:
    expected = VADER.polarity_scores(text)["compound"]
    got = SCORER.compound(text)
    assert repr(got) == repr(expected), text


def test_vader_scorer_on_random_tweets() -> None:
    rng = random.Random(4)
    for _ in range(1500):
        text = random_tweet(rng)
        assert repr(SCORER.compound(text)) == repr(VADER.polarity_scores(text)["compound"])


def _plain_find(matcher: PhraseMatcher[Any], text: str) -> tuple[Match[Any], ...]:
    """The matcher's hits by trying every word start, as before its candidate scans."""
    starts = matcher._starts
    if starts is None:
        return ()
    out: list[Match[Any]] = []
    pos = 0
    while True:
        candidate = starts.search(text, pos)
        if candidate is None:
            return tuple(out)
        at = candidate.start()
        # The pattern for this first character (or the entries that start anywhere).
        pattern = matcher._pattern_for(text[at].lower())
        m = pattern.match(text, at) if pattern is not None else None
        if m is None or m.end() == at:
            pos = at + 1
            continue
        group = m.lastgroup
        if group is not None:
            payload = matcher._payloads[int(group[1:])]
            out.append(Match(at, m.end(), m.group(), payload))
        pos = m.end()


@pytest.fixture(scope="module")
def analyzer() -> ToneAnalyzer:
    return ToneAnalyzer()


MATCHER_PIECES = [
    "sale",
    "Sale",
    "SALE",
    "ſale",
    "on sale",
    "flash sale",
    "20% off",
    "$5",
    "€10",
    "5 USD",
    "shop now",
    "buy one get one",
    "2 for 1",
    "election",
    "Elections",
    "vote",
    "church",
    "pray",
    "shit",
    "sh1t",
    "$hit",
    "f*ck",
    "fuuuck",
    "a$$",
    "ass",
    "@ss",
    "b!tch",
    "#sale",
    "half-price",
    "price drop",
    "İ",
    "\u212a",
    "ı",
    "café",
    "x",
    "1",
    "'",
    "’",
    "*",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(MATCHER_PIECES) | st.text(max_size=3), max_size=25))
def test_matchers_find_what_a_plain_scan_finds(analyzer: ToneAnalyzer, parts: list[str]) -> None:
    text = " ".join(parts) if len(parts) % 2 else "".join(parts)
    for matcher in (analyzer._promo, analyzer._topics, analyzer._profanity._matcher):
        assert matcher.find(text) == _plain_find(matcher, text), text


_GRAPHEME = regex.compile(r"\X")
_EMOJI = regex.compile(
    r"\p{Emoji_Presentation}|\p{Extended_Pictographic}[\U0001F3FB-\U0001F3FF]?\uFE0F"
    r"|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3"
)
_EMOJI_START = regex.compile(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}]|[#*0-9]\uFE0F?\u20E3"
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["👨‍👩‍👧", "🇬🇧", "🇬", "1️⃣", "1\u20e3", "#️⃣", "a🏻", "🏻", "©", "™", "❤️", "e\u0301"]
        )
        | st.text(max_size=3)
    ).map("".join)
)
def test_candidate_clusters_hold_every_emoji(text: str) -> None:
    clusters = candidate_clusters(text)
    for pattern in (_EMOJI, _EMOJI_START):
        walked = [m.span() for m in _GRAPHEME.finditer(text) if pattern.match(m.group())]
        found = [(s, e) for s, e, c in clusters if pattern.match(c)]
        assert found == walked, text


def test_measures_with_shared_entities_equal_measures_alone(analyzer: ToneAnalyzer) -> None:
    rng = random.Random(6)
    for _ in range(500):
        text = random_tweet(rng)
        ctx = RuleContext(text)
        shared = analyzer.measure(
            text, entities=as_spans(ctx.tweet_entities), clusters=ctx.clusters
        )
        assert dict(shared) == dict(analyzer.measure(text)), text
