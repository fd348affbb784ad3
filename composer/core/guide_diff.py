"""What would this guide flag? Past posts judged by the current guide and a new one (issue 18).

A post's *verdict* under a guide is what its findings would do to it today: ``blocked`` (an
error-level finding: it could not be submitted), ``warned`` (warnings only: a reason is
needed) or ``clear``. :func:`judge_post` runs both guides' checks (the one assessment every
face uses, :func:`composer.core.assessment.check_draft`; spelling is a service and is left
out) and keeps a post only when its verdict changes; :func:`summarize` counts the changes
and, per rule, how many of those posts it newly fires on or no longer fires on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from composer.core.assessment import check_draft
from composer.core.checker import Checker
from composer.core.errors import KnownError
from composer.core.findings import Finding, Level


class Verdict(StrEnum):
    """What a guide's findings do to a post."""

    CLEAR = "clear"
    WARNED = "warned"
    BLOCKED = "blocked"


_RANK = {Verdict.CLEAR: 0, Verdict.WARNED: 1, Verdict.BLOCKED: 2}


class Change(StrEnum):
    """How a post's verdict moves from the current guide to the new one."""

    NEWLY_BLOCKED = "newly_blocked"
    NEWLY_WARNED = "newly_warned"
    NO_LONGER_BLOCKED = "no_longer_blocked"  # blocked -> warned
    CLEARED = "cleared"

    @property
    def words(self) -> str:
        """The change in plain words."""
        return self.value.replace("_", " ")


def verdict_of(findings: Iterable[Finding]) -> Verdict:
    """``blocked`` with an error, ``warned`` with warnings only, else ``clear``."""
    levels = {f.level for f in findings}
    if Level.ERROR in levels:
        return Verdict.BLOCKED
    if Level.WARNING in levels:
        return Verdict.WARNED
    return Verdict.CLEAR


def change_of(before: Verdict, after: Verdict) -> Change | None:
    """How ``before`` becomes ``after`` (``None``: the same verdict)."""
    if before is after:
        return None
    if _RANK[after] > _RANK[before]:
        return Change.NEWLY_BLOCKED if after is Verdict.BLOCKED else Change.NEWLY_WARNED
    return Change.CLEARED if after is Verdict.CLEAR else Change.NO_LONGER_BLOCKED


@dataclass(frozen=True, slots=True)
class PastPost:
    """A past draft or published post to judge again."""

    id: int
    account: str
    state: str
    text: str


@dataclass(frozen=True, slots=True)
class PostChange:
    """A post whose verdict changes.

    Attributes:
        added: Rules (error or warning) that fire under the new guide and not the current one.
        removed: Rules that fire under the current guide and no longer under the new one.
    """

    post: PastPost
    before: Verdict
    after: Verdict
    change: Change
    added: tuple[str, ...]
    removed: tuple[str, ...]


def _rules(findings: Iterable[Finding]) -> frozenset[str]:
    return frozenset(f.rule for f in findings if f.level in (Level.ERROR, Level.WARNING))


def judge_post(current: Checker, new: Checker, post: PastPost) -> PostChange | None:
    """The post's change of verdict from ``current`` to ``new`` (``None``: no change).

    Raises:
        KnownError: the post's account is not in one of the guides.
    """
    old_findings = check_draft(current, post.text, post.account).findings
    new_findings = check_draft(new, post.text, post.account).findings
    before, after = verdict_of(old_findings), verdict_of(new_findings)
    change = change_of(before, after)
    if change is None:
        return None
    old_rules, new_rules = _rules(old_findings), _rules(new_findings)
    return PostChange(
        post,
        before,
        after,
        change,
        tuple(sorted(new_rules - old_rules)),
        tuple(sorted(old_rules - new_rules)),
    )


