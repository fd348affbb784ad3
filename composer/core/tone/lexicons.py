"""Tone lexicons: the word lists the measures match, loaded once from a folder.

The folder (``resources/lexicons`` by default) holds ``topics/*.txt`` (one forbidden-topic
lexicon per file), ``profanity.yml`` (terms with a 0..2 rating), ``promotional.yml``
(weighted categories of sales language) and ``acronyms.txt``. The loader takes the folder as
an argument; :func:`default_lexicon_dir` is a convenience for callers that want the shipped one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from composer.core.errors import KnownError

#: Highest profanity rating (2 = likely profane).
MAX_RATING = 2


class LexiconError(KnownError):
    """A lexicon file is missing or malformed; ``problems`` lists ``(file, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(f"{f}: {m}" for f, m in self.problems) or "bad lexicon")


@dataclass(frozen=True, slots=True)
class ProfanityTerm:
    """One profanity entry: ``term`` (``*`` at the end = any letters may follow) and rating."""

    term: str
    rating: int


@dataclass(frozen=True, slots=True)
class PromoCategory:
    """A category of promotional phrases and the weight each occurrence adds to the score."""

    name: str
    weight: float
    phrases: tuple[str, ...]


def _empty_topics() -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Everything read from one lexicon folder."""

    topics: Mapping[str, tuple[str, ...]] = field(default_factory=_empty_topics)
    profanity: tuple[ProfanityTerm, ...] = ()
    promotional: tuple[PromoCategory, ...] = ()
    price_weight: float = 2.0
    acronyms: frozenset[str] = frozenset()


def default_lexicon_dir() -> Path:
    """The shipped ``resources/lexicons`` folder."""
    from composer.resources import resource_path  # noqa: PLC0415 - keeps the core import-light

    return resource_path("lexicons")


def topic_names(directory: Path | None = None) -> frozenset[str]:
    """Names of the topic lexicons in ``directory`` (default: the shipped folder), lower case.

    Only the folder is listed, nothing is read: the guide loader uses it to report a profile
    that forbids an unknown topic with the file, line and column.
    """
    topic_dir = (directory or default_lexicon_dir()) / "topics"
    if not topic_dir.is_dir():
        return frozenset()
    return frozenset(path.stem.lower() for path in topic_dir.glob("*.txt"))


def read_word_list(text: str) -> tuple[str, ...]:
    """Terms from a one-term-a-line file: blank lines and ``#`` comments are skipped."""
    out = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return tuple(out)


#: Lexicons read in another process and taught by :func:`learn_lexicons`, by folder: the
#: :func:`lexicon_state` of the folder when they were read, and what was read.
_TAUGHT: dict[str, tuple[str, Lexicons]] = {}


def _lexicon_files(directory: Path) -> list[Path]:
    """Every file :func:`load_lexicons` reads in ``directory``, in the order it reads them."""
    topic_dir = directory / "topics"
    topics = sorted(topic_dir.glob("*.txt")) if topic_dir.is_dir() else []
    return [
        *topics,
        directory / "profanity.yml",
        directory / "promotional.yml",
        directory / "acronyms.txt",
    ]


