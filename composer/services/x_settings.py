"""The workspace's X settings: the app's OAuth 2.0 client id and the price table.

The price table is edited in the window (Settings ▸ X Prices…) and with ``queue prices``;
both write it with :func:`save_prices`.

Both live in ``workspace.toml`` (every key optional)::

    [x]
    client_id = "..."                  # the X app's OAuth 2.0 client id (Sign in with X)
    redirect_port = 8765               # the port of the callback URL registered with X
                                       # (http://127.0.0.1:8765/callback); 0 or absent: any
    [x.client_ids]
    "@northwindtrail" = "..."          # another app for one account
    [costs]                            # X's pay-per-use prices, per post created
    post = 0.015
    post_with_link = 0.20
    currency = "USD"
    as_of = 2026-02-01                 # when the prices were read from X's pricing page
    [costs.monthly_cap]
    "@northwindtrail" = 25.0           # the publisher holds posts once the month's spend
                                       # would pass this
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from composer.core.cost import (
    DEFAULT_LINK_POST_PRICE,
    DEFAULT_POST_PRICE,
    DEFAULT_PRICES_AS_OF,
    PriceTable,
    format_amount,
    parse_amount,
)
from composer.core.errors import ConfigError
from composer.services.workspace import WORKSPACE_FILE, WorkspaceError


@dataclass(frozen=True, slots=True)
class XSettings:
    """Which X app signs accounts in (OAuth 2.0 client ids are public, not secrets)."""

    client_id: str = ""
    client_ids: Mapping[str, str] = field(default_factory=dict)
    #: The loopback port of the callback URL registered with the X app (0: any free port).
    redirect_port: int = 0

    def client_id_for(self, handle: str) -> str:
        """The account's own client id, else the workspace's (handles compared without case)."""
        for name, value in self.client_ids.items():
            if name.lower() == handle.lower():
                return value
        return self.client_id


def _read(root: Path) -> dict[str, Any]:
    path = root / WORKSPACE_FILE
    try:
        if not path.is_file():
            return {}
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"cannot read {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path}: {exc}") from exc


def _table(data: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise ConfigError(f"'{where}' must be a table ([{where}])")
    return value


def load_x_settings(root: Path) -> XSettings:
    """The ``[x]`` table of ``root/workspace.toml``.

    Raises:
        WorkspaceError: the file cannot be read or a value is wrong (the key is named).
    """
    path = root / WORKSPACE_FILE
    try:
        table = _table(_read(root), "x", "x")
        client_id = table.get("client_id", "")
        ids = _table(table, "client_ids", "x.client_ids")
        unknown = [k for k in table if k not in {"client_id", "client_ids", "redirect_port"}]
        if unknown:
            raise ConfigError(f"unknown key 'x.{unknown[0]}'")
        if not isinstance(client_id, str) or not all(isinstance(v, str) for v in ids.values()):
            raise ConfigError("'x.client_id' and the values of [x.client_ids] must be strings")
        port = table.get("redirect_port", 0)
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ConfigError("'x.redirect_port' must be a port number (1-65535), or 0 for any")
    except ConfigError as exc:
        raise WorkspaceError(f"{path}: {exc}") from None
    ids_clean = {str(k): str(v).strip() for k, v in ids.items()}
    return XSettings(client_id.strip(), ids_clean, port)


def load_prices(root: Path) -> PriceTable:
    """The ``[costs]`` table of ``root/workspace.toml`` (X's published prices when absent).

    Raises:
        WorkspaceError: the file cannot be read or a value is wrong (the key is named).
    """
    path = root / WORKSPACE_FILE
    try:
        return prices_from(_table(_read(root), "costs", "costs"))
    except ConfigError as exc:
        raise WorkspaceError(f"{path}: {exc}") from None


def prices_from(table: Mapping[str, Any]) -> PriceTable:
    """A :class:`PriceTable` from a ``[costs]`` table.

    Raises:
        ConfigError: a value is wrong (the key is named).
    """
    known = {"post", "post_with_link", "currency", "as_of", "monthly_cap"}
    unknown = [k for k in table if k not in known]
    if unknown:
        raise ConfigError(f"unknown key 'costs.{unknown[0]}'")
    post = parse_amount(table.get("post", DEFAULT_POST_PRICE), "'costs.post'")
    link = parse_amount(
        table.get("post_with_link", DEFAULT_LINK_POST_PRICE), "'costs.post_with_link'"
    )
    currency = table.get("currency", "USD")
    if not isinstance(currency, str) or not currency.strip():
        raise ConfigError("'costs.currency' must be a currency code such as \"USD\"")
    as_of = table.get("as_of", DEFAULT_PRICES_AS_OF)
    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of)
        except ValueError:
            raise ConfigError("'costs.as_of' must be a date such as 2026-02-01") from None
    if not isinstance(as_of, date):
        raise ConfigError("'costs.as_of' must be a date such as 2026-02-01")
    caps_table = _table(table, "monthly_cap", "costs.monthly_cap")
    caps: dict[str, Decimal] = {
        str(handle): parse_amount(value, f"'costs.monthly_cap.{handle}'")
        for handle, value in caps_table.items()
    }
    return PriceTable(post, link, currency.strip().upper(), as_of, caps)


def _toml_amount(amount: Decimal) -> str:
    """An amount as a TOML number (``0.015``): plain digits, never an exponent."""
    return format(amount, "f")


def _toml_key(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def costs_table(prices: PriceTable) -> str:
    """The ``[costs]`` table (and ``[costs.monthly_cap]`` when caps are set) for ``prices``."""
    lines = [
        "[costs]",
        f"post = {_toml_amount(prices.post)}",
        f"post_with_link = {_toml_amount(prices.post_with_link)}",
        f"currency = {_toml_key(prices.currency)}",
        f"as_of = {prices.as_of.isoformat()}",
    ]
    if prices.monthly_caps:
        lines += ["", "[costs.monthly_cap]"]
        lines += [
            f"{_toml_key(handle)} = {_toml_amount(cap)}"
            for handle, cap in prices.monthly_caps.items()
        ]
    return "\n".join(lines)


def save_prices(root: Path, prices: PriceTable) -> PriceTable:
    """Write ``prices`` as ``root/workspace.toml``'s ``[costs]`` table, keeping everything else.

    The file is checked before it replaces the old one (a bad value never lands) and written
    atomically (a temporary file renamed into place).

    Returns:
        The price table as read back from the file.

    Raises:
        WorkspaceError: the file cannot be read or written, or a value is wrong (named).
    """
    path = root / WORKSPACE_FILE
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkspaceError(f"cannot read {path}: {exc}") from exc
    kept: list[str] = []
    skipping = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            name = stripped.strip("[]").strip()
            skipping = name == "costs" or name.startswith("costs.")
        if not skipping:
            kept.append(line)
    new_text = "\n".join(kept).rstrip("\n") + "\n\n" + costs_table(prices) + "\n"
    try:
        # Validate before writing: what is read back must be what was asked for.
        written = prices_from(_table(tomllib.loads(new_text), "costs", "costs"))
    except (tomllib.TOMLDecodeError, ConfigError) as exc:
        raise WorkspaceError(f"{path}: {exc}") from None
    tmp = path.with_suffix(".toml.tmp")
    try:
        tmp.write_text(new_text.lstrip("\n"), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise WorkspaceError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return written


def describe_prices(prices: PriceTable) -> str:
    """One line for the audit trail and the command line: the prices, their date and caps."""
    money = prices.currency
    caps = ", ".join(f"{h} {format_amount(c, money)}" for h, c in prices.monthly_caps.items())
    return (
        f"post {format_amount(prices.post, money)}, with a link "
        f"{format_amount(prices.post_with_link, money)} (as of {prices.as_of.isoformat()}); "
        f"monthly caps: {caps or 'none'}"
    )
