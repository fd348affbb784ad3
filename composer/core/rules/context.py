"""The text one check looks at, seen through each scope.

Tweets add scopes to Vale's. The default word scope (``text``, ``sentence``, ``paragraph``...)
sees the draft with URLs, @mentions, #hashtags and $cashtags masked: each is replaced by
spaces of the same length, so offsets into the view are offsets into the draft. ``raw`` sees
everything. ``hashtag``, ``mention``, ``url``, ``cashtag`` and ``emoji`` see only those
entities (everything else masked).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import regex

from composer.core.text import Entity, EntityKind
from composer.core.text.clusters import candidate_clusters
from composer.core.text.folding import fold
from composer.core.text.links import prose_entities

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

#: The characters ``regex`` counts as ``\s`` (a test checks every code point), spelled out
#: for the ``re`` module, whose ``\s`` also holds U+001C..U+001F.
SPACES = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_EMOJI_START = regex.compile(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}]|[#*0-9]\uFE0F?\u20E3"
)
_SENTENCE_END = regex.compile(r"(?<=[.!?\u2026])[\"')\]]*\s+|\n+")
_PARAGRAPH_BREAK = regex.compile(r"\n\s*\n")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}\p{M}'\u2019\-]*")
_NOT_NEWLINE = regex.compile(r"[^\n]")


@dataclass(frozen=True, slots=True)
class Span:
    """An entity seen by the rules: kind (``url``, ``mention``...) and Python span."""

    kind: str
    start: int
    end: int


def extract_spans(text: str) -> tuple[Span, ...]:
    """URLs, mentions (and lists), hashtags and cashtags, as the rules see them."""
    return _spans(prose_entities(text))


def _spans(entities: tuple[Entity, ...]) -> tuple[Span, ...]:
    return tuple(
        Span("mention" if e.kind is EntityKind.LIST else e.kind.value, e.start, e.end)
        for e in entities
    )


def emoji_spans(text: str) -> tuple[Span, ...]:
    """Grapheme clusters that are emoji."""
    return tuple(
        Span("emoji", start, end)
        for start, end, cluster in candidate_clusters(text)
        if _EMOJI_START.match(cluster)
    )


def _blank(text: str) -> str:
    """``text`` with every character but newlines replaced by a space."""
    if "\n" not in text:
        return " " * len(text)
    result: str = _NOT_NEWLINE.sub(" ", text)
    return result


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces (newlines kept, so lines still count).

    ``spans`` are in order and do not overlap (entities as extracted).
    """
    if not spans:
        return text
    pieces = []
    pos = 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pieces.append(_blank(text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _keep_only(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``spans`` replaced by spaces."""
    pieces = []
    pos = 0
    for start, end in spans:
        pieces.append(_blank(text[pos:start]))
        pieces.append(text[start:end])
        pos = end
    pieces.append(_blank(text[pos:]))
    return "".join(pieces)


class RuleContext:
    """One text under check, with scope views computed when a rule first asks for them.

    Everything derived from the text (entities, views, blocks, word counts in ``cache``)
    is computed once per check and shared by every rule; nothing outlives the check.

    Attributes:
        text: The draft.
        timeout: Seconds a single pattern may run before it is abandoned.
        accepted: The guide's accepted vocabulary (see ``base.accepted_pattern``), which
            every rule takes as exceptions, as in Vale; ``None`` without one.
        cache: Per-check values rules share (metric counts...).
    """

    __slots__ = (
        "_blank_view",
        "_blocks",
        "_by_kind",
        "_clusters",
        "_entities",
        "_folded",
        "_tweet_entities",
        "_views",
        "accepted",
        "cache",
        "text",
        "timeout",
    )

    def __init__(
        self,
        text: str,
        timeout: float = 0.05,
        *,
        tweet_entities: tuple[Entity, ...] | None = None,
        accepted: regex.Pattern[str] | None = None,
    ) -> None:
        """Prepare ``text``; ``tweet_entities`` are its twitter-text entities if known."""
        self.text = text
        self.timeout = timeout
        self.accepted = accepted
        self.cache: dict[str, Any] = {}
        self._tweet_entities = tweet_entities
        self._entities: tuple[Span, ...] | None = None
        self._by_kind: dict[str, list[tuple[int, int]]] | None = None
        self._clusters: tuple[tuple[int, int, str], ...] | None = None
        self._views: dict[str, str] = {}
        self._folded: dict[str, str] = {}
        self._blocks: dict[str, list[tuple[int, str]]] = {}
        self._blank_view: str | None = None

    @property
    def tweet_entities(self) -> tuple[Entity, ...]:
        """URLs, mentions, lists, hashtags and cashtags: twitter-text's and more links.

        The links twitter-text does not know (``https://shop.example/x``) are added (see
        ``text.links``): no rule that reads the text matches inside a link.
        """
        if self._tweet_entities is None:
            self._tweet_entities = prose_entities(self.text)
        return self._tweet_entities

    @property
    def clusters(self) -> tuple[tuple[int, int, str], ...]:
        """Grapheme clusters that may be emoji (see ``candidate_clusters``), computed once."""
        if self._clusters is None:
            self._clusters = candidate_clusters(self.text)
        return self._clusters

    @property
    def entities(self) -> tuple[Span, ...]:
        """Entities and emoji, computed once."""
        if self._entities is None:
            emoji = tuple(Span("emoji", start, end) for start, end in self._emoji())
            self._entities = _spans(self.tweet_entities) + emoji
        return self._entities

    def _emoji(self) -> list[tuple[int, int]]:
        return [(s, e) for s, e, cluster in self.clusters if _EMOJI_START.match(cluster)]

    def _spans_by_kind(self) -> dict[str, list[tuple[int, int]]]:
        by_kind = self._by_kind
        if by_kind is None:
            by_kind = self._by_kind = {}
            for e in self.tweet_entities:
                kind = "mention" if e.kind is EntityKind.LIST else e.kind.value
                by_kind.setdefault(kind, []).append((e.start, e.end))
            emoji = self._emoji()
            if emoji:
                by_kind["emoji"] = emoji
        return by_kind

    def entity_spans(self, kind: str) -> list[tuple[int, int]]:
        """Spans of one entity kind."""
        return list(self._spans_by_kind().get(kind, ()))

    def entity_count(self, kind: str) -> int:
        """How many entities of one kind."""
        return len(self._spans_by_kind().get(kind, ()))

    def view(self, scope: str) -> str:
        """The text as a rule with ``scope`` sees it (same length as the draft)."""
        key = _SCOPE_KEYS.get(scope) or scope_key(scope)
        cached = self._views.get(key)
        if cached is not None:
            return cached
        if key == "raw":
            view = self.text
        elif key in ENTITY_SCOPES:
            spans = self.entity_spans(key)
            if spans:
                view = _keep_only(self.text, spans)
            else:
                if self._blank_view is None:
                    self._blank_view = _blank(self.text)
                view = self._blank_view
        else:
            view = _mask(self.text, [(e.start, e.end) for e in self.tweet_entities])
        self._views[key] = view
        return view

    def matches(
        self,
        pattern: regex.Pattern[str],
        scope: str,
        *,
        nonblank_start: bool = False,
        within_entities: bool = False,
    ) -> Iterator[regex.Match[str]]:
        """``pattern.finditer`` over :meth:`view` (with the check's timeout).

        With ``nonblank_start`` (every match starts with a character other than a space or a
        newline, see ``literals.starts_nonblank``) an entity scope's view can only match where
        it keeps text, everything else in it being spaces and newlines: without entities of
        that kind there is nothing to look at, and with ``within_entities`` only the
        entities' own places are tried (quicker for patterns the regex engine cannot skip
        ahead with, such as a leading lookahead). The matches are the same either way.
        """
        view = self.view(scope)
        key = _SCOPE_KEYS.get(scope) or scope_key(scope)
        found: Iterator[regex.Match[str]]
        if not nonblank_start or key not in ENTITY_SCOPES:
            found = pattern.finditer(view, timeout=self.timeout)
            return found
        spans = self._spans_by_kind().get(key, ())
        if not spans:
            return iter(())
        if within_entities:
            return self._within(pattern, view, spans)
        found = pattern.finditer(view, timeout=self.timeout)
        return found

    def _within(
        self, pattern: regex.Pattern[str], view: str, spans: list[tuple[int, int]]
    ) -> Iterator[regex.Match[str]]:
        """The matches starting inside ``spans``, in order, as ``finditer`` meets them."""
        pos = 0
        for start, end in spans:
            at = max(start, pos)
            while at < end:
                m = pattern.match(view, at, timeout=self.timeout)
                if m is None or m.end() == at:
                    at += 1
                    continue
                yield m
                at = pos = m.end()

    def folded(self, scope: str) -> str:
        """:meth:`view` put through ``literals.fold``, for required-literal tests."""
        key = _SCOPE_KEYS.get(scope) or scope_key(scope)
        cached = self._folded.get(key)
        if cached is None:
            cached = self._folded[key] = fold(self.view(scope))
        return cached

    def blocks(self, scope: str) -> list[tuple[int, str]]:
        """The pieces a block-wise rule (occurrence, metric, capitalization) looks at.

        ``sentence`` and ``paragraph`` split the view; entity scopes give one block per entity
        when ``per_entity`` blocks are asked for through :meth:`entity_blocks`; every other
        scope is one block: the whole view.
        """
        key = _SCOPE_KEYS.get(scope) or scope_key(scope)
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
        key = _SCOPE_KEYS.get(scope) or scope_key(scope)
        if key in ENTITY_SCOPES:
            return [(s, self.text[s:e]) for s, e in self.entity_spans(key)]
        return self.blocks(scope)


def scope_key(scope: str) -> str:
    """The view a scope reads: ``~sentence.foo`` reads ``sentence``."""
    return scope.removeprefix("~").split(".")[0]


# The key of every scope name as written without a prefix or a selector.
_SCOPE_KEYS = {name: name for name in KNOWN_SCOPES}


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
