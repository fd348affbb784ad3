"""Publishing due posts against the local fake X API: once each, under every fault.

Faults: 500s, 429 with a reset time (short, or later than the publisher's lease lasts),
timeouts, a connection dropped after X accepted the post, a refusal, and a crash between
sending and recording (the process dies after X has the post but before the store knows).
The fake X wraps links in t.co as X does. A thousand queued posts, a third with links, under
random faults end published exactly once or visibly failed; none is lost and none goes out
twice.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.fake_x_api import FakeClock, FakeXApi
from helpers.publishing_store import EVERY_5_MIN, publishing_store
from helpers.x_publisher import ShiftedClock, fake_x_for, fast_publisher

from composer.core.workflow import Action, State
from composer.services.publisher import Publisher, PublishOutcome, SendCheck
from composer.services.publishing import (
    PostSender,
    PublisherBusyError,
    PublishResult,
    PublishRun,
    default_sender_factory,
)
from composer.services.secrets import XCredentials
from composer.store.store import Store

CREDS = XCredentials("ck-SECRET-1", "cs-SECRET-2", "at-SECRET-3", "ats-SECRET-4")


class Crash(BaseException):
    """The process dies (not an Exception: nothing may catch it on the way out)."""


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    with fake_x_for(CREDS) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with publishing_store(tmp_path / "q.sqlite3", [f"@Acct{i}" for i in range(20)]) as opened:
        yield opened


def queue_post(
    store: Store,
    text: str,
    account: str = "@Acct0",
    *,
    parts: tuple[str, ...] = (),
    reply_to: str | None = None,
) -> int:
    now = datetime.now(UTC)
    d = store.drafts.create(account, text, author="ann", findings=(), now=now)
    if parts or reply_to:
        _set_unit(store, d.id, parts, reply_to)
        d = store.drafts.get(d.id)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=now)
    d = store.drafts.review(d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=now)
    store.queue.enqueue(d.id, actor="system", schedule=EVERY_5_MIN, now=now)
    return d.id


def _set_unit(store: Store, draft_id: int, parts: tuple[str, ...], reply_to: str | None) -> None:
    from sqlalchemy import update

    from composer.store.models import Draft

    with store.db.write() as session:
        session.execute(
            update(Draft)
            .where(Draft.id == draft_id)
            .values(thread_parts=list(parts), in_reply_to=reply_to)
        )


def release_dead_lease(store: Store) -> None:
    """What a killed process leaves behind is cleaned up (here: its lease, if still there)."""
    holder = store.queue.lock_holder(now=datetime.now(UTC))
    if holder is not None:
        store.queue.release_lock(holder.holder)


def run(
    store: Store,
    api: FakeXApi,
    *,
    wrap: Callable[[PostSender], PostSender] | None = None,
    credentials: XCredentials | None = CREDS,
    dry_run: bool = False,
    clock: ShiftedClock | None = None,
) -> list[dict[str, object]]:
    base = default_sender_factory(api.url)

    def factory(account: str, creds: XCredentials) -> PostSender:
        sender = fast_publisher(api.url, creds, clock)
        assert base  # the default factory exists; tests use a fast-retry publisher
        return wrap(sender) if wrap else sender

    publish_run = PublishRun(
        store,
        credentials_for=lambda _handle: credentials,
        sender_factory=factory,
        clock=clock.now if clock else lambda: datetime.now(UTC),
    )
    later = datetime.now(UTC) + timedelta(days=30)
    return [r.to_json() for r in publish_run.run(at=later, dry_run=dry_run)]


def test_due_posts_go_out_once_in_order(store: Store, api: FakeXApi) -> None:
    ids = [queue_post(store, f"post number {i}") for i in range(3)]
    results = run(store, api)
    assert [(r["draft"], r["state"]) for r in results] == [(i, "published") for i in ids]
    assert api.texts() == ["post number 0", "post number 1", "post number 2"]
    for r in results:
        assert set(r) == {"draft", "account", "state", "post_id", "error"}
        assert store.drafts.get(int(r["draft"])).post_id == r["post_id"]  # type: ignore[call-overload]
    assert run(store, api) == []  # nothing left: a second run sends nothing


def test_nothing_due_before_its_time(store: Store, api: FakeXApi) -> None:
    queue_post(store, "later")
    publish_run = PublishRun(
        store,
        credentials_for=lambda _h: CREDS,
        sender_factory=default_sender_factory(api.url),
        clock=lambda: datetime.now(UTC),
    )
    assert publish_run.run() == []
    assert api.texts() == []


def test_dry_run_sends_nothing(store: Store, api: FakeXApi) -> None:
    draft = queue_post(store, "hello")
    assert run(store, api, dry_run=True) == [
        {"draft": draft, "account": "@Acct0", "state": "due", "post_id": None, "error": None}
    ]
    assert api.texts() == [] and store.drafts.get(draft).state is State.QUEUED


def test_one_publisher_at_a_time(store: Store, api: FakeXApi) -> None:
    queue_post(store, "hello")
    assert store.queue.acquire_lock(
        "otherhost:1:abc", ttl=timedelta(minutes=10), now=datetime.now(UTC)
    )
    with pytest.raises(PublisherBusyError, match="another publisher is already at work"):
        run(store, api)
    assert api.texts() == []


def test_missing_credentials_keep_the_post_queued(store: Store, api: FakeXApi) -> None:
    draft = queue_post(store, "hello")
    (result,) = run(store, api, credentials=None)
    assert result["state"] == "queued" and "account credentials @Acct0" in str(result["error"])
    assert store.drafts.get(draft).state is State.QUEUED


def test_refusal_fails_visibly_and_retry_sends_it(store: Store, api: FakeXApi) -> None:
    draft = queue_post(store, "hello")
    api.add_status(403, "You are not allowed to create a Tweet with duplicate content.")
    (result,) = run(store, api)
    assert result["state"] == "failed" and "duplicate content" in str(result["error"])
    assert [h.id for h in store.queue.history()] == [draft]
    store.queue.retry(draft, actor="rex", schedule=EVERY_5_MIN, now=datetime.now(UTC))
    (result,) = run(store, api)
    assert result["state"] == "published" and api.texts() == ["hello"]
    assert [a.outcome for a in store.queue.attempts(draft)] == ["failed", "published"]


def test_crash_between_sending_and_recording_never_double_posts(
    store: Store, api: FakeXApi
) -> None:
    draft = queue_post(store, "the one and only")

    class CrashAfterSend:
        def __init__(self, inner: PostSender) -> None:
            self.inner = inner

        def publish(
            self, text: str, *, in_reply_to: str | None = None, before_send: SendCheck | None = None
        ) -> PublishOutcome:
            self.inner.publish(text, in_reply_to=in_reply_to, before_send=before_send)
            raise Crash

        def reconcile(self, text: str, since: float) -> str | None:
            return self.inner.reconcile(text, since)

    with pytest.raises(Crash):
        run(store, api, wrap=CrashAfterSend)
    assert store.drafts.get(draft).state is State.PUBLISHING
    release_dead_lease(store)
    (result,) = run(store, api)
    assert result["state"] == "published"
    assert api.texts() == ["the one and only"]
    assert store.drafts.get(draft).post_id == api.posts[0].id


def test_dropped_answer_without_read_access_waits_for_a_person(store: Store, api: FakeXApi) -> None:
    draft = queue_post(store, "maybe sent")
    api.reads_forbidden = True
    api.add_drop()
    (result,) = run(store, api)
    assert result["state"] == "publishing" and "a person must look on X" in str(result["error"])
    record = store.drafts.get(draft)
    assert record.needs_confirmation
    assert run(store, api) == []  # never sent again by itself
    assert api.texts() == ["maybe sent"]
    record = store.queue.confirm(
        draft, published=True, post_id=api.posts[0].id, actor="rex", now=datetime.now(UTC)
    )
    assert record.state is State.PUBLISHED


def test_thread_goes_out_as_a_chain_and_resumes_after_breaking_off(
    store: Store, api: FakeXApi
) -> None:
    draft = queue_post(store, "1/3 start\n---\n2/3 middle\n---\n3/3 end")
    # The second part is refused once.
    calls = {"n": 0}

    class RefuseSecond:
        def __init__(self, inner: PostSender) -> None:
            self.inner = inner

        def publish(
            self, text: str, *, in_reply_to: str | None = None, before_send: SendCheck | None = None
        ) -> PublishOutcome:
            calls["n"] += 1
            if calls["n"] == 2:
                return PublishOutcome("failed", error="X refused it")
            return self.inner.publish(text, in_reply_to=in_reply_to, before_send=before_send)

        def reconcile(self, text: str, since: float) -> str | None:
            return self.inner.reconcile(text, since)

    (result,) = run(store, api, wrap=RefuseSecond)
    assert result["state"] == "failed" and str(result["error"]).startswith("part 2 of 3")
    assert api.texts() == ["1/3 start"]
    store.queue.retry(draft, actor="rex", schedule=EVERY_5_MIN, now=datetime.now(UTC))
    (result,) = run(store, api)
    assert result["state"] == "published"
    assert api.texts() == ["1/3 start", "2/3 middle", "3/3 end"]
    first, second, third = api.posts
    assert (second.in_reply_to, third.in_reply_to) == (first.id, second.id)
    assert store.drafts.get(draft).post_ids == (first.id, second.id, third.id)


def test_reply_goes_to_its_post(store: Store, api: FakeXApi) -> None:
    target = api.store("the customer's question", None)
    queue_post(store, "we are on it", reply_to=target.id)
    (result,) = run(store, api)
    assert result["state"] == "published"
    assert api.posts[-1].in_reply_to == target.id


def test_secrets_never_in_results_audit_logs_or_exports(
    store: Store, api: FakeXApi, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from composer.services.exchange import ExchangeRow, export_csv, export_json

    caplog.set_level(logging.DEBUG)
    queue_post(store, "hello")
    queue_post(store, "hello again")
    api.add_status(401, f"Unauthorized token {CREDS.access_token}")  # even if X echoes one
    api.add_500(3)
    api.add_drop()
    results = run(store, api)
    rows = [
        ExchangeRow(d.account, d.text, d.scheduled_at, state=d.state.value)
        for d in store.queue.history()
    ]
    blob = "".join(
        [
            repr(results),
            repr(store.audit.list()),
            repr(store.queue.history()),
            repr([store.queue.attempts(d.id) for d in store.queue.history()]),
            caplog.text,
            export_json(rows),
            export_csv(rows),
        ]
    )
    assert caplog.text  # the publisher did log its retries
    for secret in CREDS.secrets():
        assert secret not in blob


def clocked_run(
    store: Store,
    api: FakeXApi,
    clock: FakeClock,
    *,
    wrap: Callable[[PostSender], PostSender] | None = None,
    lease: timedelta | None = None,
) -> PublishRun:
    """A run on ``clock`` (the fake X's too); the publisher sleeps by moving the clock on."""

    def factory(_account: str, creds: XCredentials) -> PostSender:
        # A generous timeout: these tests inject no delays, and a loaded machine is no lost answer.
        sender = Publisher(api.url, creds, timeout=5, sleep=clock.sleep, clock=clock.time)
        return wrap(sender) if wrap else sender

    return PublishRun(
        store,
        credentials_for=lambda _handle: CREDS,
        sender_factory=factory,
        clock=lambda: datetime.fromtimestamp(clock.time(), UTC),
        **({"lease": lease} if lease is not None else {}),  # type: ignore[arg-type]
    )


def test_a_rate_limit_reset_past_the_lease_never_sends_twice(store: Store, api: FakeXApi) -> None:
    """The red team's double post: a 429 whose reset (630 s) outlasts the 10-minute lease.

    The publisher used to sleep on it holding the lease; a second run took the expired lease
    over, found nothing on X and sent; the first woke up and sent again.
    """
    clock = FakeClock(now=float(int(time.time())))
    api.clock = clock.time
    text = "Launch day: the new trail map is out"
    draft = queue_post(store, text)
    later = datetime.now(UTC) + timedelta(days=30)
    second: list[list[PublishResult]] = []

    def sleep(seconds: float) -> None:
        clock.sleep(seconds)
        if seconds > 60 and not second:  # while the first run sleeps, cron starts another
            second.append(clocked_run(store, api, clock).run(at=later))

    def patient(inner: PostSender) -> PostSender:
        assert isinstance(inner, Publisher)
        inner._sleep = sleep  # the first run's publisher: its waits let the second one in
        return inner

    api.add_429(630)
    reset = clock.time() + 630
    try:
        (result,) = clocked_run(store, api, clock, wrap=patient).run(at=later)
    finally:
        assert api.texts().count(text) <= 1, "sent twice"
    assert second == [] and clock.sleeps == []  # nobody slept holding the lease
    assert result.state == "queued" and "X's rate limit was reached" in str(result.error)
    record = store.drafts.get(draft)
    assert record.state is State.QUEUED and api.texts() == []
    assert record.not_before == datetime.fromtimestamp(reset, UTC)
    assert "waits in the queue" in record.last_error
    # Before X's reset nothing of the account goes out; after it, the post goes out once.
    clock.now += 600
    assert clocked_run(store, api, clock).run(at=later) == []
    clock.now += 31
    (result,) = clocked_run(store, api, clock).run(at=later)
    assert result.state == "published" and api.texts() == [text]
    assert [a.outcome for a in store.queue.attempts(draft)] == ["rate_limited", "published"]
    assert store.drafts.get(draft).not_before is None


def test_with_a_short_lease_no_wait_outlives_it(store: Store, api: FakeXApi) -> None:
    clock = FakeClock(now=float(int(time.time())))
    api.clock = clock.time
    later = datetime.now(UTC) + timedelta(days=30)
    first = queue_post(store, "first of two", "@Acct1")
    second = queue_post(store, "second of two", "@Acct1")
    other = queue_post(store, "another account's post", "@Acct2")
    lease = timedelta(seconds=30)  # a run may wait 15 s at most
    api.add_429(10)  # waited out in the run
    api.add_429(20)  # longer than the run may wait: the post goes back to its queue
    results = clocked_run(store, api, clock, lease=lease).run(at=later)
    assert [(r.draft, r.state) for r in results] == [
        (first, "queued"),
        (other, "published"),
        (second, "queued"),
    ]
    assert clock.sleeps == [10.0]
    assert "X's rate limit was reached" in str(results[0].error)
    assert "@Acct1 waits for X's rate limit until" in str(results[2].error)
    assert store.drafts.get(second).publish_attempts == 0  # not even claimed
    assert api.texts() == ["another account's post"]
    lock = store.queue.lock_holder(now=datetime.fromtimestamp(clock.time(), UTC))
    assert lock is None  # the lease was given back
    # The account's posts wait for X's reset, then go out in order, once.
    assert clocked_run(store, api, clock, lease=lease).run(at=later) == []
    clock.now += 21
    results = clocked_run(store, api, clock, lease=lease).run(at=later)
    assert [(r.draft, r.state) for r in results] == [(first, "published"), (second, "published")]
    assert api.texts() == ["another account's post", "first of two", "second of two"]


def test_a_run_whose_lease_was_taken_over_sends_nothing(store: Store, api: FakeXApi) -> None:
    """A run suspended (a laptop lid, a stopped process) past its lease sends nothing after."""
    clock = FakeClock(now=float(int(time.time())))
    api.clock = clock.time
    text = "Only once, whoever sends it"
    draft = queue_post(store, text)
    later = datetime.now(UTC) + timedelta(days=30)
    second: list[list[PublishResult]] = []

    class Stalls:
        """The first run stops for 11 minutes between its claim and its send."""

        def __init__(self, inner: PostSender) -> None:
            self.inner = inner

        def publish(
            self, text: str, *, in_reply_to: str | None = None, before_send: SendCheck | None = None
        ) -> PublishOutcome:
            clock.now += 660
            second.append(clocked_run(store, api, clock).run(at=later))
            return self.inner.publish(text, in_reply_to=in_reply_to, before_send=before_send)

        def reconcile(self, text: str, since: float) -> str | None:
            return self.inner.reconcile(text, since)

    try:
        (stale,) = clocked_run(store, api, clock, wrap=Stalls).run(at=later)
    finally:
        assert api.texts().count(text) <= 1, "sent twice"
    assert api.texts() == [text]
    assert [r.state for r in second[0]] == ["published"]
    assert stale.state == "skipped" and "lease ran out" in str(stale.error)
    assert store.drafts.get(draft).post_id == api.posts[0].id


def test_a_post_with_links_interrupted_after_sending_is_found_not_sent_again(
    store: Store, api: FakeXApi
) -> None:
    text = "Trail report: https://northwindtrail.com/report?day=mon&lang=en, maps at northwindtrail.com/maps"
    draft = queue_post(store, text)

    class CrashAfterSend:
        def __init__(self, inner: PostSender) -> None:
            self.inner = inner

        def publish(
            self, text: str, *, in_reply_to: str | None = None, before_send: SendCheck | None = None
        ) -> PublishOutcome:
            self.inner.publish(text, in_reply_to=in_reply_to, before_send=before_send)
            raise Crash

        def reconcile(self, text: str, since: float) -> str | None:
            return self.inner.reconcile(text, since)

    clock = FakeClock(now=float(int(time.time())))
    api.clock = clock.time
    later = datetime.now(UTC) + timedelta(days=30)
    with pytest.raises(Crash):
        clocked_run(store, api, clock, wrap=CrashAfterSend).run(at=later)
    assert api.posts[0].text.count("https://t.co/") == 2  # X keeps the links wrapped
    release_dead_lease(store)
    clock.now += 60
    (result,) = clocked_run(store, api, clock).run(at=later)
    assert result.state == "published" and result.post_id == api.posts[0].id
    assert api.texts() == [text]
    assert store.drafts.get(draft).state is State.PUBLISHED


def big_run_text(i: int) -> str:
    """Every third post has a link, every sixth one typed without a scheme."""
    if i % 3 == 0:
        return f"post {i} of the big run: https://northwindtrail.com/runs/{i}?via=queue&n={i}"
    if i % 6 == 1:
        return f"post {i} of the big run, map at northwindtrail.com/maps/{i}"
    return f"post {i} of the big run"


def test_a_thousand_posts_under_random_faults_go_out_exactly_once(
    store: Store, api: FakeXApi
) -> None:
    rng = random.Random(8)
    clock = ShiftedClock()
    api.clock = clock.time
    texts = {
        queue_post(store, big_run_text(i), f"@Acct{i % 20}"): big_run_text(i) for i in range(1000)
    }
    crashes = {"left": 25}
    lost_with_links = {"n": 0}

    class Chaos:
        """Injects server faults before some sends and crashes after some."""

        def __init__(self, inner: PostSender) -> None:
            self.inner = inner

        def publish(
            self, text: str, *, in_reply_to: str | None = None, before_send: SendCheck | None = None
        ) -> PublishOutcome:
            roll = rng.random()
            if roll < 0.08:
                api.add_500(rng.randint(1, 2))
            elif roll < 0.11:
                api.add_429(0, 1)
            elif roll < 0.13:  # a reset past what the run may wait: the post is given back
                api.add_429(rng.choice([630, 700, 900]))
            elif roll < 0.17:
                api.add_drop()
                lost_with_links["n"] += "northwindtrail.com" in text
            elif roll < 0.18:
                api.add_delay(0.7, store=rng.random() < 0.5)
            elif roll < 0.20:
                api.add_status(403, "refused for the test")
            outcome = self.inner.publish(text, in_reply_to=in_reply_to, before_send=before_send)
            if crashes["left"] and rng.random() < 0.03:
                crashes["left"] -= 1
                lost_with_links["n"] += (
                    "northwindtrail.com" in text and outcome.state == "published"
                )
                raise Crash
            return outcome

        def reconcile(self, text: str, since: float) -> str | None:
            return self.inner.reconcile(text, since)

    for _round in range(300):
        try:
            run(store, api, wrap=Chaos, clock=clock)
        except Crash:
            release_dead_lease(store)
            continue
        if not store.queue.entries():
            break
        clock.offset += 901  # X's resets pass before the next run
    assert not store.queue.entries(), "posts left queued or publishing"
    sent = Counter(api.texts())
    assert all(n == 1 for n in sent.values()), [t for t, n in sent.items() if n > 1]
    by_text = {p.sent: p.id for p in api.posts}
    states = Counter()
    for draft_id, text in texts.items():
        record = store.drafts.get(draft_id)
        states[record.state] += 1
        if record.state is State.PUBLISHED:
            assert by_text[text] == record.post_id
        else:
            assert record.state is State.FAILED and record.last_error
            assert text not in by_text
    assert states[State.PUBLISHED] + states[State.FAILED] == 1000
    assert states[State.FAILED] > 0 and states[State.PUBLISHED] > 900
    assert crashes["left"] < 25  # the crash path was exercised
    # Long rate limits gave posts back, and lost answers of posts with links were found on X.
    outcomes = Counter(a.outcome for d in texts for a in store.queue.attempts(d))
    assert outcomes["rate_limited"] >= 5
    assert lost_with_links["n"] >= 10
    assert sum("https://t.co/" in p.text for p in api.posts) > 300
