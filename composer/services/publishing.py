"""Publish every due post once: the loop shared by ``publish-due`` (cron) and the app.

One publisher at a time per workspace: the run holds the store's publisher lease (renewed
after every post) and refuses to start while someone else holds it. A post is claimed
(``queued -> publishing``, committed) before it is sent, and its outcome recorded after, so:

- a crash between sending and recording leaves the post in ``publishing``; the next run finds
  it and *reconciles* (reads the account's recent posts on X) before anything is sent again;
- when X cannot be read, the post waits, marked, for a person to confirm what happened;
- a thread that broke off half-way continues from the last part that went out when retried;
- right before every request that could publish, the store checks, in one transaction, that
  this run still holds the lease and the post's try is still its own (and renews the lease):
  a run whose lease ran out sends nothing more;
- no wait outlives the lease: X's rate limit is waited out in the run only while it is short
  (half the lease at most); a later reset gives the post back to its queue, marked with the
  reason, and none of the account's posts is sent before X's reset time;
- an account with a monthly spending cap (``[costs.monthly_cap]``) sends nothing that would
  take the month's spend (its published posts, priced by :func:`composer.core.cost.post_cost`)
  past the cap: the post goes back to its queue the same way, marked with the reason, and the
  account is looked at again an hour later (the cap may have been raised).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from composer.core.approval import publication_mismatch
from composer.core.cost import PriceTable, month_bounds, over_cap, post_cost, spent
from composer.core.errors import ConflictError, KnownError
from composer.core.schedule import ScheduleError
from composer.core.workflow import SYSTEM as SYSTEM_ACTOR
from composer.services.media_upload import MediaToSend, UploadedMedia
from composer.services.publisher import (
    Publisher,
    PublishOutcome,
    ReconcileForbiddenError,
    SendCheck,
    XApiError,
    XAuth,
)
from composer.services.publishing_media import media_to_send, upload_recorder
from composer.store.publisher_lease import LeaseLostError
from composer.store.records import DraftRecord
from composer.store.store import Store

log = logging.getLogger(__name__)

#: How long a publisher's lease lasts without renewal (renewed after every post and before
#: every request that could publish).
LEASE = timedelta(minutes=10)


class PublisherBusyError(KnownError):
    """Another publisher (the app or a cron job) is already at work on this workspace."""


class PostSender(Protocol):
    """What the loop needs of :class:`~composer.services.publisher.Publisher`."""

    def publish(
        self,
        text: str,
        *,
        in_reply_to: str | None = None,
        before_send: SendCheck | None = None,
        media: Sequence[MediaToSend] = (),
        on_upload: Callable[[int, UploadedMedia], None] | None = None,
    ) -> PublishOutcome:
        """Publish one post, calling ``before_send`` before every request that could publish."""
        ...

    def reconcile(self, text: str, since: float, *, media_count: int = 0) -> str | None:
        """The id of a post with ``text`` (and ``media_count`` media) since ``since``, if any."""
        ...


#: Makes the sender for an account from its credentials (a real Publisher by default).
SenderFactory = Callable[[str, XAuth], PostSender]
#: Finds an account's credentials (the OS keyring by default: the sign-in with X when the
#: account has one, else its OAuth 1.0a keys); ``None`` when there are none.
CredentialsFor = Callable[[str], XAuth | None]
#: How long an account over its monthly cap waits before the publisher looks again.
CAP_RECHECK = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What became of one post in a run: the ``publish-due --json`` object."""

    draft: int
    account: str
    state: str
    post_id: str | None = None
    error: str | None = None

    def to_json(self) -> dict[str, object]:
        """The spec's shape: ``{"draft", "account", "state", "post_id", "error"}``."""
        return {
            "draft": self.draft,
            "account": self.account,
            "state": self.state,
            "post_id": self.post_id,
            "error": self.error,
        }


def holder_name() -> str:
    """Who holds the lease: host, process and a random part (unique per run)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _holder_is_dead(holder: str) -> bool:
    """True when a lease holder on this very machine is a process that no longer exists."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def default_sender_factory(base_url: str | None = None) -> SenderFactory:
    """Senders that talk to the X API at ``base_url`` (default: the environment's)."""

    def make(_account: str, credentials: XAuth) -> PostSender:
        return Publisher(base_url, credentials)

    return make


