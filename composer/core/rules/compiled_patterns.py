"""Rule patterns compiled once per process, kept by their source; many checked at once.

A guide's rules are compiled when the guide is read (to report what does not compile) and
again by every ``Checker`` built from it, and the window builds a new one on each guide
reload. A rule that joins hundreds of tokens into one alternation takes tens of
milliseconds to compile with ``regex``; keeping the compiled pattern by its source makes
every later compile of the same rule free. Compiled patterns are immutable and safe to
share between checkers and threads.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, cast

import regex

from composer.core.rules.base import FieldError, check_pattern, compile_pattern, scoped_flags
from composer.core.rules.pattern_limits import (
    PatternCost,
    PatternTooBig,
    check_cost,
    measure_pattern,
)
from composer.core.rules.pattern_syntax import surely_compiles

#: Big alternations of a few guides' rules; older entries are dropped first.
_KEPT = 512


#: Whether :func:`rule_pattern` defers compiling (see :func:`lazy_patterns`).
_LAZY: ContextVar[bool] = ContextVar("lazy_rule_patterns", default=False)
#: Whether :func:`rule_pattern` defers compiling patterns sure to compile (see
#: :func:`validating_patterns`).
_VALIDATING: ContextVar[bool] = ContextVar("validating_rule_patterns", default=False)


#: Patterns compiled in another process and taught by :func:`learn_patterns`, by source.
_TAUGHT: dict[str, regex.Pattern[str]] = {}


def _kept_pattern(source: str) -> regex.Pattern[str]:
    taught = _TAUGHT.get(source)
    if taught is not None:
        return taught
    return _compiled(source)


@lru_cache(maxsize=_KEPT)
def _compiled(source: str) -> regex.Pattern[str]:
    return compile_pattern(source)


def compiled_rule_patterns(sources: Iterable[str]) -> dict[str, regex.Pattern[str]]:
    """Each of ``sources`` compiled as :func:`rule_pattern` compiles it (now, not lazily).

    ``regex`` pickles a compiled pattern as its compiled program (the parse is not done
    again when it is read back), so a cache of loaded guides can keep these.
    """
    return {source: _kept_pattern(source) for source in sources}


def learn_patterns(patterns: Mapping[str, regex.Pattern[str]]) -> None:
    """Take patterns :func:`compiled_rule_patterns` gave (in another process) as compiled.

    Each must be a ``regex`` pattern of exactly that source and the flags every rule uses;
    anything else is left out (and compiled when first needed, as usual).
    """
    for source, pattern in patterns.items():
        if len(_TAUGHT) >= _KEPT:
            return
        if (
            isinstance(pattern, regex.Pattern)
            and pattern.pattern == scoped_flags(source)
            and pattern.flags & regex.VERSION0
        ):
            _TAUGHT[source] = pattern


class LazyPattern:
    """A rule's pattern compiled when it is first used (then as :func:`rule_pattern`).

    Stands for the ``regex.Pattern`` it becomes: every attribute (``finditer``, ``search``,
    ``pattern``...) is the compiled pattern's. Compiling twice from two threads at once
    gives equal patterns, and a lock keeps it to once.
    """

    __slots__ = ("_compiled", "_lock", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: regex.Pattern[str] | None = None
        self._lock = threading.Lock()

    @property
    def compiled(self) -> bool:
        """Whether the pattern has been compiled yet."""
        return self._compiled is not None

    def force(self) -> regex.Pattern[str]:
        """The compiled pattern (compiled now if it was not yet)."""
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                compiled = self._compiled
                if compiled is None:
                    compiled = self._compiled = _kept_pattern(self.source)
        return compiled

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - any attribute of the pattern
        return getattr(self.force(), name)

    def __repr__(self) -> str:
        state = "compiled" if self._compiled is not None else "not compiled yet"
        return f"LazyPattern({self.source[:40]!r}..., {state})"


def rule_pattern(source: str) -> regex.Pattern[str]:
    """``compile_pattern(source)``, compiled once and then reused.

    Inside :func:`lazy_patterns` the compile waits until the pattern is first used (a
    :class:`LazyPattern`); a rule whose required words never appear in a draft is then never
    compiled at all. The guide loader compiles eagerly, which is what validates a guide.

    Raises:
        regex.error: the source does not compile (never kept); when lazy, on first use.
    """
    if _LAZY.get() or (_VALIDATING.get() and surely_compiles(scoped_flags(source))):
        return cast("regex.Pattern[str]", LazyPattern(source))
    return _kept_pattern(source)


@contextlib.contextmanager
def validating_patterns() -> Iterator[None]:
    """Within this block, :func:`rule_pattern` compiles only what it cannot tell will compile.

    For compiling a rule to validate it: a pattern :func:`surely_compiles` accepts is not
    compiled (it is when first used); any other is compiled, and an error raised, as always.
    """
    token = _VALIDATING.set(True)
    try:
        yield
    finally:
        _VALIDATING.reset(token)


def clear_kept_patterns() -> None:
    """Forget the patterns kept by their source, or taught (for tests and benchmarks)."""
    _compiled.cache_clear()
    _TAUGHT.clear()


@contextlib.contextmanager
def lazy_patterns(*, enabled: bool = True) -> Iterator[None]:
    """Within this block, :func:`rule_pattern` defers compiling to first use."""
    token = _LAZY.set(enabled)
    try:
        yield
    finally:
        _LAZY.reset(token)


# Escapes that stand for one character or a position and never refer to anything else in
# the pattern (a digit, \g, \k or \N could refer to a group or read a braced name).
_PLAIN_ESCAPES = frozenset("bBdDsSwWAZntrfv")


def _escape_ok(pattern: str, index: int) -> bool:
    """Whether the escape at ``index`` (a backslash) is complete and refers to nothing."""
    if index + 1 >= len(pattern):
        return False
    following = pattern[index + 1]
    return not following.isalnum() or following in _PLAIN_ESCAPES


def _class_end(pattern: str, index: int) -> int | None:
    """The index after the class opened at ``index``; ``None`` when it is not a plain one."""
    size = len(pattern)
    index += 1
    if index < size and pattern[index] == "^":
        index += 1
    if index < size and pattern[index] == "]":
        index += 1
    while index < size and pattern[index] != "]":
        if pattern[index] == "[":
            return None  # a nested set or a POSIX class
        if pattern[index] == "\\":
            if not _escape_ok(pattern, index):
                return None
            index += 1
        index += 1
    return index + 1 if index < size else None


def _self_contained(pattern: str) -> bool:
    r"""Whether ``pattern`` is sure to parse on its own exactly as it does inside a group.

    Conservative: literal characters, escapes of punctuation and of character kinds,
    classes without nested brackets, quantifiers, ``|``, and plain or non-capturing
    groups (``(?:``, ``(?i:``) that balance. Anything else (back-references, named groups,
    lookarounds, inline global flags, verbose mode, ``\Q``) answers ``False``.
    """
    depth = 0
    index = 0
    size = len(pattern)
    while index < size:
        char = pattern[index]
        if char == "\\":
            if not _escape_ok(pattern, index):
                return False
            index += 2
            continue
        if char == "[":
            end = _class_end(pattern, index)
            if end is None:
                return False
            index = end
            continue
        if char == "(":
            if pattern.startswith("(?", index):
                index += 2
                while index < size and pattern[index] in "ims":
                    index += 1
                if index >= size or pattern[index] != ":":
                    return False
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return False
        index += 1
    return depth == 0


def check_patterns(patterns: tuple[str, ...]) -> None:
    """``check_pattern`` on each of ``patterns``, as one compile when that is sure to agree.

    Compiling thousands of tokens one by one is most of the time it takes to read a big
    style package. A pattern :func:`surely_compiles` accepts is only measured. The others,
    when every one is self-contained (see :func:`_self_contained`) and all are within the
    limits alone and together, are compiled as one alternation, which compiles exactly when
    each compiles alone. Otherwise, or when that alternation does not compile, each pattern
    is checked on its own, so the problem reported is the same one, at the same pattern.

    Raises:
        FieldError: as ``check_pattern`` raises it for the first pattern with a problem.
    """
    sure = [surely_compiles(scoped_flags(p)) for p in patterns]
    unsure = [p for p, known in zip(patterns, sure, strict=True) if not known]
    if (len(unsure) < len(patterns) or len(patterns) > 1) and _valid_together(patterns, unsure):
        return
    # One at a time, in order, so the problem reported is the first one, worded as
    # ``check_pattern`` words it; a pattern sure to compile can only be too big.
    for pattern, known in zip(patterns, sure, strict=True):
        if known:
            try:
                measure_pattern(pattern)
            except PatternTooBig as exc:
                raise FieldError(str(exc)) from None
        else:
            check_pattern(pattern)


def _valid_together(patterns: tuple[str, ...], unsure: list[str]) -> bool:
    """Whether every one of ``patterns`` is sure to pass ``check_pattern``.

    True when all are within the limits alone and together, and ``unsure`` (those
    :func:`surely_compiles` does not accept) are self-contained and compile as one
    alternation.
    """
    if not all(_self_contained(p) for p in unsure):
        return False
    try:
        total = sum((measure_pattern(p) for p in patterns), PatternCost())
        check_cost(total, "the patterns together")
        if unsure:
            regex.compile("|".join(f"(?:{scoped_flags(p)})" for p in unsure), regex.VERSION0)
    except (PatternTooBig, regex.error, RecursionError, OverflowError):
        return False
    return True
