"""Cost on the command line: ``queue list`` prices each post, ``queue cost`` sums the month,
``publish-due`` holds posts past an account's monthly cap and signs in with X when it can."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests
from helpers.fake_x_api import FakeXApi, running_fake_x_api
from helpers.keyring_backend import MemoryKeyring
from test_cli_queue import CREDS, approved
from test_cli_workflow import CLEAN_HELP, Cli

from composer.services.secrets import SecretStore, backend_name
from composer.services.x_oauth import XOAuthClient

LINKED = "Thanks for waiting. Track your replacement stakes at https://northwindtrail.com/track"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeXApi]:
    with running_fake_x_api(tuple(CREDS.values())) as server:  # type: ignore[arg-type]
        monkeypatch.setenv("BRAND_COMPOSER_X_API_URL", server.url)
        yield server


def add_costs(cli: Cli, table: str) -> None:
    path = cli.workspace / "workspace.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + table, encoding="utf-8")


def test_queue_list_prices_each_post(cli: Cli) -> None:
    plain, linked = approved(cli), approved(cli, LINKED)
    entries = {e["id"]: e for e in cli.json("queue", "list")}  # type: ignore[union-attr]
    assert entries[plain]["cost"] == "0.015"
    assert entries[linked]["cost"] == "0.20"
    code, out, _ = cli("queue", "list")
    assert code == 0
    assert "\t$0.015\t" in out and "\t$0.200\t" in out


def test_edited_prices_and_a_bad_value(cli: Cli) -> None:
    draft = approved(cli, LINKED)
    add_costs(cli, "[costs]\npost = 0.01\npost_with_link = 0.1\nas_of = 2026-11-01\n")
    (entry,) = cli.json("queue", "list")  # type: ignore[misc]
    assert entry["id"] == draft and entry["cost"] == "0.1"
    data = cli.json("queue", "cost")
    assert data["prices"] == {  # type: ignore[index]
        "post": "0.01",
        "post_with_link": "0.1",
        "currency": "USD",
        "as_of": "2026-11-01",
    }
    add_costs(cli, '[costs.monthly_cap]\n"@NorthwindHelp" = "lots"\n')
    code, _, err = cli("queue", "cost")
    assert code == 2 and "costs.monthly_cap.@NorthwindHelp" in err and "Traceback" not in err


def test_monthly_cap_holds_posts_and_queue_cost_sums_the_month(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    assert (
        cli("account", "credentials", "@NorthwindHelp", user="boss", stdin=json.dumps(CREDS))[0]
        == 0
    )
    add_costs(cli, '[costs.monthly_cap]\n"@NorthwindHelp" = 0.25\n')
    first = approved(cli, LINKED)
    second = approved(cli, CLEAN_HELP + " Track them at https://northwindtrail.com/stakes")
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    code, out, _ = cli("publish-due", "--at", later, "--json")
    results = {r["draft"]: r for r in json.loads(out)}
    assert code == 1  # one did not go out
    assert results[first]["state"] == "published"
    assert results[second]["state"] == "queued"
    assert "monthly cap of $0.250 would be passed" in results[second]["error"]
    assert len(api.texts()) == 1
    code, out, _ = cli("queue", "list")
    assert "[monthly cap: waits until" in out
    (row,) = [
        r
        for r in cli.json("queue", "cost")["accounts"]  # type: ignore[index]
        if r["account"] == "@NorthwindHelp"
    ]
    assert row["spent"] == "0.20" and row["cap"] == "0.25"
    assert row["queued_posts"] == 1 and row["queued_cost"] == "0.20"
    code, out, _ = cli("queue", "cost", "--account", "@NorthwindHelp")
    assert "$0.200 spent of a $0.250 cap" in out
    code, _, err = cli("queue", "cost", "--month", "December")
    assert code == 2 and "--month" in err


def test_publish_due_posts_with_the_sign_in_when_there_is_one(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    def follow(url: str) -> None:
        first = requests.get(url, allow_redirects=False, timeout=5)
        requests.get(first.headers["Location"], timeout=5)

    tokens = XOAuthClient(api.oauth.client_id, api_url=api.url).sign_in(follow, timeout=10)
    store = SecretStore(memory_keyring, allowed=[backend_name(memory_keyring)])
    store.set_oauth2("@NorthwindHelp", tokens)
    approved(cli)
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    (result,) = cli.json("publish-due", "--at", later)  # type: ignore[misc]
    assert result["state"] == "published"
    assert api.auth_headers[-1] == "Bearer " + tokens.access_token
    api.oauth.revoke_all()
    store.set_oauth2(
        "@NorthwindHelp",
        type(tokens)(tokens.client_id, "stale", tokens.refresh_token, 0.0, tokens.scope),
    )
    approved(cli, LINKED)
    _code, out, _ = cli("publish-due", "--at", later, "--json")
    (result,) = json.loads(out)
    assert result["state"] == "queued"
    assert "connect the account again" in result["error"]
    blob = "".join(cli.transcript)
    assert tokens.refresh_token not in blob and tokens.access_token not in blob
    # Nothing of the sign-in in the workspace: not the database, not workspace.toml.
    secrets = [
        s.encode()
        for s in (*tokens.secrets(), *(store.get_oauth2("@NorthwindHelp") or tokens).secrets())
    ]
    files = [f for f in cli.workspace.rglob("*") if f.is_file()]
    assert any(f.suffix == ".sqlite3" for f in files)
    for path in files:
        data = path.read_bytes()
        assert not any(secret in data for secret in secrets), path
