"""Weighted tweet length: a port of twitter-text 3.1.0's ``parseTweet``.

The text is NFC-normalised, then walked in UTF-16 code units: a URL counts
``transformedURLLength``, an emoji sequence (v3, as twemoji-parser 11.0.2 recognises it)
counts ``defaultWeight``, any other character counts the weight of its range (an astral
character is weighed by its low surrogate's code unit, as JavaScript does). Ranges come
back as Python indices into the original text.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

import regex

from composer.core.errors import ConfigError
from composer.core.text import patterns as p
from composer.core.text.extract import url_spans_utf16

_INVALID: Final = frozenset("\ufeff\ufffe\uffff")
_PAIRED_HIGH: Final = regex.compile("[\\ud800-\\udbff](?=[\\udc00-\\udfff])")
_SURROGATE: Final = regex.compile("[\\ud800-\\udfff]")


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
    """Sums the weights of runs of code units quickly for one config."""

    def __init__(self, config: CountingConfig) -> None:
        self.config = config
        weights = [config.default_weight, *(r.weight for r in config.ranges)]
        self.categories = tuple(dict.fromkeys(weights))
        self.nonnegative = all(w >= 0 for w in weights)
        ascii_weights = {config.weight_of(c) for c in range(128)}
        self.ascii_weight = ascii_weights.pop() if len(ascii_weights) == 1 else None
        self.table: dict[int, str] = {}

    def unit(self, code_unit: int) -> int | float:
        return self.config.weight_of(code_unit)

    def run(self, units: str) -> int | float:
        """The total weight of ``units`` (no paired high surrogates in it)."""
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


@lru_cache(maxsize=64)
def _weigher(config: CountingConfig) -> _Weigher:
    return _Weigher(config)


def _normalize(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


class _Walk:
    """The JavaScript loop of ``parseTweet`` over a UTF-16 view, with bulk runs.

    Plain runs between URLs and emoji are weighed in one go while nothing in them can move
    the end of the valid range; only the run where the limit is crossed or an invalid
    character appears is walked unit by unit.
    """

    def __init__(self, view: str, cfg: CountingConfig, *, has_surrogates: bool) -> None:
        self.view = view
        self.weigher = _weigher(cfg)
        self.limit = cfg.max_weighted_tweet_length * cfg.scale
        self.has_surrogates = has_surrogates
        self.total: int | float = 0
        self.valid = True
        self.valid_index = 0

    def plain(self, start: int, end: int) -> None:
        """Weigh ``view[start:end]``, which holds no URL or emoji."""
        if start >= end:
            return
        run = self.view[start:end]
        if self.has_surrogates and not run.isascii() and max(run) >= "\ud800":
            run = _PAIRED_HIGH.sub("", run)
        weigher = self.weigher
        if self.valid and (self.total <= self.limit or not weigher.nonnegative):
            weight = weigher.run(run)
            if (
                weigher.nonnegative
                and self.total + weight <= self.limit
                and p.INVALID_CHARS.search(run) is None
            ):
                self.total += weight
                self.valid_index = end - 1
                return
            self._units(start, end)
        else:
            self.total += weigher.run(run)

    def _units(self, start: int, end: int) -> None:
        view = self.view
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
            self.total += self.weigher.unit(ord(unit))
            self.token_end(index)
            index += 1

    def token_end(self, last: int) -> None:
        """A token ends at code unit ``last``: update validity and the valid range."""
        if self.valid:
            self.valid = self.view[last : last + 1] not in _INVALID
        if self.valid and self.total <= self.limit:
            self.valid_index = last


def parse_tweet(text: str, config: str | Mapping[str, Any] | CountingConfig = "v1") -> ParseResult:
    """Weighted length, validity and ranges of ``text``, exactly as twitter-text computes them.

    Raises:
        ConfigError: ``config`` is not a known name or a valid config.
    """
    cfg = get_config(config)
    normalized = _normalize(text)
    view = p.utf16_view(normalized)
    specials: dict[int, tuple[int, int | float]] = {}
    if cfg.emoji_parsing_enabled and not view.isascii():
        for start, end in p.emoji_spans(view):
            specials[start] = (end - start, cfg.default_weight)
    url_weight = cfg.transformed_url_length * cfg.scale
    for start, _, url in url_spans_utf16(view):
        specials[start] = (len(url), url_weight)
    has_surrogates = view is not normalized or (
        not normalized.isascii() and _SURROGATE.search(normalized) is not None
    )
    walk = _Walk(view, cfg, has_surrogates=has_surrogates)
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
        walk.plain(position, start)
        length, weight = specials[start]
        walk.total += weight
        walk.token_end(start + length - 1)
        position = start + length
    walk.plain(position, len(view))

    total = walk.total
    weighted: int | float = total / cfg.scale
    if isinstance(total, int) and isinstance(cfg.scale, int) and total % cfg.scale == 0:
        weighted = total // cfg.scale
    permillage = math.floor(total / cfg.scale / cfg.max_weighted_tweet_length * 1000)
    # Like twitter-text, shift the end by the length NFC added or removed.
    valid_index = walk.valid_index + p.utf16_len(text) - len(view)
    return ParseResult(
        weighted_length=weighted,
        valid=walk.valid and 0 < weighted <= cfg.max_weighted_tweet_length,
        permillage=permillage,
        valid_range_start=0,
        valid_range_end=p.IndexMap(text)(valid_index),
        display_range_start=0,
        display_range_end=len(text) - 1 if text else 0,
    )
