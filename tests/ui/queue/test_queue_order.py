"""Gestures on the queue list to a new order for the store (pure: no Qt, no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from composer.core.workflow import State
from composer.store.records import DraftRecord
from composer.ui.queue.queue_order import QueueMove, move_by, move_to_row

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def post(draft_id: int, account: str = "@A", *, pinned: bool = False) -> DraftRecord:
    return DraftRecord(
        id=draft_id,
        account=account,
        author="ann",
        state=State.QUEUED,
        version=1,
        text=f"post {draft_id}",
        text_version=1,
        content_hash="",
        has_errors=False,
        step=0,
        approvals=(),
        approved_text_version=1,
        warning_reason="",
        scheduled_at=T0 + timedelta(hours=draft_id),
        submitted_at=T0,
        state_changed_at=T0,
        post_id=None,
        created_at=T0,
        updated_at=T0,
        pinned=pinned,
    )


# On screen, by time: 1 (@A), 2 (@B), 3 (@A, pinned), 4 (@A), 5 (@B), 6 (@A).
ROWS = [post(1), post(2, "@B"), post(3, pinned=True), post(4), post(5, "@B"), post(6)]


def test_move_by_steps_within_the_account_past_pins_and_other_accounts() -> None:
    assert move_by(ROWS, 1, 1) == QueueMove("@A", (4, 1, 6), 1, unpin=False)
    assert move_by(ROWS, 6, -1) == QueueMove("@A", (1, 6, 4), 6, unpin=False)
    assert move_by(ROWS, 2, 1) == QueueMove("@B", (5, 2), 2, unpin=False)


def test_move_by_at_an_end_or_of_an_unknown_post_does_nothing() -> None:
    assert move_by(ROWS, 1, -1) is None
    assert move_by(ROWS, 6, 1) is None
    assert move_by(ROWS, 99, 1) is None


def test_a_pinned_post_moved_joins_the_order_and_is_unpinned() -> None:
    # 3 sits between 1 and 4 by time; moving it earlier puts it first.
    assert move_by(ROWS, 3, -1) == QueueMove("@A", (3, 1, 4, 6), 3, unpin=True)
    # Even "staying" at its place means unpinning it there.
    assert move_to_row(ROWS, 3, 3) == QueueMove("@A", (1, 3, 4, 6), 3, unpin=True)


def test_posts_being_published_or_waiting_for_a_person_do_not_move() -> None:
    publishing = [*ROWS[:3], replace(ROWS[3], state=State.PUBLISHING), *ROWS[4:]]
    assert move_by(publishing, 4, 1) is None
    # ... and are not part of the order the others get.
    assert move_by(publishing, 1, 1) == QueueMove("@A", (6, 1), 1, unpin=False)
    waiting = [replace(ROWS[0], state=State.PUBLISHING, needs_confirmation=True), *ROWS[1:]]
    assert move_to_row(waiting, 1, 5) is None


def test_drop_goes_before_the_next_post_of_the_same_account() -> None:
    # Dropped on row 1 (an @B post): the next @A post that can move is 4.
    assert move_to_row(ROWS, 6, 1) == QueueMove("@A", (1, 6, 4), 6, unpin=False)
    assert move_to_row(ROWS, 6, 0) == QueueMove("@A", (6, 1, 4), 6, unpin=False)
    # Past every @A post, or past the end: last.
    assert move_to_row(ROWS, 1, 6) == QueueMove("@A", (4, 6, 1), 1, unpin=False)
    assert move_to_row(ROWS, 1, -1) == QueueMove("@A", (4, 6, 1), 1, unpin=False)
    # Dropped where it already is: nothing to do.
    assert move_to_row(ROWS, 4, 4) is None
    assert move_to_row(ROWS, 4, 2) is None
