"""Rule patterns compiled once per process, kept by their source.

A guide's rules are compiled when the guide is read (to report what does not compile) and
again by every ``Checker`` built from it, and the window builds a new one on each guide
reload. A rule that joins hundreds of tokens into one alternation takes tens of
milliseconds to compile with ``regex``; keeping the compiled pattern by its source makes
every later compile of the same rule free. Compiled patterns are immutable and safe to
share between checkers and threads.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from composer.core.rules.base import compile_pattern

#: Big alternations of a few guides' rules; older entries are dropped first.
_KEPT = 512


@lru_cache(maxsize=_KEPT)
def rule_pattern(source: str) -> regex.Pattern[str]:
    """``compile_pattern(source)``, compiled once and then reused.

    Raises:
        regex.error: the source does not compile (never kept).
    """
    return compile_pattern(source)
