"""Weighted tweet length: a port of twitter-text 3.1.0's ``parseTweet``.

The text is NFC-normalised, then walked in UTF-16 code units: a URL counts
``transformedURLLength``, an emoji sequence (v3, as twemoji-parser 11.0.2 recognises it)
counts ``defaultWeight``, any other character counts the weight of its range (an astral
character is weighed by its low surrogate's code unit, as JavaScript does). Ranges come
back as Python indices into the original text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any, Final

import regex

from composer.core.errors import ConfigError
from composer.core.text import patterns as p
from composer.core.text.extract import url_spans_utf16

_INVALID: Final = frozenset("\ufeff\ufffe\uffff")
_PAIRED_HIGH: Final = regex.compile("[\\ud800-\\udbff](?=[\\udc00-\\udfff])")
_SURROGATE: Final = regex.compile("[\\ud800-\\udfff]")
# The same as _PAIRED_HIGH for ``re``, which counts them faster; and any high surrogate.
_PAIRED_HIGH_RE: Final = re.compile("[\\ud800-\\udbff](?=[\\udc00-\\udfff])")
_HIGH_RE: Final = re.compile("[\\ud800-\\udbff]")


@dataclass(frozen=True, slots=True)
class WeightRange:
    """Code units ``start``..``end`` (inclusive) weigh ``weight``."""

    start: int
    end: int
    weight: int | float


_KEYS: Final = {
    "version": "version",
    "maxWeightedTweetLength": "max_weighted_tweet_length",
    "scale": "scale",
    "defaultWeight": "default_weight",
    "transformedURLLength": "transformed_url_length",
    "ranges": "ranges",
    "emojiParsingEnabled": "emoji_parsing_enabled",
}
_REQUIRED: Final = ("maxWeightedTweetLength", "scale", "defaultWeight", "transformedURLLength")


def _number(
    data: Mapping[str, Any], key: str, where: str, *, positive: bool = False
) -> int | float:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"counting config: {where}{key} must be a number, not {value!r}")
    if positive and value <= 0:
        raise ConfigError(f"counting config: {where}{key} must be greater than 0, not {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class CountingConfig:
    """A twitter-text counting configuration (the shape of its ``config/*.json``)."""

    version: int
    max_weighted_tweet_length: int
    scale: int
    default_weight: int
    transformed_url_length: int
    ranges: tuple[WeightRange, ...] = ()
    emoji_parsing_enabled: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CountingConfig:
        """Build a config from twitter-text's camelCase JSON keys.

        Raises:
            ConfigError: a key is missing, unknown or has a value of the wrong kind.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"counting config must be a JSON object, not {type(data).__name__}")
        unknown = sorted(str(k) for k in data if k not in _KEYS)
        if unknown:
            raise ConfigError(f"counting config: unknown key(s) {', '.join(unknown)}")
        missing = [k for k in _REQUIRED if k not in data]
        if missing:
            raise ConfigError(f"counting config: missing key(s) {', '.join(missing)}")
        raw_ranges = data.get("ranges", [])
        if not isinstance(raw_ranges, list | tuple):
            raise ConfigError("counting config: ranges must be a list")
        ranges = []
        for i, item in enumerate(raw_ranges):
            where = f"ranges[{i}]."
            if not isinstance(item, Mapping) or set(item) != {"start", "end", "weight"}:
                raise ConfigError(
                    f"counting config: ranges[{i}] needs exactly start, end and weight"
                )
            start, end = _number(item, "start", where), _number(item, "end", where)
            ranges.append(WeightRange(int(start), int(end), _number(item, "weight", where)))
        emoji = data.get("emojiParsingEnabled", False)
        if not isinstance(emoji, bool):
            raise ConfigError(
                f"counting config: emojiParsingEnabled must be true or false, not {emoji!r}"
            )
        version = data.get("version", 0)
        if isinstance(version, bool) or not isinstance(version, int):
            raise ConfigError(f"counting config: version must be an integer, not {version!r}")
        return cls(
            version=version,
            max_weighted_tweet_length=_number(data, "maxWeightedTweetLength", "", positive=True),  # type: ignore[arg-type]
            scale=_number(data, "scale", "", positive=True),  # type: ignore[arg-type]
            default_weight=_number(data, "defaultWeight", ""),  # type: ignore[arg-type]
            transformed_url_length=_number(data, "transformedURLLength", ""),  # type: ignore[arg-type]
            ranges=tuple(ranges),
            emoji_parsing_enabled=emoji,
        )

    @property
    def limit(self) -> float:
        """The user-facing limit (140 or 280): ``maxWeightedTweetLength``."""
        return self.max_weighted_tweet_length

    def weight_of(self, code_unit: int) -> int | float:
        """The weight of one UTF-16 code unit (twitter-text's ``getCharacterWeight``)."""
        for weight_range in self.ranges:
            if weight_range.start <= code_unit <= weight_range.end:
                return weight_range.weight
        return self.default_weight


_STANDARD_RANGES: Final = (
    WeightRange(0, 4351, 100),
    WeightRange(8192, 8205, 100),
    WeightRange(8208, 8223, 100),
    WeightRange(8242, 8247, 100),
)
_BUILTIN: Final = {
    "v1": CountingConfig(1, 140, 1, 1, 23),
    "v2": CountingConfig(2, 280, 100, 200, 23, _STANDARD_RANGES),
    "v3": CountingConfig(3, 280, 100, 200, 23, _STANDARD_RANGES, emoji_parsing_enabled=True),
}


def get_config(config: str | Mapping[str, Any] | CountingConfig = "v1") -> CountingConfig:
    """Resolve ``"v1"``, ``"v2"``, ``"v3"``, a camelCase mapping or a config object.

    Raises:
        ConfigError: an unknown name or a bad mapping.
    """
    if isinstance(config, CountingConfig):
        return config
    if isinstance(config, str):
        try:
            return _BUILTIN[config]
        except KeyError:
            names = ", ".join(_BUILTIN)
            raise ConfigError(f"unknown counting config {config!r} (known: {names})") from None
    return CountingConfig.from_mapping(config)


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What ``parseTweet`` reports, with ranges as inclusive Python indices."""

    weighted_length: int | float
    valid: bool
    permillage: int
    valid_range_start: int
    valid_range_end: int
    display_range_start: int
    display_range_end: int

    @property
    def valid_range(self) -> tuple[int, int]:
        """``(valid_range_start, valid_range_end)``, inclusive."""
        return (self.valid_range_start, self.valid_range_end)

    @property
    def display_range(self) -> tuple[int, int]:
        """``(display_range_start, display_range_end)``, inclusive."""
        return (self.display_range_start, self.display_range_end)

    @property
    def overflow_start(self) -> int | None:
        """Where the text stops being valid (``valid_range_end + 1``), or None if all is."""
        if self.valid_range_end >= self.display_range_end:
            return None
        return self.valid_range_end + 1


class _Weigher:
    """Weighs code units quickly for one config (built once per config, then cached)."""

    def __init__(self, config: CountingConfig) -> None:
        self.config = config
        weights = [config.default_weight, *(r.weight for r in config.ranges)]
        self.categories = tuple(dict.fromkeys(weights))
        self.nonnegative = all(w >= 0 for w in weights)
        # With integer weights any order of summing gives the same total, so runs can be
        # weighed by counting; otherwise the JavaScript order is kept where it matters.
        self.integral = all(
            isinstance(n, int) for n in (*weights, config.scale, config.transformed_url_length)
        )
        ascii_weights = {config.weight_of(c) for c in range(128)}
        self.ascii_weight = ascii_weights.pop() if len(ascii_weights) == 1 else None
        self.single = self.categories[0] if len(self.categories) == 1 else None
        self.base = config.default_weight
        self.classes = self._classes() if self.single is None else ()
        # With one other weight, counting the default-weight units is quicker for the
        # usual mostly-Latin text (the other class holds U+0000..U+10FF in the standard
        # configs): (other weight, pattern of the units *not* in the other class).
        self.other: tuple[int | float, re.Pattern[str]] | None = None
        if len(self.classes) == 1:
            extra, pattern = self.classes[0]
            self.other = (self.base + extra, re.compile("[^" + pattern.pattern[1:]))
        # code unit -> category marker (chr(index in categories)), filled on demand.
        self.table: dict[int, str] = {}
        # code unit -> weight, filled on demand.
        self.weights: dict[int, int | float] = {}
        # The weight all high surrogates share, if they do (they do in the standard configs).
        high_weights = {config.weight_of(code) for code in range(0xD800, 0xDC00)}
        self.high_weight = high_weights.pop() if len(high_weights) == 1 else None
        # plain weight of a URL or emoji text, filled on demand.
        self.token_weights: dict[str, int | float] = {}

    def _classes(self) -> tuple[tuple[int | float, re.Pattern[str]], ...]:
        """For each weight other than the default: (weight - default, its code units)."""
        bounds = {0, 0x10000}
        for weight_range in self.config.ranges:
            for bound in (weight_range.start, weight_range.end + 1):
                bounds.add(min(max(bound, 0), 0x10000))
        ordered = sorted(bounds)
        spans: dict[int | float, list[str]] = {}
        for low, high in pairwise(ordered):
            weight = self.config.weight_of(low)
            if weight != self.base:
                spans.setdefault(weight, []).append(f"\\u{low:04x}-\\u{high - 1:04x}")
        return tuple(
            (weight - self.base, re.compile("[" + "".join(parts) + "]"))
            for weight, parts in spans.items()
        )

    def unit(self, code_unit: int) -> int | float:
        """The weight of one code unit (cached ``weight_of``)."""
        weight = self.weights.get(code_unit)
        if weight is None:
            weight = self.weights[code_unit] = self.config.weight_of(code_unit)
        return weight

    def span(self, view: str, start: int, end: int, *, is_ascii: bool) -> int | float:
        """The weight of ``view[start:end]``, paired high surrogates included (integral)."""
        if self.single is not None:
            return (end - start) * self.single
        if is_ascii and self.ascii_weight is not None:
            return (end - start) * self.ascii_weight
        if self.other is not None:
            base_units = len(self.other[1].findall(view, start, end))
            return base_units * self.base + (end - start - base_units) * self.other[0]
        total: int | float = (end - start) * self.base
        for extra, pattern in self.classes:
            total += extra * len(pattern.findall(view, start, end))
        return total

    def plain(self, units: str, *, surrogates: bool = True) -> int | float:
        """The weight of ``units`` as plain text: a paired high surrogate weighs nothing.

        ``surrogates=False`` promises that ``units`` holds no surrogate code unit.
        """
        is_ascii = units.isascii()
        total = self.span(units, 0, len(units), is_ascii=is_ascii)
        if surrogates and not is_ascii:
            if self.high_weight is not None:
                total -= self.high_weight * len(_PAIRED_HIGH_RE.findall(units))
            else:
                for match in _PAIRED_HIGH_RE.finditer(units):
                    total -= self.unit(ord(match.group()))
        return total

    def token(self, units: str) -> int | float:
        """:meth:`plain` of a URL or emoji text, cached."""
        weight = self.token_weights.get(units)
        if weight is None:
            if len(self.token_weights) >= _TOKEN_CACHE_SIZE:
                self.token_weights.clear()
            weight = self.token_weights[units] = self.plain(units)
        return weight

    def run(self, units: str) -> int | float:
        """The total weight of ``units`` (no paired high surrogates in it), summed by category."""
        if self.ascii_weight is not None and units.isascii():
            return len(units) * self.ascii_weight
        if len(self.categories) == 1:
            return len(units) * self.categories[0]
        table = self.table
        for ch in set(units):
            code = ord(ch)
            if code not in table:
                table[code] = chr(self.categories.index(self.unit(code)))
        marked = units.translate(table)
        return sum(w * marked.count(chr(i)) for i, w in enumerate(self.categories))


_TOKEN_CACHE_SIZE: Final = 4096


@lru_cache(maxsize=64)
def _weigher_for(config: CountingConfig) -> _Weigher:
    return _Weigher(config)


# The last configs' weighers by identity: hashing a config (its ranges included) on every
# count costs more than the lookup it serves. Equal configs share a weigher through the
# cache above.
_BY_IDENTITY: dict[int, tuple[CountingConfig, _Weigher]] = {}


def _weigher(config: CountingConfig) -> _Weigher:
    entry = _BY_IDENTITY.get(id(config))
    if entry is not None and entry[0] is config:
        return entry[1]
    weigher = _weigher_for(config)
    if len(_BY_IDENTITY) >= 64:
        _BY_IDENTITY.clear()
    _BY_IDENTITY[id(config)] = (config, weigher)
    return weigher


def _normalize(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


class _Walk:
    """The JavaScript loop of ``parseTweet`` over a UTF-16 view, with bulk runs.

    Plain runs between URLs and emoji are weighed in one go while nothing in them can move
    the end of the valid range; only the run where the limit is crossed or an invalid
    character appears is walked unit by unit. A high surrogate followed by a low one
    weighs nothing (the low one carries the character's weight, as in JavaScript).
    """

    def __init__(
        self, view: str, cfg: CountingConfig, *, has_surrogates: bool, has_invalid: bool
    ) -> None:
        self.view = view
        self.is_ascii = view.isascii()
        self.weigher = _weigher(cfg)
        self.limit = cfg.max_weighted_tweet_length * cfg.scale
        self.has_surrogates = has_surrogates
        self.has_invalid = has_invalid
        self.total: int | float = 0
        self.valid = True
        self.valid_index = 0
        # Set when the final total is known already: stop once the limit is passed, as
        # nothing after that can change the result.
        self.stop_over_limit = False
        self.paired_highs: list[int] = (
            [m.start() for m in _PAIRED_HIGH.finditer(view)]
            if has_surrogates and self.weigher.integral
            else []
        )

    def weight(self, start: int, end: int) -> int | float:
        """The weight of ``view[start:end]`` as plain text."""
        weigher = self.weigher
        if not weigher.integral:
            run = self.view[start:end]
            if self.has_surrogates and not run.isascii() and max(run) >= "\ud800":
                run = _PAIRED_HIGH.sub("", run)
            return weigher.run(run)
        total = weigher.span(self.view, start, end, is_ascii=self.is_ascii)
        highs = self.paired_highs
        if highs:
            first = bisect_left(highs, start)
            last = bisect_left(highs, end)
            view = self.view
            for index in highs[first:last]:
                total -= weigher.unit(ord(view[index]))
        return total

    def plain(self, start: int, end: int) -> None:
        """Weigh ``view[start:end]``, which holds no URL or emoji."""
        if start >= end:
            return
        weigher = self.weigher
        if self.valid and (self.total <= self.limit or not weigher.nonnegative):
            weight = self.weight(start, end)
            if (
                weigher.nonnegative
                and self.total + weight <= self.limit
                and not (self.has_invalid and p.INVALID_CHARS.search(self.view, start, end))
            ):
                self.total += weight
                self.valid_index = end - 1
                return
            self._units(start, end)
        else:
            self.total += self.weight(start, end)

    def _units(self, start: int, end: int) -> None:
        view = self.view
        unit_weight = self.weigher.unit
        index = start
        while index < end:
            unit = view[index]
            if (
                "\ud800" <= unit <= "\udbff"
                and index + 1 < len(view)
                and "\udc00" <= view[index + 1] <= "\udfff"
            ):
                index += 1
                unit = view[index]
            self.total += unit_weight(ord(unit))
            self.token_end(index)
            if self.stop_over_limit and self.total > self.limit:
                return
            index += 1

    def token_end(self, last: int) -> None:
        """A token ends at code unit ``last``: update validity and the valid range."""
        if self.valid:
            self.valid = self.view[last : last + 1] not in _INVALID
        if self.valid and self.total <= self.limit:
            self.valid_index = last


def _quick_total(
    view: str, tokens: list[tuple[int, int, int | float]], weigher: _Weigher, *, surrogates: bool
) -> int | float | None:
    """The weighted total of ``view`` summed in bulk, or None where that could differ.

    Only for integer weights: the plain weight of the whole view, minus the plain weight
    of each URL or emoji, plus what it counts for. None when a token ends on a high
    surrogate whose low one follows it (the whole-view sum would pair them).
    """
    total = weigher.plain(view, surrogates=surrogates)
    size = len(view)
    for start, end, weight in tokens:
        if (
            surrogates
            and end < size
            and "\ud800" <= view[end - 1] <= "\udbff"
            and "\udc00" <= view[end] <= "\udfff"
        ):
            return None
        total += weight - weigher.token(view[start:end])
    return total


def _tokens(view: str, cfg: CountingConfig) -> list[tuple[int, int, int | float]]:
    """The URLs and emoji the JavaScript loop meets: (start, end, weight) in code units."""
    specials: dict[int, tuple[int, int | float]] = {}
    if cfg.emoji_parsing_enabled and not view.isascii():
        for start, end in p.emoji_spans(view):
            specials[start] = (end - start, cfg.default_weight)
    url_weight = cfg.transformed_url_length * cfg.scale
    for start, _, url in url_spans_utf16(view):
        specials[start] = (len(url), url_weight)
    tokens: list[tuple[int, int, int | float]] = []
    position = 0
    for start in sorted(specials):
        if start < position:
            continue
        if (
            start > position
            and "\udc00" <= view[start] <= "\udfff"
            and "\ud800" <= view[start - 1] <= "\udbff"
        ):
            continue  # the surrogate pair before it swallows this position, as in the JS loop
        length, weight = specials[start]
        position = start + length
        tokens.append((start, position, weight))
    return tokens


def _walk(
    walk: _Walk, tokens: list[tuple[int, int, int | float]], *, total: int | float | None
) -> None:
    """Run the JavaScript loop; with the ``total`` known, stop once it passes the limit.

    With non-negative weights the valid range cannot grow once the total passes the
    limit, and the text is then invalid whatever follows.
    """
    walk.stop_over_limit = total is not None
    position = 0
    for start, end, weight in tokens:
        walk.plain(position, start)
        if walk.stop_over_limit and walk.total > walk.limit:
            return
        walk.total += weight
        walk.token_end(end - 1)
        position = end
    walk.plain(position, len(walk.view))


def parse_tweet(text: str, config: str | Mapping[str, Any] | CountingConfig = "v1") -> ParseResult:
    """Weighted length, validity and ranges of ``text``, exactly as twitter-text computes them.

    Raises:
        ConfigError: ``config`` is not a known name or a valid config.
    """
    cfg = get_config(config)
    normalized = _normalize(text)
    view = p.utf16_view(normalized)
    is_ascii = view.isascii()
    tokens = _tokens(view, cfg)
    lone_surrogates = not is_ascii and _SURROGATE.search(normalized) is not None
    has_surrogates = view is not normalized or lone_surrogates
    has_invalid = not is_ascii and ("\ufeff" in view or "\ufffe" in view or "\uffff" in view)
    weigher = _weigher(cfg)
    quick = (
        _quick_total(view, tokens, weigher, surrogates=has_surrogates)
        if weigher.integral and weigher.nonnegative and not has_invalid
        else None
    )
    if quick is not None and quick <= cfg.max_weighted_tweet_length * cfg.scale:
        # Nothing can stop the valid range before the last code unit.
        total: int | float = quick
        valid = True
        end_index = len(view) - 1 if view else 0
    else:
        walk = _Walk(view, cfg, has_surrogates=has_surrogates, has_invalid=has_invalid)
        _walk(walk, tokens, total=quick)
        total = walk.total if quick is None else quick
        valid, end_index = walk.valid, walk.valid_index

    weighted: int | float = total / cfg.scale
    if isinstance(total, int) and isinstance(cfg.scale, int) and total % cfg.scale == 0:
        weighted = total // cfg.scale
    permillage = math.floor(total / cfg.scale / cfg.max_weighted_tweet_length * 1000)
    if view is text:
        valid_index = end_index
    elif normalized is text and end_index == len(view) - 1:
        valid_index = len(text) - 1  # the last code unit belongs to the last character
    elif normalized is text and not lone_surrogates:
        # Every surrogate in the view comes from an astral character of the text: one
        # code unit fewer for each high surrogate before the index.
        valid_index = end_index - len(_HIGH_RE.findall(view, 0, end_index))
    else:
        # Like twitter-text, shift the end by the length NFC added or removed.
        valid_index = p.IndexMap(text)(end_index + p.utf16_len(text) - len(view))
    return ParseResult(
        weighted_length=weighted,
        valid=valid and 0 < weighted <= cfg.max_weighted_tweet_length,
        permillage=permillage,
        valid_range_start=0,
        valid_range_end=valid_index,
        display_range_start=0,
        display_range_end=len(text) - 1 if text else 0,
    )
