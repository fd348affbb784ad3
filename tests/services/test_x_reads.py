"""The background reads' shared GET and rate-limit reset (mentions and metrics use them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from composer.services.publisher import XApiError, _SentAndLostError
from composer.services.x_reads import get, rate_limit_reset

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


class LosingPublisher:
    """Sends every request and never hears back."""

    def request(self, method: str, path: str, **_kwargs: Any) -> requests.Response:
        raise _SentAndLostError("the connection dropped")


class AnsweringPublisher:
    def __init__(self, response: requests.Response) -> None:
        self.response = response
        self.asked: list[tuple[str, str, object]] = []

    def request(self, method: str, path: str, *, query: object = ()) -> requests.Response:
        self.asked.append((method, path, query))
        return self.response


def answer(status: int, headers: dict[str, str]) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    return response


def test_a_lost_answer_is_an_x_error_naming_what_was_read() -> None:
    with pytest.raises(
        XApiError, match=r"^X did not answer while reading mentions \(the connection dropped\)$"
    ):
        get(LosingPublisher(), "/2/users/me", [], reading="mentions")  # type: ignore[arg-type]


def test_an_answer_is_handed_back_as_x_gave_it() -> None:
    response = answer(200, {})
    publisher = AnsweringPublisher(response)
    query = [("ids", "1,2")]
    assert get(publisher, "/2/tweets", query, reading="metrics") is response  # type: ignore[arg-type]
    assert publisher.asked == [("GET", "/2/tweets", query)]


def test_the_reset_is_x_s_header_else_a_minute_on() -> None:
    reset = NOW + timedelta(minutes=7)
    header = {"x-rate-limit-reset": str(int(reset.timestamp()))}
    assert rate_limit_reset(answer(429, header), NOW) == reset
    assert rate_limit_reset(answer(429, {}), NOW) == NOW + timedelta(minutes=1)
    assert rate_limit_reset(answer(429, {"x-rate-limit-reset": "soon"}), NOW) == NOW + timedelta(
        minutes=1
    )