class PublishRun:
    """One pass over the due posts of a store.

    Args:
        store: The workspace's store.
        credentials_for: The account's X credentials, or ``None`` (from the keyring).
        sender_factory: Makes a sender per account (a real :class:`Publisher` by default).
        clock: The current time (aware UTC); read before each post.
        holder: The name this run holds the lease under.
        lease: How long the lease lasts without renewal (a shorter one in tests).
        prices: The price table with the accounts' monthly caps (``None``: no caps).
    """

    def __init__(
        self,
        store: Store,
        *,
        credentials_for: CredentialsFor,
        sender_factory: SenderFactory,
        clock: Callable[[], datetime],
        holder: str | None = None,
        lease: timedelta = LEASE,
        prices: PriceTable | None = None,
    ) -> None:
        self._store = store
        self._prices = prices
        #: What each capped account's posts cost this month, kept up to date during the run.
        self._spent: dict[str, Decimal] = {}
        self._lease = lease
        self._lease_lost = False
        #: Accounts that met X's rate limit in this run, with X's reset time.
        self._waiting: dict[str, datetime] = {}
        #: Why an account waits, when it is not X's rate limit (its monthly cap).
        self._waiting_why: dict[str, str] = {}
        self._credentials_for = credentials_for
        self._sender_factory = sender_factory
        self._clock = clock
        self.holder = holder or holder_name()
        self._senders: dict[str, PostSender | None] = {}
        self._keyring_errors: dict[str, str] = {}

    # -- the run ---------------------------------------------------------------------------

    def run(self, *, at: datetime | None = None, dry_run: bool = False) -> list[PublishResult]:
        """Publish (or, with ``dry_run``, list) every post due by ``at`` (default: now).

        Raises:
            PublisherBusyError: another publisher holds the lease.
        """
        due_by = at or self._clock()
        if dry_run:
            return [
                PublishResult(d.id, d.account, "due", None, None)
                for d in self._store.queue.due(due_by, now=self._clock())
            ]
        self._take_lease()
        results: list[PublishResult] = []
        try:
            for draft in self._store.queue.interrupted():
                results.append(self._settle(draft))
                if self._lease_lost:
                    return results
            for draft in self._store.queue.due(due_by, now=self._clock()):
                results.append(self._publish(draft, due_by))
                if self._lease_lost or not self._renew():
                    break
            return results
        finally:
            self._store.queue.release_lock(self.holder)

    def _take_lease(self) -> None:
        now = self._clock()
        if self._store.queue.acquire_lock(self.holder, ttl=self._lease, now=now) is not None:
            return
        current = self._store.queue.lock_holder(now=now)
        if current is not None and _holder_is_dead(current.holder):
            log.warning("publisher %s died holding the lease; taking it over", current.holder)
            self._store.queue.release_lock(current.holder)
            if self._store.queue.acquire_lock(self.holder, ttl=self._lease, now=now) is not None:
                return
        since = f" since {current.acquired_at:%Y-%m-%d %H:%M} UTC" if current else ""
        who = current.holder.split(":")[0] if current else "another program"
        raise PublisherBusyError(
            f"another publisher is already at work on this workspace ({who}{since}); "
            "nothing was sent — it publishes the due posts itself"
        )

    def _renew(self) -> bool:
        """Renew the lease after a post; ``False`` (the run stops) when another took it."""
        if self._store.queue.acquire_lock(self.holder, ttl=self._lease, now=self._clock()):
            return True
        log.warning("this publisher's lease ran out and another publisher took over; stopping")
        self._lease_lost = True
        return False

    # -- one post --------------------------------------------------------------------------

    def _sender(self, account: str) -> PostSender | None:
        if account not in self._senders:
            try:
                credentials = self._credentials_for(account)
            except KnownError as exc:  # a locked or missing keyring: this account waits
                log.warning("no credentials for %s: %s", account, exc)
                self._keyring_errors[account] = str(exc)
                credentials = None
            self._senders[account] = (
                None if credentials is None else self._sender_factory(account, credentials)
            )
        return self._senders[account]

    def _no_credentials(self, draft: DraftRecord) -> PublishResult:
        why = self._keyring_errors.get(draft.account) or (
            f"no X credentials for {draft.account} in the keyring: an admin stores them with "
            f"'brand-composer account credentials {draft.account}'"
        )
        return PublishResult(
            draft.id, draft.account, draft.state.value, None, f"{why}; the post stays queued"
        )

    def _publish(self, draft: DraftRecord, due_by: datetime) -> PublishResult:
        sender = self._sender(draft.account)
        if sender is None:
            return self._no_credentials(draft)
        if draft.account in self._waiting:  # X would refuse it too: not even claimed
            until = self._waiting[draft.account]
            why = self._waiting_why.get(draft.account) or (
                f"{draft.account} waits for X's rate limit until {until:%H:%M:%S} UTC"
            )
            return PublishResult(
                draft.id, draft.account, draft.state.value, None, f"{why}; the post stays queued"
            )
        try:
            claimed = self._store.queue.claim(
                draft.id, actor=SYSTEM_ACTOR.name, now=self._clock(), due_by=due_by
            )
        except (ConflictError, ScheduleError) as exc:
            # Moved, paused or taken meanwhile: not ours to send now.
            return PublishResult(draft.id, draft.account, "skipped", None, str(exc))
        cap_reason = self._over_cap(claimed)
        if cap_reason is not None:
            return self._hold_for_cap(claimed, cap_reason)
        return self._send(claimed, sender)

    def _over_cap(self, draft: DraftRecord) -> str | None:
        """Why ``draft`` must wait for its account's monthly cap, or ``None``."""
        if self._prices is None or self._prices.cap_for(draft.account) is None:
            return None
        now = self._clock()
        start, end = month_bounds(now)
        if draft.account not in self._spent:
            published = self._store.queue.published_in(draft.account, start, end)
            self._spent[draft.account] = spent(published, self._prices)
        cost = sum(post_cost(draft.text, self._prices).parts[len(draft.post_ids) :], Decimal(0))
        return over_cap(
            draft.account,
            month_spent=self._spent[draft.account],
            cost=cost,
            prices=self._prices,
            month=now,
        )

    def _hold_for_cap(self, draft: DraftRecord, reason: str) -> PublishResult:
        """Give a claimed post back to its queue, marked: its account is at its monthly cap."""
        now = self._clock()
        until = min(now + CAP_RECHECK, month_bounds(now)[1])
        self._waiting_why[draft.account] = reason
        reason += "; the post waits in the queue"
        record = self._store.queue.defer(
            draft.id,
            until=until,
            post_ids=draft.post_ids,
            reason=reason,
            actor=SYSTEM_ACTOR.name,
            now=now,
            outcome="over_cap",
        )
        self._waiting[draft.account] = until
        return PublishResult(record.id, record.account, record.state.value, None, reason)

    def _not_approved(self, draft: DraftRecord) -> PublishResult | None:
        """Refuse (recorded as failed, audited) a claimed post that is not what was approved."""
        why = publication_mismatch(
            text=draft.text,
            parts=draft.parts,
            in_reply_to=draft.in_reply_to,
            approved_hash=draft.approved_hash,
            media=self._store.media.of(draft.id),
        )
        if why is None:
            return None
        log.error("draft %s not sent: %s", draft.id, why)
        record = self._store.queue.finish(
            draft.id,
            state="failed",
            post_ids=draft.post_ids,
            error=f"not sent: {why}; a reviewer or an admin must look at this draft",
            actor=SYSTEM_ACTOR.name,
            now=self._clock(),
        )
        return PublishResult(
            record.id, record.account, record.state.value, None, record.last_error or None
        )

    def _send(self, draft: DraftRecord, sender: PostSender) -> PublishResult:
        refused = self._not_approved(draft)  # checked on the claimed record, just before sending
        if refused is not None:
            return refused
        parts = draft.parts
        done = list(draft.post_ids)  # a thread retried after breaking off goes on from there
        previous = done[-1] if done else draft.in_reply_to
        outcome = PublishOutcome("published")
        check = self._send_check(draft)
        # Media go on the first post; the files X still holds are not uploaded again.
        media = media_to_send(self._store, draft.id) if not done else []
        try:
            for part in parts[len(done) :]:
                if media and not done:
                    outcome = sender.publish(
                        part,
                        in_reply_to=previous,
                        before_send=check,
                        media=media,
                        on_upload=upload_recorder(self._store, draft.id, media),
                    )
                else:
                    outcome = sender.publish(part, in_reply_to=previous, before_send=check)
                if outcome.state != "published" or outcome.post_id is None:
                    break
                done.append(outcome.post_id)
                previous = outcome.post_id
        except LeaseLostError as exc:
            # Another publisher owns the post now (it reconciles what went out): hands off.
            log.warning("%s", exc)
            self._lease_lost = True
            return PublishResult(draft.id, draft.account, "skipped", None, str(exc))
        if outcome.state == "rate_limited":
            return self._defer(draft, done, outcome)
        if outcome.state == "published" and len(done) == len(parts):
            state, error = "published", ""
            if draft.account in self._spent and self._prices is not None:
                self._spent[draft.account] += post_cost(draft.text, self._prices).total
        else:
            state = "unknown" if outcome.state == "unknown" else "failed"
            error = outcome.error or "X did not publish it"
            if len(parts) > 1:
                error = f"part {len(done) + 1} of {len(parts)}: {error}"
        record = self._store.queue.finish(
            draft.id,
            state=state,
            post_ids=done,
            error=error,
            actor=SYSTEM_ACTOR.name,
            now=self._clock(),
        )
        return PublishResult(
            record.id, record.account, record.state.value, record.post_id, record.last_error or None
        )

    def _send_check(self, draft: DraftRecord) -> SendCheck:
        """The check made before every request that could publish ``draft`` (see the store)."""

        def check() -> float:
            now = self._clock()
            lease = self._store.queue.check_send(
                draft.id,
                attempt=draft.publish_attempts,
                holder=self.holder,
                ttl=self._lease,
                now=now,
            )
            # Wait at most half the renewed lease: the wait and the request after it end
            # long before the lease does, and the next check renews it again.
            return (lease.expires_at - now).total_seconds() / 2

        return check

    def _defer(self, draft: DraftRecord, done: list[str], outcome: PublishOutcome) -> PublishResult:
        """X's rate limit resets later than this run may wait: the post goes back to its queue."""
        now = self._clock()
        until = (
            datetime.fromtimestamp(outcome.retry_at, tz=UTC)
            if outcome.retry_at is not None
            else now + timedelta(minutes=1)
        )
        reason = (outcome.error or "X's rate limit was reached") + "; the post waits in the queue"
        if len(draft.parts) > 1:
            reason = f"part {len(done) + 1} of {len(draft.parts)}: {reason}"
        record = self._store.queue.defer(
            draft.id, until=until, post_ids=done, reason=reason, actor=SYSTEM_ACTOR.name, now=now
        )
        self._waiting[draft.account] = until
        return PublishResult(record.id, record.account, record.state.value, None, reason)

    def _settle(self, draft: DraftRecord) -> PublishResult:
        """A post left in ``publishing`` by a crash: find out whether X has it before resending."""
        sender = self._sender(draft.account)
        if sender is None:
            return self._no_credentials(draft)
        since = (draft.publishing_since or draft.updated_at).timestamp()
        parts = draft.parts
        done = list(draft.post_ids)
        try:
            media_count = len(self._store.media.of(draft.id))
            for part in parts[len(done) :]:
                found = (
                    sender.reconcile(part, since, media_count=media_count)
                    if media_count and not done
                    else sender.reconcile(part, since)
                )
                if found is None:
                    break
                done.append(found)
        except (ReconcileForbiddenError, XApiError) as exc:
            why = (
                "X does not let this account's credentials read its posts"
                if isinstance(exc, ReconcileForbiddenError)
                else f"checking the account's posts on X failed ({exc})"
            )
            record = self._store.queue.finish(
                draft.id,
                state="unknown",
                post_ids=done,
                error=f"publishing was interrupted and {why}: a person must look on X to "
                "confirm whether it went out before it is sent again",
                actor=SYSTEM_ACTOR.name,
                now=self._clock(),
            )
            return PublishResult(
                record.id, record.account, record.state.value, None, record.last_error
            )
        if len(done) == len(parts):
            record = self._store.queue.finish(
                draft.id,
                state="published",
                post_ids=done,
                actor=SYSTEM_ACTOR.name,
                now=self._clock(),
            )
            return PublishResult(record.id, record.account, record.state.value, record.post_id)
        # Not (all) on X: it is safe to send the rest now, as a new try of the same claim.
        record = self._store.queue.reattempt(
            draft.id, post_ids=done, actor=SYSTEM_ACTOR.name, now=self._clock()
        )
        return self._send(record, sender)


