"""The frozen values the review store client's signals carry: list pages and a draft's detail.

Views and models read these; only :class:`~composer.ui.review.store_client.StoreClient` makes
them, on its worker thread.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime

from composer.core.diff import Segment
from composer.core.workflow import Action, DraftCommand
from composer.services.media_files import LoadedMedia
from composer.store.records import (
    AuditRecord,
    CommentRecord,
    DraftRecord,
    InboxItem,
    ReviewRecord,
    VersionRecord,
)

#: Rows a lazy list pulls from the store at a time.
PAGE_SIZE = 100

_tokens = itertools.count(1)


def next_token() -> int:
    """A request token no other request in this process uses (to drop stale pages)."""
    return next(_tokens)


@dataclass(frozen=True, slots=True)
class DraftRow:
    """A draft as the drafts list shows it, with what the viewing user may do to it."""

    draft: DraftRecord
    findings_count: int
    brand_score: float
    commands: frozenset[DraftCommand] = frozenset()
    #: The draft's account has no review (its drafts are approved as they are submitted).
    no_review: bool = False


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """A draft of the user's that a reviewer sent back, with the reviewer's words."""

    draft: DraftRecord
    reviewer: str
    comment: str
    at: datetime


@dataclass(frozen=True, slots=True)
class DraftsPage:
    """One page of the drafts list, answering the request that carried ``token``."""

    token: int
    offset: int
    rows: tuple[DraftRow, ...]
    has_more: bool


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of a reviewer's inbox, answering the request that carried ``token``."""

    token: int
    offset: int
    items: tuple[InboxItem, ...]
    has_more: bool


@dataclass(frozen=True, slots=True)
class DraftDetail:
    """Everything the draft view shows, with what the viewing user may do now.

    Attributes:
        draft: The draft with its current findings (``composer.core.assessment``).
        score: Its brand score, as every other face shows it.
        user: Whose view this is.
        versions: Every text version, oldest first.
        comments: Comments, oldest first.
        reviews: Review decisions, oldest first.
        allowed: The workflow's allowed actions for ``user``.
        base_version: The last reviewed earlier version, if any (what the diff starts from).
        diff: Word diff from ``base_version`` to the current text (empty without a base).
        waiting_minutes: Minutes waited for review (``None`` when not waiting).
        target_minutes: The account's review time target, if any.
        overdue: Waited longer than the target.
        commands: What ``user`` may do to it from the drafts list (edit it, copy it...).
    """

    draft: DraftRecord
    score: float | None
    user: str
    versions: tuple[VersionRecord, ...]
    comments: tuple[CommentRecord, ...]
    reviews: tuple[ReviewRecord, ...]
    allowed: frozenset[Action]
    base_version: VersionRecord | None
    diff: tuple[Segment, ...]
    waiting_minutes: int | None
    target_minutes: int | None
    overdue: bool
    commands: frozenset[DraftCommand] = frozenset()
    #: The draft's media in order, with their bytes (a video's are left out).
    media: tuple[LoadedMedia, ...] = ()
    #: The draft's account has no review (its drafts are approved as they are submitted).
    no_review: bool = False

    def version(self, number: int) -> VersionRecord | None:
        """Text version ``number``, if it exists."""
        return next((v for v in self.versions if v.number == number), None)


@dataclass(frozen=True, slots=True)
class AuditPage:
    """Audit events (oldest first), for one draft or for all."""

    draft_id: int | None
    events: tuple[AuditRecord, ...]
