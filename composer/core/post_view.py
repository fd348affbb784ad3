"""A post as X shows it: links shortened to their display form, entities marked (pure).

X wraps every link in a ``t.co`` link (counted as 23 characters) but shows readers a
*display URL*: the link without ``http(s)://`` and ``www.``, cut after
:data:`DISPLAY_URL_LIMIT` characters with an ellipsis (``northwindtrail.com/boots/wint…``).
The preview in the composer draws the segments this module returns, part by part, using the
one thread-parts function (:func:`composer.core.threads.part_spans`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from composer.core.text import EntityKind, extract_entities
from composer.core.threads import part_spans

#: How many characters of a link X shows before the ellipsis.
DISPLAY_URL_LIMIT = 26
ELLIPSIS = "\u2026"
_SCHEMES = ("https://", "http://")


class SegmentKind(enum.Enum):
    """How a piece of a post is drawn."""

    TEXT = "text"
    URL = "url"
    MENTION = "mention"
    HASHTAG = "hashtag"
    CASHTAG = "cashtag"


@dataclass(frozen=True, slots=True)
class Segment:
    """One run of a post as shown: ``shown`` is what the reader sees, ``source`` what was typed."""

    kind: SegmentKind
    shown: str
    source: str


@dataclass(frozen=True, slots=True)
class PreviewPart:
    """One post of a thread (or the post) as X shows it."""

    index: int
    count: int
    segments: tuple[Segment, ...]

    @property
    def shown_text(self) -> str:
        """The post's text as a reader sees it."""
        return "".join(s.shown for s in self.segments)


def display_url(url: str) -> str:
    """What X shows for ``url``: no scheme, no ``www.``, no lone trailing ``/``, cut with ``…``."""
    shown = url
    for scheme in _SCHEMES:
        if shown.lower().startswith(scheme):
            shown = shown[len(scheme) :]
            break
    if shown.lower().startswith("www."):
        shown = shown[4:]
    if shown.endswith("/") and shown.count("/") == 1:
        shown = shown[:-1]
    if len(shown) > DISPLAY_URL_LIMIT:
        shown = shown[:DISPLAY_URL_LIMIT] + ELLIPSIS
    return shown


_KINDS = {
    EntityKind.URL: SegmentKind.URL,
    EntityKind.MENTION: SegmentKind.MENTION,
    EntityKind.LIST: SegmentKind.MENTION,
    EntityKind.HASHTAG: SegmentKind.HASHTAG,
    EntityKind.CASHTAG: SegmentKind.CASHTAG,
}


def post_segments(text: str) -> tuple[Segment, ...]:
    """One post's text cut into plain runs and entities, links in their display form."""
    segments: list[Segment] = []
    pos = 0
    for entity in extract_entities(text):
        if entity.start > pos:
            segments.append(
                Segment(SegmentKind.TEXT, text[pos : entity.start], text[pos : entity.start])
            )
        kind = _KINDS[entity.kind]
        shown = display_url(entity.text) if kind is SegmentKind.URL else entity.text
        segments.append(Segment(kind, shown, entity.text))
        pos = entity.end
    if pos < len(text):
        segments.append(Segment(SegmentKind.TEXT, text[pos:], text[pos:]))
    return tuple(segments)


def preview(text: str) -> tuple[PreviewPart, ...]:
    """Every part of a draft (one for a single post) as X shows it."""
    spans = part_spans(text)
    return tuple(
        PreviewPart(i + 1, len(spans), post_segments(text[start:end]))
        for i, (start, end) in enumerate(spans)
    )
