"""Regressions found by an outside audit of the workspace, workflow and queue commands.

Each test names the contract it holds ``brand-composer`` to (spec/cli.md): one clear line on
stderr and the contract's exit code, ``--json`` as exactly one JSON document, nothing lost.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import keyring
import keyring.core
import pytest
from helpers.keyring_backend import MemoryKeyring
from test_cli_workflow import CLEAN_HELP, Cli

from composer.services.workspace import resolve_workspace
from composer.store.store import Store

HYPE = "Amazing news! Our guaranteed best deal is here."
CREDS = {
    "consumer_key": "ck-SECRET-aaaa",
    "consumer_secret": "cs-SECRET-bbbb",
    "access_token": "at-SECRET-cccc",
    "access_token_secret": "ats-SECRET-dddd",
}


def one_line_error(err: str) -> None:
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("brand-composer: "), err


def draft_ids(cli: Cli) -> list[int]:
    drafts = cli.json("draft", "list")
    assert isinstance(drafts, list)
    return [int(d["id"]) for d in drafts]


# -- drafts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_draft_new_refuses_an_empty_text(cli: Cli, text: str) -> None:
    code, out, err = cli("draft", "new", "--account", "@NorthwindHelp", "--text", text, user="ann")
    assert code == 2 and out == ""
    one_line_error(err)
    assert "empty" in err
    assert draft_ids(cli) == []


def test_draft_new_refuses_an_empty_file(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    code, _, err = cli("draft", "new", "--account", "@NorthwindHelp", "--file", str(empty))
    assert code == 2 and "empty" in err and str(empty) in err
    assert draft_ids(cli) == []


def test_draft_edit_to_an_empty_text_keeps_the_old_text(cli: Cli) -> None:
    code, out, _ = cli(
        "draft", "new", "--account", "@NorthwindHelp", "--text", CLEAN_HELP, user="ann"
    )
    draft_id = out.strip()
    code, _, err = cli("draft", "edit", draft_id, "--text", "", user="ann")
    assert code == 2 and "empty" in err
    assert cli.json("draft", "show", draft_id)["text"] == CLEAN_HELP  # type: ignore[index]


def test_missing_file_is_named_in_one_plain_line(cli: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    code, _, err = cli("draft", "new", "--account", "@NorthwindHelp", "--file", str(missing))
    assert code == 2
    one_line_error(err)
    assert err == f"brand-composer: cannot read {missing}: No such file or directory\n"


def test_an_empty_draft_cannot_be_submitted(cli: Cli) -> None:
    # The GUI autosaves empty drafts; X refuses an empty post, so review must never see one.
    workspace = resolve_workspace(cli.workspace)
    with Store.open(workspace.database_url) as store:
        record = store.drafts.create(
            "@NorthwindHelp", "", author="ann", findings=(), now=datetime.now(UTC)
        )
    code, _, err = cli("draft", "submit", str(record.id), "--reason", "ok", user="ann")
    assert code == 1
    one_line_error(err)
    assert "empty" in err
    assert cli.json("draft", "show", str(record.id))["state"] == "draft"  # type: ignore[index]


def test_refused_submit_with_json_prints_only_json(cli: Cli) -> None:
    code, out, _ = cli("draft", "new", "--account", "@NorthwindHelp", "--text", HYPE, user="ann")
    draft_id = out.strip()
    code, out, err = cli("draft", "submit", draft_id, "--json", user="ann")
    assert code == 1 and "not submitted" in err
    findings = json.loads(out)  # exactly one JSON document, nothing else on stdout
    assert isinstance(findings, list) and findings
    assert all(f["level"] == "error" for f in findings)
    assert {"Northwind.Hype", "Northwind.BannedClaims"} <= {f["rule"] for f in findings}
    code, out, _ = cli("draft", "submit", draft_id, user="ann")
    assert code == 1 and f"draft {draft_id}:" in out  # the text form still lists them


# -- review ----------------------------------------------------------------------------------------


def test_review_by_an_unknown_user_is_refused_like_a_non_reviewer(cli: Cli) -> None:
    code, out, _ = cli(
        "draft", "new", "--account", "@NorthwindHelp", "--text", CLEAN_HELP, user="ann"
    )
    draft_id = out.strip()
    assert cli("draft", "submit", draft_id, user="ann")[0] == 0
    for decision in ("approve", "reject", "request-changes"):
        code, _, err = cli("review", decision, draft_id, "--comment", "x", user="mallory")
        assert code == 1, err
        one_line_error(err)
        assert "'mallory' is not a reviewer of @NorthwindHelp" in err
    assert cli.json("draft", "show", draft_id)["state"] == "submitted"  # type: ignore[index]
    code, _, err = cli("review", "approve", "999", user="mallory")
    assert code == 2 and "no draft 999" in err  # an unknown draft is still bad usage


# -- accounts ------------------------------------------------------------------------------------


def test_account_list_json_has_exactly_the_contract_keys(cli: Cli) -> None:
    accounts = cli.json("account", "list")
    assert isinstance(accounts, list) and len(accounts) == 4
    for account in accounts:
        assert set(account) == {"handle", "purpose", "limit", "counting", "tone", "timezone"}
        assert isinstance(account["timezone"], str) and account["timezone"]


def test_credentials_with_an_unloadable_keyring_backend_say_so(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no_such_keyring_module.Keyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    code, _, err = cli(
        "account", "credentials", "@NorthwindHelp", user="boss", stdin=json.dumps(CREDS)
    )
    assert code == 2
    one_line_error(err)
    assert "keyring cannot be loaded" in err and "PYTHON_KEYRING_BACKEND" in err
    assert CREDS["access_token"] not in err


def test_credentials_bad_json_and_missing_keys_exit_2(
    cli: Cli, memory_keyring: MemoryKeyring
) -> None:
    for stdin in ("{not json", "[]", json.dumps({"consumer_key": "x"})):
        code, _, err = cli("account", "credentials", "@NorthwindHelp", user="boss", stdin=stdin)
        assert code == 2
        one_line_error(err)
    assert memory_keyring.entries == {}


# -- workspace and global options --------------------------------------------------------------


def test_workspace_that_is_a_file_is_named_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    code, _, err = Cli(not_a_folder, capsys)("draft", "list")
    assert code == 2
    one_line_error(err)
    assert "is a file, not a folder" in err


def test_unreadable_workspace_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    # Tests may run as root, for whom permission bits do not apply: ask os.access instead.
    monkeypatch.setattr("composer.services.workspace.os.access", lambda *_a, **_k: False)
    code, _, err = Cli(folder, capsys)("draft", "list")
    assert code == 2
    one_line_error(err)
    assert "permission denied" in err
    assert list(folder.iterdir()) == []  # nothing created in it


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_workspace_name_is_refused_not_the_current_folder(
    name: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = Cli(name, capsys)("draft", "list")  # type: ignore[arg-type]
    assert code == 2
    one_line_error(err)
    assert "name is empty" in err
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_no_workspace_is_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8")
    code, _, err = Cli(folder, capsys)("draft", "list")
    assert code == 2
    one_line_error(err)
    assert f"{folder} is not a workspace" in err and f"brand-composer init {folder}" in err
    assert [p.name for p in folder.iterdir()] == ["holiday.jpg"]  # no stray database


def test_unsearchable_workspace_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "brand-guide.yml").write_text("accounts: []\n", encoding="utf-8")
    real_is_file = Path.is_file

    def is_file(self: Path) -> bool:
        if self.name == "workspace.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_file(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    code, _, err = Cli(folder, capsys)("draft", "list")
    assert code == 2
    one_line_error(err)
    assert err == f"brand-composer: cannot read {folder / 'workspace.toml'}: Permission denied\n"


def test_user_is_refused_on_postgresql_for_db_upgrade_too(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Port 1 answers nothing: the refusal must come before any connection attempt.
    monkeypatch.setenv("BRAND_COMPOSER_DATABASE_URL", "postgresql://ann@127.0.0.1:1/brand")
    code, _, err = cli("db", "upgrade", user="ann")
    assert code == 2
    one_line_error(err)
    assert "--user is refused on PostgreSQL" in err


# -- a damaged database ------------------------------------------------------------------------


def age_backups(workspace: Path) -> None:
    """Make every backup two hours old, so that the next routine backup is due."""
    hours_ago = time.time() - 2 * 3600
    for backup in workspace.glob("composer.sqlite3.bak-*"):
        os.utime(backup, (hours_ago, hours_ago))


def test_a_damaged_database_is_never_copied_over_the_good_backups(cli: Cli) -> None:
    code, out, _ = cli(
        "draft", "new", "--account", "@NorthwindHelp", "--text", CLEAN_HELP, user="ann"
    )
    assert code == 0
    database = cli.workspace / "composer.sqlite3"
    age_backups(cli.workspace)
    assert cli("draft", "list")[0] == 0  # a routine backup that holds the draft
    good = sorted(cli.workspace.glob("composer.sqlite3.bak-*"))
    age_backups(cli.workspace)
    damaged = bytearray(database.read_bytes())
    damaged[4096 * 3 : 4096 * 12] = b"A" * (4096 * 9)  # some pages; the schema page is intact
    database.write_bytes(bytes(damaged))
    code, _, err = cli("draft", "list")
    assert code == 2
    one_line_error(err)
    assert "corrupt" in err and str(good[-1]) in err
    assert sorted(cli.workspace.glob("composer.sqlite3.bak-*")) == good  # no damaged copy
    with Store.open(f"sqlite:///{good[-1]}", upgrade=False) as restored:
        assert restored.drafts.get(int(out.strip())).text == CLEAN_HELP


def test_audit_of_an_unknown_draft_exits_2_like_draft_show(cli: Cli) -> None:
    for argv in (("audit", "--draft", "999"), ("audit", "--draft", "999", "--json")):
        code, out, err = cli(*argv)
        assert code == 2 and out == ""
        one_line_error(err)
        assert "no draft 999" in err


def test_an_os_user_without_a_name_is_asked_for_user(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nameless() -> str:  # what getpass does for a bare uid in a container
        raise KeyError("getpwuid(): uid not found: 12345")

    monkeypatch.setattr("getpass.getuser", nameless)
    code, _, err = cli("draft", "list")
    assert code == 2
    one_line_error(err)
    assert "--user NAME" in err
    code, _, err = Cli(cli.workspace.parent / "other", cli.capsys)(
        "init", str(cli.workspace.parent / "other")
    )
    assert code == 2 and "--user NAME" in err
    assert not (cli.workspace.parent / "other").exists()  # nothing half-made
    assert cli("draft", "list", user="ann")[0] == 0  # --user still works


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://ann@db/brand", "names a 'mysql' database, which is not supported"),
        ("not a url", "is not a database URL"),
    ],
)
def test_an_unsupported_database_url_is_one_clear_line(cli: Cli, url: str, says: str) -> None:
    config = cli.workspace / "workspace.toml"
    config.write_text(f'[database]\nurl = "{url}"\n', encoding="utf-8")
    code, _, err = cli("draft", "list")
    assert code == 2
    one_line_error(err)
    assert says in err and "'database.url'" in err and str(config) in err


def test_an_unsupported_database_url_from_the_environment_is_named(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRAND_COMPOSER_DATABASE_URL", "oracle://ann@db/brand")
    code, _, err = cli("draft", "list")
    assert code == 2
    one_line_error(err)
    assert "BRAND_COMPOSER_DATABASE_URL names a 'oracle' database" in err


def test_a_database_from_a_newer_version_is_refused_in_one_line(cli: Cli) -> None:
    database = cli.workspace / "composer.sqlite3"
    connection = sqlite3.connect(database)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999future'")
    connection.close()
    before = database.read_bytes()
    for argv in (("db", "upgrade"), ("draft", "list")):
        code, out, err = cli(*argv)
        assert code == 2 and out == ""
        one_line_error(err)
        assert "newer version" in err and "'9999future'" in err
    assert database.read_bytes() == before  # left as it was


def test_init_of_an_existing_workspace_does_not_claim_a_new_admin(cli: Cli) -> None:
    code, out, err = cli("init", str(cli.workspace), user="mallory")
    assert code == 0, err
    assert "mallory" not in out and "already set up with 3 user(s)" in out
    users = {u["name"] for u in cli.json("user", "list")}  # type: ignore[union-attr, index]
    assert users == {"boss", "ann", "rex"}


def test_a_closed_stdin_is_bad_usage_not_a_crash(
    cli: Cli, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", None)  # what Python gives a process started with <&-
    for argv in (
        ("draft", "new", "--account", "@NorthwindHelp", "--file", "-"),
        ("account", "credentials", "@NorthwindHelp"),
        ("import", "-", "--format", "json", "--account", "@NorthwindHelp"),
    ):
        code, _, err = cli(*argv, user="boss")
        assert code == 2
        one_line_error(err)
        assert "standard input is closed" in err
    assert memory_keyring.entries == {}
