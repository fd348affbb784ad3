"""Which of many literal sets have a member in a text, found in one pass (Aho-Corasick).

A rule runs only when the folded draft holds one of its required literals (its *gate*, see
:mod:`composer.core.rules.literals`). Testing a gate is one substring search per literal,
which is cheap for the handful of words most rules need and not for the hundreds a rule
from a big style package has: with 150 such rules that testing alone took about 10 ms a
draft. This index reads the text once, whatever the number of gates and literals, and
answers for all of them at the same time.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Sequence

#: An index as plain data (see :meth:`LiteralIndex.state`): storable, and rebuilt at once.
IndexState = tuple[list[dict[str, int]], list[int], list[int], int]


class LiteralIndex:
    """An automaton over the literals of ``sets``; :meth:`present` says which sets occur.

    Args:
        sets: Literal sets; set ``i`` is bit ``i`` of the answer.
    """

    __slots__ = ("_always", "_fail", "_goto", "_out")

    def __init__(self, sets: Sequence[frozenset[str]]) -> None:
        goto: list[dict[str, int]] = [{}]
        out: list[int] = [0]
        always = 0
        for bit, literals in enumerate(sets):
            for literal in literals:
                if not literal:
                    always |= 1 << bit  # the empty string is in every text
                    continue
                node = 0
                for char in literal:
                    following = goto[node].get(char)
                    if following is None:
                        following = len(goto)
                        goto[node][char] = following
                        goto.append({})
                        out.append(0)
                    node = following
                out[node] |= 1 << bit
        fail = [0] * len(goto)
        # Breadth first: a node's fallback is the longest proper suffix of its path that
        # is also a path, and it inherits the sets that end there.
        queue = deque(goto[0].values())
        while queue:
            node = queue.popleft()
            for char, child in goto[node].items():
                queue.append(child)
                back = fail[node]
                while back and char not in goto[back]:
                    back = fail[back]
                fail[child] = goto[back].get(char, 0)
                out[child] |= out[fail[child]]
        self._goto = goto
        self._fail = fail
        self._out = out
        self._always = always

    def present(self, text: str) -> int:
        """Bit ``i`` is set when a literal of set ``i`` occurs in ``text``."""
        goto = self._goto
        fail = self._fail
        out = self._out
        found = self._always
        node = 0
        for char in text:
            while node and char not in goto[node]:
                node = fail[node]
            node = goto[node].get(char, 0)
            found |= out[node]
        return found

    def state(self) -> IndexState:
        """The automaton as plain data; :meth:`from_state` makes the same index of it."""
        return (self._goto, self._fail, self._out, self._always)

    @classmethod
    def from_state(cls, state: IndexState) -> LiteralIndex:
        """The index whose :meth:`state` was ``state``."""
        index = cls.__new__(cls)
        index._goto, index._fail, index._out, index._always = state
        return index


def sets_key(sets: Sequence[frozenset[str]]) -> str:
    """A digest naming ``sets`` (in order), the same in every process."""
    digest = hashlib.sha256()
    for literals in sets:
        digest.update("\0".join(sorted(literals)).encode("utf-8", "surrogatepass"))
        digest.update(b"\1")
    return digest.hexdigest()


#: Indexes built or learned in this process, by :func:`sets_key` (a few guides' worth).
_KNOWN: dict[str, LiteralIndex] = {}
_KNOWN_LIMIT = 8


def index_for(sets: Sequence[frozenset[str]]) -> tuple[str, LiteralIndex]:
    """The index of ``sets`` and its key: built once per process, or learned."""
    key = sets_key(sets)
    index = _KNOWN.get(key)
    if index is None:
        index = LiteralIndex(sets)
        _remember(key, index)
    return key, index


def learn_index(key: str, state: IndexState) -> None:
    """Take an index built in another process (its :func:`sets_key` and state) as known."""
    _remember(key, LiteralIndex.from_state(state))


def forget_indexes() -> None:
    """Forget the indexes built or learned (for tests and benchmarks)."""
    _KNOWN.clear()


def _remember(key: str, index: LiteralIndex) -> None:
    if len(_KNOWN) >= _KNOWN_LIMIT:
        _KNOWN.pop(next(iter(_KNOWN)))
    _KNOWN[key] = index
