"""The one place in the UI that converts between Python string indices and Qt text positions.

Single conversions use the core's ``composer.core.offsets`` (shared with LanguageTool's
UTF-16 offsets); :class:`PositionMap` precomputes one text's pairs for painting many spans.

Python indexes strings by code point; ``QTextCursor`` positions count UTF-16 code units, so
every character outside the Basic Multilingual Plane (most emoji, some CJK) counts 1 in the
core and 2 in Qt. Everything the core reports is converted here before Qt sees it, and back.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from composer.core.offsets import index_to_utf16, utf16_to_index


@dataclass(frozen=True, slots=True)
class PositionMap:
    """Converts positions in one text, fast for many spans (one pass over the text).

    ``astral`` lists the code point indices of the characters that take two UTF-16 units.
    """

    text: str
    astral: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> PositionMap:
        """Build the map for ``text``."""
        if text.isascii():
            return cls(text, ())
        return cls(text, tuple(i for i, ch in enumerate(text) if ord(ch) > 0xFFFF))

    def to_qt(self, index: int) -> int:
        """Qt position (UTF-16 units) of Python index ``index`` (clamped to the text)."""
        index = max(0, min(index, len(self.text)))
        if not self.astral:
            return index
        return index + bisect_right(self.astral, index - 1)

    def from_qt(self, position: int) -> int:
        """Python index of Qt position ``position``; a position inside a pair maps to its start."""
        if not self.astral:
            return max(0, min(position, len(self.text)))
        low, high = 0, len(self.text)
        # Binary search for the largest index whose Qt position is <= position.
        while low < high:
            mid = (low + high + 1) // 2
            if self.to_qt(mid) <= position:
                low = mid
            else:
                high = mid - 1
        return low

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """A Python ``[start, end)`` span as a Qt ``(position, length)`` pair."""
        qt_start = self.to_qt(start)
        return qt_start, self.to_qt(end) - qt_start


def to_qt(text: str, index: int) -> int:
    """Qt position of Python index ``index`` in ``text`` (clamped to the text)."""
    return index_to_utf16(text, max(0, min(index, len(text))))


def from_qt(text: str, position: int) -> int:
    """Python index of Qt position ``position``; a position inside a pair maps to its start."""
    end = index_to_utf16(text, len(text))
    return utf16_to_index(text, max(0, min(position, end)))
