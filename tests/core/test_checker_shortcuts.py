"""The checker's shortcuts change no report: the same drafts through the reference path.

``Checker(guide, shortcuts=False)`` runs every rule's patterns on every text (no literal
gates, no repeat regions, no entity-only scans); the default checker must give the same
reports, findings, metrics, scores and notices, on random drafts and on a guide written to
exercise every rule kind and scope.
"""

from __future__ import annotations

import random

import pytest
from helpers.twitter_fuzz import random_tweet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.checker import Checker
from composer.core.guide import Guide, load_guide
from composer.core.rules import RuleContext
from composer.resources import resource_path

STRESS_GUIDE = r"""
brand: Stress
vocabulary:
  accept: [TrailPro, 'Summit(?:Shell)?', 'e-?mail', Kelvin]
  reject: [cheap, 'knock ?off', 'sKi']
rules:
  - {id: S.CaseTokens, extends: existence, message: "x '%s'", level: warning,
     tokens: [Trail, GPS, İstanbul, ſale, sale]}
  - {id: S.IgnTokens, extends: existence, message: "y '%s'", ignorecase: true, level: error,
     tokens: [kelvin, straße, 'the end', sky], exceptions: [Sky]}
  - {id: S.Raw, extends: existence, message: "r %s", raw: ['(?i)colou?r\b', '\s+'],
     nonword: true, append: true, tokens: [x]}
  - {id: S.RawOnly, extends: existence, message: "r %s", scope: [sentence, raw],
     raw: ['\b(?:[A-Z]{2,}\d+|foo|bar)\b']}
  - {id: S.Para, extends: existence, message: "s %s", tokens: ['we\W+are'], scope: paragraph,
     ignorecase: true}
  - {id: S.Heading, extends: existence, message: "h %s", tokens: ['(?i:Tent)s?', 'stove(?=s)'],
     scope: heading}
  - {id: S.Swap, extends: substitution, message: "Use %s not %s", ignorecase: true,
     capitalize: true, swap: {'(very|really) (good|great)': excellent,
     'e[- ]?bike': 'e-bike|ebike', 'k': K, 'ok': OK, 'trail run(?:s|ning)?': trail run}}
  - {id: S.SwapCase, extends: substitution, message: "Use '%s' not %s",
     swap: {Trailpro: TrailPro, northwind: Northwind, '(?i)gps': GPS}, exceptions: [NORTHWIND]}
  - {id: S.SwapNonword, extends: substitution, message: "%s", nonword: true,
     swap: {'\.\.\.': '…', '--': '—', '!!+': '!'}}
  - {id: S.Occ, extends: occurrence, message: "occ %s", scope: sentence, max: 2,
     token: '(?i)\bthe\b'}
  - {id: S.OccMin, extends: occurrence, message: "min %s", min: 2, token: '\bwe\b',
     ignorecase: true}
  - {id: S.OccUrl, extends: occurrence, message: "u %s", scope: url, max: 1, token: 'https'}
  - {id: S.OccHash, extends: occurrence, message: "h %s", scope: hashtag, max: 1,
     token: '#\w+'}
  - {id: S.OccEmoji, extends: occurrence, message: "e %s", scope: emoji, max: 1,
     token: '(?!\s)\X'}
  - {id: S.OccMention, extends: occurrence, message: "m %s", scope: mention, max: 0, min: 0,
     token: '[@＠][^\s]+'}
  - {id: S.Rep, extends: repetition, message: "rep %s", tokens: ['[^\s]+']}
  - {id: S.RepIC, extends: repetition, message: "repic %s", ignorecase: true, tokens: ['\S+'],
     exceptions: ['(?i)ha']}
  - {id: S.RepWord, extends: repetition, message: "repw %s", alpha: true, tokens: ['\w+']}
  - {id: S.RepSent, extends: repetition, message: "reps %s", scope: sentence,
     ignorecase: true, alpha: true, max: 1, tokens: ['[^\s]+']}
  - {id: S.Cons, extends: consistency, message: "c %s %s", ignorecase: true,
     either: {colour: color, 'e-?mail': 'electronic mail', ok: okay}}
  - {id: S.ConsNW, extends: consistency, message: "c %s %s", nonword: true,
     either: {'!': '\?'}}
  - {id: S.Cond, extends: conditional, message: "d %s", first: '\b([A-Z]{2,5})\b',
     second: '\(([A-Z]{2,5})\)', exceptions: [OK]}
  - {id: S.CondNoGroup, extends: conditional, message: "d %s", ignorecase: true,
     first: 'pt\b', second: pacific}
  - {id: S.CapTitle, extends: capitalization, message: "t %s", scope: sentence, match: $title}
  - {id: S.CapUpper, extends: capitalization, message: "u %s", scope: cashtag, match: $upper}
  - {id: S.CapEmoji, extends: capitalization, message: "e %s", scope: emoji,
     match: '\p{Emoji_Presentation}'}
  - {id: S.Metric, extends: metric, message: "m %s", scope: sentence,
     formula: 'syllables / (words + 1) + hashtags + emoji', condition: '> 1.8'}
  - {id: S.Limited, extends: existence, message: "lim %s", tokens: ['\w'], limit: 3}
  - {id: S.Empty, extends: existence, message: "e %s", raw: ['x*'], nonword: true}
  - {id: S.EmojiRaw, extends: existence, message: "emo %s", scope: emoji, raw: ['🏔'],
     nonword: true}
  - {id: S.Links, extends: existence, message: "l %s", scope: url, nonword: true,
     raw: ['http://', '(?:bit\.ly|t\.co)']}
accounts:
  - {handle: "@A", limit: 140, counting: v1}
  - {handle: "@B", limit: 280, counting: v3, levels: {S.CaseTokens: suggestion, S.Limited: off}}
"""

