"""Checking drafts against profiles: findings state value and limit, and point at the cause."""

from __future__ import annotations

import pytest

from composer.core.findings import Level, Source
from composer.core.tone import (
    RULE_IDS,
    RouteVerdict,
    ToneAnalyzer,
    ToneConfigError,
    parse_tone_section,
    route,
    route_summary,
)

TONE = {
    "profiles": {
        "support": {
            "sentiment": {"min": -0.2},
            "promotional": {"forbid": True, "level": "error"},
            "exclamations": {"max": 1},
            "exclamation_run": {"max": 1},
            "shouting": {"max": 0},
            "emoji": {"max": 2},
            "topics": {"forbid": ["politics", "religion"]},
            "profanity": {"forbid": True},
            "voice": {"require": "we"},
            "readability": {"min": 50},
        },
        "promotions": {
            "promotional": {"max": 5},
            "hashtags": {"min": 1, "max": 3, "level": "suggestion"},
            "disclosure": {"require": ["#ad", "#sponsored"], "level": "error"},
            "voice": {"require": "I"},
            "grade": {"max": 8},
        },
        "soft": {"disclosure": {"require": ["#ad"], "when_score": 4}},
    }
}


@pytest.fixture(scope="module")
def analyzer() -> ToneAnalyzer:
    return ToneAnalyzer(parse_tone_section(TONE))


def test_sentiment_message_matches_the_issue(analyzer: ToneAnalyzer) -> None:
    text = "This is terrible, you never answer."
    result = analyzer.check(text, "support", handle="@AcmeHelp")
    sentiment = [f for f in result.findings if f.rule == "Tone.Sentiment"]
    value = result.metrics["sentiment"]
    assert value < -0.2
    expected = (
        f"Sentiment {value:.2f} is below @AcmeHelp's minimum of -0.20 (words: 'terrible', 'never')"
    )
    # One broken limit is one finding, pointing at every word that broke it.
    assert [f.message for f in sentiment] == [expected]
    assert [text[s:e] for s, e in sentiment[0].spans] == ["terrible", "never"]
    assert all(f.source is Source.TONE and f.level is Level.WARNING for f in sentiment)


def test_default_handle_reads_naturally(analyzer: ToneAnalyzer) -> None:
    result = analyzer.check("Awful, terrible, horrible.", "support")
    assert "this account's minimum of -0.20" in result.findings[0].message


def test_promotional_forbidden_points_at_phrases(analyzer: ToneAnalyzer) -> None:
    text = "We fixed it. Shop now for 20% off."
    result = analyzer.check(text, "support", handle="@AcmeHelp")
    promo = [f for f in result.findings if f.rule == "Tone.Promotional"]
    assert len(promo) == 1
    assert [text[s:e] for s, e in promo[0].spans] == ["Shop now", "20% off"]
    assert promo[0].message == (
        "Promotional language is not allowed on @AcmeHelp (found: 'Shop now', '20% off')"
    )
    assert promo[0].level is Level.ERROR


@pytest.mark.parametrize(
    ("text", "rule", "message", "spans"),
    [
        (
            "We can help! Really!",
            "Tone.Exclamations",
            "2 exclamation marks are more than @H's maximum of 1 (found: '!')",
            ["!", "!"],
        ),
        (
            "We can help!!",
            "Tone.ExclamationRun",
            "2 marks in a row are more than @H's maximum of 1 (found: '!!')",
            ["!!"],
        ),
        (
            "We are SO sorry, TRULY",
            "Tone.Shouting",
            "1 shouted word is more than @H's maximum of 0 (found: 'TRULY')",
            ["TRULY"],
        ),
        (
            "We love it 🎉🎉🎉",
            "Tone.Emoji",
            "3 emoji are more than @H's maximum of 2 (found: '🎉')",
            ["🎉", "🎉", "🎉"],
        ),
        (
            "We will not discuss the election",
            "Tone.Topic",
            "Politics is a forbidden topic on @H (found: 'election')",
            ["election"],
        ),
        (
            "We think that was bullsh1t",
            "Tone.Profanity",
            "Profanity is not allowed on @H (found: 'bullsh1t' (likely profane))",
            ["bullsh1t"],
        ),
        (
            "I think my team can help",
            "Tone.Voice",
            "@H speaks as 'we', not 'I' (found: 'I', 'my')",
            ["I", "my"],
        ),
    ],
)
def test_findings_per_measure(
    analyzer: ToneAnalyzer, text: str, rule: str, message: str, spans: list[str]
) -> None:
    result = analyzer.check(text, "support", handle="@H")
    hits = [f for f in result.findings if f.rule == rule]
    assert len(hits) == 1  # one finding per broken limit, with every span
    assert [text[s:e] for s, e in hits[0].spans] == spans
    assert (hits[0].start, hits[0].end) == hits[0].spans[0]
    assert hits[0].message == message


def test_topic_and_profanity_default_to_error(analyzer: ToneAnalyzer) -> None:
    result = analyzer.check("Damn, the election again. We pray.", "support")
    levels = {f.rule: f.level for f in result.findings}
    assert levels["Tone.Topic"] is Level.ERROR
    assert levels["Tone.Profanity"] is Level.ERROR
    topics = [v for v in result.violations if v.rule == "Tone.Topic"]
    assert [v.reason for v in topics] == ["topic: politics", "topic: religion"]


