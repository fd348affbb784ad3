"""``brand-composer guide diff NEW_GUIDE`` on a small seeded workspace (issue 18, item 4)."""

from __future__ import annotations

import json
from typing import Any

from helpers.changed_guide import CLEAN, HYPE_HELP, LONG_HELP, TONIGHT, new_guide_text
from test_cli_workflow import Cli


def diff_json(cli: Cli, *argv: str) -> dict[str, Any]:
    code, out, err = cli("guide", "diff", *argv, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict)
    return data


def draft(cli: Cli, text: str, account: str = "@NorthwindHelp") -> int:
    code, out, err = cli("draft", "new", "--account", account, "--text", text, user="ann")
    assert code == 0, err
    return int(out.strip())


def test_guide_diff_lists_the_posts_whose_verdict_changes(cli: Cli) -> None:
    clean, long_help, hype = draft(cli, CLEAN), draft(cli, LONG_HELP), draft(cli, HYPE_HELP)
    tonight = draft(cli, TONIGHT, "@NorthwindEvents")
    new = cli.workspace / "new-guide.yml"
    current = (cli.workspace / "brand-guide.yml").read_text(encoding="utf-8")
    new.write_text(new_guide_text(current), encoding="utf-8")

    data = diff_json(cli, str(new))
    assert data["checked"] == 4 and data["skipped"] == {}
    assert data["counts"] == {
        "newly_blocked": 1,
        "newly_warned": 1,
        "no_longer_blocked": 0,
        "cleared": 1,
    }
    changes = {c["id"]: c for c in data["changes"]}
    assert set(changes) == {long_help, hype, tonight} and clean not in changes
    assert changes[long_help]["change"] == "newly_blocked"
    assert changes[long_help]["added_rules"] == ["Composer.Length"]
    assert changes[hype]["before"] == "blocked" and changes[hype]["after"] == "clear"
    assert changes[tonight]["account"] == "@NorthwindEvents"
    assert {(r["rule"], r["newly"], r["no_longer"]) for r in data["rules"]} == {
        ("Composer.Length", 1, 0),
        ("Northwind.Hype", 0, 1),
        ("Northwind.Urgency", 1, 0),
    }

    code, out, err = cli("guide", "diff", str(new))
    assert code == 0, err
    assert "4 past post(s) checked with" in out
    assert "newly blocked: 1  newly warned: 1  no longer blocked: 0  cleared: 1" in out
    assert f"  draft {long_help}\t@NorthwindHelp\tdraft\tclear -> blocked\t+Composer.Length" in out
    assert "  Northwind.Urgency\t+1\t-0" in out


def test_since_leaves_older_posts_out_and_bad_input_is_one_line(cli: Cli) -> None:
    draft(cli, LONG_HELP)
    new = cli.workspace / "new-guide.yml"
    current = (cli.workspace / "brand-guide.yml").read_text(encoding="utf-8")
    new.write_text(new_guide_text(current), encoding="utf-8")
    data = diff_json(cli, str(new), "--since", "2999-01-01")
    assert data["checked"] == 0 and data["changes"] == []
    assert data["since"] == "2999-01-01T00:00:00Z"
    code, _, err = cli("guide", "diff", str(new), "--since", "yesterday")
    assert code == 2 and "bad date and time 'yesterday'" in err
    code, _, err = cli("guide", "diff", str(cli.workspace / "missing.yml"))
    assert code == 2 and "missing.yml" in err and "Traceback" not in err
    broken = cli.workspace / "broken.yml"
    broken.write_text("brand: [unclosed\n", encoding="utf-8")
    code, _, err = cli("guide", "diff", str(broken))
    assert code == 2 and "broken.yml" in err and "Traceback" not in err
