"""The tone analyzer: measures a draft and checks it against an account's profile.

Lexicons are read and patterns compiled once, when the analyzer is built; ``measure`` and
``check`` are then pure functions of the text. A finding says what was measured and the limit
it broke, in plain words, and points at the words that caused it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from composer.core.findings import Finding, Level, Source, sort_findings
from composer.core.tone.entities import HASHTAG, MENTION, URL, EntitySpan
from composer.core.tone.lexicons import (
    Lexicons,
    default_lexicon_dir,
    lexicon_state,
    load_lexicons,
)
from composer.core.tone.matchers import PhraseMatcher, Prefixes, ProfanityMatcher, RawPattern
from composer.core.tone.measures import (
    DraftView,
    Measurement,
    SentimentModel,
    measure_disclosure,
    measure_emoji,
    measure_entities,
    measure_exclamation_run,
    measure_exclamations,
    measure_profanity,
    measure_promotional,
    measure_readability,
    measure_sentiment,
    measure_shouting,
    measure_topics,
    measure_voice,
    sentiment_causes,
    view_of,
)
from composer.core.tone.profile import (
    DisclosureLimit,
    NumericLimit,
    ToneConfigError,
    ToneProfile,
    ToneSettings,
)
from composer.core.tone.sentiment import VaderScorer

_SYMBOLS = "$€£¥₹₩₽₺₪₫₱₴₦฿"
_AMOUNT = r"\d(?:[\d,.]*\d)?"
_CODES = (
    "USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "NZD", "INR", "CNY", "SEK", "NOK", "DKK",
    "PLN", "MXN", "BRL", "ZAR",
)  # fmt: skip
#: Dollars written with their country: A$20, US$20, C$15, HK$99, R$50.
_DOLLAR_PREFIXES = ("A", "AU", "C", "CA", "NZ", "HK", "US", "S", "R", "MX")
#: Prices: a currency symbol before a number ($19.99, €5) or after it (19,99 €, 10€), or a
#: currency code or word after it (20 GBP, 5 euros).
PRICE_PATTERN = (
    rf"(?<![\p{{L}}\p{{N}}])[{_SYMBOLS}]\s?{_AMOUNT}(?!\d)"
    rf"|(?<![\p{{L}}\p{{N}}.,]){_AMOUNT}\s?"
    rf"(?:[{_SYMBOLS}]|(?:{'|'.join(_CODES)}|dollars?|euros?)(?![\p{{L}}\p{{N}}]))"
)
PRICE_FIRSTS = frozenset(_SYMBOLS + "0123456789")
#: Prices that start with letters: a currency code before the number (USD 20, CHF 9.90) or a
#: country's dollar sign (US$20, A$15).
PRICE_CODE_PATTERN = (
    rf"(?<![\p{{L}}\p{{N}}])(?:(?:{'|'.join(_CODES)})\s?|(?:{'|'.join(_DOLLAR_PREFIXES)})\$\s?)"
    rf"{_AMOUNT}(?!\d)"
)
_CODE_STARTS = {code[:2].lower() for code in _CODES} | {
    (prefix + "$")[:2].lower() for prefix in _DOLLAR_PREFIXES
}
PRICE_CODE_PREFIXES: Prefixes = (2, frozenset(_CODE_STARTS))
PRICE_CODE_FIRSTS = frozenset(start[0] for start in _CODE_STARTS)

#: Rule ids by profile key.
RULE_IDS: Mapping[str, str] = MappingProxyType(
    {
        "sentiment": "Tone.Sentiment",
        "exclamations": "Tone.Exclamations",
        "exclamation_run": "Tone.ExclamationRun",
        "shouting": "Tone.Shouting",
        "emoji": "Tone.Emoji",
        "hashtags": "Tone.Hashtags",
        "mentions": "Tone.Mentions",
        "links": "Tone.Links",
        "promotional": "Tone.Promotional",
        "profanity": "Tone.Profanity",
        "readability": "Tone.Readability",
        "grade": "Tone.Grade",
        "topics": "Tone.Topic",
        "voice": "Tone.Voice",
        "disclosure": "Tone.Disclosure",
        "media": "Tone.Media",
    }
)

# How a count reads in a message: (singular, plural).
_NOUNS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "exclamations": ("exclamation mark", "exclamation marks"),
        "exclamation_run": ("mark in a row", "marks in a row"),
        "shouting": ("shouted word", "shouted words"),
        "emoji": ("emoji", "emoji"),
        "hashtags": ("hashtag", "hashtags"),
        "mentions": ("mention", "mentions"),
        "links": ("link", "links"),
        "profanity": ("profane word", "profane words"),
    }
)
_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "sentiment": "Sentiment",
        "promotional": "Promotional score",
        "readability": "Reading ease",
        "grade": "Grade level",
    }
)
_FORBID_TEXT: Mapping[str, str] = MappingProxyType(
    {
        "promotional": "Promotional language",
        "profanity": "Profanity",
        "shouting": "Shouting (all-caps words)",
        "exclamations": "Exclamation marks",
        "emoji": "Emoji",
        "hashtags": "Hashtags",
        "mentions": "Mentions",
        "links": "Links",
    }
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken limit: it becomes one finding with all its spans.

    Attributes:
        rule: Rule id, e.g. ``Tone.Sentiment``.
        measure: The measurement name it is about (``topic.politics`` for a topic).
        level: Severity.
        message: The sentence shown to the user.
        reason: A short phrase for route verdicts ("promotional language").
        spans: The words that caused it (the whole draft for a whole-draft measure).
    """

    rule: str
    measure: str
    level: Level
    message: str
    reason: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class ToneResult:
    """What a tone check says about one draft for one profile."""

    findings: tuple[Finding, ...]
    measurements: Mapping[str, Measurement]
    violations: tuple[Violation, ...] = ()

    @property
    def metrics(self) -> Mapping[str, float]:
        """Measurement values by name."""
        return MappingProxyType({k: m.value for k, m in self.measurements.items()})


