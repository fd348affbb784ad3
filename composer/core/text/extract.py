"""Entity extraction and validity checks, ported from twitter-text 3.1.0.

Every function here mirrors the JavaScript function of the same name in the npm package
``twitter-text`` (``extractUrlsWithIndices``, ``extractMentionsOrListsWithIndices``,
``extractHashtagsWithIndices``, ``extractCashtagsWithIndices``,
``extractEntitiesWithIndices``, ``extractReplies``, ``isValidUsername``, ``isValidList``,
``isValidHashtag``, ``isValidUrl``). The private ``_*_view`` functions work on the UTF-16
view (see :mod:`composer.core.text.patterns`) and return UTF-16 spans; the public ones
return :class:`Entity` values with Python string indices.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

import regex

from composer.core.text import patterns as p

_DEFAULT_PROTOCOL: Final = "https://"
_MAX_URL_LENGTH: Final = 4096
_MAX_TCO_SLUG_LENGTH: Final = 40
_MAX_DOMAIN_LABEL_LENGTH: Final = 63
_PUNYCODE_PREFIX: Final = "xn--"
_IDNA_SEPARATORS: Final = regex.compile("[.\u3002\uff0e\uff61]")
# Node resolves require("punycode") to its built-in punycode 2.1.0, which encodes any label
# holding a character above U+007F.
_PUNYCODE_NON_ASCII: Final = regex.compile("[^\\x00-\\x7f]")
_HTTP_SCHEME: Final = regex.compile("^[Hh][Tt][Tt][Pp][Ss]?\\Z")
_DOLLAR: Final = re.compile("\\$")
_VALID_LIST: Final = regex.compile("^" + p.SOURCES["validMentionOrList"] + "\\Z")


class EntityKind(StrEnum):
    """What an extracted entity is."""

    URL = "url"
    MENTION = "mention"
    LIST = "list"
    HASHTAG = "hashtag"
    CASHTAG = "cashtag"


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity found in a text.

    Attributes:
        kind: URL, mention, list, hashtag or cashtag.
        start: Python index of the first character.
        end: Python index just past the last character.
        text: ``text[start:end]``, sigil (``@``, ``#``, ``$``) included.
        value: the URL, screen name, hashtag or cashtag (without its sigil) as
            twitter-text reports it.
        list_slug: for a list, ``"/slug"`` as twitter-text reports it; else ``""``.
    """

    kind: EntityKind
    start: int
    end: int
    text: str
    value: str
    list_slug: str = ""


# A raw entity in the UTF-16 view: kind, start, end, value, list slug.
_Raw = tuple[EntityKind, int, int, str, str]


def _scan(
    pattern: re.Pattern[str], view: str, signs: re.Pattern[str], back: int
) -> Iterator[re.Match[str]]:
    """Iterate ``pattern``'s matches like a JavaScript global regex over ``view``.

    A match can only begin at most ``back`` code units before one of the sign characters
    (``@``, ``#``, ``$``) it needs, so only those positions are tried; the result is the
    same sequence of leftmost, non-overlapping matches a full scan finds.
    """
    last_end = 0
    for sign in signs.finditer(view):
        at = sign.start()
        if at < last_end:
            continue
        for start in range(max(last_end, at - back), at + 1):
            match = pattern.match(view, start)
            if match is not None:
                yield match
                last_end = match.end()
                break


def _idna_label_ok(label: str) -> bool:
    """Whether punycode's ``toASCII(label)`` gives 1 to 63 characters (DNS label limits)."""
    if label.isascii() and "@" not in label:
        return 1 <= len(label) <= _MAX_DOMAIN_LABEL_LENGTH
    at_parts = label.split("@")
    prefix = ""
    if len(at_parts) > 1:
        prefix = at_parts[0] + "@"
        label = at_parts[1]
    encoded: list[str] = []
    for part in _IDNA_SEPARATORS.sub(".", label).split("."):
        if _PUNYCODE_NON_ASCII.search(part):
            punycode = p.from_utf16_view(part).encode("punycode").decode("ascii")
            encoded.append(_PUNYCODE_PREFIX + punycode)
        else:
            encoded.append(part)
    length = len(prefix) + len(".".join(encoded))
    return 1 <= length <= _MAX_DOMAIN_LABEL_LENGTH


