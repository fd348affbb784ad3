"""Posts queued as a unit: A/B pairs of two wordings, and an evergreen post's re-posts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from composer.core.guide.model import Schedule
from composer.core.schedule import PublishedPost, ScheduleError, assign_variants, plan_evergreen
from composer.core.workflow import Action, State, act
from composer.store.database import retrying
from composer.store.draft_reads import draft_record, select_drafts
from composer.store.models import Account, Draft
from composer.store.queue_rows import (
    QueuePart,
    actor_for,
    enter_queue,
    lock_draft,
    published_posts,
    queue_of,
    read_pause_state,
    refuse_paused_or_duplicate,
    require_manager,
)
from composer.store.records import DraftRecord


class QueueVariants(QueuePart):
    """A/B pairs and evergreen re-posts: queued together, kept for comparing how each did."""

    @retrying
    def enqueue_variants(
        self,
        draft_a: int,
        draft_b: int,
        *,
        spacing: timedelta,
        actor: str,
        schedule: Schedule,
        now: datetime,
        tags: Mapping[int, Iterable[str]] | None = None,
    ) -> tuple[DraftRecord, DraftRecord]:
        """Queue two approved wordings of one post as an A/B pair.

        A takes the next free slot, B the first free slot at least ``spacing`` after it; both
        are kept, with their post ids once published, for comparison.

        Raises:
            TransitionError: a draft is not approved.
            ScheduleError: different accounts, paused, no slot, or a duplicate text.
        """
        with self._db.write() as session:
            rows = [lock_draft(session, draft_id, None) for draft_id in (draft_a, draft_b)]
            (row_a, account, _), (row_b, account_b, _) = rows
            if account != account_b:
                raise ScheduleError(
                    f"an A/B pair is two wordings for one account; draft {draft_a} is for "
                    f"{account}, draft {draft_b} for {account_b}"
                )
            if draft_a == draft_b:
                raise ScheduleError("an A/B pair needs two different drafts")
            acting = ""
            for row, acc, author in rows:
                result = act(
                    draft_record(row, acc, author).facts(),
                    actor_for(session, actor, row.account_id),
                    Action.QUEUE,
                    now=now,
                )
                acting = result.actor
            refuse_paused_or_duplicate(session, account, [r for r, _, _ in rows], now)
            group = f"ab-{min(draft_a, draft_b)}-{max(draft_a, draft_b)}"
            laid = assign_variants(
                schedule,
                queue_of(session, row_a.account_id, account),
                group,
                (str(draft_a), str(draft_b)),
                now,
                spacing=spacing,
                account=account,
                texts={str(draft_a): row_a.text, str(draft_b): row_b.text},
                tags={k: frozenset(v) for k, v in ((str(i), t) for i, t in (tags or {}).items())},
                history=published_posts(session, row_a.account_id, account, now),
            )
            by_id = {p.id: p for p in laid}
            out = []
            for row, acc, author in rows:
                post = by_id[str(row.id)]
                enter_queue(
                    session,
                    row,
                    account=acc,
                    actor=acting,
                    now=now,
                    when=post.scheduled_at,
                    tags=post.tags,
                    values={
                        "variant_group": group,
                        "variant": post.variant,
                        "variant_spacing_minutes": int(spacing.total_seconds() // 60),
                    },
                    detail=f"queued as variant {post.variant} of {group} for "
                    f"{post.scheduled_at.isoformat()}",
                )
                out.append(draft_record(row, acc, author))
            return out[0], out[1]

    @retrying
    def plan_evergreen(
        self,
        original_id: int,
        wording_ids: Sequence[int],
        *,
        max_reposts: int,
        min_interval: timedelta,
        actor: str,
        schedule: Schedule,
        now: datetime,
    ) -> list[DraftRecord]:
        """Queue re-posts of an evergreen post, one per approved wording, spaced apart.

        The original is queued or published; each wording is an approved draft of the same
        account whose text differs from the original's and the others'.

        Raises:
            TransitionError: a wording is not approved.
            ScheduleError: accounts differ, the original is neither queued nor published,
                paused, no slot, or a wording repeats another.
        """
        with self._db.write() as session:
            original, account, _ = lock_draft(session, original_id, None)
            require_manager(session, actor, original.account_id, account)
            if original.state not in {
                State.QUEUED.value,
                State.PUBLISHING.value,
                State.PUBLISHED.value,
            }:
                raise ScheduleError(
                    f"draft {original_id} is {original.state}: an evergreen post is queued or "
                    "published first"
                )
            if read_pause_state(session).paused(account):
                raise ScheduleError(f"{account}'s queue is paused: resume it to queue posts")
            rows = [lock_draft(session, i, None) for i in wording_ids]
            for row, acc, author in rows:
                if acc != account:
                    raise ScheduleError(f"draft {row.id} is for {acc}, not {account}")
                act(
                    draft_record(row, acc, author).facts(),
                    actor_for(session, actor, row.account_id),
                    Action.QUEUE,
                    now=now,
                )
            history = published_posts(session, original.account_id, account, now)
            if original.state == State.PUBLISHED.value and not any(
                h.id == str(original.id) for h in history
            ):
                history.append(
                    PublishedPost(
                        str(original.id), account, original.text, original.published_at or now
                    )
                )
            laid = plan_evergreen(
                schedule,
                queue_of(session, original.account_id, account),
                str(original.id),
                [(str(r.id), r.text) for r, _, _ in rows],
                now,
                max_reposts=max_reposts,
                min_interval=min_interval,
                history=history,
            )
            by_id = {p.id: p for p in laid}
            out = []
            for row, acc, author in rows:
                post = by_id.get(str(row.id))
                if post is None:
                    continue  # the original already has max_reposts re-posts
                enter_queue(
                    session,
                    row,
                    account=acc,
                    actor=actor,
                    now=now,
                    when=post.scheduled_at,
                    tags=post.tags,
                    values={
                        "evergreen_of": original.id,
                        "repost_number": post.repost_number,
                        "repost_interval_minutes": int(min_interval.total_seconds() // 60),
                    },
                    detail=f"queued as re-post {post.repost_number} of evergreen draft "
                    f"{original.id} for {post.scheduled_at.isoformat()}",
                )
                out.append(draft_record(row, acc, author))
            return out

    def variants(self, account: str | None = None) -> list[tuple[DraftRecord, DraftRecord]]:
        """A/B pairs, queued or published, A first (for comparing how each did)."""
        with self._db.read() as session:
            query = select_drafts().where(Draft.variant_group != "")
            if account is not None:
                query = query.where(Account.handle == account)
            groups: dict[str, dict[str, DraftRecord]] = {}
            for found in session.execute(query.order_by(Draft.id)):
                record = draft_record(*found)
                groups.setdefault(record.variant_group, {})[record.variant] = record
            pairs = [(g["A"], g["B"]) for g in groups.values() if len(g) == 2]
            return sorted(pairs, key=lambda p: (p[0].scheduled_at is None, p[0].scheduled_at))