@cache
def _vader() -> SentimentModel:
    """VADER's analyzer, built once per process (it reads its lexicon files when built)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # noqa: PLC0415

    model: SentimentModel = SentimentIntensityAnalyzer()
    return model


@cache
def _scorer() -> VaderScorer:
    """VADER's compound score, computed quickly (see ``sentiment``), built once per process."""
    return VaderScorer(_vader())  # type: ignore[arg-type]


@cache
def _negations() -> frozenset[str]:
    from vaderSentiment import vaderSentiment  # noqa: PLC0415

    return frozenset(w.lower() for w in vaderSentiment.NEGATE) | {"never", "no", "nothing"}


_SIBILANT_ENDS = ("ss", "x", "z", "ch", "sh")


def topic_forms(term: str) -> tuple[str, ...]:
    """A topic term and its plural ("prime minister" also matches "prime ministers").

    The last word takes ``-s``, ``-es`` after a sibilant, ``-ies`` for a consonant and ``y``,
    ``-men`` for ``-man``. Terms ending in ``*`` or in anything but a letter (and words that
    already end in a single ``s``) are left as they are.
    """
    text = term.strip()
    last = text[-1:].lower()
    if not (last.isascii() and last.isalpha()) or (last == "s" and not text.lower().endswith("ss")):
        return (text,)
    lower = text.lower()
    if lower.endswith(_SIBILANT_ENDS):
        plural = text + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiouy":
        plural = text[:-1] + "ies"
    elif lower.endswith("man"):
        plural = text[:-3] + text[-3:-2] + "en"
    else:
        plural = text + "s"
    return (text, plural)


def _count(value: float) -> str:
    return f"{value:g}"


def _value_text(measure: str, value: float) -> str:
    if measure == "sentiment":
        return f"{value:.2f}"
    if measure in ("readability", "grade", "promotional"):
        return f"{value:.1f}".removesuffix(".0")
    return _count(value)


def _quote(words: Iterable[str], limit: int = 5) -> str:
    unique = list(dict.fromkeys(words))
    shown = ", ".join(f"'{w}'" for w in unique[:limit])
    return shown + (f" and {len(unique) - limit} more" if len(unique) > limit else "")


_RATING_WORDS = {"0": "rarely profane", "1": "maybe profane", "2": "likely profane"}


def _rated(details: Iterable[str]) -> str:
    """Profanity details (``word (rating N)``) as ``'word' (likely profane)``."""
    out = []
    for detail in dict.fromkeys(details):
        word, _, rating = detail.rpartition(" (rating ")
        out.append(f"'{word}' ({_RATING_WORDS.get(rating.rstrip(')'), 'rated')})")
    return ", ".join(out)


def _owner(handle: str) -> str:
    return f"{handle}'s"


#: Analyzers built in another process (see :func:`learn_tone_analyzer`): the settings,
#: accepted vocabulary, lexicon folder and its state each was built from, and the analyzer.
_TAUGHT: list[tuple[ToneSettings, tuple[str, ...], str, str, ToneAnalyzer]] = []
#: Guide loads run on worker threads: one takes a taught analyzer at a time.
_TAUGHT_LOCK = threading.Lock()