def _is_extractable_url(url: str, protocol: str, domain: str) -> bool:
    """twitter-text's private ``isValidUrl`` of ``extractUrlsWithIndices``."""
    if domain[:4] == _PUNYCODE_PREFIX and not p.VALID_ASCII_DOMAIN.search(domain):
        return False
    if not all(_idna_label_ok(label) for label in domain.split(".")):
        return False
    return len(protocol) + len(url) <= _MAX_URL_LENGTH


def _window_urls(view: str, pos: int, endpos: int) -> list[tuple[int, int, str]]:
    """The URLs ``EXTRACT_URL`` finds in ``view[pos:endpos]``, as offsets from ``pos``.

    The pattern has no lookbehind, so what it finds depends only on ``view[pos:endpos]``
    and on whether ``pos`` is the real start of the text (where ``^`` can match).
    """
    urls: list[tuple[int, int, str]] = []
    for match in p.EXTRACT_URL.finditer(view, pos, endpos):
        before, url, protocol, domain = match.group(2, 3, 4, 5)
        path = match.group(7)
        end = match.end() - pos
        start = end - len(url)
        if not _is_extractable_url(url, protocol or _DEFAULT_PROTOCOL, domain):
            continue
        if not protocol:
            if p.INVALID_URL_WITHOUT_PROTOCOL_PRECEDING.search(before):
                continue
            found = False
            ascii_end = 0
            for ascii_match in p.VALID_ASCII_DOMAIN.finditer(domain):
                ascii_domain = ascii_match.group()
                ascii_start = domain.find(ascii_domain, ascii_end)
                ascii_end = ascii_start + len(ascii_domain)
                urls.append((start + ascii_start, start + ascii_end, ascii_domain))
                found = True
            if not found:
                continue
            if path:
                last_start, _, last_domain = urls[-1]
                urls[-1] = (last_start, end, url.replace(domain, last_domain, 1))
        else:
            tco = p.VALID_TCO_URL.search(url)
            if tco is not None:
                slug = tco.group(1)
                if slug and len(slug) > _MAX_TCO_SLUG_LENGTH:
                    continue
                url = tco.group()
                end = start + len(url)
            urls.append((start, end, url))
    return urls


# Results of _window_urls keyed by (window text, window starts the text): the same words
# come back again and again (a draft is re-counted on every keystroke), and the URL
# pattern is by far the most expensive part of counting.
_WINDOW_CACHE: Final[dict[tuple[str, bool], tuple[tuple[int, int, str], ...]]] = {}
_WINDOW_CACHE_SIZE: Final = 8192
_WINDOW_CACHE_MAX_TEXT: Final = 512


def _urls_view(view: str) -> list[tuple[int, int, str]]:
    """``extractUrlsWithIndices(view)``: (start, end, url) in UTF-16 units.

    URL matching is only tried in the runs of non-space characters holding a dot followed
    by a letter or a non-ASCII character (plus the character on either side).
    """
    urls: list[tuple[int, int, str]] = []
    if not view or "." not in view:
        return urls
    size = len(view)
    cache = _WINDOW_CACHE
    found: Sequence[tuple[int, int, str]]
    for chunk in p.URL_CANDIDATE.finditer(view):
        pos = chunk.start() - 1 if chunk.start() else 0
        endpos = chunk.end() + 1 if chunk.end() < size else size
        if endpos - pos > _WINDOW_CACHE_MAX_TEXT:
            found = _window_urls(view, pos, endpos)
        else:
            key = (view[pos:endpos], pos == 0)
            cached = cache.get(key)
            if cached is None:
                if len(cache) >= _WINDOW_CACHE_SIZE:
                    cache.clear()
                cached = cache[key] = tuple(_window_urls(view, pos, endpos))
            found = cached
        if pos:
            urls.extend((pos + start, pos + end, url) for start, end, url in found)
        else:
            urls.extend(found)
    return urls


