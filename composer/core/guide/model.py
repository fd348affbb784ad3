"""The brand guide as loaded: frozen values the checker, the UI and the CLI read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from composer.core.errors import ConfigError
from composer.core.findings import Level
from composer.core.guide.media_options import MediaOptions
from composer.core.rules.base import Rule

#: A level override: a level, or ``None`` for ``off``.
LevelOverride = Level | None
COUNTING_CONFIGS = ("v1", "v2", "v3")
DEFAULT_HANDLE = "default"


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Slot:
    """A recurring posting slot such as ``Mon-Fri 09:00``.

    Attributes:
        days: Weekdays, 0 = Monday.
        hour: 0..23.
        minute: 0..59.
        text: As written in the guide.
    """

    days: tuple[int, ...]
    hour: int
    minute: int
    text: str


@dataclass(frozen=True, slots=True)
class Blackout:
    """A period with no posting (ISO 8601 dates or date-times, in the schedule's time zone)."""

    start: str
    end: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MixRule:
    """A content-mix rule such as "at most 1 promotional post in any 4".

    A post counts toward the rule when its tone ``measure`` is at least ``threshold``. A run
    rule: no run of ``in_any`` consecutive posts of the account may hold more than ``at_most``
    such posts. A share rule (``per`` set): in each calendar ``per`` of the account's time
    zone, counted posts are at most ``percent`` of all its posts (see ``min_posts``).

    Attributes:
        measure: A tone measure name (``promotional``, ``emoji``, ``topic.politics``...).
        at_most: How many counted posts a run may hold (1 or more, less than ``in_any``).
        in_any: The run's length in consecutive posts (2 or more); 0 for a share rule.
        threshold: A post counts when its measure is at least this (default 1).
        percent: A share rule's most counted posts, in percent of the period's posts.
        per: A share rule's period: ``day``, ``week`` (Monday to Sunday) or ``month``;
            empty for a run rule.
        min_posts: A share rule judges a period as holding at least this many posts, so its
            first counted posts are allowed; 0 (the default) means ``ceil(100 / percent)``:
            one counted post is always allowed (one announcement in a week of 20%).
    """

    measure: str
    at_most: int
    in_any: int
    threshold: float = 1.0
    percent: float = 0.0
    per: str = ""
    min_posts: int = 0

    @property
    def is_share(self) -> bool:
        """Whether this is a share-per-period rule rather than a run rule."""
        return bool(self.per)

    def __str__(self) -> str:
        if self.is_share:
            share = f"{self.percent:g}%"
            after = f" (counted from {self.min_posts} posts)" if self.min_posts else ""
            return f"at most {share} {self.measure} posts a {self.per}{after}"
        noun = "post" if self.at_most == 1 else "posts"
        return f"at most {self.at_most} {self.measure} {noun} in any {self.in_any}"


@dataclass(frozen=True, slots=True)
class Schedule:
    """When an account posts.

    Attributes:
        timezone: IANA time zone the slots and blackouts are written in.
        slots: Recurring posting slots.
        min_gap_minutes: Least time between two posts of the account.
        max_per_day: Most posts per local day (0 = no limit).
        blackouts: Periods with no posting.
        mix: Content-mix rules, checked when posts are queued and the queue is reordered.
    """

    timezone: str = "UTC"
    slots: tuple[Slot, ...] = ()
    min_gap_minutes: int = 0
    max_per_day: int = 0
    blackouts: tuple[Blackout, ...] = ()
    mix: tuple[MixRule, ...] = ()


@dataclass(frozen=True, slots=True)
class Account:
    """One brand account.

    Attributes:
        handle: ``@AcmeHelp`` (with the ``@``).
        purpose: What the account is for.
        limit: Characters per post in the counting config's units (default 140).
        counting: ``v1``, ``v2`` or ``v3`` (twitter-text configs).
        tone: The tone profile's name, or empty.
        levels: Rule id -> level override (``None`` = off).
        schedule: Posting schedule.
        review: ``reviewers``, ``approval``, ``review_target_minutes`` and
            ``reply_approval`` kept as read.
        media: The media rules' numbers set for this account (over the guide's ``media``).
    """

    handle: str
    purpose: str = ""
    limit: int = 140
    counting: str = "v1"
    tone: str = ""
    levels: Mapping[str, LevelOverride] = field(default_factory=_empty)
    schedule: Schedule | None = None
    review: Mapping[str, Any] = field(default_factory=_empty)
    media: MediaOptions = field(default_factory=MediaOptions)

    @property
    def name(self) -> str:
        """The handle without ``@``."""
        return self.handle.lstrip("@")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Brand terms (``accept``: exact case enforced, exceptions to every rule) and ``reject``."""

    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Guide:
    """A loaded brand guide.

    Attributes:
        brand: The brand's name.
        language: Language for grammar and spelling (``en-US``).
        path: The file it came from.
        rules: Every rule, from styles and inline, in load order.
        vocabulary: Accepted and rejected terms.
        accounts: At least one account (a default one when the guide names none).
        levels: Guide-level overrides (``None`` = off).
        tone: The parsed ``tone`` section (``ToneSettings``), the raw mapping while the tone
            module is missing, or ``None``.
        notices: Things the user should know that are not errors (skipped rules).
        min_alert_level: Findings below this level are dropped (``.vale.ini``'s MinAlertLevel).
        lt_disabled_rules: LanguageTool rule ids to switch off (``grammar.disabled_rules``).
        lt_disabled_categories: LanguageTool categories to switch off.
        media: The media rules' numbers for every account (``media``).
    """

    brand: str
    language: str = "en-US"
    path: str = ""
    rules: tuple[Rule, ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    accounts: tuple[Account, ...] = (Account(DEFAULT_HANDLE),)
    levels: Mapping[str, LevelOverride] = field(default_factory=_empty)
    tone: Any = None
    notices: tuple[str, ...] = ()
    min_alert_level: Level = Level.SUGGESTION
    lt_disabled_rules: tuple[str, ...] = ()
    lt_disabled_categories: tuple[str, ...] = ()
    media: MediaOptions = field(default_factory=MediaOptions)

    def account(self, handle: str) -> Account:
        """Find an account by handle, case-insensitively, with or without ``@``.

        Raises:
            ConfigError: no such account (the message lists the known ones).
        """
        wanted = handle.strip().lstrip("@").lower()
        for account in self.accounts:
            if account.name.lower() == wanted:
                return account
        known = ", ".join(a.handle for a in self.accounts) or "none"
        raise ConfigError(f"unknown account {handle!r} in the guide (accounts: {known})")

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id.

        Raises:
            KeyError: no such rule.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
