"""Comparing a post as X shows it with the text that was sent (reconciliation's test)."""

from __future__ import annotations

import pytest

from composer.core.posted_text import LinkEntity, expand_links, same_post_text

TCO = "https://t.co/AbC123xyZ9"
TCO2 = "https://t.co/QwErTy0987"


def test_plain_text_with_entities_and_trimmed_ends() -> None:
    assert same_post_text("Fish &amp; chips &lt;3", "Fish & chips <3 \n")
    assert not same_post_text("Fish &amp; chips", "Fish and chips")


def test_a_link_wrapped_in_t_co_is_found_through_its_entity() -> None:
    sent = "New trail guide: https://northwindtrail.com/trails?id=4&lang=en read it!"
    shown = f"New trail guide: {TCO} read it!"
    links = [LinkEntity(TCO, "https://northwindtrail.com/trails?id=4&lang=en")]
    assert shown != sent and same_post_text(shown, sent, links)
    assert expand_links(shown, links) == sent


def test_a_link_typed_without_a_scheme_comes_back_with_one() -> None:
    sent = "Details at northwindtrail.com/spring and in store"
    shown = f"Details at {TCO} and in store"
    assert same_post_text(shown, sent, [LinkEntity(TCO, "http://northwindtrail.com/spring")])


@pytest.mark.parametrize(
    ("expanded", "sent_link"),
    [
        ("https://NorthwindTrail.COM/", "https://northwindtrail.com"),
        ("https://northwindtrail.com/a/", "https://northwindtrail.com/a"),
        ("http://northwindtrail.com/a", "https://northwindtrail.com/a"),
    ],
)
def test_links_compare_by_host_and_path(expanded: str, sent_link: str) -> None:
    assert same_post_text(f"Go {TCO} now", f"Go {sent_link} now", [LinkEntity(TCO, expanded)])


def test_a_different_link_or_text_is_a_different_post() -> None:
    links = [LinkEntity(TCO, "https://northwindtrail.com/b")]
    assert not same_post_text(f"Go {TCO} now", "Go https://northwindtrail.com/a now", links)
    assert not same_post_text(f"Go {TCO} today", "Go https://northwindtrail.com/b now", links)
    assert not same_post_text(f"Go {TCO}", "Go https://northwindtrail.com/b and more", links)
    # The path's case matters (only the host's does not).
    assert not same_post_text(
        f"Go {TCO}",
        "Go https://northwindtrail.com/B",
        [LinkEntity(TCO, "https://northwindtrail.com/b")],
    )


def test_several_links_are_compared_in_order() -> None:
    sent = "A https://alpha.org/1 then B https://beta.net/2 #hiking"
    shown = f"A {TCO} then B {TCO2} #hiking"
    right = [
        LinkEntity(TCO, "https://alpha.org/1"),
        LinkEntity(TCO2, "https://beta.net/2"),
    ]
    swapped = [
        LinkEntity(TCO, "https://beta.net/2"),
        LinkEntity(TCO2, "https://alpha.org/1"),
    ]
    assert same_post_text(shown, sent, right)
    assert not same_post_text(shown, sent, swapped)


def test_without_entities_a_t_co_link_masks_any_link_but_not_the_text() -> None:
    sent = "Spring sale: https://northwindtrail.com/sale starts now"
    assert same_post_text(f"Spring sale: {TCO} starts now", sent)
    assert not same_post_text(f"Autumn sale: {TCO} starts now", sent)
    assert not same_post_text("Spring sale: starts now", sent)


def test_unicode_is_compared_in_nfc() -> None:
    decomposed = "Cafe\u0301 opens https://northwindtrail.com/cafe 🏔️"
    composed = "Caf\u00e9 opens " + TCO + " 🏔️"
    links = [LinkEntity(TCO, "https://northwindtrail.com/cafe")]
    assert same_post_text(composed, decomposed, links)


def test_an_entity_with_nothing_in_it_is_ignored() -> None:
    assert not same_post_text(f"Go {TCO} now", "Go home now", [LinkEntity(TCO, "")])
