"""Rule kinds (Vale's semantics), compiled once and run per keystroke."""

from composer.core.rules.base import CompiledRule, Rule, RuleDataError
from composer.core.rules.capitalization import CapitalizationRule
from composer.core.rules.conditional import ConditionalRule
from composer.core.rules.consistency import ConsistencyRule
from composer.core.rules.context import RuleContext
from composer.core.rules.existence import ExistenceRule
from composer.core.rules.metric import MetricRule
from composer.core.rules.occurrence import OccurrenceRule
from composer.core.rules.registry import RULE_KINDS, SKIPPED_KINDS, SkippedRule, build_rule
from composer.core.rules.repetition import RepetitionRule
from composer.core.rules.substitution import SubstitutionRule

__all__ = [
    "RULE_KINDS",
    "SKIPPED_KINDS",
    "CapitalizationRule",
    "CompiledRule",
    "ConditionalRule",
    "ConsistencyRule",
    "ExistenceRule",
    "MetricRule",
    "OccurrenceRule",
    "RepetitionRule",
    "Rule",
    "RuleContext",
    "RuleDataError",
    "SkippedRule",
    "SubstitutionRule",
    "build_rule",
]
