"""What every rule kind shares: the rule dataclass base, field converters, scopes and patterns.

A rule kind is a frozen dataclass holding Vale's shared keys (``message``, ``level``, ``link``,
``scope``...) plus its own typed fields. ``compile()`` turns it into a :class:`CompiledRule`
whose ``run(ctx)`` returns findings for one text. Patterns are compiled once, with the
``regex`` module so that every search can carry a timeout.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from composer.core.findings import Finding, Level, Source
from composer.core.rules.context import KNOWN_SCOPES, WORD_SCOPES, RuleContext, scope_key
from composer.core.rules.pattern_limits import MAX_BRANCHES, PatternTooBig, measure_pattern

#: A converter validates one raw YAML value and returns its typed form.
Converter = Callable[[Any], Any]


class RuleDataError(Exception):
    """A rule mapping has problems; ``problems`` pairs each offending key with a message."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{k}: {m}" for k, m in problems))
        self.problems = problems


class FieldError(ValueError):
    """One value has the wrong type or content."""


def as_str(value: object) -> str:
    """A string (numbers are accepted and written as text, as YAML users expect)."""
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise FieldError(f"expected a string, got {_type_name(value)}")
    return str(value)


def as_bool(value: object) -> bool:
    """A YAML boolean."""
    if not isinstance(value, bool):
        raise FieldError(f"expected true or false, got {_type_name(value)}")
    return value


def as_int(value: object) -> int:
    """A whole number."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(f"expected a whole number, got {_type_name(value)}")
    return value


def as_float(value: object) -> float:
    """A number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(f"expected a number, got {_type_name(value)}")
    return float(value)


