r"""Required literals: a cheap test that proves a pattern cannot match a text.

Most style rules look for words ("guaranteed", "click here", ``game[- ]changer``) that are
absent from most drafts. :func:`required_literals` reads a pattern's source and returns a set
of plain strings such that every match of the pattern, case-insensitive or not, contains one
of them once the text is put through ``fold`` (``composer.core.text.folding``). When none
of them occurs in the folded text the pattern has no match there, so the rule can be
skipped without running it: a substring test costs a fraction of a regex scan.

The reader is deliberately conservative: anything it does not fully understand (character
classes, escapes such as ``\\d``, backreferences, lookarounds, non-ASCII characters) counts
as "unknown", which only ever shortens a literal, and constructs that could change what the
rest of the pattern means (verbose mode, version 1 flags, conditionals, recursion) make it
give up and return ``None``: the rule then always runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import regex

_QUANTIFIER = re.compile(r"\{(\d*)(?:,(\d*))?\}")
# Inline flags that do not change what a literal character matches beyond case.
_HARMLESS_FLAGS = frozenset("aimsuL-")
_FLAGS = re.compile(r"\(\?([a-zA-Z0-9-]*)([:)])")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


class _GiveUp(Exception):  # noqa: N818 - internal control flow
    """The pattern uses something the reader does not handle."""


@dataclass(slots=True)
class _Branch:
    """One branch of an alternation: the candidate literal sets found so far.

    Consecutive plain characters make a run (one candidate); a group's literals become a
    candidate once it is known that no quantifier makes the group optional.
    """

    candidates: list[frozenset[str]] = field(default_factory=list)
    run: list[str] = field(default_factory=list)
    pending: frozenset[str] | None = None
    last: str = ""

    def _commit(self) -> None:
        if self.pending is not None:
            self.candidates.append(self.pending)
            self.pending = None

    def _close_run(self) -> None:
        if self.run:
            self.candidates.append(frozenset({"".join(self.run)}))
            self.run = []

    def add_literal(self, char: str) -> None:
        """A character that every match contains at this point."""
        self._commit()
        self.run.append(char.lower())
        self.last = "literal"

    def add_other(self) -> None:
        """Anything else: a class, an escape, an assertion (ends the run)."""
        self._commit()
        self._close_run()
        self.last = "other"

    def add_group(self, literals: frozenset[str] | None) -> None:
        """A group whose every match contains one of ``literals`` (``None``: unknown)."""
        self._commit()
        self._close_run()
        self.pending = literals
        self.last = "group"

    def quantify(self, minimum: int) -> None:
        """Apply a quantifier with that minimum count to the last item."""
        if self.last == "literal":
            if minimum == 0:
                self.run.pop()
            self._close_run()
        elif self.last == "group" and minimum == 0:
            self.pending = None
        self.last = "other"

    def finish(self) -> frozenset[str] | None:
        """The best candidate: the set whose shortest literal is longest."""
        self._commit()
        self._close_run()
        best: frozenset[str] | None = None
        for candidate in self.candidates:
            if best is None or _score(candidate) > _score(best):
                best = candidate
        return best


def _score(literals: frozenset[str]) -> tuple[int, int, int]:
    """Longer literals, fewer of them, then fewer spaces and letters: rarer in text."""
    common = sum(1 for s in literals for c in s if c == " " or c.isalnum())
    return (min(len(s) for s in literals), -len(literals), -common)


class _Reader:
    """A recursive-descent reader of ``regex`` (version 0) syntax, conservative throughout."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.source[index] if index < len(self.source) else ""

    def alternation(self) -> frozenset[str] | None:
        """Read branches up to a closing parenthesis or the end; their literals' union."""
        branches: list[frozenset[str] | None] = []
        branch = _Branch()
        while self.pos < len(self.source):
            char = self.source[self.pos]
            if char == ")":
                break
            if char == "|":
                self.pos += 1
                branches.append(branch.finish())
                branch = _Branch()
                continue
            self.item(branch)
        branches.append(branch.finish())
        if any(b is None for b in branches):
            return None
        union = frozenset().union(*(b for b in branches if b is not None))
        return None if not union or "" in union else union

    def item(self, branch: _Branch) -> None:
        """Read one item (and a quantifier after it) into ``branch``."""
        char = self.source[self.pos]
        if char == "\\":
            self.escape(branch)
        elif char == "[":
            self.skip_class()
            branch.add_other()
        elif char == "(":
            self.group(branch)
        elif char in ".^$":
            self.pos += 1
            branch.add_other()
        elif char in "*+?{":
            # A quantifier with nothing before it, a fuzzy-matching constraint ("{e<=1}")
            # or a literal brace: not worth telling apart.
            raise _GiveUp
        else:
            self.pos += 1
            if char.isascii():
                branch.add_literal(char)
            else:
                branch.add_other()
        self.quantifier(branch)

    def quantifier(self, branch: _Branch) -> None:
        char = self.peek()
        minimum: int | None = None
        if char in ("*", "?"):
            minimum = 0
            self.pos += 1
        elif char == "+":
            minimum = 1
            self.pos += 1
        elif char == "{":
            match = _QUANTIFIER.match(self.source, self.pos)
            if match is None:
                return
            minimum = int(match.group(1) or 0)
            self.pos = match.end()
        if minimum is None:
            return
        if self.peek() in ("?", "+"):  # lazy or possessive
            self.pos += 1
        if self.peek() in ("*", "+", "?") or (
            self.peek() == "{" and _QUANTIFIER.match(self.source, self.pos)
        ):
            raise _GiveUp
        branch.quantify(minimum)

    def escape(self, branch: _Branch) -> None:  # noqa: PLR0912 - one branch per escape kind
        self.pos += 1
        char = self.peek()
        if not char:
            raise _GiveUp
        self.pos += 1
        if char.isdigit():
            while self.peek().isdigit():
                self.pos += 1
            branch.add_other()
        elif char in "pPN":
            if self.peek() == "{":
                self.skip_to("}")
            elif self.peek() == "^":
                self.pos += 2
            else:
                self.pos += 1
            branch.add_other()
        elif char == "x":
            if self.peek() == "{":
                self.skip_to("}")
            else:
                self.skip_hex(2)
            branch.add_other()
        elif char in "uU":
            self.skip_hex(4 if char == "u" else 8)
            branch.add_other()
        elif char in "gL":
            if self.peek() == "<":
                self.skip_to(">")
            branch.add_other()
        elif char.isascii() and not char.isalnum() and char not in " #":
            branch.add_literal(char)
        else:
            # \b \d \w \s \n \t, an escaped space or hash (verbose-mode forms), anything else.
            branch.add_other()

    def skip_hex(self, count: int) -> None:
        for _ in range(count):
            if self.peek() in _HEX_DIGITS and self.peek():
                self.pos += 1

    def skip_to(self, closing: str) -> None:
        end = self.source.find(closing, self.pos)
        if end < 0:
            raise _GiveUp
        self.pos = end + 1

    def skip_class(self) -> None:
        """Skip ``[...]`` (a leading ``]`` or ``^]`` is a member; ``[:name:]`` is a POSIX class)."""
        self.pos += 1
        if self.peek() == "^":
            self.pos += 1
        if self.peek() == "]":
            self.pos += 1
        while True:
            char = self.peek()
            if not char:
                raise _GiveUp
            if char == "\\":
                self.pos += 2
            elif char == "[":
                if self.peek(1) != ":":
                    raise _GiveUp  # a nested set (version 1 syntax)
                self.skip_to(":]")
                self.pos += 1
            elif char == "]":
                self.pos += 1
                return
            else:
                self.pos += 1

    def group(self, branch: _Branch) -> None:
        self.pos += 1
        if self.peek() != "?":
            branch.add_group(self.group_body())
            return
        rest = self.source[self.pos + 1 : self.pos + 3]
        if rest[:1] == ":" or rest[:1] == ">":
            self.pos += 2
            branch.add_group(self.group_body())
        elif rest[:1] in ("=", "!") or rest in ("<=", "<!"):
            self.pos += 1 + (1 if rest[:1] in ("=", "!") else 2)
            self.group_body()
            branch.add_other()
        elif rest[:1] == "#":
            self.skip_to(")")
            branch.add_other()
        elif (rest[:1] == "P" and self.peek(2) == "<") or rest[:1] == "<":
            self.skip_to(">")
            branch.add_group(self.group_body())
        elif rest[:1] == "P" and self.peek(2) == "=":
            self.skip_to(")")
            branch.add_other()
        else:
            match = _FLAGS.match(self.source, self.pos - 1)
            if match is None or not set(match.group(1)) <= _HARMLESS_FLAGS:
                raise _GiveUp  # conditionals, recursion, verbose or version flags...
            self.pos = match.end()
            if match.group(2) == ":":
                branch.add_group(self.group_body())
            else:
                branch.add_other()

    def group_body(self) -> frozenset[str] | None:
        literals = self.alternation()
        if self.peek() != ")":
            raise _GiveUp
        self.pos += 1
        return literals


