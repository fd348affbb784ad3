"""The values a queue holds: queued units (a post, a thread or a reply), published posts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from composer.core.errors import KnownError

#: The two labels of an A/B pair, in posting order.
VARIANTS = ("A", "B")
_POST_ID = re.compile(r"[1-9]\d{0,18}")
_HOSTS = frozenset({"x.com", "twitter.com"})
_HOST_PREFIXES = ("www.", "mobile.", "m.")
# /<user>/status/<id>, /i/web/status/<id> and /i/status/<id>, with optional trailing parts
# such as /photo/1 or /analytics.
_STATUS_PATH = re.compile(r"/(?:\w{1,15}|i|i/web)/status(?:es)?/(?P<id>\d+)(?:/[\w/]*)?/?")


class ScheduleError(KnownError):
    """A schedule or queue operation is impossible (paused, no free slot, unknown post)."""


def parse_reply_target(text: str) -> str:
    """The X post id a reply answers, from a post URL or a bare id.

    Accepts ``https://x.com/user/status/123``, ``twitter.com``, ``mobile.twitter.com`` and
    ``www.`` forms (scheme optional, query string and fragment ignored), ``/i/web/status/123``,
    and a bare numeric id.

    Returns:
        The post id, digits only.

    Raises:
        ScheduleError: anything else, naming the input.
    """
    raw = text.strip()
    if _POST_ID.fullmatch(raw):
        return raw
    candidate = raw if "://" in raw else f"https://{raw}"
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").lower()
    except ValueError:
        host = ""
        parts = None
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    if parts is not None and parts.scheme in {"http", "https"} and host in _HOSTS:
        match = _STATUS_PATH.fullmatch(parts.path)
        if match and _POST_ID.fullmatch(match["id"]):
            return match["id"]
    raise ScheduleError(
        f"{text!r} is not an X post to reply to: give a post URL such as "
        "https://x.com/user/status/123 or the post's numeric id"
    )


@dataclass(frozen=True, slots=True)
class QueuedPost:
    """One unit waiting in an account's queue: a post, a thread or a reply; it takes one slot.

    Attributes:
        id: The post's id.
        account: The account's handle.
        scheduled_at: When it goes out (aware, UTC).
        pinned: A pinned post keeps its time when the queue is reordered.
        text: The post's text (for a thread, whatever the caller keeps as its summary).
        parts: A thread's posts in chain order (empty for a single post).
        in_reply_to: The X post id this unit answers (a URL given here is reduced to its id).
        variant_group: The A/B pair this post belongs to (empty when it is not a variant).
        variant: ``"A"`` or ``"B"`` within the pair; A goes out first.
        variant_spacing: The least time from A to B.
        evergreen_of: The id of the evergreen post this one re-posts (empty otherwise).
        repost_number: 1 for the first re-post of that original, 2 for the second...
        repost_interval: The least time between this re-post and any other post of its
            evergreen family (the original and its other re-posts).
        tags: Tone measures this post counts toward for content-mix rules (``promotional``).

    Raises:
        ScheduleError: an empty thread part, an unreadable reply target, an unknown variant
            label or a negative spacing.
    """

    id: str
    account: str
    scheduled_at: datetime
    pinned: bool = False
    text: str = ""
    parts: tuple[str, ...] = ()
    in_reply_to: str = ""
    variant_group: str = ""
    variant: str = ""
    variant_spacing: timedelta = timedelta(0)
    evergreen_of: str = ""
    repost_number: int = 0
    repost_interval: timedelta = timedelta(0)
    tags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Lists and sets given by callers become the immutable forms the value promises.
        object.__setattr__(self, "parts", tuple(self.parts))
        object.__setattr__(self, "tags", frozenset(self.tags))
        _check_parts(f"thread {self.id!r}", self.parts)
        if self.in_reply_to:
            object.__setattr__(self, "in_reply_to", parse_reply_target(self.in_reply_to))
        if self.variant not in ("", *VARIANTS) or bool(self.variant) != bool(self.variant_group):
            raise ScheduleError(
                f"post {self.id!r}: a variant needs both a group and the label A or B "
                f"(got group {self.variant_group!r}, label {self.variant!r})"
            )
        if self.variant_spacing < timedelta(0) or self.repost_interval < timedelta(0):
            raise ScheduleError(f"post {self.id!r}: spacing and intervals cannot be negative")
        if self.repost_number < 0:
            raise ScheduleError(f"post {self.id!r}: repost number cannot be negative")

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text that goes out: the thread's parts, or the one text."""
        return self.parts or (self.text,)

    @property
    def family(self) -> str:
        """The evergreen family key: the original's id (this post's own id for an original)."""
        return self.evergreen_of or self.id


@dataclass(frozen=True, slots=True)
class PublishedPost:
    """A post that went out, for the duplicate guard, mix windows and evergreen counts.

    Attributes:
        id: The post's id (the same id it had in the queue).
        account: The account's handle.
        text: What was posted.
        published_at: When (aware).
        parts: A published thread's parts (empty for a single post).
        tags: Tone measures it counted toward (see :attr:`QueuedPost.tags`).
        evergreen_of: The original's id when this was an evergreen re-post.
    """

    id: str
    account: str
    text: str
    published_at: datetime
    parts: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()
    evergreen_of: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))
        object.__setattr__(self, "tags", frozenset(self.tags))

    @property
    def texts(self) -> tuple[str, ...]:
        """Every text that went out."""
        return self.parts or (self.text,)

    @property
    def family(self) -> str:
        """The evergreen family key (see :attr:`QueuedPost.family`)."""
        return self.evergreen_of or self.id


@dataclass(frozen=True, slots=True)
class PostContent:
    """What a new unit holds before it has a slot: a post, a thread, a reply, or both.

    Attributes:
        text: The post's text.
        parts: A thread's posts in chain order.
        in_reply_to: An X post URL or id this unit answers.
        tags: Tone measures it counts toward (see :func:`mix_tags`).

    Raises:
        ScheduleError: an empty thread part or an unreadable reply target.
    """

    text: str = ""
    parts: tuple[str, ...] = ()
    in_reply_to: str = ""
    tags: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))
        object.__setattr__(self, "tags", frozenset(self.tags))
        _check_parts("the new thread", self.parts)
        if self.in_reply_to:
            object.__setattr__(self, "in_reply_to", parse_reply_target(self.in_reply_to))


def _check_parts(what: str, parts: tuple[str, ...]) -> None:
    for number, part in enumerate(parts, start=1):
        if not isinstance(part, str) or not part.strip():
            raise ScheduleError(f"{what}: part {number} is empty")
