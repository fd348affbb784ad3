"""``occurrence``: too many (``max``) or too few (``min``) matches of ``token`` in a scope."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from composer.core.findings import Finding
from composer.core.rules.base import (
    CompiledRule,
    Converter,
    Rule,
    as_bool,
    as_int,
    as_pattern,
    compile_pattern,
    format_message,
)
from composer.core.rules.context import ENTITY_SCOPES, RuleContext, scope_key
from composer.core.rules.literals import any_present, required_literals, starts_nonblank


@dataclass(frozen=True, slots=True)
class OccurrenceRule(Rule):
    """Counts ``token`` matches in each block of the scope.

    Over ``max``: the finding spans the first extra match to the last one. Under ``min``:
    it spans the whole block. ``%s`` in the message is the count.
    """

    extends: ClassVar[str] = "occurrence"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "token": as_pattern,
        "max": as_int,
        "min": as_int,
        "ignorecase": as_bool,
    }

    token: str = ""
    max: int = 0
    min: int = 0
    ignorecase: bool = False

    def compile(self) -> CompiledRule:
        """Build the token pattern once."""
        return CompiledOccurrence(self)


class CompiledOccurrence(CompiledRule):
    """An occurrence rule with its token pattern built."""

    def __init__(self, rule: OccurrenceRule) -> None:
        super().__init__(rule)
        self.spec = rule
        self.pattern = compile_pattern(("(?i)" if rule.ignorecase else "") + rule.token)
        # Without a minimum, a scope where the token cannot match has nothing to flag.
        self.literals = required_literals(rule.token) if rule.min <= 0 else None
        self.nonblank = starts_nonblank(rule.token)

    def gate(self) -> frozenset[str] | None:
        """The required literals when every scope reads the ``text`` view."""
        return self.literals if self.reads_text_view() else None

    def drop_shortcuts(self) -> None:
        """Run the patterns on every text."""
        self.literals = None
        self.nonblank = False

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Count per block and flag blocks outside the bounds."""
        spec = self.spec
        out: list[Finding] = []
        literals = self.literals
        for scope in spec.scope:
            if literals is not None and not any_present(literals, ctx.folded(scope)):
                continue
            for offset, block in ctx.blocks(scope):
                if self.nonblank and scope_key(scope) in ENTITY_SCOPES:
                    # One block, the whole view: only where entities are can it match.
                    matches = ctx.matches(
                        self.pattern, scope, nonblank_start=True, within_entities=True
                    )
                else:
                    matches = self.pattern.finditer(block, timeout=ctx.timeout)
                locs = [m.span() for m in matches if m.end() > m.start()]
                count = len(locs)
                if spec.max > 0 and count > spec.max:
                    start, end = locs[spec.max][0], locs[-1][1]
                    message = format_message(spec.message, str(count))
                    out.append(spec.finding(offset + start, offset + end, message))
                elif spec.min > 0 and count < spec.min:
                    stripped = len(block) - len(block.lstrip())
                    end = len(block.rstrip())
                    message = format_message(spec.message, str(count))
                    out.append(
                        spec.finding(offset + stripped, offset + max(end, stripped), message)
                    )
        return self.limited(out)
