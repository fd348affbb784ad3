"""Posts with media through the publishing loop: composer to review to queue to X, exactly once.

The "done when" of issue 17: a draft with two images and alt text is approved, queued and
published on the fake X with its pictures in order and their alt texts; under faults on every
media step and on the post, with crashes, many such posts go out exactly once, and a file X
already holds is not uploaded again.
"""

from __future__ import annotations

import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.fake_x_api import FakeXApi
from helpers.media_files import item_of, png
from helpers.publishing_store import EVERY_5_MIN, publishing_store
from helpers.x_publisher import ShiftedClock, fake_x_for, fast_publisher

from composer.core.workflow import Action, State
from composer.services.media_upload import MediaToSend, UploadedMedia
from composer.services.publisher import PublishOutcome, SendCheck
from composer.services.publishing import PostSender, PublishRun
from composer.services.secrets import XCredentials
from composer.store.media import NewMedia
from composer.store.store import Store

CREDS = XCredentials("ck-media-1", "cs-media-2", "at-media-3", "ats-media-4")
RED = png(32, 24, (220, 30, 30))
BLUE = png(32, 24, (30, 30, 220))


class Crash(BaseException):
    """The process dies (not an Exception: nothing may catch it on the way out)."""


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    with fake_x_for(CREDS) as server:
        yield server


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    # Memory-backed when the machine has it: the big run makes thousands of commits, and
    # their fsyncs on a busy disk, not the publisher, would set its pace.
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path
    with publishing_store(folder / "media.sqlite3", [f"@Acct{i}" for i in range(5)]) as opened:
        yield opened
    if folder != tmp_path:
        shutil.rmtree(folder, ignore_errors=True)


def queue_post(
    store: Store, text: str, media: Sequence[tuple[bytes, str]], account: str = "@Acct0"
) -> int:
    """Write, attach, submit, approve and queue a post, as the composer and a reviewer do."""
    now = datetime.now(UTC)
    d = store.drafts.create(account, text, author="ann", findings=(), now=now)
    d = store.media.save(
        d.id,
        [NewMedia(item_of(data, alt), data) for data, alt in media],
        d.version,
        actor="ann",
        now=now,
    )
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=now)
    d = store.drafts.review(
        d.id,
        Action.APPROVE,
        actor="rex",
        expected_version=d.version,
        now=now,
        text_version=d.text_version,
    )
    store.queue.enqueue(d.id, actor="system", schedule=EVERY_5_MIN, now=now)
    return d.id


def run(
    store: Store,
    api: FakeXApi,
    *,
    wrap: Callable[[PostSender], PostSender] | None = None,
    clock: ShiftedClock | None = None,
) -> list[dict[str, object]]:
    def factory(_account: str, creds: object) -> PostSender:
        sender = fast_publisher(api.url, creds, clock)  # type: ignore[arg-type]
        return wrap(sender) if wrap else sender

    publish_run = PublishRun(
        store,
        credentials_for=lambda _handle: CREDS,
        sender_factory=factory,
        clock=clock.now if clock else lambda: datetime.now(UTC),
    )
    later = datetime.now(UTC) + timedelta(days=30)
    return [r.to_json() for r in publish_run.run(at=later)]


def posted_media(api: FakeXApi, post_index: int) -> list[tuple[bytes, str | None]]:
    """The files and alt texts X attached to a post, in order."""
    keys = api.posts[post_index].media_keys
    return [
        (
            api.media.uploads[k.split("_", 1)[1]].data(),
            api.media.uploads[k.split("_", 1)[1]].alt_text,
        )
        for k in keys
    ]


def test_a_draft_with_two_images_and_alt_text_is_published_with_them(
    store: Store, api: FakeXApi
) -> None:
    draft = queue_post(
        store,
        "Meet our new trail map",
        [(RED, "Map of the red trail"), (BLUE, "Map of the blue trail")],
    )
    (result,) = run(store, api)
    assert result["state"] == "published"
    (post,) = api.posts
    assert post.sent == "Meet our new trail map" and result["post_id"] == post.id
    assert posted_media(api, 0) == [(RED, "Map of the red trail"), (BLUE, "Map of the blue trail")]
    record = store.drafts.get(draft)
    assert record.state is State.PUBLISHED and record.post_id == post.id
    # What X holds of each item was recorded for the draft.
    assert [u.media_id for u in store.media.uploads(draft)] == [
        k.split("_", 1)[1] for k in post.media_keys
    ]


def test_media_changed_behind_the_approval_are_not_sent(store: Store, api: FakeXApi) -> None:
    draft = queue_post(store, "Approved with red", [(RED, "red")])
    from sqlalchemy import update

    from composer.store.media_models import DraftMedia

    with store.db.write() as session:  # a hand on the database, past the workflow
        session.execute(update(DraftMedia).where(DraftMedia.draft_id == draft).values(alt_text="x"))
    (result,) = run(store, api)
    assert result["state"] == "failed" and api.posts == [] and api.media.uploads == {}
    assert "media or alt text" in str(result["error"])


def test_a_post_given_back_for_the_rate_limit_does_not_upload_again(
    store: Store, api: FakeXApi
) -> None:
    clock = ShiftedClock()
    api.clock = clock.time
    api.media.clock = clock.time
    queue_post(store, "Later, with pictures", [(RED, "red"), (BLUE, "blue")])
    api.add_429(3600)  # the post meets a long rate limit after its uploads
    (first,) = run(store, api, clock=clock)
    assert first["state"] == "queued" and api.posts == []
    assert api.media.calls["initialize"] == 2
    clock.offset += 3601
    (second,) = run(store, api, clock=clock)
    assert second["state"] == "published"
    assert api.media.calls["initialize"] == 2 and api.media.calls["metadata"] == 2
    assert posted_media(api, 0) == [(RED, "red"), (BLUE, "blue")]