#: What :func:`required_literals` and :func:`starts_nonblank` answered, taught by
#: :func:`learn_pattern_facts` (a cache of loaded guides keeps them between runs).
_TAUGHT_LITERALS: dict[str, frozenset[str] | None] = {}
_TAUGHT_NONBLANK: dict[str, bool] = {}
#: Taught answers kept at most (a few big guides' rules).
_TAUGHT_LIMIT = 4096


def pattern_facts(patterns: Iterable[str]) -> dict[str, tuple[frozenset[str] | None, bool]]:
    """``required_literals`` and ``starts_nonblank`` of each pattern: plain, storable data."""
    return {p: (required_literals(p), starts_nonblank(p)) for p in patterns}


def learn_pattern_facts(facts: Mapping[str, tuple[frozenset[str] | None, bool]]) -> None:
    """Take answers :func:`pattern_facts` gave (in another process) as known.

    Reading a big rule's alternation takes a while; a cache of loaded guides stores what
    was read with the guide, so a later run does not read the patterns again. The answers
    are a function of the pattern alone (and of this module: the cache is keyed by the
    app's code), so they are the same as computing them here.
    """
    for pattern, (literals, nonblank) in facts.items():
        if len(_TAUGHT_LITERALS) >= _TAUGHT_LIMIT:
            return
        _TAUGHT_LITERALS[pattern] = literals
        _TAUGHT_NONBLANK[pattern] = nonblank


