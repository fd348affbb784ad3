"""The workflow through ``brand-composer``: init, users, drafts, review, audit, credentials."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.keyring_backend import MemoryKeyring

from composer.cli import main
from composer.services.secrets import SERVICE

CLEAN_HELP = "Thanks for your patience. We are checking your order and will reply within the hour."
TOKEN = "at-SUPER-SECRET-TOKEN-9f8e7d"
TOKEN_SECRET = "ats-ANOTHER-SECRET-1a2b3c"


class Cli:
    """Runs ``brand-composer`` in-process against one workspace."""

    def __init__(self, workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.workspace = workspace
        self.capsys = capsys
        self.transcript: list[str] = []

    def __call__(
        self, *argv: str, user: str | None = None, stdin: str | None = None
    ) -> tuple[int, str, str]:
        args = ["--workspace", str(self.workspace)]
        if user:
            args += ["--user", user]
        old_stdin = sys.stdin
        if stdin is not None:
            sys.stdin = io.StringIO(stdin)
        try:
            try:
                code = main([*args, *argv])
            except SystemExit as exc:
                code = int(exc.code or 0)
        finally:
            sys.stdin = old_stdin
        out, err = self.capsys.readouterr()
        self.transcript += [out, err]
        return code, out, err

    def json(self, *argv: str, user: str | None = None) -> object:
        code, out, err = self(*argv, "--json", user=user)
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    workspace = tmp_path / "ws"
    runner = Cli(workspace, capsys)
    code, out, err = runner("init", str(workspace), "--example", user="boss")
    assert code == 0, err
    assert "workspace ready" in out
    for name, role, account in (
        ("ann", "author", None),
        ("rex", "reviewer", "@NorthwindHelp"),
        ("ria", "reviewer", None),
    ):
        extra = ["--account", account] if account else []
        code, _, err = runner("user", "add", name, "--role", role, *extra, user="boss")
        assert code == 0, err
    return runner


def new_draft(cli: Cli, text: str = CLEAN_HELP, account: str = "@NorthwindHelp") -> int:
    code, out, err = cli("draft", "new", "--account", account, "--text", text, user="ann")
    assert code == 0, err
    return int(out.strip())


def test_init_makes_the_os_user_admin_and_lists_accounts(cli: Cli) -> None:
    users = {u["name"]: u["roles"] for u in cli.json("user", "list")}  # type: ignore[union-attr, index]
    assert users["boss"] == [{"role": "admin", "account": None}]
    assert users["rex"] == [{"role": "reviewer", "account": "@NorthwindHelp"}]
    accounts = cli.json("account", "list")
    assert isinstance(accounts, list)
    help_account = next(a for a in accounts if a["handle"] == "@NorthwindHelp")
    assert {k: help_account[k] for k in ("limit", "counting", "tone", "timezone")} == {
        "limit": 140,
        "counting": "v1",
        "tone": "support",
        "timezone": "Europe/London",
    }


def test_draft_submit_approve_and_audit(cli: Cli) -> None:
    draft_id = new_draft(cli)
    shown = cli.json("draft", "show", str(draft_id))
    assert isinstance(shown, dict)
    assert {k: shown[k] for k in ("id", "account", "author", "state", "text", "version")} == {
        "id": draft_id,
        "account": "@NorthwindHelp",
        "author": "ann",
        "state": "draft",
        "text": CLEAN_HELP,
        "version": 1,
    }
    assert shown["scheduled_at"] is None and shown["post_id"] is None
    code, _, err = cli("draft", "submit", str(draft_id), user="ann")
    assert code == 0, err
    code, _, err = cli("review", "approve", str(draft_id), user="ann")
    assert code == 1 and "own draft" in err
    code, _, err = cli("review", "approve", str(draft_id), user="boss")
    assert code == 1 and "not a reviewer" in err
    code, _out, err = cli("review", "approve", str(draft_id), user="rex")
    assert code == 0, err
    # An approved draft enters its account's queue at once (issue #8).
    shown = cli.json("draft", "show", str(draft_id))
    assert shown["state"] == "queued" and shown["scheduled_at"]  # type: ignore[index]
    trail = cli.json("audit", "--draft", str(draft_id))
    assert [(e["action"], e["to_state"], e["actor"]) for e in trail] == [  # type: ignore[union-attr, index]
        ("create", "draft", "ann"),
        ("submit", "submitted", "ann"),
        ("approve", "approved", "rex"),
        ("queue", "queued", "system"),
    ]


def test_submit_refused_with_errors_lists_findings(cli: Cli) -> None:
    draft_id = new_draft(cli, "ACT NOW!!! Hurry, limited time only, buy now!!!")
    code, out, err = cli("draft", "submit", str(draft_id), user="ann")
    assert code == 1
    assert "error-level" in err
    assert f"draft {draft_id}:" in out
    assert cli.json("draft", "show", str(draft_id))["state"] == "draft"  # type: ignore[index]


def test_request_changes_edit_and_resubmit(cli: Cli) -> None:
    draft_id = new_draft(cli)
    assert cli("draft", "submit", str(draft_id), user="ann")[0] == 0
    code, _, err = cli("review", "request-changes", str(draft_id), user="ria")
    assert code == 1 and "needs a comment" in err
    code, _, err = cli(
        "review", "request-changes", str(draft_id), "--comment", "Say when", user="ria"
    )
    assert code == 0, err
    edited = cli.json("draft", "edit", str(draft_id), "--text", CLEAN_HELP + " Thanks!", user="ann")
    assert edited["state"] == "changes_requested" and edited["text_version"] == 2  # type: ignore[index]
    assert cli("draft", "submit", str(draft_id), user="ann")[0] == 0
    listed = cli.json("draft", "list", "--state", "submitted")
    assert [d["id"] for d in listed] == [draft_id]  # type: ignore[union-attr, index]
    shown = cli.json("draft", "show", str(draft_id))
    assert shown["comments"][0]["body"] == "Say when"  # type: ignore[index]
    assert (shown["step"], shown["steps"]) == (1, 1)  # type: ignore[index]


def test_reject_and_editing_an_approved_draft_returns_it_to_review(cli: Cli) -> None:
    first, second = new_draft(cli), new_draft(cli)
    for draft_id in (first, second):
        assert cli("draft", "submit", str(draft_id), user="ann")[0] == 0
    assert cli("review", "reject", str(first), "--comment", "Off brand", user="ria")[0] == 0
    assert cli.json("draft", "show", str(first))["state"] == "rejected"  # type: ignore[index]
    assert cli("review", "approve", str(second), user="ria")[0] == 0
    code, out, _ = cli("draft", "edit", str(second), "--text", CLEAN_HELP + " Cheers.", user="ann")
    assert code == 0 and "submitted" in out
    shown = cli.json("draft", "show", str(second))
    assert (shown["state"], shown["approved_version"]) == ("submitted", None)  # type: ignore[index]


def test_bad_usage_exits_2_without_traceback(cli: Cli) -> None:
    for argv in (("draft", "show", "999"), ("draft", "new", "--account", "@Nope", "--text", "x")):
        code, _, err = cli(*argv, user="ann")
        assert code == 2
        assert "Traceback" not in err and err.count("\n") == 1
    code, _, err = cli(
        "draft", "new", "--account", "@NorthwindHelp", "--text", "x", user="stranger"
    )
    assert code == 2 and "unknown user 'stranger'" in err
    code, _, err = cli("draft", "new", "--account", "@NorthwindHelp", "--text", "x", user="rex")
    assert code == 1 and "may not write drafts" in err


def test_user_add_needs_an_admin(cli: Cli) -> None:
    code, _, err = cli("user", "add", "eve", "--role", "admin", user="ann")
    assert code == 1 and "only an admin" in err


def test_db_upgrade_is_idempotent(cli: Cli) -> None:
    code, out, err = cli("db", "upgrade")
    assert code == 0, err
    assert "already at revision" in out


def test_credentials_never_leak(
    cli: Cli, memory_keyring: MemoryKeyring, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    payload = json.dumps(
        {
            "consumer_key": "ck-public-ish",
            "consumer_secret": "cs-SECRET-value-77",
            "access_token": TOKEN,
            "access_token_secret": TOKEN_SECRET,
        }
    )
    code, _out, err = cli("account", "credentials", "@NorthwindHelp", user="boss", stdin=payload)
    assert code == 0, err
    assert json.loads(memory_keyring.entries[(SERVICE, "@NorthwindHelp")])["access_token"] == TOKEN
    code, _, err = cli("account", "credentials", "@NorthwindHelp", user="ann", stdin=payload)
    assert code == 1 and "only an admin" in err
    code, _, err = cli(
        "account",
        "credentials",
        "@NorthwindHelp",
        user="boss",
        stdin='{"access_token": "' + TOKEN + '"}',
    )
    assert code == 2 and "missing or empty" in err
    # A full flow after storing credentials.
    draft_id = new_draft(cli)
    cli("draft", "submit", str(draft_id), user="ann")
    cli("review", "approve", str(draft_id), user="rex")
    cli("audit")
    assert any("credentials_stored" in chunk for chunk in cli.transcript)
    secrets = (TOKEN, TOKEN_SECRET, "cs-SECRET-value-77")
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(s.encode() in data for s in secrets), path
    everything = "\n".join(cli.transcript) + caplog.text
    assert not any(s in everything for s in secrets)


def test_credentials_refused_without_secure_keyring(cli: Cli) -> None:
    import keyring.backends.fail

    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        code, _, err = cli("account", "credentials", "@NorthwindHelp", user="boss", stdin="{}")
    finally:
        keyring.set_keyring(previous)
    assert code == 2 and "no secure keyring" in err


def test_real_entry_point(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("brand-composer")
    workspace = tmp_path / "w"
    done = subprocess.run(
        [exe, "init", str(workspace), "--example"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [exe, "--workspace", str(workspace), "draft", "show", "5"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("brand-composer: there is no draft 5")


def test_unapproved_draft_expires_when_its_time_passes_and_people_are_warned(cli: Cli) -> None:
    from datetime import UTC, datetime, timedelta

    from composer.services.workspace import load_workspace
    from composer.store.store import Store

    ws = load_workspace(cli.workspace)
    then = datetime.now(UTC) - timedelta(minutes=30)
    with Store.open(ws.database_url) as store:
        late = store.drafts.create(
            "@NorthwindHelp",
            CLEAN_HELP,
            author="ann",
            findings=(),
            now=then,
            scheduled_at=then + timedelta(minutes=5),
        )
        store.drafts.submit(
            late.id, actor="ann", expected_version=late.version, findings=(), now=then
        )
        soon = store.drafts.create(
            "@NorthwindHelp",
            CLEAN_HELP + " Soon.",
            author="ann",
            findings=(),
            now=then,
            scheduled_at=datetime.now(UTC) + timedelta(minutes=20),
        )
        store.drafts.submit(
            soon.id, actor="ann", expected_version=soon.version, findings=(), now=then
        )

    code, out, err = cli("draft", "list", "--json", user="ann")
    assert code == 0, err
    states = {d["id"]: d["state"] for d in json.loads(out)}
    assert states[late.id] == "expired"
    assert states[soon.id] == "submitted"
    assert f"draft {late.id} for @NorthwindHelp expired" in err
    assert f"draft {soon.id} for @NorthwindHelp expires in" in err
