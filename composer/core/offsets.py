"""Converting between Python string indices (code points) and UTF-16 code units.

LanguageTool and Qt count UTF-16 units: a character outside the Basic Multilingual Plane
(most emoji) is two units but one Python index. Findings always use Python indices.
"""

from __future__ import annotations

from collections.abc import Iterable

from composer.core.findings import Finding

_BMP_MAX = 0xFFFF


def _units(char: str) -> int:
    return 2 if ord(char) > _BMP_MAX else 1


def index_to_utf16(text: str, index: int) -> int:
    """The UTF-16 offset of Python index ``index`` in ``text``.

    Raises:
        ValueError: ``index`` is outside ``0..len(text)``.
    """
    if not 0 <= index <= len(text):
        raise ValueError(f"index {index} is outside the text (length {len(text)})")
    return index + sum(1 for char in text[:index] if ord(char) > _BMP_MAX)


def utf16_to_index(text: str, utf16_offset: int, *, round_up: bool = False) -> int:
    """The Python index of UTF-16 offset ``utf16_offset`` in ``text``.

    An offset that falls between the two halves of a surrogate pair maps to the start of that
    character, or past it with ``round_up`` (use that for span ends).

    Raises:
        ValueError: the offset is negative or past the end of the text.
    """
    if utf16_offset < 0:
        raise ValueError(f"UTF-16 offset {utf16_offset} is negative")
    units = 0
    for index, char in enumerate(text):
        if units >= utf16_offset:
            return index
        width = _units(char)
        if units + width > utf16_offset:
            return index + 1 if round_up else index
        units += width
    if units == utf16_offset:
        return len(text)
    raise ValueError(f"UTF-16 offset {utf16_offset} is past the end of the text ({units} units)")


def utf16_span(text: str, utf16_offset: int, utf16_length: int) -> tuple[int, int]:
    """Python ``(start, end)`` for a UTF-16 ``offset``/``length`` pair such as LanguageTool's.

    Raises:
        ValueError: the span does not fit the text.
    """
    if utf16_length < 0:
        raise ValueError(f"UTF-16 length {utf16_length} is negative")
    start = utf16_to_index(text, utf16_offset)
    end = utf16_to_index(text, utf16_offset + utf16_length, round_up=True)
    return start, end


def remap_findings(
    findings: Iterable[Finding], old_text: str, new_text: str
) -> tuple[Finding, ...]:
    """Carry findings computed for ``old_text`` over to ``new_text``.

    The edit is taken as one changed region (common prefix and suffix kept). Findings before
    it keep their span, findings after it move by the length difference, and findings that
    touch it are dropped because what they flagged has changed.
    """
    if old_text == new_text:
        return tuple(findings)
    limit = min(len(old_text), len(new_text))
    prefix = 0
    while prefix < limit and old_text[prefix] == new_text[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and old_text[len(old_text) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]
    ):
        suffix += 1
    old_changed_end = len(old_text) - suffix
    delta = len(new_text) - len(old_text)
    kept: list[Finding] = []
    for finding in findings:
        # Strict comparisons: typing right against a flagged word changes that word.
        if finding.last_end < prefix:
            kept.append(finding)
        elif finding.start > old_changed_end:
            kept.append(finding.shifted(delta))
    return tuple(kept)
