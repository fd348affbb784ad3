"""Tone profiles: the guide's ``tone:`` section, parsed into typed limits.

A profile maps measure names to limits (``min``, ``max``, ``forbid``, ``require``) and a level.
:func:`parse_tone_section` checks the whole section and reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from composer.core.errors import KnownError
from composer.core.findings import Level

KeyPath = tuple[str | int, ...]

#: Disclosure tags used when a profile says ``disclosure: {require: true}``.
DEFAULT_DISCLOSURE_TAGS = ("#ad", "#sponsored", "#paid", "#partner")
#: Default lowest profanity rating that is reported (0..2).
DEFAULT_PROFANITY_THRESHOLD = 1

#: Numeric measures a profile may limit, with whether ``forbid`` makes sense for them.
NUMERIC_MEASURES: Mapping[str, bool] = MappingProxyType(
    {
        "sentiment": False,
        "exclamations": True,
        "exclamation_run": False,
        "shouting": True,
        "emoji": True,
        "hashtags": True,
        "mentions": True,
        "links": True,
        "promotional": True,
        "profanity": True,
        "readability": False,
        "grade": False,
    }
)
#: Measures whose values are counts (limits must be zero or more).
COUNT_MEASURES = frozenset(
    {"exclamations", "exclamation_run", "shouting", "emoji", "hashtags", "mentions", "links"}
    | {"promotional", "profanity"}
)
#: The longest word or phrase in a tone word list, and the most words in one list.
MAX_TERM_CHARS = 100
MAX_TERMS = 5_000
#: Every key a profile may hold.
PROFILE_KEYS = frozenset(NUMERIC_MEASURES) | {"topics", "voice", "disclosure", "media"}
#: Measures that default to ``error``; every other limit defaults to ``warning``.
ERROR_BY_DEFAULT = frozenset({"topics", "profanity"})


class ToneConfigError(KnownError):
    """The ``tone:`` section has problems: ``problems`` pairs a key path with a message."""

    def __init__(self, problems: list[tuple[KeyPath, str]]) -> None:
        self.problems: list[tuple[KeyPath, str]] = list(problems)
        super().__init__(
            "\n".join(f"{format_path(p)}: {m}" for p, m in self.problems) or "invalid tone section"
        )


def format_path(path: KeyPath) -> str:
    """``("profiles", "support", "emoji", "max")`` as ``tone.profiles.support.emoji.max``."""
    out = "tone"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


@dataclass(frozen=True, slots=True)
class NumericLimit:
    """Bounds on one numeric measure; ``forbid`` means the value must be 0."""

    level: Level
    min: float | None = None
    max: float | None = None
    forbid: bool = False


@dataclass(frozen=True, slots=True)
class TopicLimit:
    """Topics a profile forbids."""

    forbid: tuple[str, ...]
    level: Level = Level.ERROR


@dataclass(frozen=True, slots=True)
class VoiceLimit:
    """The first-person voice a profile requires: ``we`` or ``I``."""

    require: str
    level: Level = Level.WARNING


@dataclass(frozen=True, slots=True)
class DisclosureLimit:
    """Tags one of which must appear when promotional language is found.

    ``when_score`` is the promotional score from which disclosure is needed; ``None`` means
    whenever any promotional language is found (score above 0).
    """

    tags: tuple[str, ...]
    level: Level = Level.WARNING
    when_score: float | None = None


@dataclass(frozen=True, slots=True)
class ToneProfile:
    """One named tone profile."""

    name: str
    limits: Mapping[str, NumericLimit]
    topics: TopicLimit | None = None
    voice: VoiceLimit | None = None
    disclosure: DisclosureLimit | None = None
    #: How many pictures, GIFs and videos a post may carry (``max``, or ``forbid``: none);
    #: not a measure of the text, so not in ``limits`` (see ``composer.core.tone.media``).
    media: NumericLimit | None = None


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ToneSettings:
    """Everything the guide's ``tone:`` section says.

    Attributes:
        profiles: Profiles by name.
        topics: Extra topic lexicons, or terms added to a shipped topic of the same name.
        profanity_allow: Words never reported as profanity (lower case).
        profanity_threshold: Lowest rating reported (0..2).
        acronyms: All-caps words that are not shouting (in addition to the shipped list).
        disclosure_tags: Tags accepted for ``disclosure: {require: true}`` (lower case).
    """

    profiles: Mapping[str, ToneProfile] = field(default_factory=_empty)
    topics: Mapping[str, tuple[str, ...]] = field(default_factory=_empty)
    profanity_allow: frozenset[str] = frozenset()
    profanity_threshold: int = DEFAULT_PROFANITY_THRESHOLD
    acronyms: frozenset[str] = frozenset()
    disclosure_tags: tuple[str, ...] = DEFAULT_DISCLOSURE_TAGS


_TYPE_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "true/false"),
    ((int, float), "a number"),
    (str, "text"),
    (list, "a list"),
    (dict, "a mapping"),
)


def _type_name(value: object) -> str:
    """How a YAML value's type reads in a message."""
    if value is None:
        return "nothing"
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


