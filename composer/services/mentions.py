"""Read an account's mentions from X (``GET /2/users/:id/mentions``) into its inbox.

One fetch per account, at the cadence its admin sets (``inbox_cadence_minutes``), within
X's rate limit and the account's monthly read budget (``inbox_read_budget``: mention reads
are billed). Rules:

- Pages of ``max_results`` (at most what the budget has left) are read newest first with
  ``since_id`` (only what is new since the last complete fetch) and ``pagination_token``.
- A 429 ends the fetch: what was read is kept, and the account is not read again before
  ``x-rate-limit-reset``. Nothing sleeps here; the next scheduled run carries on.
- Only a fetch that read every page moves ``since_id``; one cut short (rate limit, budget)
  reads the newest pages again next time, so no mention in between is lost (the inbox keeps
  each mention once).
- Reaching the budget stops the fetch and says so; nothing more is read that month.

Signing, redaction and transport errors are the publisher's (:class:`Publisher`).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

from composer.core.inbox import (
    MAX_PAGE,
    InboxError,
    Mention,
    check_may_fetch,
    fetch_due,
    month_key,
    page_size,
    parse_mentions_page,
    reads_left,
)
from composer.services.publisher import Publisher, XApiError
from composer.services.x_reads import get, rate_limit_reset
from composer.store.inbox import BUDGET_KEY, CADENCE_KEY, DEFAULT_CADENCE_MINUTES
from composer.store.store import Store

log = logging.getLogger(__name__)

FetchState = Literal[
    "fetched", "not_due", "rate_limited", "budget_reached", "no_credentials", "failed"
]
#: What each mention page asks X for.
TWEET_FIELDS = "created_at,conversation_id,in_reply_to_user_id,author_id,note_tweet"
#: The most pages one fetch reads (a backlog is read over several runs).
MAX_PAGES = 10


@dataclass(frozen=True, slots=True)
class FetchReport:
    """What one account's fetch did (``message`` is the sentence to show)."""

    account: str
    state: FetchState
    added: int = 0
    reads: int = 0
    message: str = ""
    retry_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """The report as JSON values."""
        data = asdict(self)
        data["retry_at"] = self.retry_at.isoformat() if self.retry_at else None
        return data


@dataclass(frozen=True, slots=True)
class _Read:
    mentions: tuple[Mention, ...]
    reads: int
    complete: bool
    retry_at: datetime | None
    stop: str
    budget_reached: bool = False


def read_mentions(
    publisher: Publisher,
    *,
    since_id: str | None,
    budget_left: int | None,
    max_pages: int,
    now: datetime,
) -> _Read:
    """Read pages of mentions newest first until done, the budget or X's rate limit stops it.

    Raises:
        XApiError: X refused the read (other than its rate limit), or did not answer.
    """
    user_id = _me(publisher)
    mentions: list[Mention] = []
    token: str | None = None
    left = budget_left
    for _ in range(max_pages):
        try:
            size = page_size(left, MAX_PAGE)
        except InboxError as exc:
            return _Read(tuple(mentions), len(mentions), False, None, str(exc), True)
        query = [
            ("max_results", str(size)),
            ("tweet.fields", TWEET_FIELDS),
            ("expansions", "author_id"),
            ("user.fields", "username"),
        ]
        if since_id:
            query.append(("since_id", since_id))
        if token:
            query.append(("pagination_token", token))
        response = get(publisher, f"/2/users/{user_id}/mentions", query, reading="mentions")
        if response.status_code == 429:
            reset = rate_limit_reset(response, now)
            return _Read(
                tuple(mentions),
                len(mentions),
                False,
                reset,
                f"X's rate limit for reading mentions was reached; reading resumes at "
                f"{reset:%H:%M} UTC",
            )
        if response.status_code != 200:
            raise XApiError(
                f"X refused to list the mentions ({response.status_code}): "
                f"{publisher.detail(response)}"
            )
        try:
            page = parse_mentions_page(response.json())
        except ValueError:
            raise XApiError("X's list of mentions was not JSON") from None
        mentions += page.mentions
        if left is not None:
            left -= len(page.mentions)
        token = page.next_token
        if token is None:
            return _Read(tuple(mentions), len(mentions), True, None, "")
    return _Read(tuple(mentions), len(mentions), False, None, "more mentions wait for next run")


def fetch_account(
    store: Store,
    handle: str,
    publisher: Publisher | None,
    *,
    actor: str,
    now: datetime,
    force: bool = False,
    max_pages: int = MAX_PAGES,
) -> FetchReport:
    """Fetch ``handle``'s new mentions into its inbox, if due; see the module's rules.

    Raises:
        InboxError: ``actor`` may not fetch for the account (before anything is read).
        XApiError: X refused the read or could not be reached.
    """
    account = store.accounts.get(handle)
    if not store.inbox.may_fetch(handle, actor):
        check_may_fetch((), person=actor, account=handle)
    if publisher is None:
        return FetchReport(
            handle,
            "no_credentials",
            message=f"{handle} has no X credentials: connect it (Credentials) to read mentions",
        )
    cursor = store.inbox.cursor(handle)
    if cursor.retry_at is not None and now < cursor.retry_at:
        return FetchReport(
            handle,
            "rate_limited",
            message=f"X's rate limit: not read again before {cursor.retry_at:%H:%M} UTC",
            retry_at=cursor.retry_at,
        )
    cadence = int(account.settings.get(CADENCE_KEY, DEFAULT_CADENCE_MINUTES))
    if not force and not fetch_due(cursor.last_fetch_at, cadence, now):
        return FetchReport(handle, "not_due", message=f"read less than {cadence} min ago")
    budget_raw = account.settings.get(BUDGET_KEY)
    budget = None if budget_raw is None else int(budget_raw)
    used = cursor.reads_used if cursor.month == month_key(now) else 0
    left = reads_left(used, budget)
    result = read_mentions(
        publisher, since_id=cursor.since_id, budget_left=left, max_pages=max_pages, now=now
    )
    added = store.inbox.add_fetched(
        handle,
        result.mentions,
        reads=result.reads,
        now=now,
        retry_at=result.retry_at,
        advance=result.complete,
    )
    store.inbox.sync_answers(now=now, actor=actor, account=handle)
    if result.retry_at is not None:
        state: FetchState = "rate_limited"
    elif result.budget_reached:
        state = "budget_reached"
    else:
        state = "fetched"
    message = f"{added} new mention(s), {result.reads} read"
    if result.stop:
        message += f"; {result.stop}"
    log.info("%s: %s", handle, message)
    return FetchReport(handle, state, added, result.reads, message, result.retry_at)


def _me(publisher: Publisher) -> str:
    response = get(publisher, "/2/users/me", [], reading="mentions")
    if response.status_code != 200:
        raise XApiError(
            f"X did not say which account these credentials are ({response.status_code}): "
            f"{publisher.detail(response)}"
        )
    try:
        user = response.json().get("data") or {}
    except (ValueError, AttributeError):
        user = {}
    if not user.get("id"):
        raise XApiError("X's answer to /2/users/me held no account id")
    return str(user["id"])
