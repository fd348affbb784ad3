"""Which changes are notifications for a person: decided here, once, for the window's list.

A change (one live-update event: a draft row written by someone, with its state before and
after and who it concerns) is a notification for ``user`` when it is

- a **decision on their draft**: a reviewer approved it, asked for changes or rejected it;
- a **draft waiting for them**: submitted to an account they review (its author left out);
- a **post that failed**: on an account they manage, or their own draft;
- the **crisis pause** turned on or off (everyone is told; see :func:`pause_notice`);
- a **mention waiting past its account's reply target** (:func:`late_mention_notices`): once
  per mention, to everyone while it is new and to its assignee once assigned.

Nobody is notified of their own doing, and only a draft *entering* such a state counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the window imports this module before its first paint: keep it light
    from datetime import datetime

    from composer.core.inbox import MentionState


class NoticeKind(StrEnum):
    """What a notification is about."""

    DECISION = "decision"
    REVIEW = "review"
    FAILED = "failed"
    PAUSED = "paused"
    RESUMED = "resumed"
    LATE_MENTION = "late_mention"


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification: what, which draft (if any), which account, who, and the new state.

    A late mention's notice names the mention (``mention_id``), its author as ``actor`` and
    the account's reply target in minutes.
    """

    kind: NoticeKind
    draft_id: int | None = None
    account: str = ""
    actor: str = ""
    state: str = ""
    mention_id: int | None = None
    target_minutes: int | None = None


class Change(Protocol):
    """What a live-update event tells (``composer.services.live.ChangeEvent`` has it)."""

    @property
    def table(self) -> str: ...  # noqa: D102 - see ChangeEvent
    @property
    def op(self) -> str: ...  # noqa: D102
    @property
    def draft_id(self) -> int | None: ...  # noqa: D102
    @property
    def account(self) -> str | None: ...  # noqa: D102
    @property
    def state(self) -> str | None: ...  # noqa: D102
    @property
    def previous(self) -> str | None: ...  # noqa: D102
    @property
    def actor(self) -> str | None: ...  # noqa: D102
    @property
    def author(self) -> str | None: ...  # noqa: D102
    @property
    def reviewers(self) -> frozenset[str]: ...  # noqa: D102
    @property
    def managers(self) -> frozenset[str]: ...  # noqa: D102


#: The states a reviewer's decision puts a submitted draft in.
DECISIONS = frozenset({"approved", "changes_requested", "rejected"})


def notice_for(change: Change, user: str) -> Notice | None:
    """The notification ``change`` is for ``user``, or ``None`` when it is none of theirs."""
    if change.table != "drafts" or change.draft_id is None or change.actor == user:
        return None
    if change.op != "update" or change.state is None or change.previous == change.state:
        return None
    state, account, actor = change.state, change.account or "", change.actor or ""

    def notice(kind: NoticeKind) -> Notice:
        return Notice(kind, change.draft_id, account, actor, state)

    if state in DECISIONS and change.previous == "submitted" and change.author == user:
        return notice(NoticeKind.DECISION)
    if state == "submitted" and user in change.reviewers:
        return notice(NoticeKind.REVIEW)
    if state == "failed" and (user in change.managers or change.author == user):
        return notice(NoticeKind.FAILED)
    return None


def pause_notice(*, before: bool | None, after: bool) -> Notice | None:
    """The notification for the crisis pause going from ``before`` to ``after``.

    ``before`` is ``None`` the first time the pause is read (the window just opened): what
    was already so is not news.
    """
    if before is None or before == after:
        return None
    return Notice(NoticeKind.PAUSED if after else NoticeKind.RESUMED)


class WaitingMention(Protocol):
    """What a late-mention notice needs of a mention (``composer.store.inbox.MentionRecord``)."""

    @property
    def id(self) -> int: ...  # noqa: D102 - see MentionRecord
    @property
    def account(self) -> str: ...  # noqa: D102
    @property
    def author_username(self) -> str: ...  # noqa: D102
    @property
    def mentioned_at(self) -> datetime: ...  # noqa: D102
    @property
    def state(self) -> MentionState: ...  # noqa: D102
    @property
    def assignee(self) -> str | None: ...  # noqa: D102


def late_mention_notices(
    mentions: Iterable[WaitingMention],
    targets: Mapping[str, int],
    now: datetime,
    *,
    user: str,
    told: frozenset[int] | None,
) -> tuple[tuple[Notice, ...], frozenset[int]]:
    """Notices for the mentions that are newly late for ``user`` at ``now``, once each.

    A mention is late when it waits (new or assigned) past its account's reply target; it is
    ``user``'s to hear of while it is new, or when it is assigned to them.

    Args:
        mentions: The waiting mentions read (any others are ignored).
        targets: Each account's reply target in minutes (absent: none, never late).
        now: When they were read.
        user: Who is working.
        told: The ids already notified, as returned last time; ``None`` for the first read
            (the window just opened): what is late already is on the page and its tab, not
            news, so nothing is notified then.

    Returns:
        The notices (oldest mention first) and the ids to pass as ``told`` next time: the
        late ones, so a mention is told of once while it stays late (an answered or
        reassigned one that turns late again is told of again).
    """
    from composer.core.inbox import MentionState, overdue  # noqa: PLC0415 - see the imports

    late = sorted(
        (
            m
            for m in mentions
            if overdue(m.mentioned_at, m.state, targets.get(m.account), now)
            and (m.state is MentionState.NEW or m.assignee == user)
        ),
        key=lambda m: (m.mentioned_at, m.id),
    )
    ids = frozenset(m.id for m in late)
    if told is None:
        return (), ids
    notices = tuple(
        Notice(
            NoticeKind.LATE_MENTION,
            account=m.account,
            actor=m.author_username,
            state=m.state.value,
            mention_id=m.id,
            target_minutes=targets.get(m.account),
        )
        for m in late
        if m.id not in told
    )
    return notices, ids
