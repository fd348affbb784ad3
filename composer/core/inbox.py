"""The mentions inbox: mention states, who may triage, X's mention pages, response times.

Pure: times, people and pages are passed in. A mention is ``new`` when fetched, ``assigned``
to a person, ``answered`` once a reply to it is published, or ``no_reply`` when a person
decides it needs none. Anyone who writes or reviews for the account triages its inbox; only
admins of the account and the publisher login fetch from X (reads are billed).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from composer.core.errors import KnownError, TransitionError
from composer.core.workflow import Role

#: X's bounds for ``max_results`` on ``GET /2/users/:id/mentions``.
MIN_PAGE, MAX_PAGE = 5, 100


class MentionState(StrEnum):
    """Where a mention stands in its account's inbox."""

    NEW = "new"
    ASSIGNED = "assigned"
    ANSWERED = "answered"
    NO_REPLY = "no_reply"


class InboxAction(StrEnum):
    """What a person (or the publisher) does to a mention."""

    ASSIGN = "assign"
    UNASSIGN = "unassign"
    ANSWER = "answer"
    NO_REPLY = "no_reply"
    REOPEN = "reopen"
    ROUTE = "route"


_S = MentionState
#: (state, action) -> the state after it. Routing hands the mention to another account's
#: inbox as a new one; answering is recorded when the reply is published.
TRANSITIONS: Mapping[tuple[MentionState, InboxAction], MentionState] = {
    (_S.NEW, InboxAction.ASSIGN): _S.ASSIGNED,
    (_S.ASSIGNED, InboxAction.ASSIGN): _S.ASSIGNED,
    (_S.ASSIGNED, InboxAction.UNASSIGN): _S.NEW,
    (_S.NEW, InboxAction.NO_REPLY): _S.NO_REPLY,
    (_S.ASSIGNED, InboxAction.NO_REPLY): _S.NO_REPLY,
    (_S.NEW, InboxAction.ANSWER): _S.ANSWERED,
    (_S.ASSIGNED, InboxAction.ANSWER): _S.ANSWERED,
    (_S.NO_REPLY, InboxAction.ANSWER): _S.ANSWERED,
    (_S.NO_REPLY, InboxAction.REOPEN): _S.NEW,
    (_S.ANSWERED, InboxAction.REOPEN): _S.NEW,
    (_S.NEW, InboxAction.ROUTE): _S.NEW,
    (_S.ASSIGNED, InboxAction.ROUTE): _S.NEW,
}

#: Roles on an account that triage its inbox (assign, no reply needed, route, reply).
TRIAGE_ROLES = frozenset({Role.AUTHOR, Role.REVIEWER, Role.ADMIN})
#: Roles on an account that fetch its mentions from X (besides the publisher login).
FETCH_ROLES = frozenset({Role.ADMIN})


class InboxError(KnownError):
    """An inbox step that is not allowed (wrong state, no role, over the read budget)."""


def next_state(state: MentionState, action: InboxAction) -> MentionState:
    """The state after ``action``.

    Raises:
        TransitionError: the action does not apply to a mention in ``state``.
    """
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise TransitionError(
            f"a mention that is {state.value.replace('_', ' ')} cannot be {_PAST[action]}"
        ) from None


_PAST = {
    InboxAction.ASSIGN: "assigned",
    InboxAction.UNASSIGN: "unassigned",
    InboxAction.ANSWER: "answered",
    InboxAction.NO_REPLY: "marked no reply needed",
    InboxAction.REOPEN: "reopened",
    InboxAction.ROUTE: "routed to another account",
}


def check_may_triage(roles: Iterable[Role], *, person: str, account: str) -> None:
    """Refuse a person with no author, reviewer or admin role on ``account``."""
    if not TRIAGE_ROLES & set(roles):
        raise InboxError(f"{person} has no role on {account}, so may not triage its inbox")


def check_may_fetch(roles: Iterable[Role], *, person: str, account: str) -> None:
    """Refuse a person who is not an admin of ``account`` (the publisher login is checked apart)."""
    if not FETCH_ROLES & set(roles):
        raise InboxError(
            f"only an admin of {account} (or the publisher login) fetches its mentions from X; "
            f"{person} is not one"
        )


def check_route(source: str, target: str, note: str) -> str:
    """The trimmed routing note; refuses routing to the same account or without a note."""
    if source.casefold() == target.casefold():
        raise InboxError(f"the mention is already in {source}'s inbox")
    cleaned = note.strip()
    if not cleaned:
        raise InboxError("say why with a note when routing a mention to another account")
    return cleaned


