"""Tone measures: each measure's value, unit and spans on hand-picked drafts, plus fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.core.tone import (
    MIN_READABILITY_WORDS,
    LexiconError,
    ToneAnalyzer,
    ToneSettings,
    default_lexicon_dir,
    load_lexicons,
    measure_definitions,
    measure_info,
    syllables,
)
from composer.core.tone.matchers import PhraseMatcher, ProfanityMatcher, leet_pattern


@pytest.fixture(scope="module")
def analyzer() -> ToneAnalyzer:
    return ToneAnalyzer(accepted_vocabulary=["ACME", "TrailPro"])


def words_at(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in spans]


# --- sentiment -------------------------------------------------------------------------------


def test_sentiment_is_vader_compound_with_causes(analyzer: ToneAnalyzer) -> None:
    text = "This is terrible, and we never got an answer."
    m = analyzer.measure(text)["sentiment"]
    assert m.unit == "compound score"
    assert -1 <= m.value < -0.3
    assert {"terrible", "never"} <= set(words_at(text, m.spans))
    assert list(m.detail) == words_at(text, m.spans)


def test_sentiment_ignores_urls_and_mentions(analyzer: ToneAnalyzer) -> None:
    plain = analyzer.measure("Thanks, we love it")["sentiment"].value
    linked = analyzer.measure("Thanks, we love it https://hate.example.com/terrible @awful")
    assert linked["sentiment"].value == plain
    assert "terrible" not in linked["sentiment"].detail


def test_positive_sentiment(analyzer: ToneAnalyzer) -> None:
    assert (
        analyzer.measure("What a wonderful, happy day. We love you all.")["sentiment"].value > 0.8
    )


# --- exclamations ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "marks", "longest", "runs"),
    [
        ("Calm reply.", 0, 0, []),
        ("Great!", 1, 1, ["!"]),
        ("Great! Thanks!", 2, 1, ["!", "!"]),
        ("Wow!!! Really!", 4, 3, ["!!!", "!"]),
        ("Fullwidth！and double‼", 3, 2, ["！", "‼"]),
    ],
)
def test_exclamations(
    analyzer: ToneAnalyzer, text: str, marks: int, longest: int, runs: list[str]
) -> None:
    m = analyzer.measure(text)
    assert m["exclamations"].value == marks
    assert words_at(text, m["exclamations"].spans) == runs
    assert m["exclamation_run"].value == longest


def test_exclamation_run_spans_are_the_longest_runs(analyzer: ToneAnalyzer) -> None:
    text = "Yes!! No!!! Maybe!!!"
    m = analyzer.measure(text)["exclamation_run"]
    assert m.value == 3
    assert words_at(text, m.spans) == ["!!!", "!!!"]


def test_exclamation_inside_url_does_not_count(analyzer: ToneAnalyzer) -> None:
    assert analyzer.measure("see https://acme.com/wow!!!x")["exclamations"].value == 0
    # twitter-text ends a URL before trailing "!", so those marks are the writer's own.
    assert analyzer.measure("see https://acme.com/wow!!!")["exclamations"].value == 3


# --- shouting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shouted"),
    [
        ("This is FREE and AMAZING", ["FREE", "AMAZING"]),
        ("Read our FAQ, plug in the USB cable, check the GPS", []),
        ("ACME is our brand, TrailPro too", []),  # accepted vocabulary
        ("Use code RAIN40 at checkout", []),  # codes with digits are not shouting
        ("OK, we DM you", []),  # two letters
        ("NASA's new launch", []),  # possessive has a lower-case letter
        ("#SALE and @BIGNEWS are entities, not shouting", []),
        ("DON'T do that", ["DON'T"]),
        ("日本語 is not shouting", []),
        ("WE ARE AWARE", ["ARE", "AWARE"]),
    ],
)
def test_shouting(analyzer: ToneAnalyzer, text: str, shouted: list[str]) -> None:
    m = analyzer.measure(text)["shouting"]
    assert words_at(text, m.spans) == shouted
    assert m.value == len(shouted)
    assert m.unit == "words"


def test_guide_acronyms_are_not_shouting() -> None:
    text = "Our new HWX sensor"
    plain = ToneAnalyzer()
    extended = ToneAnalyzer(ToneSettings(acronyms=frozenset({"HWX"})))
    assert plain.measure(text)["shouting"].value == 1
    assert extended.measure(text)["shouting"].value == 0


# --- emoji and entities ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "emoji"),
    [
        ("No emoji here", []),
        ("Party 🎉🎉", ["🎉", "🎉"]),
        ("Family 👨‍👩‍👧 counts once", ["👨‍👩‍👧"]),
        ("Flag 🇯🇵 and keycap 1️⃣", ["🇯🇵", "1️⃣"]),
        ("Thumbs 👍🏽 with skin tone", ["👍🏽"]),
        ("Heart ❤️ with selector", ["❤️"]),
        ("TrailPro™ and © are text symbols", []),
    ],
)
def test_emoji_are_grapheme_clusters(analyzer: ToneAnalyzer, text: str, emoji: list[str]) -> None:
    m = analyzer.measure(text)["emoji"]
    assert words_at(text, m.spans) == emoji
    assert m.value == len(emoji)


def test_entity_counts(analyzer: ToneAnalyzer) -> None:
    text = "Hi @sam and @jo, see https://acme.com/help #Support #Help $ACME"
    m = analyzer.measure(text)
    assert words_at(text, m["mentions"].spans) == ["@sam", "@jo"]
    assert words_at(text, m["hashtags"].spans) == ["#Support", "#Help"]
    assert words_at(text, m["links"].spans) == ["https://acme.com/help"]
    assert (m["mentions"].unit, m["hashtags"].unit, m["links"].unit) == (
        "mentions",
        "hashtags",
        "links",
    )


# --- promotional language ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "score", "phrases"),
    [
        ("Sorry about the delay with your order.", 0, []),
        ("You can return it for free within 30 days.", 0, []),
        ("Shop now: 30% off all tents!", 3, ["Shop now", "30% off"]),
        ("Just $19.99 while stocks last", 3, ["$19.99", "while stocks last"]),
        ("Tickets on sale now", 1, ["Tickets on sale"]),
        ("Use code SAVE10, don’t miss out", 3, ["Use code", "don’t miss out"]),
        ("Big #sale today", 1, ["sale"]),
        ("Only 3 left in stock", 1, ["Only 3 left"]),
    ],
)
def test_promotional(analyzer: ToneAnalyzer, text: str, score: float, phrases: list[str]) -> None:
    m = analyzer.measure(text)["promotional"]
    assert m.value == score
    assert words_at(text, m.spans) == phrases
    assert list(m.detail) == phrases
    assert m.unit == "points"


def test_promotional_words_inside_urls_do_not_count(analyzer: ToneAnalyzer) -> None:
    assert analyzer.measure("Details: https://acme.com/shop-now-sale")["promotional"].value == 0


# --- topics --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "politics", "religion"),
    [
        ("Whoever wins the election, vote wisely", ["election"], []),
        ("Parliament passed it; the Tories cheered", ["Parliament", "Tories"], []),
        ("God bless, we will pray for sun", [], ["God bless", "pray"]),
        ("Happy holidays and Merry Christmas", [], []),
        ("Vote for your favourite flavour", [], []),
        ("Join the #Election chat", ["Election"], []),
    ],
)
def test_topics(
    analyzer: ToneAnalyzer, text: str, politics: list[str], religion: list[str]
) -> None:
    m = analyzer.measure(text)
    assert words_at(text, m["topic.politics"].spans) == politics
    assert words_at(text, m["topic.religion"].spans) == religion
    assert m["topic.politics"].value == len(politics)


def test_guide_topics_extend_and_add() -> None:
    settings = ToneSettings(topics={"politics": ("cabinet",), "legal": ("lawsuit", "litigation")})
    a = ToneAnalyzer(settings)
    m = a.measure("The cabinet met about the lawsuit")
    assert m["topic.politics"].detail == ("cabinet",)
    assert m["topic.legal"].detail == ("lawsuit",)
    assert "legal" in a.topic_names


# --- profanity ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("what the f*ck", ["f*ck"]),
        ("sh1t happens", ["sh1t"]),
        ("they kick a$$", ["a$$"]),
        ("total bullsh1t", ["bullsh1t"]),
        ("f**k that", ["f**k"]),
        ("FUCKING hell", ["FUCKING", "hell"]),
        ("shiiit", ["shiiit"]),
        ("Hello from Scunthorpe", []),
        ("A classic assessment in Essex", []),
        ("bass, grass and passengers", []),
        ("s*** and a** are too masked to tell", []),
        ("tennis balls and a bloody good run", []),  # rating 0: below the default threshold
        ("this is damn good", ["damn"]),
    ],
)
def test_profanity_is_leet_aware(analyzer: ToneAnalyzer, text: str, found: list[str]) -> None:
    m = analyzer.measure(text)["profanity"]
    assert words_at(text, m.spans) == found
    assert m.value == len(found)


def test_profanity_grades_and_threshold() -> None:
    text = "damn, that sh1t, bloody hell"
    strict = ToneAnalyzer(ToneSettings(profanity_threshold=0)).measure(text)["profanity"]
    default = ToneAnalyzer().measure(text)["profanity"]
    only_likely = ToneAnalyzer(ToneSettings(profanity_threshold=2)).measure(text)["profanity"]
    assert strict.value == 4
    assert default.value == 3
    assert only_likely.detail == ("sh1t (rating 2)",)


def test_profanity_allow_list() -> None:
    a = ToneAnalyzer(ToneSettings(profanity_allow=frozenset({"hell"})))
    assert a.measure("hell of a week")["profanity"].value == 0
    assert a.measure("damn week")["profanity"].value == 1


def test_matchers_directly() -> None:
    words = PhraseMatcher([("on sale", 1), ("sale", 2)])
    assert [(m.text, m.payload) for m in words.find("ON SALE, wholesale, sale")] == [
        ("ON SALE", 1),
        ("sale", 2),
    ]
    assert PhraseMatcher([]).find("anything") == ()
    rude = ProfanityMatcher([("shit", 2)], allow=["sh1t"])
    assert [m.text for m in rude.find("sh1t shit")] == ["shit"]
    assert leet_pattern("ass*").endswith(r"[\p{L}\p{M}]*(?![\p{L}\p{N}*])")


# --- readability -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("table", 2),
        ("hiking", 2),
        ("boots", 1),
        ("waterproof", 3),
        ("replacement", 3),
        ("communication", 5),
        ("日本", 1),
    ],
)
def test_syllable_heuristic(word: str, count: int) -> None:
    assert syllables(word) == count


def test_readability_needs_enough_words(analyzer: ToneAnalyzer) -> None:
    short = "Thanks for the kind words, see you soon https://acme.com @sam #Thanks"
    assert analyzer.measure(short).keys().isdisjoint({"readability", "grade"})
    assert MIN_READABILITY_WORDS == 10


def test_readability_easy_and_hard(analyzer: ToneAnalyzer) -> None:
    easy = "We got it. The box is on the way. It will be with you soon. Thank you."
    hard = (
        "Notwithstanding considerable organisational complexity, comprehensive "
        "infrastructural modernisation necessitates unprecedented interdepartmental coordination."
    )
    e = analyzer.measure(easy)
    h = analyzer.measure(hard)
    assert e["readability"].value > 90 > 0 > h["readability"].value
    assert e["grade"].value < 3 < 15 < h["grade"].value
    assert e["readability"].unit == "Flesch reading ease"
    assert e["readability"].spans == ((0, len(easy)),)


def test_readability_formula(analyzer: ToneAnalyzer) -> None:
    # 10 one-syllable words in 2 sentences: 206.835 - 1.015 * 5 - 84.6 * 1 = 117.16
    text = "The dog ran to the park. The cat sat down."
    m = analyzer.measure(text)
    assert m["readability"].value == pytest.approx(117.2, abs=0.05)
    assert m["grade"].value == pytest.approx(0.39 * 5 + 11.8 - 15.59, abs=0.05)


# --- voice and disclosure ----------------------------------------------------------------------------


def test_voice(analyzer: ToneAnalyzer) -> None:
    text = "I'm sorry, we’ll fix it; my team and our US office"
    m = analyzer.measure(text)
    assert words_at(text, m["voice_i"].spans) == ["I'm", "my"]
    assert words_at(text, m["voice_we"].spans) == ["we’ll", "our"]


def test_disclosure_tags(analyzer: ToneAnalyzer) -> None:
    text = "New boots #AD #adventure ＃sponsored"
    m = analyzer.measure(text)["disclosure"]
    assert m.detail == ("#ad", "#sponsored")
    assert words_at(text, m.spans) == ["#AD", "＃sponsored"]


# --- definitions, lexicons, fuzzing -------------------------------------------------------------------


def test_every_measurement_has_a_definition(analyzer: ToneAnalyzer) -> None:
    names = {d.name for d in measure_definitions()}
    measured = analyzer.measure("A draft with enough words to get a readability score at last.")
    for name in measured:
        info = measure_info(name)
        assert info.unit and info.definition and info.range and info.title
        assert info.name in names
    with pytest.raises(KeyError):
        measure_info("loudness")


def test_shipped_lexicons_load() -> None:
    lex = load_lexicons(default_lexicon_dir())
    assert {"politics", "religion"} <= set(lex.topics)
    assert {t.rating for t in lex.profanity} == {0, 1, 2}
    assert {c.name for c in lex.promotional} >= {"discount", "sales", "urgency", "call_to_action"}
    assert "FAQ" in lex.acronyms


def test_lexicon_errors_are_collected(tmp_path: Path) -> None:
    (tmp_path / "topics").mkdir()
    (tmp_path / "profanity.yml").write_text("terms:\n  - {term: heck, rating: 7}\n  - nope\n")
    (tmp_path / "promotional.yml").write_text("categories: [1, 2]\n")
    with pytest.raises(LexiconError) as err:
        load_lexicons(tmp_path)
    messages = [m for _, m in err.value.problems]
    assert any("rating must be 0, 1 or 2" in m for m in messages)
    assert any("expected {term" in m for m in messages)
    assert any("'categories' must be a mapping" in m for m in messages)
    assert any("file not found" in m for m in messages)  # acronyms.txt
    with pytest.raises(LexiconError, match="lexicon folder not found"):
        load_lexicons(tmp_path / "missing")


def test_custom_lexicon_dir(tmp_path: Path) -> None:
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "sport.txt").write_text("# comment\nfootball\nderby*\n")
    (tmp_path / "profanity.yml").write_text("terms:\n  - {term: heck, rating: 2}\n")
    (tmp_path / "promotional.yml").write_text(
        "categories:\n  sales: {weight: 1.5, phrases: [bargain]}\n"
    )
    (tmp_path / "acronyms.txt").write_text("XYZ\n")
    a = ToneAnalyzer(lexicon_dir=tmp_path)
    m = a.measure("Heck, a football bargain for the derbyday XYZ $5")
    assert a.topic_names == ("sport",)
    assert m["topic.sport"].detail == ("football", "derbyday")
    assert m["profanity"].value == 1
    assert m["promotional"].value == 1.5 + 2  # bargain + the price
    assert m["shouting"].value == 0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_spans_stay_in_bounds_on_any_unicode(text: str) -> None:
    a = _FUZZ_ANALYZER
    for m in a.measure(text).values():
        for start, end in m.spans:
            assert 0 <= start <= end <= len(text)
        if m.detail and m.name not in ("profanity", "disclosure"):
            assert len(m.detail) == len(m.spans)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "🇬🇧",
                "👨‍👩‍👧",
                "SHOUT",
                "!!!",
                "sh1t",
                "#ad",
                "@x",
                "https://a.co/x",
                "مرحبا",
                "日本",
                " ",
                "\n",
                "é",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_spans_in_bounds_on_tweet_like_text(text: str) -> None:
    for m in _FUZZ_ANALYZER.measure(text).values():
        assert all(0 <= s <= e <= len(text) for s, e in m.spans)


_FUZZ_ANALYZER = ToneAnalyzer()


def test_entity_kinds_from_the_shared_parser_are_mapped() -> None:
    import enum

    from composer.core.tone.entities import _kind_name

    class EntityKind(enum.Enum):
        URL = 1
        MENTION = 2
        LIST = 3
        HASHTAG = 4
        CASHTAG = 5

    assert [_kind_name(k) for k in EntityKind] == [
        "url",
        "mention",
        "mention",
        "hashtag",
        "cashtag",
    ]
    assert _kind_name("hashtag") == "hashtag"