def forget_pattern_facts() -> None:
    """Forget taught and computed answers (for tests and benchmarks)."""
    _TAUGHT_LITERALS.clear()
    _TAUGHT_NONBLANK.clear()
    _required_literals.cache_clear()
    _starts_nonblank.cache_clear()


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case ASCII strings of which every match of ``pattern`` contains one.

    "Contains" is after ``fold``, so the answer holds with and without ignorecase.
    ``None`` when no such set is known (the pattern must then always be run). Kept per
    pattern for the process: a rule is compiled when its guide is read and again by each
    ``Checker``, and a big rule's alternation takes a while to read.
    """
    try:
        return _TAUGHT_LITERALS[pattern]
    except KeyError:
        return _required_literals(pattern)


@lru_cache(maxsize=1024)
def _required_literals(pattern: str) -> frozenset[str] | None:
    if "(?" in pattern and _verbose_or_v1(pattern):
        return None
    reader = _Reader(pattern)
    try:
        literals = reader.alternation()
    except _GiveUp:
        return None
    if reader.pos != len(pattern) or literals is None:
        return None  # an unbalanced ")", or nothing required
    return _minimal(literals)


def _minimal(literals: frozenset[str]) -> frozenset[str]:
    """The literals that contain no other one: finding the shorter one is enough.

    A literal is dropped when another literal occurs in it. With many literals, looking up
    each of its (few) substrings is much faster than testing every other literal.
    """
    if "" in literals:
        return frozenset({""})  # the empty string occurs in every other literal
    size = len(literals)
    kept = []
    for s in literals:
        n = len(s)
        if n * (n + 1) // 2 < size:
            contained = any(
                s[i:j] in literals for i in range(n) for j in range(i + 1, n + 1) if j - i < n
            )
        else:
            contained = any(o != s and o in s for o in literals)
        if not contained:
            kept.append(s)
    return frozenset(kept)


def _verbose_or_v1(pattern: str) -> bool:
    """Whether an inline flag anywhere could turn on verbose mode or version 1 matching."""
    return any(
        set(flags) - _HARMLESS_FLAGS for flags, _ in _FLAGS.findall(pattern) if flags
    ) or bool(re.search(r"\(\?[^:)]*[xVf]", pattern))


def any_present(literals: frozenset[str] | tuple[str, ...], folded: str) -> bool:
    """Whether one of ``literals`` occurs in the folded text."""
    # A plain loop: any() over a generator costs more than the substring tests it runs.
    for literal in literals:  # noqa: SIM110
        if literal in folded:
            return True
    return False


def starts_nonblank(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts with a character other than space or newline.

    Such a pattern can only match where an entity-scope view keeps text (the rest of that
    view is spaces and newlines), so only those places need trying. Conservative: ``False``
    whenever the pattern's start is not fully understood.
    """
    try:
        return _TAUGHT_NONBLANK[pattern]
    except KeyError:
        return _starts_nonblank(pattern)


@lru_cache(maxsize=1024)
def _starts_nonblank(pattern: str) -> bool:
    if "(?" in pattern and _verbose_or_v1(pattern):
        return False
    try:
        reader = _StartReader(pattern)
        result = reader.alternation()
    except _GiveUp:
        return False
    return result and reader.pos == len(pattern)


_BLANKS = (" ", "\n")
_NOT_SPACE_AHEAD = ("(?!\\s)", "(?=\\S)", "(?=[^\\s])")


