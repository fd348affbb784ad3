"""The tone measures: pure functions from a draft to a value, a unit and the spans behind it.

Every measure reads a :class:`DraftView` (the draft plus its entities and two masked copies,
built once per draft) and returns a :class:`Measurement`. Spans are Python indices into the
draft; when a measurement has ``detail``, ``detail[i]`` describes ``spans[i]``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import regex

from composer.core.text.clusters import candidate_clusters
from composer.core.text.folding import fold
from composer.core.tone.entities import CASHTAG, HASHTAG, MENTION, URL, EntitySpan, find_entities
from composer.core.tone.matchers import Match, PhraseMatcher, ProfanityMatcher

#: Fewest words (URLs and entities excluded) for a readability score to mean anything.
MIN_READABILITY_WORDS = 10


class SentimentModel(Protocol):
    """What the measures need from VADER's ``SentimentIntensityAnalyzer``."""

    lexicon: dict[str, float]

    def polarity_scores(self, text: str) -> dict[str, float]:
        """VADER's scores, including ``compound``."""
        ...


@dataclass(frozen=True, slots=True)
class Measurement:
    """One measured property of a draft.

    Attributes:
        name: Measure name, e.g. ``sentiment`` or ``topic.politics``.
        value: The measured value.
        unit: What the value counts, in words (``marks``, ``compound score``...).
        spans: The parts of the draft that produced the value (Python indices).
        detail: Matched words or phrases; ``detail[i]`` belongs to ``spans[i]`` when both exist.
    """

    name: str
    value: float
    unit: str
    spans: tuple[tuple[int, int], ...] = ()
    detail: tuple[str, ...] = ()


# Measurements of nothing found are the same for every draft: shared, as they are immutable.
_ZERO_EXCLAMATIONS = Measurement("exclamations", 0.0, "marks")
_ZERO_EXCLAMATION_RUN = Measurement("exclamation_run", 0.0, "marks")
_ZERO_SHOUTING = Measurement("shouting", 0.0, "words")
_ZERO_EMOJI = Measurement("emoji", 0.0, "emoji")


@functools.lru_cache(maxsize=256)
def _zero_topic(name: str) -> Measurement:
    return Measurement(f"topic.{name}", 0.0, "terms")


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """What a measure means, for tooltips and the docs."""

    name: str
    title: str
    unit: str
    definition: str
    range: str


