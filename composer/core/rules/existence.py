"""``existence``: flag every match of a list of tokens (Vale's most common kind)."""

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
    as_pattern_tuple,
    compile_pattern,
    format_message,
    word_pattern,
)
from composer.core.rules.compiled_patterns import rule_pattern
from composer.core.rules.context import RuleContext
from composer.core.rules.literals import any_present, required_literals, starts_nonblank


@dataclass(frozen=True, slots=True)
class ExistenceRule(Rule):
    """Flags any of ``tokens`` (word-bounded unless ``nonword``) or the ``raw`` pattern.

    ``raw`` pieces are joined and put before the token pattern, or after it with
    ``append: true``. A match equal to one of ``exceptions`` is not flagged. ``%s`` in the
    message is the matched text.
    """

    extends: ClassVar[str] = "existence"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "tokens": as_pattern_tuple,
        "raw": as_pattern_tuple,
        "ignorecase": as_bool,
        "nonword": as_bool,
        "exceptions": as_pattern_tuple,
        "append": as_bool,
    }

    tokens: tuple[str, ...] = ()
    raw: tuple[str, ...] = ()
    ignorecase: bool = False
    nonword: bool = False
    exceptions: tuple[str, ...] = ()
    append: bool = False

    def pattern(self) -> str:
        """The one regular expression this rule searches for."""
        raw = "".join(self.raw)
        if self.tokens:
            tokens = word_pattern(self.tokens, nonword=self.nonword, ignorecase=False)
            body = tokens + raw if self.append else raw + tokens
        else:
            body = raw
        return ("(?i)" if self.ignorecase else "") + body

    def compile(self) -> CompiledRule:
        """Build the pattern once."""
        return CompiledExistence(self)


def exceptions_pattern(
    exceptions: tuple[str, ...], *, ignorecase: bool
) -> regex.Pattern[str] | None:
    """A pattern that fully matches any exception, or ``None`` without exceptions."""
    if not exceptions:
        return None
    return compile_pattern(("(?i)" if ignorecase else "") + "(?:" + "|".join(exceptions) + ")")


class CompiledExistence(CompiledRule):
    """An existence rule with its pattern built."""

    def __init__(self, rule: ExistenceRule) -> None:
        super().__init__(rule)
        self.spec = rule
        self.pattern = rule_pattern(rule.pattern()) if (rule.tokens or rule.raw) else None
        self.exceptions = exceptions_pattern(rule.exceptions, ignorecase=rule.ignorecase)
        #: Every match contains one of these (folded); ``None`` when nothing is known.
        self.literals = required_literals(rule.pattern()) if self.pattern is not None else None
        self.nonblank = starts_nonblank(rule.pattern()) if self.pattern is not None else False

    def gate(self) -> frozenset[str] | None:
        """The required literals when every scope reads the ``text`` view."""
        return self.literals if self.reads_text_view() else None

    def drop_shortcuts(self) -> None:
        """Run the patterns on every text."""
        self.literals = None
        self.nonblank = False

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Flag each match in the rule's scope views."""
        if self.pattern is None:
            return []
        out: list[Finding] = []
        literals = self.literals
        for scope in self.spec.scope:
            if literals is not None and not any_present(literals, ctx.folded(scope)):
                continue
            for m in ctx.matches(self.pattern, scope, nonblank_start=self.nonblank):
                if m.end() == m.start():
                    continue
                observed = m.group()
                if self.exceptions is not None and self.exceptions.fullmatch(observed):
                    continue
                message = format_message(self.spec.message, observed)
                out.append(self.spec.finding(m.start(), m.end(), message))
        return self.limited(out)
