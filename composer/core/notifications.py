"""Which changes are notifications for a person: decided here, once, for the window's list.

A change (one live-update event: a draft row written by someone, with its state before and
after and who it concerns) is a notification for ``user`` when it is

- a **decision on their draft**: a reviewer approved it, asked for changes or rejected it;
- a **draft waiting for them**: submitted to an account they review (its author left out);
- a **post that failed**: on an account they manage, or their own draft;
- the **crisis pause** turned on or off (everyone is told; see :func:`pause_notice`).

Nobody is notified of their own doing, and only a draft *entering* such a state counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class NoticeKind(StrEnum):
    """What a notification is about."""

    DECISION = "decision"
    REVIEW = "review"
    FAILED = "failed"
    PAUSED = "paused"
    RESUMED = "resumed"


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification: what, which draft (if any), which account, who, and the new state."""

    kind: NoticeKind
    draft_id: int | None = None
    account: str = ""
    actor: str = ""
    state: str = ""


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
