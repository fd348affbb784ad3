"""VADER's compound sentiment score, computed as ``vaderSentiment`` 3.3.2 does, only faster.

``SentimentIntensityAnalyzer.polarity_scores`` rebuilds its text one character at a time to
replace emoji, and lower-cases the whole word list again for every sentiment word it looks
at (twice, in its negation and idiom checks). :class:`VaderScorer` follows the same rules in
the same order (so the floating-point result is identical, which the tests check against the
library on random and hand-made texts), but tokenises and lower-cases once and only visits
the words VADER scores. It reads the lexicons and constants from the installed library.

Only the compound score is computed; the measures use nothing else.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Protocol

from vaderSentiment import vaderSentiment

_PUNCTUATION = string.punctuation
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ANY_CHARACTER = re.compile(r"(?s).")
_BOOSTER: Mapping[str, float] = vaderSentiment.BOOSTER_DICT
_SPECIAL: Mapping[str, float] = vaderSentiment.SPECIAL_CASES
_NEGATE = frozenset(vaderSentiment.NEGATE)
_C_INCR: float = vaderSentiment.C_INCR
_N_SCALAR: float = vaderSentiment.N_SCALAR
# Words that can be part of a multi-word special case or booster: an idiom check over a
# window without any of them changes nothing.
_MULTI_WORDS = frozenset(
    word for key in (*_SPECIAL, *_BOOSTER) if " " in key for word in key.split(" ")
)


class _Analyzer(Protocol):
    """What is read from VADER's analyzer: its word and emoji lexicons."""

    lexicon: dict[str, float]
    emojis: dict[str, str]


class VaderScorer:
    """VADER's compound score for a text, equal to ``polarity_scores(text)["compound"]``.

    Args:
        analyzer: A ``vaderSentiment`` ``SentimentIntensityAnalyzer`` (its lexicons are used).
    """

    def __init__(self, analyzer: _Analyzer) -> None:
        self.lexicon: dict[str, float] = analyzer.lexicon
        # VADER looks emoji up one character at a time: longer keys never match.
        self._emoji = {key: text for key, text in analyzer.emojis.items() if len(key) == 1}
        # Emoji are looked for among the characters that could be one: the non-ASCII ones
        # (a class of a thousand astral characters is slow to scan with).
        self._candidates = (
            _ANY_CHARACTER if any(key.isascii() for key in self._emoji) else _NON_ASCII
        )

    def polarity_scores(self, text: str) -> dict[str, float]:
        """``{"compound": score}``: the part of VADER's answer the measures read."""
        return {"compound": self.compound(text)}

    def compound(self, text: str) -> float:
        """VADER's compound score of ``text``, rounded to four decimals as VADER does."""
        text = self._describe_emoji(text).strip()
        # VADER strips the punctuation around a token unless that leaves two characters or
        # fewer (emoticons such as ":)" stay whole).
        words = [
            stripped if len(stripped := token.strip(_PUNCTUATION)) > 2 else token
            for token in text.split()
        ]
        if not words:
            return 0.0
        lower = [word.lower() for word in words]
        lexicon = self.lexicon
        hits = [i for i, word in enumerate(lower) if word in lexicon and word not in _BOOSTER]
        valences: list[float] = []
        positions: list[int] = []
        if hits:
            count = len(words)
            capitals = sum(1 for word in words if word.isupper())
            cap_differential = 0 < count - capitals < count
            for i in hits:
                if i < count - 1 and lower[i] == "kind" and lower[i + 1] == "of":
                    continue
                valences.append(self._valence(words, lower, i, cap_differential=cap_differential))
                positions.append(i)
        if "but" in lower:
            # VADER's contrast check rescales the whole list, zeros included, looking each
            # value up by equality; it is rebuilt in full to repeat that exactly.
            sentiments: list[float] = [0] * len(words)
            for i, valence in zip(positions, valences, strict=True):
                sentiments[i] = valence
            valences = _but_check(lower, sentiments)
        total = float(sum(valences))
        emphasis = _punctuation_emphasis(text)
        if total > 0:
            total += emphasis
        elif total < 0:
            total -= emphasis
        return round(float(vaderSentiment.normalize(total)), 4)

    def _describe_emoji(self, text: str) -> str:
        """VADER's emoji step: each emoji character becomes its description."""
        if not self._emoji or (text.isascii() and self._candidates is _NON_ASCII):
            return text
        emoji = self._emoji
        found = [m.start() for m in self._candidates.finditer(text) if m.group() in emoji]
        if not found:
            return text
        out: list[str] = []
        pos = 0
        prev_space = True
        for at in found:
            if at > pos:
                out.append(text[pos:at])
                prev_space = text[at - 1] == " "
            if not prev_space:
                out.append(" ")
            out.append(self._emoji[text[at]])
            prev_space = False
            pos = at + 1
        out.append(text[pos:])
        return "".join(out)

    def _valence(
        self, words: list[str], lower: list[str], i: int, *, cap_differential: bool
    ) -> float:
        """The valence of the lexicon word ``i`` (VADER's ``sentiment_valence``)."""
        lexicon = self.lexicon
        item = lower[i]
        valence: float = lexicon[item]
        if item == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (
            (i > 0 and lower[i - 1] == "no")
            or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))
        ):
            valence = lexicon[item] * _N_SCALAR
        if words[i].isupper() and cap_differential:
            if valence > 0:
                valence += _C_INCR
            else:
                valence -= _C_INCR
        for start_i in range(3):
            before = i - (start_i + 1)
            if i > start_i and lower[before] not in lexicon:
                scalar = _scalar(
                    words[before], lower[before], valence, cap_differential=cap_differential
                )
                if start_i == 1 and scalar != 0:
                    scalar = scalar * 0.95
                if start_i == 2 and scalar != 0:
                    scalar = scalar * 0.9
                valence = valence + scalar
                valence = _negation_check(valence, lower, start_i, i)
                if start_i == 2:
                    valence = _idioms_check(valence, lower, i)
        return _least_check(valence, lower, i, lexicon)


