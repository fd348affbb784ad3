"""Read published posts' public metrics from X (issue 18, item 1).

``GET /2/tweets?ids=...&tweet.fields=public_metrics``, up to 100 ids a request, for each
account's published posts of the last ``max_age`` not read within ``every`` (the cadence).
Each answer is stored as a reading with its time (:class:`~composer.store.metrics.
MetricsRepository`). A 429 ends the account's fetch: what was read is kept, and the account
is not read again before X's ``x-rate-limit-reset`` (nothing sleeps here; the next run goes
on). A post X no longer has (deleted) is counted as missing and read again next time.
Signing, redaction and transport errors are the publisher's (:class:`Publisher`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from composer.core.ab_test import PublicMetrics
from composer.services.publisher import Publisher, XApiError
from composer.services.x_reads import get, rate_limit_reset
from composer.store.metrics import DuePost
from composer.store.store import Store

log = logging.getLogger(__name__)

#: Most ids X takes in one ``GET /2/tweets``.
BATCH = 100
#: Default cadence: read a post's metrics again after this long.
DEFAULT_EVERY = timedelta(hours=1)
#: Default: read posts published within this long.
DEFAULT_MAX_AGE = timedelta(days=30)

MetricsState = Literal["fetched", "nothing_due", "rate_limited", "no_credentials", "failed"]


@dataclass(frozen=True, slots=True)
class MetricsReport:
    """What one account's metrics fetch did."""

    account: str
    state: MetricsState
    posts: int = 0
    missing: int = 0
    message: str = ""
    retry_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """As JSON (times in ISO 8601)."""
        data = asdict(self)
        data["retry_at"] = self.retry_at.isoformat() if self.retry_at else None
        return data


@dataclass(frozen=True, slots=True)
class _Batch:
    found: dict[str, PublicMetrics]
    missing: int
    retry_at: datetime | None


def read_batch(publisher: Publisher, ids: Sequence[str], *, now: datetime) -> _Batch:
    """One ``GET /2/tweets`` of up to 100 ids: the metrics found, or X's rate-limit reset.

    Raises:
        XApiError: X refused the read (other than its rate limit), or did not answer.
    """
    if not 1 <= len(ids) <= BATCH:
        raise ValueError(f"a metrics read takes 1 to {BATCH} ids, not {len(ids)}")
    query = [("ids", ",".join(ids)), ("tweet.fields", "public_metrics")]
    response = get(publisher, "/2/tweets", query, reading="metrics")
    if response.status_code == 429:
        return _Batch({}, 0, rate_limit_reset(response, now))
    if response.status_code != 200:
        raise XApiError(
            f"X refused to read the posts' metrics ({response.status_code}): "
            f"{publisher.detail(response)}"
        )
    try:
        body = response.json()
    except ValueError:
        raise XApiError("X's answer to GET /2/tweets was not JSON") from None
    found: dict[str, PublicMetrics] = {}
    for item in body.get("data") or () if isinstance(body, dict) else ():
        if isinstance(item, dict) and isinstance(item.get("public_metrics"), dict):
            found[str(item.get("id"))] = PublicMetrics.from_x(item["public_metrics"])
    return _Batch(found, sum(1 for i in ids if i not in found), None)


def fetch_account(
    store: Store,
    account: str,
    publisher: Publisher | None,
    *,
    actor: str,
    now: datetime,
    every: timedelta = DEFAULT_EVERY,
    max_age: timedelta = DEFAULT_MAX_AGE,
) -> MetricsReport:
    """Read and store the metrics of ``account``'s published posts that are due a reading."""
    return _fetch(
        store, account, lambda: publisher, actor=actor, now=now, every=every, max_age=max_age
    )


def _fetch(
    store: Store,
    account: str,
    publisher_of: Callable[[], Publisher | None],
    *,
    actor: str,
    now: datetime,
    every: timedelta,
    max_age: timedelta,
) -> MetricsReport:
    """:func:`fetch_account`; the credentials are read only when a post is due a reading."""
    waiting = store.metrics.retry_at(account)
    if waiting is not None and waiting > now:
        return MetricsReport(
            account,
            "rate_limited",
            message=f"X's rate limit: not read again before {waiting:%H:%M} UTC",
            retry_at=waiting,
        )
    due = store.metrics.due(now, every=every, max_age=max_age, account=account)
    if not due:
        return MetricsReport(account, "nothing_due", message="no published post is due")
    publisher = publisher_of()
    if publisher is None:
        return MetricsReport(
            account, "no_credentials", message=f"{account} has no X credentials or sign-in"
        )
    owner = {post_id: post.draft_id for post in due for post_id in post.post_ids}
    ids = list(owner)
    posts = missing = 0
    for start in range(0, len(ids), BATCH):
        batch = read_batch(publisher, ids[start : start + BATCH], now=now)
        if batch.retry_at is not None:
            store.metrics.set_retry_at(account, batch.retry_at, actor=actor, now=now)
            return MetricsReport(
                account,
                "rate_limited",
                posts,
                missing,
                f"read {posts} post(s); X's rate limit: reading resumes at "
                f"{batch.retry_at:%H:%M} UTC",
                batch.retry_at,
            )
        posts += store.metrics.record(
            [(owner[i], i, m) for i, m in batch.found.items() if i in owner], now=now
        )
        missing += batch.missing
    if waiting is not None:
        store.metrics.set_retry_at(account, None, actor=actor, now=now)
    note = f"; {missing} not found on X" if missing else ""
    log.info("%s: metrics of %d post(s) read%s", account, posts, note)
    return MetricsReport(account, "fetched", posts, missing, f"read {posts} post(s){note}")


def fetch_all(
    store: Store,
    accounts: Sequence[str],
    publisher_for: Callable[[str], Publisher | None],
    *,
    actor: str,
    now: datetime,
    every: timedelta = DEFAULT_EVERY,
    max_age: timedelta = DEFAULT_MAX_AGE,
) -> list[MetricsReport]:
    """:func:`fetch_account` for each account; one account's failure does not stop the rest.

    ``publisher_for`` (which reads the account's credentials, from the OS keyring in the app)
    is called only for an account with posts due a reading.
    """
    reports = []
    for account in accounts:

        def publisher_of(handle: str = account) -> Publisher | None:
            return publisher_for(handle)

        try:
            reports.append(
                _fetch(
                    store,
                    account,
                    publisher_of,
                    actor=actor,
                    now=now,
                    every=every,
                    max_age=max_age,
                )
            )
        except XApiError as exc:
            reports.append(MetricsReport(account, "failed", message=str(exc)))
    return reports


__all__ = [
    "BATCH",
    "DEFAULT_EVERY",
    "DEFAULT_MAX_AGE",
    "DuePost",
    "MetricsReport",
    "fetch_account",
    "fetch_all",
    "read_batch",
]