class _Parser:
    """Collects problems while reading the section."""

    def __init__(self, known_topics: Iterable[str] | None) -> None:
        self.problems: list[tuple[KeyPath, str]] = []
        self.known_topics = None if known_topics is None else {t.lower() for t in known_topics}

    def problem(self, path: KeyPath, message: str) -> None:
        self.problems.append((path, message))

    def str_list(self, value: object, path: KeyPath) -> tuple[str, ...]:
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            self.problem(path, f"expected a list of words, got {_type_name(value)}")
            return ()
        if len(value) > MAX_TERMS:
            self.problem(path, f"a word list may hold at most {MAX_TERMS:,} words")
            return ()
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and len(item.strip()) > MAX_TERM_CHARS:
                # Matchers build a pattern per character of a term: keep them phrase-sized.
                message = f"a word or phrase may have at most {MAX_TERM_CHARS} characters"
                self.problem((*path, i), message)
            elif isinstance(item, str) and item.strip():
                out.append(item.strip())
            else:
                self.problem((*path, i), f"expected a word, got {_type_name(item)}")
        return tuple(out)

    def number(self, value: object, path: KeyPath) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(path, f"expected a number, got {_type_name(value)}")
            return None
        return float(value)

    def level(self, body: Mapping[str, Any], path: KeyPath, default: Level) -> Level:
        if "level" not in body:
            return default
        raw = body["level"]
        if not isinstance(raw, str):
            self.problem(
                (*path, "level"), f"expected error, warning or suggestion, got {_type_name(raw)}"
            )
            return default
        try:
            return Level.parse(raw)
        except ValueError as exc:
            self.problem((*path, "level"), str(exc))
            return default

    def keys(self, body: Mapping[str, Any], path: KeyPath, allowed: Iterable[str]) -> None:
        allowed_set = set(allowed)
        for key in body:
            if key not in allowed_set:
                names = ", ".join(sorted(allowed_set))
                self.problem((*path, str(key)), f"unknown key {key!r} (expected one of: {names})")

    def no_bounds(self, body: Mapping[str, Any], path: KeyPath, *, can_forbid: bool) -> None:
        """Report a limit that sets nothing, unless a bound is there but was unreadable."""
        # An unreadable bound ({max: "two"}) has been reported already, at its own key.
        if not {"min", "max", "forbid"} & set(body):
            self.problem(path, "a limit needs min, max" + (" or forbid" if can_forbid else ""))

    def numeric(self, measure: str, body: object, path: KeyPath) -> NumericLimit | None:
        if not isinstance(body, dict):
            self.problem(path, f"expected a mapping such as {{max: 1}}, got {_type_name(body)}")
            return None
        can_forbid = NUMERIC_MEASURES[measure]
        allowed = {"min", "max", "level"} | ({"forbid"} if can_forbid else set())
        self.keys(body, path, allowed)
        level = self.level(
            body, path, Level.ERROR if measure in ERROR_BY_DEFAULT else Level.WARNING
        )
        low = self.number(body["min"], (*path, "min")) if "min" in body else None
        high = self.number(body["max"], (*path, "max")) if "max" in body else None
        forbid = False
        if "forbid" in body and "forbid" in allowed:
            if isinstance(body["forbid"], bool):
                forbid = body["forbid"]
            else:
                self.problem(
                    (*path, "forbid"), f"expected true or false, got {_type_name(body['forbid'])}"
                )
        if low is not None and high is not None and low > high:
            self.problem(path, f"min {low:g} is greater than max {high:g}")
        if measure == "sentiment":
            for key, bound in (("min", low), ("max", high)):
                if bound is not None and not -1.0 <= bound <= 1.0:
                    self.problem((*path, key), f"sentiment runs from -1 to 1, got {bound:g}")
        if measure in COUNT_MEASURES:
            for key, bound in (("min", low), ("max", high)):
                if bound is not None and bound < 0:
                    self.problem((*path, key), f"a count cannot be negative, got {bound:g}")
        if low is None and high is None and not forbid:
            self.no_bounds(body, path, can_forbid=can_forbid)
            return None
        return NumericLimit(level=level, min=low, max=high, forbid=forbid)

    def topics(self, body: object, path: KeyPath) -> TopicLimit | None:
        if not isinstance(body, dict):
            self.problem(path, f"expected {{forbid: [politics, religion]}}, got {_type_name(body)}")
            return None
        self.keys(body, path, {"forbid", "level"})
        level = self.level(body, path, Level.ERROR)
        if "forbid" not in body:
            self.problem(path, "'forbid' lists the topics this profile forbids")
            return None
        names = self.str_list(body["forbid"], (*path, "forbid"))
        if self.known_topics is not None:
            for i, name in enumerate(names):
                if name.lower() not in self.known_topics:
                    known = ", ".join(sorted(self.known_topics))
                    self.problem((*path, "forbid", i), f"unknown topic {name!r} (known: {known})")
        return TopicLimit(tuple(n.lower() for n in names), level)

    def voice(self, body: object, path: KeyPath) -> VoiceLimit | None:
        if not isinstance(body, dict):
            self.problem(path, f"expected {{require: we}}, got {_type_name(body)}")
            return None
        self.keys(body, path, {"require", "level"})
        level = self.level(body, path, Level.WARNING)
        person = body.get("require")
        if not isinstance(person, str) or person.strip().lower() not in ("we", "i"):
            self.problem((*path, "require"), f"expected 'we' or 'I', got {person!r}")
            return None
        return VoiceLimit(person.strip().lower(), level)

    def disclosure(
        self, body: object, path: KeyPath, defaults: tuple[str, ...]
    ) -> DisclosureLimit | None:
        if not isinstance(body, dict):
            self.problem(path, f"expected {{require: ['#ad']}}, got {_type_name(body)}")
            return None
        self.keys(body, path, {"require", "level", "when_score"})
        level = self.level(body, path, Level.WARNING)
        raw = body.get("require")
        if raw is True:
            tags = defaults
        elif raw is None or raw is False:
            self.problem((*path, "require"), "expected a list of tags such as ['#ad'] or true")
            return None
        else:
            tags = self.tags(raw, (*path, "require"))
        when = (
            self.number(body["when_score"], (*path, "when_score")) if "when_score" in body else None
        )
        if when is not None and when < 0:
            self.problem((*path, "when_score"), f"a score cannot be negative, got {when:g}")
        return DisclosureLimit(tags, level, when)

    def media(self, body: object, path: KeyPath) -> NumericLimit | None:
        """``media: {max: 1}`` or ``{forbid: true}``: pictures, GIFs and videos on a post."""
        if not isinstance(body, dict):
            self.problem(
                path, f"expected a mapping such as {{forbid: true}}, got {_type_name(body)}"
            )
            return None
        self.keys(body, path, {"max", "forbid", "level"})
        level = self.level(body, path, Level.WARNING)
        high = self.number(body["max"], (*path, "max")) if "max" in body else None
        if high is not None and (high < 0 or not high.is_integer()):
            self.problem((*path, "max"), f"expected a whole number of 0 or more, got {high:g}")
            high = None
        forbid = False
        if "forbid" in body:
            if isinstance(body["forbid"], bool):
                forbid = body["forbid"]
            else:
                self.problem(
                    (*path, "forbid"), f"expected true or false, got {_type_name(body['forbid'])}"
                )
        if high is None and not forbid:
            if not {"max", "forbid"} & set(body):
                self.problem(path, "a media limit needs max or forbid")
            return None
        return NumericLimit(level=level, max=high, forbid=forbid)

    def tags(self, raw: object, path: KeyPath) -> tuple[str, ...]:
        out = []
        for i, tag in enumerate(self.str_list(raw, path)):
            if not tag.startswith(("#", "＃")) or len(tag) < 2 or " " in tag:
                self.problem(
                    (*path, i), f"a disclosure tag is a hashtag such as '#ad', got {tag!r}"
                )
            else:
                out.append("#" + tag[1:].lower())
        return tuple(out)

    def profile(
        self, name: str, body: object, path: KeyPath, defaults: tuple[str, ...]
    ) -> ToneProfile | None:
        if body is None:
            return ToneProfile(name, MappingProxyType({}))
        if not isinstance(body, dict):
            self.problem(
                path, f"a profile is a mapping of measures to limits, got {_type_name(body)}"
            )
            return None
        limits: dict[str, NumericLimit] = {}
        topics = voice = disclosure = media = None
        for key, value in body.items():
            where = (*path, str(key))
            if key in NUMERIC_MEASURES:
                limit = self.numeric(key, value, where)
                if limit is not None:
                    limits[key] = limit
            elif key == "topics":
                topics = self.topics(value, where)
            elif key == "voice":
                voice = self.voice(value, where)
            elif key == "disclosure":
                disclosure = self.disclosure(value, where, defaults)
            elif key == "media":
                media = self.media(value, where)
            else:
                known = ", ".join(sorted(PROFILE_KEYS))
                self.problem(where, f"unknown measure {key!r} (known: {known})")
        return ToneProfile(name, MappingProxyType(limits), topics, voice, disclosure, media)

    def profiles(self, raw: object, tags: tuple[str, ...]) -> dict[str, ToneProfile]:
        out: dict[str, ToneProfile] = {}
        if not isinstance(raw, dict):
            what = _type_name(raw)
            self.problem(
                ("profiles",), f"expected a mapping of profile names to limits, got {what}"
            )
            return out
        for name, body in raw.items():
            if not isinstance(name, str) or not name.strip():
                self.problem(("profiles", str(name)), "a profile name must be text")
                continue
            profile = self.profile(name, body, ("profiles", name), tags)
            if profile is not None:
                out[name] = profile
        return out


