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
import re
from bisect import bisect_left
from functools import cache
from pathlib import Path
from typing import Any, Final

import regex

_DATA_FILE: Final = "data/twitter_text_regex.json"


def _load_sources() -> dict[str, str]:
    # Beside the package's modules (as pyproject's package data and the PyInstaller spec put
    # it); importlib.resources would cost every start a few milliseconds of imports.
    raw = (Path(__file__).resolve().parent.parent / _DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(raw)
    return dict(data["patterns"])


#: The generated pattern sources by twitter-text name.
SOURCES: Final = _load_sources()
#: Patterns run on every draft, compiled with ``re``: they are plain JavaScript syntax (no
#: feature where ``re`` and ``regex`` differ), and ``re`` looks characters up in its big
#: classes through a table where ``regex`` walks hundreds of ranges, so a hashtag matches
#: about ten times faster. A test runs extraction with both compilations on fuzzed text.
FAST_NAMES: Final = (
    "extractUrl",
    "validAsciiDomain",
    "validTcoUrl",
    "invalidUrlWithoutProtocolPrecedingChars",
    "validMentionOrList",
    "endMentionMatch",
    "validReply",
    "atSigns",
    "validHashtag",
    "endHashtagMatch",
    "hashSigns",
    "validCashtag",
    "invalidChars",
)

# The patterns are compiled on first use (module ``__getattr__`` below), not at import:
# the URL patterns spell out every top-level domain and take a few hundred milliseconds to
# compile, which a command that counts "hello world" should not pay. Once compiled, a
# pattern is stored as a plain module attribute, so later lookups cost nothing extra.
EXTRACT_URL: re.Pattern[str]
VALID_ASCII_DOMAIN: re.Pattern[str]
VALID_TCO_URL: re.Pattern[str]
INVALID_URL_WITHOUT_PROTOCOL_PRECEDING: re.Pattern[str]
VALID_MENTION_OR_LIST: re.Pattern[str]
END_MENTION_MATCH: re.Pattern[str]
VALID_REPLY: re.Pattern[str]
AT_SIGNS: re.Pattern[str]
VALID_HASHTAG: re.Pattern[str]
END_HASHTAG_MATCH: re.Pattern[str]
HASH_SIGNS: re.Pattern[str]
VALID_CASHTAG: re.Pattern[str]
INVALID_CHARS: re.Pattern[str]
VALIDATE_URL_UNENCODED: regex.Pattern[str]
VALIDATE_URL_SCHEME: regex.Pattern[str]
VALIDATE_URL_PATH: regex.Pattern[str]
VALIDATE_URL_QUERY: regex.Pattern[str]
VALIDATE_URL_FRAGMENT: regex.Pattern[str]
VALIDATE_URL_UNICODE_AUTHORITY: regex.Pattern[str]
VALIDATE_URL_AUTHORITY: regex.Pattern[str]
TWEMOJI: regex.Pattern[str]
EMOJI_START: re.Pattern[str]

#: Module attribute -> twitter-text name of the patterns compiled with ``re``.
_RE_ATTRIBUTES: Final = {
    "EXTRACT_URL": "extractUrl",
    "VALID_ASCII_DOMAIN": "validAsciiDomain",
    "VALID_TCO_URL": "validTcoUrl",
    "INVALID_URL_WITHOUT_PROTOCOL_PRECEDING": "invalidUrlWithoutProtocolPrecedingChars",
    "VALID_MENTION_OR_LIST": "validMentionOrList",
    "END_MENTION_MATCH": "endMentionMatch",
    "VALID_REPLY": "validReply",
    "AT_SIGNS": "atSigns",
    "VALID_HASHTAG": "validHashtag",
    "END_HASHTAG_MATCH": "endHashtagMatch",
    "HASH_SIGNS": "hashSigns",
    "VALID_CASHTAG": "validCashtag",
    "INVALID_CHARS": "invalidChars",
}
#: Module attribute -> twitter-text name of the patterns compiled with ``regex``.
_REGEX_ATTRIBUTES: Final = {
    "VALIDATE_URL_UNENCODED": "validateUrlUnencoded",
    "VALIDATE_URL_SCHEME": "validateUrlScheme",
    "VALIDATE_URL_PATH": "validateUrlPath",
    "VALIDATE_URL_QUERY": "validateUrlQuery",
    "VALIDATE_URL_FRAGMENT": "validateUrlFragment",
    "VALIDATE_URL_UNICODE_AUTHORITY": "validateUrlUnicodeAuthority",
    "VALIDATE_URL_AUTHORITY": "validateUrlAuthority",
    "TWEMOJI": "twemoji",
}


def __getattr__(name: str) -> object:
    """Compile a pattern constant on first use and keep it as a module attribute."""
    compiled: object
    if name in _RE_ATTRIBUTES:
        compiled = re.compile(SOURCES[_RE_ATTRIBUTES[name]])
    elif name in _REGEX_ATTRIBUTES:
        compiled = regex.compile(SOURCES[_REGEX_ATTRIBUTES[name]])
    elif name == "EMOJI_START":
        compiled = re.compile(_EMOJI_START_SOURCE)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = compiled
    return compiled


def compile_all() -> None:
    """Compile every pattern now, not at its first use.

    The window does it on a background thread after its first paint: compiled at the first
    URL typed, the URL pattern froze the window about 100 ms.
    """
    for name in (*_RE_ATTRIBUTES, *_REGEX_ATTRIBUTES, "EMOJI_START"):
        if name not in globals():
            __getattr__(name)


# Characters no URL can contain (the whitespace class of twitter-text's domain pattern):
# URL matching only needs to look at the runs between them that hold a dot followed by
# the first character of a top-level domain (an ASCII letter or a non-ASCII character).
# (The standard ``re`` module scans for these simple patterns about three times faster
# than ``regex``; both give the same matches for them.)
_NO_SPACE: Final = (
    "[^\\t-\\r \\x85\\xa0\\u1680\\u180e\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"
)
URL_CANDIDATE: Final = re.compile(
    f"(?<!{_NO_SPACE}){_NO_SPACE}*\\.[A-Za-z\\x80-\\uffff]{_NO_SPACE}*"
)

# The code units a twemoji sequence can start with (checked against the generated
# pattern: keycaps, (c), (R), BMP symbols up to U+3299, U+E50A, a bare U+FE0F, and
# astral emoji), narrowed at import to the units the pattern names; the emoji pattern is
# only tried where one of them stands.
_EMOJI_FIRST: Final = (
    (0xA9, 0xA9),
    (0xAE, 0xAE),
    (0x2000, 0x3300),
    (0xE50A, 0xE50A),
    (0xFE0E, 0xFE0F),
    (0xD800, 0xDBFF),
)
_ESCAPE: Final = re.compile("\\\\u([0-9a-fA-F]{4})(?:-\\\\u([0-9a-fA-F]{4}))?")


def _emoji_start_class(source: str) -> str:
    """The character class of :data:`_EMOJI_FIRST` left with what ``source`` mentions.

    A match can only start with a code unit the twemoji pattern names; when the pattern
    is spelled only with backslash-u escapes (as generated), the units it never names are
    dropped from the class, else the class is kept whole.
    """
    allowed = {code for low, high in _EMOJI_FIRST for code in range(low, high + 1)}
    if set(_ESCAPE.sub("", source)) <= set("!()-:?[]|"):
        named: set[int] = set()
        for low, high in _ESCAPE.findall(source):
            named.update(range(int(low, 16), int(high or low, 16) + 1))
        allowed &= named
    parts: list[str] = []
    codes = sorted(allowed)
    index = 0
    while index < len(codes):
        last = index
        while last + 1 < len(codes) and codes[last + 1] == codes[last] + 1:
            last += 1
        low, high = codes[index], codes[last]
        parts.append(f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}")
        index = last + 1
    return "[" + "".join(parts) + "]"


_EMOJI_START_SOURCE: Final = "[#*0-9](?=[\\ufe0e\\ufe0f\\u20e3])|" + _emoji_start_class(
    SOURCES["twemoji"]
)


@cache
def _emoji_scan() -> re.Pattern[str]:
    """The twemoji pattern, tried only where a sequence can start (compiled on first use).

    It is plain alternation with optional parts and a negative lookahead, which ``re``
    matches as ``regex`` does, and ``re`` scans with it about twice as fast as the
    candidate loop it replaces.
    """
    return re.compile(f"(?=(?:{_EMOJI_START_SOURCE}))(?:{SOURCES['twemoji']})")


_ASTRAL: Final = re.compile("[\\U00010000-\\U0010ffff]")
_HIGH_SURROGATE: Final = re.compile("[\\ud800-\\udbff]")


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
    return not text.isascii() and _ASTRAL.search(text) is not None


def utf16_view(text: str) -> str:
    """``text`` with every astral character replaced by its two surrogate code points."""
    if not has_astral(text):
        return text
    return text.translate(_TO_UTF16)


def from_utf16_view(view: str) -> str:
    """Undo :func:`utf16_view`: join surrogate pairs back into characters."""
    if view.isascii() or _HIGH_SURROGATE.search(view) is None:
        return view
    return view.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def utf16_len(text: str) -> int:
    """The length of ``text`` in UTF-16 code units (what JavaScript's ``length`` says)."""
    if not has_astral(text):
        return len(text)
    return len(text) + len(_ASTRAL.findall(text))


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
    """twemoji-parser's ``parse(view)`` spans (UTF-16): leftmost non-overlapping matches."""
    return [match.span() for match in _emoji_scan().finditer(view)]