def publish_due(
    store: Store,
    *,
    credentials_for: CredentialsFor,
    sender_factory: SenderFactory,
    clock: Callable[[], datetime],
    at: datetime | None = None,
    dry_run: bool = False,
) -> Sequence[PublishResult]:
    """Run one :class:`PublishRun` (see there)."""
    run = PublishRun(
        store, credentials_for=credentials_for, sender_factory=sender_factory, clock=clock
    )
    return run.run(at=at, dry_run=dry_run)


#: How far past a fresh lease's end a holder's expiry may lie (clocks drift) before it is
#: reported as a lease no publisher would take.
LEASE_SLACK = timedelta(minutes=5)


def stuck_lease(store: Store, now: datetime) -> str | None:
    """The sentence to report when the publisher lease is held past any publisher's time.

    A publisher takes the lease for :data:`LEASE` and renews it as it works, so an expiry
    further ahead was not written by one (a hand on the database, a forged row): it blocks
    every run until removed. ``None`` when no lease, or an ordinary one, is held.
    """
    lease = store.queue.lock_holder(now=now)
    if lease is None or lease.expires_at - now <= LEASE + LEASE_SLACK:
        return None
    minutes = int(LEASE.total_seconds() // 60)
    return (
        f"the publisher lease is held by {lease.holder!r} until "
        f"{lease.expires_at:%Y-%m-%d %H:%M} UTC, far past the {minutes} minutes a publisher "
        "takes it for: nothing is published until it is removed (see 'A stuck publisher "
        "lease' in docs/queues.md)"
    )