def test_an_upload_x_forgot_is_done_again(store: Store, api: FakeXApi) -> None:
    clock = ShiftedClock()
    api.clock = clock.time
    api.media.clock = clock.time
    api.media.ttl = 3600.0
    queue_post(store, "Much later", [(RED, "red")])
    api.add_429(2 * 86400)
    run(store, api, clock=clock)
    clock.offset += 2 * 86400 + 1
    (result,) = run(store, api, clock=clock)
    assert result["state"] == "published"
    assert api.media.calls["initialize"] == 2 and posted_media(api, 0) == [(RED, "red")]


def test_many_posts_with_media_under_faults_go_out_exactly_once(
    store: Store, api: FakeXApi
) -> None:
    rng = random.Random(17)
    clock = ShiftedClock()
    api.clock = clock.time
    api.media.clock = clock.time
    api.media.ttl = 90 * 86400.0  # nothing expires during the run: every re-upload is needless
    api.media.processing_polls = 0
    files = [png(16, 16, (i * 9 % 256, 80, 255 - i)) for i in range(40)]
    wanted: dict[int, tuple[str, list[tuple[bytes, str]]]] = {}
    for i in range(100):
        count = 1 + i % 2 + (i % 7 == 0)
        chosen = rng.sample(files, count)  # files repeat across drafts: kept once by content
        media = [(data, f"picture {j} of post {i}") for j, data in enumerate(chosen)]
        text = f"post {i} with {count} pictures" + (" https://example.org/x" if i % 5 == 0 else "")
        wanted[queue_post(store, text, media, f"@Acct{i % 5}")] = (text, media)
    crashes = {"after_post": 12, "mid_upload": 6, "recorded_lost": 0}
    steps = ("initialize", "append", "finalize", "metadata")

    class Chaos:
        """Faults on media steps and posts; crashes after a post and between upload and record."""

        def __init__(self, inner: PostSender) -> None:
            self.inner = inner

        def publish(
            self,
            text: str,
            *,
            in_reply_to: str | None = None,
            before_send: SendCheck | None = None,
            media: Sequence[MediaToSend] = (),
            on_upload: Callable[[int, UploadedMedia], None] | None = None,
        ) -> PublishOutcome:
            roll = rng.random()
            if roll < 0.15:
                api.media.add_fault(rng.choice(steps), rng.choice(["500", "drop"]))
            elif roll < 0.20:
                api.add_500()
            elif roll < 0.25:
                api.add_drop()
            elif roll < 0.27:
                api.add_429(rng.choice([0, 700]))
            elif roll < 0.28:
                api.add_delay(0.7, store=rng.random() < 0.5)
            elif roll < 0.29:
                api.add_status(403, "refused for the test")

            def record(index: int, uploaded: UploadedMedia) -> None:
                if crashes["mid_upload"] and rng.random() < 0.02:
                    crashes["mid_upload"] -= 1
                    crashes["recorded_lost"] += 1  # X holds it, the store does not know
                    raise Crash
                assert on_upload is not None
                on_upload(index, uploaded)

            outcome = self.inner.publish(
                text,
                in_reply_to=in_reply_to,
                before_send=before_send,
                media=media,
                on_upload=record if media else None,
            )
            if crashes["after_post"] and rng.random() < 0.04:
                crashes["after_post"] -= 1
                raise Crash
            return outcome

        def reconcile(self, text: str, since: float, *, media_count: int = 0) -> str | None:
            return self.inner.reconcile(text, since, media_count=media_count)

    for _round in range(200):
        try:
            run(store, api, wrap=Chaos, clock=clock)
        except Crash:
            holder = store.queue.lock_holder(now=clock.now())
            if holder is not None:
                store.queue.release_lock(holder.holder)
            continue
        if not store.queue.entries():
            break
        clock.offset += 901
    assert not store.queue.entries(), "posts left queued or publishing"
    sent = Counter(api.texts())
    assert all(n == 1 for n in sent.values()), [t for t, n in sent.items() if n > 1]
    index_of = {p.sent: n for n, p in enumerate(api.posts)}
    states: Counter[State] = Counter()
    items = 0
    for draft_id, (text, media) in wanted.items():
        record = store.drafts.get(draft_id)
        states[record.state] += 1
        if record.state is State.PUBLISHED:
            assert record.post_id == api.posts[index_of[text]].id
            assert posted_media(api, index_of[text]) == media  # exact files, order, alt texts
            items += len(media)
        else:
            assert record.state is State.FAILED and record.last_error
            assert text not in index_of
    assert states[State.PUBLISHED] > 85 and states[State.FAILED] > 0
    # Every file a published post carries was uploaded once for it, plus once more only where
    # a crash came between X's answer and the store's record of it; failed posts may have
    # uploaded theirs before X refused the post.
    finished = len(api.media.finished())
    failed_items = sum(
        len(m) for d, (_t, m) in wanted.items() if store.drafts.get(d).state is State.FAILED
    )
    assert items <= finished <= items + failed_items + crashes["recorded_lost"]
    assert crashes["after_post"] < 12 and crashes["recorded_lost"] > 0
    assert sum(api.media.calls.values()) > 4 * items
