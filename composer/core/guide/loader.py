"""Load a brand guide (YAML) or a ``.vale.ini`` into a :class:`Guide`, reporting every problem.

Problems are collected across the whole guide and the style files it uses, each located as
``FILE:LINE:COLUMN``, and raised together as one :class:`GuideError`.
"""

from __future__ import annotations

import math
import zoneinfo
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import regex

from composer.core.errors import GuideError, GuideProblem
from composer.core.findings import Level
from composer.core.guide.files import (
    FileRefused,
    guide_file_exists,
    guide_folder_exists,
    read_guide_file,
)
from composer.core.guide.media_options import MediaOptions, read_media_options
from composer.core.guide.model import (
    COUNTING_CONFIGS,
    DEFAULT_HANDLE,
    Account,
    Blackout,
    Guide,
    LevelOverride,
    MixRule,
    Schedule,
    Slot,
    Vocabulary,
)
from composer.core.guide.vale import (
    StyleLoad,
    load_rule_file,
    load_style_folder,
    parse_ini,
    read_vocabulary,
    rule_problems,
    vocabulary_term_problem,
)
from composer.core.guide.yamlmarks import KeyPath, MarkedDocument, load_marked
from composer.core.rules.base import Rule, RuleDataError
from composer.core.rules.pattern_limits import MAX_BRANCHES
from composer.core.rules.registry import SkippedRule, build_rule
from composer.core.tone import (
    ToneConfigError,
    measure_definitions,
    parse_tone_section,
    topic_names,
)

TOP_KEYS = frozenset(
    {
        "brand",
        "language",
        "vocabulary",
        "styles",
        "rules",
        "levels",
        "tone",
        "accounts",
        "grammar",
        "media",
    }
)
ACCOUNT_KEYS = frozenset(
    {
        "handle",
        "purpose",
        "limit",
        "counting",
        "tone",
        "levels",
        "schedule",
        "reviewers",
        "approval",
        "review_target_minutes",
        "reply_approval",
        "media",
    }
)
REVIEW_KEYS = ("reviewers", "approval", "review_target_minutes", "reply_approval")
SCHEDULE_KEYS = frozenset(
    {"timezone", "slots", "min_gap_minutes", "max_per_day", "blackouts", "mix"}
)
BLACKOUT_KEYS = frozenset({"start", "end", "reason"})
MIX_KEYS = frozenset({"measure", "at_most", "in_any", "threshold"})
#: A share-per-period mix rule's keys ("announcements at most 20% of posts a week").
MIX_SHARE_KEYS = frozenset({"measure", "at_most_percent", "per", "min_posts", "threshold"})
MIX_PERIODS = ("day", "week", "month")
# Tone measures a mix rule may count; ``topic.<name>`` stands for any topic lexicon. The
# post's kind (``announcement``, ``reply``) counts too (composer.core.schedule.mix).
_MIX_MEASURES = (
    *(m.name for m in measure_definitions() if m.name != "topic.<name>"),
    "announcement",
    "reply",
)
_TOPIC_MEASURE = regex.compile(r"topic\.[\w-]+")
_DAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_SLOT = regex.compile(
    r"^\s*(?:(?P<days>[A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?(?:\s*,\s*[A-Za-z]{3}(?:\s*-\s*[A-Za-z]{3})?)*"
    r"|daily)\s+)?(?P<h>\d{1,2}):(?P<m>\d{2})\s*$",
    regex.IGNORECASE,
)
_LEVEL_WORDS = ("error", "warning", "suggestion", "off")
#: The largest account limit accepted (X's longest posts are 25,000 characters); larger
#: numbers only overflow the counter's arithmetic.
MAX_LIMIT = 100_000
#: The largest ``min_gap_minutes`` accepted: one year (more overflows date arithmetic).
MAX_GAP = 366 * 24 * 60


def load_guide(path: str | Path) -> Guide:
    """Load a guide YAML file or a ``.vale.ini`` (chosen by the file's name).

    Raises:
        GuideError: every problem found, located.
    """
    guide, problems, _ = _load(Path(path))
    if problems or guide is None:
        raise GuideError(problems or [GuideProblem(str(path), 1, 1, "invalid guide")])
    return guide


