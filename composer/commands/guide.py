"""``brand-composer check`` and ``brand-composer guide lint`` (see spec/cli.md).

``check`` runs the local checks of the guide (style rules, vocabulary, length, tone) and, when
configured, grammar, over files or stdin. ``guide lint`` reports every problem in a guide.
Exit codes: 0 clean, 1 an error-level finding, 2 a bad guide, an unreadable file or bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.commands.base import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandFailed,
    bounded_int,
)
from composer.commands.text import decode_utf8, read_stdin
from composer.core.assessment import assess
from composer.core.checker import Checker, too_long_problem
from composer.core.errors import GuideError, KnownError
from composer.core.findings import Finding, Level
from composer.core.guide.model import Guide
from composer.core.score import WEIGHTS, ScoreExplanation, explain_report

if TYPE_CHECKING:
    from composer.services.grammar import CliGrammar
    from composer.services.spelling import CliSpelling

STDIN_NAME = "stdin"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``check`` and ``guide lint``."""
    check = subparsers.add_parser(
        "check",
        help="check drafts against the brand guide",
        description="Check drafts (files, or - for stdin) against the brand guide. One trailing "
        "newline at the end of a file is not part of the draft. Exit 1 if any finding is at "
        "level error, 2 for a bad guide or an unreadable file.",
    )
    check.add_argument("--guide", metavar="GUIDE", help="a guide YAML or a .vale.ini")
    check.add_argument(
        "--account", metavar="HANDLE", help="the account to check for, or 'all' (route check)"
    )
    check.add_argument("--format", choices=("text", "json", "line"), default="text")
    grammar = check.add_mutually_exclusive_group()
    grammar.add_argument("--no-grammar", action="store_true", help="skip grammar and spelling")
    grammar.add_argument(
        "--grammar-server", metavar="URL", help="use this LanguageTool server for this run"
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="draft files, or - for stdin")
    check.set_defaults(handler=run_check)

    guide = subparsers.add_parser("guide", help="work with the brand guide")
    guide_sub = guide.add_subparsers(dest="guide_command", metavar="COMMAND")
    guide_sub.required = True
    lint = guide_sub.add_parser(
        "lint",
        help="report every problem in a guide",
        description="Report every problem as FILE:LINE:COLUMN: message; exit 2 if any.",
    )
    lint.add_argument("guide", metavar="GUIDE", help="a guide YAML or a .vale.ini")
    lint.set_defaults(handler=run_lint)
    diff = guide_sub.add_parser(
        "diff",
        help="what a new guide would flag in past drafts and published posts",
        description="Check every past draft and published post with the workspace's guide "
        "and NEW_GUIDE; list the posts whose verdict changes (newly blocked, newly warned, "
        "no longer blocked, cleared) with counts per rule. Uses every core.",
    )
    diff.add_argument("new_guide", metavar="NEW_GUIDE", help="a guide YAML or a .vale.ini")
    diff.add_argument("--since", metavar="DATE", help="only posts changed or published since")
    diff.add_argument("--format", choices=("text", "json"), default="text")
    diff.add_argument(
        "--workers",
        type=bounded_int(1, 64, "--workers"),
        default=None,
        help="processes to use (default: one per core)",
    )
    diff.set_defaults(handler=_run_guide_diff)


def _run_guide_diff(args: argparse.Namespace) -> int:
    from composer.commands.guide_diff import run_guide_diff_command  # noqa: PLC0415
    from composer.commands.workflow import _run  # noqa: PLC0415

    return _run(run_guide_diff_command)(args)


def run_lint(args: argparse.Namespace) -> int:
    """``guide lint GUIDE``."""
    from composer.core.guide import lint_guide_with_notices  # noqa: PLC0415 - only to lint

    problems, notices = lint_guide_with_notices(args.guide)
    for notice in notices:
        sys.stderr.write(f"notice: {notice}\n")
    for problem in problems:
        sys.stdout.write(f"{problem}\n")
    if problems:
        return EXIT_USAGE
    sys.stdout.write(f"{args.guide}: OK\n")
    return EXIT_OK


