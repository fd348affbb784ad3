"""The duplicate guard: X refuses a post whose text repeats a recent one of the account."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from composer.core.schedule.posts import PublishedPost, QueuedPost, ScheduleError
from composer.core.schedule.slots import aware

#: Default window of the duplicate guard, in days.
DUPLICATE_DAYS = 30
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}\"'"
_SPACE = re.compile(r"\s+")


def _url_key(match: re.Match[str]) -> str:
    raw = match.group(0)
    stripped = raw.rstrip(_URL_TRAILING)
    tail = raw[len(stripped) :]
    parts = urlsplit(stripped)
    host = (parts.hostname or "").removeprefix("www.")
    return host + parts.path.rstrip("/") + tail


def normalise_for_duplicates(text: str) -> str:
    """The form two posts are compared in by the duplicate guard.

    NFC, URLs reduced to host and path (no scheme, ``www.``, query or fragment), case-folded,
    whitespace collapsed to single spaces and trimmed.
    """
    text = unicodedata.normalize("NFC", text)
    text = _URL.sub(_url_key, text)
    text = _SPACE.sub(" ", text.casefold()).strip()
    return unicodedata.normalize("NFC", text)


def is_duplicate(
    text: str,
    history: Iterable[tuple[str, datetime]],
    now: datetime,
    days: int = DUPLICATE_DAYS,
) -> bool:
    """Whether ``text`` repeats a post sent (or queued) within ``days`` days of ``now``.

    Args:
        text: The new post.
        history: ``(text, when)`` pairs of earlier or queued posts (aware datetimes).
        now: The current time (aware).
        days: The window; a post exactly ``days`` days away still counts.

    Raises:
        ScheduleError: a naive datetime.
    """
    key = normalise_for_duplicates(text)
    if not key:
        return False
    now = aware(now, "now")
    window = timedelta(days=days)
    return any(
        abs(now - aware(when, "a history time")) <= window and normalise_for_duplicates(old) == key
        for old, when in history
    )


@dataclass(frozen=True, slots=True)
class DuplicateHit:
    """A text of a new unit that repeats another post.

    Attributes:
        part: Which text of the new unit (0 for a single post, the part index of a thread).
        other_id: The post it repeats (the new unit's own id when two of its parts match).
        other_part: Which text of that post.
        published: Whether the other post already went out (else it is queued or new).
    """

    part: int
    other_id: str
    other_part: int
    published: bool = False

    def describe(self, post_id: str, count: int) -> str:
        """A sentence naming both posts, for an error message."""
        mine = f"part {self.part + 1} of {post_id!r}" if count > 1 else repr(post_id)
        if self.other_id == post_id:
            return f"{mine} repeats its part {self.other_part + 1} (X refuses duplicate posts)"
        where = "published" if self.published else "queued"
        return (
            f"{mine} repeats {where} post {self.other_id!r} "
            f"(X refuses the same text twice within {DUPLICATE_DAYS} days)"
        )


def find_duplicate(
    post_id: str,
    texts: Sequence[str],
    queue: Iterable[QueuedPost],
    history: Iterable[PublishedPost],
    now: datetime,
    *,
    days: int = DUPLICATE_DAYS,
) -> DuplicateHit | None:
    """The first text of a new unit that repeats another text the account has or had.

    Repeats count within the unit itself (two equal parts of a thread), against every part of
    every queued unit whatever its time (they go out soon), and against posts published within
    ``days`` days of ``now``. A queued post with the id ``post_id`` is ignored: it is the unit
    being queued again.

    Raises:
        ScheduleError: a naive datetime.
    """
    now = aware(now, "now")
    keys = [normalise_for_duplicates(text) for text in texts]
    for index, key in enumerate(keys):
        if key and key in keys[:index]:
            return DuplicateHit(index, post_id, keys.index(key))
    wanted = {key: index for index, key in reversed(list(enumerate(keys))) if key}
    for other in queue:
        if other.id == post_id:
            continue
        for other_part, text in enumerate(other.texts):
            found = wanted.get(normalise_for_duplicates(text))
            if found is not None:
                return DuplicateHit(found, other.id, other_part)
    window = timedelta(days=days)
    for done in history:
        if abs(now - aware(done.published_at, "a publishing time")) > window:
            continue
        for other_part, text in enumerate(done.texts):
            found = wanted.get(normalise_for_duplicates(text))
            if found is not None:
                return DuplicateHit(found, done.id, other_part, published=True)
    return None


def ensure_not_duplicate(
    post_id: str,
    texts: Sequence[str],
    queue: Iterable[QueuedPost],
    history: Iterable[PublishedPost],
    now: datetime,
    *,
    days: int = DUPLICATE_DAYS,
) -> None:
    """Refuse a unit that :func:`find_duplicate` finds a repeat in.

    Raises:
        ScheduleError: naming the repeated part and the post it repeats.
    """
    hit = find_duplicate(post_id, texts, queue, history, now, days=days)
    if hit is not None:
        raise ScheduleError(f"cannot queue {hit.describe(post_id, len(texts))}")
