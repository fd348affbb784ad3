"""The offline spelling dictionary read from the cache folder is the packaged one, exactly."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from spellchecker import SpellChecker

from composer.services import spelling_cache
from composer.services.spelling_cache import cache_folder, load_dictionary


def _fields(checker: SpellChecker) -> tuple[object, ...]:
    frequency = checker.word_frequency
    return (
        dict(frequency.dictionary),
        frequency.total_words,
        frequency.unique_words,
        frequency.longest_word_length,
        frequency.letters,
        checker.distance,
    )


def _cache_file() -> Path:
    (found,) = cache_folder().glob("en-*.marshal")
    return found


def test_the_cached_dictionary_equals_the_packaged_one() -> None:
    packaged = SpellChecker(language="en", distance=1)
    first = load_dictionary("en")  # builds and writes the cache
    assert _cache_file().is_file()
    cached = load_dictionary("en")  # reads it
    assert _fields(first) == _fields(cached) == _fields(packaged)
    for word in ("helo", "recieve", "waterprof", "boots", "Summitline"):
        assert cached.candidates(word) == packaged.candidates(word)
        assert cached.known([word]) == packaged.known([word])


def test_a_second_load_does_not_read_the_package_dictionary(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_dictionary("en")
    real = SpellChecker

    def no_packaged_read(language: str | None = "en", distance: int = 2) -> SpellChecker:
        if language is not None:
            raise AssertionError("the packaged dictionary was read again")
        return real(language=None, distance=distance)

    monkeypatch.setattr(spelling_cache, "SpellChecker", no_packaged_read)
    assert load_dictionary("en").known(["hello"]) == {"hello"}


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-1000],  # truncated
        lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:],  # a flipped bit
        lambda data: b"not ours at all",
        lambda data: b"",
    ],
)
def test_a_damaged_cache_falls_back_and_is_rewritten(damage: object) -> None:
    packaged = _fields(SpellChecker(language="en", distance=1))
    load_dictionary("en")
    path = _cache_file()
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _fields(load_dictionary("en")) == packaged
    assert spelling_cache._read(path) is not None  # written again, whole


def test_concurrent_writers_leave_one_whole_file() -> None:
    load_dictionary("en")
    path = _cache_file()
    table = spelling_cache._read(path)
    assert table is not None
    path.unlink()
    threads = [threading.Thread(target=spelling_cache._write, args=(path, table)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert spelling_cache._read(path) == table
    # No temporary left (beside the table, the known-words file of the first load).
    assert sorted(p.name for p in path.parent.iterdir()) == [
        path.name,
        path.with_suffix(".words").name,
    ]


def test_an_unwritable_cache_folder_still_gives_the_dictionary(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setattr(spelling_cache, "cache_folder", lambda: blocker / "spelling")
    assert load_dictionary("en").known(["boots"]) == {"boots"}


def test_the_cache_file_is_named_by_the_installed_pyspellchecker_version() -> None:
    import hashlib
    import importlib.metadata
    import sys

    expected = hashlib.sha256(b"packaged")
    expected.update(importlib.metadata.version("pyspellchecker").encode())
    expected.update(sys.version.encode())
    path = spelling_cache._cache_path("en", b"packaged")
    assert path.name == f"en-{expected.hexdigest()[:24]}.marshal"
