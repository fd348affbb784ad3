"""Media on a draft: which files X takes, how many, and how big (pure; no file reading).

X takes on one post up to four images, or one GIF, or one video; images up to 5 MB, a GIF up
to 15 MB and a video up to 512 MB. The type is told from the file's first bytes (its "magic"),
never from its name: a ``.png`` that is really a PDF is refused. Alt text, up to 1,000
characters, is kept per item.

The services read files and hand this module the first bytes and the size; the store keeps
the bytes content-addressed by their SHA-256 (:func:`content_address`).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from composer.core.errors import KnownError

MB = 1024 * 1024
#: The most alt text X takes per item (characters).
ALT_TEXT_LIMIT = 1000
#: The most images on one post.
MAX_IMAGES = 4
#: How many leading bytes :func:`sniff_type` needs to tell every type apart.
SNIFF_BYTES = 32


class MediaError(KnownError):
    """A file or a set of media X would not take; ``str()`` names what and why."""


class MediaKind(enum.Enum):
    """What X treats alike: the kind decides the size limit and how many go on a post."""

    IMAGE = "image"
    GIF = "gif"
    VIDEO = "video"


#: The largest file of each kind X takes (bytes).
SIZE_LIMITS: dict[MediaKind, int] = {
    MediaKind.IMAGE: 5 * MB,
    MediaKind.GIF: 15 * MB,
    MediaKind.VIDEO: 512 * MB,
}

_ARTICLES = {MediaKind.IMAGE: "an image", MediaKind.GIF: "a GIF", MediaKind.VIDEO: "a video"}

#: Every MIME type we attach, with its kind and X's upload category.
MEDIA_TYPES: dict[str, tuple[MediaKind, str]] = {
    "image/png": (MediaKind.IMAGE, "tweet_image"),
    "image/jpeg": (MediaKind.IMAGE, "tweet_image"),
    "image/webp": (MediaKind.IMAGE, "tweet_image"),
    "image/gif": (MediaKind.GIF, "tweet_gif"),
    "video/mp4": (MediaKind.VIDEO, "tweet_video"),
    "video/quicktime": (MediaKind.VIDEO, "tweet_video"),
}

#: ISO base media ``ftyp`` brands of QuickTime files; every other brand is taken as MP4.
_QUICKTIME_BRANDS = (b"qt  ",)


def sniff_type(head: bytes) -> str | None:
    """The MIME type told by a file's first bytes, or ``None`` when it is none we take.

    Args:
        head: The file's first bytes (:data:`SNIFF_BYTES` are enough).
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[4:8] == b"ftyp":
        return "video/quicktime" if head[8:12] in _QUICKTIME_BRANDS else "video/mp4"
    return None


def kind_of(mime: str) -> MediaKind:
    """The kind of a MIME type from :data:`MEDIA_TYPES`."""
    return MEDIA_TYPES[mime][0]


def upload_category(mime: str) -> str:
    """X's ``media_category`` for a MIME type from :data:`MEDIA_TYPES`."""
    return MEDIA_TYPES[mime][1]


def content_address(data: bytes) -> str:
    """The hex SHA-256 of ``data``: the name the store keeps the bytes under."""
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class MediaItem:
    """One attached file as the draft holds it: its content address, type, size and alt text."""

    sha256: str
    mime: str
    size: int
    alt_text: str = ""

    @property
    def kind(self) -> MediaKind:
        """Image, GIF or video."""
        return kind_of(self.mime)


def _size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB // 10 else f"{size / 1024:.0f} KB"


def check_file(name: str, head: bytes, size: int) -> str:
    """The MIME type of a file X would take on a post.

    Args:
        name: How the file is named to the user (a path or "the pasted image").
        head: Its first bytes.
        size: Its size in bytes.

    Raises:
        MediaError: its content is not PNG, JPEG, WEBP, GIF, MP4 or MOV, it is empty, or it
            is larger than X takes for its kind.
    """
    mime = sniff_type(head)
    if mime is None:
        raise MediaError(
            f"{name} is not an image, GIF or video X takes (PNG, JPEG, WEBP, GIF, MP4 or MOV, "
            "told by its content, not its name)"
        )
    if size <= 0:
        raise MediaError(f"{name} is empty")
    kind = kind_of(mime)
    limit = SIZE_LIMITS[kind]
    if size > limit:
        raise MediaError(
            f"{name} is {_size_text(size)}; X takes {_ARTICLES[kind]} of at most {limit // MB} MB"
        )
    return mime


def set_problems(items: Sequence[MediaItem]) -> list[str]:
    """Why X would not take ``items`` on one post (empty: it would).

    Up to four images, or one GIF, or one video, never mixed; alt text at most 1,000
    characters per item; no file twice.
    """
    problems: list[str] = []
    kinds = [item.kind for item in items]
    images = kinds.count(MediaKind.IMAGE)
    others = len(kinds) - images
    if others and len(kinds) > 1:
        problems.append(
            "a GIF or a video goes on a post alone: remove the other media or post it separately"
        )
    if images > MAX_IMAGES:
        problems.append(f"{images} images: X takes at most {MAX_IMAGES} on one post")
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        if item.sha256 in seen:
            problems.append(f"item {number} is the same file as an earlier one")
        seen.add(item.sha256)
        if len(item.alt_text) > ALT_TEXT_LIMIT:
            problems.append(
                f"the alt text of item {number} has {len(item.alt_text)} characters; X takes "
                f"at most {ALT_TEXT_LIMIT}"
            )
    return problems


def check_set(items: Sequence[MediaItem]) -> None:
    """Raise :class:`MediaError` naming every problem :func:`set_problems` finds."""
    problems = set_problems(items)
    if problems:
        raise MediaError("; ".join(problems))


def quota_problem(used: int, adding: int, limit: int | None) -> str | None:
    """Why adding ``adding`` bytes of new media to a workspace holding ``used`` is refused.

    Args:
        used: Bytes of media the workspace keeps already.
        adding: Bytes of files not yet kept (a file kept already costs nothing more).
        limit: The workspace's media limit in bytes; ``None`` for no limit.
    """
    if limit is None or adding <= 0 or used + adding <= limit:
        return None
    return (
        f"the workspace's media would take {_size_text(used + adding)}, over its limit of "
        f"{_size_text(limit)}: remove media from drafts no longer needed, or an admin raises "
        "the workspace's media limit (see 'Media' in docs/queues.md)"
    )


def chunk_ranges(size: int, chunk: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` byte ranges to upload a file of ``size`` bytes in ``chunk`` pieces."""
    if chunk < 1:
        raise ValueError(f"chunk size must be positive, not {chunk}")
    return [(start, min(start + chunk, size)) for start in range(0, size, chunk)]


def approval_payload(items: Sequence[MediaItem]) -> list[list[str]]:
    """What an approval of these media covers: each file's content address and its alt text."""
    return [[item.sha256, item.alt_text] for item in items]
