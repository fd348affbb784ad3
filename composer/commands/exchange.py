"""``export`` and ``import``: the queue in the files other suites read, and texts back in.

Exports go to stdout, or to ``--output FILE`` (Hootsuite files hold at most 350 rows; a larger
export is split into ``FILE``, ``FILE-2``... and needs ``--output``). Imports are all or
nothing: every bad row is listed by line number and no draft is created; imported texts become
drafts of the acting user, checked like any other, never queued directly.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from composer.commands.base import EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, CommandFailed
from composer.commands.workflow import Context, _emit, _run
from composer.core.entry import nul_problem
from composer.core.errors import ConfigError
from composer.core.workflow import State
from composer.services.exchange import (
    HOOTSUITE_DATE_FORMATS,
    MAPPABLE_FIELDS,
    ExchangeError,
    ExchangeRow,
    export_csv,
    export_hootsuite,
    export_json,
    import_csv,
    import_hootsuite,
    import_json,
    import_mapped,
    row_from_draft,
)
from composer.store.records import DraftRecord, finding_to_json

_SubParsers = argparse._SubParsersAction
FORMATS = ("hootsuite", "csv", "json")
_STATES = [s.value for s in State]
_DEFAULT_DATE_FORMAT = "dd/mm/yyyy hh:mm"


def _row(context: Context, record: DraftRecord) -> ExchangeRow:
    from composer.core.assessment import assess, spelling_of  # noqa: PLC0415

    full = context.store.drafts.get(record.id)
    score: float | None = None
    findings = full.findings
    try:
        account = context.guide.account(record.account)
    except ConfigError:  # an account since removed from the guide: no limit to score against
        pass
    else:
        # The same findings and score as the window, the Drafts list and ``check``.
        report = assess(context.checker, full.text, account, spelling=spelling_of(full.findings))
        score, findings = report.score, report.findings
    # Every field of the draft travels; the text keeps its '---' lines, so a thread read back
    # is a thread again, and the reply target goes with it (issue 20).
    return replace(
        row_from_draft(full, brand_score=score),
        findings=tuple(finding_to_json(f) for f in findings),
    )


def _export(context: Context, args: argparse.Namespace) -> int:
    handle = context.handle(args.account) if args.account else None
    states = [State(args.state)] if args.state else [State.QUEUED]
    records = [r for r in context.store.drafts.list(account=handle) if r.state in states]
    records.sort(key=lambda r: (r.scheduled_at is None, r.scheduled_at, r.id))
    rows = [_row(context, r) for r in records]
    if args.format == "json":
        _write([export_json(rows)], args.output)
    elif args.format == "csv":
        _write([export_csv(rows)], args.output)
    else:
        accounts = sorted({r.account for r in rows})
        if len(accounts) > 1:
            raise CommandFailed(
                EXIT_USAGE,
                "a Hootsuite file takes one profile: give --account (the queue holds posts "
                f"for {', '.join(accounts)})",
            )
        from composer.services.queueing import zone_of  # noqa: PLC0415

        zone = str(zone_of(context.guide, handle or (accounts[0] if accounts else "")))
        files = export_hootsuite(
            rows, tz=args.timezone or zone, date_format=args.date_format, now=context.now
        )
        if len(files) > 1 and not args.output:
            raise CommandFailed(
                EXIT_USAGE,
                f"{len(rows)} posts need {len(files)} Hootsuite files (350 rows each): "
                "give --output FILE to write them",
            )
        _write(files, args.output)
    return EXIT_OK


def _write(files: list[str], output: str | None) -> None:
    if not output:
        sys.stdout.write(files[0] if files else "")
        return
    base = Path(output)
    written = []
    for number, content in enumerate(files or [""], start=1):
        path = base if number == 1 else base.with_name(f"{base.stem}-{number}{base.suffix}")
        try:
            path.write_text(content, encoding="utf-8", newline="")
        except OSError as exc:
            raise CommandFailed(EXIT_USAGE, f"cannot write {path}: {exc.strerror}") from exc
        written.append(str(path))
    sys.stderr.write(f"wrote {', '.join(written)}\n")


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise CommandFailed(
                EXIT_USAGE, f"--map {pair!r}: write COLUMN=FIELD, e.g. Message=text"
            )
        if field not in MAPPABLE_FIELDS:
            raise CommandFailed(
                EXIT_USAGE,
                f"--map {pair!r}: {field!r} is not a field; "
                f"fields are {', '.join(MAPPABLE_FIELDS)}",
            )
        if field in mapping:
            raise CommandFailed(EXIT_USAGE, f"--map names two columns for {field!r}")
        mapping[field] = column.strip()
    return mapping


def _read(path: str) -> str:
    if path == "-" and sys.stdin is None:
        raise CommandFailed(EXIT_USAGE, "standard input is closed: nothing to import")
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CommandFailed(EXIT_USAGE, f"cannot read {path}: {exc.strerror}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandFailed(
            EXIT_USAGE,
            f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8 and import again",
        ) from exc


def _date_formats(kind: str) -> list[str]:
    """Hootsuite's two formats; other CSVs may also use ISO 8601 dates."""
    formats = list(HOOTSUITE_DATE_FORMATS)
    if kind != "hootsuite":
        formats += ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
    return formats


