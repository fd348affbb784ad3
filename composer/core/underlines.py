"""Where findings overlap: which one an underline shows, and which ones its tooltip lists.

The editor paints one underline per piece of text. Where several findings cover the same
characters, the piece shows the most severe of them (an error is never painted over by a
warning) and lists all of them, most severe first.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from composer.core.findings import Finding, Level


@dataclass(frozen=True, slots=True)
class Underline:
    """One underlined piece of a draft.

    Attributes:
        start: First code point.
        end: One past the last code point.
        level: The most severe level among ``findings``.
        findings: Every finding covering the piece, most severe first (then by position).
    """

    start: int
    end: int
    level: Level
    findings: tuple[Finding, ...]


def underlines(findings: Iterable[Finding]) -> tuple[Underline, ...]:
    """Non-overlapping pieces covering every span of ``findings``, in text order.

    A piece starts or ends wherever a span does; neighbouring pieces covered by the same
    findings are joined. Empty spans are left out (there is nothing to underline).
    """
    spans = [(s, e, f) for f in findings for s, e in f.spans if e > s]
    if not spans:
        return ()
    starts: dict[int, list[Finding]] = {}
    ends: dict[int, list[Finding]] = {}
    for s, e, f in spans:
        starts.setdefault(s, []).append(f)
        ends.setdefault(e, []).append(f)
    cuts = sorted(starts.keys() | ends.keys())
    # A sweep over the cuts: ``active`` counts the spans of each finding open at a point.
    active: dict[Finding, int] = {}
    pieces: list[Underline] = []
    for start, end in itertools.pairwise(cuts):
        for f in ends.get(start, ()):
            active[f] -= 1
            if not active[f]:
                del active[f]
        for f in starts.get(start, ()):
            active[f] = active.get(f, 0) + 1
        if not active:
            continue
        covering = tuple(sorted(active, key=lambda f: (f.level.rank, f.start, f.rule)))
        last = pieces[-1] if pieces else None
        if last is not None and last.end == start and last.findings == covering:
            pieces[-1] = Underline(last.start, end, last.level, covering)
        else:
            pieces.append(Underline(start, end, covering[0].level, covering))
    return tuple(pieces)
