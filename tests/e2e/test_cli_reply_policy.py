"""A faster review for replies, end to end against the fake X: the guide gives
@NorthwindHelp two steps for posts and one for replies; a reply to a mention is approved by one
reviewer and published as a reply, while a post still waits on its second step."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from helpers.fake_x_api import FakeXApi, running_fake_x_api
from helpers.keyring_backend import MemoryKeyring
from test_cli_queue import CREDS
from test_cli_workflow import CLEAN_HELP, Cli

from composer.services.guide_file import update_accounts

HELP = "@NorthwindHelp"


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeXApi]:
    with running_fake_x_api(tuple(CREDS.values())) as server:  # type: ignore[arg-type]
        monkeypatch.setenv("BRAND_COMPOSER_X_API_URL", server.url)
        yield server


def test_a_reply_is_approved_by_one_reviewer_while_posts_need_two(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    update_accounts(
        cli.workspace / "brand-guide.yml",
        {HELP: ({"reviewers": None, "approval": "two-step", "reply_approval": "one-step"}, {})},
    )
    assert cli("user", "add", "ria", "--role", "reviewer", user="boss")[0] == 0
    code, _, err = cli("account", "credentials", HELP, user="boss", stdin=json.dumps(CREDS))
    assert code == 0, err
    order = api.mentions.add(f"{HELP} where is my order #123?", username="kim")
    cli.json("inbox", "fetch", "--account", HELP, user="boss")
    (mention,) = cli.json("inbox", "list", user="ann")  # type: ignore[misc]

    code, out, err = cli("inbox", "reply", str(mention["id"]), "--text", CLEAN_HELP, user="ann")
    assert code == 0, err
    reply = out.strip()
    code, out, err = cli("draft", "new", "--account", HELP, "--text", CLEAN_HELP, user="ann")
    assert code == 0, err
    post = out.strip()
    for draft in (reply, post):
        assert cli("draft", "submit", draft, user="ann")[0] == 0
    shown = cli.json("draft", "show", reply, user="ann")
    assert shown["steps"] == 1  # type: ignore[index]
    assert cli.json("draft", "show", post, user="ann")["steps"] == 2  # type: ignore[index]

    assert cli("review", "approve", reply, user="rex")[0] == 0
    assert cli("review", "approve", post, user="rex")[0] == 0
    after_reply = cli.json("draft", "show", reply, user="ann")
    after_post = cli.json("draft", "show", post, user="ann")
    assert after_reply["state"] in {"approved", "queued"}  # type: ignore[index]
    assert (after_post["state"], after_post["step"]) == ("submitted", 2)  # type: ignore[index]

    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    results = cli.json("publish-due", "--at", later)
    assert [r["state"] for r in results] == ["published"]  # type: ignore[union-attr]
    assert api.posts[-1].in_reply_to == order.id
    (group,) = cli.json("inbox", "stats", user="ann")["groups"]  # type: ignore[index]
    assert (group["account"], group["replies"]) == (HELP, 1)
