"""Tweet entities (URLs, mentions, hashtags, cashtags) as the tone measures need them.

Everything goes through :func:`find_entities`, a thin view over twitter-text's extraction
(``composer.core.text.extract_entities``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from composer.core.text import Entity
from composer.core.text.links import prose_entities

#: Entity kinds the measures use.
URL = "url"
MENTION = "mention"
HASHTAG = "hashtag"
CASHTAG = "cashtag"


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """One entity: kind (``url``, ``mention``, ``hashtag``, ``cashtag``) and Python span."""

    kind: str
    start: int
    end: int


def _kind_name(kind: object) -> str:
    """``EntityKind.LIST`` -> ``mention``; enum members by name, plain strings as they are."""
    name = str(getattr(kind, "name", kind)).lower()
    return MENTION if name == "list" else name


def find_entities(text: str) -> tuple[EntitySpan, ...]:
    """URLs, mentions (lists count as mentions), hashtags and cashtags, in text order.

    URLs include the links twitter-text does not know (see ``text.links``).
    """
    return as_spans(prose_entities(text))


def as_spans(entities: Iterable[Entity]) -> tuple[EntitySpan, ...]:
    """Extracted entities (``extract_entities``) as the measures see them, in text order."""
    found = [EntitySpan(_kind_name(e.kind), e.start, e.end) for e in entities]
    return tuple(sorted(found, key=lambda e: e.start))