def lint_guide(path: str | Path) -> list[GuideProblem]:
    """Every problem in the guide at ``path`` (empty when it loads cleanly)."""
    return _load(Path(path))[1]


def lint_guide_with_notices(path: str | Path) -> tuple[list[GuideProblem], tuple[str, ...]]:
    """Problems and the notices (skipped rules) a load of ``path`` gives.

    Notices are returned even when there are problems, so that nothing goes unsaid.
    """
    _, problems, notices = _load(Path(path))
    return problems, notices


def lint_guide_text(path: str | Path, text: str) -> list[GuideProblem]:
    """Every problem of ``text`` read as the guide at ``path`` (its styles resolved beside it).

    For a guide about to be written: the file is replaced only when this is empty.
    """
    path = Path(path)
    reader = _IniReader(path, text) if path.name.endswith(".ini") else _GuideReader(path, text)
    return reader.read()[1]


def account_problems(
    item: Mapping[str, Any], profiles: frozenset[str] | None = None
) -> list[tuple[KeyPath, str]]:
    """The problems the loader finds in one entry of ``accounts``, as the loader words them.

    Each comes with its key path inside the entry (``("schedule", "slots", 0)``), so a form
    can show the message beside the field it concerns.
    """
    reader = _AccountReader(Path("account"), "")
    reader.account(dict(item), ("accounts", 0), profiles)
    return reader.found


def _load(path: Path) -> tuple[Guide | None, list[GuideProblem], tuple[str, ...]]:
    display = str(path)
    if path.is_dir():
        return None, [GuideProblem(display, 1, 1, "the guide is a folder, not a file")], ()
    try:
        data = read_guide_file(path)
    except FileNotFoundError:
        return None, [GuideProblem(display, 1, 1, "guide file not found")], ()
    except FileRefused as exc:
        return None, [GuideProblem(display, 1, 1, f"cannot read the guide: {exc.reason}")], ()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return None, [GuideProblem(display, 1, 1, f"cannot read the guide: {reason}")], ()
    try:
        # utf-8-sig: a byte-order mark (some Windows editors write one) is not part of a key.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"the guide is not UTF-8 text (byte 0x{data[exc.start]:02x})"
        return None, [GuideProblem(display, line, column, message)], ()
    reader = _IniReader(path, text) if path.name.endswith(".ini") else _GuideReader(path, text)
    guide, problems = reader.read()
    problems.sort(key=lambda p: (p.path != display, p.path, p.line, p.column))
    return guide, problems, tuple(reader.load.notices)


