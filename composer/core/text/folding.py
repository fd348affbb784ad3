"""Case folding for fast "could this match?" tests on a draft.

:func:`fold` lower-cases a text so that any character the ``regex`` module matches to an
ASCII character, ignoring case, becomes that character in lower case. A pattern made of
ASCII characters can then only match where its lower-case form occurs in the folded text,
case-insensitively or not: a substring test that rules out a regex search. The fold keeps
the length of the text, so positions found in it are positions in the text.
"""

from __future__ import annotations

import re
from typing import Final

#: Characters that ``regex`` matches to an ASCII letter ignoring case although their
#: ``str.lower()`` is not that letter (a test scans every code point to confirm the list).
FOLD_SPECIAL: Final = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_HAS_SPECIAL: Final = re.compile("[\u0130\u0131\u017f\u212a]")


def fold(text: str) -> str:
    """``text`` lower-cased, each case-insensitive equivalent of an ASCII character made it.

    The result has the same length as ``text``.
    """
    if text.isascii():
        return text.lower()
    if _HAS_SPECIAL.search(text):
        # U+0130 is also the one character whose lower case is two characters long.
        text = text.translate(FOLD_SPECIAL)
    return text.lower()
