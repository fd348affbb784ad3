"""Tweet entities (URLs, mentions, hashtags, cashtags) as the tone measures need them.

Everything goes through :func:`find_entities`, which uses ``composer.core.text.extract_entities``
when that module is present and a small built-in pattern otherwise, so the shared parser can be
swapped in without touching the measures.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import regex

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


_FALLBACK = regex.compile(
    r"(?P<url>https?://[^\s\u3000]+|(?<![\w@.])(?:www\.)?[\w-]+\.(?:com|org|net|io|co|ly|uk|de|fr|app|dev)(?:/[^\s\u3000]*)?(?![\w-]))"
    r"|(?<![\w@＠])(?P<mention>[@＠][A-Za-z0-9_]{1,20}(?:/[A-Za-z][\w-]{0,24})?)"
    r"|(?<![\w&＃#])(?P<hashtag>[#＃][\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)"
    r"|(?<![\w$])(?P<cashtag>\$[A-Za-z]{1,6}(?:[._][A-Za-z]{1,2})?)(?![\w$])"
)


def _fallback(text: str) -> tuple[EntitySpan, ...]:
    return tuple(
        EntitySpan(m.lastgroup or URL, m.start(), m.end()) for m in _FALLBACK.finditer(text)
    )


def _shared_extractor() -> Callable[[str], Any] | None:
    """``composer.core.text.extract_entities`` if that module has landed, else ``None``."""
    try:
        module = importlib.import_module("composer.core.text")
    except ImportError:
        return None
    func = getattr(module, "extract_entities", None)
    return func if callable(func) else None


_EXTRACT = _shared_extractor()


def _kind_name(kind: object) -> str:
    """``EntityKind.LIST`` -> ``mention``; enum members by name, plain strings as they are."""
    name = str(getattr(kind, "name", kind)).lower()
    return MENTION if name == "list" else name


def find_entities(text: str) -> tuple[EntitySpan, ...]:
    """URLs, mentions (lists count as mentions), hashtags and cashtags, in text order."""
    if _EXTRACT is None:
        return _fallback(text)
    found = [EntitySpan(_kind_name(e.kind), e.start, e.end) for e in _EXTRACT(text)]
    return tuple(sorted(found, key=lambda e: e.start))
