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

Most checks only ask whether each word of a draft is in the dictionary; loading the whole
table (160,000 words) for that still took about 40 ms of every ``brand-composer check``.
Beside the table, the cache folder keeps the same words as one sorted block of UTF-8 bytes
with their offsets (:class:`KnownWords`), which loads in a millisecond or two and answers
"is this word known" by binary search; the table is loaded only when a word is unknown and
suggestions are needed. Both files are named and checked the same way.
"""

from __future__ import annotations

import array
import hashlib
import logging
import marshal
import pkgutil
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import platformdirs
import spellchecker
from spellchecker import SpellChecker

from composer.services.cache_files import read_verified, write_atomic

log = logging.getLogger(__name__)

_APP_DIR_NAME = "brand-voice-composer"
_MAGIC = b"BVC-SPELLING-1\n"
_WORDS_MAGIC = b"BVC-SPELLING-WORDS-1\n"


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


def _packaged_cache_path(code: str) -> Path:
    """The table's cache file for ``code`` (the packaged dictionary is read to name it).

    Raises:
        ValueError: no dictionary ships for ``code``.
    """
    packaged = pkgutil.get_data("spellchecker", f"resources/{code}.json.gz")
    if packaged is None:
        raise ValueError(f"no dictionary for {code!r}")
    return _cache_path(code, packaged)


class KnownWords:
    """A dictionary's words and their counts, read without building the dictionary's table.

    The words are kept as one block of UTF-8 bytes, sorted and separated by newlines, with
    the offset where each starts and its count beside it. ``word in known`` and
    ``known[word]`` lower-case ``word`` (as pyspellchecker's dictionaries, which are not
    case-sensitive, do) and search the block by bisection; a missing word counts 0, as in the
    ``Counter`` it stands for. :meth:`speller` gives a ``SpellChecker`` over it that answers
    ``in``, ``known``, ``edit_distance_1`` and ``word_usage_frequency`` exactly as the full
    dictionary's does (tests/services/test_spelling_cache.py compares them), each lookup a
    few microseconds instead of a dictionary's fraction of one: good for the handful of
    words of a draft and the few hundred of one word's distance-1 suggestions. Read back,
    the index is the file's bytes themselves (offsets and counts are views into them).
    """

    __slots__ = ("_base", "_blob", "_count", "_counts", "_starts", "letters", "longest", "total")

    def __init__(
        self,
        blob: bytes,
        starts: Sequence[int],
        counts: Sequence[int],
        *,
        base: int = 0,
        stats: tuple[int, int, str],
    ) -> None:
        #: The words' block starts at ``blob[base]``.
        self._blob = blob
        self._base = base
        #: ``starts[i]`` is where word ``i`` starts in the block; ``starts[-1]`` is its
        #: length + 1.
        self._starts = starts
        self._counts = counts
        self._count = len(starts) - 1
        self.total, self.longest, self.letters = stats

    @classmethod
    def of(cls, table: tuple[Mapping[str, int], int, int, int, str]) -> KnownWords | None:
        """The index of a dictionary's table (``None`` when a word holds a newline)."""
        words, total, _, longest, letters = table
        if any("\n" in w for w in words):
            return None
        encoded = sorted((w.encode("utf-8", "surrogatepass"), n) for w, n in words.items())
        starts = array.array(_OFFSET_TYPE, [0])
        at = 0
        for word, _ in encoded:
            at += len(word) + 1
            starts.append(at)
        counts = [n for _, n in encoded]
        blob = b"\n".join(w for w, _ in encoded)
        return cls(blob, starts, counts, stats=(total, longest, letters))

    def __len__(self) -> int:
        return self._count

    def _find(self, word: object) -> int:
        """The index of ``word`` (lower-cased), or -1."""
        if not isinstance(word, str):
            return -1
        key = word.lower().encode("utf-8", "surrogatepass")
        blob, starts, base = self._blob, self._starts, self._base
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            if blob[base + starts[middle] : base + starts[middle + 1] - 1] < key:
                low = middle + 1
            else:
                high = middle
        if low < self._count and blob[base + starts[low] : base + starts[low + 1] - 1] == key:
            return low
        return -1

    def __contains__(self, word: object) -> bool:
        return self._find(word) >= 0

    def __getitem__(self, word: str) -> int:
        found = self._find(word)
        return self._counts[found] if found >= 0 else 0

    def speller(self) -> SpellChecker:
        """A ``SpellChecker`` (``distance=1``) whose word frequency is this index."""
        checker = SpellChecker(language=None, distance=1)
        frequency = checker.word_frequency
        frequency._dictionary = self  # type: ignore[assignment] # answers in and []
        frequency._total_words = self.total
        frequency._unique_words = self._count
        frequency._longest_word_length = self.longest
        frequency._letters = set(self.letters)
        return checker

    def dumps(self) -> bytes:
        """The index as the words file's payload: a header, the block, offsets, counts."""
        counts_type = "I" if max(self._counts, default=0) < 2**32 else "q"
        block = self._blob[self._base : self._base + self._starts[-1] - 1]
        header = marshal.dumps(
            (
                _OFFSET_TYPE,
                counts_type,
                self._count,
                len(block),
                (self.total, self.longest, self.letters),
            )
        )
        return b"".join(
            (
                len(header).to_bytes(4, "little"),
                header,
                block,
                array.array(_OFFSET_TYPE, self._starts).tobytes(),
                array.array(counts_type, self._counts).tobytes(),
            )
        )

    @classmethod
    def loads(cls, payload: bytes) -> KnownWords | None:
        """The index :meth:`dumps` wrote, or ``None`` when ``payload`` is not one."""
        size = int.from_bytes(payload[:4], "little")
        try:
            header = marshal.loads(payload[4 : 4 + size])  # noqa: S302 - digest checked
            offsets_type, counts_type, count, length, stats = header
            total, longest, letters = stats
        except (EOFError, ValueError, TypeError):
            return None
        if not (
            offsets_type == _OFFSET_TYPE
            and counts_type in ("I", "q")
            and isinstance(count, int)
            and isinstance(length, int)
            and isinstance(total, int)
            and isinstance(longest, int)
            and isinstance(letters, str)
        ):
            return None
        base = 4 + size
        view = memoryview(payload)
        at = base + length
        offsets_end = at + (count + 1) * array.array(offsets_type).itemsize
        try:
            starts = view[at:offsets_end].cast(offsets_type)
            counts = view[offsets_end:].cast(counts_type)
        except TypeError:
            return None
        if len(starts) != count + 1 or len(counts) != count:
            return None
        if starts[0] != 0 or starts[-1] != length + 1:
            return None
        return cls(payload, starts, counts, base=base, stats=(total, longest, letters))


