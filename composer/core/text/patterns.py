"""The compiled twitter-text patterns and the UTF-16 view they run on.

twitter-text is JavaScript: its regular expressions see a string as UTF-16 code units, so
an emoji outside the Basic Multilingual Plane is two "characters" (a surrogate pair) to
them. To reproduce its results exactly, this port matches the same patterns (translated
once by ``scripts/gen_twitter_text_regex.js`` into ``composer/core/data``) against a
*view* of the text in which every astral character is spelled as its two surrogate code
points. Indices found in the view are then mapped back to Python string indices.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from importlib import resources
from typing import Any, Final

import regex

_DATA_FILE: Final = "data/twitter_text_regex.json"


def _load_patterns() -> dict[str, Any]:
    raw = resources.files("composer.core").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return {name: regex.compile(source) for name, source in data["patterns"].items()}


_P: Final = _load_patterns()

EXTRACT_URL: Final = _P["extractUrl"]
VALID_ASCII_DOMAIN: Final = _P["validAsciiDomain"]
VALID_TCO_URL: Final = _P["validTcoUrl"]
INVALID_URL_WITHOUT_PROTOCOL_PRECEDING: Final = _P["invalidUrlWithoutProtocolPrecedingChars"]
VALID_MENTION_OR_LIST: Final = _P["validMentionOrList"]
END_MENTION_MATCH: Final = _P["endMentionMatch"]
VALID_REPLY: Final = _P["validReply"]
AT_SIGNS: Final = _P["atSigns"]
VALID_HASHTAG: Final = _P["validHashtag"]
END_HASHTAG_MATCH: Final = _P["endHashtagMatch"]
HASH_SIGNS: Final = _P["hashSigns"]
VALID_CASHTAG: Final = _P["validCashtag"]
INVALID_CHARS: Final = _P["invalidChars"]
VALIDATE_URL_UNENCODED: Final = _P["validateUrlUnencoded"]
VALIDATE_URL_SCHEME: Final = _P["validateUrlScheme"]
VALIDATE_URL_PATH: Final = _P["validateUrlPath"]
VALIDATE_URL_QUERY: Final = _P["validateUrlQuery"]
VALIDATE_URL_FRAGMENT: Final = _P["validateUrlFragment"]
VALIDATE_URL_UNICODE_AUTHORITY: Final = _P["validateUrlUnicodeAuthority"]
VALIDATE_URL_AUTHORITY: Final = _P["validateUrlAuthority"]
TWEMOJI: Final = _P["twemoji"]

# Characters no URL can contain (the whitespace class of twitter-text's domain pattern):
# URL matching only needs to look at the runs between them that hold a dot followed by
# the first character of a top-level domain (an ASCII letter or a non-ASCII character).
_NO_SPACE: Final = (
    "[^\\t-\\r \\x85\\xa0\\u1680\\u180e\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
)
URL_CANDIDATE: Final = regex.compile(
    f"(?<!{_NO_SPACE}){_NO_SPACE}*\\.[A-Za-z\\x80-\\uffff]{_NO_SPACE}*"
)
# The code units a twemoji sequence can start with (checked against the generated
# pattern: keycaps, (c), (R), BMP symbols up to U+3299, U+E50A, a bare U+FE0F, and
# astral emoji); the emoji pattern is only tried where one of them stands.
EMOJI_START: Final = regex.compile(
    "[#*0-9](?=[\\ufe0e\\ufe0f\\u20e3])|[\\xa9\\xae\\u2000-\\u3300\\ue50a\\ufe0e\\ufe0f\\ud800-\\udbff]"
)
_ASTRAL: Final = regex.compile("[\\U00010000-\\U0010ffff]")


class _SurrogateTable(dict[int, str]):
    """A ``str.translate`` table spelling astral characters as surrogate pairs (cached)."""

    def __missing__(self, code: int) -> str:
        if code > 0xFFFF:
            offset = code - 0x10000
            value = chr(0xD800 + (offset >> 10)) + chr(0xDC00 + (offset & 0x3FF))
        else:
            value = chr(code)
        self[code] = value
        return value


_TO_UTF16: Final = _SurrogateTable()


def has_astral(text: str) -> bool:
    """Whether ``text`` holds a character outside the Basic Multilingual Plane."""
    return bool(text) and not text.isascii() and max(text) > "\uffff"


def utf16_view(text: str) -> str:
    """``text`` with every astral character replaced by its two surrogate code points."""
    if not has_astral(text):
        return text
    return text.translate(_TO_UTF16)


def from_utf16_view(view: str) -> str:
    """Undo :func:`utf16_view`: join surrogate pairs back into characters."""
    if not any("\ud800" <= ch <= "\udbff" for ch in view):
        return view
    return view.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (what JavaScript's ``length`` says)."""
    if not has_astral(text):
        return len(text)
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class IndexMap:
    """Maps UTF-16 indices of a text's view back to Python indices of the text."""

    __slots__ = ("_highs",)

    def __init__(self, text: str) -> None:
        self._highs: tuple[int, ...] = (
            tuple(m.start() + k for k, m in enumerate(_ASTRAL.finditer(text)))
            if has_astral(text)
            else ()
        )

    def __call__(self, index: int) -> int:
        """The Python index of the character that holds UTF-16 unit ``index``."""
        if not self._highs:
            return index
        return index - bisect_left(self._highs, index)


def emoji_spans(view: str) -> list[tuple[int, int]]:
    """twemoji-parser's ``parse(view)`` spans (UTF-16), trying only possible start points."""
    spans: list[tuple[int, int]] = []
    position = 0
    for candidate in EMOJI_START.finditer(view):
        start = candidate.start()
        if start < position:
            continue
        match = TWEMOJI.match(view, start)
        if match is not None:
            spans.append((start, match.end()))
            position = match.end()
    return spans
