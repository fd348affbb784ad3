"""Maps Vale's ``extends`` names to rule kinds and builds rules from mappings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from composer.core.rules.base import COMMON_KEYS, FieldError, Rule, RuleDataError
from composer.core.rules.capitalization import CapitalizationRule
from composer.core.rules.compiled_patterns import validating_patterns
from composer.core.rules.conditional import ConditionalRule
from composer.core.rules.consistency import ConsistencyRule
from composer.core.rules.existence import ExistenceRule
from composer.core.rules.metric import MetricRule
from composer.core.rules.occurrence import OccurrenceRule
from composer.core.rules.pattern_limits import (
    PatternBudget,
    PatternCost,
    PatternTooBig,
    check_cost,
    measure_pattern,
)
from composer.core.rules.readability import ReadabilityRule
from composer.core.rules.repetition import RepetitionRule
from composer.core.rules.spelling import SpellingRule, load_lexicon
from composer.core.rules.substitution import SubstitutionRule

#: Every supported kind, by its ``extends`` name.
RULE_KINDS: Mapping[str, type[Rule]] = {
    cls.extends: cls
    for cls in (
        ExistenceRule,
        SubstitutionRule,
        OccurrenceRule,
        RepetitionRule,
        ConsistencyRule,
        CapitalizationRule,
        ConditionalRule,
        MetricRule,
        ReadabilityRule,
        SpellingRule,
    )
}
#: Vale kinds we read but do not run: ``sequence`` needs a part-of-speech tagger, ``script``
#: runs Tengo programs (code from the package, which a guide must not be able to run).
SKIPPED_KINDS = frozenset({"sequence", "script"})
#: Why each skipped kind is not run (the loader's notice says it).
SKIPPED_REASONS: Mapping[str, str] = {
    "sequence": "it needs a part-of-speech tagger, which this app does not ship",
    "script": "it runs the package's Tengo program, and a guide must not run code",
}
#: Vale options read but not honoured: a located problem says why (docs/guide-format.md).
UNSUPPORTED_OPTIONS: Mapping[tuple[str, str], str] = {
    ("substitution", "pos"): "'pos' (part-of-speech matching) needs a tagger this app does not "
    "ship; remove it, or make the swap patterns specific enough without it",
}

#: Keys whose values are patterns, measured together against the limits.
_PATTERN_KEYS = frozenset(
    {"tokens", "raw", "token", "exceptions", "first", "second", "prefix", "match", "swap", "either"}
)
#: Keys that are required for a kind to mean anything.
_REQUIRED: Mapping[str, tuple[str, ...]] = {
    "substitution": ("swap",),
    "occurrence": ("token",),
    "consistency": ("either",),
    "conditional": ("first", "second"),
    "metric": ("formula", "condition"),
    "readability": ("metrics", "grade"),
}


class SkippedRule(Exception):  # noqa: N818 - a signal, not a failure
    """The rule's kind is one we deliberately do not run; ``kind`` names it."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def build_rule(
    rule_id: str,
    data: Mapping[str, Any],
    *,
    extra_keys: frozenset[str] = frozenset(),
    budget: PatternBudget | None = None,
    styles_path: Path | None = None,
) -> Rule:
    """Build a rule of the kind ``data["extends"]`` names.

    Args:
        rule_id: ``Style.Name``.
        data: The rule as read from YAML.
        extra_keys: Keys the caller handles itself (``id`` for inline rules); ignored here.
        budget: What the guide's patterns have cost so far; the rule's patterns are added,
            and refused when the guide would exceed its limits.
        styles_path: The folder holding the rule's style folder; a ``spelling`` rule's files
            are relative to it (``None``: a rule of the guide itself, which names no files).

    Raises:
        SkippedRule: a kind we do not run (the caller reports it as a notice).
        RuleDataError: every problem found, each with the key it concerns.
    """
    extends = data.get("extends")
    if not isinstance(extends, str) or not extends:
        raise RuleDataError([("extends", "missing or empty 'extends' (the rule's kind)")])
    if extends in SKIPPED_KINDS:
        raise SkippedRule(extends)
    cls = RULE_KINDS.get(extends)
    if cls is None:
        known = ", ".join(sorted(RULE_KINDS))
        return _raise([("extends", f"unknown rule kind {extends!r} (known: {known})")])
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key in extra_keys or key == "extends":
            continue
        _convert(cls, extends, key, raw, values=values, problems=problems)
    for key in _REQUIRED.get(extends, ()):
        if key not in data:
            problems.append(("extends", f"a {extends} rule needs {key!r}"))
    if extends in {"existence"} and not data.get("tokens") and not data.get("raw"):
        problems.append(("extends", "an existence rule needs 'tokens' or 'raw'"))
    if problems:
        _raise(problems)
    _check_pattern_cost(values, budget)
    rule = cls(id=rule_id, **values)
    _read_files(rule, styles_path)
    try:
        # Validation: a pattern sure to compile is compiled when a check first needs it.
        with validating_patterns():
            rule.compile()
    except Exception as exc:
        _raise([("extends", f"rule cannot be compiled: {exc}")])
    return rule


