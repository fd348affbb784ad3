"""An account as the Accounts settings edit it: plain values, checked as the loader checks them.

The form reads an :class:`~composer.core.guide.model.Account` of the loaded guide, holds what
the admin typed, names the problem of each field in the loader's own words, and says which
guide keys changed, so that only those are written back (the rest of the entry, its
comments and layout, stay as they were).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from composer.core.errors import ConfigError
from composer.core.guide.loader import account_problems
from composer.core.guide.model import Account, Blackout
from composer.core.workflow import MAX_POLICY_STEPS, Require, parse_policy

#: Fields of the form; each is a key of the account entry or of its ``schedule``.
ACCOUNT_FIELDS = (
    "handle",
    "purpose",
    "limit",
    "counting",
    "tone",
    "reviewers",
    "approval",
    "reply_approval",
)
SCHEDULE_FIELDS = ("timezone", "slots", "min_gap_minutes", "max_per_day", "blackouts")
_STEP_NAMES = {2: "two-step", 3: "three-step"}


@dataclass(frozen=True, slots=True)
class AccountForm:
    """What the Accounts settings show and edit of one account.

    Attributes:
        handle: ``@AcmeHelp``.
        purpose: What the account is for.
        limit: Characters per post (X's long posts: up to 25,000).
        counting: ``v1``, ``v2`` or ``v3``.
        tone: A tone profile's name, or empty.
        timezone: IANA time zone of the slots and blackouts.
        slots: Slots as written (``Mon-Fri 09:00``).
        min_gap_minutes: Least time between two posts.
        max_per_day: Most posts a local day (0: no limit).
        blackouts: Periods with no posting.
        steps: Approval steps, 0 ("no review", an admin's choice) to 3.
        require: ``any`` or ``all`` of the reviewers, for every step.
        reviewers: Who reviews (empty: every reviewer of the account).
        reply_steps: A reply's own approval steps, 1 to 3 (same rule as the posts' steps);
            0: a reply's steps are a post's (no ``reply_approval`` key).
        custom_steps: The guide names reviewers per step, which the form does not edit: its
            approval stays as written unless the steps or their rule are changed here.
    """

    handle: str
    purpose: str = ""
    limit: int = 140
    counting: str = "v1"
    tone: str = ""
    timezone: str = "UTC"
    slots: tuple[str, ...] = ()
    min_gap_minutes: int = 0
    max_per_day: int = 0
    blackouts: tuple[Blackout, ...] = ()
    steps: int = 1
    require: Require = Require.ANY
    reviewers: tuple[str, ...] = ()
    custom_steps: bool = False
    reply_steps: int = 0

    @classmethod
    def of(cls, account: Account) -> AccountForm:
        """The form of a loaded account."""
        review = account.review
        try:
            policy = parse_policy(
                account.handle,
                approval=review.get("approval"),
                reviewers=review.get("reviewers"),
                reply_approval=review.get("reply_approval"),
            )
            steps = policy.steps
            reply_steps = policy.reply_steps or ()
        except ConfigError:
            steps = reply_steps = ()
        named = review.get("reviewers")
        reviewers = tuple(named) if isinstance(named, list) else ()
        schedule = account.schedule
        return cls(
            handle=account.handle,
            purpose=account.purpose,
            limit=account.limit,
            counting=account.counting,
            tone=account.tone,
            timezone=schedule.timezone if schedule else "UTC",
            slots=tuple(s.text for s in schedule.slots) if schedule else (),
            min_gap_minutes=schedule.min_gap_minutes if schedule else 0,
            max_per_day=schedule.max_per_day if schedule else 0,
            blackouts=schedule.blackouts if schedule else (),
            steps=len(steps),
            require=steps[0].require if steps else Require.ANY,
            reviewers=reviewers,
            custom_steps=any(s.reviewers and s.reviewers != reviewers for s in steps),
            reply_steps=len(reply_steps),
        )

    @property
    def no_review(self) -> bool:
        """Whether drafts of the account go out without review."""
        return self.steps == 0

    def approval(self) -> object:
        """The guide's ``approval`` value for these steps."""
        if self.steps == 0:
            return "none"
        if self.steps == 1:
            return self.require.value
        if self.require is Require.ANY:
            return _STEP_NAMES[self.steps]
        return [{"require": self.require.value} for _ in range(self.steps)]

    def reply_approval(self) -> object:
        """The guide's ``reply_approval`` value (``None``: replies follow the posts' steps)."""
        if self.reply_steps == 0:
            return None
        if self.reply_steps == 1:
            return self.require.value
        if self.require is Require.ANY:
            return _STEP_NAMES.get(self.reply_steps, self.reply_steps)
        return [{"require": self.require.value} for _ in range(self.reply_steps)]

    def account_values(self) -> dict[str, Any]:
        """The entry's own keys as the guide writes them (``None``: leave the key out)."""
        return {
            "handle": self.handle.strip(),
            "purpose": self.purpose or None,
            "limit": self.limit,
            "counting": self.counting,
            "tone": self.tone or None,
            "reviewers": list(self.reviewers) or None,
            "approval": self.approval(),
            "reply_approval": self.reply_approval(),
        }

    def schedule_values(self) -> dict[str, Any]:
        """The ``schedule`` keys (``None``: leave the key out)."""
        return {
            "timezone": self.timezone.strip(),
            "slots": list(self.slots) or None,
            "min_gap_minutes": self.min_gap_minutes or None,
            "max_per_day": self.max_per_day or None,
            "blackouts": [
                {"start": b.start, "end": b.end, **({"reason": b.reason} if b.reason else {})}
                for b in self.blackouts
            ]
            or None,
        }

    def entry(self) -> dict[str, Any]:
        """The whole account entry, as a new account is written."""
        entry = {k: v for k, v in self.account_values().items() if v is not None}
        schedule = {k: v for k, v in self.schedule_values().items() if v is not None}
        if schedule != {"timezone": "UTC"}:
            entry["schedule"] = schedule
        return entry

    def changes(self, before: AccountForm) -> tuple[dict[str, Any], dict[str, Any]]:
        """The entry's keys and the schedule's keys whose value differs from ``before``.

        A value of ``None`` means the key goes. The approval stays as written while its steps
        and rule are unchanged (a guide may name reviewers per step).
        """
        mine, theirs = self.account_values(), before.account_values()
        account = {k: v for k, v in mine.items() if v != theirs[k]}
        if self.steps == before.steps and self.require is before.require:
            account.pop("approval", None)
        if self.reply_steps == before.reply_steps and self.require is before.require:
            account.pop("reply_approval", None)
        mine, theirs = self.schedule_values(), before.schedule_values()
        schedule = {k: v for k, v in mine.items() if v != theirs[k]}
        return account, schedule


def form_problems(
    form: AccountForm,
    *,
    profiles: frozenset[str] | None = None,
    other_handles: Iterable[str] = (),
) -> dict[str, str]:
    """The loader's problem with each field of ``form`` (field name -> message).

    Args:
        form: The values typed.
        profiles: The guide's tone profiles (``None``: any name is accepted).
        other_handles: The handles of the guide's other accounts (a handle is used once).
    """
    found: dict[str, str] = {}
    checked = form.entry() | {"approval": None, "reply_approval": None}
    for key_path, message in account_problems(checked, profiles):
        name = str(key_path[0]) if key_path else "handle"
        if name == "schedule":
            name = str(key_path[1]) if len(key_path) > 1 else "timezone"
        found.setdefault(name, message)
    wanted = form.handle.strip().lstrip("@").lower()
    if "handle" not in found and any(h.lstrip("@").lower() == wanted for h in other_handles):
        found["handle"] = f"duplicate account {form.handle.strip()!r}"
    if not 0 <= form.reply_steps <= MAX_POLICY_STEPS:
        found["reply_approval"] = f"reply_approval must have 1 to {MAX_POLICY_STEPS} steps"
    if not 0 <= form.steps <= MAX_POLICY_STEPS:
        found["approval"] = f"approval must have 0 to {MAX_POLICY_STEPS} steps"
    else:
        try:
            parse_policy(
                form.handle,
                approval=form.approval(),
                reviewers=list(form.reviewers),
                reply_approval=None if "reply_approval" in found else form.reply_approval(),
            )
        except ConfigError as exc:
            key = "reply_approval" if "'reply_approval'" in str(exc) else "approval"
            found.setdefault("reviewers" if "reviewers" in str(exc) else key, str(exc))
    return found


def blackout_lines(blackouts: Iterable[Blackout]) -> str:
    """Blackouts one a line: ``START END reason``."""
    return "\n".join(" ".join(p for p in (b.start, b.end, b.reason) if p) for b in blackouts)


def parse_blackout_lines(text: str) -> tuple[tuple[Blackout, ...], str]:
    """Blackouts from ``START END reason`` lines, and the first line that is not one ("" if none).

    The dates themselves are checked by :func:`form_problems`, as the loader checks them.
    """
    out: list[Blackout] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split(maxsplit=2)
        if not parts:
            continue
        if len(parts) < 2:
            return tuple(out), f"blackout line {number} needs a start and an end date"
        out.append(Blackout(parts[0], parts[1], parts[2] if len(parts) > 2 else ""))
    return tuple(out), ""
