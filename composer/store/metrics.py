"""Post metrics in the store (issue 18, item 1): readings of X's public metrics, kept in time.

The fetch (:mod:`composer.services.x_metrics`) asks which published posts are due a reading
(:meth:`MetricsRepository.due`), records what X answered (:meth:`record`), and remembers X's
rate-limit reset (:meth:`set_retry_at`). Views read each draft's newest reading
(:meth:`latest`): the sum over a thread's posts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from composer.core.ab_test import PublicMetrics
from composer.core.rule_results import PostOutcome
from composer.core.workflow import Role, State
from composer.store.database import Database, retrying
from composer.store.errors import PermissionDeniedError
from composer.store.metrics_models import PostMetricsRow
from composer.store.models import Account, AuditEvent, Draft, DraftVersion
from composer.store.models import WorkspaceSetting as Setting
from composer.store.users import actor_on

#: The workspace setting (``metrics_retry_at:@Handle``) holding when X's rate limit lets
#: an account's metrics be read again.
RETRY_KEY = "metrics_retry_at"
#: The workspace setting holding the cadence (minutes) the app and ``metrics fetch`` use.
CADENCE_KEY = "metrics_every_minutes"


@dataclass(frozen=True, slots=True)
class MetricsReading:
    """A draft's newest reading: the sum over its posts, and when it was read."""

    draft_id: int
    read_at: datetime
    metrics: PublicMetrics


@dataclass(frozen=True, slots=True)
class DuePost:
    """A published post due a reading: the draft and its posts' ids on X."""

    draft_id: int
    account: str
    post_ids: tuple[str, ...]


