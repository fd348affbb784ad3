"""``Checker(guide).check(text, account) -> Report``: every local check of one draft.

The guide's rules are compiled once when the checker is built; a check is then a pure
function of the text and the account. Style rules, the guide's vocabulary (``Vale.Terms``,
``Vale.Avoid``), the account's length limit (``Composer.Length``) and, when the tone module
is present, the account's tone profile all report :class:`Finding` values into one
:class:`Report`, with a brand score.

A pattern that runs longer than ``timeout`` seconds (catastrophic backtracking) is abandoned:
the rule is skipped for that text and the report carries a notice naming it.

Alt text (the description of an attached picture) is checked with :meth:`Checker.check_alt`:
there the rules scoped ``alt``, the spelling rules and the vocabulary run, and nothing else;
on the post's text a rule's ``alt`` scope reads nothing (an ``alt``-only rule does not run).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import regex

from composer.core.counter import limited_config
from composer.core.findings import Finding, Level, Report, Source, sort_findings
from composer.core.guide.model import Account, Guide, LevelOverride
from composer.core.media import MediaItem
from composer.core.rules.base import (
    CompiledRule,
    Rule,
    accepted_pattern,
    compile_pattern,
    scoped_flags,
)
from composer.core.rules.compiled_patterns import lazy_patterns
from composer.core.rules.context import WORD_SCOPES, RuleContext, scope_key
from composer.core.rules.literal_index import IndexState, LiteralIndex, index_for
from composer.core.rules.literals import any_present, required_literals
from composer.core.rules.metric import measure, words_of
from composer.core.score import brand_score
from composer.core.text import CountingConfig, parse_tweet
from composer.core.tone import RULE_IDS, ToneAnalyzer, ToneProfile, ToneResult
from composer.core.tone.entities import as_spans

LENGTH_RULE = "Composer.Length"
TERMS_RULE = "Vale.Terms"
AVOID_RULE = "Vale.Avoid"
#: Seconds one rule's pattern may run on one text.
DEFAULT_TIMEOUT = 0.05
#: The longest text a check runs on, in characters (code points): the window counts a longer
#: draft (a pasted document) but does not check it, and the command line refuses it. A check
#: of 1 MB took 10 seconds, and such a text is far over any post's limit.
MAX_CHECKED_CHARS = 20_000
_LITERAL = regex.compile(r"[\w\s'\-&]+")
# Back-references, numbered or named groups, inline flags (which apply to the whole pattern
# in regex's version 0) and recursion: a term holding one keeps its own pattern.
_UNSAFE_TO_COMBINE = regex.compile(r"\\[0-9g]|\(\?(?!:)")


def twice_if_slow(run: Callable[[RuleContext], list[Finding]], ctx: RuleContext) -> list[Finding]:
    """``run(ctx)``, run once more when it passes the check's time guard.

    The guard (``timeout``, wall-clock) stops runaway patterns; on a loaded machine a simple
    one can be descheduled past it, and skipping a banned-word rule for that would let a
    draft through. A second try finishes then; a runaway pattern times out again.

    Raises:
        TimeoutError: both runs passed the guard.
    """
    try:
        return run(ctx)
    except TimeoutError:
        return run(ctx)


@dataclass(frozen=True, slots=True)
class RouteVerdict:
    """Whether a draft fits an account, and why not."""

    handle: str
    fits: bool
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Length:
    weighted_length: float
    limit: float
    overflow_start: int | None


def measure_length(text: str, account: Account, config: CountingConfig | None = None) -> _Length:
    """Weighted length, limit and overflow index under the account's counting config.

    ``config`` is ``limited_config(account.counting, account.limit)`` when already built.
    """
    if config is None:
        config = limited_config(account.counting, account.limit)
    result = parse_tweet(text, config)
    return _Length(float(result.weighted_length), float(config.limit), result.overflow_start)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def too_long_to_check(text: str) -> bool:
    """Whether ``text`` is past what a check runs on (:data:`MAX_CHECKED_CHARS`)."""
    return len(text) > MAX_CHECKED_CHARS


def too_long_problem(text: str, what: str) -> str | None:
    """Why ``text`` (``what`` names it) is not checked, or ``None`` when it can be."""
    if not too_long_to_check(text):
        return None
    return (
        f"{what} has {len(text):,} characters; a check runs on at most "
        f"{MAX_CHECKED_CHARS:,} (a post is far shorter)"
    )


class _VocabularyRules:
    """``Vale.Terms`` (accepted terms in their exact case) and ``Vale.Avoid`` (rejected terms)."""

    def __init__(
        self, accept: tuple[str, ...], reject: tuple[str, ...], *, shortcuts: bool = True
    ) -> None:
        # One alternation fully matches a text exactly when one of the terms does; terms
        # whose groups would clash when combined keep their own patterns.
        combinable = [t for t in accept if _combinable(t)]
        self._accept_any = (
            compile_pattern("|".join(f"(?:{scoped_flags(t)})" for t in combinable))
            if combinable
            else None
        )
        self._accept_rest = [
            compile_pattern(f"(?:{scoped_flags(t)})") for t in accept if not _combinable(t)
        ]
        self.terms = [
            (
                compile_pattern(rf"(?i)\b(?:{scoped_flags(t)})\b"),
                t,
                bool(_LITERAL.fullmatch(t)),
                required_literals(t) if shortcuts else None,
            )
            for t in accept
        ]
        self.avoid = [
            (
                compile_pattern(rf"\b(?:{scoped_flags(t)})\b"),
                required_literals(t) if shortcuts else None,
            )
            for t in reject
        ]

    def is_accepted(self, text: str, timeout: float | None = None) -> bool:
        """Whether ``text`` is one of the accepted terms (in its exact case).

        Raises:
            TimeoutError: a term's pattern ran longer than ``timeout`` seconds.
        """
        if self._accept_any is not None and self._accept_any.fullmatch(text, timeout=timeout):
            return True
        return any(p.fullmatch(text, timeout=timeout) for p in self._accept_rest)

    def run(self, ctx: RuleContext, notices: list[str]) -> list[Finding]:
        """``Vale.Terms`` and ``Vale.Avoid`` findings; a rule that times out adds a notice."""
        out: list[Finding] = []
        for rule_id, section in ((TERMS_RULE, self._terms), (AVOID_RULE, self._avoid)):
            try:
                out.extend(twice_if_slow(section, ctx))
            except TimeoutError:
                notices.append(
                    f"rule {rule_id} (the guide's vocabulary) took longer than "
                    f"{ctx.timeout * 1000:.0f} ms and was skipped for this text"
                )
        return out

    def _terms(self, ctx: RuleContext) -> list[Finding]:
        view = ctx.view("text")
        folded = ctx.folded("text")
        out: list[Finding] = []
        for pattern, term, literal, needed in self.terms:
            if needed is not None and not any_present(needed, folded):
                continue
            for m in pattern.finditer(view, timeout=ctx.timeout):
                observed = m.group()
                if not observed or self.is_accepted(observed, ctx.timeout):
                    continue
                out.append(
                    Finding(
                        rule=TERMS_RULE,
                        level=Level.ERROR,
                        message=f"Use '{term}' instead of '{observed}'.",
                        start=m.start(),
                        end=m.end(),
                        replacements=(term,) if literal else (),
                    )
                )
        return out

    def _avoid(self, ctx: RuleContext) -> list[Finding]:
        view = ctx.view("text")
        folded = ctx.folded("text")
        out: list[Finding] = []
        for pattern, needed in self.avoid:
            if needed is not None and not any_present(needed, folded):
                continue
            for m in pattern.finditer(view, timeout=ctx.timeout):
                if m.group():
                    out.append(
                        Finding(
                            rule=AVOID_RULE,
                            level=Level.ERROR,
                            message=f"Avoid using '{m.group()}'.",
                            start=m.start(),
                            end=m.end(),
                        )
                    )
        return out


def _combinable(term: str) -> bool:
    """Whether ``term`` can sit in one alternation with others (a leading flag is scoped)."""
    scoped = scoped_flags(term)
    body = scoped[scoped.index(":") + 1 :] if scoped is not term else term
    return not _UNSAFE_TO_COMBINE.search(body)


#: One rule of an account's plan: the rule (narrowed to the scopes that read the text under
#: check), its level there, its gate (the literals of which the folded text holds one
#: whenever the rule can find anything; see ``CompiledRule.gate``), tested before the rule
#: runs, and the ``id()`` of the guide's compiled rule it stands for (its big-gate bit).
_Step = tuple[CompiledRule, Level, frozenset[str] | None, int]
#: The scope a rule reads alt text through.
ALT_SCOPE = "alt"
#: Gates of at most this many literals are tested one substring at a time.
_SMALL_GATE = 16


def _gate_open(gate: frozenset[str], bit: int | None, present: int, folded: str) -> bool:
    """Whether the folded draft holds a literal of ``gate``.

    ``bit`` is the gate's place in the big-gate index (``present`` is that index's answer
    for the draft), or ``None`` for a small gate, tested here one literal at a time.
    """
    if bit is not None:
        return bool(present >> bit & 1)
    return any_present(gate, folded)


class Checker:
    """The guide compiled once, checking any number of drafts.

    Args:
        guide: The loaded guide.
        timeout: Seconds one rule's pattern may run on one text before it is abandoned.
        lexicon_dir: Where the tone lexicons are (``None``: the tone module's default).
        shortcuts: Skip work that provably finds nothing (a rule whose required words are
            absent...). ``False`` runs everything in full: the same reports, more slowly; it
            is the reference the shortcuts are tested against.
        lazy: Compile each rule's big pattern when a check first needs it (its required
            words are in a draft), not here: a guide of Vale packages holds thousands of
            tokens, and most of its rules never run on a given draft. The reports are the
            same either way; the guide loader has already validated them. ``False`` also
            compiles the tone matchers' patterns that wait for a draft needing them.
    """

    def __init__(
        self,
        guide: Guide,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        lexicon_dir: Path | None = None,
        shortcuts: bool = True,
        lazy: bool = True,
    ) -> None:
        self.guide = guide
        self.timeout = timeout
        with lazy_patterns(enabled=lazy):
            compiled = (rule.compile() for rule in guide.rules)
            self.compiled: tuple[CompiledRule, ...] = tuple(
                c if shortcuts else c.without_shortcuts() for c in compiled
            )
        self.vocabulary = _VocabularyRules(
            guide.vocabulary.accept, guide.vocabulary.reject, shortcuts=shortcuts
        )
        # Accepted terms are exceptions to every rule (Vale's ``vocab``), found in one pass.
        self._accepted = accepted_pattern(guide.vocabulary.accept)
        self._plans: dict[str, tuple[_Step, ...]] = {}
        self._alt_plans: dict[str, tuple[_Step, ...]] = {}
        self._shortcuts = shortcuts
        self._lazy = lazy
        # Each rule as the post's text sees it: ``alt`` scopes left out (``None``: alt only).
        self._post_rules = tuple(self._narrowed(c, alt=False) for c in self.compiled)
        self._alt_rules: tuple[CompiledRule | None, ...] | None = None
        self._vocab_levels: dict[str, dict[str, Level | None]] = {}
        # Plans narrowed to some rules (``findings_of``), by handle and rule ids.
        self._picked_plans: dict[tuple[str, frozenset[str]], tuple[_Step, ...]] = {}
        self._counting_configs: dict[str, tuple[object, int | None, CountingConfig]] = {}
        # The big gates of all rules, tested in one pass over the draft (built on first use).
        self._gate_index: tuple[LiteralIndex, dict[int, int]] | None = None
        self.tone = self._tone_analyzer(lexicon_dir)
        if not lazy and self.tone is not None:
            # Up front means every pattern: the tone matchers' too (each otherwise compiled
            # at the first draft that needs it, a few milliseconds each).
            self.tone.compile_all()

    def _tone_analyzer(self, lexicon_dir: Path | None) -> ToneAnalyzer | None:
        settings = self.guide.tone
        if settings is None or isinstance(settings, Mapping):
            return None
        return ToneAnalyzer(
            settings, accepted_vocabulary=self.guide.vocabulary.accept, lexicon_dir=lexicon_dir
        )

    def _level(self, rule_id: str, own: Level | None, account: Account) -> LevelOverride:
        """Rule file, then guide ``levels``, then account ``levels``."""
        level: LevelOverride = own
        if rule_id in self.guide.levels:
            level = self.guide.levels[rule_id]
        if rule_id in account.levels:
            level = account.levels[rule_id]
        return level

    def _narrowed(self, compiled: CompiledRule, *, alt: bool) -> CompiledRule | None:
        """``compiled`` with only the scopes that read the post's text, or alt text.

        On the post, ``alt`` scopes are left out (a rule scoped ``alt`` alone is ``None``).
        On alt text, only the ``alt`` scopes are kept; a spelling rule of a word scope reads
        alt text whatever its scope (a misspelt word is one in a description too); any
        other rule without ``alt`` is ``None``.
        """
        rule = compiled.rule
        alt_scopes = tuple(s for s in rule.scope if scope_key(s) == ALT_SCOPE)
        if alt:
            if alt_scopes:
                scopes = alt_scopes
            elif rule.extends == "spelling" and any(
                scope_key(s) in WORD_SCOPES for s in rule.scope
            ):
                scopes = (ALT_SCOPE,)
            else:
                return None
        else:
            if not alt_scopes:
                return compiled
            scopes = tuple(s for s in rule.scope if scope_key(s) != ALT_SCOPE)
            if not scopes:
                return None
        if scopes == rule.scope:
            return compiled
        with lazy_patterns(enabled=self._lazy):
            narrowed = dataclasses.replace(rule, scope=scopes).compile()
        return narrowed if self._shortcuts else narrowed.without_shortcuts()

    def _plan(self, account: Account) -> tuple[_Step, ...]:
        plan = self._plans.get(account.handle)
        if plan is None:
            plan = self._plans[account.handle] = self._steps(self._post_rules, account)
            self._vocab_levels[account.handle] = {
                rule_id: self._level(rule_id, Level.ERROR, account)
                for rule_id in (TERMS_RULE, AVOID_RULE)
            }
        return plan

    def _alt_plan(self, account: Account) -> tuple[_Step, ...]:
        """The rules that read alt text for ``account`` (narrowed once, on first use)."""
        plan = self._alt_plans.get(account.handle)
        if plan is None:
            self._plan(account)  # the vocabulary's levels
            if self._alt_rules is None:
                self._alt_rules = tuple(self._narrowed(c, alt=True) for c in self.compiled)
            plan = self._alt_plans[account.handle] = self._steps(self._alt_rules, account)
        return plan

    def _steps(
        self, runners: tuple[CompiledRule | None, ...], account: Account
    ) -> tuple[_Step, ...]:
        steps = []
        for compiled, runner in zip(self.compiled, runners, strict=True):
            if runner is None:
                continue
            level = self._level(compiled.id, compiled.rule.level, account)
            if level is not None:
                steps.append((runner, level, compiled.gate(), id(compiled)))
        return tuple(steps)

    def _big_gates(self) -> tuple[LiteralIndex, dict[int, int]]:
        """One index of the gates with many literals, and each such rule's bit in it.

        Rules are keyed by ``id()`` of their compiled form (they live as long as the
        checker). Small gates stay out: a few substring tests beat the index.
        """
        if self._gate_index is None:
            bits: dict[int, int] = {}
            sets: list[frozenset[str]] = []
            for compiled in self.compiled:
                gate = compiled.gate()
                if gate is not None and len(gate) > _SMALL_GATE:
                    bits[id(compiled)] = len(sets)
                    sets.append(gate)
            self._gate_index = (index_for(sets)[1], bits)
        return self._gate_index

    def gate_index_state(self) -> tuple[str, IndexState]:
        """The big-gate index as plain data and its key (a guide cache stores it)."""
        sets = [
            gate
            for gate in (compiled.gate() for compiled in self.compiled)
            if gate is not None and len(gate) > _SMALL_GATE
        ]
        key, index = index_for(sets)
        return key, index.state()

    def rules_for(self, account: Account | str | None = None) -> tuple[tuple[Rule, Level], ...]:
        """The rules in force for ``account`` with their effective level (``off`` left out).

        Rules that read only alt text are in force too (on the pictures' descriptions).
        """
        acct = self.account_for(account)
        found = []
        for compiled in self.compiled:
            level = self._level(compiled.id, compiled.rule.level, acct)
            if level is not None:
                found.append((compiled.rule, level))
        return tuple(found)

    def profile_for(self, account: Account | str | None = None) -> ToneProfile | None:
        """The account's tone profile (a ``ToneProfile``), or ``None``."""
        acct = self.account_for(account)
        settings = self.guide.tone
        profiles = getattr(settings, "profiles", None)
        if not acct.tone or not isinstance(profiles, Mapping):
            return None
        return profiles.get(acct.tone)

    def account_for(self, account: Account | str | None) -> Account:
        """Resolve ``None`` (the guide's first account), a handle, or an account."""
        if account is None:
            return self.guide.accounts[0]
        if isinstance(account, str):
            return self.guide.account(account)
        return account

    def check(self, text: str, account: Account | str | None = None) -> Report:
        """Check ``text`` for ``account`` (default: the guide's first account).

        A new kind of finding added here belongs in :meth:`findings_of` too, and in what a
        guide diff compares (``composer.core.guide_diff.split_account``).
        """
        acct = self.account_for(account)
        ctx = RuleContext(text, timeout=self.timeout, accepted=self._accepted)
        notices: list[str] = []
        findings = self._style_findings(ctx, acct, notices)
        minimum = self.guide.min_alert_level.rank
        if minimum < Level.SUGGESTION.rank:
            findings = [f for f in findings if f.level.rank <= minimum]
        length = measure_length(text, acct, self._counting(acct))
        findings.extend(_length_findings(text, acct, length))
        counts = measure(text, None, ctx)
        metrics: dict[str, float] = {
            "weighted_length": length.weighted_length,
            "limit": length.limit,
            "words": counts["words"],
            "sentences": counts["sentences"] if text.strip() else 0.0,
            "characters": float(len(text)),
            "syllables": counts["syllables"],
        }
        if self.tone is not None and acct.tone:
            result = _tone_result(self.tone, ctx, acct)
            findings.extend(result.findings)
            for name, measurement in result.measurements.items():
                metrics.setdefault(str(name), float(measurement.value))
        ordered = sort_findings(findings)
        return Report(
            text=text,
            findings=ordered,
            metrics=MappingProxyType(metrics),
            score=brand_score(
                ordered, text, length.weighted_length, length.limit, pieces=words_of(text, ctx)
            ),
            notices=tuple(notices),
        )

    def check_alt(self, text: str, account: Account | str | None = None) -> tuple[Finding, ...]:
        """The findings on one alt text for ``account``, sorted.

        The rules scoped ``alt``, the spelling rules and the vocabulary (``Vale.Terms``,
        ``Vale.Avoid``) run, at the account's levels; the length limit and the tone profile
        are the post's and do not. Spans are offsets into ``text``.
        """
        acct = self.account_for(account)
        ctx = RuleContext(text, timeout=self.timeout, accepted=self._accepted)
        findings = self._style_findings(ctx, acct, [], self._alt_plan(acct))
        minimum = self.guide.min_alert_level.rank
        if minimum < Level.SUGGESTION.rank:
            findings = [f for f in findings if f.level.rank <= minimum]
        return sort_findings(findings)

    def findings_of(
        self,
        text: str,
        account: Account | str | None = None,
        *,
        rules: frozenset[str] | None = None,
        vocabulary: bool = True,
        length: bool = True,
        tone: bool = True,
        context: RuleContext | None = None,
    ) -> tuple[list[Finding], tuple[str, ...]]:
        """What some parts of :meth:`check` find in ``text`` (unsorted), and the notices.

        The findings are exactly those :meth:`check` reports from these parts; no metric or
        score is worked out. A guide diff asks for the parts in which two guides differ.

        Args:
            text: One post (``check_draft`` checks a thread's parts one by one).
            account: As for :meth:`check`.
            rules: Ids of the style rules to run (``None``: all in force).
            vocabulary: Run ``Vale.Terms`` and ``Vale.Avoid``.
            length: Check the account's length limit.
            tone: Run the account's tone profile.
            context: What earlier calls worked out about ``text`` (:meth:`context`), made by
                this checker or one whose guide has the same accepted vocabulary and timeout.

        Raises:
            KnownError: the account is not in the guide.
        """
        acct = self.account_for(account)
        ctx = self.context(text) if context is None else context
        notices: list[str] = []
        plan = self._plan(acct)
        if rules is not None:
            key = (acct.handle, rules)
            picked = self._picked_plans.get(key)
            if picked is None:
                picked = self._picked_plans[key] = tuple(s for s in plan if s[0].id in rules)
            plan = picked
        findings = (
            self._style_findings(ctx, acct, notices, plan, vocabulary=vocabulary)
            if plan or vocabulary
            else []
        )
        minimum = self.guide.min_alert_level.rank
        if minimum < Level.SUGGESTION.rank:
            findings = [f for f in findings if f.level.rank <= minimum]
        if length:
            measured = measure_length(text, acct, self._counting(acct))
            findings.extend(_length_findings(text, acct, measured))
        if tone and self.tone is not None and acct.tone:
            findings.extend(_tone_result(self.tone, ctx, acct).findings)
        return findings, tuple(notices)

    def context(self, text: str) -> RuleContext:
        """A context for checking ``text``: views, entities... worked out once.

        Calls of :meth:`findings_of` on the same text can share it.
        """
        return RuleContext(text, timeout=self.timeout, accepted=self._accepted)

    def vocabulary_levels(self, account: Account | str | None = None) -> Mapping[str, Level | None]:
        """The levels of ``Vale.Terms`` and ``Vale.Avoid`` for ``account`` (``None``: off)."""
        acct = self.account_for(account)
        self._plan(acct)
        return MappingProxyType(self._vocab_levels[acct.handle])

    def _counting(self, account: Account) -> CountingConfig:
        """The account's counting config with its limit, built once per account."""
        entry = self._counting_configs.get(account.handle)
        if entry is not None and entry[0] is account.counting and entry[1] == account.limit:
            return entry[2]
        config = limited_config(account.counting, account.limit)
        self._counting_configs[account.handle] = (account.counting, account.limit, config)
        return config

    def _style_findings(
        self,
        ctx: RuleContext,
        account: Account,
        notices: list[str],
        plan: tuple[_Step, ...] | None = None,
        *,
        vocabulary: bool = True,
    ) -> list[Finding]:
        """Style rules (``plan``: the post's) and vocabulary at the account's levels.

        A rule that times out becomes a notice. ``vocabulary=False`` leaves the vocabulary out.
        """
        findings: list[Finding] = []
        folded = ctx.folded("text")
        accepting = True
        links = ctx.entity_spans("url")
        index, bits = self._big_gates()
        present = index.present(folded) if bits else 0
        for compiled, level, gate, key in self._plan(account) if plan is None else plan:
            if gate is not None and not _gate_open(gate, bits.get(key), present, folded):
                continue  # none of the words the rule needs is in the draft
            try:
                found = twice_if_slow(compiled.run, ctx)
            except TimeoutError:
                notices.append(
                    f"rule {compiled.id} took longer than {self.timeout * 1000:.0f} ms "
                    "and was skipped for this text"
                )
                continue
            found = _outside_links(ctx.text, found, links, compiled)
            for f in found:
                if accepting:
                    try:
                        if self.vocabulary.is_accepted(ctx.text[f.start : f.end], self.timeout):
                            continue
                    except TimeoutError:
                        # Keep the finding, and spend no more time on the accepted terms.
                        accepting = False
                        notices.append(
                            f"the accepted vocabulary took longer than {self.timeout * 1000:.0f}"
                            f" ms on a finding of rule {compiled.id}; it was not applied to "
                            "this text's findings"
                        )
                findings.append(f if f.level is level else _with_level(f, level))
        if not vocabulary:
            return findings
        vocab_levels = self._vocab_levels[account.handle]
        terms = self.vocabulary.run(ctx, notices)
        for f in _outside_links(ctx.text, terms, links):
            override = vocab_levels[f.rule]
            if override is not None:
                findings.append(f if f.level is override else _with_level(f, override))
        return findings

    def check_all_accounts(self, text: str, media: Sequence[MediaItem] = ()) -> dict[str, Report]:
        """One report per account, keyed by handle (the route check); per post for a thread.

        ``media`` (the post's pictures with their alt text) are judged by each account's
        media rules and numbers too.
        """
        # assessment builds on this module: imported here, when a route check runs.
        from composer.core.assessment import assess, check_draft  # noqa: PLC0415

        if media:
            return {a.handle: assess(self, text, a, media=media) for a in self.guide.accounts}
        return {a.handle: check_draft(self, text, a) for a in self.guide.accounts}

    def route_summary(self, text: str, media: Sequence[MediaItem] = ()) -> str:
        """One line for the route check, e.g. ``fits @A; not @B: promotional language``."""
        verdicts = self.route(text, media)
        fits = [v.handle for v in verdicts if v.fits]
        parts = ["fits " + ", ".join(fits)] if fits else []
        parts += [f"not {v.handle}: {', '.join(v.reasons)}" for v in verdicts if not v.fits]
        return "; ".join(parts)

    def route(self, text: str, media: Sequence[MediaItem] = ()) -> tuple[RouteVerdict, ...]:
        """Which accounts ``text`` (with ``media``) fits: none of their errors or warnings.

        Reasons are short: a tone measure's name ("promotional language") or a rule's message
        ("3 pictures: the guide allows 1 on one post").
        """
        verdicts = []
        for handle, report in self.check_all_accounts(text, media).items():
            reasons = tuple(
                dict.fromkeys(
                    _route_reason(f)
                    for f in report.findings
                    if f.level in (Level.ERROR, Level.WARNING)
                )
            )
            verdicts.append(RouteVerdict(handle, not reasons, reasons))
        return tuple(verdicts)


_TONE_REASONS = {rule_id: measure for measure, rule_id in RULE_IDS.items()}


def _route_reason(finding: Finding) -> str:
    """A few words saying why a finding keeps a draft off an account."""
    if finding.source is Source.LENGTH:
        return "too long"
    measure = _TONE_REASONS.get(finding.rule)
    if measure is None:
        return finding.message.rstrip(".")
    if measure == "promotional":
        return "promotional language"
    if measure == "topics":
        return "forbidden topic"
    return measure.replace("_", " ")


def _judges_links(compiled: CompiledRule) -> bool:
    """Whether a rule says it looks at links (``scope: url``)."""
    return any(scope_key(scope) == "url" for scope in compiled.rule.scope)


def _outside_links(
    text: str,
    findings: list[Finding],
    links: list[tuple[int, int]],
    rule: CompiledRule | None = None,
) -> list[Finding]:
    """Links are not prose: findings on nothing but a link are dropped, no fix edits one.

    Views mask links with spaces, so a pattern can still match those spaces (or run into
    them), and ``raw`` rules see links as they are; this keeps the promise for every kind.
    A ``rule`` that judges links (``scope: url``) keeps its findings.
    """
    if not links or not findings or (rule is not None and _judges_links(rule)):
        return findings
    out = []
    for f in findings:
        touching = [(s, e) for s, e in links if s < f.end and f.start < e]
        if not touching:
            out.append(f)
            continue
        outside, at = [], f.start
        for s, e in touching:
            outside.append(text[at:s])
            at = max(at, e)
        outside.append(text[at : f.end])
        if "".join(outside).strip():
            out.append(f.without_replacements())
    return out


def _length_findings(text: str, account: Account, length: _Length) -> list[Finding]:
    """``Composer.Length`` when ``text`` is past the account's limit."""
    if length.overflow_start is None or length.weighted_length <= length.limit:
        return []
    over = length.weighted_length - length.limit
    return [
        Finding(
            rule=LENGTH_RULE,
            level=Level.ERROR,
            message=f"{_number(over)} characters over {account.handle}'s limit of "
            f"{_number(length.limit)}",
            start=length.overflow_start,
            end=len(text),
            source=Source.LENGTH,
        )
    ]


def _tone_result(tone: ToneAnalyzer, ctx: RuleContext, account: Account) -> ToneResult:
    """The account's tone profile on the text under check."""
    return tone.check(
        ctx.text,
        account.tone,
        handle=account.handle,
        entities=as_spans(ctx.tweet_entities),
        clusters=ctx.clusters,
    )


def _with_level(finding: Finding, level: Level) -> Finding:
    return dataclasses.replace(finding, level=level)
