"""Tone sees a post's media: a profile's ``media`` limit, and alt texts as published words."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.media_files import gif_header, item_of, png

from composer.core.assessment import assess
from composer.core.checker import Checker
from composer.core.errors import GuideError
from composer.core.findings import Level, Source
from composer.core.guide import Guide, load_guide
from composer.core.media_rules import post_media_findings
from composer.core.tone import NumericLimit, ToneConfigError, parse_tone_section
from composer.core.tone.media import alt_profile, measure_media
from composer.core.tone_meter import meter_rows

GUIDE = """\
brand: Acme
tone:
  profiles:
    crisis:
      topics: {forbid: [politics]}
      profanity: {forbid: true}
      shouting: {forbid: true}
      emoji: {max: 0}
      media: {forbid: true, level: error}
    sober:
      profanity: {max: 1, level: warning}
      shouting: {min: 0, max: 1, level: suggestion}
      media: {max: 1}
    open:
      sentiment: {min: -0.5}
accounts:
  - handle: "@AcmeAlerts"
    tone: crisis
  - handle: "@AcmeNews"
    tone: sober
  - handle: "@AcmeFun"
    tone: open
  - handle: "@AcmePlain"
"""
CLEAN = "Our stores open at nine tomorrow."


def write_guide(tmp_path: Path, body: str = GUIDE) -> Guide:
    path = tmp_path / "guide.yml"
    path.write_text(body, encoding="utf-8")
    return load_guide(path)


def pics(*alts: str) -> list:  # type: ignore[type-arg]
    return [item_of(png(colour=(i, 9, 9)), alt) for i, alt in enumerate(alts)]


def tone_of(findings: tuple) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [(f.rule, f.level.value, f.message) for f in findings if f.source is Source.TONE]


# --- the profile's media limit ------------------------------------------------------------


def test_a_crisis_profile_forbids_media(tmp_path: Path) -> None:
    checker = Checker(write_guide(tmp_path))
    items = [*pics("A flooded street"), item_of(gif_header(), "A waving flag")]
    found = post_media_findings(checker, items, "@AcmeAlerts")
    assert tone_of(found) == [
        (
            "Tone.Media",
            "error",
            "Pictures, GIFs and videos are not allowed on @AcmeAlerts (found: 1 picture, 1 GIF)",
        )
    ]
    media = next(f for f in found if f.rule == "Tone.Media")
    assert (media.start, media.end) == (0, 0)


def test_a_maximum_counts_every_item_at_the_profile_level(tmp_path: Path) -> None:
    checker = Checker(write_guide(tmp_path))
    assert tone_of(post_media_findings(checker, pics("A red coat"), "@AcmeNews")) == []
    found = post_media_findings(checker, pics("A red coat", "A blue coat"), "@AcmeNews")
    assert tone_of(found) == [
        (
            "Tone.Media",
            "warning",
            "2 media items are more than @AcmeNews's maximum of 1 (found: 2 pictures)",
        )
    ]


def test_no_limit_and_no_profile_say_nothing_of_media(tmp_path: Path) -> None:
    checker = Checker(write_guide(tmp_path))
    items = pics("A red coat", "A blue coat", "A green coat")
    assert tone_of(post_media_findings(checker, items, "@AcmeFun")) == []
    assert tone_of(post_media_findings(checker, items, "@AcmePlain")) == []


def test_the_measure_names_what_is_attached() -> None:
    measured = measure_media({"images": 2, "gifs": 0, "videos": 1, "without_alt": 1})
    assert (measured.name, measured.value, measured.detail) == (
        "media",
        3.0,
        ("2 pictures", "1 video"),
    )


# --- alt text is words the brand publishes ------------------------------------------------


def test_forbidden_topics_profanity_and_shouting_in_alt_text_name_the_item(
    tmp_path: Path,
) -> None:
    checker = Checker(write_guide(tmp_path))
    items = pics("A calm harbour", "Crowd at the election rally", "A damn big WAVE")
    found = [
        (rule, level, message)
        for rule, level, message in tone_of(post_media_findings(checker, items, "@AcmeAlerts"))
        if rule != "Tone.Media"
    ]
    assert found == [
        (
            "Tone.Topic",
            "error",
            "alt text of picture 2: Politics is a forbidden topic on @AcmeAlerts "
            "(found: 'election')",
        ),
        (
            "Tone.Profanity",
            "error",
            "alt text of picture 3: Profanity is not allowed on @AcmeAlerts "
            "(found: 'damn' (maybe profane))",
        ),
        (
            "Tone.Shouting",
            "warning",
            "alt text of picture 3: Shouting (all-caps words) is not allowed on @AcmeAlerts "
            "(found: 'WAVE')",
        ),
    ]


def test_a_maximum_counts_within_one_alt_text_and_a_minimum_is_the_posts(
    tmp_path: Path,
) -> None:
    checker = Checker(write_guide(tmp_path))
    one_each = pics("A damn fine VIEW", "Damn, what a SKY")
    # One profane and one shouted word in each: within the maximum of 1 (not 2 in all).
    assert [r for r, _l, _m in tone_of(post_media_findings(checker, one_each, "@AcmeNews"))] == [
        "Tone.Media"
    ]
    found = tone_of(post_media_findings(checker, pics("A damn VERY LOUD damn sign"), "@AcmeNews"))
    assert [(rule, level) for rule, level, _message in found] == [
        ("Tone.Profanity", "warning"),
        ("Tone.Shouting", "suggestion"),
    ]
    assert found[0][2].startswith("alt text of picture 1: 2 profane words are more than")


def test_the_alt_profile_keeps_only_what_reads_words(tmp_path: Path) -> None:
    guide = write_guide(tmp_path)
    profiles = guide.tone.profiles
    crisis = alt_profile(profiles["crisis"])
    assert crisis is not None
    assert set(crisis.limits) == {"profanity", "shouting"}  # not emoji: the post's count
    assert crisis.topics == profiles["crisis"].topics
    assert crisis.media is None
    sober = alt_profile(profiles["sober"])
    assert sober is not None
    assert sober.limits["shouting"] == NumericLimit(Level.SUGGESTION, None, 1.0)
    assert alt_profile(profiles["open"]) is None


def test_an_accepted_acronym_in_alt_text_is_not_shouting(tmp_path: Path) -> None:
    body = GUIDE.replace("brand: Acme\n", "brand: Acme\nvocabulary: {accept: [ACME]}\n")
    checker = Checker(write_guide(tmp_path, body))
    found = post_media_findings(checker, pics("The ACME store at dawn"), "@AcmeNews")
    assert tone_of(found) == []


# --- one function for every face ----------------------------------------------------------


def test_assess_scores_them_and_counts_media_for_the_meter(tmp_path: Path) -> None:
    guide = write_guide(tmp_path)
    checker = Checker(guide)
    plain = assess(checker, CLEAN, "@AcmeAlerts")
    with_media = assess(checker, CLEAN, "@AcmeAlerts", media=pics("A politics debate"))
    rules = [f.rule for f in with_media.findings]
    assert "Tone.Media" in rules
    assert "Tone.Topic" in rules
    assert with_media.metrics["media"] == 1.0
    assert "media" not in plain.metrics
    assert with_media.score is not None
    assert plain.score is not None
    assert with_media.score < plain.score
    profile = checker.profile_for("@AcmeAlerts")
    rows = {row.name: row for row in meter_rows(profile, with_media.metrics)}
    assert (rows["media"].value, rows["media"].within, rows["media"].allowed_max) == (
        1.0,
        False,
        0.0,
    )
    assert rows["media"].title == "Media"
    assert "none allowed" in rows["media"].tooltip
    # Nothing attached: the row is there, at 0, within the limit.
    empty = {row.name: row for row in meter_rows(profile, plain.metrics)}
    assert (empty["media"].value, empty["media"].within) == (0.0, True)


def test_the_route_check_counts_media_and_alt_text_tone(tmp_path: Path) -> None:
    checker = Checker(write_guide(tmp_path))
    assert {v.handle: v.fits for v in checker.route(CLEAN)} == {
        "@AcmeAlerts": True,
        "@AcmeNews": True,
        "@AcmeFun": True,
        "@AcmePlain": True,
    }
    verdicts = {v.handle: v for v in checker.route(CLEAN, pics("A rally about the election"))}
    assert verdicts["@AcmeAlerts"].reasons == ("media", "forbidden topic")
    assert verdicts["@AcmeNews"].fits
    two = {v.handle: v for v in checker.route(CLEAN, pics("A red coat", "A blue coat"))}
    assert two["@AcmeNews"].reasons == ("media",)
    assert two["@AcmeFun"].fits


# --- the profile option is validated ------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "path", "start"),
    [
        ({"max": -1}, ("profiles", "p", "media", "max"), "expected a whole number of 0 or more"),
        ({"max": 1.5}, ("profiles", "p", "media", "max"), "expected a whole number of 0 or more"),
        ({"max": "one"}, ("profiles", "p", "media", "max"), "expected a number, got text"),
        ({"min": 1}, ("profiles", "p", "media", "min"), "unknown key 'min'"),
        ({"forbid": "yes"}, ("profiles", "p", "media", "forbid"), "expected true or false"),
        ({"level": "loud", "max": 1}, ("profiles", "p", "media", "level"), "unknown level"),
        ({}, ("profiles", "p", "media"), "a media limit needs max or forbid"),
        ("forbidden", ("profiles", "p", "media"), "expected a mapping such as {forbid: true}"),
    ],
)
def test_a_wrong_media_limit_is_named(body: object, path: tuple[str, ...], start: str) -> None:
    with pytest.raises(ToneConfigError) as err:
        parse_tone_section({"profiles": {"p": {"media": body}}})
    found = dict(err.value.problems)
    assert path in found, found
    assert found[path].startswith(start), found[path]


def test_the_guide_loader_names_file_line_and_key(tmp_path: Path) -> None:
    body = GUIDE.replace("media: {max: 1}", "media: {max: -2}")
    with pytest.raises(GuideError) as err:
        write_guide(tmp_path, body)
    line = body.splitlines().index("      media: {max: -2}") + 1
    column = "      media: {max: -2}".index("max") + 1  # the key
    assert f"guide.yml:{line}:{column}: expected a whole number of 0 or more, got -2" in str(
        err.value
    )
    assert [p.key for p in err.value.problems] == ["max"]


def test_a_parsed_limit_has_its_level_and_bounds() -> None:
    settings = parse_tone_section(
        {"profiles": {"a": {"media": {"forbid": True, "level": "error"}}, "b": {}}}
    )
    assert settings.profiles["a"].media == NumericLimit(Level.ERROR, forbid=True)
    assert settings.profiles["b"].media is None
