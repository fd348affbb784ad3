"""No review on the command line: only an admin's guide turns it on; submit then queues."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_workflow import CLEAN_HELP, Cli

from composer.services.guide_file import update_accounts

HELP = "@NorthwindHelp"


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    runner = Cli(tmp_path / "ws", capsys)
    assert runner("init", str(tmp_path / "ws"), "--example", user="boss")[0] == 0
    assert runner("user", "add", "ann", "--role", "author", user="boss")[0] == 0
    update_accounts(tmp_path / "ws" / "brand-guide.yml", {HELP: ({"approval": "none"}, {})})
    return runner


def test_an_author_syncing_the_guide_does_not_turn_review_off(cli: Cli) -> None:
    cli("account", "list", user="ann")
    code, out, err = cli("draft", "new", "--account", HELP, "--text", CLEAN_HELP, user="ann")
    assert code == 0, err
    draft_id = out.strip()
    code, out, err = cli("draft", "submit", draft_id, user="ann")
    assert code != 0
    assert "no reviewer other than the author" in err
    assert "Settings ▸ People" in err
    assert "'brand-composer user add NAME --role reviewer'" in err


def test_after_the_admin_syncs_a_submission_is_approved_and_queued(cli: Cli) -> None:
    assert cli("account", "list", user="boss")[0] == 0
    events = cli.json("audit", user="boss")
    assert isinstance(events, list)
    policy = [e for e in events if e["action"] == "account_policy"]
    assert [(e["actor"], e["account"], e["detail"]) for e in policy] == [
        ("boss", HELP, "approval policy: no review")
    ]
    code, out, err = cli("draft", "new", "--account", HELP, "--text", CLEAN_HELP, user="ann")
    assert code == 0, err
    draft_id = out.strip()
    code, out, err = cli("draft", "submit", draft_id, user="ann")
    assert code == 0, err
    assert out.startswith(f"draft {draft_id}: queued without review (@NorthwindHelp has no review)")
    shown = cli.json("draft", "show", draft_id, user="ann")
    assert isinstance(shown, dict)
    assert shown["state"] == "queued"