_DEFINITIONS: tuple[MeasureInfo, ...] = (
    MeasureInfo(
        "sentiment",
        "Sentiment",
        "compound score",
        "VADER compound sentiment of the draft with URLs and mentions removed; spans are the "
        "words VADER scores (and negations such as 'never').",
        "-1 (very negative) to 1 (very positive)",
    ),
    MeasureInfo(
        "exclamations",
        "Exclamation marks",
        "marks",
        "Number of exclamation marks (!, ！, ‼ counts two, ❗, ❕); spans are each run of marks.",
        "0 or more",
    ),
    MeasureInfo(
        "exclamation_run",
        "Longest exclamation run",
        "marks",
        "Length of the longest run of consecutive exclamation marks ('!!!' is 3); the span "
        "is that run.",
        "0 or more",
    ),
    MeasureInfo(
        "shouting",
        "Shouted words",
        "words",
        "Words of three or more letters written all in capitals, outside URLs, mentions, "
        "hashtags and cashtags, that are not acronyms (shipped list plus the guide's) or "
        "accepted vocabulary; words with digits (codes like RAIN40) are not shouting.",
        "0 or more",
    ),
    MeasureInfo(
        "emoji",
        "Emoji",
        "emoji",
        "Grapheme clusters (regex \\X) that display as emoji: flags, keycaps, ZWJ sequences "
        "and skin tones count once each; text symbols such as ™ do not count.",
        "0 or more",
    ),
    MeasureInfo("hashtags", "Hashtags", "hashtags", "Number of #hashtags.", "0 or more"),
    MeasureInfo(
        "mentions", "Mentions", "mentions", "Number of @mentions (and @user/list).", "0 or more"
    ),
    MeasureInfo("links", "Links", "links", "Number of URLs.", "0 or more"),
    MeasureInfo(
        "promotional",
        "Promotional language",
        "points",
        "Sum of the weights of the sales phrases found (discounts and prices weigh 2; sales "
        "words, urgency and calls to action weigh 1, see resources/lexicons/promotional.yml); "
        "spans are the phrases.",
        "0 or more (0 = no promotional language)",
    ),
    MeasureInfo(
        "topic.<name>",
        "Forbidden topic",
        "terms",
        "Number of terms from the topic's lexicon (shipped politics and religion, plus the "
        "guide's) found in the draft, hashtags included; spans are the terms.",
        "0 or more",
    ),
    MeasureInfo(
        "profanity",
        "Profanity",
        "words",
        "Number of profane words rated at or above the threshold (default 1 of 0..2), "
        "leetspeak-aware ('sh1t', 'f*ck', 'a$$'), minus the guide's allow-list.",
        "0 or more",
    ),
    MeasureInfo(
        "readability",
        "Reading ease",
        "Flesch reading ease",
        "206.835 - 1.015 x words/sentences - 84.6 x syllables/words, with syllables counted by "
        "a vowel-group heuristic; only for drafts of 10 or more words (entities excluded).",
        "about 0 (very hard) to 100+ (very easy)",
    ),
    MeasureInfo(
        "grade",
        "Grade level",
        "Flesch-Kincaid grade",
        "0.39 x words/sentences + 11.8 x syllables/words - 15.59; same words and syllables as "
        "reading ease, same 10-word minimum.",
        "school grade, about 0 to 18",
    ),
    MeasureInfo(
        "voice_we",
        "'We' voice",
        "words",
        "First-person plural words: we, us, our, ours, ourselves and their contractions "
        "('US' in capitals is the country and does not count).",
        "0 or more",
    ),
    MeasureInfo(
        "voice_i",
        "'I' voice",
        "words",
        "First-person singular words: I, me, my, mine, myself and their contractions.",
        "0 or more",
    ),
    MeasureInfo(
        "disclosure",
        "Disclosure tags",
        "tags",
        "Number of disclosure hashtags (#ad, #sponsored... from the guide) in the draft.",
        "0 or more",
    ),
)


#: The post's media, measured from its attachments (not its text): not among
#: :func:`measure_definitions`, which a mix rule may count, but known to :func:`measure_info`.
MEDIA_INFO = MeasureInfo(
    "media",
    "Media",
    "items",
    "Pictures, GIFs and videos attached to the post.",
    "0 to 4",
)


def measure_definitions() -> tuple[MeasureInfo, ...]:
    """Every measure with its title, unit, definition and range (for tooltips and docs)."""
    return _DEFINITIONS


def measure_info(name: str) -> MeasureInfo:
    """The definition of ``name`` (``topic.politics`` gives the ``topic.<name>`` entry).

    Raises:
        KeyError: no such measure.
    """
    key = "topic.<name>" if name.startswith("topic.") else name
    if key == MEDIA_INFO.name:
        return MEDIA_INFO
    for info in _DEFINITIONS:
        if info.name == key:
            return info
    raise KeyError(name)


