"""X's rate limit for one fake endpoint: ``limit`` requests per 15-minute window.

Every answer carries X's ``x-rate-limit-limit``, ``-remaining`` and ``-reset`` headers; past
the limit the endpoint answers 429 until the window resets. ``add_429(wait)`` queues a 429
(resetting ``wait`` seconds from then) regardless of the count.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpers.fake_x_api import _Handler

WINDOW = 15 * 60


class RateLimitedEndpoint:
    """What a fake read endpoint shares: its clock, lock and rate-limit window."""

    def __init__(self, clock: Callable[[], float], limit: int) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.limit = limit
        self.window_start: float | None = None
        self.used = 0
        self.forced_429: list[float] = []

    def add_429(self, wait: float, n: int = 1) -> None:
        self.forced_429 += [wait] * n

    def _headers(self, now: float) -> dict[str, str]:
        start = self.window_start if self.window_start is not None else now
        return {
            "x-rate-limit-limit": str(self.limit),
            "x-rate-limit-remaining": str(max(0, self.limit - self.used)),
            "x-rate-limit-reset": str(int(start + WINDOW)),
        }

    def _admit(self, handler: _Handler, now: float) -> dict[str, str] | None:
        """Count one request (``self.lock`` held): its headers, or ``None`` once 429 is sent."""
        if self.forced_429:
            wait = self.forced_429.pop(0)
            headers = {**self._headers(now), "x-rate-limit-reset": str(int(now + wait))}
            handler._problem(429, "Too Many Requests", "Too Many Requests", headers)
            return None
        if self.window_start is None or now >= self.window_start + WINDOW:
            self.window_start, self.used = now, 0
        if self.used >= self.limit:
            handler._problem(429, "Too Many Requests", "Too Many Requests", self._headers(now))
            return None
        self.used += 1
        return self._headers(now)