class _SharedTone:
    """One tone analyzer for two guides with equal tone settings: the last answer is reused.

    The two checks of a post ask the same question of the tone measures (same text, profile
    and account); when the guides' tone settings and accepted vocabulary are equal, the second
    answer is the first. Anything else is asked of the analyzer itself.
    """

    def __init__(self, analyzer: Any) -> None:  # noqa: ANN401 - a ToneAnalyzer
        self._analyzer = analyzer
        self._last: tuple[tuple[str, str, object], Any] | None = None

    def check(self, text: str, profile: str, **kwargs: Any) -> Any:  # noqa: ANN401
        """The analyzer's answer, reused for the same text, profile and account."""
        key = (text, profile, kwargs.get("handle"))
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        result = self._analyzer.check(text, profile, **kwargs)
        self._last = (key, result)
        return result

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - the analyzer's own attributes
        return getattr(self._analyzer, name)


def share_tone(current: Checker, new: Checker) -> bool:
    """Let two checkers share one tone analyzer when their guides' tone settings are equal.

    A guide diff checks every post with both guides; the tone measures are most of a check,
    so this saves most of the second one. Returns whether they now share it.
    """
    if current.tone is None or new.tone is None:
        return False
    same = (
        current.guide.tone == new.guide.tone
        and current.guide.vocabulary.accept == new.guide.vocabulary.accept
    )
    if not same:
        return False
    shared = _SharedTone(current.tone)
    current.tone = shared  # type: ignore[assignment]
    new.tone = shared  # type: ignore[assignment]
    return True


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What judging one chunk of posts found: the changes and the posts left out."""

    changes: tuple[PostChange, ...]
    checked: int
    skipped: Mapping[str, int] = field(default_factory=dict)


def judge_chunk(current: Checker, new: Checker, posts: Iterable[PastPost]) -> ChunkResult:
    """Judge ``posts``; a post whose account a guide does not know is counted as skipped.

    Posts with the same account and text are judged once.
    """
    seen: dict[tuple[str, str], PostChange | None] = {}
    changes: list[PostChange] = []
    skipped: Counter[str] = Counter()
    checked = 0
    for post in posts:
        key = (post.account, post.text)
        if key in seen:
            known = seen[key]
        else:
            try:
                known = judge_post(current, new, post)
            except KnownError:
                skipped[post.account] += 1
                continue
            seen[key] = known
        checked += 1
        if known is not None:
            changes.append(
                known
                if known.post is post
                else PostChange(
                    post, known.before, known.after, known.change, known.added, known.removed
                )
            )
    return ChunkResult(tuple(changes), checked, dict(skipped))


@dataclass(frozen=True, slots=True)
class RuleCount:
    """Of the posts whose verdict changes: how many a rule newly fires on, no longer fires on."""

    rule: str
    newly: int
    no_longer: int


@dataclass(frozen=True, slots=True)
class GuideDiff:
    """Every post whose verdict changes, by id, with counts per change and per rule."""

    checked: int
    changes: tuple[PostChange, ...]
    counts: Mapping[Change, int]
    rules: tuple[RuleCount, ...]
    skipped: Mapping[str, int]


def summarize(chunks: Iterable[ChunkResult]) -> GuideDiff:
    """Join the chunks' results: changes by id, counts per change and per rule."""
    changes: list[PostChange] = []
    skipped: Counter[str] = Counter()
    checked = 0
    for chunk in chunks:
        changes.extend(chunk.changes)
        skipped.update(chunk.skipped)
        checked += chunk.checked
    changes.sort(key=lambda c: c.post.id)
    counts = {kind: 0 for kind in Change}
    newly: Counter[str] = Counter()
    no_longer: Counter[str] = Counter()
    for change in changes:
        counts[change.change] += 1
        newly.update(change.added)
        no_longer.update(change.removed)
    rules = tuple(
        RuleCount(rule, newly[rule], no_longer[rule])
        for rule in sorted(set(newly) | set(no_longer), key=lambda r: (-newly[r] - no_longer[r], r))
    )
    return GuideDiff(checked, tuple(changes), counts, rules, dict(skipped))


__all__ = [
    "Change",
    "ChunkResult",
    "GuideDiff",
    "PastPost",
    "PostChange",
    "RuleCount",
    "Verdict",
    "change_of",
    "judge_chunk",
    "judge_post",
    "share_tone",
    "summarize",
    "verdict_of",
]
