"""The text one check looks at, seen through each scope.

Tweets add scopes to Vale's. The default word scope (``text``, ``sentence``, ``paragraph``...)
sees the draft with URLs, @mentions, #hashtags and $cashtags masked: each is replaced by
spaces of the same length, so offsets into the view are offsets into the draft. ``raw`` sees
everything. ``hashtag``, ``mention``, ``url``, ``cashtag`` and ``emoji`` see only those
entities (everything else masked).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import regex

from composer.core.text import EntityKind, extract_entities

#: Tweet scopes that show only one kind of entity.
ENTITY_SCOPES = frozenset({"hashtag", "mention", "url", "cashtag", "emoji"})
#: Vale's scopes that we accept; for tweets they all read the masked text.
WORD_SCOPES = frozenset(
    {
        "text",
        "sentence",
        "paragraph",
        "heading",
        "title",
        "summary",
        "list",
        "blockquote",
        "alt",
        "table",
        "code",
        "comment",
        "markup",
        "strong",
        "emphasis",
    }
)
KNOWN_SCOPES = ENTITY_SCOPES | WORD_SCOPES | {"raw"}

_GRAPHEME = regex.compile(r"\X")
_EMOJI_START = regex.compile(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}]|[#*0-9]\uFE0F?\u20E3"
)
_EMOJI_ANY = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20E3]")
_SENTENCE_END = regex.compile(r"(?<=[.!?\u2026])[\"')\]]*\s+|\n+")
_PARAGRAPH_BREAK = regex.compile(r"\n\s*\n")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'\u2019\-]*")


@dataclass(frozen=True, slots=True)
class Span:
    """An entity seen by the rules: kind (``url``, ``mention``...) and Python span."""

    kind: str
    start: int
    end: int


@functools.cache
def extract_spans(text: str) -> tuple[Span, ...]:
    """URLs, mentions (and lists), hashtags and cashtags, as twitter-text finds them."""
    return tuple(
        Span("mention" if e.kind is EntityKind.LIST else e.kind.value, e.start, e.end)
        for e in extract_entities(text)
    )


def emoji_spans(text: str) -> tuple[Span, ...]:
    """Grapheme clusters that are emoji."""
    if text.isascii() or not _EMOJI_ANY.search(text):
        return ()
    return tuple(
        Span("emoji", m.start(), m.end())
        for m in _GRAPHEME.finditer(text)
        if _EMOJI_START.match(m.group())
    )


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (newlines kept, so lines still count)."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _keep_only(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``spans`` replaced by spaces."""
    chars = [" " if c != "\n" else c for c in text]
    for start, end in spans:
        chars[start:end] = text[start:end]
    return "".join(chars)


@dataclass(slots=True)
class RuleContext:
    """One text under check, with cached scope views.

    Attributes:
        text: The draft.
        timeout: Seconds a single pattern may run before it is abandoned.
    """

    text: str
    timeout: float = 0.05
    _entities: tuple[Span, ...] | None = None
    _views: dict[str, str] = field(default_factory=dict)
    _blocks: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def entities(self) -> tuple[Span, ...]:
        """Entities and emoji, computed once."""
        if self._entities is None:
            self._entities = extract_spans(self.text) + emoji_spans(self.text)
        return self._entities

    def entity_spans(self, kind: str) -> list[tuple[int, int]]:
        """Spans of one entity kind."""
        return [(e.start, e.end) for e in self.entities if e.kind == kind]

    def view(self, scope: str) -> str:
        """The text as a rule with ``scope`` sees it (same length as the draft)."""
        key = _scope_key(scope)
        cached = self._views.get(key)
        if cached is not None:
            return cached
        if key == "raw":
            view = self.text
        elif key in ENTITY_SCOPES:
            view = _keep_only(self.text, self.entity_spans(key))
        else:
            view = _mask(
                self.text,
                [(e.start, e.end) for e in self.entities if e.kind != "emoji"],
            )
        self._views[key] = view
        return view

    def blocks(self, scope: str) -> list[tuple[int, str]]:
        """The pieces a block-wise rule (occurrence, metric, capitalization) looks at.

        ``sentence`` and ``paragraph`` split the view; entity scopes give one block per entity
        when ``per_entity`` blocks are asked for through :meth:`entity_blocks`; every other
        scope is one block: the whole view.
        """
        key = _scope_key(scope)
        cached = self._blocks.get(key)
        if cached is not None:
            return cached
        view = self.view(scope)
        if key == "sentence":
            result = _split(view, _SENTENCE_END)
        elif key == "paragraph":
            result = _split(view, _PARAGRAPH_BREAK)
        else:
            result = [(0, view)]
        self._blocks[key] = result
        return result

    def entity_blocks(self, scope: str) -> list[tuple[int, str]]:
        """For entity scopes one block per entity; otherwise :meth:`blocks`."""
        key = _scope_key(scope)
        if key in ENTITY_SCOPES:
            return [(s, self.text[s:e]) for s, e in self.entity_spans(key)]
        return self.blocks(scope)


def _scope_key(scope: str) -> str:
    return scope.removeprefix("~").split(".")[0]


def _split(view: str, separator: regex.Pattern[str]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for m in separator.finditer(view):
        piece = view[pos : m.start()]
        if piece.strip():
            out.append((pos, piece))
        pos = m.end()
    if view[pos:].strip():
        out.append((pos, view[pos:]))
    return out


def words(text: str) -> list[tuple[int, int]]:
    """Word spans (letters and digits, with inner apostrophes and hyphens)."""
    return [m.span() for m in _WORD.finditer(text)]
