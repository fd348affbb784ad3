"""OAuth 2.0 PKCE pieces for "Sign in with X" (RFC 7636, S256), pure: randomness comes in.

X's desktop sign-in is a public client (no client secret): the app makes a random *code
verifier*, sends its SHA-256 (the *challenge*) with the authorization request, and proves it
holds the verifier when it trades the code for tokens. A random *state* ties the answer that
comes back on the loopback redirect to the request this app made.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from urllib.parse import urlencode

#: What a desktop app that posts with media asks X for; ``offline.access`` gives a refresh token.
SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")
#: RFC 7636: 43 to 128 characters of ``[A-Za-z0-9-._~]``.
_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")


def is_valid_verifier(verifier: str) -> bool:
    """Whether ``verifier`` is a code verifier RFC 7636 allows."""
    return _VERIFIER.fullmatch(verifier) is not None


def code_challenge(verifier: str) -> str:
    """The S256 challenge of ``verifier``: base64url(SHA-256), without padding.

    Raises:
        ValueError: ``verifier`` is not 43-128 unreserved characters.
    """
    if not is_valid_verifier(verifier):
        raise ValueError("a PKCE code verifier is 43 to 128 characters of A-Z a-z 0-9 - . _ ~")
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorize_url(
    endpoint: str,
    *,
    client_id: str,
    redirect_uri: str,
    verifier: str,
    state: str,
    scopes: tuple[str, ...] = SCOPES,
) -> str:
    """The address the browser opens to ask the person to let this app post for them."""
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
            "code_challenge": code_challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    return f"{endpoint}?{query}"


def same_state(sent: str, received: str) -> bool:
    """Whether the redirect's ``state`` is the one this app sent (compared in constant time)."""
    return bool(sent) and hmac.compare_digest(sent.encode(), received.encode())
