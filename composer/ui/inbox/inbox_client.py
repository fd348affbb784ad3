"""The inbox page's door to the store: reads and triage on the store's one worker thread.

Reads arrive as a frozen :class:`InboxSnapshot`; every triage step announces itself with a
sentence on ``edited`` and then the store client's ``changed``, so every view reloads. A
refusal (no role, wrong state, someone else triaged it first) arrives on ``refused``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal

from composer.core.inbox import (
    InboxAction,
    MentionState,
    ResponseStats,
    overdue,
    response_stats,
)
from composer.store.inbox import TARGET_KEY, MentionRecord
from composer.store.store import Store
from composer.ui.review.store_client import StoreClient, next_token

#: The period the page's response times cover.
STATS_DAYS = 30


@dataclass(frozen=True, slots=True)
class InboxSnapshot:
    """What the inbox page shows, read in one go.

    Attributes:
        token: The request this answers (a newer request makes it stale).
        mentions: The mentions asked for, newest first.
        accounts: Every account handle.
        targets: Each account's response-time target in minutes (absent: none).
        stats: Response times per account over the last :data:`STATS_DAYS` days.
        now: When it was read (ages and overdue marks are measured from it).
        late: Mentions of every account waiting past their account's target (any filter).
        waiting: Every account's mentions waiting for a reply (any filter), for the notices
            of mentions that turn late.
    """

    token: int
    mentions: tuple[MentionRecord, ...]
    accounts: tuple[str, ...]
    targets: Mapping[str, int]
    stats: tuple[ResponseStats, ...]
    now: datetime
    late: int = 0
    waiting: tuple[MentionRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ReplyStarted:
    """A reply draft was created for a mention (open it in the composer)."""

    draft_id: int
    mention: MentionRecord


class InboxClient(QObject):
    """Inbox reads and triage for one user.

    Signals:
        loaded(InboxSnapshot): the newest snapshot asked for (stale ones are dropped).
        edited(str): a step was stored; a sentence for the status line.
        refused(str): a step was refused, as one sentence (nothing changed).
        reply_started(ReplyStarted): a reply draft exists; the window opens it.
    """

    loaded = Signal(object)
    edited = Signal(str)
    refused = Signal(str)
    reply_started = Signal(object)

    def __init__(self, client: StoreClient, user: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store_client = client
        self.user = user
        self._token = 0

    def load(self, *, account: str | None, states: tuple[MentionState, ...]) -> None:
        """Read the mentions of ``account`` (``None``: every account) in ``states``."""
        self._token = token = next_token()
        clock = self.store_client.clock

        def work(store: Store) -> InboxSnapshot:
            now = clock()
            store.inbox.sync_answers(now=now, actor=self.user)
            accounts = tuple(a.handle for a in store.accounts.list())
            targets = {
                a.handle: int(a.settings[TARGET_KEY])
                for a in store.accounts.list()
                if a.settings.get(TARGET_KEY) is not None
            }
            stats = response_stats(
                store.inbox.responses(), since=now - timedelta(days=STATS_DAYS), until=now
            )
            mentions = tuple(store.inbox.list(account=account, states=states))
            waiting = tuple(store.inbox.list(states=(MentionState.NEW, MentionState.ASSIGNED)))
            late = sum(
                1 for m in waiting if overdue(m.mentioned_at, m.state, targets.get(m.account), now)
            )
            return InboxSnapshot(token, mentions, accounts, targets, stats, now, late, waiting)

        self.store_client.run(work, self._on_loaded, self.refused.emit)

    def _on_loaded(self, snapshot: Any) -> None:  # noqa: ANN401 - the operation's result
        if snapshot.token == self._token:
            self.loaded.emit(snapshot)

    def assign_to_me(self, mention: MentionRecord) -> None:
        """Assign ``mention`` to the user."""

        def work(store: Store, now: datetime) -> str:
            store.inbox.assign(
                mention.id, self.user, actor=self.user, now=now, version=mention.version
            )
            return self.tr("Mention from @%1 assigned to you.").replace(
                "%1", mention.author_username
            )

        self._edit(work)

    def mark(self, mention: MentionRecord, action: InboxAction) -> None:
        """``no_reply``, ``reopen`` or ``unassign`` ``mention``."""
        names = {
            InboxAction.NO_REPLY: self.tr("marked no reply needed"),
            InboxAction.REOPEN: self.tr("reopened"),
            InboxAction.UNASSIGN: self.tr("unassigned"),
        }

        def work(store: Store, now: datetime) -> str:
            store.inbox.act(mention.id, action, actor=self.user, now=now, version=mention.version)
            return (
                self.tr("Mention from @%1 %2.")
                .replace("%1", mention.author_username)
                .replace("%2", names[action])
            )

        self._edit(work)

    def route(self, mention: MentionRecord, target: str, note: str) -> None:
        """Hand ``mention`` to ``target``'s inbox with ``note``."""

        def work(store: Store, now: datetime) -> str:
            store.inbox.route(
                mention.id, target, note, actor=self.user, now=now, version=mention.version
            )
            return self.tr("Mention routed to %1.").replace("%1", target)

        self._edit(work)

    def start_reply(self, mention: MentionRecord) -> None:
        """Create a reply draft to ``mention`` on its account (``reply_started`` after)."""
        clock = self.store_client.clock
        opening = f"@{mention.author_username} " if mention.author_username else ""

        def work(store: Store) -> ReplyStarted:
            now = clock()
            if mention.reply_draft_id is not None:
                return ReplyStarted(mention.reply_draft_id, mention)
            draft = store.drafts.create(
                mention.account, opening or "…", author=self.user, findings=(), now=now
            )
            store.queue.set_reply_to(draft.id, mention.x_id, actor=self.user, now=now)
            store.inbox.link_reply(mention.id, draft.id, actor=self.user, now=now)
            return ReplyStarted(draft.id, mention)

        def done(started: Any) -> None:  # noqa: ANN401 - the operation's result
            self.store_client.changed.emit()
            self.reply_started.emit(started)

        self.store_client.run(work, done, self.refused.emit)

    def _edit(self, work: Callable[[Store, datetime], str]) -> None:
        clock = self.store_client.clock

        def run(store: Store) -> str:
            return work(store, clock())

        self.store_client.run(run, self._on_edited, self.refused.emit)

    def _on_edited(self, message: Any) -> None:  # noqa: ANN401 - the operation's result
        self.edited.emit(str(message))
        self.store_client.changed.emit()