def _mentions_or_lists_view(view: str) -> list[_Raw]:
    """``extractMentionsOrListsWithIndices(view)``."""
    found: list[_Raw] = []
    if not view or not p.AT_SIGNS.search(view):
        return found
    for match in _scan(p.VALID_MENTION_OR_LIST, view, p.AT_SIGNS, 4):
        if p.END_MENTION_MATCH.match(view[match.end() : match.end() + 3]):
            continue
        before, screen_name, slug = match.group(1, 3, 4)
        slug = slug or ""
        start = match.start() + len(before)
        end = start + len(screen_name) + len(slug) + 1
        kind = EntityKind.LIST if slug else EntityKind.MENTION
        found.append((kind, start, end, screen_name, slug))
    return found


def _hashtags_view(view: str, *, check_url_overlap: bool) -> list[_Raw]:
    """``extractHashtagsWithIndices(view, {checkUrlOverlap})``."""
    tags: list[_Raw] = []
    if not view or not p.HASH_SIGNS.search(view):
        return tags
    for match in _scan(p.VALID_HASHTAG, view, p.HASH_SIGNS, 2):
        if p.END_HASHTAG_MATCH.match(view[match.end() : match.end() + 3]):
            continue
        before, tag = match.group(1, 3)
        start = match.start() + len(before)
        tags.append((EntityKind.HASHTAG, start, start + len(tag) + 1, tag, ""))
    if check_url_overlap and tags:
        urls = [(EntityKind.URL, s, e, u, "") for s, e, u in _urls_view(view)]
        if urls:
            tags = [t for t in _remove_overlapping(tags + urls) if t[0] is EntityKind.HASHTAG]
    return tags


def _cashtags_view(view: str) -> list[_Raw]:
    """``extractCashtagsWithIndices(view)``."""
    tags: list[_Raw] = []
    if not view or "$" not in view:
        return tags
    for match in _scan(p.VALID_CASHTAG, view, _DOLLAR, 1):
        before, tag = match.group(1, 3)
        start = match.start() + len(before)
        tags.append((EntityKind.CASHTAG, start, start + len(tag) + 1, tag, ""))
    return tags


def _remove_overlapping(entities: list[_Raw]) -> list[_Raw]:
    """``removeOverlappingEntities``: stable sort by start, drop what overlaps the kept one."""
    ordered = sorted(entities, key=lambda e: e[1])
    if not ordered:
        return ordered
    kept = [ordered[0]]
    for entity in ordered[1:]:
        if kept[-1][2] <= entity[1]:
            kept.append(entity)
    return kept


def _to_entities(text: str, view: str, raws: list[_Raw]) -> tuple[Entity, ...]:
    if view is text:
        return tuple(Entity(k, s, e, text[s:e], v, slug) for k, s, e, v, slug in raws)
    index = p.IndexMap(text)
    out = []
    for kind, start, end, value, slug in raws:
        py_start, py_end = index(start), index(end)
        out.append(
            Entity(kind, py_start, py_end, text[py_start:py_end], p.from_utf16_view(value), slug)
        )
    return tuple(out)


def url_spans_utf16(view: str) -> list[tuple[int, int, str]]:
    """URL spans of a UTF-16 view as twitter-text finds them (for the length counter)."""
    return _urls_view(view)


def extract_urls(text: str) -> tuple[Entity, ...]:
    """URLs with and without a scheme, as ``extractUrlsWithIndices`` finds them."""
    view = p.utf16_view(text)
    return _to_entities(text, view, [(EntityKind.URL, s, e, u, "") for s, e, u in _urls_view(view)])


def extract_mentions_or_lists(text: str) -> tuple[Entity, ...]:
    """Mentions and ``@user/list`` references."""
    view = p.utf16_view(text)
    return _to_entities(text, view, _mentions_or_lists_view(view))


