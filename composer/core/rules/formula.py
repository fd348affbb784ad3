"""A tiny arithmetic expression parser for ``metric`` formulas (no ``eval``).

Grammar: ``expr := term (('+'|'-') term)*``, ``term := unary (('*'|'/'|'%') unary)*``,
``unary := '-' unary | atom``, ``atom := NUMBER | NAME | CALL | '(' expr ')'``,
``CALL := 'math.' NAME '(' expr (',' expr)* ')'``. Division by zero (and any other
undefined value, such as the square root of a negative number) gives 0, as a metric over an
empty text has nothing to report. As in Vale, ``heading.h2`` is another spelling of
``heading_h2``, and the functions are those of Vale's formula language (Tengo's ``math``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|((?:math\.|heading\.)?[A-Za-z_][A-Za-z0-9_]*)|(.))"
)
# Vale rewrites ``heading.h1`` to ``heading_h1`` before evaluating a formula.
_HEADING = re.compile(r"heading\.(h[1-6])")


def _round(value: float) -> float:
    """Go's ``math.Round``: halves away from zero (Python's ``round`` goes to even)."""
    return math.copysign(math.floor(abs(value) + 0.5), value)


#: ``math.NAME`` functions a formula may call, with their number of arguments.
_FUNCTIONS: dict[str, tuple[int, Callable[..., float]]] = {
    "math.abs": (1, abs),
    "math.cbrt": (1, lambda x: math.copysign(abs(x) ** (1 / 3), x)),
    "math.ceil": (1, math.ceil),
    "math.exp": (1, math.exp),
    "math.floor": (1, math.floor),
    "math.log": (1, math.log),
    "math.log10": (1, math.log10),
    "math.log2": (1, math.log2),
    "math.max": (2, max),
    "math.min": (2, min),
    "math.pow": (2, math.pow),
    "math.round": (1, _round),
    "math.sqrt": (1, math.sqrt),
    "math.trunc": (1, math.trunc),
}
#: ``math.NAME`` constants.
_CONSTANTS = {"math.pi": math.pi, "math.e": math.e}
_CONDITION = re.compile(r"^\s*(<=|>=|==|!=|<|>)\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*$")

#: The most tokens in a formula: each operator nests one more call when the formula runs.
MAX_FORMULA_TOKENS = 500
#: The deepest nesting of parentheses, calls and signs (Vale's readability formulas use 3).
MAX_FORMULA_DEPTH = 50

#: A compiled formula: variables in, number out.
Formula = Callable[[Mapping[str, float]], float]


class FormulaError(ValueError):
    """A formula or condition cannot be parsed."""


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "num", "name", "op", "end"
    text: str


def _tokenize(source: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    source = source.rstrip()
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if m is None:  # pragma: no cover - the pattern matches any character
            break
        pos = m.end()
        if m.group(1):
            out.append(_Tok("num", m.group(1)))
        elif m.group(2):
            out.append(_Tok("name", m.group(2)))
        elif m.group(3):
            if m.group(3) not in "+-*/%(),":
                raise FormulaError(f"unexpected {m.group(3)!r} in formula {source!r}")
            out.append(_Tok("op", m.group(3)))
    out.append(_Tok("end", ""))
    _check_size(out)
    return out


def _check_size(tokens: list[_Tok]) -> None:
    """Refuse a formula the recursive parser (and the nested calls it builds) cannot take.

    Raises:
        FormulaError: too many tokens, or parentheses and signs nested too deeply.
    """
    if len(tokens) > MAX_FORMULA_TOKENS:
        raise FormulaError(
            f"formula has {len(tokens) - 1:,} parts; at most {MAX_FORMULA_TOKENS - 1} are allowed"
        )
    depth = signs = 0
    for tok in tokens:
        if tok.kind == "op" and tok.text in "()":
            depth += 1 if tok.text == "(" else -1
        signs = signs + 1 if tok.kind == "op" and tok.text == "-" else 0
        if depth + signs > MAX_FORMULA_DEPTH:
            raise FormulaError(
                f"formula nests parentheses, calls or signs more than {MAX_FORMULA_DEPTH} deep"
            )


def parse_formula(source: str, variables: frozenset[str]) -> Formula:
    """Parse ``source`` into a function of the variables.

    Raises:
        FormulaError: a syntax error or an unknown variable (named).
    """
    tokens = _tokenize(source)
    pos = 0

    def peek() -> _Tok:
        return tokens[pos]

    def take() -> _Tok:
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        return tok

    def expr() -> Formula:
        left = term()
        while peek().text in {"+", "-"} and peek().kind == "op":
            op = take().text
            right = term()
            left = _binary(op, left, right)
        return left

    def term() -> Formula:
        left = unary()
        while peek().text in {"*", "/", "%"} and peek().kind == "op":
            op = take().text
            right = unary()
            left = _binary(op, left, right)
        return left

    def unary() -> Formula:
        if peek().kind == "op" and peek().text == "-":
            take()
            inner = unary()
            return lambda env: -inner(env)
        return atom()

    def atom() -> Formula:
        tok = take()
        if tok.kind == "num":
            value = float(tok.text)
            return lambda env: value
        if tok.kind == "name" and tok.text in _FUNCTIONS:
            return call(tok.text)
        if tok.kind == "name":
            return _variable(tok.text, variables)
        if tok.kind == "op" and tok.text == "(":
            inner = expr()
            if take().text != ")":
                raise FormulaError(f"missing ')' in formula {source!r}")
            return inner
        raise FormulaError(f"unexpected {tok.text or 'end'!r} in formula {source!r}")

    def call(name: str) -> Formula:
        count, function = _FUNCTIONS[name]
        if take().text != "(":
            raise FormulaError(f"missing '(' after {name} in formula {source!r}")
        args = [expr()]
        while peek().kind == "op" and peek().text == ",":
            take()
            args.append(expr())
        if take().text != ")":
            raise FormulaError(f"missing ')' in formula {source!r}")
        if len(args) != count:
            raise FormulaError(
                f"{name} takes {count} argument{'s' if count > 1 else ''}, "
                f"not {len(args)}, in formula {source!r}"
            )
        return _applied(function, args)

    result = expr()
    if peek().kind != "end":
        raise FormulaError(f"unexpected {peek().text!r} in formula {source!r}")
    return result


def _variable(text: str, variables: frozenset[str]) -> Formula:
    """A variable or a ``math`` constant by name.

    Raises:
        FormulaError: an unknown name.
    """
    if text in _CONSTANTS:
        constant = _CONSTANTS[text]
        return lambda env: constant
    name = _HEADING.sub(r"heading_\1", text)
    if name.startswith("math."):
        known = ", ".join(sorted([*_FUNCTIONS, *_CONSTANTS]))
        raise FormulaError(f"unknown function {text!r} in formula (known: {known})")
    if name not in variables:
        known = ", ".join(sorted(variables))
        raise FormulaError(f"unknown variable {text!r} in formula (known: {known})")
    return lambda env: float(env.get(name, 0.0))


def _applied(function: Callable[..., float], args: list[Formula]) -> Formula:
    def apply(env: Mapping[str, float]) -> float:
        try:
            value = float(function(*(arg(env) for arg in args)))
        except (ValueError, OverflowError, ZeroDivisionError):
            return 0.0  # undefined (the log of 0...): nothing to report, like x / 0
        return value if math.isfinite(value) else 0.0

    return apply


def _binary(op: str, left: Formula, right: Formula) -> Formula:
    if op == "+":
        return lambda env: left(env) + right(env)
    if op == "-":
        return lambda env: left(env) - right(env)
    if op == "*":
        return lambda env: left(env) * right(env)

    def divide(env: Mapping[str, float]) -> float:
        denominator = right(env)
        if denominator == 0:
            return 0.0
        return left(env) / denominator if op == "/" else left(env) % denominator

    return divide


def parse_condition(source: str) -> Callable[[float], bool]:
    """Parse ``"> 20"`` style conditions.

    Raises:
        FormulaError: not an operator followed by a number.
    """
    m = _CONDITION.match(source)
    if m is None:
        raise FormulaError(
            f"invalid condition {source!r} (expected an operator and a number, e.g. '> 20')"
        )
    op, number = m.group(1), float(m.group(2))
    checks: dict[str, Callable[[float], bool]] = {
        "<": lambda v: v < number,
        ">": lambda v: v > number,
        "<=": lambda v: v <= number,
        ">=": lambda v: v >= number,
        "==": lambda v: v == number,
        "!=": lambda v: v != number,
    }
    return checks[op]
