"""Back from a crisis: which queued posts go back to review before the queues run again.

After Pause All, a post approved before the crisis may now be tone-deaf. Resuming re-checks
every queued post (evergreen re-posts included) with the one assessment of every face
(:func:`composer.core.assessment.assess`) against the *current* guide, plus a crisis word
list given at resume time (the incident's names and places): an existence-like check built
here. A post goes back to review when the re-check finds

* a crisis word or phrase (always: nobody accepted it),
* an error-level finding, or
* a warning whose rule did not warn when the post was approved (the reviewer accepted the
  warnings they saw, with a reason; a new one is news to them).

Spelling and grammar findings come from a service and are not re-run here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from composer.core.assessment import assess
from composer.core.checker import Checker
from composer.core.findings import Finding, Level, Source, sort_findings

#: The rule id of a crisis word found in a post.
CRISIS_RULE = "Composer.CrisisWords"
#: Most crisis words or phrases taken from one list (a list is a few names and places).
MAX_CRISIS_WORDS = 2_000
#: Longest crisis word or phrase, in characters.
MAX_CRISIS_WORD_LENGTH = 200


class CrisisWordsError(ValueError):
    """A crisis word list that cannot be used (too long, a word too long)."""


def parse_crisis_words(text: str) -> tuple[str, ...]:
    """The words and phrases of a crisis list: one per line (or comma-separated).

    Blank lines and lines starting with ``#`` are skipped; surrounding spaces are dropped and
    inner runs of spaces become one; a word repeated (ignoring case) is kept once.

    Raises:
        CrisisWordsError: more than :data:`MAX_CRISIS_WORDS` entries, or one longer than
            :data:`MAX_CRISIS_WORD_LENGTH` characters.
    """
    words: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("#"):
            continue
        for piece in line.split(","):
            word = " ".join(piece.split())
            if not word:
                continue
            if len(word) > MAX_CRISIS_WORD_LENGTH:
                raise CrisisWordsError(
                    f"line {number}: a crisis word or phrase is at most "
                    f"{MAX_CRISIS_WORD_LENGTH} characters"
                )
            key = word.casefold()
            if key in seen:
                continue
            seen.add(key)
            words.append(word)
            if len(words) > MAX_CRISIS_WORDS:
                raise CrisisWordsError(
                    f"line {number}: a crisis list holds at most {MAX_CRISIS_WORDS} words"
                )
    return tuple(words)


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    # Longest first, so "Main Street" wins over "Main"; a phrase matches across any spaces.
    alternatives = sorted(
        (r"\s+".join(re.escape(part) for part in w.split()) for w in words),
        key=len,
        reverse=True,
    )
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def crisis_findings(text: str, words: Sequence[str]) -> tuple[Finding, ...]:
    """One error finding per crisis word or phrase in ``text`` (whole words, any case).

    Every place the word shows is one of the finding's spans.
    """
    pattern = _pattern(words)
    if pattern is None:
        return ()
    found: dict[str, list[tuple[int, int]]] = {}
    shown: dict[str, str] = {}
    for match in pattern.finditer(text):
        key = " ".join(match.group(0).split()).casefold()
        found.setdefault(key, []).append((match.start(), match.end()))
        shown.setdefault(key, match.group(0))
    return sort_findings(
        [
            Finding(
                rule=CRISIS_RULE,
                level=Level.ERROR,
                message=f"'{' '.join(shown[key].split())}' is on the crisis word list",
                start=spans[0][0],
                end=spans[0][1],
                source=Source.STYLE,
                description="Written before the crisis: read it again before it goes out.",
                spans=tuple(spans),
            )
            for key, spans in found.items()
        ]
    )


def recheck(
    checker: Checker,
    text: str,
    account: str,
    *,
    crisis_words: Sequence[str] = (),
    accepted: Iterable[Finding] = (),
) -> tuple[Finding, ...]:
    """The findings that send a queued post back to review (empty: it may go out).

    Args:
        checker: The current guide, compiled.
        text: The post (or thread) as approved.
        account: Its account handle.
        crisis_words: The crisis list given at resume time.
        accepted: The findings its approved version had (warnings a reviewer accepted).
    """
    report = assess(checker, text, account)
    known = {f.rule for f in accepted if f.level is Level.WARNING}
    new = [
        f
        for f in report.findings
        if f.level is Level.ERROR or (f.level is Level.WARNING and f.rule not in known)
    ]
    return sort_findings([*crisis_findings(text, crisis_words), *new])


def reason(findings: Sequence[Finding]) -> str:
    """One sentence saying why a post went back to review."""
    listed = "; ".join(f"{f.rule}: {f.message}" for f in findings[:5])
    more = f" (and {len(findings) - 5} more)" if len(findings) > 5 else ""
    return f"re-checked on resume after the crisis pause: {listed}{more}"


@dataclass(frozen=True, slots=True)
class Recheck:
    """A re-check of queued posts: the current guide and the crisis words.

    Calling it with a post's text, account and accepted findings answers the reason it goes
    back to review, or ``""`` when it may go out.
    """

    checker: Checker
    crisis_words: tuple[str, ...] = ()

    def __call__(self, text: str, account: str, accepted: Sequence[Finding]) -> str:
        """Why the post goes back to review (``""``: it may go out)."""
        findings = recheck(
            self.checker, text, account, crisis_words=self.crisis_words, accepted=accepted
        )
        return reason(findings) if findings else ""


#: What the store calls for each queued post: ``(text, account, accepted findings) -> reason``.
Judge = Callable[[str, str, Sequence[Finding]], str]

__all__ = [
    "CRISIS_RULE",
    "MAX_CRISIS_WORDS",
    "CrisisWordsError",
    "Judge",
    "Recheck",
    "crisis_findings",
    "parse_crisis_words",
    "reason",
    "recheck",
]
