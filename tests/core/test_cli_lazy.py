"""The CLI lists its commands from a table and imports a command's module only to run it.

Cold start matters for ``brand-composer count`` (issue 16): the parser is built from names
and help lines alone, so counting a text never imports the store (SQLAlchemy, Alembic),
and the twitter-text patterns are compiled on first use, not at import.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from composer import cli
from composer.core.text import patterns


def _listing(parser: argparse.ArgumentParser) -> list[tuple[str, str | None]]:
    """(command, help line) in the order ``--help`` shows them."""
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [(action.dest, action.help) for action in subparsers._get_subactions()]


def _eager_parser() -> argparse.ArgumentParser:
    """The parser as every module registers it, with all modules imported up front."""
    parser = argparse.ArgumentParser(prog="brand-composer")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in (
        "text",
        "guide",
        "workspace",
        "workflow",
        "queue",
        "exchange",
        "grammar",
        "inbox",
        "metrics",
    ):
        importlib.import_module(f"composer.commands.{name}").register(subparsers)
    return parser


def test_the_table_lists_what_the_modules_register() -> None:
    assert _listing(cli.build_parser()) == _listing(_eager_parser())


def test_every_command_is_built_in_full_by_its_module() -> None:
    parser = cli.build_parser()
    cli.load_all_commands(parser)
    assert _listing(parser) == _listing(_eager_parser())
    eager = _eager_parser()
    eager_sub = next(a for a in eager._actions if isinstance(a, argparse._SubParsersAction))
    lazy_sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, built in lazy_sub.choices.items():
        assert built.format_help().replace("brand-composer", "") == eager_sub.choices[
            name
        ].format_help().replace("brand-composer", "")


@pytest.mark.parametrize(
    ("argv", "command", "attribute"),
    [
        (["count", "--json", "hi"], "count", "json"),
        (["check", "--format", "json", "x.txt"], "check", "format"),
        (["queue", "list"], "queue", "queue_command"),
        (["publish-due"], "publish-due", "handler"),
        (["draft", "list"], "draft", "draft_command"),
    ],
)
def test_a_chosen_command_parses_with_its_full_parser(
    argv: list[str], command: str, attribute: str
) -> None:
    args = cli.build_parser().parse_args(argv)
    assert args.command == command
    assert hasattr(args, attribute)
    assert callable(args.handler)


def test_sub_command_help_is_built_on_demand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["queue", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: brand-composer queue")
    assert "history" in out


def _modules_after(code: str) -> dict[str, bool]:
    probe = (
        "import json, sys\n"
        f"{code}\n"
        "from composer.core.text import patterns as p\n"
        "print(json.dumps({'sqlalchemy': 'sqlalchemy' in sys.modules,"
        " 'alembic': 'alembic' in sys.modules,"
        " 'url_pattern_compiled': 'EXTRACT_URL' in vars(p)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    result: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_count_loads_neither_the_store_nor_the_url_patterns() -> None:
    seen = _modules_after("from composer.cli import main\nmain(['count', 'hello world'])")
    assert seen == {"sqlalchemy": False, "alembic": False, "url_pattern_compiled": False}


def test_counting_a_url_compiles_the_url_pattern_on_first_use() -> None:
    seen = _modules_after("from composer.cli import main\nmain(['count', 'see example.com'])")
    assert seen == {"sqlalchemy": False, "alembic": False, "url_pattern_compiled": True}


def test_lazy_patterns_are_the_generated_sources() -> None:
    for attribute, name in {**patterns._RE_ATTRIBUTES, **patterns._REGEX_ATTRIBUTES}.items():
        assert getattr(patterns, attribute).pattern == patterns.SOURCES[name]
    with pytest.raises(AttributeError, match="NO_SUCH_PATTERN"):
        patterns.NO_SUCH_PATTERN  # noqa: B018 - the lookup is what is tested
