"""Threads written as one draft: parts separated by a line holding only ``---``.

A thread is checked part by part (each against the account's limit) and published as one
chain, each part a reply to the one before. The draft's text keeps the separators, so what
a reviewer approves is exactly what goes out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from composer.core.findings import Finding

#: A line that separates two parts of a thread.
SEPARATOR = "---"
_SPLIT = re.compile(r"\n[ \t]*---[ \t]*(?:\n|$)")


def part_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` string indices of each part (one span for a text without separators)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SPLIT.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()] or [(0, len(text))]


def split_parts(text: str) -> tuple[str, ...]:
    """The parts of a thread, each stripped of surrounding blank lines; ``(text,)`` if none."""
    spans = part_spans(text)
    if len(spans) == 1:
        return (text,)
    return tuple(text[s:e].strip("\n") for s, e in spans)


def is_thread(text: str) -> bool:
    """Whether ``text`` is a thread of two or more parts."""
    return len(part_spans(text)) > 1


def check_parts(text: str, check: Callable[[str], Sequence[Finding]]) -> tuple[Finding, ...]:
    """Findings of ``check`` run on every part, with spans moved to the whole text."""
    spans = part_spans(text)
    if len(spans) == 1:
        return tuple(check(text))
    found: list[Finding] = []
    for start, end in spans:
        found.extend(
            replace(f, start=f.start + start, end=f.end + start) for f in check(text[start:end])
        )
    return tuple(sorted(found, key=lambda f: (f.start, f.end, f.rule)))
