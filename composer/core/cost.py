"""What a post costs on X's pay-per-use API, and the month's spend (pure; no clock, no I/O).

X bills every post created through the API: about $0.015 a post, and $0.20 when the post
contains a URL (X's pricing page, "Content: Create" and "Content: Create (with URL)"). A thread
is one post per part, each billed on its own. The prices are a workspace setting
(:class:`PriceTable`, dated, editable in ``workspace.toml``); :func:`post_cost` is the one
function the composer, the queue, the CLI and the publisher's monthly cap all use.

Moving a link to a reply is offered when a link makes a post cost more; with X's published
prices the reply that carries the link is billed as a post with a URL too, so the move does
not save money (it costs one plain post more): :func:`link_to_reply` says so honestly, with
the difference as a signed amount.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from composer.core.errors import ConfigError
from composer.core.text import extract_urls
from composer.core.threads import join_parts, split_parts

#: X's published prices (pay-per-use credits) as of the date below.
DEFAULT_POST_PRICE = Decimal("0.015")
DEFAULT_LINK_POST_PRICE = Decimal("0.20")
DEFAULT_PRICES_AS_OF = date(2026, 2, 1)
_CENT = Decimal("0.001")


@dataclass(frozen=True, slots=True)
class PriceTable:
    """What X charges per post created, in ``currency``, as known on ``as_of``.

    Attributes:
        post: A post without a URL.
        post_with_link: A post whose text holds a URL (X's "Create (with URL)").
        currency: ISO code, shown next to amounts.
        as_of: When these prices were read from X's pricing page (shown with them).
        monthly_caps: Optional spending cap per account handle for a calendar month (UTC);
            an account not listed has no cap.
    """

    post: Decimal = DEFAULT_POST_PRICE
    post_with_link: Decimal = DEFAULT_LINK_POST_PRICE
    currency: str = "USD"
    as_of: date = DEFAULT_PRICES_AS_OF
    monthly_caps: Mapping[str, Decimal] = field(default_factory=dict)

    def cap_for(self, account: str) -> Decimal | None:
        """The monthly cap of ``account`` (handles compared without case), or ``None``."""
        wanted = account.lower()
        for handle, cap in self.monthly_caps.items():
            if handle.lower() == wanted:
                return cap
        return None


@dataclass(frozen=True, slots=True)
class PostCost:
    """The predicted cost of one draft: one amount per part (a single post has one part)."""

    parts: tuple[Decimal, ...]
    links: tuple[bool, ...]

    @property
    def total(self) -> Decimal:
        """What the whole draft costs."""
        return sum(self.parts, Decimal(0))

    @property
    def has_link(self) -> bool:
        """Whether any part holds a URL."""
        return any(self.links)


def has_link(text: str) -> bool:
    """Whether X counts ``text`` as a post with a URL (twitter-text's URL extraction)."""
    return bool(extract_urls(text))


def post_cost(text: str, prices: PriceTable) -> PostCost:
    """The predicted cost of a draft's text: every thread part is billed as one post."""
    links = tuple(has_link(part) for part in split_parts(text))
    return PostCost(tuple(prices.post_with_link if link else prices.post for link in links), links)


def total_cost(texts: Iterable[str], prices: PriceTable) -> Decimal:
    """The cost of several drafts (e.g. an account's posts published this month)."""
    return sum((post_cost(text, prices).total for text in texts), Decimal(0))


def format_amount(amount: Decimal, currency: str = "USD") -> str:
    """``$0.215`` for dollars (three decimals, as X's prices have), else ``0.215 EUR``."""
    text = str(amount.quantize(_CENT, rounding=ROUND_HALF_UP))
    if text.startswith("-"):
        return "-" + format_amount(-amount, currency)
    return f"${text}" if currency == "USD" else f"{text} {currency}"


@dataclass(frozen=True, slots=True)
class LinkMove:
    """A draft rewritten with its links in a reply, and what that does to the price.

    Attributes:
        text: The new draft text: the post without its links, then ``---`` and a reply
            holding them (a thread of two parts).
        before: The cost of the draft as it was.
        after: The cost of the new draft.
    """

    text: str
    before: Decimal
    after: Decimal

    @property
    def saving(self) -> Decimal:
        """``before - after``: negative when the move costs more (as with X's own prices)."""
        return self.before - self.after


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+([.,;:!?])")


def link_to_reply(text: str, prices: PriceTable) -> LinkMove | None:
    """``text`` (a single post with links) as a post without links and a reply with them.

    Returns:
        ``None`` when there is nothing to offer: a thread already, no link, links that do not
        make a post cost more at ``prices``, or a post that is only links.
    """
    if len(split_parts(text)) > 1 or prices.post_with_link <= prices.post:
        return None
    urls = extract_urls(text)
    if not urls:
        return None
    kept: list[str] = []
    pos = 0
    for url in urls:
        kept.append(text[pos : url.start])
        pos = url.end
    kept.append(text[pos:])
    lines = [
        _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", line)).strip()
        for line in "".join(kept).split("\n")
    ]
    post = "\n".join(lines).strip()
    if not post:
        return None
    reply = " ".join(url.text for url in urls)
    new_text = join_parts((post, reply))
    return LinkMove(new_text, post_cost(text, prices).total, post_cost(new_text, prices).total)


def parse_amount(value: object, where: str) -> Decimal:
    """A non-negative amount from a settings value (a number, or a string like ``"0.20"``).

    Raises:
        ConfigError: not a number, negative, or not finite; names ``where``.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ConfigError(f"{where} must be a number such as 0.015")
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        raise ConfigError(f"{where} must be a number such as 0.015, not {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ConfigError(f"{where} must be zero or more, not {value!r}")
    return amount


def month_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The calendar month (UTC) holding ``now``: ``[start, end)``, X's billing month."""
    start = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )
    return start, end


def spent(published: Iterable[tuple[str, int]], prices: PriceTable) -> Decimal:
    """What posts that went out cost: ``(draft text, parts that went out)`` each."""
    total = Decimal(0)
    for text, sent in published:
        total += sum(post_cost(text, prices).parts[:sent], Decimal(0))
    return total


def over_cap(
    account: str, *, month_spent: Decimal, cost: Decimal, prices: PriceTable, month: datetime
) -> str | None:
    """Why a post of ``account`` must wait for its monthly cap, or ``None`` when it fits.

    Args:
        account: The account handle.
        month_spent: What the account's posts cost so far this month.
        cost: What the post (what is left of it to send) costs.
        prices: The price table with the caps.
        month: Any time in the month (for the sentence).
    """
    cap = prices.cap_for(account)
    if cap is None or month_spent + cost <= cap:
        return None
    money = prices.currency
    return (
        f"{account}'s monthly cap of {format_amount(cap, money)} would be passed: "
        f"{format_amount(month_spent, money)} spent in {month:%B %Y}, this post costs "
        f"{format_amount(cost, money)}; it waits until next month or a higher cap "
        "([costs.monthly_cap] in workspace.toml)"
    )
