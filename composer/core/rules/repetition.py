"""``repetition``: the same token twice in a row ("the the")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import regex

from composer.core.findings import Finding
from composer.core.rules.base import (
    CompiledRule,
    Converter,
    Rule,
    as_bool,
    as_int,
    as_pattern_tuple,
    compile_pattern,
    format_message,
)
from composer.core.rules.context import SPACES, RuleContext
from composer.core.rules.existence import exceptions_pattern
from composer.core.rules.literals import any_present, required_literals

# As in Vale, a repeat counts only with spaces between on one line ("the\nthe" is not flagged).
_SAME_LINE_GAP = regex.compile(r"[^\S\n]+")
# Token patterns that match exactly the runs of non-space characters (Vale's default).
_WHITESPACE_TOKENS = frozenset({r"[^\s]+", r"\S+"})
_SAME_LINE_SPACES = SPACES.replace("\n", "")
# A run of two or more equal runs of non-space characters with only same-line spaces
# between: for a whitespace-token rule, repeats happen only inside such runs.
_EQUAL_RUNS = re.compile(
    rf"(?<![^{SPACES}])([^{SPACES}]+)(?:[{_SAME_LINE_SPACES}]+\1(?![^{SPACES}]))+"
)


@dataclass(frozen=True, slots=True)
class RepetitionRule(Rule):
    """Flags a match of ``tokens`` that repeats the previous one with only spaces between.

    ``alpha`` limits it to alphabetic tokens; ``ignorecase`` compares without case; ``max``
    repetitions are allowed (default 0). ``%s`` is the repeated text. The finding spans the
    first occurrence to the last repeat. Only spaces on the same line may separate them.
    """

    extends: ClassVar[str] = "repetition"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "tokens": as_pattern_tuple,
        "ignorecase": as_bool,
        "alpha": as_bool,
        "max": as_int,
        "exceptions": as_pattern_tuple,
    }

    tokens: tuple[str, ...] = (r"[^\s]+",)
    ignorecase: bool = False
    alpha: bool = False
    max: int = 0
    exceptions: tuple[str, ...] = ()

    def compile(self) -> CompiledRule:
        """Build the token pattern once."""
        return CompiledRepetition(self)


class CompiledRepetition(CompiledRule):
    """A repetition rule with its token pattern built."""

    def __init__(self, rule: RepetitionRule) -> None:
        super().__init__(rule)
        self.spec = rule
        self.pattern = compile_pattern(
            ("(?i)" if rule.ignorecase else "") + "(?:" + "|".join(rule.tokens) + ")"
        )
        self.exceptions = exceptions_pattern(rule.exceptions, ignorecase=rule.ignorecase)
        self.whitespace_tokens = len(rule.tokens) == 1 and rule.tokens[0] in _WHITESPACE_TOKENS
        self.literals = required_literals("(?:" + "|".join(rule.tokens) + ")")

    def gate(self) -> frozenset[str] | None:
        """The required literals when every scope reads the ``text`` view."""
        return self.literals if self.reads_text_view() else None

    def drop_shortcuts(self) -> None:
        """Run the patterns on every text."""
        self.literals = None
        self.whitespace_tokens = False

    def _regions(self, view: str) -> list[tuple[int, int]] | None:
        """Where a whitespace-token rule can find repeats: runs of equal neighbours.

        Ignoring case, neighbours are equal exactly when their lower-case forms are, and
        ``str.lower`` keeps spaces and, without U+0130, lengths: the lower-cased view shows
        the same runs at the same places. ``None`` when that cannot be relied on.
        """
        probe = view
        if self.spec.ignorecase:
            probe = view.lower()
            if len(probe) != len(view):
                return None
        return [m.span() for m in _EQUAL_RUNS.finditer(probe)]

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Walk the matches, counting runs of equal neighbours."""
        out: list[Finding] = []
        for scope in self.spec.scope:
            if self.literals is not None and not any_present(self.literals, ctx.folded(scope)):
                continue
            view = ctx.view(scope)
            regions = self._regions(view) if self.whitespace_tokens else None
            if regions is None:
                self._walk(view, 0, len(view), ctx, out)
                continue
            # Each run is walked on its own: before it the walk has just been reset.
            for start, end in regions:
                self._walk(view, start, end, ctx, out)
        return self.limited(out)

    def _walk(self, view: str, start: int, end: int, ctx: RuleContext, out: list[Finding]) -> None:
        """Walk the tokens of ``view[start:end]``, adding a finding for each repeat.

        A repeated accepted term (the guide's vocabulary) is an exception, as in Vale.
        """
        spec = self.spec
        timeout = ctx.timeout
        prev: tuple[int, int, str] | None = None
        run_start = 0
        count = 0
        for m in self.pattern.finditer(view, start, end, timeout=timeout):
            word = m.group()
            if not word or (spec.alpha and not word.isalpha()):
                prev = None
                continue
            key = word.lower() if spec.ignorecase else word
            between = view[prev[1] : m.start()] if prev else ""
            if prev is not None and prev[2] == key and _SAME_LINE_GAP.fullmatch(between):
                count += 1
                excepted = (self.exceptions is not None and self.exceptions.fullmatch(word)) or (
                    ctx.accepted is not None and ctx.accepted.fullmatch(word)
                )
                if count > spec.max and not excepted:
                    message = format_message(spec.message, word)
                    out.append(spec.finding(run_start, m.end(), message))
            else:
                count = 0
                run_start = m.start()
            prev = (m.start(), m.end(), key)
