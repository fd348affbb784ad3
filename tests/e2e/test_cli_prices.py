"""``queue prices``: the workspace's price table shown and changed (written, audited, dated)."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

from test_cli_workflow import Cli

from composer.services.workspace import resolve_workspace
from composer.services.x_settings import load_prices


def test_the_default_table_is_shown(cli: Cli) -> None:
    code, out, err = cli("queue", "prices")
    assert code == 0, err
    assert out == ("post $0.015, with a link $0.200 (as of 2026-02-01); monthly caps: none\n")
    assert cli.json("queue", "prices") == {
        "post": "0.015",
        "post_with_link": "0.20",
        "currency": "USD",
        "as_of": "2026-02-01",
        "monthly_caps": {},
    }


def test_a_change_is_written_dated_and_audited(cli: Cli) -> None:
    root = resolve_workspace(cli.workspace).root
    before = (root / "workspace.toml").read_text(encoding="utf-8")
    code, out, err = cli(
        "queue", "prices", "--post", "0.02", "--cap", "northwindhelp=25", user="boss"
    )
    assert code == 0, err
    today = datetime.now(UTC).date().isoformat()
    assert out == (
        f"post $0.020, with a link $0.200 (as of {today}); monthly caps: @NorthwindHelp $25.000\n"
    )
    prices = load_prices(root)
    assert str(prices.post) == "0.02"
    assert prices.cap_for("@NorthwindHelp") is not None
    text = (root / "workspace.toml").read_text(encoding="utf-8")
    # Everything else in the file is kept.
    kept = tomllib.loads(before)
    assert {k: v for k, v in tomllib.loads(text).items() if k != "costs"} == kept
    audit = cli.json("audit")
    assert isinstance(audit, list)
    (event,) = [e for e in audit if e["action"] == "prices_changed"]
    assert event["actor"] == "boss"
    assert "@NorthwindHelp $25.000" in event["detail"]
    # A cap alone keeps the prices' date; 'none' removes it.
    code, out, _ = cli("queue", "prices", "--cap", "@NorthwindHelp=none", "--as-of", "2026-03-01")
    assert code == 0
    assert out == "post $0.020, with a link $0.200 (as of 2026-03-01); monthly caps: none\n"
    code, out, _ = cli("queue", "prices", "--default")
    assert out == "post $0.015, with a link $0.200 (as of 2026-02-01); monthly caps: none\n"


def test_a_bad_value_is_one_line_and_changes_nothing(cli: Cli) -> None:
    root = resolve_workspace(cli.workspace).root
    before = (root / "workspace.toml").read_text(encoding="utf-8")
    for argv, says in (
        (("--post", "-1"), "--post must be zero or more"),
        (("--post-with-link", "lots"), "--post-with-link must be a number such as 0.015"),
        (("--cap", "nobody"), "--cap must be HANDLE=AMOUNT"),
        (("--as-of", "March"), "--as-of must be a date such as 2026-02-01"),
        (("--currency", "US Dollars"), "--currency must be a code such as USD"),
    ):
        code, out, err = cli("queue", "prices", *argv)
        assert code == 2, argv
        assert says in err and err.count("\n") == 1, err
        assert out == ""
    code, _, err = cli("queue", "prices", "--cap", "@Nobody=3")
    assert code == 2
    assert "unknown account '@Nobody'" in err
    assert (root / "workspace.toml").read_text(encoding="utf-8") == before
