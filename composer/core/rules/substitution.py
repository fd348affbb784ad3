"""``substitution``: suggest a preferred term for each matched one (Vale's ``swap``)."""

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
    as_pattern_tuple,
    as_str_pairs,
    compile_pattern,
    format_message,
    scoped_flags,
)
from composer.core.rules.compiled_patterns import check_patterns, rule_pattern
from composer.core.rules.context import RuleContext
from composer.core.rules.existence import exceptions_pattern
from composer.core.rules.literals import any_present, required_literals

_CAPTURE_OPEN = regex.compile(r"(?<!\\)\((?!\?)")
# A reference to a group of the swap key in a replacement: ``$1``, ``${1}``, or ``$$``.
_REFERENCE = regex.compile(r"\$(?:(\d+)|\{(\d+)\}|\$)")


def non_capturing(pattern: str) -> str:
    """Vale's capture-group handling: groups in a swap key become non-capturing.

    The combined pattern puts each key in its own group so a match tells which key (and so
    which replacement) it came from; groups inside a key would shift that numbering.
    """
    result: str = _CAPTURE_OPEN.sub("(?:", pattern)
    return result


def _as_swap(value: object) -> tuple[tuple[str, str], ...]:
    pairs = as_str_pairs(value)
    check_patterns(tuple(key for key, _ in pairs))
    if not pairs:
        raise FieldError("expected at least one entry")
    return pairs


@dataclass(frozen=True, slots=True)
class SubstitutionRule(Rule):
    """Flags each ``swap`` key and offers its value as the replacement.

    Keys are patterns, tried longest first; a value may list options as ``a|b``. A match that
    already equals the replacement (case-sensitively) is not flagged. In the message the first
    ``%s`` is the replacement (quoted when the message does not quote it; several read
    ``'a', 'b', or 'c'``), the second the matched text. ``capitalize`` keeps a capital first
    letter. ``$1`` in a replacement is what the key's first group captured.
    """

    extends: ClassVar[str] = "substitution"
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {
        "swap": _as_swap,
        "ignorecase": as_bool,
        "nonword": as_bool,
        "exceptions": as_pattern_tuple,
        "append": as_bool,
        "capitalize": as_bool,
    }

    swap: tuple[tuple[str, str], ...] = ()
    ignorecase: bool = False
    nonword: bool = False
    exceptions: tuple[str, ...] = ()
    append: bool = False
    capitalize: bool = False

    def ordered_swap(self) -> list[tuple[str, str]]:
        """Swap entries, longest key first (as Vale orders them)."""
        return sorted(self.swap, key=lambda kv: len(kv[0]), reverse=True)

    def pattern(self) -> str:
        """One alternation; group ``i + 1`` is the ``i``-th entry of :meth:`ordered_swap`."""
        groups = "|".join(f"({scoped_flags(non_capturing(k))})" for k, _ in self.ordered_swap())
        body = f"(?:{groups})" if self.nonword else rf"\b(?:{groups})\b"
        return ("(?i)" if self.ignorecase else "") + body

    def compile(self) -> CompiledRule:
        """Build the pattern once."""
        return CompiledSubstitution(self)


