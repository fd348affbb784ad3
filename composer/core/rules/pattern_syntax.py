r"""Patterns sure to compile, told apart without compiling them.

Reading a guide validates every pattern it holds, and Vale packages hold thousands of tokens;
``regex`` parses in Python, so compiling them was most of the time a big guide took to read
(and each rule's joined pattern was compiled a second time to validate the rule). Most
tokens are words with a few simple constructs (``utili[sz]e``, ``[Uu]tilize``,
``colou?r``, ``(?:of|to)``, ``\w*``). :func:`surely_compiles` recognises a small, strict
part of the ``regex`` syntax (version 0) in one pass over the text: a pattern it accepts
compiles, always (tests/core/test_pattern_syntax.py compares it with ``regex.compile``
on many patterns). Anything else, even valid, answers ``False``: the caller compiles it as
before, so errors are still found, located and worded by ``regex`` itself.

Accepted: literal characters; ``.``; escapes of ASCII punctuation and ``\w \W \s \S
\d \D`` (``\b \B`` without a quantifier); classes of literals, such escapes, ``-`` first
or last, and ranges between two ASCII letters of one case or two digits (ascending),
optionally negated; groups ``(...)``, ``(?:...)`` and ``(?ims:...)`` (nested at most
:data:`MAX_DEPTH` deep); ``|``; one quantifier ``? * +`` (optionally lazy) after an atom.
Refused: braces, ``^``, ``$``, lookarounds, back-references, named groups, inline flags
that are not scoped, possessive or repeated quantifiers, anything else.
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Final

#: Groups nested deeper than this are left to ``regex`` (its parser recurses).
MAX_DEPTH: Final = 32
_PUNCTUATION: Final = frozenset(string.punctuation)
_CLASS_ESCAPES: Final = frozenset("wWsSdD")
_BOUNDARY_ESCAPES: Final = frozenset("bB")
#: Characters that are not a literal outside a class.
_SPECIAL: Final = frozenset("\\[](){}|?*+^$.")
_QUANTIFIERS: Final = frozenset("?*+")
_NOT_AFTER_QUANTIFIER: Final = frozenset("?*+{")
_FLAGS: Final = frozenset("ims")


class _Refused(Exception):  # noqa: N818 - a signal: leave this pattern to regex
    """The pattern is outside the part of the syntax recognised here."""


def surely_compiles(pattern: str) -> bool:
    """Whether ``pattern`` is sure to compile with ``regex`` (version 0, any flags but verbose).

    ``False`` means "not known": the pattern may well compile.
    """
    if len(pattern) <= _CACHED_LENGTH:
        return _surely_compiles_kept(pattern)
    return _surely_compiles(pattern)


#: Answers for patterns up to this long are kept (a guide's tokens, not its rules' joins).
_CACHED_LENGTH: Final = 1000


@lru_cache(maxsize=8192)
def _surely_compiles_kept(pattern: str) -> bool:
    return _surely_compiles(pattern)


def _surely_compiles(pattern: str) -> bool:
    try:
        end = _alternation(pattern, 0, 0)
    except _Refused:
        return False
    return end == len(pattern)


def _alternation(pattern: str, index: int, depth: int) -> int:
    """Read branches separated by ``|`` from ``index``; the index where they end."""
    index = _sequence(pattern, index, depth)
    while index < len(pattern) and pattern[index] == "|":
        index = _sequence(pattern, index + 1, depth)
    return index


def _sequence(pattern: str, index: int, depth: int) -> int:
    """Read atoms, each with at most one quantifier; stop at ``|``, ``)`` or the end."""
    size = len(pattern)
    while index < size:
        char = pattern[index]
        if char in "|)":
            return index
        index, repeatable = _atom(pattern, index, depth)
        if index < size and pattern[index] in _QUANTIFIERS:
            if not repeatable:
                raise _Refused
            index += 1
            if index < size and pattern[index] == "?":
                index += 1  # lazy
            if index < size and pattern[index] in _NOT_AFTER_QUANTIFIER:
                raise _Refused
    return index


def _atom(pattern: str, index: int, depth: int) -> tuple[int, bool]:
    """Read one atom at ``index``; the index after it, and whether a quantifier may follow."""
    char = pattern[index]
    if char == "\\":
        following = pattern[index + 1 : index + 2]
        if following and (following in _PUNCTUATION or following in _CLASS_ESCAPES):
            return index + 2, True
        if following and following in _BOUNDARY_ESCAPES:
            return index + 2, False
        raise _Refused
    if char == "[":
        return _class(pattern, index), True
    if char == "(":
        return _group(pattern, index, depth)
    if char == ".":
        return index + 1, True
    if char in _SPECIAL:
        raise _Refused
    return index + 1, True


def _group(pattern: str, index: int, depth: int) -> tuple[int, bool]:
    """Read a group at ``index`` (its ``(``); the index after its ``)``."""
    if depth >= MAX_DEPTH:
        raise _Refused
    index += 1
    if pattern.startswith("?", index):
        index += 1
        while index < len(pattern) and pattern[index] in _FLAGS:
            index += 1
        if not pattern.startswith(":", index):
            raise _Refused
        index += 1
    start = index
    index = _alternation(pattern, index, depth + 1)
    if not pattern.startswith(")", index):
        raise _Refused
    # A quantifier on an empty group is left to regex.
    return index + 1, index > start


def _class(pattern: str, index: int) -> int:
    """Read a class at ``index`` (its ``[``); the index after its ``]``."""
    size = len(pattern)
    index += 1
    if pattern.startswith("^", index):
        index += 1
    members = 0
    previous = ""
    while index < size and pattern[index] != "]":
        char = pattern[index]
        if char == "\\":
            following = pattern[index + 1 : index + 2]
            if not following or not (following in _PUNCTUATION or following in _CLASS_ESCAPES):
                raise _Refused
            index += 2
            previous = ""
        elif char == "-" and (members == 0 or pattern.startswith("]", index + 1)):
            index += 1  # a literal hyphen, first or last
            previous = ""
        elif char == "-":
            end = pattern[index + 1 : index + 2]
            if not _range(previous, end):
                raise _Refused
            index += 2
            previous = ""
        elif char in "[&|~":
            raise _Refused  # nested sets, set operations, POSIX classes
        else:
            index += 1
            previous = char
        members += 1
    if index >= size or members == 0:
        raise _Refused
    return index + 1


def _range(start: str, end: str) -> bool:
    """Whether ``start-end`` is a range of ASCII lower-case, upper-case letters or digits."""
    if not (start and end and start.isascii() and end.isascii() and start <= end):
        return False
    return (
        (start.islower() and end.islower())
        or (start.isupper() and end.isupper())
        or (start.isdigit() and end.isdigit())
    )
