"""Whether a post X shows is the text we sent: the comparison reconciliation relies on.

X does not give a post back as it was sent. It wraps every link in a ``https://t.co/...``
short link (the original stays in the post's ``entities.urls`` as ``expanded_url``, with a
scheme added when the text had none), returns ``&``, ``<`` and ``>`` as HTML entities, and
trims the ends. Comparing the raw strings therefore never finds a post with a link, and a
lost answer would lead to a second post. :func:`same_post_text` compares as X shows the text:
the t.co links are expanded from the entities, links are found with twitter-text's own URL
extraction (what X links), and each link is compared by host and path. A t.co link whose
entity is missing matches any link in the same place (the text around it must still match).
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from composer.core.text import extract_urls

#: The host X wraps links with.
SHORT_LINK_HOST = "t.co"


@dataclass(frozen=True, slots=True)
class LinkEntity:
    """One of X's ``entities.urls`` items: the t.co link in the text and what it stands for."""

    url: str
    expanded_url: str


@dataclass(frozen=True, slots=True)
class _Shape:
    """A text cut at its links: the text between them, and the links."""

    between: tuple[str, ...]
    links: tuple[str, ...]


def expand_links(shown: str, links: Iterable[LinkEntity]) -> str:
    """``shown`` with X's HTML entities decoded and each t.co link put back as it was sent.

    Links are replaced by their string, not by X's ``start``/``end`` indices, whose unit
    (code points or UTF-16) is not something to depend on.
    """
    text = html.unescape(shown)
    for link in sorted(links, key=lambda e: len(e.url), reverse=True):
        if link.url and link.expanded_url:
            text = text.replace(link.url, link.expanded_url)
    return text


def same_post_text(shown: str, sent: str, links: Sequence[LinkEntity] = ()) -> bool:
    """Whether X's text of a post (``shown``, with its link entities) is the text ``sent``.

    Args:
        shown: The post's ``text`` as X returns it.
        sent: The text that was sent in ``POST /2/tweets``.
        links: The post's ``entities.urls``.

    Returns:
        True when the texts are the same once links are compared as links.
    """
    posted = _tidy(expand_links(shown, links))
    wanted = _tidy(sent)
    if posted == wanted:
        return True
    a, b = _shape(posted), _shape(wanted)
    return (
        a.between == b.between
        and len(a.links) == len(b.links)
        and all(_same_link(x, y) for x, y in zip(a.links, b.links, strict=True))
    )


def _tidy(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _shape(text: str) -> _Shape:
    between: list[str] = []
    links: list[str] = []
    pos = 0
    for entity in extract_urls(text):
        between.append(text[pos : entity.start])
        links.append(entity.text)
        pos = entity.end
    between.append(text[pos:])
    return _Shape(tuple(between), tuple(links))


def _link_key(url: str) -> tuple[str, str]:
    """A link by host (case-insensitive) and the rest, with scheme and end slash ignored."""
    rest = url
    for scheme in ("https://", "http://"):
        if rest.lower().startswith(scheme):
            rest = rest[len(scheme) :]
            break
    host, slash, path = rest.partition("/")
    return host.lower(), (slash + path).rstrip("/")


def _same_link(posted: str, sent: str) -> bool:
    key = _link_key(posted)
    # A t.co link X did not explain can stand for any link; the text around it still counts.
    return key[0] == SHORT_LINK_HOST or key == _link_key(sent)


__all__ = ["SHORT_LINK_HOST", "LinkEntity", "expand_links", "same_post_text"]
