"""Regression tests from the tone audit (issue 4): each failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.core.errors import GuideError
from composer.core.guide import load_guide
from composer.core.tone import ToneAnalyzer, ToneConfigError, parse_tone_section, topic_names


@pytest.fixture(scope="module")
def analyzer() -> ToneAnalyzer:
    settings = parse_tone_section(
        {
            "topics": {"legal": ["lawsuit"]},
            "profiles": {
                "support": {
                    "profanity": {"forbid": True},
                    "topics": {"forbid": ["politics", "religion", "legal"]},
                    "voice": {"require": "we"},
                },
            },
        }
    )
    return ToneAnalyzer(settings)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "brand-guide.yml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the guide loader reports tone problems with FILE:LINE:COLUMN, all at once ---


def test_unknown_topic_is_a_located_guide_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "brand: Acme\n"
        "tone:\n"
        "  profiles:\n"
        "    support:\n"
        "      topics: {forbid: [politics, sports]}\n",
    )
    with pytest.raises(GuideError) as err:
        load_guide(path)
    [problem] = err.value.problems
    assert (problem.line, problem.column) == (5, 35)
    assert "unknown topic 'sports'" in problem.message
    assert str(problem).startswith(f"{path}:5:35: ")


def test_topic_defined_by_the_guide_is_known(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "brand: Acme\n"
        "tone:\n"
        "  topics: {legal: [lawsuit]}\n"
        "  profiles:\n"
        "    support:\n"
        "      topics: {forbid: [politics, Legal]}\n",
    )
    guide = load_guide(path)
    assert guide.tone is not None


def test_unknown_profile_on_an_account_is_reported_with_tone_problems(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "brand: Acme\n"
        "tone:\n"
        "  profiles:\n"
        "    support:\n"
        "      emoji: {max: two}\n"
        "accounts:\n"
        "  - handle: '@AcmeHelp'\n"
        "    tone: nosuch\n",
    )
    with pytest.raises(GuideError) as err:
        load_guide(path)
    got = [(p.line, p.column, p.message) for p in err.value.problems]
    assert got == [
        (5, 15, "expected a number, got text"),
        (8, 5, "unknown tone profile 'nosuch' (profiles: support)"),
    ]


def test_unreadable_bound_is_reported_once() -> None:
    with pytest.raises(ToneConfigError) as err:
        parse_tone_section({"profiles": {"p": {"emoji": {"max": "two"}}}})
    assert err.value.problems == [
        (("profiles", "p", "emoji", "max"), "expected a number, got text")
    ]


def test_topic_names_lists_the_shipped_lexicons() -> None:
    assert {"politics", "religion"} <= topic_names()


# --- profanity inside hashtags ---


@pytest.mark.parametrize("text", ["#damn happens", "so #fuck this", "#sh1t", "#f*ck that"])
def test_profanity_in_a_hashtag_is_found(analyzer: ToneAnalyzer, text: str) -> None:
    found = analyzer.measure(text)["profanity"]
    assert found.value == 1
    start, end = found.spans[0]
    assert text[start - 1] == "#"
    assert text[start:end].lower().strip("#") in {"damn", "fuck", "sh1t", "f*ck"}


@pytest.mark.parametrize("text", ["sh#t#hole", "#Scunthorpe", "#classic", "a#ss"])
def test_hashtag_rule_does_not_open_masked_words(analyzer: ToneAnalyzer, text: str) -> None:
    assert [w for w in analyzer.measure(text)["profanity"].detail if "hole" in w] == []
    if text in ("#Scunthorpe", "#classic"):
        assert analyzer.measure(text)["profanity"].value == 0


# --- topic plurals ---


@pytest.mark.parametrize(
    ("text", "topic", "term"),
    [
        ("Both prime ministers spoke", "politics", "prime ministers"),
        ("The referendums are over", "politics", "referendums"),
        ("Three congressmen visited", "politics", "congressmen"),
        ("The Tories said", "politics", "Tories"),
        ("Two popes", "religion", "popes"),
        ("She prays daily", "religion", "prays"),
        ("More lawsuits filed", "legal", "lawsuits"),
    ],
)
def test_topic_terms_match_their_plurals(
    analyzer: ToneAnalyzer, text: str, topic: str, term: str
) -> None:
    found = analyzer.measure(text)[f"topic.{topic}"]
    assert found.detail == (term,)
    result = analyzer.check(text, "support", handle="@AcmeHelp")
    assert any(v.rule == "Tone.Topic" for v in result.violations)


def test_plural_forms_keep_word_boundaries(analyzer: ToneAnalyzer) -> None:
    for text in ("Popesville is lovely", "governorsx", "prayse"):
        assert analyzer.measure(text)["topic.religion"].value == 0
        assert analyzer.measure(text)["topic.politics"].value == 0


# --- prices in several currencies, percent discounts ---


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("Only 19,99 € today", "19,99 €"),
        ("Just 10€ each", "10€"),
        ("Now USD 20 only", "USD 20"),
        ("From CHF 9.90", "CHF 9.90"),
        ("Tickets A$20", "A$20"),
        ("Now US$20", "US$20"),
        ("C$15 each", "C$15"),
        ("R$50 na loja", "R$50"),
        ("₩5000 only", "₩5000"),
        ("5 euros each", "5 euros"),
        ("20 CAD each", "20 CAD"),
        ("Only $19.99!", "$19.99"),
        ("£1,299.00", "£1,299.00"),
    ],
)
def test_prices_in_several_currencies(analyzer: ToneAnalyzer, text: str, price: str) -> None:
    found = analyzer.measure(text)["promotional"]
    assert price in found.detail
    assert found.value == 2


@pytest.mark.parametrize(
    "text",
    ["Call us on 0800 123", "In 2024 we grew", "Version 2.5 is out", "Use USB 3 ports", "$AAPL"],
)
def test_numbers_that_are_not_prices(analyzer: ToneAnalyzer, text: str) -> None:
    assert analyzer.measure(text)["promotional"].value == 0


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("30 % off everything", "30 % off"),
        ("2-for-1 on socks", "2-for-1"),
        ("Sign up today", "Sign up today"),
    ],
)
def test_more_promotional_phrases(analyzer: ToneAnalyzer, text: str, phrase: str) -> None:
    assert phrase in analyzer.measure(text)["promotional"].detail


# --- messages ---


def test_voice_message_starts_with_a_capital_for_the_default_handle(
    analyzer: ToneAnalyzer,
) -> None:
    result = analyzer.check("I will look into it for you", "support")
    [violation] = [v for v in result.violations if v.rule == "Tone.Voice"]
    assert violation.message.startswith("This account speaks as 'we', not 'I'")
