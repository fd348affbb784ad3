"""Who may manage an account's X credentials, which accounts have some, and removing them.

Shared by the window's credentials dialog (run on the store's worker thread): the keyring and
the database are both slow enough to stay off the UI thread. Values never leave the keyring
here: only whether an entry exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from composer.core.workflow import Role
from composer.services.secrets import SecretStore
from composer.store.errors import NotFoundError, PermissionDeniedError
from composer.store.store import Store


def admin_accounts(store: Store, actor: str, handles: Sequence[str]) -> tuple[str, ...]:
    """The accounts among ``handles`` that ``actor`` administers (unknown users: none)."""
    try:
        return tuple(h for h in handles if store.users.actor(actor, h).has(Role.ADMIN))
    except NotFoundError:
        return ()


def stored_status(secrets: SecretStore, handles: Sequence[str]) -> dict[str, bool]:
    """For each handle, whether the keyring holds credentials for it (never the values).

    Either kind counts: OAuth 1.0a keys, or the tokens of "Sign in with X" (OAuth 2.0).

    Raises:
        InsecureKeyringError: no secure keyring.
        ServiceUnavailableError: the keyring is locked or did not answer.
    """
    return {
        handle: secrets.has(handle) or secrets.get_oauth2(handle) is not None for handle in handles
    }


def remove_credentials(
    store: Store, secrets: SecretStore, handle: str, *, actor: str, now: datetime
) -> bool:
    """Delete ``handle``'s credentials from the keyring (admins of it only), audited.

    Returns:
        Whether there were any to remove.

    Raises:
        PermissionDeniedError: ``actor`` is not an admin of ``handle``.
        ServiceUnavailableError: the keyring refused or did not answer.
    """
    if handle not in admin_accounts(store, actor, (handle,)):
        raise PermissionDeniedError(
            f"only an admin may remove credentials; {actor!r} is not an admin of {handle}"
        )
    # Both kinds go: the publisher would otherwise keep posting with the one left behind.
    removed_keys = secrets.delete(handle)
    removed = secrets.delete_oauth2(handle) or removed_keys
    if removed:
        store.audit.record(
            "credentials_removed",
            actor=actor,
            now=now,
            account=handle,
            detail="X API credentials and sign-in removed from the OS keyring",
        )
    return removed
