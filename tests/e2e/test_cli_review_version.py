"""``review approve ID --version N`` approves the text the reviewer read, or nothing; drafts with
terminal control characters are shown escaped, never obeyed."""

from __future__ import annotations

from test_cli_workflow import CLEAN_HELP, Cli

EDITED = "Thanks for your patience. We are checking your order and will reply within a day."


def submitted(cli: Cli, text: str = CLEAN_HELP) -> int:
    code, out, err = cli("draft", "new", "--account", "@NorthwindHelp", "--text", text, user="ann")
    assert code == 0, err
    draft_id = int(out.strip())
    code, _, err = cli("draft", "submit", str(draft_id), user="ann")
    assert code == 0, err
    return draft_id


def test_approve_refuses_a_text_version_that_is_not_the_current_one(cli: Cli) -> None:
    draft_id = submitted(cli)
    read = cli.json("draft", "show", str(draft_id), user="rex")
    assert read["text_version"] == 1  # type: ignore[index]
    code, _, err = cli("draft", "edit", str(draft_id), "--text", EDITED, user="ann")
    assert code == 0, err
    code, out, err = cli("review", "approve", str(draft_id), "--version", "1", user="rex")
    assert code == 1, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "you read text version 1" in err and "version 2 now" in err
    assert f"draft show {draft_id}" in err
    shown = cli.json("draft", "show", str(draft_id), user="rex")
    assert shown["state"] == "submitted" and shown["approvals"] == []  # type: ignore[index]
    # The version on screen now is approved.
    code, out, err = cli("review", "approve", str(draft_id), "--version", "2", user="rex")
    assert code == 0, err
    shown = cli.json("draft", "show", str(draft_id), user="rex")
    assert shown["approved_version"] == 2  # type: ignore[index]


def test_draft_show_and_list_escape_terminal_controls(cli: Cli) -> None:
    hostile = "Thanks for waiting\x1b[2J\x1b]0;approved\x07 we will reply\u202e today\x9b"
    code, out, err = cli(
        "draft", "new", "--account", "@NorthwindHelp", "--text", hostile, user="ann"
    )
    assert code == 0, err
    draft_id = out.strip()
    for argv in (("draft", "show", draft_id), ("draft", "list")):
        code, out, err = cli(*argv, user="ann")
        assert code == 0, err
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
        assert "\u202e" not in out
        assert "\\x1b[2J\\x1b]0;approved\\x07" in out and "\\u202e" in out and "\\x9b" in out
    # The stored text is exact: JSON carries the characters themselves.
    assert cli.json("draft", "show", draft_id, user="ann")["text"] == hostile  # type: ignore[index]
