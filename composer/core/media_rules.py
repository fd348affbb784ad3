"""What the guide says about a post's media: alt text required, its length, images per post.

Three built-in rules, each leveled like any other in the guide's or an account's ``levels``
(``off`` turns one off):

- ``Composer.AltText``: every picture, GIF and video carries alt text (default ``error``);
- ``Composer.AltLength``: alt text between ``alt_min`` and ``alt_max`` characters (default
  ``warning``; ``alt_max`` never above X's 1,000);
- ``Composer.MediaCount``: at most ``max_images`` images on a post (default ``error``; X's
  own limit of four is checked whatever the level).

The numbers come from the guide's ``media`` mapping and an account's own (see
``composer.core.guide.media_options``). The route check counts them too: a post with more
pictures than an account allows does not fit that account.

The account's tone profile sees the media too (:func:`media_tone`): its ``media`` limit counts
them, and its forbidden topics, profanity and shouting read each alt text.

Alt text is also read like the post's text: :func:`alt_text_findings` runs the guide's
checker on each item's alt text (``Checker.check_alt``: the rules scoped ``alt``, the spelling
rules and the vocabulary) and names the item in each finding. :func:`post_media_findings` is
the one function every face (composer, review view, ``draft submit``) takes a post's media
findings from. The findings of this module carry no span in the post's text (``0..0``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from composer.core.findings import Finding, Level, Source
from composer.core.media import ALT_TEXT_LIMIT, MAX_IMAGES, MediaItem, MediaKind

if TYPE_CHECKING:
    from composer.core.checker import Checker
    from composer.core.guide.model import Account, Guide

ALT_TEXT_RULE = "Composer.AltText"
ALT_LENGTH_RULE = "Composer.AltLength"
MEDIA_COUNT_RULE = "Composer.MediaCount"
MEDIA_RULES = (ALT_TEXT_RULE, ALT_LENGTH_RULE, MEDIA_COUNT_RULE)
_DEFAULT_LEVELS: dict[str, Level] = {
    ALT_TEXT_RULE: Level.ERROR,
    ALT_LENGTH_RULE: Level.WARNING,
    MEDIA_COUNT_RULE: Level.ERROR,
}
_NAMES = {MediaKind.IMAGE: "picture", MediaKind.GIF: "GIF", MediaKind.VIDEO: "video"}


@dataclass(frozen=True, slots=True)
class MediaPolicy:
    """An account's media rules: each rule's level (``None``: off) and its numbers."""

    alt_text: Level | None = Level.ERROR
    alt_length: Level | None = Level.WARNING
    media_count: Level | None = Level.ERROR
    alt_min: int = 0
    alt_max: int = ALT_TEXT_LIMIT
    max_images: int = MAX_IMAGES


def account_media_findings(
    items: Sequence[MediaItem],
    guide_levels: Mapping[str, Level | None],
    account_levels: Mapping[str, Level | None],
) -> tuple[Finding, ...]:
    """The media findings of a post for an account: the guide's levels, then the account's."""
    if not items:
        return ()
    return media_findings(items, media_policy({**guide_levels, **account_levels}))


def account_policy(guide: Guide, account: Account) -> MediaPolicy:
    """The account's media policy: levels (guide, then account) and ``media`` numbers."""
    options = account.media.over(guide.media)
    return media_policy({**guide.levels, **account.levels}, **options.numbers())


def media_policy(
    levels: Mapping[str, Level | None],
    *,
    alt_min: int = 0,
    alt_max: int = ALT_TEXT_LIMIT,
    max_images: int = MAX_IMAGES,
) -> MediaPolicy:
    """The policy from merged rule levels (guide, then account) and the rules' numbers."""

    def level(rule: str) -> Level | None:
        return levels[rule] if rule in levels else _DEFAULT_LEVELS[rule]

    return MediaPolicy(
        alt_text=level(ALT_TEXT_RULE),
        alt_length=level(ALT_LENGTH_RULE),
        media_count=level(MEDIA_COUNT_RULE),
        alt_min=max(alt_min, 0),
        alt_max=min(alt_max, ALT_TEXT_LIMIT),
        max_images=min(max_images, MAX_IMAGES),
    )


def _name(item: MediaItem, number: int) -> str:
    return f"{_NAMES[item.kind]} {number}"


