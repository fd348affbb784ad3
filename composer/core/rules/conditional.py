"""``conditional``: ``first`` may appear only where ``second`` defines it (acronyms)."""

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
    as_pattern,
    as_str_tuple,
    compile_pattern,
    format_message,
)
from composer.core.rules.context import RuleContext
from composer.core.rules.literals import any_present, required_literals


@dataclass(frozen=True, slots=True)
class ConditionalRule(Rule):
    """Flags each match of ``first`` whose text (group 1 if any) no match of ``second`` defines.

    ``exceptions`` are texts never flagged. ``%s`` is the flagged text.
    """

    extends: ClassVar[str] = "conditional"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "first": as_pattern,
        "second": as_pattern,
        "exceptions": as_str_tuple,
        "ignorecase": as_bool,
    }

    first: str = ""
    second: str = ""
    exceptions: tuple[str, ...] = ()
    ignorecase: bool = False

    def compile(self) -> CompiledRule:
        """Build both patterns once."""
        return CompiledConditional(self)


class CompiledConditional(CompiledRule):
    """A conditional rule with both patterns built."""

    def __init__(self, rule: ConditionalRule) -> None:
        super().__init__(rule)
        self.spec = rule
        flags = "(?i)" if rule.ignorecase else ""
        self.first = compile_pattern(flags + rule.first)
        self.second = compile_pattern(flags + rule.second)
        self.exceptions = frozenset(rule.exceptions)
        self.literals = required_literals(flags + rule.first)
        # Without a match of ``second`` nothing is defined: no need to look for one.
        self.second_literals = required_literals(flags + rule.second)

    def gate(self) -> frozenset[str] | None:
        """The required literals when every scope reads the ``text`` view."""
        return self.literals if self.reads_text_view() else None

    def drop_shortcuts(self) -> None:
        """Run the patterns on every text."""
        self.literals = None
        self.second_literals = None

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Flag undefined uses of ``first``."""
        out: list[Finding] = []
        for scope in self.spec.scope:
            if self.literals is not None and not any_present(self.literals, ctx.folded(scope)):
                continue
            view = ctx.view(scope)
            uses = [m for m in self.first.finditer(view, timeout=ctx.timeout) if m.group()]
            if not uses:
                continue  # nothing to flag, so no need to look for definitions
            defined: set[str] = set()
            second = self.second_literals
            if second is not None and not any_present(second, ctx.folded(scope)):
                matches: list[regex.Match[str]] = []
            else:
                matches = list(self.second.finditer(view, timeout=ctx.timeout))
            for m in matches:
                # Vale: any capture group of ``second`` (or the whole match) defines a term.
                defined.update(g for g in m.groups() if g is not None)
                defined.add(m.group())
            for m in uses:
                term = m.group(1) if m.re.groups and m.group(1) is not None else m.group()
                if term in defined or term in self.exceptions:
                    continue
                start, end = m.span(1) if m.re.groups and m.group(1) is not None else m.span()
                out.append(self.spec.finding(start, end, format_message(self.spec.message, term)))
        return self.limited(out)
