"""``brand-composer grammar setup``: LanguageTool for ``local`` mode, from the command line.

Checks Java, downloads LanguageTool with a progress bar (tqdm, on stderr) or takes an
existing folder or jar (``--from``), verifies the archive and writes the result into the
workspace's ``[grammar]`` table. A failed or offline download sets mode ``offline`` and says
why (exit 1); Ctrl-C cancels and installs nothing (exit 130, settings unchanged).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from composer.commands.base import EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, CommandFailed

_SubParsers = argparse._SubParsersAction


def register(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    """Add ``grammar setup``."""
    grammar = subparsers.add_parser(
        "grammar", help="set up grammar checking (LanguageTool for local mode)"
    )
    sub = grammar.add_subparsers(dest="grammar_command", metavar="COMMAND", required=True)
    setup = sub.add_parser(
        "setup",
        help="set up local mode: check Java, download LanguageTool or use an existing one",
        description="Checks that Java 17+ runs, downloads LanguageTool (about 250 MB) with a "
        "progress bar, verifies it (size, SHA-256, zip integrity) and unpacks it; or uses the "
        "LanguageTool folder or jar given with --from. On success the workspace's grammar mode "
        "becomes local; when Java is missing or the download fails it becomes offline (spelling "
        "from the built-in dictionary) and the reason is printed (exit 1).",
    )
    setup.add_argument(
        "--from",
        dest="existing",
        metavar="PATH",
        help="an unpacked LanguageTool folder or its languagetool-server.jar (no download)",
    )
    setup.add_argument("--url", metavar="URL", help="download LanguageTool from this URL instead")
    setup.add_argument(
        "--sha256", metavar="HEX", help="the archive's expected SHA-256 (known for the default URL)"
    )
    setup.add_argument(
        "--dest", metavar="DIR", help="unpack into DIR (default: the app's data folder)"
    )
    setup.set_defaults(handler=run_setup)


class _Bar:
    """A tqdm bar on stderr, opened when the size is known."""

    def __init__(self) -> None:
        self._bar: Any = None

    def __call__(self, done: int, total: int | None) -> None:
        if self._bar is None:
            from tqdm import tqdm  # noqa: PLC0415 - only while downloading

            self._bar = tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                desc="LanguageTool",
                file=sys.stderr,
                mininterval=0.2,
            )
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def run_setup(args: argparse.Namespace) -> int:
    """``grammar setup [--from PATH] [--url URL] [--sha256 HEX] [--dest DIR]``."""
    from composer.services import lt_setup  # noqa: PLC0415
    from composer.services.workspace import (  # noqa: PLC0415
        resolve_workspace,
        save_grammar_settings,
    )

    if args.existing and args.url:
        raise CommandFailed(EXIT_USAGE, "--from and --url exclude each other")
    space = resolve_workspace(args.workspace)
    bar = _Bar()
    try:
        outcome = lt_setup.setup_local(
            space.grammar,
            existing=args.existing,
            url=args.url or lt_setup.DEFAULT_URL,
            dest=Path(args.dest).expanduser() if args.dest else None,
            progress=bar,
            sha256=args.sha256,
        )
    finally:
        bar.close()
    if outcome.settings != space.grammar:
        save_grammar_settings(space.root, outcome.settings)
    if outcome.ok:
        sys.stdout.write(outcome.message + "\n")
        return EXIT_OK
    if outcome.settings == space.grammar and args.existing:
        raise CommandFailed(EXIT_USAGE, f"--from: {outcome.message}")
    raise CommandFailed(EXIT_CHECK_FAILED, outcome.message)
