"""The monthly cap per account: the publisher holds posts that would pass it, marked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from helpers.fake_x_api import FakeXApi
from test_publishing import CREDS, api, queue_post, store  # noqa: F401 - fixtures

from composer.core.cost import PriceTable
from composer.core.workflow import State
from composer.services.publishing import CAP_RECHECK, PublishRun, default_sender_factory
from composer.store.store import Store

LINK = "Trail map https://northwindtrail.com/map"


def publish(db: Store, server: FakeXApi, prices: PriceTable, now: datetime) -> list[object]:
    run = PublishRun(
        db,
        credentials_for=lambda _h: CREDS,
        sender_factory=default_sender_factory(server.url),
        clock=lambda: now,
        prices=prices,
    )
    return list(run.run(at=now + timedelta(days=30)))


def test_posts_past_the_cap_wait_with_the_reason(store: Store, api: FakeXApi) -> None:  # noqa: F811
    prices = PriceTable(monthly_caps={"@acct0": Decimal("0.25")})
    first = queue_post(store, LINK)  # 0.20
    second = queue_post(store, "Plain words")  # 0.015: 0.215 in all, fits
    third = queue_post(store, LINK + " again")  # 0.20 more: 0.415 > 0.25, waits
    fourth = queue_post(store, "Another plain post")  # the account waits: not even claimed
    other = queue_post(store, LINK, "@Acct1")  # no cap on @Acct1
    now = datetime.now(UTC)
    results = publish(store, api, prices, now)
    states = {r.draft: r.state for r in results}  # type: ignore[attr-defined]
    assert states[first] == states[second] == states[other] == "published"
    assert states[third] == states[fourth] == "queued"
    assert len(api.texts()) == 3
    held = store.drafts.get(third)
    assert held.state is State.QUEUED
    assert "monthly cap of $0.250 would be passed" in held.last_error
    assert "$0.215 spent" in held.last_error and "this post costs $0.200" in held.last_error
    assert held.not_before is not None and held.not_before <= now + CAP_RECHECK
    assert [a.outcome for a in store.queue.attempts(third)] == ["over_cap"]
    # The month's spend comes from the publish history.
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    assert sorted(n for _t, n in store.queue.published_in("@Acct0", start, now + timedelta(1))) == [
        1,
        1,
    ]
    # With a higher cap, an hour later, they go out.
    raised = PriceTable(monthly_caps={"@acct0": Decimal("5")})
    later = now + CAP_RECHECK + timedelta(seconds=1)
    results = publish(store, api, raised, later)
    assert {r.draft for r in results if r.state == "published"} == {third, fourth}  # type: ignore[attr-defined]
    assert store.drafts.get(third).last_error == ""


def test_no_caps_no_holding(store: Store, api: FakeXApi) -> None:  # noqa: F811
    ids = [queue_post(store, LINK + f" {i}") for i in range(3)]
    results = publish(store, api, PriceTable(), datetime.now(UTC))
    assert [r.state for r in results] == ["published"] * 3  # type: ignore[attr-defined]
    assert len(ids) == len(api.texts())


def test_a_rate_limit_wait_records_x_s_counts_and_reset(store: Store, api: FakeXApi) -> None:  # noqa: F811
    draft = queue_post(store, "Trail report")
    api.add_429(3600)  # x-rate-limit-limit 100, remaining 0, reset an hour on
    (result,) = publish(store, api, PriceTable(), datetime.now(UTC))
    assert result.state == "queued"  # type: ignore[attr-defined]
    held = store.drafts.get(draft)
    assert "(0 of 100 posts left in its window)" in held.last_error
    assert "X allows posting again at" in held.last_error
    assert held.not_before is not None
    assert [a.outcome for a in store.queue.attempts(draft)] == ["rate_limited"]
