"""The X API publisher against a local fake X API with injected faults."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator

import pytest
from helpers.fake_x_api import FakeClock, FakeXApi, parse_oauth_header, running_fake_x_api
from helpers.x_publisher import fake_x_for

from composer.core.errors import ConfigError, ServiceUnavailableError
from composer.services.publisher import (
    DEFAULT_API_URL,
    ENV_API_URL,
    Publisher,
    PublishOutcome,
    ReconcileForbiddenError,
    authorization_header,
    default_base_url,
    hmac_sha1_signature,
    signature_base_string,
)
from composer.services.secrets import XCredentials

CREDS = XCredentials(
    consumer_key="ck-SECRET-consumer-key-1111",
    consumer_secret="cs-SECRET-consumer-secret-2222",
    access_token="at-SECRET-access-token-3333",
    access_token_secret="ats-SECRET-token-secret-4444",
)
TIMEOUT = 0.3

# The worked example of X's "Creating a signature" page
# (docs.x.com/fundamentals/authentication/oauth-1-0a/creating-a-signature). The page's
# base string and its published signature use the request URL api.twitter.com.
DOC_URL = "https://api.twitter.com/1.1/statuses/update.json"
DOC_PARAMS = [
    ("status", "Hello Ladies + Gentlemen, a signed OAuth request!"),
    ("include_entities", "true"),
    ("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
    ("oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"),
    ("oauth_signature_method", "HMAC-SHA1"),
    ("oauth_timestamp", "1318622958"),
    ("oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"),
    ("oauth_version", "1.0"),
]
DOC_CONSUMER_SECRET = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
DOC_TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
DOC_BASE_STRING = (
    "POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue"
    "%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYS"
    "Q2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oau"
    "th_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26statu"
    "s%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521"
)
DOC_SIGNATURE = "hCtSmYh+iHYCEqBWrE7C7hYmtUk="


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def api(clock: FakeClock) -> Iterator[FakeXApi]:
    with fake_x_for(CREDS, clock.time) as server:
        yield server


def make_publisher(api: FakeXApi, clock: FakeClock, **kwargs: object) -> Publisher:
    return Publisher(api.url, CREDS, timeout=TIMEOUT, sleep=clock.sleep, clock=clock.time, **kwargs)  # type: ignore[arg-type]


def assert_no_secret(*texts: object) -> None:
    for text in texts:
        for secret in CREDS.secrets():
            assert secret not in str(text)


# -- signing -----------------------------------------------------------------------------------


def test_signature_base_string_matches_the_documented_example() -> None:
    assert signature_base_string("POST", DOC_URL, DOC_PARAMS) == DOC_BASE_STRING


def test_signature_matches_the_documented_example() -> None:
    got = hmac_sha1_signature("POST", DOC_URL, DOC_PARAMS, DOC_CONSUMER_SECRET, DOC_TOKEN_SECRET)
    assert got == DOC_SIGNATURE


def test_request_token_signature_without_token_secret() -> None:
    # Twitter's older "Implementing Sign in" example (request token step, no token secret).
    params = [
        (
            "oauth_callback",
            "http://localhost:3005/the_dance/process_callback?service_provider_id=11",
        ),
        ("oauth_consumer_key", "GDdmIQH6jhtmLUypg82g"),
        ("oauth_nonce", "QP70eNmVz8jvdPevU3oJD2AfF7R7odC2XJcn4XlZJqk"),
        ("oauth_signature_method", "HMAC-SHA1"),
        ("oauth_timestamp", "1272323042"),
        ("oauth_version", "1.0"),
    ]
    got = hmac_sha1_signature(
        "POST",
        "https://api.twitter.com/oauth/request_token",
        params,
        "MCD8BKwGdgPHvAuvgvz4EQpqDAtx89grbuNMRd7Eh98",
        "",
    )
    assert got == "8wUi7m5HFQy76nowoCThusfgB+Q="


def test_authorization_header_is_well_formed_and_signs_query() -> None:
    creds = XCredentials(
        "xvz1evFS4wEEPTGEFPHBog", DOC_CONSUMER_SECRET, DOC_PARAMS[6][1], DOC_TOKEN_SECRET
    )
    header = authorization_header(
        "POST",
        DOC_URL,
        creds,
        query=DOC_PARAMS[:2],
        timestamp=1318622958,
        nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
    )
    params = parse_oauth_header(header)
    assert params is not None
    assert params["oauth_signature"] == DOC_SIGNATURE
    assert 'oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"' in header
    assert DOC_CONSUMER_SECRET not in header and DOC_TOKEN_SECRET not in header


def test_signature_normalises_host_case_and_default_port() -> None:
    a = hmac_sha1_signature("POST", "HTTPS://API.X.COM:443/2/tweets", [], "a", "b")
    b = hmac_sha1_signature("POST", "https://api.x.com/2/tweets", [], "a", "b")
    assert a == b


# -- configuration -----------------------------------------------------------------------------


def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_API_URL, raising=False)
    assert default_base_url() == DEFAULT_API_URL
    assert Publisher(None, CREDS).base_url == "https://api.x.com"
    monkeypatch.setenv(ENV_API_URL, "http://127.0.0.1:9/")
    assert Publisher(None, CREDS).base_url == "http://127.0.0.1:9"
    assert default_base_url({ENV_API_URL: " "}) == DEFAULT_API_URL


@pytest.mark.parametrize("bad", ["api.x.com", "ftp://api.x.com", "https://", "https://x.com?a=1"])
def test_bad_base_url_is_a_config_error_naming_it(bad: str) -> None:
    with pytest.raises(ConfigError, match=ENV_API_URL) as info:
        Publisher(bad, CREDS)
    assert repr(bad) in str(info.value)


# -- publishing --------------------------------------------------------------------------------


def test_publish_success(api: FakeXApi, clock: FakeClock) -> None:
    outcome = make_publisher(api, clock).publish("Hello trail & friends <3")
    assert outcome == PublishOutcome("published", post_id=api.posts[0].id)
    assert api.texts() == ["Hello trail & friends <3"]
    assert all(parse_oauth_header(h) for h in api.auth_headers)
    assert clock.sleeps == []


def test_wrong_secret_is_refused_as_credentials(api: FakeXApi, clock: FakeClock) -> None:
    wrong = XCredentials(
        CREDS.consumer_key, "not-the-secret", CREDS.access_token, CREDS.access_token_secret
    )
    outcome = Publisher(
        api.url, wrong, timeout=TIMEOUT, sleep=clock.sleep, clock=clock.time
    ).publish("x")
    assert outcome.state == "failed"
    assert "credentials (401)" in (outcome.error or "")
    assert api.texts() == []


def test_reply_chain(api: FakeXApi, clock: FakeClock) -> None:
    outcomes = make_publisher(api, clock).publish_thread(["one", "two", "three"])
    assert [o.state for o in outcomes] == ["published"] * 3
    assert [p.text for p in api.posts] == ["one", "two", "three"]
    assert [p.in_reply_to for p in api.posts] == [None, outcomes[0].post_id, outcomes[1].post_id]


def test_thread_stops_at_first_failure(api: FakeXApi, clock: FakeClock) -> None:
    api.faults.clear()
    publisher = make_publisher(api, clock)
    first = publisher.publish("one")
    api.add_status(400, "Your Tweet text is too long.")
    rest = publisher.publish_thread(["two", "three"])
    assert first.state == "published"
    assert [o.state for o in rest] == ["failed"]
    assert api.texts() == ["one"]


def test_500_then_success_backs_off(api: FakeXApi, clock: FakeClock) -> None:
    api.add_500(2)
    outcome = make_publisher(api, clock).publish("retry me")
    assert outcome.state == "published"
    assert api.texts() == ["retry me"]
    assert clock.sleeps == [1.0, 2.0]


def test_500_every_time_fails_after_max_attempts(api: FakeXApi, clock: FakeClock) -> None:
    api.add_500(4)
    outcome = make_publisher(api, clock).publish("never")
    assert outcome.state == "failed"
    assert "server error (500)" in (outcome.error or "")
    assert "4 tries" in (outcome.error or "")
    assert api.texts() == []
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_429_waits_until_reset(api: FakeXApi, clock: FakeClock) -> None:
    api.add_429(wait=900)
    outcome = make_publisher(api, clock).publish("patient")
    assert outcome.state == "published"
    assert clock.sleeps == [900.0]
    assert api.texts() == ["patient"]


def test_timeout_without_post_is_reconciled_then_retried(api: FakeXApi, clock: FakeClock) -> None:
    api.add_delay(TIMEOUT * 3)
    outcome = make_publisher(api, clock).publish("slow day")
    assert outcome.state == "published"
    assert api.texts() == ["slow day"]
    # Before retrying, the publisher looked for the post.
    gets = [path for method, path in api.requests if method == "GET"]
    assert gets[:2] == ["/2/users/me", "/2/users/1234567890/tweets"]
    assert clock.sleeps == [1.0]


def test_timeout_after_post_stored_is_not_posted_twice(api: FakeXApi, clock: FakeClock) -> None:
    api.add_delay(TIMEOUT * 3, store=True)
    outcome = make_publisher(api, clock).publish("slow but stored")
    assert outcome == PublishOutcome("published", post_id=api.posts[0].id)
    assert api.texts() == ["slow but stored"]


def test_dropped_after_accept_is_reconciled_exactly_once(api: FakeXApi, clock: FakeClock) -> None:
    api.add_drop()
    outcome = make_publisher(api, clock).publish("Gear & grit")
    assert outcome.state == "published"
    assert len(api.posts) == 1
    assert outcome.post_id == api.posts[0].id
    assert [m for m, _ in api.requests].count("POST") == 1


def test_dropped_with_reads_forbidden_is_unknown(
    api: FakeXApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    api.add_drop()
    api.reads_forbidden = True
    outcome = make_publisher(api, clock).publish("did it go?")
    assert outcome.state == "unknown"
    assert outcome.post_id is None
    assert "a person must look on X" in (outcome.error or "")
    assert [m for m, _ in api.requests].count("POST") == 1
    assert_no_secret(outcome, caplog.text)


def test_reconcile_forbidden_raises_typed_error(api: FakeXApi, clock: FakeClock) -> None:
    api.reads_forbidden = True
    with pytest.raises(ReconcileForbiddenError) as info:
        make_publisher(api, clock).reconcile("x", clock.time())
    assert isinstance(info.value, ServiceUnavailableError)
    assert "(403)" in str(info.value)
    assert_no_secret(info.value)


def test_reconcile_pages_and_ignores_old_posts(api: FakeXApi, clock: FakeClock) -> None:
    publisher = make_publisher(api, clock)
    for i in range(250):
        api.store(f"post {i}", None)
    assert publisher.reconcile("post 3", clock.time()) == api.posts[3].id
    assert publisher.reconcile("post 999", clock.time()) is None
    clock.now += 3600
    assert publisher.reconcile("post 3", clock.time()) is None


def test_400_fails_with_x_detail(
    api: FakeXApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    outcome = make_publisher(api, clock).publish("x" * 300)
    assert outcome.state == "failed"
    assert outcome.error == (
        "X refused the post (400): Invalid Request; "
        "One or more parameters to your request was invalid."
    )
    assert api.texts() == []
    assert clock.sleeps == []
    assert_no_secret(outcome, caplog.text)


def test_secret_echoed_by_server_is_redacted(api: FakeXApi, clock: FakeClock) -> None:
    api.add_status(403, f"token {CREDS.access_token} may not post")
    outcome = make_publisher(api, clock).publish("x")
    assert outcome.state == "failed"
    assert "<hidden>" in (outcome.error or "")
    assert_no_secret(outcome)


def test_unreachable_server_fails_without_secrets(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with running_fake_x_api() as server:
        url = server.url
    outcome = Publisher(url, CREDS, timeout=TIMEOUT, sleep=clock.sleep, clock=clock.time).publish(
        "x"
    )
    assert outcome.state == "failed"
    assert "cannot be reached" in (outcome.error or "")
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert_no_secret(outcome, caplog.text)


def test_two_hundred_posts_with_random_faults_each_posted_once(
    api: FakeXApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rng = random.Random(20261123)
    publisher = make_publisher(api, clock)
    texts = [f"Post {i}: trail & gear {rng.randint(0, 10**6)}" for i in range(200)]
    outcomes: list[PublishOutcome] = []
    for text in texts:
        roll = rng.random()
        if roll < 0.10:
            api.add_500(rng.randint(1, 5))
        elif roll < 0.18:
            api.add_429(wait=rng.randint(1, 900))
        elif roll < 0.30:
            api.add_drop(rng.randint(1, 2))
        elif roll < 0.33:
            api.add_delay(TIMEOUT * 2, store=rng.random() < 0.5)
        outcome = publisher.publish(text)
        # A failure means nothing was published; the queue tries such a post again later.
        while outcome.state == "failed":
            assert text not in api.texts()
            outcome = publisher.publish(text)
        outcomes.append(outcome)
        api.faults.clear()
    assert [o.state for o in outcomes] == ["published"] * 200
    assert sorted(api.texts()) == sorted(texts)
    assert len(api.posts) == 200
    ids = {p.text: p.id for p in api.posts}
    assert [o.post_id for o in outcomes] == [ids[t] for t in texts]
    assert api.replayed_nonces == 0
    # The faults really happened: lost answers, rate limits and server errors.
    assert caplog.text.count("answer lost") >= 20
    assert caplog.text.count("rate limited") >= 10
    assert caplog.text.count("server error (500)") >= 20
    assert_no_secret(*outcomes, caplog.text)


def test_rate_limited_every_time_gives_up_without_a_last_useless_wait(
    api: FakeXApi, clock: FakeClock
) -> None:
    api.add_429(wait=60, n=4)
    outcome = make_publisher(api, clock).publish("busy")
    # Not a failure of the post: X says when to come back, and the caller gives it back.
    assert outcome.state == "rate_limited" and outcome.retry_at == clock.time() + 60
    assert "rate limit" in (outcome.error or "")
    assert clock.sleeps == [60.0, 60.0, 60.0]
    assert api.texts() == []


def test_a_rate_limit_longer_than_the_caller_waits_is_handed_back_not_slept(
    api: FakeXApi, clock: FakeClock
) -> None:
    api.add_429(wait=630)
    start = clock.time()
    outcome = make_publisher(api, clock, max_wait=600).publish("launch day")
    assert outcome.state == "rate_limited" and outcome.post_id is None
    assert outcome.retry_at == start + 630
    assert clock.sleeps == []
    assert outcome.error == (
        "X's rate limit was reached (0 of 100 posts left in its window); X allows posting "
        "again at " + time.strftime("%H:%M:%S", time.gmtime(start + 630)) + " UTC"
    )
    assert api.texts() == []


def test_before_send_runs_before_every_post_request_and_caps_the_wait(
    api: FakeXApi, clock: FakeClock
) -> None:
    calls: list[float] = []

    def check() -> float:
        calls.append(clock.time())
        return 30.0

    api.add_500()
    api.add_429(wait=20)
    api.add_429(wait=45)
    outcome = make_publisher(api, clock).publish("checked", before_send=check)
    # 500 (backoff 1 s), 429 waited (20 s <= 30 s), 429 handed back (45 s > 30 s).
    assert outcome.state == "rate_limited"
    assert clock.sleeps == [1.0, 20.0]
    assert len(calls) == [m for m, _ in api.requests].count("POST") == 3
    api.faults.clear()
    assert make_publisher(api, clock).publish("checked", before_send=check).state == "published"
    assert len(calls) == 4


def test_nothing_is_sent_once_before_send_refuses(api: FakeXApi, clock: FakeClock) -> None:
    class LeaseGoneError(Exception):
        pass

    answers = iter([600.0])

    def check() -> float:
        try:
            return next(answers)
        except StopIteration:
            raise LeaseGoneError from None

    api.add_500()
    with pytest.raises(LeaseGoneError):
        make_publisher(api, clock).publish("once at most", before_send=check)
    assert [m for m, _ in api.requests].count("POST") == 1
    assert api.texts() == []


def test_a_lost_answer_for_a_post_with_links_is_reconciled_not_sent_again(
    api: FakeXApi, clock: FakeClock
) -> None:
    text = "Spring trails are open: https://northwindtrail.com/trails?season=spring & more at northwindtrail.com/maps"
    api.add_drop()
    outcome = make_publisher(api, clock).publish(text)
    assert outcome.state == "published"
    (post,) = api.posts
    assert "https://t.co/" in post.text and "northwindtrail.com" not in post.text  # as X keeps it
    assert outcome.post_id == post.id
    assert [m for m, _ in api.requests].count("POST") == 1


def test_reconcile_asks_for_entities_and_expands_t_co_links(
    api: FakeXApi, clock: FakeClock
) -> None:
    publisher = make_publisher(api, clock)
    api.store("Maps: https://northwindtrail.com/maps", None)
    api.store("Maps: https://northwindtrail.com/other", None)
    assert publisher.reconcile("Maps: https://northwindtrail.com/other", clock.time()) == (
        api.posts[1].id
    )
    assert publisher.reconcile("Maps: https://northwindtrail.com/nowhere", clock.time()) is None


def test_short_secrets_are_still_hidden_in_server_details(api: FakeXApi, clock: FakeClock) -> None:
    creds = XCredentials("k", "sec", "tok", "tokensecret")
    api.credentials = None  # the fake only checks the header's form here
    api.add_status(403, "consumer k with tok and tokensecret was refused")
    outcome = Publisher(
        api.url, creds, timeout=TIMEOUT, sleep=clock.sleep, clock=clock.time
    ).publish("x")
    assert outcome.state == "failed"
    assert "tokensecret" not in (outcome.error or "")
    assert " tok " not in (outcome.error or "")


# -- long posts (X Premium): the timeline cuts them short, ``note_tweet`` holds them whole ------

LONG_POST = (
    "Our spring trail report, in full: "
    + " ".join(
        f"Trail {n} is open from dawn to dusk and the rangers ask you to stay on it."
        for n in range(6)
    )
    + " Maps at https://northwindtrail.com/maps & updates at northwindtrail.com/news"
)


def test_a_lost_answer_for_a_long_post_is_reconciled_not_sent_again(
    api: FakeXApi, clock: FakeClock
) -> None:
    assert len(LONG_POST) > 400
    api.premium = True
    api.add_drop()
    outcome = make_publisher(api, clock).publish(LONG_POST)
    assert outcome.state == "published"
    (post,) = api.posts
    assert outcome.post_id == post.id
    assert [m for m, _ in api.requests].count("POST") == 1


def test_reconcile_finds_a_long_post_by_its_whole_text_only(
    api: FakeXApi, clock: FakeClock
) -> None:
    api.premium = True
    publisher = make_publisher(api, clock)
    api.store(LONG_POST, None)
    assert publisher.reconcile(LONG_POST, clock.time()) == api.posts[0].id
    # Same start (all the timeline's ``text`` shows), different end: not the post that was sent.
    other_end = LONG_POST.replace("updates at", "news at")
    assert publisher.reconcile(other_end, clock.time()) is None
