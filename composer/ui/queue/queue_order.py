"""Gestures on the queue list turned into a new order for the store to lay out.

A drag or an Alt+Up/Down names one post and where it should go among the rows on screen,
which may mix accounts. The store's ``reorder`` wants the account's unpinned posts in their
new order; this module works that out and nothing more: the slots, pins, gaps and mix rules
stay the store's (and the scheduling core's) business.

Pure Python: no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from composer.core.workflow import State
from composer.store.records import DraftRecord


@dataclass(frozen=True, slots=True)
class QueueMove:
    """A new order for one account's queue.

    Attributes:
        account: The account whose queue changes.
        order: The account's movable posts (queued, unpinned) in their new order, the moved
            post included.
        moved: The post that moves.
        unpin: True when the moved post was pinned: it joins the order and leaves its time.
    """

    account: str
    order: tuple[int, ...]
    moved: int
    unpin: bool


def movable(record: DraftRecord) -> bool:
    """Whether a row can be moved by hand (a post being published keeps its slot)."""
    return record.state is State.QUEUED and not record.needs_confirmation


def _lane(rows: Sequence[DraftRecord], moving: DraftRecord) -> list[DraftRecord]:
    """The account's movable unpinned posts in time order, plus ``moving`` at its place."""
    return [
        r
        for r in rows
        if r.account == moving.account and ((movable(r) and not r.pinned) or r.id == moving.id)
    ]


def _find(rows: Sequence[DraftRecord], draft_id: int) -> DraftRecord | None:
    return next((r for r in rows if r.id == draft_id), None)


def _move(lane: Sequence[DraftRecord], moving: DraftRecord, index: int) -> QueueMove | None:
    ids = [r.id for r in lane]
    old = ids.index(moving.id)
    if index == old and not moving.pinned:
        return None
    ids.pop(old)
    ids.insert(max(0, min(index, len(ids))), moving.id)
    return QueueMove(moving.account, tuple(ids), moving.id, unpin=moving.pinned)


def move_by(rows: Sequence[DraftRecord], draft_id: int, steps: int) -> QueueMove | None:
    """Move a post ``steps`` places within its account's queue (-1: earlier, 1: later).

    Returns:
        The new order, or ``None`` when the post cannot move (unknown, being published) or
        would stay where it is.
    """
    moving = _find(rows, draft_id)
    if moving is None or not movable(moving):
        return None
    lane = _lane(rows, moving)
    old = next(i for i, r in enumerate(lane) if r.id == draft_id)
    return _move(lane, moving, max(0, min(old + steps, len(lane) - 1)))


def move_to_row(rows: Sequence[DraftRecord], draft_id: int, row: int) -> QueueMove | None:
    """Move a post to where it was dropped: before row ``row`` of the list on screen.

    The post goes before the first post of its own account at or after ``row`` that can be
    moved; when there is none, to the end of its account's queue. ``row`` past the end (or
    negative) means the end.

    Returns:
        The new order, or ``None`` when nothing would change.
    """
    moving = _find(rows, draft_id)
    if moving is None or not movable(moving):
        return None
    lane = _lane(rows, moving)
    start = row if 0 <= row <= len(rows) else len(rows)
    target = next(
        (
            r
            for r in rows[start:]
            if r.account == moving.account and movable(r) and not r.pinned and r.id != draft_id
        ),
        None,
    )
    others = [r for r in lane if r.id != draft_id]
    index = (
        next(i for i, r in enumerate(others) if r.id == target.id)
        if target is not None
        else len(others)
    )
    return _move(lane, moving, index)
