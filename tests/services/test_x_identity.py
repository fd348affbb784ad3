"""GET /2/users/me: whose credentials these are, signed, with a timeout, never echoing secrets."""

from __future__ import annotations

import re
import socket

import pytest
from helpers.fake_x_api import running_fake_x_api

from composer.core.errors import ServiceUnavailableError
from composer.services.publisher import XApiError
from composer.services.secrets import XCredentials
from composer.services.x_identity import check_account, whoami

KEYS = ("ck-1", "cs-2-secret", "at-3", "ats-4-secret")


def test_whoami_answers_the_handle_with_a_valid_signature() -> None:
    with running_fake_x_api(KEYS) as api:
        assert whoami(XCredentials(*KEYS), base_url=api.url) == "@brandco"
        assert check_account(XCredentials(*KEYS), "@BrandCo", base_url=api.url) == "@brandco"


def test_another_accounts_keys_are_an_error() -> None:
    with running_fake_x_api(KEYS) as api:
        api.username = "other"
        with pytest.raises(ServiceUnavailableError, match="belong to @other, not to @brandco"):
            check_account(XCredentials(*KEYS), "@brandco", base_url=api.url)


def test_wrong_keys_are_refused_without_echoing_them() -> None:
    wrong = XCredentials("ck-1", "nope-secret", "at-3", "ats-4-secret")
    with running_fake_x_api(KEYS) as api, pytest.raises(XApiError) as caught:
        whoami(wrong, base_url=api.url)
    assert "401" in str(caught.value)
    assert not any(secret in str(caught.value) for secret in wrong.secrets())


def test_a_server_that_never_answers_times_out() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        with pytest.raises(XApiError, match=re.escape("did not answer within 0.3 s")):
            whoami(XCredentials(*KEYS), base_url=url, timeout=0.3)
    finally:
        listener.close()
