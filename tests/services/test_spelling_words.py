"""The known-words file of the offline dictionary answers exactly as the dictionary does.

A check loads the words file (a sorted block searched by bisection) instead of the 160,000-word
table; the table is loaded only for suggestions two edits away.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spellchecker import SpellChecker

from composer.services import spelling, spelling_cache
from composer.services.spelling import OfflineSpeller
from composer.services.spelling_cache import (
    KnownWords,
    cache_folder,
    load_dictionary,
    load_known_words,
)

UNUSUAL = (
    "",
    "Hello",
    "HELLO",
    "café",
    "Café",
    "naïve",
    "straße",
    "İstanbul",
    "don't",
    "summitline",
    "zzzzzz",
    "a",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "\U0001f600",
    "nan",
    "12",
)


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """No dictionary or words file kept by this process from an earlier test."""
    monkeypatch.setattr(spelling, "_dictionaries", {})
    monkeypatch.setattr(spelling, "_indexed", {})


def _words_file() -> Path:
    (found,) = cache_folder().glob("en-*.words")
    return found


def test_the_words_file_answers_as_the_packaged_dictionary() -> None:
    packaged = SpellChecker(language="en", distance=1)
    load_dictionary("en")  # writes the table and the words file
    index = load_known_words("en")
    assert index is not None
    words = sorted(packaged.word_frequency.dictionary)
    assert len(index) == len(words) == packaged.word_frequency.unique_words
    sample = words[::97] + [w.upper() for w in words[5::301]] + list(UNUSUAL)
    speller = index.speller()
    for word in sample:
        assert (word in index) == (word in packaged), word
        assert index[word] == packaged.word_frequency[word], word
        assert (word in speller) == (word in packaged), word
    assert speller.known(sample) == packaged.known(sample)
    for word in ("helo", "recieve", "waterprof", "summitline", "boots", "café", "xylophonez"):
        edits = speller.edit_distance_1(word)
        assert edits == packaged.edit_distance_1(word)
        known = speller.known(edits)
        assert known == packaged.known(edits)
        assert [speller.word_usage_frequency(w) for w in sorted(known)] == [
            packaged.word_usage_frequency(w) for w in sorted(known)
        ]


def test_an_index_built_and_one_read_back_agree() -> None:
    table = ({"boots": 7, "café": 2, "the": 10**10, "zebra": 1}, 10**10 + 10, 4, 5, "abcé")
    built = KnownWords.of(table)
    assert built is not None
    read = KnownWords.loads(built.dumps())
    assert read is not None
    for index in (built, read):
        assert len(index) == 4
        assert [index[w] for w in ("boots", "CAFÉ", "the", "zebra", "zebr", "")] == [
            7,
            2,
            10**10,
            1,
            0,
            0,
        ]
        assert (index.total, index.longest, index.letters) == (10**10 + 10, 5, "abcé")
    assert KnownWords.of(({"two\nlines": 1}, 1, 1, 9, "enilstwo")) is None


@pytest.mark.parametrize(
    "payload",
    [b"", b"\x05\x00\x00\x00junk", b"\xff\xff\xff\xff", b"not ours at all"],
)
def test_a_payload_that_is_not_an_index_is_refused(payload: bytes) -> None:
    assert KnownWords.loads(payload) is None


@pytest.mark.usefixtures("fresh")
def test_a_check_with_near_misses_does_not_load_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = OfflineSpeller("en-US", ["TrailPro"]).check(
        "Our new TrailPro boots outlast anything from Summitline, and teh recieve is here."
    )
    monkeypatch.setattr(spelling, "_dictionaries", {})
    monkeypatch.setattr(spelling, "_indexed", {})

    def no_table(code: str) -> SpellChecker:
        raise AssertionError(f"the {code} table was loaded")

    monkeypatch.setattr(spelling, "load_dictionary", no_table)
    speller = OfflineSpeller("en-US", ["TrailPro"])
    found = speller.check(
        "Our new TrailPro boots outlast anything from Summitline, and teh recieve is here."
    )
    assert found == expected
    assert [f.replacements[:1] for f in found] == [(), ("the",), ("receive",)]


@pytest.mark.usefixtures("fresh")
def test_suggestions_two_edits_away_come_from_the_table() -> None:
    load_dictionary("en")
    spelling._dictionaries.clear()
    speller = OfflineSpeller("en-US")
    (finding,) = speller.check("A qzxv day")  # nothing one edit away: distance two
    assert "en" in spelling._dictionaries
    full = load_dictionary("en")
    known = full.known(full.edit_distance_2("qzxv"))
    ranked = sorted(known, key=lambda w: (-full.word_usage_frequency(w), w))
    assert finding.replacements == tuple(_same_case("qzxv", w) for w in ranked[:5])


def _same_case(original: str, suggestion: str) -> str:
    return suggestion[:1].upper() + suggestion[1:] if original[:1].isupper() else suggestion


@pytest.mark.usefixtures("fresh")
def test_the_index_and_the_table_find_the_same() -> None:
    texts = [
        "I will recieve teh parcel tomorow.",
        "Teh TrailPro boots are waterprof and guarenteed!",
        "Café naïve straße İstanbul don't wont cant",
        "😀🇺🇸 teh 👩‍👩‍👧 recieve qwertyuiopasdfgh zxcv",
    ]
    load_dictionary("en")
    spelling._dictionaries.clear()
    with_index = [OfflineSpeller("en-US", ["TrailPro"]).check(t) for t in texts]
    assert "en" in spelling._indexed
    spelling._indexed.clear()
    spelling._dictionaries["en"] = load_dictionary("en")
    with_table = [OfflineSpeller("en-US", ["TrailPro"]).check(t) for t in texts]
    assert with_index == with_table
    assert sum(len(f) for f in with_index) >= 8


@pytest.mark.usefixtures("fresh")
@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1000],  # truncated
        lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:],  # a flipped bit
        lambda data: b"not ours at all",
        lambda data: b"",
    ],
)
def test_a_damaged_words_file_falls_back_and_is_rewritten(
    damage: Callable[[bytes], bytes],
) -> None:
    load_dictionary("en")
    path = _words_file()
    path.write_bytes(damage(path.read_bytes()))
    assert load_known_words("en") is None
    speller = OfflineSpeller("en-US")  # from the table, which writes the file again
    assert [f.replacements[:1] for f in speller.check("teh boots")] == [("the",)]
    assert "en" in spelling._dictionaries
    assert load_known_words("en") is not None


@pytest.mark.usefixtures("fresh")
def test_an_unwritable_cache_folder_still_checks(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setattr(spelling_cache, "cache_folder", lambda: blocker / "spelling")
    assert load_known_words("en") is None
    assert [f.replacements[:1] for f in OfflineSpeller("en-US").check("teh boots")] == [("the",)]