# -- X's answers -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention as X gives it.

    Attributes:
        x_id: The post's id.
        text: Its text (HTML entities X adds are decoded).
        author_id: The author's X id.
        author_username: The author's @handle without ``@`` (``""`` when not expanded).
        created_at: When it was posted.
        conversation_id: The thread it belongs to (the id of the thread's first post).
        in_reply_to_user_id: Whom it answers, when it is a reply.
    """

    x_id: str
    text: str
    author_id: str
    author_username: str
    created_at: datetime
    conversation_id: str
    in_reply_to_user_id: str | None = None


@dataclass(frozen=True, slots=True)
class MentionsPage:
    """One page of ``GET /2/users/:id/mentions``: mentions newest first, and the next token."""

    mentions: tuple[Mention, ...]
    next_token: str | None
    newest_id: str | None


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _whole_text(item: Mapping[str, Any]) -> str:
    """A post's whole text: a long post's ``text`` is cut short, ``note_tweet`` holds it all."""
    note = item.get("note_tweet")
    if isinstance(note, Mapping) and isinstance(note.get("text"), str):
        return str(note["text"])
    return str(item["text"])


def parse_mentions_page(body: Mapping[str, Any]) -> MentionsPage:
    """Read one page of X's answer (``data``, ``includes.users``, ``meta``).

    Raises:
        InboxError: the answer is not shaped like X's.
    """
    try:
        users = {
            str(u["id"]): str(u.get("username", ""))
            for u in body.get("includes", {}).get("users", [])
        }
        mentions = tuple(
            Mention(
                x_id=str(item["id"]),
                text=_unescape(_whole_text(item)),
                author_id=str(item["author_id"]),
                author_username=users.get(str(item["author_id"]), ""),
                created_at=datetime.fromisoformat(str(item["created_at"]).replace("Z", "+00:00")),
                conversation_id=str(item.get("conversation_id") or item["id"]),
                in_reply_to_user_id=(
                    str(item["in_reply_to_user_id"]) if item.get("in_reply_to_user_id") else None
                ),
            )
            for item in body.get("data", [])
        )
        meta = body.get("meta", {})
        token = meta.get("next_token")
        newest = meta.get("newest_id")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InboxError(f"X's list of mentions is not in the expected shape ({exc})") from None
    return MentionsPage(mentions, str(token) if token else None, str(newest) if newest else None)


def newest_id(ids: Iterable[str]) -> str | None:
    """The newest of X's post ids (ids grow with time; compared as numbers)."""
    numbers = [i for i in ids if i.isdigit()]
    return max(numbers, key=int) if numbers else None


# -- the monthly read budget -----------------------------------------------------------------


def month_key(now: datetime) -> str:
    """The billing month of ``now`` (``YYYY-MM``, UTC)."""
    return f"{now.year:04d}-{now.month:02d}"


def reads_left(used: int, budget: int | None) -> int | None:
    """Mention reads left this month (``None``: no budget set)."""
    return None if budget is None else max(0, budget - used)


def page_size(left: int | None, wanted: int = MAX_PAGE) -> int:
    """``max_results`` for the next page, within X's bounds and the reads left.

    Raises:
        InboxError: the budget has fewer reads left than X's smallest page.
    """
    size = min(max(wanted, MIN_PAGE), MAX_PAGE)
    if left is None:
        return size
    if left < MIN_PAGE:
        raise InboxError(
            f"the monthly read budget is used up ({left} reads left; X reads at least "
            f"{MIN_PAGE} per page): raise it with `inbox budget` or wait for next month"
        )
    return min(size, left)


def fetch_due(last_fetch: datetime | None, cadence_minutes: int, now: datetime) -> bool:
    """Whether an account's mentions are due to be read again at the admin's cadence."""
    return last_fetch is None or now - last_fetch >= timedelta(minutes=cadence_minutes)


# -- response times --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Response:
    """A mention and the reply published to it (for response times)."""

    account: str
    person: str
    mentioned_at: datetime
    replied_at: datetime


@dataclass(frozen=True, slots=True)
class ResponseStats:
    """Response times of one group (an account, or a person; ``key`` names it), in minutes."""

    key: str
    count: int
    median_minutes: float
    p90_minutes: float


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (``fraction`` in (0, 1]); they need not be sorted.

    Raises:
        ValueError: no values.
    """
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    """The median (mean of the middle two for an even count)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def response_stats(
    responses: Iterable[Response], *, since: datetime, until: datetime, by: str = "account"
) -> tuple[ResponseStats, ...]:
    """Median and 90th percentile of the time from mention to reply, per account or person.

    Only replies published in ``[since, until)`` count. Groups come sorted by name.

    Args:
        responses: Mentions with their published replies.
        since: Start of the period.
        until: End of the period.
        by: ``"account"`` or ``"person"``.
    """
    if by not in ("account", "person"):
        raise ValueError(f"group by account or person, not {by!r}")
    groups: dict[str, list[float]] = {}
    for response in responses:
        if not since <= response.replied_at < until:
            continue
        key = response.account if by == "account" else response.person
        minutes = max(0.0, (response.replied_at - response.mentioned_at).total_seconds() / 60)
        groups.setdefault(key, []).append(minutes)
    return tuple(
        ResponseStats(key, len(values), median(values), percentile(values, 0.9))
        for key, values in sorted(groups.items())
    )


def overdue(
    mentioned_at: datetime, state: MentionState, target_minutes: int | None, now: datetime
) -> bool:
    """Whether a mention waits for its reply past the account's response-time target."""
    if target_minutes is None or state not in (MentionState.NEW, MentionState.ASSIGNED):
        return False
    return now - mentioned_at > timedelta(minutes=target_minutes)


def age_text(mentioned_at: datetime, now: datetime) -> str:
    """A short age such as ``45s``, ``12m``, ``3h`` or ``2d``."""
    seconds = max(0, int((now - mentioned_at).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