def learn_tone_analyzer(
    analyzer: ToneAnalyzer, accepted_vocabulary: tuple[str, ...], folder: Path, state: str
) -> None:
    """Take ``analyzer``, built in another process, for the next one built alike.

    It must have been built from ``accepted_vocabulary`` and the lexicons of ``folder``
    when their :func:`lexicon_state` was ``state``; the next :class:`ToneAnalyzer` made
    with equal settings, the same vocabulary and folder, the folder's files unchanged,
    takes its compiled matchers instead of building them again. A cache of loaded guides
    keeps analyzers.
    """
    if isinstance(analyzer, ToneAnalyzer) and isinstance(state, str):
        with _TAUGHT_LOCK:
            _TAUGHT.clear()  # one guide's at a time
            _TAUGHT.append(
                (analyzer.settings, tuple(accepted_vocabulary), str(folder), state, analyzer)
            )


def forget_tone_analyzers() -> None:
    """Forget taught analyzers (for tests and benchmarks: what a fresh process knows)."""
    with _TAUGHT_LOCK:
        _TAUGHT.clear()


def _take_taught(
    settings: ToneSettings, accepted_vocabulary: tuple[str, ...], folder: Path
) -> ToneAnalyzer | None:
    """The taught analyzer built alike, removed from the taught ones; ``None`` if none is."""
    with _TAUGHT_LOCK:
        if not _TAUGHT:
            return None
        for entry in _TAUGHT:
            taught_settings, vocabulary, taught_folder, state, analyzer = entry
            if (
                vocabulary == accepted_vocabulary
                and taught_folder == str(folder)
                and taught_settings == settings
                and lexicon_state(folder) == state
            ):
                _TAUGHT.remove(entry)
                return analyzer
    return None