def media_findings(items: Sequence[MediaItem], policy: MediaPolicy) -> tuple[Finding, ...]:
    """The findings of the media rules on a post's ``items``, in order."""
    found: list[Finding] = []
    images = sum(item.kind is MediaKind.IMAGE for item in items)
    if images > MAX_IMAGES:
        found.append(
            Finding(
                MEDIA_COUNT_RULE,
                Level.ERROR,
                f"{images} pictures: X takes at most {MAX_IMAGES} on one post",
                0,
                0,
                Source.STYLE,
            )
        )
    elif policy.media_count is not None and images > policy.max_images:
        found.append(
            Finding(
                MEDIA_COUNT_RULE,
                policy.media_count,
                f"{images} pictures: the guide allows {policy.max_images} on one post",
                0,
                0,
                Source.STYLE,
            )
        )
    for number, item in enumerate(items, start=1):
        alt = item.alt_text.strip()
        if not alt:
            if policy.alt_text is not None:
                found.append(
                    Finding(
                        ALT_TEXT_RULE,
                        policy.alt_text,
                        f"{_name(item, number)} has no alt text: describe it for people who "
                        "cannot see it",
                        0,
                        0,
                        Source.STYLE,
                    )
                )
            continue
        if policy.alt_length is None:
            continue
        if len(alt) < policy.alt_min:
            found.append(
                Finding(
                    ALT_LENGTH_RULE,
                    policy.alt_length,
                    f"the alt text of {_name(item, number)} has {len(alt)} characters; the "
                    f"guide asks for at least {policy.alt_min}",
                    0,
                    0,
                    Source.STYLE,
                )
            )
        elif len(item.alt_text) > policy.alt_max:
            found.append(
                Finding(
                    ALT_LENGTH_RULE,
                    policy.alt_length,
                    f"the alt text of {_name(item, number)} has {len(item.alt_text)} "
                    f"characters; at most {policy.alt_max}",
                    0,
                    0,
                    Source.STYLE,
                )
            )
    return tuple(found)


def alt_text_findings(
    items: Sequence[MediaItem], check: Callable[[str], Sequence[Finding]]
) -> tuple[tuple[int, Finding], ...]:
    """The findings of ``check`` (the guide's checker) on each item's alt text.

    Returns:
        ``(item index, finding)`` pairs (style and vocabulary findings: the length limit and
        tone are left out); spans are offsets into that item's alt text, and each message
        names the item.
    """
    found: list[tuple[int, Finding]] = []
    for index, item in enumerate(items):
        if not item.alt_text.strip():
            continue
        for finding in check(item.alt_text):
            if finding.source in (Source.LENGTH, Source.TONE):
                continue  # the post's length limit and tone are the post's, not its pictures'
            named = replace(
                finding, message=f"alt text of {_name(item, index + 1)}: {finding.message}"
            )
            found.append((index, named))
    return tuple(found)


def post_media_findings(
    checker: Checker,
    items: Sequence[MediaItem],
    account: Account | str | None = None,
    *,
    spelling: Sequence[Sequence[Finding]] = (),
) -> tuple[Finding, ...]:
    """Every media finding of a post for ``account``: the media rules, then each alt text's.

    Args:
        checker: The compiled guide.
        items: The post's media in order.
        account: The account (default: the guide's first).
        spelling: The spelling service's findings on each item's alt text, in the order of
            ``items`` (empty: not asked); one on exactly the words a guide rule flags there
            is left out, as on the post's text.

    Returns:
        The findings; the alt texts' are named by item and carry no span in the post
        (``0..0``).
    """
    if not items:
        return ()
    acct = checker.account_for(account)
    # The same alt text gets the same findings, so the service's are found by the text.
    service = {item.alt_text: tuple(found) for item, found in zip(items, spelling, strict=False)}

    def check(text: str) -> tuple[Finding, ...]:
        found = checker.check_alt(text, acct)
        judged = {span for f in found for span in f.spans}
        extra = (f for f in service.get(text, ()) if (f.start, f.end) not in judged)
        return (*found, *extra)

    alt = alt_text_findings(items, check)
    return (
        *media_findings(items, account_policy(checker.guide, acct)),
        *(replace(f, start=0, end=0, spans=()) for _index, f in alt),
        *media_tone(checker, items, acct),
    )


def media_tone(
    checker: Checker, items: Sequence[MediaItem], account: Account
) -> tuple[Finding, ...]:
    """The account's tone profile on the post's media (``composer.core.tone.media``).

    The profile's ``media`` limit counts the items; its forbidden topics, profanity and
    shouting read each alt text. Empty without a tone profile.
    """
    if not items or checker.tone is None or not account.tone:
        return ()
    # Imported here: the guide's loader reads this module for its rule ids alone.
    from composer.core.tone.media import media_tone_findings  # noqa: PLC0415

    alts = [(_name(item, number), item.alt_text) for number, item in enumerate(items, start=1)]
    return media_tone_findings(
        checker.tone, account.tone, media_counts(items), alts, handle=account.handle
    )


def media_counts(items: Sequence[MediaItem]) -> dict[str, int]:
    """How many images, GIFs and videos, and how many lack alt text (for tone and routes)."""
    return {
        "images": sum(item.kind is MediaKind.IMAGE for item in items),
        "gifs": sum(item.kind is MediaKind.GIF for item in items),
        "videos": sum(item.kind is MediaKind.VIDEO for item in items),
        "without_alt": sum(not item.alt_text.strip() for item in items),
    }
