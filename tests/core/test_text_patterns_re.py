"""twitter-text's patterns run with ``re`` where speed matters; ``regex`` must agree.

``composer.core.text.patterns`` compiles the patterns used on every draft with the standard
``re`` module (its big character classes are table lookups); these tests extract and count
random tweets with those patterns swapped for ``regex``-compiled ones and compare.
"""

from __future__ import annotations

import random

import pytest
import regex
from helpers.twitter_fuzz import random_tweet

from composer.core.text import extract as extract_module
from composer.core.text import extract_entities, parse_tweet
from composer.core.text import patterns as p

# Module attribute of each pattern compiled with ``re``.
_ATTRIBUTES = {
    "extractUrl": "EXTRACT_URL",
    "validAsciiDomain": "VALID_ASCII_DOMAIN",
    "validTcoUrl": "VALID_TCO_URL",
    "invalidUrlWithoutProtocolPrecedingChars": "INVALID_URL_WITHOUT_PROTOCOL_PRECEDING",
    "validMentionOrList": "VALID_MENTION_OR_LIST",
    "endMentionMatch": "END_MENTION_MATCH",
    "validReply": "VALID_REPLY",
    "atSigns": "AT_SIGNS",
    "validHashtag": "VALID_HASHTAG",
    "endHashtagMatch": "END_HASHTAG_MATCH",
    "hashSigns": "HASH_SIGNS",
    "validCashtag": "VALID_CASHTAG",
    "invalidChars": "INVALID_CHARS",
}


def _results(texts: list[str]) -> list[object]:
    out: list[object] = []
    for text in texts:
        out.append(extract_entities(text))
        out.append(extract_module.extract_reply_screen_name(text))
        for config in ("v1", "v3"):
            out.append(parse_tweet(text, config))
    return out


def test_every_fast_pattern_is_named() -> None:
    assert set(_ATTRIBUTES) == set(p.FAST_NAMES)


def test_re_and_regex_compilations_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(17)
    texts = [random_tweet(rng) for _ in range(2500)]
    fast = _results(texts)
    for name, attribute in _ATTRIBUTES.items():
        monkeypatch.setattr(p, attribute, regex.compile(p.SOURCES[name]))
    monkeypatch.setattr(extract_module, "_WINDOW_CACHE", {})
    assert _results(texts) == fast
