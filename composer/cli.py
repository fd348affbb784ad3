"""``brand-composer``: the headless face of the core and the store (see docs and spec/cli.md).

Each area registers its sub-commands from a module in ``composer.commands``; this module
lists the commands from names and help alone, imports the module of the command that runs
(so ``count`` never loads the store), runs the chosen handler and turns known errors into
one clear line on stderr with the contract's exit codes (0 ok, 1 the command's own check
failed, 2 bad usage, bad guide, unreachable workspace). A user never sees a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any, Final

from composer import __version__
from composer.commands.base import EXIT_USAGE, CommandFailed
from composer.core.errors import KnownError

# Every command, the module in composer.commands whose ``register(subparsers)`` adds it,
# and its help line, in the order ``--help`` lists them. The top-level parser is built
# from this table alone; a command's module is imported only when that command runs,
# because importing them all costs more than most commands (the store pulls in
# SQLAlchemy and Alembic). tests/core/test_cli_lazy.py keeps the table equal to what the
# modules register.
_COMMANDS: Final = (
    (
        "count",
        "text",
        "count a text's weighted length (exit 1 when it is over the limit or invalid)",
    ),
    ("check", "guide", "check drafts against the brand guide"),
    ("guide", "guide", "work with the brand guide"),
    ("init", "workspace", "create a workspace (SQLite) with the example guide"),
    ("db", "workspace", "the workspace's database"),
    ("user", "workflow", "people and their roles per account"),
    ("account", "workflow", "the brand's accounts"),
    ("draft", "workflow", "write and submit drafts"),
    ("review", "workflow", "approve, request changes or reject"),
    ("audit", "workflow", "the audit trail"),
    ("queue", "queue", "the accounts' posting queues"),
    (
        "publish-due",
        "queue",
        "publish every queued post whose time has come (for cron or a systemd timer)",
    ),
    ("export", "exchange", "write the queue as Hootsuite bulk CSV, or our own CSV/JSON"),
    ("import", "exchange", "turn a CSV/JSON file of texts into drafts for review"),
    ("grammar", "grammar", "set up grammar checking (LanguageTool for local mode)"),
    ("inbox", "inbox", "the accounts' mentions: fetch, triage, route, reply, response times"),
    ("metrics", "metrics", "published posts' results read back from X"),
)


class _LazySubParsers(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-commands listed from :data:`_COMMANDS`, each built by its module when chosen.

    Every command starts as an empty placeholder parser carrying only its help line. When
    argparse selects a command, the placeholders of that command's module are dropped and
    the module registers the real parsers; the help listing keeps the table's lines.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401 - argparse's own arguments
        super().__init__(*args, **kwargs)
        self._placeholders: set[str] = set()
        for name, _, text in _COMMANDS:
            self.add_parser(name, help=text)
            self._placeholders.add(name)

    def load(self, module_name: str) -> None:
        """Import ``composer.commands.<module_name>`` and let it register its commands."""
        names = [name for name, module, _ in _COMMANDS if module == module_name]
        if not self._placeholders.intersection(names):
            return
        listing = list(self._choices_actions)
        for name in names:
            self._placeholders.discard(name)
            del self._name_parser_map[name]
        module = importlib.import_module(f"composer.commands.{module_name}")
        module.register(self)
        self._choices_actions[:] = listing

    def load_all(self) -> None:
        """Build every command's full parser now."""
        for module_name in dict.fromkeys(module for _, module, _ in _COMMANDS):
            self.load(module_name)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        """Build the chosen command's parser, then let argparse parse with it."""
        if isinstance(values, list) and values:
            module_name = _MODULE_OF.get(str(values[0]))
            if module_name is not None:
                self.load(module_name)
        super().__call__(parser, namespace, values, option_string)


_MODULE_OF: Final = {name: module for name, module, _ in _COMMANDS}


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors exit with code 2 and one clear line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    """The full ``brand-composer`` parser."""
    parser = _Parser(
        prog="brand-composer",
        description="Brand Voice Composer: draft, check, review and schedule brand tweets. "
        "Without a command, the desktop app starts.",
    )
    parser.add_argument("--version", action="version", version=f"brand-composer {__version__}")
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help="workspace folder (default: BRAND_COMPOSER_WORKSPACE or the platform data folder)",
    )
    parser.add_argument("--user", metavar="NAME", help="who acts (SQLite workspaces only)")
    parser.register("action", "lazy_parsers", _LazySubParsers)
    parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, action="lazy_parsers"
    )
    return parser


def load_all_commands(parser: argparse.ArgumentParser) -> None:
    """Build every command's full parser of ``parser`` now (for tests and tools)."""
    for action in parser._actions:
        if isinstance(action, _LazySubParsers):
            action.load_all()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; without a command, start the desktop app. Returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from composer.ui.app import run  # noqa: PLC0415 - Qt loads only for the GUI

        return run(workspace=args.workspace, user=args.user)
    return _handle(args)


def _handle(args: argparse.Namespace) -> int:
    """Run the chosen command; every error becomes one line on stderr and an exit code."""
    try:
        result: int = args.handler(args)
    except CommandFailed as exc:
        if exc.message:
            sys.stderr.write(f"brand-composer: {exc.message}\n")
        return exc.code
    except KnownError as exc:
        sys.stderr.write(f"brand-composer: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last resort: a bug, never a traceback
        sys.stderr.write(f"brand-composer: {_log_bug(exc)}\n")
        return EXIT_USAGE
    return result


def _log_bug(exc: Exception) -> str:
    """Write ``exc``'s traceback to the error log; return one line saying what and where."""
    import traceback  # noqa: PLC0415 - only on the way out of a bug
    from datetime import UTC, datetime  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    import platformdirs  # noqa: PLC0415

    summary = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    if len(summary) > 200:
        summary = summary[:197] + "..."
    path = Path(platformdirs.user_log_dir("brand-voice-composer", appauthor=False)) / "cli.log"
    details = "".join(traceback.format_exception(exc))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {datetime.now(UTC).isoformat()} {' '.join(sys.argv)}\n{details}")
    except OSError as error:
        where = f"the details could not be written to {path}: {error.strerror}"
    else:
        where = f"details in {path}"
    return f"unexpected error ({summary}); {where}; please report it"
