"""``brand-composer``: the headless face of the core and the store (see docs and spec/cli.md).

Each area registers its sub-commands from a module in ``composer.commands``; this module
builds the parser, runs the chosen handler and turns known errors into one clear line on
stderr with the contract's exit codes (0 ok, 1 the command's own check failed, 2 bad usage,
bad guide, unreachable workspace). A user never sees a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from composer import __version__
from composer.commands.base import EXIT_USAGE, CommandFailed
from composer.core.errors import KnownError

# Modules in composer.commands that provide ``register(subparsers)``; each is optional so
# that an area can be developed without breaking the others.
_COMMAND_MODULES = ("text", "guide", "workspace", "workflow", "queue", "exchange")


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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(f"composer.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"composer.commands.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; without a command, start the desktop app. Returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from composer.ui.app import run  # noqa: PLC0415 - Qt loads only for the GUI

        return run(workspace=args.workspace)
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
    return result
