"""Mentions that turn late are told of once each: the core's decision for the window's bell."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from composer.core.inbox import MentionState
from composer.core.notifications import NoticeKind, late_mention_notices

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
TARGETS = {"@Help": 30}


@dataclass(frozen=True)
class M:
    id: int
    minutes_ago: int
    state: MentionState = MentionState.NEW
    assignee: str | None = None
    account: str = "@Help"
    author_username: str = "kim"

    @property
    def mentioned_at(self) -> datetime:
        return NOW - timedelta(minutes=self.minutes_ago)


def test_the_first_read_is_a_baseline_then_each_late_mention_once() -> None:
    waiting = [M(1, 90), M(2, 20)]
    notices, told = late_mention_notices(waiting, TARGETS, NOW, user="ann", told=None)
    assert notices == () and told == {1}  # already late when the window opened: not news
    later = NOW + timedelta(minutes=15)  # mention 2 is now 35 minutes old
    notices, told = late_mention_notices(waiting, TARGETS, later, user="ann", told=told)
    assert [(n.kind, n.mention_id, n.account, n.actor, n.target_minutes) for n in notices] == [
        (NoticeKind.LATE_MENTION, 2, "@Help", "kim", 30)
    ]
    assert told == {1, 2}
    again, _ = late_mention_notices(
        waiting, TARGETS, later + timedelta(minutes=1), user="ann", told=told
    )
    assert again == ()  # not every refresh


def test_only_waiting_mentions_with_a_target_and_for_this_person() -> None:
    mentions = [
        M(1, 90, MentionState.ANSWERED),
        M(2, 90, MentionState.NO_REPLY),
        M(3, 90, account="@Deals"),  # no target
        M(4, 90, MentionState.ASSIGNED, assignee="rex"),  # someone else's
        M(5, 90, MentionState.ASSIGNED, assignee="ann"),
        M(6, 120),
    ]
    notices, told = late_mention_notices(mentions, TARGETS, NOW, user="ann", told=frozenset())
    assert [n.mention_id for n in notices] == [6, 5]  # oldest first
    assert told == {5, 6}


def test_a_mention_late_again_after_being_answered_is_told_again() -> None:
    late = M(1, 90)
    _, told = late_mention_notices([late], TARGETS, NOW, user="ann", told=frozenset())
    _, told = late_mention_notices([], TARGETS, NOW, user="ann", told=told)  # answered
    assert told == frozenset()
    notices, _ = late_mention_notices(
        [replace(late, state=MentionState.NEW)], TARGETS, NOW, user="ann", told=told
    )
    assert [n.mention_id for n in notices] == [1]
