"""Which X account a set of credentials belongs to: ``GET /2/users/me``, signed, with a timeout.

The credentials dialog's **Test** uses it: the answer's ``username`` is compared with the
account's handle (case does not matter on X), so keys pasted into the wrong account are caught
before the first post goes out. Secrets never appear in an error message.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

import requests

from composer.core.errors import ServiceUnavailableError
from composer.services.publisher import (
    XApiError,
    _check_base_url,
    authorization_header,
    default_base_url,
)
from composer.services.secrets import XCredentials

DEFAULT_TIMEOUT = 10.0
_PATH = "/2/users/me"


def whoami(
    credentials: XCredentials,
    *,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    clock: Callable[[], float] = time.time,
    session: requests.Session | None = None,
) -> str:
    """The ``@handle`` X answers for with ``credentials``.

    Args:
        credentials: The account's OAuth 1.0a secrets.
        base_url: The API address; ``None`` reads ``BRAND_COMPOSER_X_API_URL``.
        timeout: Seconds to wait to connect and for the answer.
        clock: The time in epoch seconds (for the OAuth timestamp).
        session: The ``requests`` session to use.

    Raises:
        XApiError: X refused the credentials, did not answer in time, or answered oddly.
        ConfigError: ``base_url`` is not an http(s) URL.
    """
    url = _check_base_url(default_base_url() if base_url is None else base_url) + _PATH
    header = authorization_header(
        "GET", url, credentials, timestamp=int(clock()), nonce=secrets.token_hex(16)
    )
    try:
        response = (session or requests.Session()).get(
            url, headers={"Authorization": header}, timeout=timeout, allow_redirects=False
        )
    except requests.Timeout:
        raise XApiError(f"X did not answer within {timeout:g} s") from None
    except requests.RequestException as exc:
        raise XApiError(f"X cannot be reached at {url} ({type(exc).__name__})") from None
    if response.status_code == 401:
        raise XApiError("X did not accept these credentials (401)")
    if response.status_code != 200:
        raise XApiError(f"X refused to say whose credentials these are ({response.status_code})")
    try:
        data = response.json()
    except ValueError:
        raise XApiError(f"X's answer to {_PATH} was not JSON") from None
    user = data.get("data") if isinstance(data, dict) else None
    username = user.get("username") if isinstance(user, dict) else None
    if not isinstance(username, str) or not username:
        raise XApiError(f"X's answer to {_PATH} held no username")
    return "@" + username


def check_account(
    credentials: XCredentials,
    handle: str,
    *,
    base_url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """:func:`whoami`, and an error when the answer is another account than ``handle``.

    Raises:
        ServiceUnavailableError: the credentials belong to another account (or whoami's).
    """
    answered = whoami(credentials, base_url=base_url, timeout=timeout)
    if answered.lstrip("@").casefold() != handle.lstrip("@").casefold():
        raise ServiceUnavailableError(
            f"these credentials belong to {answered}, not to {handle}: store {handle}'s own keys"
        )
    return answered
