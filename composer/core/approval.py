"""What an approval covers: everything the publisher will send, sealed by one hash.

A reviewer approves a text; the publisher sends posts. The two meet here. At the final
approval the store records :func:`approval_hash` of what the approved draft will publish (its
parts, as :func:`~composer.core.threads.split_parts` cuts the text, and the post it replies
to). Just before sending, the publisher asks :func:`publication_mismatch` whether what it is
about to send still has that hash; if anything differs (a part, the reply target, or parts
that are not the shown text's), nothing is sent.

The hash is versioned (``v1:``). Media extend the payload: a draft with media adds each
file's SHA-256 and alt text, in order, so replacing, reordering or re-describing a picture
after the approval is caught; a draft without media hashes exactly as before, so approvals
recorded before media existed stay valid.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from composer.core.media import MediaItem, approval_payload
from composer.core.threads import split_parts

#: The prefix of the current hash scheme.
HASH_SCHEME = "v1"


def publication_hash(
    parts: Sequence[str], in_reply_to: str | None, media: Sequence[MediaItem] = ()
) -> str:
    """The hash of one publication: its posts, the reply target and the first post's media.

    Media are named by each file's content hash with its alt text, in order.
    """
    content: dict[str, object] = {"parts": list(parts), "in_reply_to": in_reply_to or ""}
    if media:
        content["media"] = approval_payload(media)
    payload = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{HASH_SCHEME}:{digest}"


def approval_hash(text: str, in_reply_to: str | None, media: Sequence[MediaItem] = ()) -> str:
    """The hash an approval of ``text`` (with ``media``) records: of what it will publish."""
    return publication_hash(split_parts(text), in_reply_to, media)


def publication_mismatch(
    *,
    text: str,
    parts: Sequence[str],
    in_reply_to: str | None,
    approved_hash: str | None,
    media: Sequence[MediaItem] = (),
) -> str | None:
    """Why ``parts`` (replying to ``in_reply_to``) may not go out as the approved ``text``.

    Args:
        text: The draft's text (what people see and the reviewer approved).
        parts: What the publisher is about to send, in order.
        in_reply_to: The post the first part replies to, if any.
        approved_hash: What the final approval recorded (``None``: no approval on record).
        media: The media the publisher is about to attach, in order.

    Returns:
        ``None`` when it is exactly what was approved; otherwise the reason, one sentence.
    """
    if not approved_hash:
        return "it carries no record of what its approval covered"
    if tuple(parts) != split_parts(text):
        return "its posts are not the parts of its approved text"
    if publication_hash(parts, in_reply_to, media) != approved_hash:
        return (
            "what it would send (its text, parts, reply target, media or alt text) is not "
            "what was approved"
        )
    return None
