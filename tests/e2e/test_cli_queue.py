"""Queues through ``brand-composer``: approval queues, list, pause/resume, move, publish-due
against the fake X API with credentials from the keyring, export and import."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.fake_x_api import FakeXApi, running_fake_x_api
from helpers.keyring_backend import MemoryKeyring
from test_cli_workflow import CLEAN_HELP, Cli

CREDS = {
    "consumer_key": "ck-SECRET-aaaa",
    "consumer_secret": "cs-SECRET-bbbb",
    "access_token": "at-SECRET-cccc",
    "access_token_secret": "ats-SECRET-dddd",
}
OTHER_HELP = (
    "Thanks for waiting. Your replacement stakes are on their way and should arrive this week."
)


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeXApi]:
    with running_fake_x_api(
        (
            CREDS["consumer_key"],
            CREDS["consumer_secret"],
            CREDS["access_token"],
            CREDS["access_token_secret"],
        )
    ) as server:
        monkeypatch.setenv("BRAND_COMPOSER_X_API_URL", server.url)
        yield server


def approved(cli: Cli, text: str = CLEAN_HELP, account: str = "@NorthwindHelp") -> int:
    code, out, err = cli("draft", "new", "--account", account, "--text", text, user="ann")
    assert code == 0, err
    draft_id = int(out.strip())
    assert cli("draft", "submit", str(draft_id), user="ann")[0] == 0
    code, out, err = cli("review", "approve", str(draft_id), user="rex")
    assert code == 0, err
    assert "queued for" in out
    return draft_id


def queue(cli: Cli, *extra: str) -> list[dict[str, object]]:
    data = cli.json("queue", "list", *extra)
    assert isinstance(data, list)
    return data


def test_approval_queues_at_the_next_slot_in_the_account_zone(cli: Cli) -> None:
    first, second = approved(cli), approved(cli, OTHER_HELP)
    entries = queue(cli)
    assert [e["id"] for e in entries] == [first, second]
    for entry in entries:
        assert entry["state"] == "queued" and entry["timezone"] == "Europe/London"
        local = datetime.fromisoformat(str(entry["scheduled_local"]))
        assert (local.hour, local.minute) in {(9, 0), (13, 0), (10, 0)}  # the guide's slots
        utc = datetime.fromisoformat(str(entry["scheduled_at"]).replace("Z", "+00:00"))
        assert utc == local and utc > datetime.now(UTC)
    assert queue(cli, "--account", "@NorthwindDeals") == []
    code, out, _ = cli("queue", "list")
    assert code == 0 and f"{first}\t@NorthwindHelp" in out
    assert "GMT" in out or "BST" in out


def test_crisis_switch_pauses_everything_and_publish_due_sends_nothing(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    assert (
        cli("account", "credentials", "@NorthwindHelp", user="boss", stdin=json.dumps(CREDS))[0]
        == 0
    )
    draft_id = approved(cli)
    code, _, err = cli("queue", "pause", "--all", user="ann")
    assert code == 1 and "reviewers and admins" in err
    assert cli("queue", "pause", "--all", user="boss")[0] == 0
    assert all(e["paused"] for e in queue(cli))
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    assert cli.json("publish-due", "--at", later) == []
    assert api.texts() == []
    assert cli("queue", "resume", "--all", user="boss")[0] == 0
    results = cli.json("publish-due", "--at", later)
    assert results == [
        {
            "draft": draft_id,
            "account": "@NorthwindHelp",
            "state": "published",
            "post_id": api.posts[0].id,
            "error": None,
        }
    ]
    shown = cli.json("draft", "show", str(draft_id))
    assert shown["state"] == "published" and shown["post_id"] == api.posts[0].id  # type: ignore[index]
    assert cli.json("publish-due", "--at", later) == []  # once
    assert api.texts() == [CLEAN_HELP]
    blob = "".join(cli.transcript) + json.dumps(cli.json("audit"))
    assert not any(secret in blob for secret in CREDS.values())


def test_pause_one_account(cli: Cli) -> None:
    approved(cli)
    assert cli("queue", "pause", "--account", "@NorthwindHelp", user="rex")[0] == 0
    assert all(e["paused"] for e in queue(cli))
    code, _, err = cli("queue", "pause", user="rex")
    assert code == 2 and "--account" in err
    assert cli("queue", "resume", "--account", "@NorthwindHelp", user="rex")[0] == 0
    assert not any(e["paused"] for e in queue(cli))


def test_move_to_a_time_and_before_another(cli: Cli) -> None:
    first, second = approved(cli), approved(cli, OTHER_HELP)
    target = (datetime.now(UTC) + timedelta(days=3)).date()
    code, _, err = cli("queue", "move", str(first), "--to", f"{target}T15:45", user="rex")
    assert code == 0, err
    entries = queue(cli)
    assert [e["id"] for e in entries] == [second, first]
    moved = entries[1]
    assert moved["pinned"] is True
    local = datetime.fromisoformat(str(moved["scheduled_local"]))
    assert (local.date(), local.hour, local.minute) == (target, 15, 45)  # London wall clock
    code, _, err = cli("queue", "move", str(first), "--before", str(second), user="rex")
    assert code == 0, err
    assert [e["id"] for e in queue(cli)] == [first, second]
    code, _, err = cli("queue", "move", str(first), "--to", "2020-01-01T10:00Z", user="rex")
    assert code == 1 and "has passed" in err
    code, _, err = cli("queue", "move", str(first), "--to", "next tuesday", user="rex")
    assert code == 2 and "ISO 8601" in err


def test_publish_due_dry_run_and_missing_credentials(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    draft_id = approved(cli)
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    dry = cli.json("publish-due", "--at", later, "--dry-run")
    assert [(d["draft"], d["state"]) for d in dry] == [(draft_id, "due")]  # type: ignore[index, union-attr]
    code, out, _ = cli("publish-due", "--at", later, "--json")
    assert code == 1
    (result,) = json.loads(out)
    assert result["state"] == "queued" and "account credentials @NorthwindHelp" in result["error"]
    assert api.texts() == []


def test_export_hootsuite_csv_json_and_reimport(cli: Cli, tmp_path: Path) -> None:
    approved(cli)
    approved(cli, OTHER_HELP)
    code, out, err = cli("export", "--format", "hootsuite", "--account", "@NorthwindHelp")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert [r[1] for r in rows] == [CLEAN_HELP, OTHER_HELP]
    datetime.strptime(rows[0][0], "%d/%m/%Y %H:%M")
    code, out, _ = cli("export", "--format", "json")
    exported = json.loads(out)
    assert [r["state"] for r in exported] == ["queued", "queued"]
    assert all(isinstance(r["brand_score"], float) for r in exported)
    path = tmp_path / "queue.json"
    path.write_text(out, encoding="utf-8")
    code, out, err = cli(
        "import", str(path), "--format", "json", "--account", "@NorthwindHelp", user="ann"
    )
    assert code == 0, err
    assert "imported 2 draft(s)" in out
    drafts = cli.json("draft", "list", "--state", "draft")
    assert sorted(d["text"] for d in drafts) == sorted([CLEAN_HELP, OTHER_HELP])  # type: ignore[index, union-attr]
    assert all(d["author"] == "ann" for d in drafts)  # type: ignore[index, union-attr]
    code, out, _ = cli("export", "--format", "csv", "--state", "draft")
    assert code == 0 and out.startswith('"account","text","scheduled_at"')


def test_import_is_all_or_nothing_with_line_numbers(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Message;When;Link\n"
        "Trail report: the ridge path is open again;2026-12-03 10:00;https://example.com/ridge\n"
        ";2026-12-03 11:00;\n"
        "Winter hours start Monday;someday;\n",
        encoding="utf-8",
    )
    code, _, err = cli(
        "import",
        str(path),
        "--format",
        "csv",
        "--map",
        "Message=text",
        "--map",
        "When=time",
        "--map",
        "Link=link",
        "--account",
        "@NorthwindHelp",
        user="ann",
    )
    assert code == 1
    assert "nothing was imported" in err and "line 3" in err and "line 4" in err
    assert cli.json("draft", "list") == []
    path.write_text(
        "Message;When;Link\n"
        "Trail report: the ridge path is open again;2026-12-03 10:00;https://example.com/ridge\n",
        encoding="utf-8",
    )
    code, _out, err = cli(
        "import",
        str(path),
        "--format",
        "csv",
        "--map",
        "Message=text",
        "--map",
        "When=time",
        "--map",
        "Link=link",
        "--account",
        "@NorthwindHelp",
        user="ann",
    )
    assert code == 0, err
    (draft,) = cli.json("draft", "list")  # type: ignore[misc]
    assert draft["text"] == "Trail report: the ridge path is open again https://example.com/ridge"
    assert draft["state"] == "draft" and draft["scheduled_at"].startswith("2026-12-03T10:00")
    code, _, err = cli(
        "import",
        str(path),
        "--format",
        "csv",
        "--map",
        "Message=body",
        "--account",
        "@NorthwindHelp",
        user="ann",
    )
    assert code == 2 and "not a field" in err


def test_thread_and_reply_go_out_as_one_unit(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    creds = json.dumps(CREDS)
    assert cli("account", "credentials", "@NorthwindHelp", user="boss", stdin=creds)[0] == 0
    thread = f"{CLEAN_HELP}\n---\n{OTHER_HELP}"
    code, out, err = cli(
        "draft", "new", "--account", "@NorthwindHelp", "--text", thread, user="ann"
    )
    assert code == 0, err
    thread_id = int(out.strip())
    question = api.store("Where is my order?", None)
    code, out, err = cli(
        "draft",
        "new",
        "--account",
        "@NorthwindHelp",
        "--text",
        "Thanks for waiting. A teammate will reply within the hour.",
        "--reply-to",
        f"https://x.com/someone/status/{question.id}?s=20",
        user="ann",
    )
    assert code == 0, err
    reply_id = int(out.strip())
    for draft_id in (thread_id, reply_id):
        assert cli("draft", "submit", str(draft_id), user="ann")[0] == 0
        assert cli("review", "approve", str(draft_id), user="rex")[0] == 0
    entries = {e["id"]: e for e in queue(cli)}
    assert entries[thread_id]["thread_parts"] == [CLEAN_HELP, OTHER_HELP]
    assert entries[reply_id]["in_reply_to"] == question.id
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    results = cli.json("publish-due", "--at", later)
    assert [r["state"] for r in results] == ["published", "published"]  # type: ignore[index, union-attr]
    by_text = {p.text: p for p in api.posts}
    assert by_text[OTHER_HELP].in_reply_to == by_text[CLEAN_HELP].id
    assert (
        by_text["Thanks for waiting. A teammate will reply within the hour."].in_reply_to
        == question.id
    )
    code, _, err = cli(
        "draft",
        "new",
        "--account",
        "@NorthwindHelp",
        "--text",
        "x",
        "--reply-to",
        "not a post",
        user="ann",
    )
    assert code == 2 and "not an X post" in err


def test_ab_pair_evergreen_and_shuffle_from_the_command_line(cli: Cli) -> None:
    def approved_only(text: str) -> int:
        code, out, err = cli(
            "draft", "new", "--account", "@NorthwindHelp", "--text", text, user="ann"
        )
        assert code == 0, err
        draft_id = int(out.strip())
        assert cli("draft", "submit", str(draft_id), user="ann")[0] == 0
        assert cli("review", "approve", str(draft_id), user="rex")[0] == 0
        assert cli("queue", "remove", str(draft_id), user="rex")[0] == 0  # back to approved
        return draft_id

    a = approved_only(CLEAN_HELP)
    b = approved_only(OTHER_HELP)
    code, _, err = cli("queue", "ab", str(a), str(b), "--spacing", "240", user="rex")
    assert code == 0, err
    (pair,) = cli.json("queue", "variants")  # type: ignore[misc]
    assert (pair["A"]["id"], pair["B"]["id"]) == (a, b)
    first = datetime.fromisoformat(pair["A"]["scheduled_at"].replace("Z", "+00:00"))
    second = datetime.fromisoformat(pair["B"]["scheduled_at"].replace("Z", "+00:00"))
    assert second - first >= timedelta(minutes=240)
    wording = approved_only(
        "Thanks for your patience. A teammate is checking your order right now."
    )
    code, _, err = cli(
        "queue", "evergreen", str(a), "--wording", str(wording), "--every", "3", user="rex"
    )
    assert code == 0, err
    shown = {e["id"]: e for e in queue(cli)}
    repost = datetime.fromisoformat(str(shown[wording]["scheduled_at"]).replace("Z", "+00:00"))
    assert repost - first >= timedelta(days=3)
    code, _, err = cli("queue", "shuffle", "--account", "@NorthwindHelp", "--seed", "3", user="rex")
    assert code == 0, err
    assert sorted(e["id"] for e in queue(cli)) == sorted([a, b, wording])


def test_a_long_rate_limit_gives_the_post_back_and_queue_list_says_until_when(
    cli: Cli, api: FakeXApi, memory_keyring: MemoryKeyring
) -> None:
    creds = json.dumps(CREDS)
    assert cli("account", "credentials", "@NorthwindHelp", user="boss", stdin=creds)[0] == 0
    draft_id = approved(cli)
    later = (datetime.now(UTC) + timedelta(days=20)).isoformat()
    api.add_429(630)  # X's reset is later than a run may hold its lease
    code, out, _ = cli("publish-due", "--at", later, "--json")
    assert code == 1  # it did not go out (yet)
    (result,) = json.loads(out)
    assert result["state"] == "queued" and "X's rate limit was reached" in result["error"]
    assert api.texts() == []
    (entry,) = queue(cli)
    until = datetime.fromisoformat(str(entry["not_before"]))
    assert timedelta(seconds=600) < until - datetime.now(UTC) <= timedelta(seconds=630)
    assert "waits in the queue" in str(entry["last_error"])
    code, out, _ = cli("queue", "list")
    assert f"[X rate limit: waits until {until:%H:%M:%S} UTC]" in out
    # Until X's reset the account's posts are not even tried.
    code, out, _ = cli("publish-due", "--at", later)
    assert (code, out) == (0, "nothing is due\n")
    assert [m for m, _ in api.requests].count("POST") == 1
    assert draft_id == entry["id"]
