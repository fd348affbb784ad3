"""Texts past the check limit are refused by every command that checks them (issue 20, item 9).

A 10 MB text kept ``check`` busy for 684 s and 1 MB for 10 s; ``draft new --file`` and
``import`` paid the same. The command line now stops at the window's limit,
``MAX_CHECKED_CHARS`` (one constant in the core), with one line naming the text and exit 2
(a bad row in ``import``: exit 1 and its line, as for any bad row).
"""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_workflow import Cli

from composer.core import checker
from composer.core.checker import MAX_CHECKED_CHARS
from composer.ui.editor import check_controller

LIMIT = f"a check runs on at most {MAX_CHECKED_CHARS:,} (a post is far shorter)"


def _text(length: int) -> str:
    """Words up to exactly ``length`` characters."""
    return ("Trail boots for every season. " * (length // 30 + 1))[:length]


def test_the_window_and_the_command_line_share_one_limit() -> None:
    assert MAX_CHECKED_CHARS == 20_000
    # The window's live check asks the core, as the commands do: one constant, one test.
    assert check_controller.too_long_to_check is checker.too_long_to_check
    assert not hasattr(check_controller, "MAX_CHECKED_CHARS")
    assert checker.too_long_to_check(_text(MAX_CHECKED_CHARS + 1))
    assert not checker.too_long_to_check(_text(MAX_CHECKED_CHARS))


def test_check_refuses_a_long_file_or_stdin_and_checks_nothing(cli: Cli, tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("Our Trailpro boots.\n", encoding="utf-8")
    huge = tmp_path / "huge.txt"
    huge.write_text(_text(1_000_000) + "\n", encoding="utf-8")
    code, out, err = cli("check", "--no-grammar", str(short), str(huge))
    assert code == 2
    assert out == ""  # not even the short file: every input is read before any check
    assert err == (
        f"brand-composer: {huge} has 1,000,000 characters; {LIMIT}: nothing was checked\n"
    )
    code, out, err = cli("check", "--no-grammar", "-", stdin=_text(MAX_CHECKED_CHARS + 1))
    assert (code, out) == (2, "")
    assert err == f"brand-composer: stdin has 20,001 characters; {LIMIT}: nothing was checked\n"
    # At the limit the text is checked (the trailing newline is not part of the draft).
    at_limit = tmp_path / "at-limit.txt"
    at_limit.write_text(_text(MAX_CHECKED_CHARS) + "\n", encoding="utf-8")
    code, out, err = cli("check", "--no-grammar", "--format", "json", str(at_limit))
    assert code in (0, 1), err
    assert isinstance(json.loads(out), list)


def test_draft_new_and_edit_refuse_a_long_text_from_any_source(cli: Cli, tmp_path: Path) -> None:
    long_text = _text(100_000)
    path = tmp_path / "long.txt"
    path.write_text(long_text + "\n", encoding="utf-8")
    sources: list[tuple[tuple[str, ...], str | None, str]] = [
        (("--file", str(path)), None, str(path)),
        (("--file", "-"), long_text + "\n", "stdin"),
        (("--text", long_text), None, "--text"),
    ]
    for source, stdin, shown in sources:
        code, out, err = cli(
            "draft", "new", "--account", "@NorthwindHelp", *source, user="ann", stdin=stdin
        )
        assert (code, out) == (2, ""), err
        assert err == (
            f"brand-composer: the draft's text ({shown}) has 100,000 characters; {LIMIT}: "
            "nothing was saved\n"
        )
    assert cli.json("draft", "list", user="ann") == []

    code, out, err = cli("draft", "new", "--account", "@NorthwindHelp", "--text", "Hi!", user="ann")
    assert code == 0, err
    draft = out.strip()
    for source, stdin, shown in sources:
        code, _, err = cli("draft", "edit", draft, *source, user="ann", stdin=stdin)
        assert code == 2
        assert f"the draft's text ({shown}) has 100,000 characters; {LIMIT}" in err
    shown_draft = cli.json("draft", "show", draft, user="ann")
    assert isinstance(shown_draft, dict)
    assert (shown_draft["text"], shown_draft["version"]) == ("Hi!", 1)


def test_import_names_the_row_of_a_long_text_and_imports_nothing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "account,text,scheduled_at,link,state,brand_score,findings\n"
        "@NorthwindHelp,A fine short post.,,,,,[]\n"
        f"@NorthwindHelp,{_text(MAX_CHECKED_CHARS + 1)},,,,,[]\n"
        f"@NorthwindHelp,{_text(MAX_CHECKED_CHARS)},,,,,[]\n",
        encoding="utf-8",
    )
    code, out, err = cli(
        "import", str(path), "--format", "csv", "--account", "@NorthwindHelp", user="ann"
    )
    assert (code, out) == (1, "")
    assert f"line 3: the text has 20,001 characters; {LIMIT}" in err
    assert "line 2" not in err and "line 4" not in err
    assert "Traceback" not in err
    assert cli.json("draft", "list", user="ann") == []

    items = [{"account": "@NorthwindHelp", "text": t} for t in ("Fine.", _text(25_000))]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    code, _, err = cli(
        "import", str(path), "--format", "json", "--account", "@NorthwindHelp", user="ann"
    )
    assert code == 1
    assert f"item 2: the text has 25,000 characters; {LIMIT}" in err
    assert cli.json("draft", "list", user="ann") == []