def extract_mentions(text: str) -> tuple[Entity, ...]:
    """Mentions only (``@user/list`` references are left out, as twitter-text does)."""
    view = p.utf16_view(text)
    raws = [r for r in _mentions_or_lists_view(view) if not r[4]]
    return _to_entities(text, view, raws)


def extract_hashtags(text: str) -> tuple[Entity, ...]:
    """Hashtags, leaving out any that overlap a URL."""
    view = p.utf16_view(text)
    return _to_entities(text, view, _hashtags_view(view, check_url_overlap=True))


def extract_cashtags(text: str) -> tuple[Entity, ...]:
    """Cashtags such as ``$TWTR``."""
    view = p.utf16_view(text)
    return _to_entities(text, view, _cashtags_view(view))


def extract_entities(text: str) -> tuple[Entity, ...]:
    """All entities sorted by start, overlaps removed like ``extractEntitiesWithIndices``."""
    view = p.utf16_view(text)
    raws: list[_Raw] = [(EntityKind.URL, s, e, u, "") for s, e, u in _urls_view(view)]
    raws += _mentions_or_lists_view(view)
    raws += _hashtags_view(view, check_url_overlap=False)
    raws += _cashtags_view(view)
    return _to_entities(text, view, _remove_overlapping(raws))


def extract_reply_screen_name(text: str) -> str | None:
    """The screen name a text replies to (a leading ``@name``), or None."""
    if not text:
        return None
    view = p.utf16_view(text)
    match = p.VALID_REPLY.search(view)
    if match is None or p.END_MENTION_MATCH.match(view[match.end() : match.end() + 3]):
        return None
    return str(match.group(1))


def is_valid_username(text: str) -> bool:
    """Whether ``text`` is exactly one valid ``@username``."""
    if not text:
        return False
    view = p.utf16_view(text)
    names = [r[3] for r in _mentions_or_lists_view(view) if not r[4]]
    return len(names) == 1 and names[0] == view[1:]


def is_valid_list(text: str) -> bool:
    """Whether ``text`` is exactly one valid ``@user/list``."""
    match = _VALID_LIST.search(p.utf16_view(text))
    return bool(match and match.group(1) == "" and match.group(4))


def is_valid_hashtag(text: str) -> bool:
    """Whether ``text`` is exactly one valid ``#hashtag``."""
    if not text:
        return False
    view = p.utf16_view(text)
    tags = [r[3] for r in _hashtags_view(view, check_url_overlap=True)]
    return len(tags) == 1 and tags[0] == view[1:]


def _whole_match(pattern: regex.Pattern[str], part: str | None, *, optional: bool = False) -> bool:
    """twitter-text's ``isValidMatch``: the first match of ``pattern`` is all of ``part``."""
    if optional and not part:
        return True
    if part is None:
        return False
    match = pattern.search(part)
    return match is not None and match.group() == part


def is_valid_url(text: str, require_protocol: bool = True, unicode_domains: bool = True) -> bool:  # noqa: FBT001, FBT002 - mirrors twitter-text's isValidUrl
    """Whether ``text`` is one valid URL (twitter-text's ``isValidUrl``)."""
    if not text:
        return False
    view = p.utf16_view(text)
    parts = p.VALIDATE_URL_UNENCODED.search(view)
    if parts is None or parts.group() != view:
        return False
    scheme, authority, path, query, fragment = parts.group(1, 2, 3, 4, 5)
    if require_protocol and not (
        _whole_match(p.VALIDATE_URL_SCHEME, scheme) and _HTTP_SCHEME.search(scheme or "")
    ):
        return False
    if not (
        _whole_match(p.VALIDATE_URL_PATH, path)
        and _whole_match(p.VALIDATE_URL_QUERY, query, optional=True)
        and _whole_match(p.VALIDATE_URL_FRAGMENT, fragment, optional=True)
    ):
        return False
    authority_pattern = (
        p.VALIDATE_URL_UNICODE_AUTHORITY if unicode_domains else p.VALIDATE_URL_AUTHORITY
    )
    return _whole_match(authority_pattern, authority)
