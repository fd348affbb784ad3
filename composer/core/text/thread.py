"""Splitting a long draft into a numbered thread of posts that each pass ``parse_tweet``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, Final

import regex

from composer.core.errors import ConfigError
from composer.core.text.counting import CountingConfig, get_config, parse_tweet

# U+FEFF, U+FFFE and U+FFFF make any post invalid (twitter-text's invalid characters).
_INVALID: Final = str.maketrans(dict.fromkeys("\ufeff\ufffe\uffff"))
_SENTENCE_END: Final = regex.compile(r"[.!?…‼⁇⁈⁉。！？][\"'”’)\]»]*\Z")
_GRAPHEME: Final = regex.compile(r"\X")
_MAX_ROUNDS: Final = 50


def split_thread(
    text: str,
    config: str | Mapping[str, Any] | CountingConfig = "v1",
    numbering: bool = True,  # noqa: FBT001, FBT002 - public API shared with the UI and CLI
    limit: int | None = None,
) -> tuple[str, ...]:
    """Split ``text`` into posts that each satisfy ``parse_tweet(part, config).valid``.

    Parts break at sentence ends where one falls in the second half of a part, otherwise at
    spaces; never inside a URL, an entity or a grapheme cluster. Only a single word (or
    URL, when ``limit`` is below a URL's weight) longer than a post is cut, at grapheme
    boundaries. With ``numbering`` each part of several ends in `` k/N``, counted in its
    length. Text that already fits comes back as one part without numbering; whitespace
    inside parts is collapsed to single spaces and trimmed at part boundaries. U+FEFF,
    U+FFFE and U+FFFF, which no post may hold, are dropped.

    Args:
        text: the draft.
        config: a counting config name, mapping or object.
        numbering: append `` k/N`` to each part when there are several.
        limit: a user-facing limit (such as 200) that replaces the config's.

    Returns:
        The parts; empty for a text with nothing but whitespace.

    Raises:
        ConfigError: the config is unknown, or ``limit`` is too small to hold a
            character plus the numbering.
    """
    cfg = get_config(config)
    if limit is not None:
        if limit <= 0:
            raise ConfigError(f"thread limit must be greater than 0, not {limit}")
        cfg = dataclasses.replace(cfg, max_weighted_tweet_length=limit)
    cleaned = text.translate(_INVALID).strip()
    if not cleaned:
        return ()
    if parse_tweet(cleaned, cfg).valid:
        return (cleaned,)
    words = cleaned.split()

    def fits(candidate: str) -> bool:
        return parse_tweet(candidate, cfg).valid

    if not numbering:
        return tuple(_pack(words, lambda _index: "", fits))
    total = 1
    for _ in range(_MAX_ROUNDS):
        count = total
        parts = _pack(words, _numbering(count), fits)
        if len(parts) == count:
            return tuple(f"{part} {i}/{count}" for i, part in enumerate(parts, start=1))
        total = max(len(parts), count + 1)
    raise ConfigError(f"could not number a thread of about {total} parts")  # pragma: no cover


def _numbering(count: int) -> Callable[[int], str]:
    """The suffix function for a thread of ``count`` parts."""
    return lambda index: f" {index}/{count}"


def _pack(words: list[str], suffix: Callable[[int], str], fits: Callable[[str], bool]) -> list[str]:
    """Greedily fill parts with words; ``suffix(k)`` is appended to part ``k`` (1-based)."""
    parts: list[str] = []
    queue = list(words)
    while queue:
        tail = suffix(len(parts) + 1)
        taken = 0
        while taken < len(queue) and fits(" ".join(queue[: taken + 1]) + tail):
            taken += 1
        if taken == 0:
            head, rest = _cut_word(queue[0], tail, fits)
            parts.append(head)
            queue[0] = rest
            if not rest:
                queue.pop(0)
            continue
        if taken < len(queue):
            taken = _prefer_sentence_end(queue, taken)
        parts.append(" ".join(queue[:taken]))
        del queue[:taken]
    return parts


def _prefer_sentence_end(queue: list[str], taken: int) -> int:
    """Move a break back to the last sentence end in the second half of the part, if any."""
    for end in range(taken, max(taken // 2, 1) - 1, -1):
        if _SENTENCE_END.search(queue[end - 1]):
            return end
    return taken


def _cut_word(word: str, tail: str, fits: Callable[[str], bool]) -> tuple[str, str]:
    """The longest grapheme-aligned head of ``word`` that fits (code points as a last resort)."""
    for units in (_GRAPHEME.findall(word), list(word)):
        taken = 0
        while taken < len(units) and fits("".join(units[: taken + 1]) + tail):
            taken += 1
        if taken:
            return "".join(units[:taken]), "".join(units[taken:])
    raise ConfigError(
        f"the limit is too small to hold {word[:1]!r}{' and the numbering' if tail else ''}"
    )
