"""Findings and reports: the facts the checker hands to the UI, the CLI and the store.

Spans are Python string indices (code points) into the draft text, ``end`` exclusive.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from types import MappingProxyType


class Level(StrEnum):
    """How serious a finding is. ``error`` blocks submission for review."""

    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def rank(self) -> int:
        """Sort key: errors first (0), then warnings (1), then suggestions (2)."""
        return _LEVEL_RANK[self]

    @classmethod
    def parse(cls, value: str) -> Level:
        """Read a level as written in a guide or a Vale file (case-insensitive).

        Raises:
            ValueError: ``value`` is not a level.
        """
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise ValueError(
                f"unknown level {value!r} (expected error, warning or suggestion)"
            ) from None


_LEVEL_RANK = {Level.ERROR: 0, Level.WARNING: 1, Level.SUGGESTION: 2}


class Source(StrEnum):
    """Which checker produced a finding."""

    LENGTH = "length"
    STYLE = "style"
    TONE = "tone"
    GRAMMAR = "grammar"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a draft.

    Attributes:
        rule: Rule id, e.g. ``Acme.Competitors`` or ``Composer.Length``.
        level: Severity.
        message: One sentence shown to the user (``%s`` already filled in).
        start: First code point of the span.
        end: One past the last code point of the span.
        source: Which checker found it.
        replacements: Suggested fixes, best first; applying one replaces ``text[start:end]``.
        link: A URL or guide anchor explaining the rule; may be empty.
        description: Longer explanation (tooltips), may be empty.
        account: The account handle a route check found it for; empty otherwise.
        spans: Every place the problem shows, in text order, as ``(start, end)`` pairs: one
            limit broken by many matches (30 emoji) is one finding with 30 spans. The first
            span is ``(start, end)``; left out, it is just that one span.
    """

    rule: str
    level: Level
    message: str
    start: int
    end: int
    source: Source = Source.STYLE
    replacements: tuple[str, ...] = ()
    link: str = ""
    description: str = ""
    account: str = ""
    spans: tuple[tuple[int, int], ...] = ()

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad finding span {self.start}..{self.end} for {self.rule}")
        if not self.spans:
            # Frozen: the one-span default is filled in here, so equal findings compare equal.
            object.__setattr__(self, "spans", ((self.start, self.end),))
        elif self.spans[0] != (self.start, self.end):
            raise ValueError(
                f"the first span of {self.rule} is {self.spans[0]}, not its start and end "
                f"({self.start}, {self.end})"
            )
        elif len(self.spans) > 1 and any(s < 0 or e < s for s, e in self.spans):
            raise ValueError(f"bad finding spans {self.spans} for {self.rule}")

    @property
    def spanless(self) -> bool:
        """True when it marks no text of the post (a picture's finding, ``0..0``).

        Nothing is underlined, and no fix applies, in the post's text.
        """
        return self.start == self.end

    @classmethod
    def spanning(
        cls,
        spans: tuple[tuple[int, int], ...] | list[tuple[int, int]],
        *,
        rule: str,
        level: Level,
        message: str,
        source: Source = Source.STYLE,
        link: str = "",
        description: str = "",
        account: str = "",
    ) -> Finding:
        """One finding over every span in ``spans`` (sorted, repeats dropped), with no fix.

        Raises:
            ValueError: ``spans`` is empty.
        """
        ordered = tuple(sorted(set(spans)))
        if not ordered:
            raise ValueError(f"a finding of {rule} needs at least one span")
        start, end = ordered[0]
        return cls(
            rule=rule,
            level=level,
            message=message,
            start=start,
            end=end,
            source=source,
            link=link,
            description=description,
            account=account,
            spans=ordered,
        )

    def shifted(self, delta: int) -> Finding:
        """This finding with every span moved by ``delta`` code points."""
        return dataclasses.replace(
            self,
            start=self.start + delta,
            end=self.end + delta,
            spans=tuple((s + delta, e + delta) for s, e in self.spans),
        )

    def without_replacements(self) -> Finding:
        """This finding offering no fix."""
        return dataclasses.replace(self, replacements=()) if self.replacements else self

    @property
    def last_end(self) -> int:
        """One past the last code point of the last span."""
        return self.spans[-1][1] if len(self.spans) > 1 else self.end

    def sort_key(self) -> tuple[int, str, int]:
        """Order by position, then rule id (the CLI contract), then span end."""
        return (self.start, self.rule, self.end)

    def apply(self, text: str, replacement_index: int = 0) -> str:
        """Return ``text`` with this finding's replacement applied.

        Raises:
            IndexError: the finding has no such replacement.
        """
        replacement = self.replacements[replacement_index]
        return text[: self.start] + replacement + text[self.end :]


def _empty_metrics() -> Mapping[str, float]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one check says about one draft.

    Attributes:
        text: The text that was checked.
        findings: Sorted by :meth:`Finding.sort_key`.
        metrics: Named measurements (``weighted_length``, ``words``, tone measures...).
        score: Brand score 0..100 (see ``composer.core.score``), or ``None`` if not computed.
        notices: Non-fatal notes about the check itself (a rule that timed out...).
    """

    text: str
    findings: tuple[Finding, ...] = ()
    metrics: Mapping[str, float] = field(default_factory=_empty_metrics)
    score: float | None = None
    notices: tuple[str, ...] = ()

    @property
    def has_errors(self) -> bool:
        """True when an error-level finding blocks submission."""
        return any(f.level is Level.ERROR for f in self.findings)

    def count(self, level: Level) -> int:
        """How many findings have ``level``."""
        return sum(1 for f in self.findings if f.level is level)


def sort_findings(findings: list[Finding] | tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Findings in the contract order: by start, then rule id."""
    return tuple(sorted(findings, key=_SORT_KEY))


# Finding.sort_key's fields, read without a Python call per finding.
_SORT_KEY = attrgetter("start", "rule", "end")


def next_place(findings: tuple[Finding, ...], index: int) -> tuple[Finding, int, int] | None:
    """Where "next finding" (F8) goes from ``index``: the first span starting at or after it.

    Every span of every finding is a stop, in text order (a finding over 30 emoji is 30
    stops); past the last, it wraps to the first. ``None`` without findings.
    """
    places = sorted(((s, e, f) for f in findings for s, e in f.spans), key=lambda p: p[:2])
    if not places:
        return None
    start, end, finding = next((p for p in places if p[0] >= index), places[0])
    return finding, start, end


IgnoreKey = tuple[str, str]


def ignore_key(finding: Finding, text: str) -> IgnoreKey:
    """What "ignore once" remembers: the rule and the exact text it flagged.

    The finding stays hidden while that text is in the draft; reworded text is checked again.
    A finding on no text of the post (a picture's, ``0..0``: its alt text misspelled) is
    remembered by its message, which names the picture and the word: ignoring one leaves the
    others of its rule shown.
    """
    if finding.spanless:
        return (finding.rule, finding.message)
    return (finding.rule, text[finding.start : finding.end])


def visible_findings(
    findings: tuple[Finding, ...], text: str, ignored: frozenset[IgnoreKey] | set[IgnoreKey]
) -> tuple[Finding, ...]:
    """``findings`` without the ones the user chose to ignore (never error-level length ones)."""
    if not ignored:
        return findings
    return tuple(
        f for f in findings if f.source is Source.LENGTH or ignore_key(f, text) not in ignored
    )