def _guide_path(args: argparse.Namespace) -> str:
    if args.guide:
        return str(args.guide)
    from composer.services.workspace import resolve_workspace  # noqa: PLC0415

    return str(resolve_workspace(args.workspace).guide_path)


def _load(args: argparse.Namespace) -> Guide:
    # A guide whose files are unchanged since a run before is taken from the cache folder
    # (big Vale packages take seconds to read); problems are always the loader's own.
    from composer.services.guide_cache import load_guide_cached  # noqa: PLC0415

    try:
        guide = load_guide_cached(_guide_path(args))
    except GuideError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        raise CommandFailed(EXIT_USAGE, "the guide has problems; nothing was checked") from exc
    for notice in guide.notices:
        sys.stderr.write(f"notice: {notice}\n")
    return guide


def _read(name: str) -> str:
    if name == "-":
        text = read_stdin()
    else:
        path = Path(name)
        if path.is_dir():
            raise CommandFailed(EXIT_USAGE, f"cannot read {name}: it is a folder, not a file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise CommandFailed(EXIT_USAGE, f"cannot read {name}: {reason}") from exc
        # Decoded from bytes so that CRLF line ends stay as written: offsets then mean the
        # same for a file as for the same bytes on stdin.
        text = decode_utf8(data, name)
    # A byte-order mark is an encoding marker, not part of the draft.
    text = text.removeprefix("\ufeff")
    # The line terminator a text editor adds is not part of the draft.
    text = text[:-2] if text.endswith("\r\n") else text.removesuffix("\n")
    # A long text would take minutes (10 MB: 684 s); the window stops at the same length.
    problem = too_long_problem(text, STDIN_NAME if name == "-" else name)
    if problem:
        raise CommandFailed(EXIT_USAGE, f"{problem}: nothing was checked")
    return text


def _grammar(args: argparse.Namespace, guide: Guide) -> CliGrammar | CliSpelling | None:
    """Grammar for this run, or ``None`` when it is off.

    ``--no-grammar`` skips it and ``--grammar-server`` overrides the workspace's server.

    Raises:
        CommandFailed: exit 2, ``--grammar-server`` is not a well-formed URL.
    """
    if args.no_grammar:
        return None
    from composer.services.workspace import resolve_workspace  # noqa: PLC0415

    try:
        settings = resolve_workspace(args.workspace, create=False).grammar
    except KnownError:
        settings = None
    if args.grammar_server is None and (settings is None or settings.mode == "off"):
        # Nothing to ask and nothing to warn about: the grammar service (and the HTTP
        # client it imports) is not loaded at all.
        return None
    if args.grammar_server is None and settings is not None and settings.mode == "offline":
        # Spelling only (the default of new workspaces): no LanguageTool client to load.
        from composer.services.spelling import CliSpelling  # noqa: PLC0415

        return CliSpelling(guide.language, guide.vocabulary.accept)
    from composer.services.grammar import CliGrammar, GrammarUnavailable  # noqa: PLC0415

    try:
        return CliGrammar(
            guide_language=guide.language,
            accepted_vocabulary=guide.vocabulary.accept,
            disabled_rules=guide.lt_disabled_rules,
            disabled_categories=guide.lt_disabled_categories,
            settings=settings,
            server_url_override=args.grammar_server,
        )
    except GrammarUnavailable as problem:
        raise CommandFailed(EXIT_USAGE, f"--grammar-server: {problem}") from None


def _grammar_findings(grammar: CliGrammar | CliSpelling | None, text: str) -> list[Finding]:
    """LanguageTool findings for ``text`` (``[]`` when grammar is off); warns on stderr."""
    if grammar is None:
        return []
    findings, warning = grammar.findings(text)
    if warning:
        sys.stderr.write(f"grammar: {warning}\n")
    return findings


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def run_check(args: argparse.Namespace) -> int:
    """``check [--guide G] [--account H|all] [--format F] FILE... | -``."""
    guide = _load(args)
    grammar = _grammar(args, guide)
    try:
        return _check_files(args, guide, grammar)
    finally:
        if grammar is not None:
            grammar.close()


def _check_files(
    args: argparse.Namespace, guide: Guide, grammar: CliGrammar | CliSpelling | None
) -> int:
    checker = Checker(guide)
    route = (args.account or "").lower() == "all"
    accounts = list(guide.accounts) if route else [checker.account_for(args.account or None)]
    rows: list[dict[str, Any]] = []
    notices: list[str] = []
    scores: dict[str, list[tuple[str, float | None]]] = {}
    routes: dict[str, str] = {}
    explained: dict[tuple[str, str], ScoreExplanation] = {}
    # Every input is read (and a too-long one refused) before anything is checked.
    texts = [(name, _read(name)) for name in args.files]
    for name, text in texts:
        path = STDIN_NAME if name == "-" else name
        grammar_findings = _grammar_findings(grammar, text)
        file_rows = []
        for account in accounts:
            # Per post for a thread, spelling and grammar scored: one assessment everywhere.
            report = assess(checker, text, account, spelling=grammar_findings)
            notices.extend(f"{path}: {n}" for n in report.notices)
            scores.setdefault(path, []).append((account.handle, report.score))
            who = account.handle if route else None
            file_rows += [_row(path, text, f, who, WEIGHTS[f.level]) for f in report.findings]
            explained[(path, account.handle)] = explain_report(report)
        if route:
            routes[path] = checker.route_summary(text)
        file_rows.sort(key=lambda r: (r["start"], r["rule"], r.get("account", ""), r["end"]))
        rows.extend(file_rows)
    for notice in notices:
        sys.stderr.write(f"notice: {notice}\n")
    _write(args.format, rows, scores, routes, explained)
    failed = any(r["level"] == Level.ERROR.value for r in rows)
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _row(
    path: str, text: str, finding: Finding, account: str | None, weight: float
) -> dict[str, Any]:
    line, column = _position(text, finding.start)
    row: dict[str, Any] = {
        "path": path,
        "line": line,
        "column": column,
        "start": finding.start,
        "end": finding.end,
        "rule": finding.rule,
        "level": finding.level.value,
        "message": finding.message,
        "replacements": list(finding.replacements),
        "source": finding.source.value,
        # Every place the finding marks; the first is start/end.
        "spans": [[start, end] for start, end in finding.spans],
        # Points it takes off the brand score (see explain_score).
        "weight": _number(weight),
    }
    if account is not None:
        row["account"] = account
    return row


def _write(
    fmt: str,
    rows: Sequence[dict[str, Any]],
    scores: dict[str, list[tuple[str, float | None]]],
    routes: dict[str, str],
    explained: dict[tuple[str, str], ScoreExplanation],
) -> None:
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt == "line":
        for r in rows:
            out.write(f"{r['path']}:{r['line']}:{r['column']}:{r['rule']}:{r['message']}\n")
        return
    for path, path_scores in scores.items():
        mine = [r for r in rows if r["path"] == path]
        out.write(f"{path}\n")
        if not mine:
            out.write("  no findings\n")
        for r in mine:
            who = f" [{r['account']}]" if "account" in r else ""
            fix = f" (use: {' | '.join(r['replacements'])})" if r["replacements"] else ""
            where = f"{r['line']}:{r['column']}"
            out.write(f"  {where:<7} {r['level']:<10} {r['message']}{fix}  {r['rule']}{who}\n")
        for handle, score in path_scores:
            if score is not None:
                how = explained[(path, handle)]
                workings = (
                    f" = 100 × {how.size} / ({how.size} + {_number(how.penalty)})"
                    if how.weights
                    else ""
                )
                out.write(f"  brand score for {handle}: {score:.1f}/100{workings}\n")
        if path in routes:
            out.write(f"  route: {routes[path]}\n")
    counts = {lvl.value: sum(1 for r in rows if r["level"] == lvl.value) for lvl in Level}
    summary = ", ".join(_plural(counts[name], name) for name in ("error", "warning", "suggestion"))
    out.write(f"\n{summary} in {_plural(len(scores), 'file')}\n")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
