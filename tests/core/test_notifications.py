"""Which live changes are notifications for whom (a pure function, no window)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from composer.core.notifications import Notice, NoticeKind, notice_for, pause_notice


@dataclass(frozen=True)
class Change:
    table: str = "drafts"
    op: str = "update"
    draft_id: int | None = 7
    account: str | None = "@Help"
    state: str | None = None
    previous: str | None = None
    actor: str | None = "rex"
    author: str | None = "ann"
    reviewers: frozenset[str] = frozenset()
    managers: frozenset[str] = frozenset()


@pytest.mark.parametrize("state", ["approved", "changes_requested", "rejected"])
def test_a_decision_on_my_draft_is_for_me(state: str) -> None:
    change = Change(state=state, previous="submitted")
    assert notice_for(change, "ann") == Notice(NoticeKind.DECISION, 7, "@Help", "rex", state)
    assert notice_for(change, "ria") is None  # not her draft
    assert notice_for(change, "rex") is None  # his own doing


def test_a_draft_waiting_for_me() -> None:
    change = Change(state="submitted", previous="draft", actor="ann", reviewers=frozenset({"rex"}))
    assert notice_for(change, "rex") == Notice(NoticeKind.REVIEW, 7, "@Help", "ann", "submitted")
    assert notice_for(change, "ria") is None  # not a reviewer of it
    assert notice_for(change, "ann") is None  # she submitted it


def test_a_failed_post_for_managers_and_author() -> None:
    change = Change(
        state="failed", previous="publishing", actor="publisher", managers=frozenset({"boss"})
    )
    assert notice_for(change, "boss") is not None
    assert notice_for(change, "ann") == Notice(NoticeKind.FAILED, 7, "@Help", "publisher", "failed")
    assert notice_for(change, "ria") is None


@pytest.mark.parametrize(
    "change",
    [
        Change(table="reviews", state="approved", previous="submitted"),  # the review row
        Change(op="insert", state="submitted", reviewers=frozenset({"ann"})),
        Change(state="submitted", previous="submitted", reviewers=frozenset({"ann"})),  # autosave
        Change(state="approved", previous="draft"),  # not a reviewer's decision
        Change(state="queued", previous="approved"),  # the queue taking it
        Change(draft_id=None, state="approved", previous="submitted"),
        Change(table="*", op="changed", draft_id=None),  # SQLite: no details
    ],
)
def test_not_notifications(change: Change) -> None:
    assert notice_for(change, "ann") is None


def test_the_crisis_pause_turning_on_and_off() -> None:
    assert pause_notice(before=None, after=True) is None  # already so when the window opened
    assert pause_notice(before=False, after=True) == Notice(NoticeKind.PAUSED)
    assert pause_notice(before=True, after=False) == Notice(NoticeKind.RESUMED)
    assert pause_notice(before=True, after=True) is None