def _blank_free(source: str) -> bool:
    """Whether the one-character pattern ``source`` can match neither a space nor a newline.

    ``source`` is a class or an escape; ignoring case or not changes nothing here.
    """
    try:
        compiled = regex.compile(source, regex.VERSION0 | regex.IGNORECASE)
    except regex.error:
        return False
    return not any(compiled.fullmatch(blank) for blank in _BLANKS)


class _StartReader(_Reader):
    """Reads only as far as each branch's first character (see :func:`starts_nonblank`)."""

    def alternation(self) -> bool:  # type: ignore[override]
        """Whether every branch up to the next ``)`` starts with a non-blank character."""
        ok = True
        while True:
            ok = self.branch() and ok
            if self.peek() != "|":
                return ok
            self.pos += 1

    def branch(self) -> bool:
        """Read one branch to its end; whether its first character is non-blank."""
        decided: bool | None = None
        ahead = False  # a "(?!\s)" just before: the next character is not a space
        while self.pos < len(self.source) and self.peek() not in "|)":
            if decided is not None:
                self.skip_item()
                continue
            start = self.pos
            for lookahead in _NOT_SPACE_AHEAD:
                if self.source.startswith(lookahead, self.pos):
                    self.pos += len(lookahead)
                    ahead = True
                    break
            else:
                kind = self.first_item()
                minimum = self.read_quantifier()
                if kind == "zero-width":
                    if minimum is not None:
                        decided = False
                    continue
                if minimum == 0:
                    decided = False
                    continue
                decided = kind == "nonblank" or (ahead and kind == "char")
                if self.pos == start:
                    raise _GiveUp
        return bool(decided)

    def first_item(self) -> str:  # noqa: PLR0911 - one answer per kind of item
        """Read one item and say what it is: ``nonblank``, ``char``, ``zero-width``, ``other``.

        ``nonblank`` consumes a character that is neither a space nor a newline; ``char``
        consumes one character of any kind; ``other`` is anything else that consumes.
        """
        char = self.source[self.pos]
        if char == "\\":
            start = self.pos
            code = self.peek(1)
            if code and code in "bBAZG":
                self.pos += 2
                return "zero-width"
            self.escape(_Branch())
            source = self.source[start : self.pos]
            if code.isdigit() or code in "gLN":
                return "other"
            return "nonblank" if _blank_free(source) else "char"
        if char == "[":
            start = self.pos
            self.skip_class()
            return "nonblank" if _blank_free(self.source[start : self.pos]) else "char"
        if char in "^$":
            self.pos += 1
            return "zero-width"
        if char == ".":
            self.pos += 1
            return "char"
        if char == "(":
            return self.group_start()
        if char in "*+?{":
            raise _GiveUp
        self.pos += 1
        return "char" if char in _BLANKS or not char.strip() else "nonblank"

    def group_start(self) -> str:
        rest = self.source[self.pos + 1 : self.pos + 4]
        if rest.startswith(("?=", "?!", "?<=", "?<!", "?#")):
            self.skip_group()
            return "zero-width"
        if rest.startswith("?") and not rest.startswith(("?:", "?P<", "?<", "?>")):
            match = _FLAGS.match(self.source, self.pos)
            if match is None or not set(match.group(1)) <= _HARMLESS_FLAGS:
                raise _GiveUp
            if match.group(2) == ")":
                self.pos = match.end()
                return "zero-width"
            self.pos = match.end()
        elif rest.startswith(("?P<", "?<")):
            self.skip_to(">")
        elif rest.startswith(("?:", "?>")):
            self.pos += 3
        else:
            self.pos += 1
        inner = self.alternation()
        if self.peek() != ")":
            raise _GiveUp
        self.pos += 1
        return "nonblank" if inner else "other"

    def skip_group(self) -> None:
        depth = 0
        while self.pos < len(self.source):
            char = self.source[self.pos]
            if char == "\\":
                self.pos += 2
                continue
            if char == "[":
                self.skip_class()
                continue
            self.pos += 1
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return
        raise _GiveUp

    def skip_item(self) -> None:
        """Skip one item after the branch's first character is decided."""
        self.first_item()
        self.read_quantifier()

    def read_quantifier(self) -> int | None:
        char = self.peek()
        minimum: int | None = None
        if char in ("*", "?"):
            minimum = 0
            self.pos += 1
        elif char == "+":
            minimum = 1
            self.pos += 1
        elif char == "{":
            match = _QUANTIFIER.match(self.source, self.pos)
            if match is None:
                raise _GiveUp
            minimum = int(match.group(1) or 0)
            self.pos = match.end()
        if minimum is not None and self.peek() in ("?", "+"):
            self.pos += 1
        return minimum
