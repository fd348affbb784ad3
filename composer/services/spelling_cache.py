"""The offline spelling dictionaries, kept ready to load in the user's cache folder.

pyspellchecker ships each dictionary as gzipped JSON; reading one (decompress, parse,
lower-case 160,000 words, sum them) takes about 0.2 s on a quiet machine, and every
``brand-composer check`` and every window start with offline spelling paid it. The
finished word table is written once to the cache folder in ``marshal`` form, which loads
about five times faster.

Safe against edits, corruption and concurrent writers: the file name holds a digest of the
packaged dictionary, the library's version and the Python version (a new dictionary gets a
new file); the file holds a digest of its own contents, checked before it is read; it is
written to a temporary file beside it and renamed into place (atomic, so a reader sees the
old file, the new file or none); any problem reading or writing it falls back to the
packaged dictionary.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import pkgutil
import sys
from collections import Counter
from pathlib import Path

import platformdirs
import spellchecker
from spellchecker import SpellChecker

from composer.services.cache_files import read_verified, write_atomic

log = logging.getLogger(__name__)

_APP_DIR_NAME = "brand-voice-composer"
_MAGIC = b"BVC-SPELLING-1\n"


def cache_folder() -> Path:
    """Where the ready dictionaries are kept (the platform's cache folder)."""
    return Path(platformdirs.user_cache_dir(_APP_DIR_NAME, appauthor=False)) / "spelling"


def _cache_path(code: str, packaged: bytes) -> Path:
    """The cache file for ``code``: named by what it was built from."""
    source = hashlib.sha256(packaged)
    # The package's own attribute: importing importlib.metadata costs every check ~15 ms.
    version = getattr(spellchecker, "__version__", None)
    if not isinstance(version, str):
        import importlib.metadata  # noqa: PLC0415 - only without __version__

        version = importlib.metadata.version("pyspellchecker")
    source.update(version.encode())
    source.update(sys.version.encode())
    return cache_folder() / f"{code}-{source.hexdigest()[:24]}.marshal"


def _read(path: Path) -> tuple[dict[str, int], int, int, int, str] | None:
    """The cached table, or ``None`` when it is missing, damaged or not ours."""
    payload = read_verified(
        path,
        _MAGIC,
        damaged="spelling cache %s is damaged; reading the packaged dictionary",
        logger=log,
    )
    if payload is None:
        return None
    try:
        table = marshal.loads(payload)  # noqa: S302 - our own file, digest checked above
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(table, tuple) and len(table) == 5 and isinstance(table[0], dict)):
        return None
    words, total, unique, longest, letters = table
    return words, total, unique, longest, letters


def _write(path: Path, table: tuple[dict[str, int], int, int, int, str]) -> None:
    """Write ``table`` atomically (a temporary file renamed into place); never raises."""
    payload = marshal.dumps(table)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _MAGIC, payload)
    except OSError as exc:
        log.info("spelling cache not written (%s)", exc)


def load_dictionary(code: str) -> SpellChecker:
    """The spelling checker for language ``code`` (``distance=1``), from the cache if it can.

    Raises:
        ValueError: no dictionary ships for ``code``.
    """
    packaged = pkgutil.get_data("spellchecker", f"resources/{code}.json.gz")
    if packaged is None:
        raise ValueError(f"no dictionary for {code!r}")
    path = _cache_path(code, packaged)
    table = _read(path)
    if table is None:
        checker = SpellChecker(language=code, distance=1)
        frequency = checker.word_frequency
        _write(
            path,
            (
                dict(frequency.dictionary),
                frequency.total_words,
                frequency.unique_words,
                frequency.longest_word_length,
                "".join(sorted(frequency.letters)),
            ),
        )
        return checker
    words, total, unique, longest, letters = table
    checker = SpellChecker(language=None, distance=1)
    frequency = checker.word_frequency
    # What ``WordFrequency.load_json`` and ``_update_dictionary`` would compute from the
    # packaged file (tests/services/test_spelling_cache.py compares every field).
    frequency._dictionary = Counter(words)
    frequency._total_words = total
    frequency._unique_words = unique
    frequency._longest_word_length = longest
    frequency._letters = set(letters)
    return checker