class ToneAnalyzer:
    """Measures drafts and checks them against the guide's tone profiles.

    Build one per guide: lexicons are read and patterns compiled here, once.
    """

    def __init__(
        self,
        settings: ToneSettings | None = None,
        *,
        accepted_vocabulary: Iterable[str] = (),
        lexicon_dir: Path | None = None,
    ) -> None:
        """Load lexicons from ``lexicon_dir`` (default: the shipped folder) and compile them.

        An analyzer taught by :func:`learn_tone_analyzer` for the same settings, accepted
        vocabulary and lexicons (their folder's files unchanged) is taken as it is, once.

        Raises:
            LexiconError: a lexicon file is missing or malformed.
            ToneConfigError: a profile forbids a topic that no lexicon defines.
        """
        accepted_vocabulary = tuple(accepted_vocabulary)
        folder = lexicon_dir or default_lexicon_dir()
        taught = _take_taught(settings or ToneSettings(), accepted_vocabulary, folder)
        if taught is not None:
            self.__dict__.update(taught.__dict__)
            return
        self.settings = settings or ToneSettings()
        lexicons: Lexicons = load_lexicons(folder)
        self.lexicons = lexicons
        topics: dict[str, tuple[str, ...]] = dict(lexicons.topics)
        for name, terms in self.settings.topics.items():
            topics[name] = topics.get(name, ()) + terms
        self.topic_names: tuple[str, ...] = tuple(sorted(topics))
        self._check_topics()
        self._topics: PhraseMatcher[str] = PhraseMatcher(
            (form, name)
            for name, terms in topics.items()
            for term in terms
            for form in topic_forms(term)
        )
        self._promo: PhraseMatcher[tuple[str, float]] = PhraseMatcher(
            ((p, (c.name, c.weight)) for c in lexicons.promotional for p in c.phrases),
            patterns=[
                (PRICE_PATTERN, ("price", lexicons.price_weight), PRICE_FIRSTS),
                RawPattern(
                    PRICE_CODE_PATTERN,
                    ("price", lexicons.price_weight),
                    PRICE_CODE_FIRSTS,
                    PRICE_CODE_PREFIXES,
                ),
            ],
        )
        self._profanity = ProfanityMatcher(
            [(t.term, t.rating) for t in lexicons.profanity], self.settings.profanity_allow
        )
        vocabulary = {w for term in accepted_vocabulary for w in term.split()}
        self._exempt = frozenset(lexicons.acronyms | self.settings.acronyms | vocabulary)
        tags = set(self.settings.disclosure_tags)
        for profile in self.settings.profiles.values():
            if profile.disclosure is not None:
                tags.update(profile.disclosure.tags)
        self._tags = frozenset(tags)
        self._vader: SentimentModel = _scorer()
        self._negations = _negations()

    def compile_all(self) -> None:
        """Compile every pattern now, the lazily compiled ones too (before keeping it)."""
        self._topics.compile_all()
        self._promo.compile_all()
        self._profanity.compile_all()

    def _check_topics(self) -> None:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for name, profile in self.settings.profiles.items():
            if profile.topics is None:
                continue
            for i, topic in enumerate(profile.topics.forbid):
                if topic not in self.topic_names:
                    known = ", ".join(self.topic_names)
                    problems.append(
                        (
                            ("profiles", name, "topics", "forbid", i),
                            f"unknown topic {topic!r} (known: {known})",
                        )
                    )
        if problems:
            raise ToneConfigError(problems)

    # --- measuring ---

    def measure(
        self,
        text: str,
        *,
        entities: tuple[EntitySpan, ...] | None = None,
        clusters: tuple[tuple[int, int, str], ...] | None = None,
    ) -> Mapping[str, Measurement]:
        """Every measure of ``text`` by name (readability only for drafts of 10+ words).

        ``entities`` (``find_entities(text)``) and ``clusters`` (``candidate_clusters(text)``)
        may be given when the caller has them already.
        """
        view = view_of(text, entities=entities, clusters=clusters)
        return MappingProxyType({m.name: m for m in self._measure_view(view)})

    def _measure_view(self, view: DraftView) -> list[Measurement]:
        out = [
            measure_sentiment(view, self._vader, self._negations),
            measure_exclamations(view),
            measure_exclamation_run(view),
            measure_shouting(view, self._exempt),
            measure_emoji(view),
            measure_entities(view, HASHTAG, "hashtags"),
            measure_entities(view, MENTION, "mentions"),
            measure_entities(view, URL, "links"),
            measure_promotional(view, self._promo),
            *measure_topics(view, self._topics, self.topic_names),
            measure_profanity(view, self._profanity, self.settings.profanity_threshold),
        ]
        readability = measure_readability(view)
        if readability is not None:
            out.extend(readability)
        out.extend(measure_voice(view))
        out.append(measure_disclosure(view, self._tags))
        return out

    # --- checking ---

    def profile(self, name: str) -> ToneProfile:
        """The profile called ``name``.

        Raises:
            ToneConfigError: there is no such profile.
        """
        try:
            return self.settings.profiles[name]
        except KeyError:
            known = ", ".join(sorted(self.settings.profiles)) or "none"
            raise ToneConfigError(
                [(("profiles", name), f"no tone profile named {name!r} (profiles: {known})")]
            ) from None

    def check(
        self,
        text: str,
        profile: str,
        *,
        handle: str = "this account",
        entities: tuple[EntitySpan, ...] | None = None,
        clusters: tuple[tuple[int, int, str], ...] | None = None,
    ) -> ToneResult:
        """Measure ``text`` and check it against the profile called ``profile``.

        Args:
            text: The draft.
            profile: A profile name from the guide's ``tone.profiles``.
            handle: Named in messages ("@AcmeHelp's minimum").
            entities: ``find_entities(text)``, when the caller has them already.
            clusters: ``candidate_clusters(text)``, when the caller has them already.

        Raises:
            ToneConfigError: there is no such profile.
        """
        measurements = self.measure(text, entities=entities, clusters=clusters)
        return self.check_measured(text, measurements, profile, handle=handle)

    def check_measured(
        self,
        text: str,
        measurements: Mapping[str, Measurement],
        profile: str | ToneProfile,
        *,
        handle: str = "this account",
    ) -> ToneResult:
        """Like :meth:`check`, reusing ``measurements`` of ``text`` (one measure, many accounts).

        ``profile`` is a profile's name, or a profile itself (the part of an account's profile
        that applies to alt text, see ``composer.core.tone.media``).
        """
        prof = profile if isinstance(profile, ToneProfile) else self.profile(profile)
        whole = ((0, len(text)),)
        violations: list[Violation] = []
        owner = _owner(handle)
        for name, limit in prof.limits.items():
            found = measurements.get(name)
            if found is not None:
                violation = self._numeric(name, limit, found, owner, handle)
                if violation is not None:
                    violations.append(violation)
        if prof.topics is not None:
            for topic in prof.topics.forbid:
                found = measurements.get(f"topic.{topic}")
                if found is not None and found.value > 0:
                    violations.append(
                        Violation(
                            "Tone.Topic",
                            found.name,
                            prof.topics.level,
                            f"{topic.capitalize()} is a forbidden topic on {handle} "
                            f"(found: {_quote(found.detail)})",
                            f"topic: {topic}",
                            found.spans,
                        )
                    )
        if prof.voice is not None:
            wrong = "voice_i" if prof.voice.require == "we" else "voice_we"
            found = measurements.get(wrong)
            if found is not None and found.value > 0:
                want = "we" if prof.voice.require == "we" else "I"
                other = "I" if want == "we" else "we"
                violations.append(
                    Violation(
                        "Tone.Voice",
                        wrong,
                        prof.voice.level,
                        f"{handle[:1].upper()}{handle[1:]} speaks as '{want}', not '{other}' "
                        f"(found: {_quote(found.detail)})",
                        f"'{other}' voice",
                        found.spans,
                    )
                )
        if prof.disclosure is not None:
            violation = self._disclosure(prof.disclosure, measurements, handle)
            if violation is not None:
                violations.append(violation)
        # One finding per broken limit, however many words broke it (30 emoji: one finding
        # with 30 spans), so a problem is listed and scored once.
        findings = [
            Finding.spanning(
                v.spans or whole,
                rule=v.rule,
                level=v.level,
                message=v.message,
                source=Source.TONE,
                description=v.reason,
            )
            for v in violations
        ]
        return ToneResult(sort_findings(findings), measurements, tuple(violations))

    def _numeric(
        self, name: str, limit: NumericLimit, found: Measurement, owner: str, handle: str
    ) -> Violation | None:
        value = found.value
        rule = RULE_IDS[name]
        if limit.forbid and value > 0:
            what = _FORBID_TEXT.get(name, name)
            verb = (
                "are"
                if name in ("exclamations", "emoji", "hashtags", "mentions", "links")
                else "is"
            )
            shown = _rated(found.detail) if name == "profanity" else _quote(found.detail)
            return Violation(
                rule,
                name,
                limit.level,
                f"{what} {verb} not allowed on {handle} (found: {shown})",
                what.lower().removesuffix(" (all-caps words)"),
                found.spans,
            )
        below = limit.min is not None and value < limit.min
        above = limit.max is not None and value > limit.max
        if not (below or above):
            return None
        bound = limit.min if below else limit.max
        assert bound is not None
        word = "minimum" if below else "maximum"
        spans = found.spans
        words = list(found.detail)
        if name == "sentiment":
            causes = sentiment_causes(found, self._vader, self._negations, negative=below)
            spans = tuple(s for s, _ in causes)
            words = [w for _, w in causes]
        cause = f" (words: {_quote(words)})" if name == "sentiment" and words else ""
        if name in _NOUNS:
            singular, plural = _NOUNS[name]
            noun = singular if value == 1 else plural
            verb = "is" if value == 1 else "are"
            comparison = "more" if above else "fewer"
            message = (
                f"{_count(value)} {noun} {verb} {comparison} than {owner} {word} of {_count(bound)}"
            )
            if words:
                shown = _rated(words) if name == "profanity" else _quote(words)
                message += f" (found: {shown})"
            reason = f"too many {plural}" if above else f"too few {plural}"
        else:
            title = _TITLES.get(name, name)
            message = (
                f"{title} {_value_text(name, value)} is {'below' if below else 'above'} "
                f"{owner} {word} of {_value_text(name, bound)}{cause}"
            )
            if name in ("promotional",) and words:
                message += f" (found: {_quote(words)})"
            reason = f"{title.lower()} {'below minimum' if below else 'above maximum'}"
            if name == "promotional":
                reason = "too much promotional language"
        return Violation(rule, name, limit.level, message, reason, spans)

    def _disclosure(
        self, limit: DisclosureLimit, measurements: Mapping[str, Measurement], handle: str
    ) -> Violation | None:
        promo = measurements.get("promotional")
        if promo is None:
            return None
        needed = promo.value > 0 if limit.when_score is None else promo.value >= limit.when_score
        if not needed:
            return None
        present = measurements.get("disclosure")
        if present is not None and set(present.detail) & set(limit.tags):
            return None
        tags = " or ".join(f"'{t}'" for t in limit.tags)
        found = f" (found: {_quote(promo.detail)})" if promo.detail else ""
        return Violation(
            "Tone.Disclosure",
            "disclosure",
            limit.level,
            f"Promotional posts on {handle} need a disclosure: add {tags}{found}",
            "missing disclosure",
            promo.spans,
        )