def test_whole_draft_measure_spans_the_whole_text(analyzer: ToneAnalyzer) -> None:
    text = (
        "Notwithstanding organisational considerations, we acknowledge unprecedented "
        "infrastructural complications affecting international communications."
    )
    result = analyzer.check(text, "support", handle="@H")
    readability = [f for f in result.findings if f.rule == "Tone.Readability"]
    assert len(readability) == 1
    assert (readability[0].start, readability[0].end) == (0, len(text))
    value = result.metrics["readability"]
    assert readability[0].message == (
        f"Reading ease {value:.1f} is below @H's minimum of 50".replace(".0 ", " ")
    )


def test_short_drafts_skip_readability(analyzer: ToneAnalyzer) -> None:
    result = analyzer.check("We got it. Thanks.", "support")
    assert "readability" not in result.metrics
    assert not [f for f in result.findings if f.rule == "Tone.Readability"]


def test_disclosure_required_when_promotional(analyzer: ToneAnalyzer) -> None:
    text = "Grab yours now, just $20"
    result = analyzer.check(text, "promotions", handle="@AcmeDeals")
    disclosure = [f for f in result.findings if f.rule == "Tone.Disclosure"]
    assert len(disclosure) == 1
    assert [text[s:e] for s, e in disclosure[0].spans] == ["Grab yours", "$20"]
    assert disclosure[0].message == (
        "Promotional posts on @AcmeDeals need a disclosure: add '#ad' or '#sponsored' "
        "(found: 'Grab yours', '$20')"
    )
    assert disclosure[0].level is Level.ERROR
    disclosed = analyzer.check(text + " #Sponsored", "promotions")
    assert not [f for f in disclosed.findings if f.rule == "Tone.Disclosure"]
    plain = analyzer.check("I love the new colours #spring", "promotions")
    assert not [f for f in plain.findings if f.rule == "Tone.Disclosure"]


def test_disclosure_when_score(analyzer: ToneAnalyzer) -> None:
    assert not analyzer.check("Grab yours, just $20", "soft").findings  # score 3 < 4
    assert analyzer.check("Grab yours, just $20, hurry", "soft").findings  # score 4


def test_minimum_count_and_suggestion_level(analyzer: ToneAnalyzer) -> None:
    result = analyzer.check("I made this", "promotions", handle="@D")
    hashtags = [f for f in result.findings if f.rule == "Tone.Hashtags"]
    assert len(hashtags) == 1
    assert hashtags[0].message == "0 hashtags are fewer than @D's minimum of 1"
    assert hashtags[0].level is Level.SUGGESTION
    assert (hashtags[0].start, hashtags[0].end) == (0, len("I made this"))


def test_i_voice_profile_flags_we(analyzer: ToneAnalyzer) -> None:
    result = analyzer.check("We made this #ad", "promotions", handle="@D")
    voice = [f for f in result.findings if f.rule == "Tone.Voice"]
    assert voice[0].message == "@D speaks as 'I', not 'we' (found: 'We')"


def test_clean_draft_has_no_findings_and_metrics(analyzer: ToneAnalyzer) -> None:
    result = analyzer.check("We are happy to help with that.", "support")
    assert result.findings == ()
    assert result.metrics["exclamations"] == 0
    assert set(result.metrics) == set(result.measurements)


def test_findings_are_sorted_and_in_bounds(analyzer: ToneAnalyzer) -> None:
    text = "I HATE this!!! Shop now 🎉🎉🎉 #election sh1t"
    result = analyzer.check(text, "support")
    keys = [f.sort_key() for f in result.findings]
    assert keys == sorted(keys)
    assert all(0 <= f.start <= f.end <= len(text) for f in result.findings)
    assert {f.rule for f in result.findings} <= set(RULE_IDS.values())


def test_empty_text(analyzer: ToneAnalyzer) -> None:
    result = analyzer.check("", "promotions")
    assert all((f.start, f.end) == (0, 0) for f in result.findings)


def test_unknown_profile(analyzer: ToneAnalyzer) -> None:
    with pytest.raises(ToneConfigError, match="no tone profile named 'sales'"):
        analyzer.check("hello", "sales")


def test_route_says_which_accounts_fit(analyzer: ToneAnalyzer) -> None:
    text = "Big news: 20% off all boots this weekend. I picked my favourites. #ad"
    verdicts = route(analyzer, text, {"@AcmeHelp": "support", "@AcmeDeals": "promotions"})
    assert [v.handle for v in verdicts] == ["@AcmeHelp", "@AcmeDeals"]
    help_, deals = verdicts
    assert isinstance(help_, RouteVerdict)
    assert not help_.fits
    assert "promotional language" in help_.reasons
    assert "'I' voice" in help_.reasons
    assert all(f.account == "@AcmeHelp" for f in help_.findings)
    assert deals.fits
    assert deals.reasons == ()
    assert route_summary(verdicts) == (
        "fits @AcmeDeals; not @AcmeHelp: promotional language, 'I' voice"
    )


def test_route_ignores_suggestions(analyzer: ToneAnalyzer) -> None:
    (verdict,) = route(analyzer, "I made this", {"@D": "promotions"})
    assert verdict.fits
    assert verdict.findings  # the hashtag suggestion is still reported


def test_route_summary_edge_cases() -> None:
    assert route_summary(()) == "no accounts"
    assert route_summary((RouteVerdict("@A", fits=True),)) == "fits @A"


def test_thirty_emoji_are_one_finding_with_thirty_spans(analyzer: ToneAnalyzer) -> None:
    """Issue 19: 30 emoji on a support account gave 30 identical warnings."""
    text = "Thanks " + "😀" * 30
    result = analyzer.check(text, "support", handle="@H")
    emoji = [f for f in result.findings if f.rule == "Tone.Emoji"]
    assert len(emoji) == 1
    assert len(emoji[0].spans) == 30
    assert all(text[s:e] == "😀" for s, e in emoji[0].spans)
