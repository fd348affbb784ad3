"""Links as a reader sees them, for the checks: twitter-text's URLs plus the ones it leaves out.

twitter-text only links a domain whose top-level domain it knows, so
``https://www.northwind.example/maps`` is not a URL to X's counter, yet nobody reads it as
prose: a brand term inside it is not a misspelt brand, and a fix must never edit it (paths
are case-sensitive). :func:`prose_entities` adds every ``scheme://...`` and ``www....``
run that twitter-text did not link, as a URL entity, and drops hashtags, mentions and
cashtags inside one (``/maps#Summit`` is part of the link). The counter keeps twitter-text's
own entities: this is only what the rules, tone and spelling treat as a link.
"""

from __future__ import annotations

import regex

from composer.core.text.extract import Entity, EntityKind, extract_entities

# A scheme and "//", or "www.", not glued to a word, a handle or a tag; then no spaces.
_LOOSE_URL = regex.compile(
    r"(?<![\p{L}\p{N}_@#$/])(?:[A-Za-z][A-Za-z0-9+.\-]*://|[Ww]{3}\.)[^\s\p{Extended_Pictographic}]+"
)
# What a sentence puts after a link: never part of it.
_TRAILING = ".,;:!?'\"’”»…"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}


def prose_entities(text: str, entities: tuple[Entity, ...] | None = None) -> tuple[Entity, ...]:
    """``extract_entities(text)`` (or ``entities``) with the links twitter-text does not know.

    Returns:
        Entities in text order, none overlapping.
    """
    found = extract_entities(text) if entities is None else entities
    if "://" not in text and "www." not in text and "WWW." not in text:
        return found
    loose: list[tuple[int, int]] = []
    for match in _LOOSE_URL.finditer(text):
        start, end = match.start(), _trimmed_end(text, match.start(), match.end())
        if end - start > 4:
            loose.append((start, end))
    if not loose:
        return found
    kept: list[Entity] = []
    for entity in found:
        spans = [(s, e) for s, e in loose if s < entity.end and entity.start < e]
        if not spans:
            kept.append(entity)
        elif entity.kind is EntityKind.URL:
            # twitter-text linked part of it (or more): the link is the union of both.
            s, e = spans[0]
            loose.remove((s, e))
            loose.append((min(s, entity.start), max(e, entity.end)))
    kept += [
        Entity(EntityKind.URL, s, e, text[s:e], text[s:e])
        for s, e in loose
        if not any(k.start < e and s < k.end for k in kept)
    ]
    return tuple(sorted(kept, key=lambda e: e.start))


def _trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` without the sentence punctuation after a link, or an unbalanced closer."""
    while end > start:
        last = text[end - 1]
        unbalanced = last in _CLOSERS and text.count(_CLOSERS[last], start, end) < text.count(
            last, start, end
        )
        if not (last in _TRAILING or unbalanced):
            break
        end -= 1
    return end


def url_spans(entities: tuple[Entity, ...]) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every URL among ``entities``."""
    return [(e.start, e.end) for e in entities if e.kind is EntityKind.URL]
