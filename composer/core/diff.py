"""Word-level differences between two versions of a draft, for the reviewer's diff view.

Pure: the text is split into tokens (runs of letters and digits, runs of whitespace, and
single other characters such as punctuation or emoji), the token sequences are compared, and
the result is a tuple of :class:`Segment` values. Joining the ``equal`` and ``delete`` segments
gives the old text back; joining the ``equal`` and ``insert`` segments gives the new one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

#: A word (letters, digits, apostrophes and hyphens inside it), a whitespace run, or any
#: other single character.
_TOKEN = re.compile(r"\w+(?:['\u2019\-]\w+)*|\s+|.", re.DOTALL)


class DiffOp(StrEnum):
    """What happened to a segment between the old and the new text."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that is unchanged, removed from the old text, or added in the new one."""

    op: DiffOp
    text: str


def tokens(text: str) -> tuple[str, ...]:
    """Split ``text`` into the tokens the diff compares; joined, they give ``text`` back."""
    return tuple(_TOKEN.findall(text))


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The word-level difference from ``old`` to ``new``.

    A replaced run comes out as its deletion followed by its insertion; neighbouring segments
    never share an operation, and no segment is empty.
    """
    before, after = tokens(old), tokens(new)
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, DiffOp.EQUAL, "".join(before[i1:i2]))
            continue
        if tag in {"delete", "replace"}:
            _append(segments, DiffOp.DELETE, "".join(before[i1:i2]))
        if tag in {"insert", "replace"}:
            _append(segments, DiffOp.INSERT, "".join(after[j1:j2]))
    return tuple(segments)


def _append(segments: list[Segment], op: DiffOp, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op is op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def old_text(segments: Iterable[Segment]) -> str:
    """The text before the change (``equal`` and ``delete`` segments)."""
    return "".join(s.text for s in segments if s.op is not DiffOp.INSERT)


def new_text(segments: Iterable[Segment]) -> str:
    """The text after the change (``equal`` and ``insert`` segments)."""
    return "".join(s.text for s in segments if s.op is not DiffOp.DELETE)


def review_base(reviewed_versions: Iterable[int], current: int) -> int | None:
    """The text version a reviewer should compare the current one with.

    That is the newest version a review decision was made on before ``current``; ``None``
    when no earlier version was reviewed (the reviewer sees the text for the first time).

    Args:
        reviewed_versions: The text versions of the draft's review decisions.
        current: The draft's current text version.
    """
    earlier = [v for v in reviewed_versions if v < current]
    return max(earlier) if earlier else None


def map_span(old: str, new: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ``old[start:end]`` is in ``new`` after an edit; ``None`` when those words changed.

    A reviewer's comment is anchored to words of the version they read; the author keeps
    editing. The anchor follows the words while they are unchanged (edits elsewhere move it),
    and is lost once the edit touches them.
    """
    if not 0 <= start <= end <= len(old):
        return None
    if old == new:
        return start, end
    old_pos = new_pos = 0
    mapped_start: int | None = None
    for segment in word_diff(old, new):
        size = len(segment.text)
        if segment.op is DiffOp.INSERT:
            new_pos += size
            continue
        if segment.op is DiffOp.DELETE:
            if old_pos < end and start < old_pos + size:
                return None  # the commented words were (partly) removed or replaced
            old_pos += size
            continue
        if mapped_start is None and (
            old_pos <= start < old_pos + size or start == end == old_pos + size
        ):
            mapped_start = new_pos + (start - old_pos)
        if mapped_start is not None and end <= old_pos + size:
            mapped_end = new_pos + (end - old_pos)
            # Words inserted inside the commented run change it too.
            if new[mapped_start:mapped_end] != old[start:end]:
                return None
            return mapped_start, mapped_end
        old_pos += size
        new_pos += size
    return None
