"""What would this guide flag? Past posts judged by the current guide and a new one (issue 18).

A post's *verdict* under a guide is what its findings would do to it today: ``blocked`` (an
error-level finding: it could not be submitted), ``warned`` (warnings only: a reason is
needed) or ``clear``. :func:`judge_post` runs both guides' checks (the one assessment every
face uses, :func:`composer.core.assessment.check_draft`; spelling is a service and is left
out) and keeps a post only when its verdict changes; :func:`summarize` counts the changes
and, per rule, how many of those posts it newly fires on or no longer fires on.

:func:`judge_chunk` reaches the same answers with less work (a :class:`DiffPlan`): the parts
of a check that are the same in both guides (a rule with the same definition and level, the
same length limit, the same tone profile...) find the same things under both, so they cannot
change a verdict on their own. Only the parts that differ run on every post; the shared
parts run only on a post where the differing parts alone would give different verdicts.
Suggestions never count towards a verdict, so rules at that level do not run at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from composer.core.assessment import check_draft
from composer.core.checker import Checker
from composer.core.errors import KnownError
from composer.core.findings import Finding, Level
from composer.core.guide.model import Account
from composer.core.rules.base import Rule
from composer.core.rules.context import RuleContext
from composer.core.threads import part_spans


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


#: A finding as a verdict sees it: its rule and level (errors and warnings only).
_Counted = frozenset[tuple[str, Level]]
_COUNTED_LEVELS = (Level.ERROR, Level.WARNING)


def _counted(findings: Iterable[Finding]) -> _Counted:
    return frozenset((f.rule, f.level) for f in findings if f.level in _COUNTED_LEVELS)


def _verdict(counted: _Counted) -> Verdict:
    levels = {level for _, level in counted}
    if Level.ERROR in levels:
        return Verdict.BLOCKED
    return Verdict.WARNED if levels else Verdict.CLEAR


def _post_change(post: PastPost, old: _Counted, new: _Counted) -> PostChange | None:
    """The change between the findings under the current guide and the new one."""
    before, after = _verdict(old), _verdict(new)
    change = change_of(before, after)
    if change is None:
        return None
    old_rules, new_rules = {rule for rule, _ in old}, {rule for rule, _ in new}
    return PostChange(
        post,
        before,
        after,
        change,
        tuple(sorted(new_rules - old_rules)),
        tuple(sorted(old_rules - new_rules)),
    )


def judge_post(current: Checker, new: Checker, post: PastPost) -> PostChange | None:
    """The post's change of verdict from ``current`` to ``new`` (``None``: no change).

    Every check of both guides runs in full: the reference :class:`DiffPlan` is held to.

    Raises:
        KnownError: the post's account is not in one of the guides.
    """
    old_findings = check_draft(current, post.text, post.account).findings
    new_findings = check_draft(new, post.text, post.account).findings
    return _post_change(post, _counted(old_findings), _counted(new_findings))


@dataclass(frozen=True, slots=True)
class Parts:
    """Some parts of a check (see :meth:`Checker.findings_of`): rules by id, and the rest."""

    rules: frozenset[str] = frozenset()
    vocabulary: bool = False
    length: bool = False
    tone: bool = False

    def __bool__(self) -> bool:
        return bool(self.rules) or self.vocabulary or self.length or self.tone


@dataclass(frozen=True, slots=True)
class AccountSplit:
    """An account's checks under two guides, split by whether the guides agree on them.

    Attributes:
        current: What only the current guide checks, or checks differently.
        new: What only the new guide checks, or checks differently.
        shared: What both check alike (the current guide's checker runs it).
    """

    current: Parts
    new: Parts
    shared: Parts


def _counts(level: Level | None, minimum: Level) -> Level | None:
    """``level`` if a style finding at it can count towards a verdict under ``minimum``."""
    if level in _COUNTED_LEVELS and level is not None and level.rank <= minimum.rank:
        return level
    return None


def _same_rule(a: Rule, b: Rule) -> bool:
    """Whether two rules find the same things: equal definitions.

    What a rule holds outside its definition (a spelling rule's dictionaries, read from
    files) must be the very same object.
    """
    return a == b and all(
        getattr(a, f.name) is getattr(b, f.name) for f in fields(a) if not f.compare
    )


def _style_rules(checker: Checker, account: Account) -> dict[str, tuple[Rule, Level]]:
    minimum = checker.guide.min_alert_level
    out: dict[str, tuple[Rule, Level]] = {}
    for rule, level in checker.rules_for(account):
        counts = _counts(level, minimum)
        if counts is not None:
            out[rule.id] = (rule, counts)
    return out


def _vocabulary(checker: Checker, account: Account) -> tuple[object, ...] | None:
    """What decides ``Vale.Terms`` and ``Vale.Avoid`` findings (``None``: none can count)."""
    minimum = checker.guide.min_alert_level
    levels = tuple(
        _counts(v, minimum) for _, v in sorted(checker.vocabulary_levels(account).items())
    )
    if not any(levels):
        return None
    return (checker.guide.vocabulary, levels)


def _tone(checker: Checker, account: Account) -> tuple[object, ...] | None:
    """What decides the tone findings (``None``: the account has no tone check)."""
    if checker.tone is None or not account.tone:
        return None
    return (checker.guide.tone, checker.guide.vocabulary.accept, account.tone)


def split_account(current: Checker, new: Checker, handle: str) -> AccountSplit:
    """What of ``handle``'s checks the two guides share and what differs.

    Style rules read the guide's accepted vocabulary (as exceptions), so a change to it
    changes every rule.

    Raises:
        KnownError: the account is not in one of the guides.
    """
    old_account, new_account = current.account_for(handle), new.account_for(handle)
    alike = (
        current.timeout == new.timeout
        and current.guide.vocabulary.accept == new.guide.vocabulary.accept
    )
    old_rules, new_rules = _style_rules(current, old_account), _style_rules(new, new_account)
    shared_rules = frozenset(
        rule_id
        for rule_id in old_rules.keys() & new_rules.keys()
        if alike
        and old_rules[rule_id][1] is new_rules[rule_id][1]
        and _same_rule(old_rules[rule_id][0], new_rules[rule_id][0])
    )
    old_words, new_words = _vocabulary(current, old_account), _vocabulary(new, new_account)
    words_alike = alike and old_words == new_words
    length_alike = (old_account.limit, old_account.counting) == (
        new_account.limit,
        new_account.counting,
    )
    old_tone, new_tone = _tone(current, old_account), _tone(new, new_account)
    tone_alike = current.timeout == new.timeout and old_tone == new_tone
    return AccountSplit(
        current=Parts(
            frozenset(old_rules) - shared_rules,
            vocabulary=old_words is not None and not words_alike,
            length=not length_alike,
            tone=old_tone is not None and not tone_alike,
        ),
        new=Parts(
            frozenset(new_rules) - shared_rules,
            vocabulary=new_words is not None and not words_alike,
            length=not length_alike,
            tone=new_tone is not None and not tone_alike,
        ),
        shared=Parts(
            shared_rules,
            vocabulary=old_words is not None and words_alike,
            length=length_alike,
            tone=old_tone is not None and tone_alike,
        ),
    )


def _found(
    checker: Checker, contexts: list[RuleContext], account: str, parts: Parts
) -> _Counted | None:
    """What ``parts`` find in the post's texts (``None``: a pattern ran out of time)."""
    if not parts:
        return frozenset()
    found: set[tuple[str, Level]] = set()
    for ctx in contexts:
        findings, notices = checker.findings_of(
            ctx.text,
            account,
            rules=parts.rules,
            vocabulary=parts.vocabulary,
            length=parts.length,
            tone=parts.tone,
            context=ctx,
        )
        if notices:
            return None
        found.update(_counted(findings))
    return frozenset(found)


class DiffPlan:
    """Two guides' checks split per account (:func:`split_account`), judging posts with it.

    A verdict is the worst counted level of all parts' findings. When the parts that differ
    give the same worst level under both guides, the shared parts (found alike under both)
    cannot make the verdicts differ, and do not run; otherwise they run once and join both
    sides. :meth:`judge` agrees with :func:`judge_post` on every post.
    """

    def __init__(self, current: Checker, new: Checker) -> None:
        self.current = current
        self.new = new
        self._splits: dict[str, AccountSplit] = {}
        # What is worked out about a text (views, entities) serves both checkers when their
        # guides accept the same vocabulary with the same timeout.
        self._one_context = (
            current.timeout == new.timeout
            and current.guide.vocabulary.accept == new.guide.vocabulary.accept
        )

    def split(self, handle: str) -> AccountSplit:
        """The account's split, worked out on first use.

        Raises:
            KnownError: the account is not in one of the guides.
        """
        split = self._splits.get(handle)
        if split is None:
            split = self._splits[handle] = split_account(self.current, self.new, handle)
        return split

    def judge(self, post: PastPost) -> PostChange | None:
        """As :func:`judge_post`, with less work.

        A post on which a pattern runs out of time is judged in full.

        Raises:
            KnownError: the post's account is not in one of the guides.
        """
        split = self.split(post.account)
        if not split.current and not split.new:
            return None  # everything is checked alike: the same verdict
        spans = part_spans(post.text)
        texts = [post.text] if len(spans) == 1 else [post.text[s:e] for s, e in spans]
        contexts = [self.current.context(text) for text in texts]
        others = contexts if self._one_context else [self.new.context(text) for text in texts]
        old = _found(self.current, contexts, post.account, split.current)
        new = _found(self.new, others, post.account, split.new) if old is not None else None
        if old is None or new is None:
            return judge_post(self.current, self.new, post)
        if _verdict(old) is _verdict(new):
            return None
        shared = _found(self.current, contexts, post.account, split.shared)
        if shared is None:
            return judge_post(self.current, self.new, post)
        return _post_change(post, old | shared, new | shared)


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

    Posts with the same account and text are judged once, with a :class:`DiffPlan`.
    """
    plan = DiffPlan(current, new)
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
                known = plan.judge(post)
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
    "AccountSplit",
    "Change",
    "ChunkResult",
    "DiffPlan",
    "GuideDiff",
    "Parts",
    "PastPost",
    "PostChange",
    "RuleCount",
    "Verdict",
    "change_of",
    "judge_chunk",
    "judge_post",
    "share_tone",
    "split_account",
    "summarize",
    "verdict_of",
]
