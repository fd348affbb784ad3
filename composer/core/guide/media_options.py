"""The guide's ``media`` options: the numbers of the media rules, for the guide or one account.

```yaml
media:                # at the top of the guide, or in an account (which wins, key by key)
  alt_min: 10         # Composer.AltLength: alt text of at least this many characters
  alt_max: 420        # ... and at most this many (X takes up to 1,000)
  max_images: 2       # Composer.MediaCount: at most this many pictures on a post (X: 4)
```

The rules' levels stay in ``levels`` like any other rule's; these are their numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from composer.core.media import ALT_TEXT_LIMIT, MAX_IMAGES

#: A key path in the guide (``("accounts", 0, "media", "alt_max")``).
KeyPath = tuple[str | int, ...]
#: The keys of a ``media`` mapping, each with its lowest and highest value.
MEDIA_KEYS: Mapping[str, tuple[int, int]] = {
    "alt_min": (0, ALT_TEXT_LIMIT),
    "alt_max": (1, ALT_TEXT_LIMIT),
    "max_images": (0, MAX_IMAGES),
}


@dataclass(frozen=True, slots=True)
class MediaOptions:
    """The media rules' numbers as written (``None``: not set here).

    Attributes:
        alt_min: The fewest characters of alt text (``Composer.AltLength``).
        alt_max: The most characters of alt text (``Composer.AltLength``), X's 1,000 at most.
        max_images: The most pictures on one post (``Composer.MediaCount``), X's 4 at most.
    """

    alt_min: int | None = None
    alt_max: int | None = None
    max_images: int | None = None

    def over(self, base: MediaOptions) -> MediaOptions:
        """These options, with ``base``'s where these are not set (an account over its guide)."""
        return MediaOptions(
            self.alt_min if self.alt_min is not None else base.alt_min,
            self.alt_max if self.alt_max is not None else base.alt_max,
            self.max_images if self.max_images is not None else base.max_images,
        )

    def numbers(self) -> dict[str, int]:
        """The set options as keyword arguments of ``media_rules.media_policy``."""
        return {
            key: value
            for key, value in (
                ("alt_min", self.alt_min),
                ("alt_max", self.alt_max),
                ("max_images", self.max_images),
            )
            if value is not None
        }


def read_media_options(
    value: object, base: KeyPath, problem: Callable[[KeyPath, str], None]
) -> MediaOptions:
    """The ``media`` mapping at ``base``; each wrong key or value is reported to ``problem``.

    Args:
        value: The mapping as read from YAML (``None``: absent).
        base: Where it is in the guide (``("media",)`` or ``("accounts", 2, "media")``).
        problem: Called with the key path and a one-line message for each problem.
    """
    if value is None:
        return MediaOptions()
    if not isinstance(value, dict):
        problem(base, f"media must be a mapping of {', '.join(MEDIA_KEYS)}, got {_kind(value)}")
        return MediaOptions()
    numbers: dict[str, int] = {}
    for key, raw in value.items():
        bounds = MEDIA_KEYS.get(str(key))
        if bounds is None:
            known = ", ".join(sorted(MEDIA_KEYS))
            problem((*base, key), f"unknown media key {key!r} (known: {known})")
            continue
        low, high = bounds
        if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
            problem(
                (*base, key), f"{key} must be a whole number from {low} to {high}, got {_kind(raw)}"
            )
            continue
        numbers[str(key)] = raw
    options = MediaOptions(**numbers)
    if (
        options.alt_min is not None
        and options.alt_max is not None
        and options.alt_min > options.alt_max
    ):
        problem(
            (*base, "alt_min"),
            f"alt_min ({options.alt_min}) must not be more than alt_max ({options.alt_max})",
        )
    return options


def _kind(value: Any) -> str:  # noqa: ANN401 - any YAML value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
