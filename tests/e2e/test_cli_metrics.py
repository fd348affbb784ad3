"""Results through ``brand-composer`` (issue 18, items 1 and 2): an A/B pair published to the
fake X, its seeded metrics fetched, the winner shown by ``queue variants`` and the history."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from helpers.fake_x_api import FakeXApi, running_fake_x_api
from helpers.keyring_backend import MemoryKeyring
from test_cli_queue import CREDS, OTHER_HELP
from test_cli_workflow import CLEAN_HELP, Cli


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeXApi]:
    keys = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
    with running_fake_x_api(tuple(CREDS[k] for k in keys)) as server:  # type: ignore[arg-type]
        monkeypatch.setenv("BRAND_COMPOSER_X_API_URL", server.url)
        yield server


def approved_only(cli: Cli, text: str) -> int:
    code, out, err = cli("draft", "new", "--account", "@NorthwindHelp", "--text", text, user="ann")
    assert code == 0, err
    draft_id = int(out.strip())
    assert cli("draft", "submit", str(draft_id), user="ann")[0] == 0
    assert cli("review", "approve", str(draft_id), user="rex")[0] == 0
    assert cli("queue", "remove", str(draft_id), user="rex")[0] == 0  # back to approved
    return draft_id


def test_ab_pair_shows_its_winner_from_fetched_metrics(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    creds = json.dumps(CREDS)
    assert cli("account", "credentials", "@NorthwindHelp", user="boss", stdin=creds)[0] == 0
    a, b = approved_only(cli, CLEAN_HELP), approved_only(cli, OTHER_HELP)
    assert cli("queue", "ab", str(a), str(b), "--spacing", "240", user="rex")[0] == 0
    (pair,) = cli.json("queue", "variants")  # type: ignore[misc]
    assert pair["result"]["sentence"] == "not enough data yet"
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    published = cli.json("publish-due", "--at", later)
    assert isinstance(published, list) and len(published) == 2
    post = {r["draft"]: r["post_id"] for r in published}
    api.metrics.seed(post[a], impressions=1000, likes=100, reposts=10, replies=10)
    api.metrics.seed(post[b], impressions=1000, likes=60, reposts=10, replies=10)

    fetched = cli.json("metrics", "fetch", user="boss")
    assert isinstance(fetched, list)
    help_report = next(r for r in fetched if r["account"] == "@NorthwindHelp")
    assert help_report["state"] == "fetched" and help_report["posts"] == 2
    assert sorted(api.metrics.requests[0]) == sorted([post[a], post[b]])

    (pair,) = cli.json("queue", "variants")  # type: ignore[misc]
    assert pair["result"]["sentence"] == "A leads, 99% confident"
    assert pair["result"]["leader"] == "A" and pair["result"]["rate_a"] == 0.12
    assert pair["A"]["metrics"]["engagements"] == 120
    code, out, _ = cli("queue", "variants")
    assert "A leads, 99% confident, on engagements per impression (A 12.00%, B 8.00%)" in out
    code, out, _ = cli("queue", "variants", "--metric", "reply_rate")
    assert "not enough data yet, on replies per impression" in out

    history = cli.json("queue", "history")
    assert isinstance(history, list)
    shown = {e["id"]: e for e in history}
    assert shown[a]["metrics"]["impressions"] == 1000 and shown[a]["metrics_read_at"]
    assert shown[b]["ab_result"]["sentence"] == "A leads, 99% confident"
    code, out, _ = cli("queue", "history")
    assert "1,000 impressions, 120 engagements (12.0%)" in out
    assert "A/B " in out and "A leads, 99% confident" in out

    readings = cli.json("metrics", "show", str(a))
    assert isinstance(readings, list) and readings[0]["post_id"] == post[a]
    # Within the cadence nothing is read again.
    again = cli.json("metrics", "fetch", user="boss")
    assert isinstance(again, list)
    assert next(r for r in again if r["account"] == "@NorthwindHelp")["state"] == "nothing_due"
    assert len(api.metrics.requests) == 1
    code, _, err = cli("metrics", "show", "99999")
    assert code == 2 and "99999" in err and "Traceback" not in err


def test_rules_against_results_report(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    creds = json.dumps(CREDS)
    assert cli("account", "credentials", "@NorthwindHelp", user="boss", stdin=creds)[0] == 0
    loud = "Thanks for waiting! We are checking your order! Reply soon."
    code, out, err = cli("draft", "new", "--account", "@NorthwindHelp", "--text", loud, user="ann")
    assert code == 0, err
    loud_id = int(out.strip())
    code, _, err = cli("draft", "submit", str(loud_id), "--reason", "excited customer", user="ann")
    assert code == 0, err
    assert cli("review", "approve", str(loud_id), user="rex")[0] == 0
    quiet_id = approved_only(cli, CLEAN_HELP)
    assert cli("queue", "add", str(quiet_id), user="rex")[0] == 0
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    published = cli.json("publish-due", "--at", later)
    assert isinstance(published, list) and len(published) == 2
    post = {r["draft"]: r["post_id"] for r in published}
    api.metrics.seed(post[loud_id], impressions=1000, likes=20)
    api.metrics.seed(post[quiet_id], impressions=1000, likes=50)
    assert cli("metrics", "fetch", user="boss")[0] == 0

    since = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    until = (datetime.now(UTC) + timedelta(days=40)).isoformat()
    report = cli.json("metrics", "report", "--since", since, "--until", until)
    assert isinstance(report, dict)
    assert report["posts"] == 2 and report["posts_with_results"] == 2
    rules = {r["rule"]: r for r in report["rules"]}
    assert rules["Tone.Exclamations"] == {
        "rule": "Tone.Exclamations",
        "fired": 1,
        "with_results": 1,
        "median_rate_with": 0.02,
        "without_results": 1,
        "median_rate_without": 0.05,
    }
    code, out, _ = cli(
        "metrics", "report", "--account", "@NorthwindHelp", "--since", since, "--until", until
    )
    assert code == 0
    assert "2 published post(s), 2 with results from X" in out
    assert (
        "  Tone.Exclamations\tfired on 1\tmedian engagement rate 2.00% with it (of 1), "
        "5.00% without (of 1)"
    ) in out
    code, _, err = cli("metrics", "report", "--since", until, "--until", until)
    assert code == 2 and "--since must be before --until" in err


def test_metrics_cadence_is_the_fetch_default(cli: Cli) -> None:
    code, out, _ = cli("metrics", "cadence")
    assert (code, out) == (0, "results are read every 60 minutes (the default)\n")
    code, out, _ = cli("metrics", "cadence", "240", user="boss")
    assert (code, out) == (0, "results are read every 240 minutes\n")
    code, out, _ = cli("metrics", "cadence", "--default", user="boss")
    assert out == "results are read every 60 minutes (the default)\n"
    code, _, err = cli("metrics", "cadence", "0", user="boss")
    assert code == 2 and "MINUTES" in err
    # Every read is billed: only an admin of every account sets the pace.
    code, out, err = cli("metrics", "cadence", "15", user="ann")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "only an admin of every account" in err
    assert cli("metrics", "cadence")[1] == "results are read every 60 minutes (the default)\n"