#: Offsets of the words file: 4-byte unsigned where the platform has them.
_OFFSET_TYPE = "I" if array.array("I").itemsize >= 4 else "L"


def _words_path(table_path: Path) -> Path:
    return table_path.with_suffix(".words")


def load_known_words(code: str) -> KnownWords | None:
    """The words of language ``code``'s dictionary, from the cache folder.

    ``None`` when the file is not there yet (or damaged): :func:`load_dictionary` writes it.

    Raises:
        ValueError: no dictionary ships for ``code``.
    """
    return _read_words(_words_path(_packaged_cache_path(code)))


def _read_words(path: Path) -> KnownWords | None:
    payload = read_verified(
        path,
        _WORDS_MAGIC,
        damaged="spelling words file %s is damaged; reading the dictionary",
        logger=log,
    )
    return None if payload is None else KnownWords.loads(payload)


def _write_words(path: Path, table: tuple[Mapping[str, int], int, int, int, str]) -> None:
    """Write the known-words file beside the table (never raises)."""
    index = KnownWords.of(table)
    if index is None:
        return  # not representable; membership then comes from the table
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _WORDS_MAGIC, index.dumps())
    except OSError as exc:
        log.info("spelling words file not written (%s)", exc)


def load_dictionary(code: str) -> SpellChecker:
    """The spelling checker for language ``code`` (``distance=1``), from the cache if it can.

    Also writes the known-words file (see :func:`load_known_words`) when it is missing.

    Raises:
        ValueError: no dictionary ships for ``code``.
    """
    path = _packaged_cache_path(code)
    table = _read(path)
    words_path = _words_path(path)
    if table is None:
        checker = SpellChecker(language=code, distance=1)
        frequency = checker.word_frequency
        table = (
            dict(frequency.dictionary),
            frequency.total_words,
            frequency.unique_words,
            frequency.longest_word_length,
            "".join(sorted(frequency.letters)),
        )
        _write(path, table)
        if _read_words(words_path) is None:
            _write_words(words_path, table)
        return checker
    if _read_words(words_path) is None:
        _write_words(words_path, table)
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