class _GuideReader:
    """Reads one YAML guide, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.display = str(path)
        self.text = text
        self.problems: list[GuideProblem] = []
        self.doc = MarkedDocument(self.display, None)
        self.load = StyleLoad()

    def problem(self, key_path: KeyPath, message: str) -> None:
        self.problems.append(self.doc.problem(key_path, message))

    def read(self) -> tuple[Guide | None, list[GuideProblem]]:
        self.doc, problems = load_marked(self.text, self.display)
        self.problems.extend(problems)
        if self.doc.data is None and not problems:
            self.problem((), "the guide is empty: it needs at least 'brand'")
        if self.doc.data is None:
            return None, self.problems
        data = self.doc.data
        if not isinstance(data, dict):
            self.problem((), "the guide must be a mapping of keys such as 'brand' and 'rules'")
            return None, self.problems
        for key in data:
            if key not in TOP_KEYS:
                known = ", ".join(sorted(TOP_KEYS))
                self.problem((key,), f"unknown key {key!r} (known keys: {known})")
        brand = self.string(data, ("brand",), required=True)
        language = self.string(data, ("language",)) or "en-US"
        vocabulary = self.vocabulary(data.get("vocabulary"))
        load = self.load
        self.styles(data.get("styles"), load)
        self.inline_rules(data.get("rules"), load)
        self.problems.extend(load.problems)
        rules = self.dedupe(load)
        levels = self.levels(data.get("levels"), ("levels",))
        tone, profiles = self.tone(data.get("tone"))
        accounts = self.accounts(data.get("accounts"), profiles)
        disabled_rules, disabled_categories = self.grammar(data.get("grammar"))
        media = read_media_options(data.get("media"), ("media",), self.problem)
        if isinstance(data.get("accounts"), list):
            for index, account in enumerate(accounts):
                self.media_numbers(account.media, media, ("accounts", index))
        if self.problems:
            return None, self.problems
        guide = Guide(
            brand=brand,
            language=language,
            path=self.display,
            rules=tuple(rules),
            vocabulary=vocabulary,
            accounts=accounts,
            levels=levels,
            tone=tone,
            notices=tuple(load.notices),
            lt_disabled_rules=disabled_rules,
            lt_disabled_categories=disabled_categories,
            media=media,
        )
        return guide, []

    # -- small typed readers -------------------------------------------------------------
    def string(self, data: Mapping[str, Any], key_path: KeyPath, *, required: bool = False) -> str:
        key = str(key_path[-1])
        if key not in data:
            if required:
                self.problem(key_path[:-1], f"missing required key {key!r}")
            return ""
        value = data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(key_path, f"{key} must be a non-empty string, got {_kind(value)}")
            return ""
        return value

    def string_list(self, value: object, key_path: KeyPath) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key_path, f"{key_path[-1]} must be a list of strings, got {_kind(value)}")
            return ()
        return tuple(value)

    def integer(
        self, value: object, key_path: KeyPath, minimum: int = 0, maximum: int | None = None
    ) -> int | None:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            bounds = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"
            self.problem(
                key_path, f"{key_path[-1]} must be a whole number {bounds}, got {_kind(value)}"
            )
            return None
        return value

    def mapping(self, value: object, key_path: KeyPath) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key_path, f"{key_path[-1]} must be a mapping, got {_kind(value)}")
            return None
        return value

    def unknown_keys(
        self, data: Mapping[str, Any], known: frozenset[str], base: KeyPath, what: str
    ) -> None:
        for key in data:
            if key not in known:
                names = ", ".join(sorted(known))
                self.problem((*base, key), f"unknown {what} key {key!r} (known: {names})")

    def media_numbers(self, own: MediaOptions, guide: MediaOptions, base: KeyPath) -> None:
        """An account's ``alt_min`` over its guide's ``alt_max`` (or the other way) is a problem.

        Both set in the account's own ``media`` were judged when it was read.
        """
        if own.alt_min is not None and own.alt_max is not None:
            return
        merged = own.over(guide)
        if (
            merged.alt_min is not None
            and merged.alt_max is not None
            and merged.alt_min > merged.alt_max
        ):
            self.problem(
                (*base, "media") if own != MediaOptions() else base,
                f"alt_min ({merged.alt_min}) must not be more than alt_max "
                f"({merged.alt_max}), the guide's media and the account's together",
            )

    # -- sections ------------------------------------------------------------------------
    def vocabulary(self, value: object) -> Vocabulary:
        section = self.mapping(value, ("vocabulary",))
        if section is None:
            return Vocabulary()
        self.unknown_keys(section, frozenset({"accept", "reject"}), ("vocabulary",), "vocabulary")
        accept = self.string_list(section.get("accept"), ("vocabulary", "accept"))
        reject = self.string_list(section.get("reject"), ("vocabulary", "reject"))
        for name, terms in (("accept", accept), ("reject", reject)):
            if len(terms) > MAX_BRANCHES:
                message = f"a vocabulary list may hold at most {MAX_BRANCHES:,} terms"
                self.problem(("vocabulary", name, MAX_BRANCHES), message)
                continue
            for index, term in enumerate(terms):
                problem = vocabulary_term_problem(term, self.load.budget)
                if problem is not None:
                    self.problem(("vocabulary", name, index), problem)
        return Vocabulary(accept, reject)

    def styles(self, value: object, load: StyleLoad) -> None:
        folders = self.string_list(value, ("styles",))
        loaded: set[Path] = set()
        for index, folder in enumerate(folders):
            target = self.path.parent / folder
            if not folder.strip():
                self.problem(("styles", index), "a style folder must be named, got ''")
                continue
            if not guide_folder_exists(target):
                self.problem(("styles", index), f"style folder {folder!r} not found ({target})")
                continue
            if target.resolve() in loaded:
                self.problem(("styles", index), f"style folder {folder!r} is listed twice")
                continue
            loaded.add(target.resolve())
            display = str(Path(self.display).parent / folder) if folder else self.display
            load_style_folder(target, display.rstrip("/"), load)

    def inline_rules(self, value: object, load: StyleLoad) -> None:
        if value is None:
            return
        if not isinstance(value, list):
            self.problem(("rules",), f"rules must be a list of rules, got {_kind(value)}")
            return
        for index, item in enumerate(value):
            base: KeyPath = ("rules", index)
            if not isinstance(item, dict):
                self.problem(base, f"rule {index + 1} must be a mapping, got {_kind(item)}")
                continue
            rule_id = item.get("id")
            if not isinstance(rule_id, str) or not regex.fullmatch(r"[\w-]+\.[\w.-]+", rule_id):
                self.problem(
                    (*base, "id") if "id" in item else base,
                    f"rule {index + 1} needs an 'id' such as 'Acme.Competitors', "
                    f"got {_kind(rule_id)}",
                )
                continue
            try:
                rule = build_rule(rule_id, item, extra_keys=frozenset({"id"}), budget=load.budget)
                load.add(rule, self.display, *self.doc.where((*base, "id")))
            except SkippedRule as skipped:
                load.skipped.add(rule_id)
                line, _ = self.doc.where(base)
                load.notices.append(
                    f"{self.display}:{line}: skipped rule {rule_id}: "
                    f"'{skipped.kind}' rules are not supported"
                )
            except RuleDataError as err:
                self.problems.extend(rule_problems(self.doc, base, err))

    def dedupe(self, load: StyleLoad) -> list[Rule]:
        """The rules without repeated ids; each repeat is a problem where it is defined."""
        first: dict[str, tuple[str, int, int]] = {}
        out = []
        for rule, (path, line, column) in zip(load.rules, load.origins, strict=True):
            if rule.id in first:
                where = ":".join(map(str, first[rule.id]))
                self.problems.append(
                    GuideProblem(
                        path, line, column, f"duplicate rule id {rule.id!r} (first at {where})"
                    )
                )
                continue
            first[rule.id] = (path, line, column)
            out.append(rule)
        return out

    def levels(self, value: object, base: KeyPath) -> Mapping[str, LevelOverride]:
        section = self.mapping(value, base)
        if section is None:
            return MappingProxyType({})
        out: dict[str, LevelOverride] = {}
        for rule_id, level in section.items():
            text = str(level).strip().lower() if isinstance(level, str | bool) else None
            if level is False:
                text = "off"  # YAML reads a bare `off` as false
            if text not in _LEVEL_WORDS:
                self.problem(
                    (*base, rule_id),
                    f"unknown level {level!r} for {rule_id} "
                    "(use error, warning, suggestion or off)",
                )
                continue
            out[rule_id] = None if text == "off" else Level(text)
            if not self.load.known(str(rule_id)):
                line, column = self.doc.where((*base, rule_id))
                self.load.notices.append(
                    f"{self.display}:{line}:{column}: no rule {rule_id} in this guide, "
                    "so its level changes nothing (a typo?)"
                )
        return MappingProxyType(out)

    def tone(self, value: object) -> tuple[Any, frozenset[str] | None]:
        section = self.mapping(value, ("tone",))
        if section is None:
            return None, frozenset() if value is None else None
        try:
            settings = parse_tone_section(section, known_topics=topic_names())
        except ToneConfigError as exc:
            for key_path, message in exc.problems:
                self.problem(("tone", *key_path), message)
            # The profile names still tell which accounts name a profile that does not exist.
            named = section.get("profiles")
            return None, frozenset(map(str, named)) if isinstance(named, dict) else None
        return settings, frozenset(settings.profiles)

    def accounts(self, value: object, profiles: frozenset[str] | None) -> tuple[Account, ...]:
        if value is None:
            return (Account(DEFAULT_HANDLE),)
        if not isinstance(value, list):
            self.problem(("accounts",), f"accounts must be a list, got {_kind(value)}")
            return ()
        out: list[Account] = []
        seen: set[str] = set()
        for index, item in enumerate(value):
            account = self.account(item, ("accounts", index), profiles)
            if account is None:
                continue
            if account.name.lower() in seen:
                self.problem(("accounts", index, "handle"), f"duplicate account {account.handle!r}")
                continue
            seen.add(account.name.lower())
            out.append(account)
        return tuple(out) or (Account(DEFAULT_HANDLE),)

    def account(
        self, item: object, base: KeyPath, profiles: frozenset[str] | None
    ) -> Account | None:
        if not isinstance(item, dict):
            self.problem(base, f"an account must be a mapping, got {_kind(item)}")
            return None
        self.unknown_keys(item, ACCOUNT_KEYS, base, "account")
        handle = self.string(item, (*base, "handle"), required=True)
        if handle and not regex.fullmatch(r"@?\w{1,15}", handle):
            self.problem((*base, "handle"), f"invalid handle {handle!r} (letters, digits, _)")
        purpose = self.string(item, (*base, "purpose"))
        limit = 140
        if "limit" in item:
            limit = (
                self.integer(item["limit"], (*base, "limit"), minimum=1, maximum=MAX_LIMIT) or 140
            )
        counting = item.get("counting", "v1")
        if counting not in COUNTING_CONFIGS:
            self.problem(
                (*base, "counting"),
                f"unknown counting config {counting!r} (use v1, v2 or v3)",
            )
        tone = ""
        if "tone" in item:
            tone = self.string(item, (*base, "tone"))
            if tone and profiles is not None and tone not in profiles:
                known = ", ".join(sorted(profiles)) or "none defined"
                self.problem((*base, "tone"), f"unknown tone profile {tone!r} (profiles: {known})")
        levels = self.levels(item.get("levels"), (*base, "levels"))
        schedule = self.schedule(item.get("schedule"), (*base, "schedule"))
        review = {k: item[k] for k in REVIEW_KEYS if k in item}
        media = read_media_options(item.get("media"), (*base, "media"), self.problem)
        if not handle:
            return None
        return Account(
            handle="@" + handle.lstrip("@"),
            purpose=purpose,
            limit=limit,
            counting=str(counting),
            tone=tone,
            levels=levels,
            schedule=schedule,
            review=MappingProxyType(review),
            media=media,
        )

    def schedule(self, value: object, base: KeyPath) -> Schedule | None:
        section = self.mapping(value, base)
        if section is None:
            return None
        self.unknown_keys(section, SCHEDULE_KEYS, base, "schedule")
        timezone = section.get("timezone", "UTC")
        if not isinstance(timezone, str):
            self.problem((*base, "timezone"), f"timezone must be a string, got {_kind(timezone)}")
            timezone = "UTC"
        else:
            try:
                zoneinfo.ZoneInfo(timezone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                self.problem((*base, "timezone"), f"unknown time zone {timezone!r}")
        slots = []
        for index, text in enumerate(self.string_list(section.get("slots"), (*base, "slots"))):
            slot = _parse_slot(text)
            if slot is None:
                self.problem(
                    (*base, "slots", index),
                    f"invalid slot {text!r} "
                    "(expected e.g. 'Mon-Fri 09:00', 'Sat 10:00', 'daily 12:00')",
                )
            else:
                slots.append(slot)
        gap = (
            self.integer(
                section.get("min_gap_minutes", 0), (*base, "min_gap_minutes"), maximum=MAX_GAP
            )
            or 0
        )
        per_day = self.integer(section.get("max_per_day", 0), (*base, "max_per_day")) or 0
        blackouts = self.blackouts(section.get("blackouts"), (*base, "blackouts"))
        mix = self.mix_rules(section.get("mix"), (*base, "mix"))
        return Schedule(timezone, tuple(slots), gap, per_day, blackouts, mix)

    def blackouts(self, value: object, base: KeyPath) -> tuple[Blackout, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(base, f"blackouts must be a list, got {_kind(value)}")
            return ()
        out = []
        for index, item in enumerate(value):
            path = (*base, index)
            if not isinstance(item, dict):
                self.problem(path, "a blackout must be a mapping with start and end")
                continue
            self.unknown_keys(item, BLACKOUT_KEYS, path, "blackout")
            bounds = []
            for key in ("start", "end"):
                raw = item.get(key)
                if isinstance(raw, datetime | date):
                    bounds.append(raw.isoformat())
                    continue
                try:
                    datetime.fromisoformat(str(raw))
                    bounds.append(str(raw))
                except ValueError:
                    self.problem(
                        (*path, key), f"blackout {key} must be an ISO date, got {_kind(raw)}"
                    )
            reason = item.get("reason", "")
            if len(bounds) == 2:
                out.append(Blackout(bounds[0], bounds[1], str(reason)))
        return tuple(out)

    def mix_rules(self, value: object, base: KeyPath) -> tuple[MixRule, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(base, f"mix must be a list of rules, got {_kind(value)}")
            return ()
        out = []
        for index, item in enumerate(value):
            rule = self.mix_rule(item, (*base, index))
            if rule is not None:
                out.append(rule)
        return tuple(out)

    def mix_rule(self, item: object, path: KeyPath) -> MixRule | None:
        if not isinstance(item, dict):
            self.problem(path, "a mix rule must be a mapping with measure, at_most and in_any")
            return None
        if "per" in item or "at_most_percent" in item:
            return self.mix_share_rule(item, path)
        self.unknown_keys(item, MIX_KEYS, path, "mix rule")
        for key in ("measure", "at_most", "in_any"):
            if key not in item:
                self.problem(path, f"the mix rule is missing {key!r}")
        measure = self.mix_measure(item, path)
        at_most, in_any = (
            self.integer(item[key], (*path, key), minimum=1) if key in item else None
            for key in ("at_most", "in_any")
        )
        if at_most is not None and in_any is not None and at_most >= in_any:
            self.problem(
                (*path, "at_most"),
                f"at_most ({at_most}) must be less than in_any ({in_any}); "
                "otherwise the rule allows every order",
            )
            return None
        threshold = item.get("threshold", 1)
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not math.isfinite(threshold)
        ):
            message = f"threshold must be a number, got {_kind(threshold)}"
            self.problem((*path, "threshold"), message)
            return None
        if measure is None or at_most is None or in_any is None:
            return None
        return MixRule(measure, at_most, in_any, float(threshold))

    def mix_share_rule(self, item: Mapping[str, Any], path: KeyPath) -> MixRule | None:
        """A share-per-period rule: ``{measure, at_most_percent, per, min_posts}``."""
        for key in ("at_most", "in_any"):
            if key in item:
                self.problem(
                    (*path, key),
                    f"{key} belongs to a run rule; a share rule (per, at_most_percent) has no runs",
                )
        self.unknown_keys(
            {k: v for k, v in item.items() if k not in {"at_most", "in_any"}},
            MIX_SHARE_KEYS,
            path,
            "mix share rule",
        )
        for key in ("measure", "at_most_percent", "per"):
            if key not in item:
                self.problem(path, f"the mix share rule is missing {key!r}")
        measure = self.mix_measure(item, path)
        percent = _percent(item["at_most_percent"]) if "at_most_percent" in item else None
        if "at_most_percent" in item and percent is None:
            self.problem(
                (*path, "at_most_percent"),
                "at_most_percent must be a number above 0 and below 100 (20 or '20%'), "
                f"got {_kind(item['at_most_percent'])}",
            )
        per = item.get("per")
        if "per" in item and per not in MIX_PERIODS:
            self.problem((*path, "per"), f"per must be day, week or month, got {_kind(per)}")
            per = None
        min_posts = (
            self.integer(item["min_posts"], (*path, "min_posts"), minimum=1)
            if "min_posts" in item
            else 0
        )
        threshold = item.get("threshold", 1)
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, int | float)
            or not math.isfinite(threshold)
        ):
            message = f"threshold must be a number, got {_kind(threshold)}"
            self.problem((*path, "threshold"), message)
            return None
        if measure is None or percent is None or per is None or min_posts is None:
            return None
        return MixRule(
            measure,
            0,
            0,
            float(threshold),
            percent=percent,
            per=str(per),
            min_posts=min_posts,
        )

    def mix_measure(self, item: Mapping[str, Any], path: KeyPath) -> str | None:
        if "measure" not in item:
            return None
        measure = item["measure"]
        if isinstance(measure, str) and (
            measure in _MIX_MEASURES or _TOPIC_MEASURE.fullmatch(measure)
        ):
            return measure
        known = ", ".join((*_MIX_MEASURES, "topic.<name>"))
        self.problem(
            (*path, "measure"), f"unknown tone measure {_kind(measure)} (measures: {known})"
        )
        return None

    def grammar(self, value: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
        section = self.mapping(value, ("grammar",))
        if section is None:
            return (), ()
        known = frozenset({"disabled_rules", "disabled_categories"})
        self.unknown_keys(section, known, ("grammar",), "grammar")
        return (
            self.string_list(section.get("disabled_rules"), ("grammar", "disabled_rules")),
            self.string_list(
                section.get("disabled_categories"), ("grammar", "disabled_categories")
            ),
        )


class _AccountReader(_GuideReader):
    """Reads one account entry alone, keeping each problem's key path (for a form)."""

    def __init__(self, path: Path, text: str) -> None:
        super().__init__(path, text)
        self.found: list[tuple[KeyPath, str]] = []

    def problem(self, key_path: KeyPath, message: str) -> None:
        self.found.append((key_path[2:], message))