def _import(context: Context, args: argparse.Namespace) -> int:
    from composer.services.queueing import zone_of  # noqa: PLC0415

    handle = context.handle(args.account)
    zone = args.timezone or str(zone_of(context.guide, handle))
    text = _read(args.file)
    formats = [args.date_format] if args.date_format else _date_formats(args.format)
    if args.map and args.format != "csv":
        raise CommandFailed(EXIT_USAGE, "--map applies to --format csv (any CSV with a header)")
    if args.format == "hootsuite":
        rows = import_hootsuite(text, account=handle, tz=zone, date_formats=formats)
    elif args.format == "json":
        rows = import_json(text)
    elif args.map:
        rows = import_mapped(
            text, _mapping(args.map), default_account=handle, tz=zone, date_formats=formats
        )
    else:
        rows = import_csv(text)
    items, replies, problems = _drafts_from(context, rows, handle)
    if problems:
        raise ExchangeError(problems, "item" if args.format == "json" else "line")
    created = context.store.drafts.create_many(items, author=context.user, now=context.now)
    for index, target in replies.items():
        # Checked above, and the new drafts are the importer's own: this cannot be refused.
        created[index] = context.store.queue.set_reply_to(
            created[index].id, target, actor=context.user, now=context.now
        )
    if args.json:
        _emit([{"id": r.id, "account": r.account, "state": r.state.value} for r in created])
    else:
        with_errors = sum(1 for r in created if r.has_errors)
        sys.stdout.write(
            f"imported {len(created)} draft(s) for review"
            + (f"; {with_errors} with error-level findings to fix first" if with_errors else "")
            + "\n"
        )
    return EXIT_OK


def _drafts_from(
    context: Context, rows: list[ExchangeRow], default: str
) -> tuple[list[tuple[str, str, Any, Any]], dict[int, str], list[tuple[int, str]]]:
    """The drafts to create, the reply target of each reply (by position), and every problem.

    Problems are numbered as the file shows the row (its line, or its item in a JSON array).
    """
    from composer.core.checker import too_long_problem  # noqa: PLC0415
    from composer.core.schedule import ScheduleError, parse_reply_target  # noqa: PLC0415

    items: list[tuple[str, str, Any, Any]] = []
    replies: dict[int, str] = {}
    problems: list[tuple[int, str]] = []
    for number, row in enumerate(rows, start=1):
        where = row.line or number
        before = len(problems)
        try:
            handle = context.handle(row.account or default)
        except ConfigError as exc:  # not an account of the guide
            problems.append((where, str(exc)))
        body = row.text
        if row.link and row.link not in body:
            body = f"{body} {row.link}"
        if not body.strip():
            problems.append((where, "has no text"))
        nul = nul_problem(body, "the text")
        if nul:
            problems.append((where, nul))
        too_long = too_long_problem(body, "the text")
        if too_long:
            problems.append((where, too_long))
        target = None
        if row.in_reply_to:
            try:
                target = parse_reply_target(row.in_reply_to)
            except ScheduleError as exc:
                problems.append((where, f"in_reply_to: {exc}"))
        if len(problems) > before:
            continue
        if target is not None:
            replies[len(items)] = target
        items.append((handle, body, context.check(body, handle), row.scheduled_at))
    return items, replies, problems


def _guarded(body: Any) -> Any:  # noqa: ANN401 - wraps a handler
    def wrapped(context: Context, args: argparse.Namespace) -> int:
        try:
            return int(body(context, args))
        except ExchangeError as exc:
            what = "nothing was imported" if body is _import else "nothing was exported"
            raise CommandFailed(EXIT_CHECK_FAILED, f"{what}:\n{exc}") from exc

    return wrapped


def register(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    """Add ``export`` and ``import``."""
    export = subparsers.add_parser(
        "export",
        help="write the queue as Hootsuite bulk CSV, or our own CSV/JSON",
        description="Write queued posts (or those in --state) as a Hootsuite bulk-composer CSV "
        "(date, message, link; 350 rows a file; times in the account's zone) or as our own "
        "lossless CSV/JSON (account, state, time, brand score, findings).",
    )
    export.add_argument("--format", choices=FORMATS, required=True)
    export.add_argument("--account", metavar="HANDLE")
    export.add_argument("--state", choices=_STATES, help="default: queued")
    export.add_argument("--output", metavar="FILE", help="default: stdout")
    export.add_argument(
        "--date-format",
        choices=list(HOOTSUITE_DATE_FORMATS),
        default=_DEFAULT_DATE_FORMAT,
        help=f"Hootsuite's date format (default {_DEFAULT_DATE_FORMAT!r})",
    )
    export.add_argument("--timezone", metavar="TZ", help="Hootsuite profile's zone")
    export.set_defaults(handler=_run(_guarded(_export)))

    imp = subparsers.add_parser(
        "import",
        help="turn a CSV/JSON file of texts into drafts for review",
        description="Read Hootsuite bulk CSV, our CSV/JSON, or any CSV with a header (with "
        "--map COLUMN=FIELD, fields text, time, link, account). Every text becomes a draft "
        "that goes through checks and review; a bad row stops the whole import.",
    )
    imp.add_argument("file", metavar="FILE", help="the file, or - for stdin")
    imp.add_argument("--format", choices=FORMATS, required=True)
    imp.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD")
    imp.add_argument("--account", metavar="HANDLE", required=True)
    imp.add_argument("--date-format", metavar="FORMAT", help="strptime or Hootsuite format")
    imp.add_argument("--timezone", metavar="TZ", help="zone of times without an offset")
    imp.add_argument("--json", action="store_true", help="print the new drafts as JSON")
    imp.set_defaults(handler=_run(_guarded(_import)))
