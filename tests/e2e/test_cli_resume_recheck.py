"""``queue resume --all [--crisis-words FILE]`` re-checks the queued posts (issue 18, item 5).

Posts queued before the crisis are checked against the guide as it is now and the crisis
word list; those with findings go back to review, with the reason, before the queues run.
"""

from __future__ import annotations

from pathlib import Path

from test_cli_queue import OTHER_HELP, approved
from test_cli_workflow import Cli

THIRD = "Thanks for your patience. Your order shipped today and we will reply within the hour."


def states(cli: Cli) -> dict[int, str]:
    rows = cli.json("draft", "list", user="boss")
    assert isinstance(rows, list)
    return {int(r["id"]): str(r["state"]) for r in rows}


def test_resume_sends_back_posts_with_crisis_words_and_new_guide_errors(
    cli: Cli, tmp_path: Path
) -> None:
    clean, other, third = approved(cli), approved(cli, OTHER_HELP), approved(cli, THIRD)
    assert cli("queue", "pause", "--all", user="rex")[0] == 0
    # The guide tightens meanwhile: OTHER_HELP (89 characters) no longer fits @NorthwindHelp.
    guide = cli.workspace / "brand-guide.yml"
    text = guide.read_text(encoding="utf-8")
    assert text.count("limit: 140") == 1
    guide.write_text(text.replace("limit: 140", "limit: 88"), encoding="utf-8")
    words = tmp_path / "crisis.txt"
    words.write_text("# the incident\nshipped\nRiverside\n", encoding="utf-8")

    data = cli.json("queue", "resume", "--all", "--crisis-words", str(words), user="rex")
    assert isinstance(data, dict)
    assert data["resumed"] is True and data["checked"] == 3 and data["crisis_words"] == 2
    back = {int(d["id"]): str(d["reason"]) for d in data["sent_back"]}
    assert set(back) == {other, third}
    assert "'shipped' is on the crisis word list" in back[third]
    assert "Composer.Length" in back[other]
    assert states(cli)[clean] == "queued"
    assert states(cli)[other] == states(cli)[third] == "submitted"
    queued = cli.json("queue", "list")
    assert isinstance(queued, list) and [e["id"] for e in queued] == [clean]
    trail = cli.json("audit", "--draft", str(third), user="boss")
    assert isinstance(trail, list)
    assert trail[-1]["action"] == "send_back" and "crisis word list" in trail[-1]["detail"]


def test_resume_text_output_and_plain_resume_rechecks_too(cli: Cli) -> None:
    approved(cli)
    assert cli("queue", "pause", "--all", user="rex")[0] == 0
    code, out, err = cli("queue", "resume", "--all", user="rex")
    assert code == 0, err
    assert "re-checked 1 queued post(s); 0 sent back to review" in out
    assert "every queue resumed" in out


def test_bad_crisis_word_lists_are_one_line_usage_errors(cli: Cli, tmp_path: Path) -> None:
    assert cli("queue", "pause", "--all", user="rex")[0] == 0
    missing = tmp_path / "nope.txt"
    code, _, err = cli("queue", "resume", "--all", "--crisis-words", str(missing), user="rex")
    assert code == 2 and str(missing) in err and "cannot read" in err
    assert "Traceback" not in err
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe\x00bad")
    code, _, err = cli("queue", "resume", "--all", "--crisis-words", str(binary), user="rex")
    assert code == 2 and "not UTF-8" in err
    code, _, err = cli(
        "queue", "resume", "--account", "@NorthwindHelp", "--crisis-words", str(binary), user="rex"
    )
    assert code == 2 and "--crisis-words goes with --all" in err
    code, out, _ = cli("queue", "list")
    assert "every queue is paused" in out  # nothing was resumed by a refused command
