"""``repetition``: the same token twice in a row ("the the")."""

from __future__ import annotations

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
from composer.core.rules.context import RuleContext
from composer.core.rules.existence import exceptions_pattern

# As in Vale, a repeat counts only with spaces between on one line ("the\nthe" is not flagged).
_SAME_LINE_GAP = regex.compile(r"[^\S\n]+")


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

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Walk the matches, counting runs of equal neighbours."""
        spec = self.spec
        out: list[Finding] = []
        for scope in spec.scope:
            view = ctx.view(scope)
            prev: tuple[int, int, str] | None = None
            run_start = 0
            count = 0
            for m in self.pattern.finditer(view, timeout=ctx.timeout):
                word = m.group()
                if not word or (spec.alpha and not word.isalpha()):
                    prev = None
                    continue
                key = word.lower() if spec.ignorecase else word
                between = view[prev[1] : m.start()] if prev else ""
                if prev is not None and prev[2] == key and _SAME_LINE_GAP.fullmatch(between):
                    count += 1
                    excepted = self.exceptions is not None and self.exceptions.fullmatch(word)
                    if count > spec.max and not excepted:
                        message = format_message(spec.message, word)
                        out.append(spec.finding(run_start, m.end(), message))
                else:
                    count = 0
                    run_start = m.start()
                prev = (m.start(), m.end(), key)
        return self.limited(out)
