"""What the background reads from X share (mentions, metrics): one GET and X's reset time.

A read publishes nothing, so an answer lost on the way back is safe to read again later: it
is reported as an :class:`XApiError` naming what was being read, and the next run reads again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import requests

from composer.services.publisher import (
    Publisher,
    XApiError,
    _SentAndLostError,  # a lost answer to a read is safe to read again later
)


def get(
    publisher: Publisher, path: str, query: Sequence[tuple[str, str]], *, reading: str
) -> requests.Response:
    """One signed ``GET`` of ``path``; ``reading`` names what is read, for the error.

    Raises:
        XApiError: nothing reached X, or its answer was lost.
    """
    try:
        return publisher.request("GET", path, query=query)
    except _SentAndLostError as lost:
        raise XApiError(f"X did not answer while reading {reading} ({lost})") from None


def rate_limit_reset(response: requests.Response, now: datetime) -> datetime:
    """When a 429 ``response`` lets reads start again: X's reset header, else a minute on."""
    try:
        return datetime.fromtimestamp(float(response.headers.get("x-rate-limit-reset", "")), UTC)
    except ValueError:
        return now + timedelta(minutes=1)