#: Keys the ``tone:`` section may hold.
SECTION_KEYS = frozenset(
    {"profiles", "topics", "profanity_allow", "profanity_threshold", "acronyms", "disclosure_tags"}
)


def parse_tone_section(
    data: Mapping[str, Any], *, known_topics: Iterable[str] | None = None
) -> ToneSettings:
    """Read the guide's whole ``tone:`` mapping.

    Args:
        data: The mapping under ``tone:``.
        known_topics: Topic names available from the lexicon folder; when given, a profile that
            forbids any other topic (and not one the section itself defines) is a problem.

    Raises:
        ToneConfigError: every problem found (unknown measure or key, wrong type, min above
            max, unknown level or topic...), each with its key path.
    """
    if not isinstance(data, Mapping):
        raise ToneConfigError([((), f"the tone section must be a mapping, got {_type_name(data)}")])
    extra_topics: dict[str, tuple[str, ...]] = {}
    p = _Parser(None)
    p.keys(data, (), SECTION_KEYS)
    raw_topics = data.get("topics", {})
    if isinstance(raw_topics, dict):
        for name, terms in raw_topics.items():
            extra_topics[str(name).lower()] = p.str_list(terms, ("topics", str(name)))
    else:
        p.problem(
            ("topics",),
            f"expected a mapping of topic names to word lists, got {_type_name(raw_topics)}",
        )
    if known_topics is not None:
        p.known_topics = {t.lower() for t in known_topics} | set(extra_topics)
    allow = p.str_list(data.get("profanity_allow", []), ("profanity_allow",))
    acronyms = p.str_list(data.get("acronyms", []), ("acronyms",))
    threshold = data.get("profanity_threshold", DEFAULT_PROFANITY_THRESHOLD)
    if isinstance(threshold, bool) or threshold not in (0, 1, 2):
        p.problem(("profanity_threshold",), f"expected 0, 1 or 2, got {threshold!r}")
        threshold = DEFAULT_PROFANITY_THRESHOLD
    tags: tuple[str, ...] = DEFAULT_DISCLOSURE_TAGS
    if "disclosure_tags" in data:
        tags = p.tags(data["disclosure_tags"], ("disclosure_tags",))
    profiles = p.profiles(data.get("profiles", {}), tags)
    if p.problems:
        raise ToneConfigError(p.problems)
    return ToneSettings(
        profiles=MappingProxyType(profiles),
        topics=MappingProxyType(extra_topics),
        profanity_allow=frozenset(a.lower() for a in allow),
        profanity_threshold=int(threshold),
        acronyms=frozenset(acronyms),
        disclosure_tags=tags,
    )
