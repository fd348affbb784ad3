r"""Limits on a guide's regular expressions, measured from their source before compiling.

The ``regex`` module unrolls counted repeats when it compiles (``a{1000000}`` takes about
300 MB), its parser recurses once per nested group, and compile and check time grow with the
number of alternatives. A hostile or mistaken guide must be refused with a message instead
of exhausting memory or hanging the app, so every pattern is read first and measured:
its length, its largest repeat count, the product of nested repeat counts, the size it
unrolls to, its group nesting and its alternatives. The limits are far above what real
style packages use (Vale's Microsoft and Google styles stay under a few hundred
alternatives per rule and repeat counts under 100).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: The longest single pattern, in characters.
MAX_PATTERN_CHARS = 20_000
#: The largest repeat count (``{n}``, ``{m,n}``): tweets are short, and ``regex`` unrolls.
MAX_REPEAT = 1_000
#: The largest product of nested repeat counts (``(?:(?:a{100}){100})`` is 10,000).
MAX_REPEAT_PRODUCT = 10_000
#: The most pattern elements a pattern (or a rule's patterns together) may unroll to.
MAX_UNROLLED = 100_000
#: The deepest nesting of groups (the ``regex`` parser fails near 200).
MAX_GROUP_DEPTH = 50
#: The most alternatives in one pattern, or in one rule's patterns together.
MAX_BRANCHES = 5_000
#: The most alternatives in all the patterns of a guide (rules and vocabulary together).
MAX_GUIDE_BRANCHES = 20_000
#: The most pattern elements all the patterns of a guide may unroll to.
MAX_GUIDE_UNROLLED = 500_000

_QUANTIFIER = re.compile(r"\{(\d+)?(?:(,)(\d+)?)?\}")
# ``\p{L}``, ``\N{name}``, ``\x{263a}`` and ``\g<name>`` carry their own braces.
_BRACED_ESCAPE = re.compile(r"\\(?:[pPNx]\{[^}]*\}|[gL]<[^>]*>)")


class PatternTooBig(ValueError):  # noqa: N818 - reads as what went wrong
    """A pattern exceeds one of the limits; the message names which and by how much."""


@dataclass(frozen=True, slots=True)
class PatternCost:
    """What a pattern costs to compile: its alternatives and its unrolled size."""

    branches: int = 0
    unrolled: int = 0

    def __add__(self, other: PatternCost) -> PatternCost:
        """The cost of two patterns compiled together."""
        return PatternCost(self.branches + other.branches, self.unrolled + other.unrolled)


@dataclass
class PatternBudget:
    """What the patterns of one guide have cost so far (see :data:`MAX_GUIDE_BRANCHES`)."""

    spent: PatternCost = PatternCost()

    def spend(self, cost: PatternCost) -> str | None:
        """Add ``cost``; a message (and nothing added) when the guide would exceed its limits."""
        total = self.spent + cost
        if total.branches > MAX_GUIDE_BRANCHES:
            return (
                f"the guide's patterns would have {total.branches:,} alternatives together; "
                f"at most {MAX_GUIDE_BRANCHES:,} are allowed"
            )
        if total.unrolled > MAX_GUIDE_UNROLLED:
            return (
                f"the guide's patterns would unroll to {total.unrolled:,} elements together; "
                f"at most {MAX_GUIDE_UNROLLED:,} are allowed"
            )
        self.spent = total
        return None


@dataclass
class _Group:
    """One open group while reading a pattern."""

    done: int = 0  # unrolled size of the finished alternatives
    sequence: int = 0  # unrolled size of the alternative being read
    last_size: int = 0  # the last element's unrolled size (0: nothing to repeat)
    last_product: int = 1  # the product of repeat counts inside and on the last element
    product: int = 1  # the largest product of repeat counts anywhere in the group

    def element(self, size: int, product: int) -> None:
        self.sequence += size
        self.last_size, self.last_product = size, product
        self.product = max(self.product, product)

    def alternative(self) -> None:
        self.done += self.sequence
        self.sequence = self.last_size = 0
        self.last_product = 1

    def repeat(self, count: int, shown: str) -> None:
        if self.last_size == 0:
            return  # nothing to repeat: the compiler reports it
        count = max(count, 1)  # ``{0}`` still compiles its element once
        product = self.last_product * count
        if product > MAX_REPEAT_PRODUCT:
            raise PatternTooBig(
                f"pattern {shown} repeats {product:,} times through nested repeats; "
                f"at most {MAX_REPEAT_PRODUCT:,} are allowed"
            )
        self.sequence += self.last_size * (count - 1)
        self.last_size *= count
        self.last_product = product
        self.product = max(self.product, product)

    def size(self) -> int:
        return max(self.done + self.sequence, 1)


def _shown(pattern: str) -> str:
    return repr(pattern) if len(pattern) <= 40 else repr(pattern[:37] + "...")


def _skip_class(pattern: str, start: int) -> int:
    """The index after the character class that opens at ``start``."""
    i = start + 1
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def measure_pattern(pattern: str) -> PatternCost:
    """The cost of ``pattern``, read from its source without compiling it.

    A guide's tokens are measured alone and again with their rule's other patterns: the
    costs of short patterns are kept (a cost is immutable; a refusal is raised each time).

    Raises:
        PatternTooBig: as :func:`_measure_pattern`.
    """
    if len(pattern) <= _KEPT_LENGTH:
        return _kept_cost(pattern)
    return _measure_pattern(pattern)


#: Costs of patterns up to this long are kept.
_KEPT_LENGTH = 1000


@lru_cache(maxsize=32768)
def _kept_cost(pattern: str) -> PatternCost:
    return _measure_pattern(pattern)


def _measure_pattern(pattern: str) -> PatternCost:  # noqa: PLR0912, PLR0915 - one small scanner
    """The cost of ``pattern``, read from its source without compiling it.

    Raises:
        PatternTooBig: the pattern is too long, repeats too often, unrolls too far, nests
            too deeply or has too many alternatives (the message says which).
    """
    shown = _shown(pattern)
    if len(pattern) > MAX_PATTERN_CHARS:
        raise PatternTooBig(
            f"pattern {shown} is {len(pattern):,} characters long; "
            f"at most {MAX_PATTERN_CHARS:,} are allowed"
        )
    stack = [_Group()]
    branches = 1
    i, end = 0, len(pattern)
    while i < end:
        char = pattern[i]
        if char == "\\":
            braced = _BRACED_ESCAPE.match(pattern, i)
            i = braced.end() if braced else i + 2
            stack[-1].element(1, 1)
        elif char == "[":
            i = _skip_class(pattern, i)
            stack[-1].element(1, 1)
        elif char == "(" and pattern.startswith("(?#", i):
            close = pattern.find(")", i)
            i = end if close < 0 else close + 1
        elif char == "(":
            if len(stack) > MAX_GROUP_DEPTH:
                raise PatternTooBig(
                    f"pattern {shown} nests groups more than {MAX_GROUP_DEPTH} deep"
                )
            stack.append(_Group())
            i += 1
        elif char == ")" and len(stack) > 1:
            group = stack.pop()
            stack[-1].element(group.size(), group.product)
            i += 1
        elif char == "|":
            stack[-1].alternative()
            branches += 1
            i += 1
        elif (
            char == "{"
            and (quantifier := _QUANTIFIER.match(pattern, i))
            and (quantifier.group(1) or quantifier.group(3))
        ):
            low, comma, high = quantifier.groups()
            count = int(high) if high else int(low)
            if comma and high and low:
                count = max(int(low), int(high))
            if count > MAX_REPEAT:
                raise PatternTooBig(
                    f"pattern {shown} repeats {count:,} times; at most {MAX_REPEAT:,} are allowed"
                )
            stack[-1].repeat(count, shown)
            i = quantifier.end()
        elif char in "*+?":
            i += 1  # a loop, not unrolled
        else:
            stack[-1].element(1, 1)
            i += 1
    while len(stack) > 1:  # unclosed groups: the compiler reports them
        group = stack.pop()
        stack[-1].element(group.size(), group.product)
    cost = PatternCost(branches, stack[0].size())
    check_cost(cost, f"pattern {shown}")
    return cost


def check_cost(cost: PatternCost, what: str) -> None:
    """Refuse a pattern, or one rule's patterns together, that would cost too much.

    Raises:
        PatternTooBig: too many alternatives, or too large once unrolled.
    """
    if cost.branches > MAX_BRANCHES:
        raise PatternTooBig(
            f"{what} has {cost.branches:,} alternatives; at most {MAX_BRANCHES:,} are allowed"
        )
    if cost.unrolled > MAX_UNROLLED:
        raise PatternTooBig(
            f"{what} unrolls to {cost.unrolled:,} elements; at most {MAX_UNROLLED:,} are allowed"
        )
