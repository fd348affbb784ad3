"""twitter-text's own conformance data, read at test time (tests/data/twitter-text)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from composer.core.text import (
    EntityKind,
    extract_cashtags,
    extract_hashtags,
    extract_mentions,
    extract_mentions_or_lists,
    extract_reply_screen_name,
    extract_urls,
    get_config,
    is_valid_hashtag,
    is_valid_list,
    is_valid_url,
    is_valid_username,
    parse_tweet,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "twitter-text"


def _load(name: str) -> dict[str, list[dict[str, Any]]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["tests"]


VALIDATE = _load("validate.yml")
EXTRACT = _load("extract.yml")
TLDS = _load("tlds.yml")
LENGTHS = _load("legacy/validate-lengths-v2.0.0.yml")


def _cases(sections: dict[str, list[dict[str, Any]]], *names: str) -> list[Any]:
    return [
        pytest.param(name, case, id=f"{name}-{i}-{case['description'][:40]}")
        for name in names
        for i, case in enumerate(sections[name])
    ]


def utf16_to_python(text: str, index: int, *, inclusive: bool) -> int:
    """Convert a UTF-16 index of ``text`` to a Python index.

    An inclusive index names the character holding that code unit; an exclusive one counts
    the characters in the first ``index`` units.
    """
    units = 0
    for position, char in enumerate(text):
        width = 2 if ord(char) > 0xFFFF else 1
        if inclusive and index < units + width:
            return position
        if not inclusive and index <= units:
            return position
        units += width
    return len(text) if not inclusive else len(text) - 1 + (index - units + 1)


def test_every_section_is_covered() -> None:
    assert set(VALIDATE) == {
        "tweets",
        "usernames",
        "lists",
        "hashtags",
        "urls",
        "urls_without_protocol",
        "WeightedTweetsCounterTest",
        "WeightedTweetsWithDiscountedEmojiCounterTest",
        "UnicodeDirectionalMarkerCounterTest",
    }
    assert set(EXTRACT) == {
        "mentions",
        "mentions_with_indices",
        "mentions_or_lists_with_indices",
        "replies",
        "urls",
        "urls_with_indices",
        "urls_with_directional_markers",
        "tco_urls_with_params",
        "hashtags",
        "hashtags_from_astral",
        "hashtags_with_indices",
        "cashtags",
        "cashtags_with_indices",
    }
    assert set(TLDS) == {"country", "generic"}


def test_builtin_configs_equal_the_vendored_json() -> None:
    for name in ("v1", "v2", "v3"):
        data = json.loads((DATA / "config" / f"{name}.json").read_text(encoding="utf-8"))
        assert get_config(data) == get_config(name)


@pytest.mark.parametrize(("section", "case"), _cases(VALIDATE, "tweets"))
def test_validate_tweets(section: str, case: dict[str, Any]) -> None:
    assert parse_tweet(case["text"], "v1").valid is case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(LENGTHS, "lengths"))
def test_legacy_lengths(section: str, case: dict[str, Any]) -> None:
    assert parse_tweet(case["text"], "v1").weighted_length == case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(VALIDATE, "usernames"))
def test_validate_usernames(section: str, case: dict[str, Any]) -> None:
    assert is_valid_username(case["text"]) is case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(VALIDATE, "lists"))
def test_validate_lists(section: str, case: dict[str, Any]) -> None:
    assert is_valid_list(case["text"]) is case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(VALIDATE, "hashtags"))
def test_validate_hashtags(section: str, case: dict[str, Any]) -> None:
    assert is_valid_hashtag(case["text"]) is case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(VALIDATE, "urls"))
def test_validate_urls(section: str, case: dict[str, Any]) -> None:
    assert is_valid_url(case["text"]) is case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(VALIDATE, "urls_without_protocol"))
def test_validate_urls_without_protocol(section: str, case: dict[str, Any]) -> None:
    assert is_valid_url(case["text"], require_protocol=False) is case["expected"]


_PARSE_CONFIG = {
    "WeightedTweetsCounterTest": "v2",
    "WeightedTweetsWithDiscountedEmojiCounterTest": "v3",
    "UnicodeDirectionalMarkerCounterTest": "v3",
}


@pytest.mark.parametrize(("section", "case"), _cases(VALIDATE, *_PARSE_CONFIG))
def test_parse_tweet(section: str, case: dict[str, Any]) -> None:
    text, expected = case["text"], case["expected"]
    result = parse_tweet(text, _PARSE_CONFIG[section])
    assert result.weighted_length == expected["weightedLength"]
    assert result.valid is expected["valid"]
    assert result.permillage == expected["permillage"]
    assert result.valid_range == (
        utf16_to_python(text, expected["validRangeStart"], inclusive=True),
        utf16_to_python(text, expected["validRangeEnd"], inclusive=True),
    )
    assert result.display_range == (
        utf16_to_python(text, expected["displayRangeStart"], inclusive=True),
        utf16_to_python(text, expected["displayRangeEnd"], inclusive=True),
    )


def _spans(text: str, indices: list[int]) -> tuple[int, int]:
    return (
        utf16_to_python(text, indices[0], inclusive=False),
        utf16_to_python(text, indices[1], inclusive=False),
    )


@pytest.mark.parametrize(("section", "case"), _cases(EXTRACT, "mentions"))
def test_extract_mentions(section: str, case: dict[str, Any]) -> None:
    assert [e.value for e in extract_mentions(case["text"])] == case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(EXTRACT, "mentions_with_indices"))
def test_extract_mentions_with_indices(section: str, case: dict[str, Any]) -> None:
    text = case["text"]
    got = [(e.value, (e.start, e.end)) for e in extract_mentions(text)]
    assert got == [(x["screen_name"], _spans(text, x["indices"])) for x in case["expected"]]
    assert all(
        e.kind is EntityKind.MENTION and e.text == "@" + e.value for e in extract_mentions(text)
    )


@pytest.mark.parametrize(("section", "case"), _cases(EXTRACT, "mentions_or_lists_with_indices"))
def test_extract_mentions_or_lists(section: str, case: dict[str, Any]) -> None:
    text = case["text"]
    got = [(e.value, e.list_slug, (e.start, e.end)) for e in extract_mentions_or_lists(text)]
    expected = [
        (x["screen_name"], x["list_slug"], _spans(text, x["indices"])) for x in case["expected"]
    ]
    assert got == expected


@pytest.mark.parametrize(("section", "case"), _cases(EXTRACT, "replies"))
def test_extract_replies(section: str, case: dict[str, Any]) -> None:
    assert extract_reply_screen_name(case["text"]) == case["expected"]


@pytest.mark.parametrize(
    ("section", "case"), _cases(EXTRACT, "urls") + _cases(TLDS, "country", "generic")
)
def test_extract_urls(section: str, case: dict[str, Any]) -> None:
    assert [e.value for e in extract_urls(case["text"])] == case["expected"]


@pytest.mark.parametrize(
    ("section", "case"),
    _cases(EXTRACT, "urls_with_indices", "urls_with_directional_markers", "tco_urls_with_params"),
)
def test_extract_urls_with_indices(section: str, case: dict[str, Any]) -> None:
    text = case["text"]
    expected = case["expected"]
    if expected and isinstance(expected[0], str):
        assert [e.value for e in extract_urls(text)] == expected
        return
    got = [(e.value, (e.start, e.end)) for e in extract_urls(text)]
    assert got == [(x["url"], _spans(text, x["indices"])) for x in expected]


@pytest.mark.parametrize(("section", "case"), _cases(EXTRACT, "hashtags", "hashtags_from_astral"))
def test_extract_hashtags(section: str, case: dict[str, Any]) -> None:
    assert [e.value for e in extract_hashtags(case["text"])] == case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(EXTRACT, "hashtags_with_indices"))
def test_extract_hashtags_with_indices(section: str, case: dict[str, Any]) -> None:
    text = case["text"]
    got = [(e.value, (e.start, e.end)) for e in extract_hashtags(text)]
    assert got == [(x["hashtag"], _spans(text, x["indices"])) for x in case["expected"]]


@pytest.mark.parametrize(("section", "case"), _cases(EXTRACT, "cashtags"))
def test_extract_cashtags(section: str, case: dict[str, Any]) -> None:
    assert [e.value for e in extract_cashtags(case["text"])] == case["expected"]


@pytest.mark.parametrize(("section", "case"), _cases(EXTRACT, "cashtags_with_indices"))
def test_extract_cashtags_with_indices(section: str, case: dict[str, Any]) -> None:
    text = case["text"]
    got = [(e.value, (e.start, e.end)) for e in extract_cashtags(text)]
    assert got == [(x["cashtag"], _spans(text, x["indices"])) for x in case["expected"]]


def test_tld_cases_also_validate() -> None:
    # tlds.yml's URLs are valid URLs as well as extractable ones.
    for section in ("country", "generic"):
        for case in TLDS[section]:
            assert is_valid_url(case["expected"][0]), case["text"]