def _parse_slot(text: str) -> Slot | None:
    m = _SLOT.match(text)
    if m is None:
        return None
    hour, minute = int(m.group("h")), int(m.group("m"))
    if hour > 23 or minute > 59:
        return None
    days_text = (m.group("days") or "daily").lower()
    if days_text == "daily":
        return Slot(tuple(range(7)), hour, minute, text)
    days: list[int] = []
    for part in days_text.split(","):
        ends = [p.strip() for p in part.split("-")]
        if any(e not in _DAYS for e in ends):
            return None
        first, last = _DAYS[ends[0]], _DAYS[ends[-1]]
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
        days.extend(d for d in span if d not in days)
    return Slot(tuple(days), hour, minute, text)


def _percent(value: object) -> float | None:
    """A share in percent (``20``, ``12.5`` or ``"20%"``), when above 0 and below 100."""
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            value = float(value.strip()[:-1])
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and 0 < number < 100 else None


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and abs(value) >= 10**40:
        return "a number with more than 40 digits"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


# -- .vale.ini ---------------------------------------------------------------------------
_INI_CORE_KEYS = frozenset(
    {
        "StylesPath",
        "MinAlertLevel",
        "Vocab",
        "Packages",
        "IgnoredScopes",
        "SkippedScopes",
        "WordTemplate",
        "NLPEndpoint",
    }
)
_INI_SECTION_KEYS = frozenset(
    {"BasedOnStyles", "BlockIgnores", "TokenIgnores", "Transform", "Lang", "CommentDelimiters"}
)


