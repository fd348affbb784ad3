"""The fake X for one account's credentials, and publishers against it that never wait.

:func:`fake_x_for` runs :func:`~helpers.fake_x_api.running_fake_x_api` accepting exactly
``credentials``; :class:`ShiftedClock` lets X's reset times pass without waiting, and
:func:`fast_publisher` retries on it (or without sleeping at all).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from helpers.fake_x_api import FakeXApi, running_fake_x_api

from composer.services.publisher import Publisher
from composer.services.secrets import XCredentials


@contextmanager
def fake_x_for(
    credentials: XCredentials, clock: Callable[[], float] = time.time
) -> Iterator[FakeXApi]:
    """The fake X, accepting requests signed with ``credentials``, on ``clock``'s time."""
    with running_fake_x_api(
        (
            credentials.consumer_key,
            credentials.consumer_secret,
            credentials.access_token,
            credentials.access_token_secret,
        ),
        clock,
    ) as server:
        yield server


class ShiftedClock:
    """Real time plus an offset the test moves on: X's reset times pass without waiting."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def sleep(self, seconds: float) -> None:
        self.offset += seconds

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), UTC)


def fast_publisher(
    url: str, credentials: XCredentials, clock: ShiftedClock | None = None
) -> Publisher:
    """A publisher with short timeouts and four tries, sleeping on ``clock`` (or not at all)."""
    return Publisher(
        url,
        credentials,
        timeout=0.5,
        max_attempts=4,
        sleep=clock.sleep if clock else lambda _s: None,
        clock=clock.time if clock else time.time,
    )