# --- the draft view ---

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*")


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span (in order, not overlapping, as entities are) made spaces."""
    pieces = []
    pos = 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pieces.append(" " * (end - start))
        pos = end
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class DraftView:
    """A draft prepared once for every measure.

    Attributes:
        text: The draft.
        entities: URLs, mentions, hashtags and cashtags.
        scan: The draft with URLs and mentions blanked out (same length): what word lists read,
            so hashtags (#sale, #election) still count and "shop" inside a URL does not.
        prose: The draft with every entity blanked out: what word counts and voice read.
        words: Spans of the words in ``prose``.
        clusters: Grapheme clusters that may be emoji (``candidate_clusters``), if known.
        folded: ``fold(scan)`` for the word lists, if known.
        word_texts: The words of ``prose`` (``word_texts[i]`` is at ``words[i]``), if known.
    """

    text: str
    entities: tuple[EntitySpan, ...]
    scan: str
    prose: str
    words: tuple[tuple[int, int], ...]
    clusters: tuple[tuple[int, int, str], ...] | None = None
    folded: str | None = None
    word_texts: tuple[str, ...] | None = None

    def texts_of_words(self) -> tuple[str, ...]:
        """The words of ``prose`` as strings, in order."""
        if self.word_texts is not None:
            return self.word_texts
        return tuple(self.prose[s:e] for s, e in self.words)

    def entity_spans(self, kind: str) -> tuple[tuple[int, int], ...]:
        """Spans of the entities of one kind."""
        return tuple((e.start, e.end) for e in self.entities if e.kind == kind)


def view_of(
    text: str,
    *,
    entities: tuple[EntitySpan, ...] | None = None,
    clusters: tuple[tuple[int, int, str], ...] | None = None,
) -> DraftView:
    """Prepare ``text`` for measuring.

    Args:
        text: The draft.
        entities: ``find_entities(text)``, when the caller has them already.
        clusters: ``candidate_clusters(text)``, when the caller has them already.
    """
    if entities is None:
        entities = find_entities(text)
    scan = _mask(text, [(e.start, e.end) for e in entities if e.kind in (URL, MENTION)])
    prose = _mask(scan, [(e.start, e.end) for e in entities if e.kind in (HASHTAG, CASHTAG)])
    texts, words = _words(prose)
    if clusters is None:
        clusters = candidate_clusters(text)
    return DraftView(text, entities, scan, prose, words, clusters, fold(scan), texts)


def _words(text: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """The words of ``text`` and their spans.

    Between two words stand only characters no word can start with (a letter, mark or
    number starts a word), so each word is the first occurrence of its text after the
    previous word: found with ``str.find`` rather than a match object per word.
    """
    texts: list[str] = _WORD.findall(text)
    spans = []
    pos = 0
    for word in texts:
        start = text.find(word, pos)
        pos = start + len(word)
        spans.append((start, pos))
    return tuple(texts), tuple(spans)


def _from_matches(name: str, unit: str, matches: Iterable[Match[Any]]) -> Measurement:
    found = list(matches)
    return Measurement(
        name,
        float(len(found)),
        unit,
        tuple((m.start, m.end) for m in found),
        tuple(m.text for m in found),
    )


# --- sentiment ---


def measure_sentiment(
    view: DraftView, analyzer: SentimentModel, negations: frozenset[str] = frozenset()
) -> Measurement:
    """VADER compound score of the draft (URLs and mentions removed).

    Args:
        view: The draft.
        analyzer: A ``vaderSentiment`` ``SentimentIntensityAnalyzer`` (loaded once by the caller).
        negations: Lower-case negation words to report as causes alongside scored words.
    """
    compound = float(analyzer.polarity_scores(" ".join(view.scan.split()))["compound"])
    lexicon: dict[str, float] = analyzer.lexicon
    scan = view.scan
    if scan is view.prose or (view.word_texts is not None and scan == view.prose):
        words, places = view.texts_of_words(), view.words
    else:
        words, places = _words(scan)
    known = _SCORED.get((id(lexicon), id(negations)))
    if known is None or known[0] is not lexicon or known[1] is not negations:
        if len(_SCORED) >= 16:
            _SCORED.clear()
        known = _SCORED[(id(lexicon), id(negations))] = (lexicon, negations, {})
    scored = known[2]
    spans = []
    detail = []
    for word, place in zip(words, places, strict=True):
        hit = scored.get(word)
        if hit is None:
            key = word.lower().replace("’", "'")
            hit = key in lexicon or key in negations
            if len(scored) >= _MEMO_SIZE:
                scored.clear()
            scored[word] = hit
        if hit:
            spans.append(place)
            detail.append(word)
    return Measurement(
        "sentiment", round(compound, 4), "compound score", tuple(spans), tuple(detail)
    )


# Whether a word is one VADER scores (or a negation), per lexicon and negation set: words
# repeat across drafts. Word-level and bounded; no draft is kept.
_MEMO_SIZE = 20000
_SCORED: dict[tuple[int, int], tuple[dict[str, float], frozenset[str], dict[str, bool]]] = {}


def sentiment_causes(
    measurement: Measurement,
    analyzer: SentimentModel,
    negations: frozenset[str],
    *,
    negative: bool,
) -> tuple[tuple[tuple[int, int], str], ...]:
    """The words that pushed sentiment down (``negative``) or up, with their spans."""
    lexicon: dict[str, float] = analyzer.lexicon
    out = []
    for span, word in zip(measurement.spans, measurement.detail, strict=True):
        key = word.lower().replace("’", "'")
        valence = lexicon.get(key)
        if negative:
            wanted = key in negations or (valence is not None and valence < 0)
        else:
            wanted = valence is not None and valence > 0
        if wanted:
            out.append((span, word))
    return tuple(out)


# --- punctuation, capitals, emoji, entities ---

_EXCLAIM = regex.compile(r"[!！‼❗❕]+")
_NO_EXCLAIM = regex.compile(r"[^!！‼❗❕]*")


def _marks(run: str) -> int:
    return sum(2 if c == "‼" else 1 for c in run)


def _exclamation_runs(scan: str) -> list[regex.Match[str]]:
    if "!" not in scan and (scan.isascii() or _NO_EXCLAIM.fullmatch(scan)):
        return []
    return list(_EXCLAIM.finditer(scan))


def measure_exclamations(view: DraftView) -> Measurement:
    """Exclamation marks in the draft; one span per run of marks."""
    runs = _exclamation_runs(view.scan)
    if not runs:
        return _ZERO_EXCLAMATIONS
    return Measurement(
        "exclamations",
        float(sum(_marks(m.group()) for m in runs)),
        "marks",
        tuple(m.span() for m in runs),
        tuple(m.group() for m in runs),
    )


def measure_exclamation_run(view: DraftView) -> Measurement:
    """The longest run of exclamation marks (spans: every run of that length)."""
    matches = _exclamation_runs(view.scan)
    if not matches:
        return _ZERO_EXCLAMATION_RUN
    runs = [(m.span(), m.group(), _marks(m.group())) for m in matches]
    longest = max((n for _, _, n in runs), default=0)
    kept = [(span, text) for span, text, n in runs if n == longest]
    return Measurement(
        "exclamation_run",
        float(longest),
        "marks",
        tuple(s for s, _ in kept),
        tuple(t for _, t in kept),
    )


def _is_shouted(word: str) -> bool:
    letters = 0
    for c in word:
        if c.isdigit() or c.islower():
            return False
        if c.isalpha():
            if not c.isupper():
                return False  # caseless scripts (CJK, Arabic) cannot shout
            letters += 1
    return letters >= 3


def measure_shouting(view: DraftView, exempt: frozenset[str] = frozenset()) -> Measurement:
    """All-caps words of three or more letters that are not acronyms or accepted vocabulary.

    Args:
        view: The draft.
        exempt: Words written exactly as they may appear in capitals (``FAQ``, ``USB``).
    """
    spans = []
    detail = []
    for word, place in zip(view.texts_of_words(), view.words, strict=True):
        # ``isupper`` holds for every shouted word: a cheap test that passes over the rest.
        if (
            word.isupper()
            and _is_shouted(word)
            and word not in exempt
            and word.replace("’", "'") not in exempt
        ):
            spans.append(place)
            detail.append(word)
    if not spans:
        return _ZERO_SHOUTING
    return Measurement("shouting", float(len(spans)), "words", tuple(spans), tuple(detail))


_EMOJI = regex.compile(
    r"\p{Emoji_Presentation}|\p{Extended_Pictographic}[\U0001F3FB-\U0001F3FF]?\uFE0F"
    r"|\p{Regional_Indicator}|[#*0-9]\uFE0F?\u20E3"
)


def measure_emoji(view: DraftView) -> Measurement:
    """Emoji, counted as grapheme clusters (a flag or a family is one emoji)."""
    clusters = view.clusters if view.clusters is not None else candidate_clusters(view.text)
    found = [(start, end, cluster) for start, end, cluster in clusters if _EMOJI.match(cluster)]
    if not found:
        return _ZERO_EMOJI
    return Measurement(
        "emoji",
        float(len(found)),
        "emoji",
        tuple((start, end) for start, end, _ in found),
        tuple(cluster for _, _, cluster in found),
    )


def measure_entities(view: DraftView, kind: str, name: str) -> Measurement:
    """How many entities of ``kind`` (``hashtag``, ``mention``, ``url``) the draft has."""
    found = [e for e in view.entities if e.kind == kind]
    return Measurement(
        name,
        float(len(found)),
        name,
        tuple((e.start, e.end) for e in found),
        tuple(view.text[e.start : e.end] for e in found),
    )


# --- word lists ---


def measure_promotional(view: DraftView, matcher: PhraseMatcher[tuple[str, float]]) -> Measurement:
    """Promotional score: the summed weights of sales phrases and prices found.

    ``detail[i]`` is the phrase as written; the matcher's payload is ``(category, weight)``.
    """
    hits = matcher.find(view.scan, view.folded)
    score = sum(m.payload[1] for m in hits)
    return Measurement(
        "promotional",
        float(score),
        "points",
        tuple((m.start, m.end) for m in hits),
        tuple(m.text for m in hits),
    )


def measure_topics(
    view: DraftView, matcher: PhraseMatcher[str], names: Iterable[str]
) -> tuple[Measurement, ...]:
    """One ``topic.<name>`` measurement per topic in ``names``: its lexicon terms found."""
    hits = matcher.find(view.scan, view.folded)
    if not hits:
        return tuple(_zero_topic(name) for name in names)
    return tuple(
        _from_matches(f"topic.{name}", "terms", (m for m in hits if m.payload == name))
        for name in names
    )


def measure_profanity(
    view: DraftView, matcher: ProfanityMatcher, threshold: int = 1
) -> Measurement:
    """Profane words rated ``threshold`` or more (0..2), leetspeak-aware.

    ``detail[i]`` reads ``word (rating N)``.
    """
    hits = [m for m in matcher.find(view.scan, view.folded) if m.payload[1] >= threshold]
    return Measurement(
        "profanity",
        float(len(hits)),
        "words",
        tuple((m.start, m.end) for m in hits),
        tuple(f"{m.text} (rating {m.payload[1]})" for m in hits),
    )


# --- readability ---

_SENTENCE_END = regex.compile(r"[.!?…。！？]+|\n+")
_VOWEL_GROUP = re.compile(r"[aeiouy]{1,2}")
_SILENT_TAIL = re.compile(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$")
_SILENT_BEFORE_SUFFIX = re.compile(r"([^aeiouy])e(ment|ments|ly|ful|ness|less)$")


def syllables(word: str) -> int:
    """Syllables in an English word, by a vowel-group heuristic (at least 1).

    Drops a silent ``e`` before ``-ment``, ``-ly``, ``-ful``, ``-ness``, ``-less``, a silent
    ending (``-es``, ``-ed``, ``-e`` after a consonant other than ``l``) and a leading ``y``,
    then counts groups of one or two vowels. Words of three letters or fewer, and words that
    are not plain Latin letters, count one syllable.
    """
    w = word.lower().replace("’", "").replace("'", "")
    if len(w) <= 3 or not w.isascii() or not w.isalpha():
        return 1
    w = _SILENT_BEFORE_SUFFIX.sub(r"\1\2", w)
    w = _SILENT_TAIL.sub("", w).removeprefix("y")
    return max(1, len(_VOWEL_GROUP.findall(w)))


def _has_letter(text: str) -> bool:
    """Whether ``text`` holds a letter (``str.isalpha`` of some character)."""
    return not text.isdigit() and any(c.isalpha() for c in text)


@functools.lru_cache(maxsize=16384)
def _word_syllables(word: str) -> int:
    """Syllables of a word that has a letter, else 0 (it is not counted as a word).

    Remembered per word (bounded): a draft is measured again on every keystroke and words
    repeat across drafts. A word-level memo; it holds no draft.
    """
    return syllables(word) if _has_letter(word) else 0


def measure_readability(view: DraftView) -> tuple[Measurement, Measurement] | None:
    """Flesch reading ease and Flesch-Kincaid grade, or ``None`` below the word minimum."""
    prose = view.prose
    counts = [n for n in map(_word_syllables, view.texts_of_words()) if n]
    if len(counts) < MIN_READABILITY_WORDS:
        return None
    pieces = _SENTENCE_END.split(prose)
    sentences = max(1, sum(1 for p in pieces if _has_letter(p)))
    syl = sum(counts)
    per_sentence = len(counts) / sentences
    per_word = syl / len(counts)
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    whole = ((0, len(view.text)),)
    return (
        Measurement("readability", round(ease, 1), "Flesch reading ease", whole),
        Measurement("grade", round(grade, 1), "Flesch-Kincaid grade", whole),
    )


# --- voice ---

_WE = frozenset(
    {"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll", "we'd", "let's"}
)
_I = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i've", "i'll", "i'd"})
# Each word's voice: 1 for "we", 2 for "I", 0 for neither (word-level memo, bounded).
_VOICE: dict[str, int] = {}


def _voice_kind(raw: str) -> int:
    word = raw.lower().replace("’", "'")
    kind = 1 if word in _WE and raw != "US" else 2 if word in _I else 0
    if len(_VOICE) >= _MEMO_SIZE:
        _VOICE.clear()
    _VOICE[raw] = kind
    return kind


def measure_voice(view: DraftView) -> tuple[Measurement, Measurement]:
    """First-person words: ``voice_we`` (we, us, our...) and ``voice_i`` (I, me, my...)."""
    we: list[tuple[int, int]] = []
    i_form: list[tuple[int, int]] = []
    for raw, place in zip(view.texts_of_words(), view.words, strict=True):
        kind = _VOICE.get(raw)
        if kind is None:
            kind = _voice_kind(raw)
        if kind == 1:
            we.append(place)
        elif kind == 2:
            i_form.append(place)
    return (
        Measurement(
            "voice_we", float(len(we)), "words", tuple(we), tuple(view.text[s:e] for s, e in we)
        ),
        Measurement(
            "voice_i",
            float(len(i_form)),
            "words",
            tuple(i_form),
            tuple(view.text[s:e] for s, e in i_form),
        ),
    )


# --- disclosure ---


def measure_disclosure(view: DraftView, tags: frozenset[str]) -> Measurement:
    """Disclosure hashtags present; ``tags`` are lower-case with their ``#``.

    ``detail[i]`` is the tag found, lower-cased.
    """
    found = [e for e in view.entities if e.kind == HASHTAG and _tag(view.text, e) in tags]
    return Measurement(
        "disclosure",
        float(len(found)),
        "tags",
        tuple((e.start, e.end) for e in found),
        tuple(_tag(view.text, e) for e in found),
    )


def _tag(text: str, entity: EntitySpan) -> str:
    """A hashtag as compared with disclosure tags: lower case, ASCII ``#``."""
    return "#" + text[entity.start + 1 : entity.end].lower()