def lexicon_state(directory: Path) -> str | None:
    """A digest of the names and bytes of every file :func:`load_lexicons` reads.

    ``None`` when the folder or one of them cannot be read. Equal states mean that loading
    the folder again would give the same lexicons.
    """
    if not directory.is_dir():
        return None
    digest = hashlib.sha256()
    for path in _lexicon_files(directory):
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest.update(f"{path.relative_to(directory)}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def learn_lexicons(directory: Path, state: str, lexicons: Lexicons) -> None:
    """Take ``lexicons`` as read from ``directory`` (in another process) in ``state``.

    :func:`load_lexicons` gives them back while the folder's :func:`lexicon_state` is still
    ``state``, without reading the YAML again (or importing the YAML library): a cache of
    loaded guides keeps them.
    """
    if isinstance(lexicons, Lexicons) and isinstance(state, str):
        _TAUGHT[str(directory)] = (state, lexicons)


def forget_lexicons() -> None:
    """Forget every taught folder (for tests and benchmarks: what a fresh process knows)."""
    _TAUGHT.clear()


def load_lexicons(directory: Path) -> Lexicons:
    """Read every lexicon in ``directory``; all problems are collected before raising.

    Lexicons taught by :func:`learn_lexicons` for this folder, in the state it is still in,
    are given back as they are.

    Raises:
        LexiconError: the folder or a file is missing or malformed.
    """
    taught = _TAUGHT.get(str(directory))
    if taught is not None and lexicon_state(directory) == taught[0]:
        return taught[1]
    problems: list[tuple[str, str]] = []
    if not directory.is_dir():
        raise LexiconError([(str(directory), "lexicon folder not found")])
    topics: dict[str, tuple[str, ...]] = {}
    topic_dir = directory / "topics"
    if topic_dir.is_dir():
        for path in sorted(topic_dir.glob("*.txt")):
            text = _read(path, problems)
            if text is not None:
                topics[path.stem.lower()] = read_word_list(text)
    profanity = _load_profanity(directory / "profanity.yml", problems)
    categories, price_weight = _load_promotional(directory / "promotional.yml", problems)
    acronym_text = _read(directory / "acronyms.txt", problems)
    acronyms = frozenset(read_word_list(acronym_text)) if acronym_text is not None else frozenset()
    if problems:
        raise LexiconError(problems)
    return Lexicons(
        topics=MappingProxyType(topics),
        profanity=profanity,
        promotional=categories,
        price_weight=price_weight,
        acronyms=acronyms,
    )


def _read(path: Path, problems: list[tuple[str, str]]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append((str(path), "file not found"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append((str(path), f"cannot be read: {exc}"))
    return None


def _safe_load(text: str) -> Any:  # noqa: ANN401 - whatever the YAML holds
    """``yaml.safe_load(text)``, with libyaml's parser when PyYAML has it.

    About ten times faster, and the lexicons are read at every check's start. On an error
    the pure-Python loader reads the text again, so the message is the one it always gave.
    """
    import yaml  # noqa: PLC0415 - only when the lexicons are read, not when they are taught

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return yaml.safe_load(text)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - the safe loader, in C
    except yaml.YAMLError:
        return yaml.safe_load(text)


def _read_yaml(path: Path, problems: list[tuple[str, str]]) -> dict[str, Any] | None:
    import yaml  # noqa: PLC0415 - only when the lexicons are read, not when they are taught

    text = _read(path, problems)
    if text is None:
        return None
    try:
        data = _safe_load(text)
    except yaml.YAMLError as exc:
        problems.append((str(path), f"not valid YAML: {exc}"))
        return None
    if not isinstance(data, dict):
        problems.append((str(path), "expected a mapping at the top level"))
        return None
    return data


def _load_profanity(path: Path, problems: list[tuple[str, str]]) -> tuple[ProfanityTerm, ...]:
    data = _read_yaml(path, problems)
    if data is None:
        return ()
    terms = data.get("terms")
    if not isinstance(terms, list):
        problems.append((str(path), "'terms' must be a list"))
        return ()
    out = []
    for i, entry in enumerate(terms):
        where = f"{path}: terms[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("term"), str):
            problems.append((where, "expected {term: TEXT, rating: 0|1|2}"))
            continue
        rating = entry.get("rating")
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 2:
            problems.append((where, f"rating must be 0, 1 or 2, got {rating!r}"))
            continue
        out.append(ProfanityTerm(entry["term"].strip().lower(), rating))
    return tuple(out)


def _load_promotional(
    path: Path, problems: list[tuple[str, str]]
) -> tuple[tuple[PromoCategory, ...], float]:
    data = _read_yaml(path, problems)
    if data is None:
        return (), 2.0
    price_weight = data.get("price_weight", 2.0)
    if isinstance(price_weight, bool) or not isinstance(price_weight, int | float):
        problems.append((str(path), "'price_weight' must be a number"))
        price_weight = 2.0
    categories = data.get("categories")
    if not isinstance(categories, dict):
        problems.append((str(path), "'categories' must be a mapping"))
        return (), float(price_weight)
    out = []
    for name, body in categories.items():
        where = f"{path}: categories.{name}"
        if not isinstance(body, dict):
            problems.append((where, "expected {weight: NUMBER, phrases: [...]}"))
            continue
        weight = body.get("weight", 1)
        phrases = body.get("phrases")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            problems.append((where, "'weight' must be a positive number"))
            continue
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            problems.append((where, "'phrases' must be a list of strings"))
            continue
        out.append(PromoCategory(str(name), float(weight), tuple(p.strip() for p in phrases)))
    return tuple(out), float(price_weight)
