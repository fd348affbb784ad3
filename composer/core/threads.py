"""Threads written as one draft: parts separated by a line holding only ``---``.

A thread is checked part by part (each against the account's limit) and published as one
chain, each part a reply to the one before. The draft's text keeps the separators, so what
a reviewer approves is exactly what goes out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from composer.core.findings import Finding
from composer.core.text import CountingConfig, get_config, parse_tweet, split_thread

#: A line that separates two parts of a thread.
SEPARATOR = "---"
_SPLIT = re.compile(r"\n[ \t]*---[ \t]*(?:\n|$)")


def part_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` string indices of each part (one span for a text without separators).

    This is the one function that decides a thread's parts: the window's counter and checks,
    ``check``, ``draft submit``, review and the queue all go through it. A part's span leaves
    out the blank lines around it, so ``text[start:end]`` is exactly the post that goes out.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SPLIT.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    parts = [_trimmed(text, s, e) for s, e in spans if text[s:e].strip()]
    return parts if len(parts) > 1 else [(0, len(text))]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the line breaks at either end (as :func:`split_parts` strips)."""
    while start < end and text[start] == "\n":
        start += 1
    while end > start and text[end - 1] == "\n":
        end -= 1
    return start, end


def split_parts(text: str) -> tuple[str, ...]:
    """The parts of a thread, each stripped of surrounding blank lines; ``(text,)`` if none."""
    return tuple(text[s:e] for s, e in part_spans(text))


def join_parts(parts: Sequence[str]) -> str:
    """One draft text holding ``parts`` as a thread (the inverse of :func:`split_parts`)."""
    return f"\n{SEPARATOR}\n".join(parts)


def shift_finding(finding: Finding, offset: int) -> Finding:
    """``finding`` with its span moved ``offset`` code points on (from a part to the text)."""
    return finding.shifted(offset) if offset else finding


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
        found.extend(shift_finding(f, start) for f in check(text[start:end]))
    return tuple(sorted(found, key=lambda f: (f.start, f.end, f.rule)))


def split_into_thread(
    text: str,
    config: str | Mapping[str, Any] | CountingConfig,
    *,
    numbering: bool = True,
) -> str:
    """``text`` rewritten as a thread whose posts each fit, with ``---`` lines between them.

    A single post that fits comes back unchanged. A long single post is split at sentence
    ends or spaces (``split_thread``), numbered `` k/N`` with ``numbering``. A text that is
    already a thread keeps its parts; each part that does not fit is split further (without
    renumbering the posts around it).
    """
    cfg = get_config(config)
    parts = split_parts(text)
    if len(parts) == 1:
        posts = split_thread(text, cfg, numbering)
        return join_parts(posts) if len(posts) > 1 else text
    result: list[str] = []
    for part in parts:
        if parse_tweet(part, cfg).valid:
            result.append(part)
        else:
            result.extend(split_thread(part, cfg, numbering=False))
    return join_parts(result)