def _read_files(rule: Rule, styles_path: Path | None) -> None:
    """Read the files a rule names (a ``spelling`` rule's dictionaries and ignore lists)."""
    if isinstance(rule, SpellingRule):
        load_lexicon(rule, styles_path)


def _convert(
    cls: type[Rule],
    extends: str,
    key: str,
    raw: object,
    *,
    values: dict[str, Any],
    problems: list[tuple[str, str]],
) -> None:
    """Read option ``key`` into ``values``, or add why it cannot be to ``problems``."""
    refused = _refused_option(extends, key, raw)
    if refused is not None:  # "" for an option read and needing nothing (vocab: true)
        problems.extend([(key, refused)] if refused else [])
        return
    converter = cls.OWN_KEYS.get(key) or COMMON_KEYS.get(key)
    if converter is None:
        article = "an" if extends[:1] in "aeiou" else "a"
        problems.append((key, f"unknown key {key!r} for {article} {extends} rule"))
        return
    try:
        values[key] = converter(raw)
    except FieldError as exc:
        problems.append((key, f"{key}: {exc}"))


def _refused_option(extends: str, key: str, raw: object) -> str | None:
    """Why option ``key: raw`` of an ``extends`` rule is refused.

    ``""`` when it is read here and needs nothing more (``vocab: true``), ``None`` for an
    option the rule kind converts.
    """
    refused = UNSUPPORTED_OPTIONS.get((extends, key))
    if refused is not None:
        return f"{key}: {refused}"
    if key == "vocab" and raw is False:
        return (
            "vocab: only 'true' is supported: the guide's accepted terms are exceptions to "
            "every rule"
        )
    if key == "vocab":
        return "" if raw is True else f"vocab: expected true or false, got {raw!r}"
    return None


def _patterns(key: str, value: object) -> list[str]:
    """The patterns a converted value holds (a swap's keys; both sides of an ``either``)."""
    if isinstance(value, str):
        return [value]
    if not isinstance(value, tuple):
        return []
    if key == "swap":
        return [pair[0] for pair in value]
    return [p for item in value for p in _patterns(key, item)]


def _check_pattern_cost(values: Mapping[str, Any], budget: PatternBudget | None) -> None:
    """Refuse a rule whose patterns together (as the rule compiles them) cost too much.

    Each pattern was measured alone by its converter; a rule joins its tokens into one
    alternation, and a guide's rules all stay compiled, so the sums have limits too.

    Raises:
        RuleDataError: located at the key holding the most alternatives.
    """
    costs: dict[str, PatternCost] = {}
    for key, value in values.items():
        if key not in _PATTERN_KEYS:
            continue
        try:
            costs[key] = sum((measure_pattern(p) for p in _patterns(key, value)), PatternCost())
        except PatternTooBig as exc:  # a list of plain phrases (not checked as patterns)
            _raise([(key, f"{key}: {exc}")])
    if not costs:
        return
    key = max(costs, key=lambda k: (costs[k].branches, costs[k].unrolled))
    total = sum(costs.values(), PatternCost())
    try:
        check_cost(total, "the rule, its patterns together,")
    except PatternTooBig as exc:
        _raise([(key, f"{key}: {exc}")])
    problem = budget.spend(total) if budget is not None else None
    if problem is not None:
        _raise([(key, f"{key}: {problem}")])


def _raise(problems: list[tuple[str, str]]) -> Rule:
    raise RuleDataError(problems)
