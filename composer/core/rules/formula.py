"""A tiny arithmetic expression parser for ``metric`` formulas (no ``eval``).

Grammar: ``expr := term (('+'|'-') term)*``, ``term := unary (('*'|'/'|'%') unary)*``,
``unary := '-' unary | atom``, ``atom := NUMBER | NAME | '(' expr ')'``. Division by zero
gives 0, as a metric over an empty text has nothing to report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?|\.\d+)|([A-Za-z_][A-Za-z0-9_]*)|(.))")
_CONDITION = re.compile(r"^\s*(<=|>=|==|!=|<|>)\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*$")

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
            if m.group(3) not in "+-*/%()":
                raise FormulaError(f"unexpected {m.group(3)!r} in formula {source!r}")
            out.append(_Tok("op", m.group(3)))
    out.append(_Tok("end", ""))
    return out


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
        if tok.kind == "name":
            if tok.text not in variables:
                known = ", ".join(sorted(variables))
                raise FormulaError(f"unknown variable {tok.text!r} in formula (known: {known})")
            name = tok.text
            return lambda env: float(env.get(name, 0.0))
        if tok.kind == "op" and tok.text == "(":
            inner = expr()
            if take().text != ")":
                raise FormulaError(f"missing ')' in formula {source!r}")
            return inner
        raise FormulaError(f"unexpected {tok.text or 'end'!r} in formula {source!r}")

    result = expr()
    if peek().kind != "end":
        raise FormulaError(f"unexpected {peek().text!r} in formula {source!r}")
    return result


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
