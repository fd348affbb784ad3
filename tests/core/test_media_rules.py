"""The guide's media rules: alt text required, its length, images per post; alt text checked."""

from __future__ import annotations

from helpers.media_files import gif_header, item_of, png

from composer.core.findings import Finding, Level, Source
from composer.core.media_rules import (
    ALT_LENGTH_RULE,
    ALT_TEXT_RULE,
    MEDIA_COUNT_RULE,
    alt_text_findings,
    media_counts,
    media_findings,
    media_policy,
)


def pics(*alts: str) -> list:
    return [item_of(png(colour=(i, 1, 1)), alt) for i, alt in enumerate(alts)]


def test_alt_text_is_required_by_default_as_an_error() -> None:
    found = media_findings(pics("A red bike", "  "), media_policy({}))
    assert [(f.rule, f.level, f.message) for f in found] == [
        (
            ALT_TEXT_RULE,
            Level.ERROR,
            "picture 2 has no alt text: describe it for people who cannot see it",
        )
    ]


def test_levels_turn_rules_down_or_off() -> None:
    assert media_findings(pics(""), media_policy({ALT_TEXT_RULE: None})) == ()
    (found,) = media_findings(pics(""), media_policy({ALT_TEXT_RULE: Level.WARNING}))
    assert found.level is Level.WARNING


def test_alt_text_length_between_the_guide_numbers() -> None:
    policy = media_policy({}, alt_min=10, alt_max=40)
    found = media_findings(pics("Bike", "A red bike leaning on a wall", "x" * 41), policy)
    assert [(f.rule, f.level) for f in found] == [
        (ALT_LENGTH_RULE, Level.WARNING),
        (ALT_LENGTH_RULE, Level.WARNING),
    ]
    assert found[0].message == (
        "the alt text of picture 1 has 4 characters; the guide asks for at least 10"
    )
    assert found[1].message == "the alt text of picture 3 has 41 characters; at most 40"
    assert media_policy({}, alt_max=5000).alt_max == 1000  # never above X's limit


def test_images_per_post() -> None:
    policy = media_policy({}, max_images=2)
    (found,) = media_findings(pics("a", "b", "c"), policy)
    assert found.rule == MEDIA_COUNT_RULE and found.level is Level.ERROR
    assert found.message == "3 pictures: the guide allows 2 on one post"
    # X's own limit holds even when the rule is off.
    (over,) = media_findings(pics(*"abcde"), media_policy({MEDIA_COUNT_RULE: None}))
    assert over.message == "5 pictures: X takes at most 4 on one post"


def test_alt_text_is_checked_with_the_guides_checker_and_named() -> None:
    def check(text: str) -> list[Finding]:
        at = text.find("awesome")
        length = Finding("Composer.Length", Level.ERROR, "too long", 0, 1, Source.LENGTH)
        if at < 0:
            return [length]
        return [Finding("Acme.Hype", Level.WARNING, "hype", at, at + 7), length]

    found = alt_text_findings(pics("A calm lake", "", "An awesome bike"), check)
    assert [(i, f.rule, f.message, f.start) for i, f in found] == [
        (2, "Acme.Hype", "alt text of picture 3: hype", 3)
    ]


def test_counts_for_tone_and_routes() -> None:
    items = [*pics("a", ""), item_of(gif_header(), "")]
    assert media_counts(items) == {"images": 2, "gifs": 1, "videos": 0, "without_alt": 2}