def as_str_tuple(value: object) -> tuple[str, ...]:
    """A list of strings (a single string counts as a list of one)."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise FieldError(f"expected a list of strings, got {_type_name(value)}")
    return tuple(as_str(v) for v in value)


def as_str_pairs(value: object) -> tuple[tuple[str, str], ...]:
    """A mapping of strings to strings, kept in file order."""
    if not isinstance(value, dict):
        raise FieldError(f"expected a mapping, got {_type_name(value)}")
    return tuple((as_str(k), as_str(v)) for k, v in value.items())


def as_raw_mapping(value: object) -> Mapping[str, Any]:
    """Any mapping, kept as read (Vale's ``action``)."""
    if not isinstance(value, dict):
        raise FieldError(f"expected a mapping, got {_type_name(value)}")
    return dict(value)


def as_level(value: object) -> Level:
    """``error``, ``warning`` or ``suggestion``."""
    try:
        return Level.parse(as_str(value))
    except ValueError as exc:
        raise FieldError(str(exc)) from None


def as_scope(value: object) -> tuple[str, ...]:
    """One scope or a list of scopes; each must be one we know."""
    scopes = as_str_tuple(value)
    for scope in scopes:
        name = scope.strip().lower().removeprefix("~")
        if name.split(".")[0] not in KNOWN_SCOPES:
            known = ", ".join(sorted(KNOWN_SCOPES))
            raise FieldError(f"unknown scope {scope!r} (known: {known})")
    return tuple(s.strip().lower() for s in scopes)


def _type_name(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"the value {value!r}"


_LEADING_FLAGS = re.compile(r"^\(\?([a-zA-Z]+)\)")


def scoped_flags(pattern: str) -> str:
    """Rewrite a leading ``(?i)`` as a scoped group so the pattern can sit inside another."""
    match = _LEADING_FLAGS.match(pattern)
    if not match:
        return pattern
    return f"(?{match.group(1)}:{pattern[match.end() :]})"


def check_pattern(pattern: str) -> str:
    """Validate a regular expression; return it unchanged.

    The pattern is measured before it is compiled (see :mod:`.pattern_limits`): compiling
    ``a{1000000000}`` would exhaust memory.

    Raises:
        FieldError: the pattern is too big, or does not compile.
    """
    try:
        measure_pattern(pattern)
    except PatternTooBig as exc:
        raise FieldError(str(exc)) from None
    try:
        regex.compile(scoped_flags(pattern), regex.VERSION0)
    except (regex.error, RecursionError, OverflowError) as exc:
        raise FieldError(f"invalid regular expression {pattern!r}: {exc}") from None
    return pattern


def as_pattern(value: object) -> str:
    """One regular expression."""
    return check_pattern(as_str(value))


def as_pattern_tuple(value: object) -> tuple[str, ...]:
    """A list of regular expressions (a rule joins them, so their number is limited too)."""
    patterns = as_str_tuple(value)
    if len(patterns) > MAX_BRANCHES:
        raise FieldError(
            f"{len(patterns):,} patterns; at most {MAX_BRANCHES:,} alternatives are allowed"
        )
    # One compile for the whole list when that is sure to agree with checking each alone.
    from composer.core.rules.compiled_patterns import check_patterns  # noqa: PLC0415 - builds on this module

    check_patterns(patterns)
    return patterns


def word_pattern(
    alternatives: tuple[str, ...] | list[str], *, nonword: bool, ignorecase: bool
) -> str:
    r"""Vale's token pattern: ``\b(?:a|b)\b``, without the boundaries when ``nonword``."""
    body = "|".join(scoped_flags(a) for a in alternatives)
    core = f"(?:{body})" if nonword else rf"\b(?:{body})\b"
    return ("(?i)" if ignorecase else "") + core


def accepted_pattern(terms: tuple[str, ...] | list[str]) -> regex.Pattern[str] | None:
    """One pattern finding any accepted vocabulary term (case-sensitive, longest first).

    Terms are patterns, as in Vale's ``accept.txt``; a term is found where no letter or
    digit touches it on either side, so terms that start or end with punctuation work.
    ``None`` without terms. Rules take what it finds as exceptions (Vale's ``vocab``).
    """
    usable = []
    for term in sorted(terms, key=len, reverse=True):
        try:
            compile_pattern(term)
        except regex.error:
            continue  # the loader reports a broken term; it cannot be an exception here
        usable.append(f"(?:{scoped_flags(term)})")
    if not usable:
        return None
    return compile_pattern(rf"(?<![\p{{L}}\p{{N}}])(?:{'|'.join(usable)})(?![\p{{L}}\p{{N}}])")


def compile_pattern(pattern: str) -> regex.Pattern[str]:
    """Compile with the flags every rule uses."""
    return regex.compile(scoped_flags(pattern), regex.VERSION0)


def format_message(template: str, *args: str) -> str:
    """Fill Vale's ``%s`` placeholders in order; missing arguments leave them empty."""
    parts = _template_parts(template)
    if len(parts) == 1:
        joined = parts[0]
    elif len(parts) == 2:  # the usual one placeholder, without building a list
        joined = parts[0] + (args[0] if args else "") + parts[1]
    else:
        out = [parts[0]]
        for i, part in enumerate(parts[1:]):
            out.append(args[i] if i < len(args) else "")
            out.append(part)
        joined = "".join(out)
    return joined.replace("%%", "%")


@functools.lru_cache(maxsize=1024)
def _template_parts(template: str) -> tuple[str, ...]:
    """A message template split at its placeholders (templates come from the guide)."""
    return tuple(template.split("%s"))


@dataclass(frozen=True, slots=True)
class Rule:
    """The keys every Vale rule has.

    Attributes:
        id: ``Style.Name``.
        level: Severity as written in the rule (Vale's default: suggestion).
        message: Shown to the user; ``%s`` placeholders are filled per kind.
        link: Where the rule is explained.
        scope: Where the rule looks (see :mod:`composer.core.rules.context`).
        description: A longer explanation.
        limit: At most this many findings per check (0: no limit).
        action: Vale's ``action`` mapping, kept as read.
    """

    extends: ClassVar[str] = ""
    #: The kind's own keys and how to read each.
    OWN_KEYS: ClassVar[Mapping[str, Converter]] = {}

    id: str
    level: Level = Level.SUGGESTION
    message: str = ""
    link: str = ""
    scope: tuple[str, ...] = ("text",)
    description: str = ""
    limit: int = 0
    action: Mapping[str, Any] | None = None

    def __post_init__(self) -> None:
        # @mentions are handles, and X compares handles without case: a rule that reads only
        # mentions matches "@Summitline" and "@summitline" alike.
        if (
            getattr(self, "ignorecase", True) is False
            and self.scope
            and all(scope_key(s) == "mention" for s in self.scope)
        ):
            object.__setattr__(self, "ignorecase", True)

    def compile(self) -> CompiledRule:
        """Build the patterns once; the result runs on any number of texts."""
        raise NotImplementedError

    def finding(
        self, start: int, end: int, message: str, replacements: tuple[str, ...] = ()
    ) -> Finding:
        """A finding of this rule at its own level."""
        return Finding(
            rule=self.id,
            level=self.level,
            message=message,
            start=start,
            end=end,
            source=Source.STYLE,
            replacements=replacements,
            link=self.link,
            description=self.description,
        )


#: The keys every kind accepts, and how to read each.
COMMON_KEYS: Mapping[str, Converter] = {
    "extends": as_str,
    "message": as_str,
    "level": as_level,
    "link": as_str,
    "scope": as_scope,
    "description": as_str,
    "limit": as_int,
    "action": as_raw_mapping,
    "vocab": as_bool,
}


class CompiledRule:
    """A rule ready to run: patterns built once."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule

    @property
    def id(self) -> str:
        """The rule's id."""
        return self.rule.id

    def run(self, ctx: RuleContext) -> list[Finding]:
        """Findings for ``ctx.text``; raises ``TimeoutError`` if a pattern runs too long."""
        raise NotImplementedError

    def gate(self) -> frozenset[str] | None:
        """Literals the folded ``text`` view holds one of whenever this rule finds anything.

        ``None`` when unknown. The checker tests them before calling :meth:`run`.
        """
        return None

    def without_shortcuts(self) -> CompiledRule:
        """A copy that runs every pattern on every text, skipping no work.

        The shortcuts (required-literal tests and the like) must never change a finding;
        this copy is the reference they are tested against.
        """
        clone = copy.copy(self)
        clone.drop_shortcuts()
        return clone

    def drop_shortcuts(self) -> None:
        """Switch off this rule's shortcuts (kinds with shortcuts override this)."""

    def reads_text_view(self) -> bool:
        """Whether every scope of the rule reads the ``text`` view (the masked draft)."""
        return all(scope_key(scope) in WORD_SCOPES for scope in self.rule.scope)

    def limited(self, findings: list[Finding]) -> list[Finding]:
        """Apply the rule's ``limit``."""
        if self.rule.limit > 0:
            return findings[: self.rule.limit]
        return findings
