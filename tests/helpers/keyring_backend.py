"""A real keyring back-end that keeps secrets in memory, for tests without a Secret Service.

It behaves like a keyring: values per (service, username), deletion of a missing entry raises
``PasswordDeleteError``, and it can be locked (every call then raises ``KeyringLocked``) or
made to hang (to exercise timeouts).
"""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dict; ``locked`` and ``hang`` simulate a locked or unanswering keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.locked = False
        self.hang = threading.Event()
        self.release = threading.Event()

    def _guard(self) -> None:
        if self.hang.is_set():
            self.release.wait(30)
        if self.locked:
            raise KeyringLocked("the collection is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self._guard()
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._guard()
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._guard()
        if (service, username) not in self.entries:
            raise PasswordDeleteError("no such password")
        del self.entries[(service, username)]