class CompiledSubstitution(CompiledRule):
    """A substitution rule with its alternation built."""

    def __init__(self, rule: SubstitutionRule) -> None:
        super().__init__(rule)
        self.spec = rule
        self.pattern = rule_pattern(rule.pattern())
        self.replacements = [tuple(v.split("|")) for _, v in rule.ordered_swap()]
        # Each replacement (or its capitalised form) as a pattern, for the check that the
        # text already is it; ``None`` when it is not a valid pattern. Compiled when a
        # match first needs it: a big rule has thousands, and most never match.
        self.same: dict[str, regex.Pattern[str] | None] = {}
        self.exceptions = exceptions_pattern(rule.exceptions, ignorecase=rule.ignorecase)
        self.references = [
            any(_REFERENCE.search(o) for o in options) for options in self.replacements
        ]
        # Each key on its own, capture groups kept, for ``$1`` references in replacements
        # (only the keys whose replacements have references need one).
        flags = "(?i)" if rule.ignorecase else ""
        self.keys = [
            compile_pattern(flags + scoped_flags(k)) if refers else None
            for (k, _), refers in zip(rule.ordered_swap(), self.references, strict=True)
        ]
        #: The quote the message puts around its first placeholder (``None``: unquoted).
        self.quote_char = _placeholder_quote(rule.message)
        #: Every match contains one of these (folded); ``None`` when nothing is known.
        self.literals = required_literals(rule.pattern())

    def gate(self) -> frozenset[str] | None:
        """The required literals when every scope reads the ``text`` view."""
        return self.literals if self.reads_text_view() else None

    def drop_shortcuts(self) -> None:
        """Run the patterns on every text."""
        self.literals = None

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Flag each swap key found, with its replacement."""
        out: list[Finding] = []
        literals = self.literals
        for scope in self.spec.scope:
            if literals is not None and not any_present(literals, ctx.folded(scope)):
                continue
            view = ctx.view(scope)
            for m in self.pattern.finditer(view, timeout=ctx.timeout):
                if m.end() == m.start() or m.lastindex is None:
                    continue
                # As in Vale, the text flagged is the match without surrounding spaces (a
                # ``nonword`` key such as ``vs\s`` must not swallow the space in the fix).
                start, end = m.span()
                observed = m.group().strip()
                if not observed:
                    continue
                start += len(m.group()) - len(m.group().lstrip())
                end = start + len(observed)
                index = m.lastindex - 1
                options = self.replacements[index]
                if self.references[index]:
                    options = self._expand(index, options, observed)
                if self.spec.capitalize and observed[:1].isupper():
                    options = tuple(o[:1].upper() + o[1:] for o in options)
                if any(self._same(o, observed) for o in options):
                    continue
                if self.exceptions is not None and self.exceptions.fullmatch(observed):
                    continue
                message = format_message(self.spec.message, self._listed(options), observed)
                out.append(self.spec.finding(start, end, message, options))
        return self.limited(out)

    def _expand(self, index: int, options: tuple[str, ...], observed: str) -> tuple[str, ...]:
        """Fill ``$1``-style references with the groups the swap key captured (Vale 3.7+)."""
        key = self.keys[index]
        if key is None:
            return options
        found = key.fullmatch(observed) or key.search(observed)
        if found is None:
            return options
        groups = (found.group(), *found.groups(default=""))

        def group(ref: regex.Match[str]) -> str:
            if ref.group() == "$$":
                return "$"
            number = int(ref.group(1) or ref.group(2))
            return groups[number] if number < len(groups) else ""

        return tuple(_REFERENCE.sub(group, o) for o in options)

    def _listed(self, options: tuple[str, ...]) -> str:
        """The options as Vale lists them: ``'a'``, ``'a' or 'b'``, ``'a', 'b', or 'c'``.

        Each is quoted with the quote the message puts around the placeholder (``'`` when
        it has none); the message's own quotes then stand for the outermost ones.
        """
        quote = self.quote_char or "'"
        quoted = [f"{quote}{o}{quote}" for o in options]
        if len(quoted) > 2:
            listed = ", ".join(quoted[:-1]) + ", or " + quoted[-1]
        else:
            listed = " or ".join(quoted)
        return listed if self.quote_char is None else listed[1:-1]

    def _same(self, expected: str, observed: str) -> bool:
        """Vale's check that the text already is the replacement (case-sensitive)."""
        if expected == observed:
            return True
        if expected not in self.same:
            self.same[expected] = _compile_or_none(expected)
        pattern = self.same[expected]
        return pattern is not None and pattern.fullmatch(observed) is not None


def _placeholder_quote(template: str) -> str | None:
    """The quote character around the first ``%s`` of ``template``, if it is quoted."""
    first = template.find("%s")
    if first <= 0:
        return None
    before, after = template[first - 1], template[first + 2 : first + 3]
    return before if before in "'\"" and after == before else None


def _compile_or_none(source: str) -> regex.Pattern[str] | None:
    try:
        return regex.compile(source)
    except regex.error:
        return None
