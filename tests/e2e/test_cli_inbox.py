"""The mentions inbox from the command line, against the fake X: fetch, list, route, assign,
reply (reviewed and published as a reply to the mention), response times."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from helpers.fake_x_api import FakeXApi, running_fake_x_api
from helpers.keyring_backend import MemoryKeyring
from test_cli_queue import CREDS
from test_cli_workflow import CLEAN_HELP, Cli


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeXApi]:
    with running_fake_x_api(tuple(CREDS.values())) as server:  # type: ignore[arg-type]
        monkeypatch.setenv("BRAND_COMPOSER_X_API_URL", server.url)
        yield server


def connect(cli: Cli, handle: str = "@NorthwindHelp") -> None:
    code, _, err = cli("account", "credentials", handle, user="boss", stdin=json.dumps(CREDS))
    assert code == 0, err


def test_mentions_are_fetched_routed_answered_and_timed(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    connect(cli)
    order = api.mentions.add("@NorthwindHelp where is my order #123?", username="kim")
    api.mentions.add("@NorthwindHelp any discount on tents?", username="lee")
    (report,) = cli.json("inbox", "fetch", "--account", "northwindhelp", user="boss")  # type: ignore[misc]
    assert (report["state"], report["added"], report["reads"]) == ("fetched", 2, 2)
    listed = cli.json("inbox", "list", user="ann")
    assert isinstance(listed, list)
    assert [m["author"] for m in listed] == ["lee", "kim"]
    assert {m["state"] for m in listed} == {"new"}
    deals, mine = listed
    routed = cli.json(
        "inbox",
        "route",
        str(deals["id"]),
        "--to",
        "@NorthwindDeals",
        "--note",
        "a sales question",
        user="ann",
    )
    assert routed["account"] == "@NorthwindDeals"  # type: ignore[index]
    assert routed["routed_from"] == "@NorthwindHelp"  # type: ignore[index]
    code, out, _ = cli("audit", user="boss")
    assert "a sales question" in out
    assigned = cli.json("inbox", "assign", str(mine["id"]), user="ann")
    assert (assigned["state"], assigned["assignee"]) == ("assigned", "ann")  # type: ignore[index]
    code, out, err = cli("inbox", "reply", str(mine["id"]), "--text", CLEAN_HELP, user="ann")
    assert code == 0, err
    draft = int(out)
    assert cli("draft", "submit", str(draft), user="ann")[0] == 0
    assert cli("review", "approve", str(draft), user="rex")[0] == 0
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    (result,) = cli.json("publish-due", "--at", later)  # type: ignore[misc]
    assert result["state"] == "published"
    assert api.posts[-1].in_reply_to == order.id  # published as a reply to the mention
    stats = cli.json("inbox", "stats", user="ann")
    (group,) = stats["groups"]  # type: ignore[index]
    assert (group["account"], group["replies"]) == ("@NorthwindHelp", 1)
    assert group["median_minutes"] >= 0
    by_person = cli.json("inbox", "stats", "--by", "person", user="ann")
    assert [g["person"] for g in by_person["groups"]] == ["ann"]  # type: ignore[index]
    answered = cli.json("inbox", "list", "--state", "answered", user="ann")
    assert [m["answered_by"] for m in answered] == ["ann"]  # type: ignore[union-attr]
    code, out, _ = cli("inbox", "stats", user="ann")
    assert code == 0 and "@NorthwindHelp\t1 replies\tmedian" in out


def test_refusals_and_bad_usage_are_one_line(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    connect(cli)
    code, _, err = cli("inbox", "fetch", "--account", "@NorthwindHelp", user="ann")
    assert code == 1 and "only an admin of @NorthwindHelp" in err
    code, _, err = cli("inbox", "list", "--state", "open", user="ann")
    assert code == 2 and "--state takes" in err
    api.mentions.add("@NorthwindHelp hello")
    cli.json("inbox", "fetch", "--account", "@NorthwindHelp", user="boss")
    (m,) = cli.json("inbox", "list", user="ann")  # type: ignore[misc]
    code, _, err = cli(
        "inbox", "route", str(m["id"]), "--to", "@NorthwindHelp", "--note", "x", user="ann"
    )
    assert code == 1 and "already in @NorthwindHelp" in err
    assert cli("inbox", "mark", str(m["id"]), "no-reply", user="ann")[0] == 0
    code, _, err = cli("inbox", "assign", str(m["id"]), user="ann")
    assert code == 1 and "no reply needed" not in err and "cannot be assigned" in err
    code, _, err = cli("inbox", "assign", "999", user="ann")
    assert code != 0 and "no mention 999" in err and "Traceback" not in err


def test_budget_and_cadence_settings(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    connect(cli)
    code, _, err = cli("inbox", "settings", "@NorthwindHelp", "--budget", "5", user="ann")
    assert code == 1 and "only an admin" in err
    data = cli.json(
        "inbox",
        "settings",
        "@NorthwindHelp",
        "--budget",
        "5",
        "--cadence",
        "30",
        "--target",
        "20",
        user="boss",
    )
    assert data["read_budget"] == 5 and data["reply_target_minutes"] == 20  # type: ignore[index]
    for i in range(7):
        api.mentions.add(f"@NorthwindHelp question {i}", created_at=1_000_000_000.0 + i)
    code, out, _ = cli("inbox", "fetch", "--account", "@NorthwindHelp", "--json", user="boss")
    (report,) = json.loads(out)
    assert code == 1  # the budget stopped the read: said on stdout, exit 1 for cron
    assert (report["state"], report["reads"]) == ("budget_reached", 5)
    listed = cli.json("inbox", "list", user="ann")
    assert len(listed) == 5 and all(m["overdue"] for m in listed)  # type: ignore[arg-type, union-attr]
    code, out, _ = cli("inbox", "fetch", "--account", "@NorthwindHelp", "--force", user="boss")
    assert code == 1 and "budget_reached" in out and "used up" in out
    assert len(api.mentions.requests) == 1
