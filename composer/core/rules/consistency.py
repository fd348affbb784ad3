"""``consistency``: two spellings of one thing must not both appear."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

import regex

from composer.core.findings import Finding
from composer.core.rules.base import (
    CompiledRule,
    Converter,
    FieldError,
    Rule,
    as_bool,
    as_str_pairs,
    check_pattern,
    compile_pattern,
    format_message,
    word_pattern,
)
from composer.core.rules.context import RuleContext
from composer.core.rules.literals import any_present, required_literals


def _as_either(value: object) -> tuple[tuple[str, str], ...]:
    pairs = as_str_pairs(value)
    if not pairs:
        raise FieldError("expected at least one pair")
    for a, b in pairs:
        check_pattern(a)
        check_pattern(b)
    return pairs


@dataclass(frozen=True, slots=True)
class ConsistencyRule(Rule):
    """For each ``either`` pair, when both forms appear, flags the form that appears second.

    ``%s`` is the flagged text; the replacement offered is the form used first.
    """

    extends: ClassVar[str] = "consistency"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "either": _as_either,
        "ignorecase": as_bool,
        "nonword": as_bool,
    }

    either: tuple[tuple[str, str], ...] = ()
    ignorecase: bool = False
    nonword: bool = False

    def compile(self) -> CompiledRule:
        """Build one pattern per pair."""
        return CompiledConsistency(self)


class CompiledConsistency(CompiledRule):
    """A consistency rule with a two-group pattern per pair."""

    def __init__(self, rule: ConsistencyRule) -> None:
        super().__init__(rule)
        self.spec = rule
        self.pairs: list[tuple[regex.Pattern[str], str, str]] = []
        # A pair flags only when both forms are found: the literals each form requires.
        self.literals: list[tuple[frozenset[str] | None, frozenset[str] | None]] = []
        for a, b in rule.either:
            pa = word_pattern((a,), nonword=rule.nonword, ignorecase=False)
            pb = word_pattern((b,), nonword=rule.nonword, ignorecase=False)
            flags = "(?i)" if rule.ignorecase else ""
            self.pairs.append((compile_pattern(f"{flags}(?P<a>{pa})|(?P<b>{pb})"), a, b))
            self.literals.append((required_literals(pa), required_literals(pb)))

    def drop_shortcuts(self) -> None:
        """Run the patterns on every text."""
        self.literals = [(None, None) for _ in self.pairs]

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Flag the later-used form of each pair when both are present."""
        out: list[Finding] = []
        for scope in self.spec.scope:
            view = ctx.view(scope)
            for (pattern, a, b), (need_a, need_b) in zip(self.pairs, self.literals, strict=True):
                if (need_a is not None and not any_present(need_a, ctx.folded(scope))) or (
                    need_b is not None and not any_present(need_b, ctx.folded(scope))
                ):
                    continue
                matches = [m for m in pattern.finditer(view, timeout=ctx.timeout) if m.group()]
                seen = {m.lastgroup for m in matches}
                if len(seen) < 2:
                    continue
                first = matches[0].lastgroup
                first_text = matches[0].group()
                for m in matches:
                    if m.lastgroup == first:
                        continue
                    message = format_message(self.spec.message, m.group(), first_text)
                    replacement = (first_text,) if first == "a" and a == regex.escape(a) else ()
                    if first == "b" and b == regex.escape(b):
                        replacement = (first_text,)
                    out.append(self.spec.finding(m.start(), m.end(), message, replacement))
        return self.limited(out)