PIECES = [
    "the the",
    "The the",
    "THE the",
    "we we",
    "Trail",
    "trail pro",
    "Trailpro",
    "TrailPro",
    "GPS",
    "(GPS)",
    "İstanbul",
    "ſale",
    "sale",
    "\u212aelvin",
    "sky",
    "Sky",
    "colour",
    "color",
    "e-mail",
    "electronic mail",
    "ok",
    "okay",
    "very good",
    "really great",
    "ebike",
    "...",
    "--",
    "!!",
    "?",
    "6pm",
    "PT",
    "Pacific",
    "#Tag",
    "#tag",
    "@who",
    "$AB",
    "$ab",
    "https://x.example/a",
    "http://bit.ly/x",
    "t.co/x",
    "👨‍👩‍👧",
    "🏔️",
    "🇬🇧",
    "1️⃣",
    "a🏻",
    "家族",
    "e\u0301",
    "ha ha",
    "HA ha",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "  ",
    "\u3000",
    ".",
    "cheap",
    "knockoff",
    "ski",
    "SKI",
    "tents",
    "stoves",
    "we are",
    "foo",
    "AB12",
    "x",
]


@pytest.fixture(scope="module")
def stress_guide(tmp_path_factory: pytest.TempPathFactory) -> Guide:
    path = tmp_path_factory.mktemp("stress") / "guide.yml"
    path.write_text(STRESS_GUIDE, encoding="utf-8")
    return load_guide(path)


@pytest.fixture(scope="module")
def example_guide() -> Guide:
    return load_guide(resource_path("example", "brand-guide.yml"))


def _draft(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return str(random_tweet(rng))
    parts = []
    for _ in range(rng.randint(0, 30)):
        parts.append(rng.choice(PIECES))
        parts.append(rng.choice([" ", " ", " ", "", "\n", ", "]))
    return "".join(parts)


@pytest.mark.parametrize("guide_name", ["example_guide", "stress_guide"])
def test_shortcuts_give_the_same_reports(guide_name: str, request: pytest.FixtureRequest) -> None:
    guide: Guide = request.getfixturevalue(guide_name)
    fast = Checker(guide)
    reference = Checker(guide, shortcuts=False)
    rng = random.Random(20)
    for _ in range(400):
        text = _draft(rng)
        for account in guide.accounts:
            assert fast.check(text, account) == reference.check(text, account), text


@pytest.fixture(scope="module")
def stress_pair(stress_guide: Guide) -> tuple[Checker, Checker]:
    return Checker(stress_guide), Checker(stress_guide, shortcuts=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=4)).map(" ".join))
def test_each_rule_matches_its_reference(stress_pair: tuple[Checker, Checker], text: str) -> None:
    fast, reference = stress_pair
    for rule, slow in zip(fast.compiled, reference.compiled, strict=True):
        assert rule.run(RuleContext(text)) == slow.run(RuleContext(text)), rule.id


def test_gates_only_skip_rules_that_find_nothing(stress_guide: Guide) -> None:
    checker = Checker(stress_guide, shortcuts=False)
    gated = Checker(stress_guide)
    rng = random.Random(3)
    for _ in range(300):
        text = _draft(rng)
        ctx = RuleContext(text)
        for compiled in gated.compiled:
            gate = compiled.gate()
            if gate is not None and not any(lit in ctx.folded("text") for lit in gate):
                slow = next(c for c in checker.compiled if c.id == compiled.id)
                assert slow.run(RuleContext(text)) == [], (compiled.id, text)


def test_entity_scans_match_finditer() -> None:
    import regex

    rng = random.Random(8)
    patterns = [regex.compile(p) for p in (r"(?!\s)\X", r"[#＃][^\s]+", r"[^\s]+", r"\S+\s+\S+")]
    for _ in range(300):
        # The spans are the point here, not the 50 ms guard against runaway patterns: on a
        # loaded CI machine a simple pattern was once descheduled past it ("regex timed out").
        ctx = RuleContext(_draft(rng), timeout=30.0)
        for scope in ("hashtag", "mention", "url", "cashtag", "emoji"):
            view = ctx.view(scope)
            for pattern in patterns:
                expected = [m.span() for m in pattern.finditer(view)]
                for within in (False, True):
                    got = ctx.matches(pattern, scope, nonblank_start=True, within_entities=within)
                    assert [m.span() for m in got] == expected, (pattern.pattern, view)
