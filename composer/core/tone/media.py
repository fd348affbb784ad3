"""Tone on a post's media: the profile's ``media`` limit, and alt texts as published words.

Alt text is words the brand publishes, read aloud by screen readers: the profile's forbidden
topics, its profanity and its shouting limits apply to each alt text as to the post (a
``max`` counts within one alt text; a ``min``, sentiment, voice, disclosure and the counts of
emoji, hashtags... are the post's). Each finding names its item ("alt text of picture 2:
...") at the level the profile gives the limit.

The profile's ``media`` limit counts the pictures, GIFs and videos on the post: ``{forbid:
true}`` for a crisis voice (a crisis account posting pictures is a classic mistake), ``{max:
1}`` for a sober one.

Plain values in (counts, and each item's name and alt text), findings out: the media module
is not imported here. The findings carry no span in the post's text (``0..0``), as the other
media findings (``composer.core.media_rules``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

from composer.core.findings import Finding, Source
from composer.core.tone.analyzer import RULE_IDS
from composer.core.tone.measures import Measurement
from composer.core.tone.profile import NumericLimit, ToneProfile

if TYPE_CHECKING:
    from composer.core.tone.analyzer import ToneAnalyzer

#: The profile's limits that apply to alt text too (with its forbidden topics).
ALT_MEASURES = ("profanity", "shouting")
MEDIA_MEASURE = "media"
_KINDS = (("images", "picture", "pictures"), ("gifs", "GIF", "GIFs"), ("videos", "video", "videos"))


def alt_profile(profile: ToneProfile) -> ToneProfile | None:
    """The part of ``profile`` that applies to alt text (``None``: nothing does).

    Its forbidden topics, and its profanity and shouting limits without their minimum.
    """
    limits = {
        name: dataclasses.replace(limit, min=None)
        for name, limit in profile.limits.items()
        if name in ALT_MEASURES and (limit.forbid or limit.max is not None)
    }
    if not limits and profile.topics is None:
        return None
    return ToneProfile(profile.name, MappingProxyType(limits), topics=profile.topics)


def measure_media(counts: Mapping[str, int]) -> Measurement:
    """The ``media`` measure: pictures, GIFs and videos on the post (``media_counts()``).

    ``detail`` says what they are ("2 pictures", "1 GIF").
    """
    detail = []
    for key, singular, plural in _KINDS:
        number = int(counts.get(key, 0))
        if number:
            detail.append(f"{number} {singular if number == 1 else plural}")
    total = sum(int(counts.get(key, 0)) for key, _one, _many in _KINDS)
    return Measurement(MEDIA_MEASURE, float(total), "items", detail=tuple(detail))


def media_limit_finding(limit: NumericLimit, found: Measurement, handle: str) -> Finding | None:
    """``Tone.Media`` when the post carries more media than the profile allows."""
    value = found.value
    shown = ", ".join(found.detail)
    if limit.forbid and value > 0:
        message = f"Pictures, GIFs and videos are not allowed on {handle} (found: {shown})"
        reason = "media not allowed"
    elif limit.max is not None and value > limit.max:
        noun = "media item is" if value == 1 else "media items are"
        message = f"{value:g} {noun} more than {handle}'s maximum of {limit.max:g} (found: {shown})"
        reason = "too many media items"
    else:
        return None
    return Finding(
        RULE_IDS[MEDIA_MEASURE],
        limit.level,
        message,
        0,
        0,
        Source.TONE,
        description=reason,
    )


def media_tone_findings(
    analyzer: ToneAnalyzer,
    profile: str,
    counts: Mapping[str, int],
    alts: Sequence[tuple[str, str]],
    *,
    handle: str = "this account",
) -> tuple[Finding, ...]:
    """The tone findings of a post's media for the profile called ``profile``.

    Args:
        analyzer: The guide's analyzer.
        profile: The account's profile name.
        counts: ``composer.core.media_rules.media_counts()`` of the post's media.
        alts: Each item's name ("picture 2") and alt text, in order.
        handle: The account, named in messages.

    Returns:
        The ``media`` limit's finding, then each alt text's, spanless (``0..0``).

    Raises:
        ToneConfigError: there is no such profile.
    """
    prof = analyzer.profile(profile)
    found: list[Finding] = []
    if prof.media is not None:
        finding = media_limit_finding(prof.media, measure_media(counts), handle)
        if finding is not None:
            found.append(finding)
    words = alt_profile(prof)
    if words is None:
        return tuple(found)
    for name, text in alts:
        if not text.strip():
            continue
        result = analyzer.check_measured(text, analyzer.measure(text), words, handle=handle)
        found.extend(
            dataclasses.replace(
                f, message=f"alt text of {name}: {f.message}", start=0, end=0, spans=()
            )
            for f in result.findings
        )
    return tuple(found)