class MetricsRepository:
    """Readings of public metrics, and the fetch's rate-limit wait."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def due(
        self, now: datetime, *, every: timedelta, max_age: timedelta, account: str | None = None
    ) -> list[DuePost]:
        """Published posts of the last ``max_age`` not read within ``every``, oldest read first."""
        with self._db.read() as session:
            last = (
                select(PostMetricsRow.draft_id, func.max(PostMetricsRow.read_at).label("last"))
                .group_by(PostMetricsRow.draft_id)
                .subquery()
            )
            query = (
                select(Draft.id, Account.handle, Draft.post_ids, Draft.post_id, last.c.last)
                .join(Account, Account.id == Draft.account_id)
                .outerjoin(last, last.c.draft_id == Draft.id)
                .where(
                    Draft.state == State.PUBLISHED.value,
                    Draft.published_at >= now - max_age,
                )
                .order_by(last.c.last.is_not(None), last.c.last, Draft.id)
            )
            if account is not None:
                query = query.where(Account.handle == account)
            out = []
            for draft_id, handle, post_ids, post_id, read in session.execute(query):
                if read is not None and _aware(read) > now - every:
                    continue
                ids = tuple(str(i) for i in post_ids or ()) or ((str(post_id),) if post_id else ())
                if ids:
                    out.append(DuePost(int(draft_id), str(handle), ids))
            return out

    @retrying
    def record(self, readings: Iterable[tuple[int, str, PublicMetrics]], *, now: datetime) -> int:
        """Store ``(draft id, post id, metrics)`` readings taken at ``now``; how many."""
        rows = [
            PostMetricsRow(
                draft_id=draft_id,
                post_id=post_id,
                read_at=now,
                impressions=m.impressions,
                likes=m.likes,
                reposts=m.reposts,
                replies=m.replies,
                quotes=m.quotes,
                bookmarks=m.bookmarks,
            )
            for draft_id, post_id, m in readings
        ]
        with self._db.write() as session:
            session.add_all(rows)
        return len(rows)

    def latest(self, draft_ids: Sequence[int]) -> dict[int, MetricsReading]:
        """Each draft's newest reading (summed over its posts), for drafts that have one."""
        if not draft_ids:
            return {}
        with self._db.read() as session:
            newest = (
                select(PostMetricsRow.draft_id, func.max(PostMetricsRow.read_at).label("at"))
                .where(PostMetricsRow.draft_id.in_(list(draft_ids)))
                .group_by(PostMetricsRow.draft_id)
                .subquery()
            )
            rows = session.scalars(
                select(PostMetricsRow).join(
                    newest,
                    (newest.c.draft_id == PostMetricsRow.draft_id)
                    & (newest.c.at == PostMetricsRow.read_at),
                )
            )
            sums: dict[int, MetricsReading] = {}
            for row in rows:
                before = sums.get(row.draft_id)
                base = before.metrics if before is not None else PublicMetrics()
                sums[row.draft_id] = MetricsReading(
                    row.draft_id,
                    _aware(row.read_at),
                    PublicMetrics(
                        base.impressions + row.impressions,
                        base.likes + row.likes,
                        base.reposts + row.reposts,
                        base.replies + row.replies,
                        base.quotes + row.quotes,
                        base.bookmarks + row.bookmarks,
                    ),
                )
            return sums

    def published_outcomes(
        self, start: datetime, end: datetime, *, account: str | None = None
    ) -> list[PostOutcome]:
        """Posts published in ``[start, end)``, with the rules that fired and their rate.

        The rules are the findings of the text that went out (its approved version); the rate
        is engagements per impression of the newest reading from X (``None``: none yet).
        """
        with self._db.read() as session:
            query = (
                select(Draft.id, DraftVersion.findings)
                .join(Account, Account.id == Draft.account_id)
                .outerjoin(
                    DraftVersion,
                    (DraftVersion.draft_id == Draft.id)
                    & (
                        DraftVersion.number
                        == func.coalesce(Draft.approved_text_version, Draft.text_version)
                    ),
                )
                .where(
                    Draft.state == State.PUBLISHED.value,
                    Draft.published_at >= start,
                    Draft.published_at < end,
                )
                .order_by(Draft.id)
            )
            if account is not None:
                query = query.where(Account.handle == account)
            found = [
                (
                    int(draft_id),
                    frozenset(
                        str(f["rule"])
                        for f in findings or ()
                        if isinstance(f, dict) and "rule" in f
                    ),
                )
                for draft_id, findings in session.execute(query)
            ]
        latest = self.latest([d for d, _ in found])
        out = []
        for draft_id, rules in found:
            reading = latest.get(draft_id)
            m = reading.metrics if reading is not None else None
            rate = m.engagements / m.impressions if m is not None and m.impressions else None
            out.append(PostOutcome(draft_id, rules, rate))
        return out

    def readings(self, draft_id: int) -> list[tuple[datetime, str, PublicMetrics]]:
        """Every reading of a draft's posts, oldest first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(PostMetricsRow)
                .where(PostMetricsRow.draft_id == draft_id)
                .order_by(PostMetricsRow.read_at, PostMetricsRow.id)
            )
            return [
                (
                    _aware(r.read_at),
                    r.post_id,
                    PublicMetrics(
                        r.impressions, r.likes, r.reposts, r.replies, r.quotes, r.bookmarks
                    ),
                )
                for r in rows
            ]

    def cadence(self) -> timedelta | None:
        """The workspace's cadence for reading results (``None``: the default)."""
        with self._db.read() as session:
            row = session.get(Setting, CADENCE_KEY)
            return _every_of(row.value) if row is not None else None

    @retrying
    def set_cadence(self, minutes: int | None, *, actor: str, now: datetime) -> None:
        """Set the workspace's cadence in minutes (``None``: back to the default).

        Raises:
            PermissionDeniedError: ``actor`` is not an admin of every account (each read
                from X is billed; a team database refuses anyone else too).
        """
        with self._db.write() as session:
            _user, who = actor_on(session, actor, None)
            if Role.ADMIN not in who.roles:
                raise PermissionDeniedError(
                    f"{actor!r} may not set how often results are read from X: only an admin "
                    "of every account does (each read is billed)"
                )
            row = session.get(Setting, CADENCE_KEY)
            if row is None:
                session.add(
                    Setting(key=CADENCE_KEY, value=minutes, updated_at=now, updated_by=actor)
                )
            else:
                row.value, row.updated_at, row.updated_by = minutes, now, actor
            session.add(
                AuditEvent(
                    at=now,
                    actor=actor,
                    action="metrics_cadence",
                    account="",
                    detail=f"results read from X every {minutes} minutes"
                    if minutes
                    else "results read from X at the default cadence",
                )
            )

    def retry_at(self, account: str) -> datetime | None:
        """When X's rate limit lets ``account``'s metrics be read again (``None``: now)."""
        with self._db.read() as session:
            row = session.get(Setting, _retry_key(account))
            if row is None or not row.value:
                return None
            return datetime.fromisoformat(str(row.value))

    @retrying
    def set_retry_at(
        self, account: str, when: datetime | None, *, actor: str, now: datetime
    ) -> None:
        """Remember X's rate-limit reset for ``account``'s metrics reads (``None``: clear)."""
        value = when.isoformat() if when is not None else None
        key = _retry_key(account)
        with self._db.write() as session:
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value, updated_at=now, updated_by=actor))
            else:
                row.value, row.updated_at, row.updated_by = value, now, actor


def _every_of(value: object) -> timedelta | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return timedelta(minutes=value)
    return None


def _retry_key(account: str) -> str:
    return f"{RETRY_KEY}:{account}"[:64]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def as_mapping(readings: Mapping[int, MetricsReading]) -> dict[int, PublicMetrics]:
    """Just the metrics of each draft's newest reading."""
    return {k: v.metrics for k, v in readings.items()}


__all__ = [
    "CADENCE_KEY",
    "RETRY_KEY",
    "DuePost",
    "MetricsReading",
    "MetricsRepository",
    "as_mapping",
]
