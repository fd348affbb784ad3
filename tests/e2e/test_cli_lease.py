"""``publish-due`` and the publisher lease: an ordinary busy lease is a quiet exit 0, a lease no
publisher would take (expiring years ahead) is reported loudly, naming its holder and expiry."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from helpers.keyring_backend import MemoryKeyring
from test_cli_workflow import Cli

from composer.services.workspace import load_workspace
from composer.store.store import Store


def take_lease(cli: Cli, holder: str, ttl: timedelta) -> None:
    url = load_workspace(cli.workspace).database_url
    with Store.open(url) as store:
        assert store.queue.acquire_lock(holder, ttl=ttl, now=datetime.now(UTC)) is not None


def test_a_lease_held_for_a_century_is_reported(cli: Cli, memory_keyring: MemoryKeyring) -> None:
    assert memory_keyring is not None
    take_lease(cli, "intruder-laptop:4242:deadbeef", timedelta(days=36500))
    code, out, err = cli("publish-due", user="boss")
    assert code == 1, err
    assert "error:" in err and "intruder-laptop:4242:deadbeef" in err
    assert str(datetime.now(UTC).year + 99) in err or str(datetime.now(UTC).year + 100) in err
    assert "nothing is published until it is removed" in err
    assert "Traceback" not in err and out == ""
    code, out, err = cli("publish-due", "--json", user="boss")
    assert code == 1 and json.loads(out) == [] and "intruder-laptop" in err


def test_an_ordinary_busy_lease_is_a_quiet_success(cli: Cli, memory_keyring: MemoryKeyring) -> None:
    assert memory_keyring is not None
    take_lease(cli, "cron-host:77:cafe", timedelta(minutes=10))
    code, _, err = cli("publish-due", user="boss")
    assert code == 0, err
    assert "another publisher is already at work" in err and "error:" not in err
