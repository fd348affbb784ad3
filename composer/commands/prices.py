"""``queue prices``: show or change the workspace's price table (``[costs]`` in workspace.toml).

The window's Settings ▸ X Prices… writes the same table with the same service
(``composer.services.x_settings.save_prices``); both audit a change as ``prices_changed``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from composer.commands.base import EXIT_OK, EXIT_USAGE, CommandFailed
from composer.commands.workflow import Context
from composer.core.cost import PriceTable, parse_amount
from composer.core.errors import ConfigError

#: The audit trail's name for a change of the price table.
PRICES_CHANGED = "prices_changed"


def add_prices_parser(sub: Any, handler: Any) -> None:  # noqa: ANN401 - argparse's untyped
    """Add ``prices`` to ``queue``'s subcommands, run by ``handler``."""
    parser = sub.add_parser(
        "prices", help="show or change the price table ([costs] in workspace.toml; audited)"
    )
    parser.add_argument("--post", metavar="AMOUNT", help="a post without a link")
    parser.add_argument("--post-with-link", metavar="AMOUNT", help="a post with a link")
    parser.add_argument("--currency", metavar="CODE", help="ISO code, e.g. USD")
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="when the prices were read (default: today when a price changes)",
    )
    parser.add_argument(
        "--cap",
        action="append",
        default=[],
        metavar="HANDLE=AMOUNT",
        help="a monthly cap for an account (AMOUNT 'none' removes it); repeatable",
    )
    parser.add_argument(
        "--default", action="store_true", help="back to X's published prices (caps kept)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handler)


def run_prices(context: Context, args: argparse.Namespace) -> int:
    """Show the price table; with options, change it first (audited)."""
    from composer.services.x_settings import describe_prices, save_prices  # noqa: PLC0415

    current = context.prices
    changed = _changed(context, current, args)
    if changed is not None and changed != current:
        saved = save_prices(context.workspace.root, changed)
        context.store.audit.record(
            PRICES_CHANGED, actor=context.user, now=context.now, detail=describe_prices(saved)
        )
        current = saved
    if args.json:
        sys.stdout.write(json.dumps(prices_json(current), indent=2) + "\n")
    else:
        sys.stdout.write(describe_prices(current) + "\n")
    return EXIT_OK


def prices_json(prices: PriceTable) -> dict[str, Any]:
    """The price table as JSON (amounts as decimal strings)."""
    return {
        "post": str(prices.post),
        "post_with_link": str(prices.post_with_link),
        "currency": prices.currency,
        "as_of": prices.as_of.isoformat(),
        "monthly_caps": {h: str(c) for h, c in prices.monthly_caps.items()},
    }


def _changed(context: Context, current: PriceTable, args: argparse.Namespace) -> PriceTable | None:
    """The table the options ask for, or ``None`` when they ask for no change."""
    asked = (args.post, args.post_with_link, args.currency, args.as_of)
    if not args.default and not args.cap and all(value is None for value in asked):
        return None
    table = PriceTable(monthly_caps=current.monthly_caps) if args.default else current
    try:
        if args.post is not None:
            table = replace(table, post=parse_amount(args.post, "--post"))
        if args.post_with_link is not None:
            table = replace(
                table, post_with_link=parse_amount(args.post_with_link, "--post-with-link")
            )
        if args.currency is not None:
            code = args.currency.strip().upper()
            if not code.isalpha() or not 2 <= len(code) <= 5:
                raise ConfigError(f"--currency must be a code such as USD, not {args.currency!r}")
            table = replace(table, currency=code)
        if args.as_of is not None:
            table = replace(table, as_of=_as_of(args.as_of))
        elif any(value is not None for value in asked[:3]):
            table = replace(table, as_of=context.now.date())  # a new price was read today
        caps = dict(table.monthly_caps)
        for item in args.cap:
            handle, amount = _cap(context, item)
            caps = {h: c for h, c in caps.items() if h.lower() != handle.lower()}
            if amount is not None:
                caps[handle] = amount
        return replace(table, monthly_caps=caps)
    except ConfigError as exc:
        raise CommandFailed(EXIT_USAGE, str(exc)) from exc


def _as_of(value: str) -> date:
    """The date of ``--as-of``."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--as-of must be a date such as 2026-02-01, not {value!r}") from None


def _cap(context: Context, item: str) -> tuple[str, Decimal | None]:
    """``HANDLE=AMOUNT`` (``none`` for no cap), the handle as the guide spells it."""
    handle, sep, amount = item.partition("=")
    if not sep or not handle.strip():
        raise ConfigError(f"--cap must be HANDLE=AMOUNT, not {item!r}")
    spelled = context.handle(handle.strip())
    if amount.strip().lower() == "none":
        return spelled, None
    return spelled, parse_amount(amount, f"--cap {spelled}")
