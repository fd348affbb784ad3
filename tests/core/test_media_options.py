"""The guide's ``media`` numbers (alt text length, pictures per post), and routes count media."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.media_files import item_of, png

from composer.core.assessment import assess
from composer.core.checker import Checker
from composer.core.errors import GuideError
from composer.core.guide import load_guide
from composer.core.guide.loader import lint_guide
from composer.core.guide.media_options import MediaOptions
from composer.core.media_rules import ALT_LENGTH_RULE, MEDIA_COUNT_RULE
from composer.resources import resource_path

GUIDE = """\
brand: Acme
media: {alt_min: 10, alt_max: 60, max_images: 3}
accounts:
  - handle: "@Acme"
  - handle: "@OnePic"
    media: {max_images: 1, alt_min: 3}
"""


def pics(*alts: str) -> list:  # type: ignore[type-arg]
    return [item_of(png(colour=(i, 2, 2)), alt) for i, alt in enumerate(alts)]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "guide.yml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_guide_and_an_account_set_the_numbers(tmp_path: Path) -> None:
    guide = load_guide(write(tmp_path, GUIDE))
    assert guide.media == MediaOptions(alt_min=10, alt_max=60, max_images=3)
    assert guide.account("@OnePic").media == MediaOptions(alt_min=3, max_images=1)
    checker = Checker(guide)
    items = pics("A red bike", "Hill", "x" * 61)
    acme = [f for f in assess(checker, "Pictures", "@Acme", media=items).findings]
    assert [(f.rule, f.message) for f in acme] == [
        (
            ALT_LENGTH_RULE,
            "the alt text of picture 2 has 4 characters; the guide asks for at least 10",
        ),
        (ALT_LENGTH_RULE, "the alt text of picture 3 has 61 characters; at most 60"),
    ]
    # The account's own numbers win key by key; the guide's alt_max still holds.
    one = assess(checker, "Pictures", "@OnePic", media=items).findings
    assert [(f.rule, f.message) for f in one] == [
        (ALT_LENGTH_RULE, "the alt text of picture 3 has 61 characters; at most 60"),
        (MEDIA_COUNT_RULE, "3 pictures: the guide allows 1 on one post"),
    ]


def test_the_route_check_counts_the_pictures(tmp_path: Path) -> None:
    checker = Checker(load_guide(write(tmp_path, GUIDE)))
    two = pics("A red trail map", "A blue trail map")
    verdicts = {v.handle: v for v in checker.route("Our new maps", two)}
    assert verdicts["@Acme"].fits
    assert not verdicts["@OnePic"].fits
    assert verdicts["@OnePic"].reasons == ("2 pictures: the guide allows 1 on one post",)
    assert checker.route_summary("Our new maps", two) == (
        "fits @Acme; not @OnePic: 2 pictures: the guide allows 1 on one post"
    )
    # Without media every account fits, as before.
    assert all(v.fits for v in checker.route("Our new maps"))


def test_the_example_guide_sets_media_numbers() -> None:
    guide = load_guide(resource_path("example", "brand-guide.yml"))
    assert guide.media.alt_min == 10
    assert guide.account("@NorthwindAlerts").media.max_images == 1
    checker = Checker(guide)
    two = pics("A red trail map", "A blue trail map")
    unfit = [v.handle for v in checker.route("Trail maps for the weekend.", two) if not v.fits]
    assert "@NorthwindAlerts" in unfit


@pytest.mark.parametrize(
    ("body", "line", "key", "message"),
    [
        (
            "brand: A\nmedia: {alt_max: 2000}\n",
            2,
            "alt_max",
            "alt_max must be a whole number from 1 to 1000, got 2000",
        ),
        (
            "brand: A\nmedia:\n  max_images: five\n",
            3,
            "max_images",
            "max_images must be a whole number from 0 to 4, got 'five'",
        ),
        (
            "brand: A\nmedia: {alt_mn: 3}\n",
            2,
            "alt_mn",
            "unknown media key 'alt_mn' (known: alt_max, alt_min, max_images)",
        ),
        (
            "brand: A\nmedia: 4\n",
            2,
            "media",
            "media must be a mapping of alt_min, alt_max, max_images, got 4",
        ),
        (
            "brand: A\nmedia: {alt_min: 50, alt_max: 20}\n",
            2,
            "alt_min",
            "alt_min (50) must not be more than alt_max (20)",
        ),
        (
            'brand: A\nmedia: {alt_max: 20}\naccounts:\n  - handle: "@B"\n'
            "    media: {alt_min: 30}\n",
            5,
            "media",
            "alt_min (30) must not be more than alt_max (20), the guide's media and the "
            "account's together",
        ),
        (
            'brand: A\naccounts:\n  - handle: "@B"\n    media: {max_images: -1}\n',
            4,
            "max_images",
            "max_images must be a whole number from 0 to 4, got -1",
        ),
    ],
)
def test_wrong_media_options_name_file_line_and_key(
    tmp_path: Path, body: str, line: int, key: str, message: str
) -> None:
    path = write(tmp_path, body)
    (problem,) = lint_guide(path)
    assert (problem.path, problem.line, problem.key, problem.message) == (
        str(path),
        line,
        key,
        message,
    )
    with pytest.raises(GuideError):
        load_guide(path)