def _scalar(word: str, lower: str, valence: float, *, cap_differential: bool) -> float:
    """VADER's ``scalar_inc_dec``: a booster or dampener before a sentiment word."""
    booster = _BOOSTER.get(lower)
    if booster is None:
        return 0.0
    scalar = booster
    if valence < 0:
        scalar *= -1
    if word.isupper() and cap_differential:
        if valence > 0:
            scalar += _C_INCR
        else:
            scalar -= _C_INCR
    return scalar


def _negated(word: str) -> bool:
    """VADER's ``negated`` of one (already lower-case) word; it lower-cases it again."""
    word = word.lower()
    return word in _NEGATE or "n't" in word


def _negation_check(valence: float, lower: list[str], start_i: int, i: int) -> float:
    if start_i == 0:
        if _negated(lower[i - 1]):
            valence = valence * _N_SCALAR
    elif start_i == 1:
        if lower[i - 2] == "never" and lower[i - 1] in ("so", "this"):
            valence = valence * 1.25
        elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
            pass
        elif _negated(lower[i - 2]):
            valence = valence * _N_SCALAR
    elif (lower[i - 3] == "never" and lower[i - 2] in ("so", "this")) or (
        lower[i - 1] in ("so", "this")
    ):
        valence = valence * 1.25
    elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
        pass
    elif _negated(lower[i - 3]):
        valence = valence * _N_SCALAR
    return valence


def _idioms_check(valence: float, lower: list[str], i: int) -> float:
    """VADER's ``_special_idioms_check`` (called with ``i >= 3``)."""
    if not any(word in _MULTI_WORDS for word in lower[i - 3 : i + 3]):
        return valence
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if sequence in _SPECIAL:
            valence = _SPECIAL[sequence]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in _SPECIAL:
            valence = _SPECIAL[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in _SPECIAL:
            valence = _SPECIAL[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTER:
            valence = valence + _BOOSTER[n_gram]
    return valence


def _least_check(valence: float, lower: list[str], i: int, lexicon: Mapping[str, float]) -> float:
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * _N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * _N_SCALAR
    return valence


def _but_check(lower: list[str], sentiments: list[float]) -> list[float]:
    """VADER's ``_but_check``, including its lookup of each value by equality."""
    but = lower.index("but")
    for k in range(len(sentiments)):
        sentiment = sentiments[k]
        at = sentiments.index(sentiment)
        if at < but:
            sentiments[at] = sentiment * 0.5
        elif at > but:
            sentiments[at] = sentiment * 1.5
    return sentiments


def _punctuation_emphasis(text: str) -> float:
    """VADER's emphasis from exclamation marks (up to four) and question marks (two or more)."""
    ep_count = min(text.count("!"), 4)
    ep_amplifier = ep_count * 0.292
    qm_count = text.count("?")
    qm_amplifier: float = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    return ep_amplifier + qm_amplifier
