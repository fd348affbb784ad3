"""Bad input that used to end in a traceback (issue 20, item 10), and exports that keep threads.

Every case holds ``brand-composer`` to the contract (spec/cli.md): one clear line on stderr
naming what is wrong, the contract's exit code, and never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from helpers.keyring_backend import MemoryKeyring
from test_cli_workflow import CLEAN_HELP, Cli

from composer.store.store import Store

HUGE = "12345678901234567890123456"
OTHER = "Thanks for waiting. Your replacement stakes are on their way and should arrive this week."


def one_line_error(err: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith(("usage:", " "))]
    assert len(lines) == 1, err


def approved(cli: Cli, text: str = CLEAN_HELP, account: str = "@NorthwindHelp") -> int:
    code, out, err = cli("draft", "new", "--account", account, "--text", text, user="ann")
    assert code == 0, err
    draft_id = int(out.strip())
    code, _, err = cli("draft", "submit", str(draft_id), "--reason", "checked", user="ann")
    assert code == 0, err
    code, _, err = cli("review", "approve", str(draft_id), user="rex")
    assert code == 0, err
    return draft_id


# -- numbers out of range ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("draft", "show", HUGE),
        ("draft", "edit", HUGE, "--text", "x"),
        ("draft", "submit", HUGE),
        ("review", "approve", HUGE),
        ("review", "reject", HUGE),
        ("queue", "move", HUGE, "--to", "2030-01-01T10:00"),
        ("queue", "move", "1", "--before", HUGE),
        ("queue", "retry", HUGE),
        ("audit", "--draft", HUGE),
        ("queue", "ab", "1", "2", "--spacing", "99999999999999999"),
        ("queue", "evergreen", "1", "--wording", "2", "--every", "99999999999999999"),
    ],
)
def test_huge_numbers_are_usage_errors(cli: Cli, argv: tuple[str, ...]) -> None:
    code, out, err = cli(*argv, user="boss")
    assert code == 2 and out == ""
    one_line_error(err)
    assert "must be from 1 to" in err


def test_a_draft_id_that_is_not_a_number_is_named(cli: Cli) -> None:
    code, _, err = cli("draft", "show", "seven", user="boss")
    assert code == 2 and "a draft id must be a whole number, not 'seven'" in err


@pytest.mark.parametrize(
    "when",
    ["9999-12-31T23:59", "9999-12-31T23:59-23:59", "0001-01-01T00:00+23:59", "1969-12-31T10:00Z"],
)
def test_times_out_of_range_are_usage_errors(cli: Cli, when: str) -> None:
    deals = approved(
        cli,
        "Our spring trail shoes are in stores now. Come and try a pair.",
        "@NorthwindDeals",
    )
    for argv in (
        ("queue", "move", str(deals), "--to", when),  # the account's zone: Los Angeles
        ("draft", "new", "--account", "@NorthwindHelp", "--text", CLEAN_HELP, "--at", when),
        ("publish-due", "--at", when, "--dry-run"),
    ):
        code, _, err = cli(*argv, user="boss")
        assert code == 2, (argv, err)
        one_line_error(err)
        assert f"{when!r} is out of range" in err


# -- database URLs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("garbage://x", "'garbage' database"),
        ("mysql://", "'mysql' database"),
        ("mysql://bob:hunter2@db/brand", "'mysql' database"),
        ("postgresql+asyncpg://db/brand", "'postgresql+asyncpg' database"),
        ("not a url", "not a database URL"),
    ],
)
def test_migrate_to_an_unsupported_url_is_a_usage_error(cli: Cli, url: str, named: str) -> None:
    code, _, err = cli("db", "migrate-to", url, user="boss")
    assert code == 2
    one_line_error(err)
    assert named in err and "hunter2" not in err


# -- texts and names ----------------------------------------------------------------------------


def test_a_nul_character_is_refused_where_it_comes_in(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Thanks for your patience.\nWe are on it\0 now.", encoding="utf-8")
    code, _, err = cli("draft", "new", "--account", "@NorthwindHelp", "--file", str(path))
    assert code == 2
    one_line_error(err)
    assert "NUL character (line 2, column 13)" in err and str(path) in err
    code, _, err = cli(
        "draft", "new", "--account", "@NorthwindHelp", "--file", "-", stdin="a\0b", user="ann"
    )
    assert code == 2 and "NUL" in err
    assert cli.json("draft", "list") == []
    bad = tmp_path / "plan.json"
    bad.write_text(
        json.dumps(
            [
                {"account": "@NorthwindHelp", "text": "fine"},
                {"account": "@NorthwindHelp", "text": "x\0y"},
            ]
        ),
        encoding="utf-8",
    )
    code, _, err = cli(
        "import", str(bad), "--format", "json", "--account", "@NorthwindHelp", user="ann"
    )
    assert code == 1 and "item 2: the text holds a NUL character" in err
    assert cli.json("draft", "list") == []


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("tab\tbed", "a tab"),
        ("admin\u202egnp", "right-to-left override"),
        ("eve\u2066x", "left-to-right isolate"),
        ("zero\u200bwidth", "zero width space"),
        ("new\nline", "a line break"),
    ],
)
def test_names_that_show_differently_from_what_they_are_are_refused(
    cli: Cli, name: str, what: str
) -> None:
    code, _, err = cli("user", "add", name, "--role", "author", user="boss")
    assert code == 2
    assert "Traceback" not in err and what in err
    code, _, err = cli("draft", "list", user=name)
    assert code == 2 and what in err
    names = [u["name"] for u in cli.json("user", "list")]  # type: ignore[index, union-attr]
    assert name not in names


def test_names_that_differ_only_by_case_are_one_person(cli: Cli) -> None:
    code, _, err = cli("user", "add", "ANN", "--role", "reviewer", user="boss")
    assert code == 2 and "'ann' exists" in err and "differ only by case" in err
    code, out, err = cli(
        "draft", "new", "--account", "@NorthwindHelp", "--text", CLEAN_HELP, user="Ann"
    )
    assert code == 0, err
    shown = cli.json("draft", "show", out.strip())
    assert shown["author"] == "ann"  # type: ignore[index]
    assert cli("draft", "submit", out.strip(), user="ANN")[0] == 0
    code, _, err = cli("review", "approve", out.strip(), user="ANN")
    assert code == 1 and "own draft" in err  # still the author: four eyes hold
    assert cli("review", "approve", out.strip(), user="Rex")[0] == 0
    names = [u["name"] for u in cli.json("user", "list")]  # type: ignore[index, union-attr]
    assert names.count("ann") == 1 and "ANN" not in names


# -- workspace --------------------------------------------------------------------------------


def test_init_with_an_empty_folder_name_is_refused(cli: Cli, tmp_path: Path) -> None:
    before = sorted(p.name for p in Path.cwd().iterdir())
    code, _, err = cli("init", "", user="boss")
    assert code == 2 and "DIR is empty" in err
    assert sorted(p.name for p in Path.cwd().iterdir()) == before


def test_an_empty_database_file_is_an_error_not_a_fresh_start(cli: Cli) -> None:
    draft = cli("draft", "new", "--account", "@NorthwindHelp", "--text", CLEAN_HELP, user="ann")
    assert draft[0] == 0
    database = cli.workspace / "composer.sqlite3"
    assert database.stat().st_size > 0
    database.write_bytes(b"")
    code, _, err = cli("draft", "list", user="ann")
    assert code == 2
    one_line_error(err)
    assert f"{database} is empty (0 bytes)" in err and "backup" in err
    assert database.stat().st_size == 0  # nothing was created over it
    with pytest.raises(Exception, match="empty"):
        Store.open(f"sqlite:///{database}")


def test_publish_due_without_a_keyring_exits_2(cli: Cli) -> None:
    approved(cli)
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        code, _, err = cli("publish-due", "--at", "2030-01-01T00:00Z", user="boss")
        dry, out, _ = cli("publish-due", "--at", "2030-01-01T00:00Z", "--dry-run", user="boss")
    finally:
        keyring.set_keyring(previous)
    assert code == 2
    one_line_error(err)
    assert "nothing was published: no secure keyring" in err
    assert dry == 0 and "due" in out  # a dry run reads no credentials
    assert cli.json("queue", "list")[0]["state"] == "queued"  # type: ignore[index]


# -- the last resort -----------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_and_a_log(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import composer.commands.workflow as workflow

    def broken(*_: object) -> int:
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(workflow, "_draft_list", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    code, _, err = cli("draft", "list", user="ann")
    assert code == 2
    one_line_error(err)
    assert "unexpected error (RuntimeError: a bug nobody foresaw)" in err
    log = tmp_path / "state" / "brand-voice-composer" / "log" / "cli.log"
    assert str(log) in err
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    """The same, through the installed entry point: the shell sees one line."""
    workspace = tmp_path / "ws"
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    run = [sys.executable, "-m", "composer", "--workspace", str(workspace), "--user", "boss"]
    assert subprocess.run([*run, "init", str(workspace)], env=env, check=False).returncode == 0
    for argv in (["draft", "show", HUGE], ["db", "migrate-to", "mysql://"], ["init", ""]):
        done = subprocess.run(
            [*run, *argv], env=env, capture_output=True, text=True, check=False, timeout=120
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr


# -- exports keep threads and replies ---------------------------------------------------------


def test_a_thread_and_a_reply_survive_export_and_import(
    cli: Cli, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    thread = approved(cli, f"{CLEAN_HELP}\n---\n{OTHER}\n---\n-5% for your trouble today.")
    code, out, err = cli(
        "draft",
        "new",
        "--account",
        "@NorthwindHelp",
        "--text",
        "@walker Thanks for waiting. A teammate will reply within the hour.",
        "--reply-to",
        "1790000000000000001",
        user="ann",
    )
    assert code == 0, err
    reply = int(out.strip())
    assert cli("draft", "submit", str(reply), "--reason", "checked", user="ann")[0] == 0
    assert cli("review", "approve", str(reply), user="rex")[0] == 0

    code, _, err = cli("export", "--format", "hootsuite", "--account", "@NorthwindHelp")
    assert code == 1
    assert f"draft {thread} is a thread of 3 posts" in err
    assert f"draft {reply} is a reply to post 1790000000000000001" in err
    assert "nothing was exported" in err and "Traceback" not in err

    for kind in ("json", "csv"):
        code, out, err = cli("export", "--format", kind)
        assert code == 0, err
        if kind == "csv":  # nothing a spreadsheet would run: the reply starts with '@'
            cells = [c for row in csv.reader(io.StringIO(out, newline="")) for c in row]
            assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
        path = tmp_path / f"queue.{kind}"
        path.write_text(out, encoding="utf-8")
        code, _, err = cli(
            "import", str(path), "--format", kind, "--account", "@NorthwindHelp", user="ann"
        )
        assert code == 0, err
    drafts = cli.json("draft", "list", "--state", "draft", user="ann")
    assert isinstance(drafts, list) and len(drafts) == 4
    for d in drafts:
        shown = cli.json("draft", "show", str(d["id"]), user="ann")
        assert isinstance(shown, dict)
        if shown["text"].startswith("@walker"):
            assert shown["text"].startswith("@walker Thanks")  # no quote left behind
        else:
            assert shown["text"] == f"{CLEAN_HELP}\n---\n{OTHER}\n---\n-5% for your trouble today."
    replies = [
        e
        for e in cli.json("audit", user="ann")
        if e["action"] == "reply_target"  # type: ignore[union-attr, index]
    ]
    assert len(replies) == 3  # the original and both imports
    assert all("1790000000000000001" in e["detail"] for e in replies)  # type: ignore[index]


def test_import_names_the_line_of_every_bad_value(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "account,text,scheduled_at,link,state,brand_score,findings,in_reply_to\n"
        "@NorthwindHelp,Fine text,,,,,[],\n"
        "@Nowhere,Unknown account,,,,,[],\n"
        "@NorthwindHelp,Bad reply,,,,,[],not a post\n",
        encoding="utf-8",
    )
    code, _, err = cli(
        "import", str(path), "--format", "csv", "--account", "@NorthwindHelp", user="ann"
    )
    assert code == 1 and "Traceback" not in err
    assert "line 3: " in err and "Nowhere" in err
    assert "line 4: in_reply_to" in err and "not a post" in err
    path.write_text(
        "account,text,scheduled_at,link,state,brand_score,findings\n"
        "@NorthwindHelp,Fine text,,,,,[]\n"
        "@NorthwindHelp,Too far,9999-12-31T23:59-23:59,,,,[]\n"
        "@NorthwindHelp,Deep,,,,,{deep}\n".format(deep="[" * 5000 + "]" * 5000),
        encoding="utf-8",
    )
    code, _, err = cli(
        "import", str(path), "--format", "csv", "--account", "@NorthwindHelp", user="ann"
    )
    assert code == 1 and "Traceback" not in err
    assert "line 3: scheduled_at" in err and "out of range" in err
    assert "line 4: findings are nested too deeply" in err
    hootsuite = tmp_path / "hootsuite.csv"
    hootsuite.write_text("31/12/9999 23:55,Too far\n", encoding="utf-8")
    code, _, err = cli(
        "import",
        str(hootsuite),
        "--format",
        "hootsuite",
        "--account",
        "@NorthwindDeals",
        user="ann",
    )
    assert code == 1 and "line 1: '31/12/9999 23:55' is out of range" in err
    assert cli.json("draft", "list") == []
