"""The one cost function: per post, per thread part, links, caps, moving a link to a reply."""

from __future__ import annotations

from decimal import Decimal

import pytest

from composer.core.cost import (
    PriceTable,
    format_amount,
    link_to_reply,
    parse_amount,
    post_cost,
    total_cost,
)
from composer.core.errors import ConfigError
from composer.core.threads import split_parts

PRICES = PriceTable()


def test_plain_post_costs_the_post_price() -> None:
    cost = post_cost("Trail season is here.", PRICES)
    assert cost.total == Decimal("0.015")
    assert not cost.has_link


@pytest.mark.parametrize(
    "text", ["See https://northwindtrail.com/boots", "see northwindtrail.com today"]
)
def test_a_link_makes_it_a_post_with_a_url(text: str) -> None:
    cost = post_cost(text, PRICES)
    assert cost.total == Decimal("0.20")
    assert cost.links == (True,)


def test_a_thread_is_billed_per_part() -> None:
    text = "One\n---\nTwo https://northwindtrail.com\n---\nThree"
    cost = post_cost(text, PRICES)
    assert cost.parts == (Decimal("0.015"), Decimal("0.20"), Decimal("0.015"))
    assert cost.total == Decimal("0.230")


def test_total_cost_adds_drafts() -> None:
    assert total_cost(["a", "b https://x.example.com"], PRICES) == Decimal("0.215")


def test_edited_prices_are_used() -> None:
    prices = PriceTable(post=Decimal("0.01"), post_with_link=Decimal("0.01"))
    assert post_cost("x https://northwindtrail.com", prices).total == Decimal("0.01")


def test_format_amount() -> None:
    assert format_amount(Decimal("0.2")) == "$0.200"
    assert format_amount(Decimal("-0.015")) == "-$0.015"
    assert format_amount(Decimal("1.5"), "EUR") == "1.500 EUR"


def test_caps_match_handles_without_case() -> None:
    prices = PriceTable(monthly_caps={"@NorthwindTrail": Decimal("5")})
    assert prices.cap_for("@northwindtrail") == Decimal("5")
    assert prices.cap_for("@other") is None


def test_link_moves_to_a_reply_and_the_difference_is_honest() -> None:
    move = link_to_reply("Boots are back https://northwindtrail.com/boots !", PRICES)
    assert move is not None
    assert split_parts(move.text) == ("Boots are back!", "https://northwindtrail.com/boots")
    assert move.before == Decimal("0.20")
    # The reply carries the link, so X bills it as a post with a URL: one plain post more.
    assert move.after == Decimal("0.215")
    assert move.saving == Decimal("-0.015")


def test_not_offered_when_a_link_costs_no_more() -> None:
    same = PriceTable(post_with_link=Decimal("0.015"))
    assert link_to_reply("x https://northwindtrail.com", same) is None


@pytest.mark.parametrize(
    "text",
    ["no link here", "https://northwindtrail.com", "a https://n.com\n---\nb"],
)
def test_nothing_to_offer(text: str) -> None:
    assert link_to_reply(text, PRICES) is None


@pytest.mark.parametrize("value", ["abc", -1, True, None, "NaN"])
def test_parse_amount_refuses(value: object) -> None:
    with pytest.raises(ConfigError, match=r"costs\.post"):
        parse_amount(value, "costs.post")


def test_parse_amount_reads_numbers_and_strings() -> None:
    assert parse_amount(0.015, "x") == Decimal("0.015")
    assert parse_amount("0.20", "x") == Decimal("0.20")