class _IniReader:
    """Reads a ``.vale.ini`` and the styles and vocabularies it names."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.display = str(path)
        self.entries, self.problems = parse_ini(text, self.display)
        self.styles_path = path.parent
        self.styles_path_at = (1, 1)
        self.min_level = Level.SUGGESTION
        self.vocab_names: list[tuple[str, int, int]] = []
        self.based_on: list[tuple[str, int, int]] = []
        self.toggles: list[tuple[str, str, int, int]] = []
        self.load = StyleLoad()
        self.loaded_styles: set[str] = set()
        self.levels: dict[str, LevelOverride] = {}

    def add(self, line: int, column: int, message: str) -> None:
        self.problems.append(GuideProblem(self.display, line, column, message))

    def read(self) -> tuple[Guide | None, list[GuideProblem]]:
        self.settings()
        if not guide_folder_exists(self.styles_path):
            self.add(*self.styles_path_at, f"StylesPath {self.styles_path} not found")
            return None, self.problems
        self.styles()
        self.rule_toggles()
        accept, reject = self.vocabularies()
        self.problems.extend(self.load.problems)
        rules = list({rule.id: rule for rule in reversed(self.load.rules)}.values())[::-1]
        if self.problems:
            return None, self.problems
        guide = Guide(
            brand=self.path.parent.name or "Vale",
            path=self.display,
            rules=tuple(rules),
            vocabulary=Vocabulary(tuple(accept), tuple(reject)),
            accounts=(Account(DEFAULT_HANDLE),),
            levels=MappingProxyType(self.levels),
            notices=tuple(self.load.notices),
            min_alert_level=self.min_level,
        )
        return guide, []

    def settings(self) -> None:
        for e in self.entries:
            if e.section == "":
                if e.key == "StylesPath":
                    self.styles_path = self.path.parent / e.value
                    self.styles_path_at = (e.line, e.column)
                elif e.key == "MinAlertLevel":
                    try:
                        self.min_level = Level.parse(e.value)
                    except ValueError as exc:
                        self.add(e.line, e.column, str(exc))
                elif e.key == "Vocab":
                    names = [v.strip() for v in e.value.split(",") if v.strip()]
                    self.vocab_names.extend((v, e.line, e.column) for v in names)
                elif e.key not in _INI_CORE_KEYS:
                    self.add(e.line, e.column, f"unknown key {e.key!r}")
            elif e.key == "BasedOnStyles":
                names = [v.strip() for v in e.value.split(",") if v.strip()]
                self.based_on.extend((v, e.line, e.column) for v in names)
            elif "." in e.key:
                self.toggles.append((e.key, e.value, e.line, e.column))
            elif e.key not in _INI_SECTION_KEYS:
                self.add(e.line, e.column, f"unknown key {e.key!r}")

    def styles(self) -> None:
        for style, line, column in self.based_on:
            if style == "Vale" or style in self.loaded_styles:
                continue
            folder = self.styles_path / style
            if not guide_folder_exists(folder):
                self.add(line, column, f"style folder {style!r} not found ({folder})")
                continue
            self.loaded_styles.add(style)
            load_style_folder(folder, str(folder), self.load)

    def rule_toggles(self) -> None:
        for key, value, line, column in self.toggles:
            word = value.strip().lower()
            style, _, name = key.partition(".")
            if word in {"no", "false", "off", "error", "warning", "suggestion"} and not (
                self.load.known(key)
            ):
                self.load.notices.append(
                    f"{self.display}:{line}:{column}: no rule {key} in the loaded styles, "
                    "so this line changes nothing (a typo?)"
                )
            if word in {"no", "false", "off"}:
                self.levels[key] = None
            elif word in {"error", "warning", "suggestion"}:
                self.levels[key] = Level(word)
            elif word not in {"yes", "true", "on"}:
                self.add(line, column, f"unknown value {value!r} for {key} (YES, NO or a level)")
            elif style not in self.loaded_styles and style != "Vale":
                rule_file = self.styles_path / style / f"{name}.yml"
                if guide_file_exists(rule_file):
                    load_rule_file(rule_file, style, str(rule_file), self.load)
                else:
                    self.add(line, column, f"rule {key} not found ({rule_file})")
            elif not self.load.known(key):
                self.load.notices.append(
                    f"{self.display}:{line}:{column}: no rule {key} in the loaded styles, "
                    "so this line changes nothing (a typo?)"
                )

    def vocabularies(self) -> tuple[list[str], list[str]]:
        accept: list[str] = []
        reject: list[str] = []
        for name, line, column in self.vocab_names:
            candidates = [
                self.styles_path / "config" / "vocabularies" / name,
                self.styles_path / "Vocab" / name,
            ]
            folder = next((c for c in candidates if guide_folder_exists(c)), None)
            if folder is None:
                self.add(line, column, f"vocabulary {name!r} not found ({candidates[0]})")
                continue
            a, r, problems = read_vocabulary(folder, self.load.budget)
            self.problems.extend(problems)
            accept.extend(a)
            reject.extend(r)
        return accept, reject


__all__ = ["lint_guide", "lint_guide_with_notices", "load_guide"]
