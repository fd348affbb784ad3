"""The publisher uploads a post's media (X API v2) against the fake X, with faults."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.fake_x_api import FakeClock, FakeXApi
from helpers.media_files import gif_header, item_of, mp4_header, png
from helpers.x_publisher import fake_x_for

from composer.core.media import MediaItem
from composer.services.media_upload import MediaToSend, UploadedMedia
from composer.services.publisher import Publisher
from composer.services.secrets import XCredentials

CREDS = XCredentials(
    consumer_key="ck-media-1111",
    consumer_secret="cs-media-2222",
    access_token="at-media-3333",
    access_token_secret="ats-media-4444",
)
RED = png(64, 48, (220, 30, 30))
BLUE = png(64, 48, (30, 30, 220))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> Iterator[FakeXApi]:
    with fake_x_for(CREDS, clock.time) as server:
        yield server


def publisher(api: FakeXApi, clock: FakeClock) -> Publisher:
    return Publisher(api.url, CREDS, timeout=0.3, sleep=clock.sleep, clock=clock.time)


def send(data: bytes, alt: str, known: UploadedMedia | None = None) -> MediaToSend:
    return MediaToSend(item_of(data, alt), lambda: data, known)


def two_images() -> list[MediaToSend]:
    return [send(RED, "A red square on white"), send(BLUE, "A blue square on white")]


def test_two_images_with_alt_text_are_uploaded_then_posted(api: FakeXApi, clock: FakeClock) -> None:
    reported: list[tuple[int, UploadedMedia]] = []
    outcome = publisher(api, clock).publish(
        "Our new look", media=two_images(), on_upload=lambda i, u: reported.append((i, u))
    )
    assert outcome.state == "published"
    (post,) = api.posts
    assert post.sent == "Our new look" and len(post.media_keys) == 2
    uploads = api.media.finished()
    assert [u.data() for u in uploads] == [RED, BLUE]
    assert [u.alt_text for u in uploads] == ["A red square on white", "A blue square on white"]
    assert [u.media_type for u in uploads] == ["image/png", "image/png"]
    # Each item reported after its upload and again once X had its alt text.
    assert [(i, u.alt_done) for i, u in reported] == [(0, False), (0, True), (1, False), (1, True)]
    assert reported[-1][1].expires_at == pytest.approx(clock.now + api.media.ttl)


def test_a_big_file_goes_in_chunks(api: FakeXApi, clock: FakeClock) -> None:
    big = png(900, 900, (10, 200, 10)) + b"\x00" * (2 * 1024 * 1024)  # trailing bytes: a PNG still
    assert publisher(api, clock).publish("Big", media=[send(big, "green")]).state == "published"
    (upload,) = api.media.finished()
    assert len(upload.chunks) == 3 and upload.data() == big


def test_what_x_still_holds_is_not_uploaded_again(api: FakeXApi, clock: FakeClock) -> None:
    first = publisher(api, clock).publish("One", media=[send(RED, "red")])
    assert first.state == "published"
    (upload,) = api.media.finished()
    known = UploadedMedia(upload.id, upload.expires_at, alt_done=True)
    again = publisher(api, clock).publish("Two", media=[send(RED, "red", known)])
    assert again.state == "published"
    assert api.media.calls["initialize"] == 1 and api.media.calls["metadata"] == 1
    assert api.posts[1].media_keys == api.posts[0].media_keys


def test_an_expired_upload_is_done_again(api: FakeXApi, clock: FakeClock) -> None:
    known = UploadedMedia("1900000000000000001", clock.now + 60, alt_done=True)  # expires soon
    outcome = publisher(api, clock).publish("Fresh", media=[send(RED, "red", known)])
    assert outcome.state == "published"
    assert api.media.calls["initialize"] == 1 and api.media.finished()[0].alt_text == "red"


def test_alt_text_not_yet_set_is_set_without_uploading_again(
    api: FakeXApi, clock: FakeClock
) -> None:
    api.media.add_fault("metadata", "status", status=403, detail="not permitted")
    failed = publisher(api, clock).publish("Alt", media=[send(RED, "red")])
    assert failed.state == "failed" and "alt text of media item 1" in (failed.error or "")
    assert api.posts == []  # nothing published without its alt text
    (upload,) = api.media.finished()
    known = UploadedMedia(upload.id, upload.expires_at, alt_done=False)
    again = publisher(api, clock).publish("Alt", media=[send(RED, "red", known)])
    assert again.state == "published" and upload.alt_text == "red"
    assert api.media.calls["initialize"] == 1


@pytest.mark.parametrize(
    ("step", "kind"),
    [
        ("initialize", "500"),
        ("initialize", "drop"),
        ("append", "500"),
        ("append", "drop"),
        ("finalize", "500"),
        ("finalize", "drop"),
        ("metadata", "500"),
        ("metadata", "drop"),
    ],
)
def test_media_steps_survive_server_errors_and_lost_answers(
    api: FakeXApi, clock: FakeClock, step: str, kind: str
) -> None:
    api.media.add_fault(step, kind)
    outcome = publisher(api, clock).publish("Faulty", media=two_images())
    assert outcome.state == "published"
    assert len(api.posts) == 1 and len(api.posts[0].media_keys) == 2
    attached = [api.media.uploads[k.split("_", 1)[1]] for k in api.posts[0].media_keys]
    assert [u.data() for u in attached] == [RED, BLUE]
    assert [u.alt_text for u in attached] == ["A red square on white", "A blue square on white"]


def test_a_lost_finalize_is_checked_by_status_not_redone(api: FakeXApi, clock: FakeClock) -> None:
    api.media.add_fault("finalize", "drop")
    assert publisher(api, clock).publish("Lost", media=[send(RED, "r")]).state == "published"
    assert api.media.calls["finalize"] == 1 and api.media.calls["status"] == 1


def test_a_video_is_posted_once_x_has_processed_it(api: FakeXApi, clock: FakeClock) -> None:
    video = mp4_header(4096)
    api.media.processing_polls = 3
    outcome = publisher(api, clock).publish("Watch", media=[send(video, "A short clip")])
    assert outcome.state == "published"
    assert api.media.calls["status"] == 3 and clock.sleeps.count(1.0) >= 3
    assert api.media.finished()[0].category == "tweet_video"


def test_a_gif_uses_the_gif_category(api: FakeXApi, clock: FakeClock) -> None:
    api.media.processing_polls = 1
    assert publisher(api, clock).publish("Loop", media=[send(gif_header(512), "")]).state == (
        "published"
    )
    (upload,) = api.media.finished()
    assert upload.category == "tweet_gif" and upload.alt_text is None  # no alt text: none set


def test_a_refused_upload_fails_the_post_before_anything_is_posted(
    api: FakeXApi, clock: FakeClock
) -> None:
    api.media.add_fault("initialize", "status", status=400, detail="media type unsupported")
    outcome = publisher(api, clock).publish("Nope", media=two_images())
    assert outcome.state == "failed" and api.posts == []
    assert outcome.error == (
        "X refused media item 1 (start) (400): Invalid Request; media type unsupported; "
        "the post was not sent"
    )


def test_a_rate_limited_upload_gives_the_post_back(api: FakeXApi, clock: FakeClock) -> None:
    api.media.add_fault("append", "status", status=429, detail="Too Many Requests")
    outcome = publisher(api, clock).publish("Later", media=two_images())
    assert outcome.state == "rate_limited" and api.posts == []
    assert outcome.retry_at == clock.now + 60  # no reset time given: a minute on


def test_a_lost_post_answer_with_media_is_reconciled_not_sent_twice(
    api: FakeXApi, clock: FakeClock
) -> None:
    api.add_drop()  # the post is published, its answer lost
    outcome = publisher(api, clock).publish("Once with pictures", media=two_images())
    assert outcome.state == "published"
    assert len(api.posts) == 1 and outcome.post_id == api.posts[0].id
    # X shows the text with a t.co link to the media appended; reconciliation looked past it.
    assert api.posts[0].text.startswith("Once with pictures https://t.co/")


def test_reconcile_wants_the_same_number_of_media(api: FakeXApi, clock: FakeClock) -> None:
    pub = publisher(api, clock)
    since = clock.now
    assert pub.publish("Same words", media=[send(RED, "red")]).state == "published"
    assert pub.reconcile("Same words", since, media_count=1) == api.posts[0].id
    assert pub.reconcile("Same words", since, media_count=2) is None


def test_items_keep_their_order(api: FakeXApi, clock: FakeClock) -> None:
    items = [send(png(8, 8, (i * 40, 0, 0)), f"shade {i}") for i in range(4)]
    assert publisher(api, clock).publish("Four", media=items).state == "published"
    keys = api.posts[0].media_keys
    assert [api.media.uploads[k.split("_", 1)[1]].alt_text for k in keys] == [
        "shade 0",
        "shade 1",
        "shade 2",
        "shade 3",
    ]


def test_item_helper_describes_the_bytes() -> None:
    item = item_of(RED, "x")
    assert isinstance(item, MediaItem) and item.size == len(RED)
