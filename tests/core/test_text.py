"""composer.core.text: counting, entities, configs and thread splitting."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.core.errors import ConfigError
from composer.core.text import (
    CountingConfig,
    EntityKind,
    extract_entities,
    extract_urls,
    get_config,
    parse_tweet,
    split_thread,
    utf16_len,
)

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"


@pytest.mark.parametrize(
    ("text", "config", "weighted"),
    [
        ("hello", "v1", 5),
        ("hello", "v2", 5),
        ("日本語", "v2", 6),
        ("日本語", "v1", 3),
        ("😀", "v2", 2),
        ("😀", "v1", 1),
        (FAMILY, "v3", 2),
        (FAMILY, "v2", 11),  # four emoji at 2, three ZWJ at 1
        ("a\r\nb", "v1", 4),
        ("see example.com now", "v1", 31),
        ("https://t.co/abc", "v3", 23),
    ],
)
def test_weighted_lengths(text: str, config: str, weighted: int) -> None:
    assert parse_tweet(text, config).weighted_length == weighted


def test_ranges_are_python_indices() -> None:
    text = "😀" * 141
    result = parse_tweet(text, "v1")
    assert not result.valid
    assert result.display_range == (0, 140)
    assert result.valid_range == (0, 139)
    assert result.overflow_start == 140
    assert parse_tweet("fits", "v1").overflow_start is None


def test_empty_text_mirrors_twitter_text() -> None:
    result = parse_tweet("", "v3")
    assert (result.weighted_length, result.valid, result.permillage) == (0, False, 0)
    assert result.valid_range == (0, 0) and result.display_range == (0, 0)


def test_invalid_character_cuts_the_valid_range() -> None:
    result = parse_tweet("ab\ufffecd", "v1")
    assert not result.valid
    assert result.valid_range_end == 1
    assert result.overflow_start == 2


def test_custom_config_with_fractional_weights() -> None:
    config = {
        "version": 9,
        "maxWeightedTweetLength": 10,
        "scale": 3,
        "defaultWeight": 2,
        "transformedURLLength": 5,
        "ranges": [{"start": 97, "end": 122, "weight": 1}],
    }
    result = parse_tweet("abc D", config)
    assert result.weighted_length == 7 / 3  # a, b, c weigh 1; space and D weigh 2
    assert get_config(config).limit == 10


def test_astral_characters_weigh_by_their_low_surrogate() -> None:
    # U+1F600 is D83D DE00: only the low surrogate's range counts.
    config = {
        "maxWeightedTweetLength": 10,
        "scale": 1,
        "defaultWeight": 5,
        "transformedURLLength": 1,
        "ranges": [{"start": 0xDE00, "end": 0xDE00, "weight": 1}],
    }
    assert parse_tweet("😀", config).weighted_length == 1
    assert parse_tweet("😁", config).weighted_length == 5


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"scale": 1}, "missing"),
        (
            {
                "maxWeightedTweetLength": 0,
                "scale": 1,
                "defaultWeight": 1,
                "transformedURLLength": 23,
            },
            "greater than 0",
        ),
        (
            {
                "maxWeightedTweetLength": 140,
                "scale": "1",
                "defaultWeight": 1,
                "transformedURLLength": 23,
            },
            "scale",
        ),
        (
            {
                "maxWeightedTweetLength": 140,
                "scale": 1,
                "defaultWeight": 1,
                "transformedURLLength": 23,
                "ranges": [{}],
            },
            "ranges[0]",
        ),
        (
            {
                "maxWeightedTweetLength": 140,
                "scale": 1,
                "defaultWeight": 1,
                "transformedURLLength": 23,
                "colour": 1,
            },
            "colour",
        ),
    ],
)
def test_bad_configs_raise_a_clear_error(bad: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=regex.escape(message)):
        CountingConfig.from_mapping(bad)


def test_unknown_config_name() -> None:
    with pytest.raises(ConfigError, match="v4"):
        get_config("v4")


def test_entities_use_python_indices_after_astral_text() -> None:
    text = "😀😀 @someone #日本 $AAPL http://x.com/😀"
    found = extract_entities(text)
    assert [(e.kind, e.text) for e in found] == [
        (EntityKind.MENTION, "@someone"),
        (EntityKind.HASHTAG, "#日本"),
        (EntityKind.CASHTAG, "$AAPL"),
        (EntityKind.URL, "http://x.com/"),
    ]
    for entity in found:
        assert text[entity.start : entity.end] == entity.text


def test_url_without_protocol_keeps_its_ascii_domain() -> None:
    (url,) = extract_urls("中文.example.com/path")
    assert url.value == "example.com/path"
    assert url.text == "example.com/path"


def test_utf16_len() -> None:
    assert utf16_len("a😀b") == 4
    assert utf16_len("") == 0


@given(st.text(), st.sampled_from(["v1", "v2", "v3"]))
@settings(max_examples=300, deadline=None)
def test_parse_never_fails_and_ranges_stay_in_bounds(text: str, config: str) -> None:
    result = parse_tweet(text, config)
    assert result.weighted_length >= 0
    assert 0 <= result.display_range_end <= max(len(text) - 1, 0)
    assert -1 <= result.valid_range_end <= result.display_range_end or not text
    for entity in extract_entities(text):
        assert 0 <= entity.start < entity.end <= len(text)
        assert text[entity.start : entity.end] == entity.text


# -- split_thread ---------------------------------------------------------------------


def test_text_that_fits_is_one_unnumbered_part() -> None:
    assert split_thread("  Launch day!  ") == ("Launch day!",)
    assert split_thread("   ") == ()


def test_thread_breaks_at_sentences_and_numbers_parts() -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(30))
    parts = split_thread(text, "v1")
    assert len(parts) > 1
    for i, part in enumerate(parts, start=1):
        assert part.endswith(f" {i}/{len(parts)}")
        assert parse_tweet(part, "v1").valid
        assert part.rsplit(" ", 1)[0].endswith(".")
    body = " ".join(p.rsplit(" ", 1)[0] for p in parts)
    assert body == text


def test_ten_or_more_parts_widen_the_suffix() -> None:
    parts = split_thread("word " * 400, "v1")
    assert len(parts) >= 10
    assert parts[0].endswith(f" 1/{len(parts)}")
    assert all(parse_tweet(p, "v1").valid for p in parts)


def test_urls_and_entities_are_never_cut() -> None:
    url = "https://example.com/" + "a" * 300
    text = ("intro " * 20) + url + " #hashtag @someone " + ("outro " * 30)
    parts = split_thread(text, "v3", numbering=False)
    assert any(url in p.split() for p in parts)
    assert any("#hashtag" in p.split() for p in parts)
    assert " ".join(parts) == " ".join(text.split())


def test_long_word_splits_at_grapheme_boundaries() -> None:
    word = ("e\u0301" + FAMILY) * 100
    parts = split_thread(word, "v3", limit=50)
    assert "".join(p.rsplit(" ", 1)[0] for p in parts) == word
    graphemes = set(regex.findall(r"\X", word))
    for part in parts:
        assert parse_tweet(part, "v3").weighted_length <= 50
        assert set(regex.findall(r"\X", part.rsplit(" ", 1)[0])) <= graphemes


def test_limit_too_small_for_numbering() -> None:
    with pytest.raises(ConfigError):
        split_thread("word " * 10, "v1", limit=3)


@given(
    st.text(min_size=0, max_size=1500),
    st.sampled_from(["v1", "v2", "v3"]),
    st.booleans(),
    st.one_of(st.none(), st.integers(min_value=20, max_value=280)),
)
@settings(max_examples=80, deadline=None)
def test_thread_parts_are_valid_and_lose_nothing(
    text: str, config: str, numbering: bool, limit: int | None
) -> None:
    parts = split_thread(text, config, numbering=numbering, limit=limit)
    cfg = get_config(config)
    for part in parts:
        result = parse_tweet(
            part, cfg if limit is None else {**_camel(cfg), "maxWeightedTweetLength": limit}
        )
        assert result.valid, part
        assert part == part.strip()
    bodies = [p.rsplit(" ", 1)[0] for p in parts] if numbering and len(parts) > 1 else list(parts)
    kept = "".join("".join(bodies).split())
    original = "".join(text.translate({0xFEFF: None, 0xFFFE: None, 0xFFFF: None}).split())
    assert kept == original


def _camel(cfg: CountingConfig) -> dict[str, object]:
    return {
        "version": cfg.version,
        "maxWeightedTweetLength": cfg.max_weighted_tweet_length,
        "scale": cfg.scale,
        "defaultWeight": cfg.default_weight,
        "transformedURLLength": cfg.transformed_url_length,
        "ranges": [{"start": r.start, "end": r.end, "weight": r.weight} for r in cfg.ranges],
        "emojiParsingEnabled": cfg.emoji_parsing_enabled,
    }
