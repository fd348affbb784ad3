"""Queue export and import: Hootsuite's bulk-composer CSV, and our own lossless CSV and JSON.

Everything here is a pure function over :class:`ExchangeRow` values and strings; reading and
writing files, and turning rows into drafts, belong to the caller.

Hootsuite's bulk composer takes a CSV file with no header and three columns: the date and time
(24-hour clock, in the profile's time zone, ``dd/mm/yyyy hh:mm`` or ``mm/dd/yyyy hh:mm`` as chosen
on upload), the message, and an optional link. It accepts at most 350 messages per file, only
for one profile, only in the future and only on five-minute marks, so an export that breaks one
of those rules is refused with every offending row listed instead of being shifted silently.

Imports are all or nothing: every bad row is collected into one :class:`ImportProblems`, with
rows numbered as a spreadsheet shows them (the header, when there is one, is line 1).

Our own CSV and JSON carry every field of a draft (threads, reply targets, review and
publishing details included), so an export read back gives the same values. Hootsuite's file
has no threads and no replies: such a draft is refused rather than merged into one post.

Every CSV cell we write is safe to open in a spreadsheet (OWASP's advice on CSV injection): a
cell beginning with ``=``, ``+``, ``-``, ``@`` (or their full-width forms), a tab or a carriage
return gets a leading ``'`` so that no spreadsheet runs it as a formula, and every cell is
quoted. A cell that begins with ``'`` itself gets one more, so that reading our own CSV back
drops exactly one leading ``'`` from every cell and returns the original text.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from composer.core.errors import ConfigError, KnownError
from composer.core.threads import split_parts
from composer.services.draft_fields import DRAFT_FIELDS, JSONValue
from composer.store.records import DraftRecord, finding_to_json

HOOTSUITE_MAX_ROWS = 350
HOOTSUITE_MINUTE_STEP = 5
HOOTSUITE_DATE_FORMATS: Mapping[str, str] = {
    "dd/mm/yyyy hh:mm": "%d/%m/%Y %H:%M",
    "mm/dd/yyyy hh:mm": "%m/%d/%Y %H:%M",
}
CSV_COLUMNS = ("account", "text", "scheduled_at", "link", "state", "brand_score", "findings")
#: Draft fields an :class:`ExchangeRow` holds itself; the others travel in ``ExchangeRow.draft``.
ROW_DRAFT_FIELDS = (
    "account",
    "text",
    "scheduled_at",
    "state",
    "findings",
    "thread_parts",
    "in_reply_to",
)
#: The other fields of a draft, each a column of our CSV and a key of our JSON objects.
EXTRA_DRAFT_FIELDS = tuple(name for name in DRAFT_FIELDS if name not in ROW_DRAFT_FIELDS)
#: Our CSV's columns: the first ones as before threads travelled, then the rest of the draft.
ALL_CSV_COLUMNS = (*CSV_COLUMNS, "thread_parts", "in_reply_to", *EXTRA_DRAFT_FIELDS)
#: What makes a spreadsheet read a cell as a formula (OWASP; with the full-width forms).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MAPPABLE_FIELDS = ("text", "time", "link", "account")
_DELIMITERS = (",", ";", "\t")
_BOM = "\ufeff"


@dataclass(frozen=True)
class ExchangeRow:
    """One queued text as it travels in and out of files.

    Attributes:
        account: The account handle the text is for.
        text: The text itself.
        scheduled_at: When it goes out, timezone-aware in UTC, or ``None`` if unscheduled.
        link: A link posted with it (Hootsuite's third column).
        state: Its workflow state name, empty when unknown (imports from other tools).
        brand_score: Its brand-voice score, if it was measured.
        findings: The findings of its last check, as JSON-compatible dicts.
        thread_parts: The posts of a thread as the queue cut them (the text keeps its ``---``
            separator lines); empty for a single post or a draft not yet approved.
        in_reply_to: The X post it answers, if it is a reply.
        draft: The other fields of the draft it came from (:data:`EXTRA_DRAFT_FIELDS`) as
            JSON values; empty for texts from other tools.
        line: Where an import read it: the spreadsheet line of a CSV file, the item of a JSON
            array (0 for rows made in memory); not part of its value.
    """

    account: str
    text: str
    scheduled_at: datetime | None
    link: str = ""
    state: str = ""
    brand_score: float | None = None
    findings: tuple[dict[str, Any], ...] = field(default=())
    thread_parts: tuple[str, ...] = ()
    in_reply_to: str | None = None
    draft: Mapping[str, JSONValue] = field(default_factory=dict)
    line: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.scheduled_at is not None and self.scheduled_at.utcoffset() is None:
            msg = "ExchangeRow.scheduled_at must be timezone-aware"
            raise ValueError(msg)


class ExchangeError(KnownError):
    """Rows that cannot be exchanged; ``problems`` lists every one as ``(number, message)``.

    ``what`` says what the numbers count (``line``, ``row`` or JSON ``item``).
    """

    what = "line"

    def __init__(self, problems: Iterable[tuple[int, str]], what: str = "") -> None:
        self.problems: list[tuple[int, str]] = sorted(problems, key=lambda p: p[0])
        self.what = what or self.what
        super().__init__("\n".join(f"{self.what} {n}: {m}" for n, m in self.problems))


class ImportProblems(ExchangeError):  # noqa: N818 (the name callers were promised)
    """An import found bad rows; nothing was imported. Numbers are spreadsheet line numbers."""


class ExportProblems(ExchangeError):  # noqa: N818 (pairs with ImportProblems)
    """An export was refused; numbers are 1-based positions in the rows given."""

    what = "row"


# --- helpers ------------------------------------------------------------------------------------


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        msg = f"unknown time zone {tz!r} (use an IANA name such as 'Europe/Berlin')"
        raise ConfigError(msg) from exc


def _strip_bom(text: str) -> str:
    return text.removeprefix(_BOM)


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as it may go into a CSV file: a leading ``'`` when a spreadsheet could run it.

    A cell that already begins with ``'`` gets one more, so :func:`spreadsheet_value` is its
    exact inverse.
    """
    return "'" + cell if cell.startswith((*FORMULA_STARTS, "'")) else cell


def spreadsheet_value(cell: str) -> str:
    """The text :func:`spreadsheet_safe` was given (for CSV files we wrote ourselves)."""
    return cell.removeprefix("'")


def write_csv(records: Iterable[Sequence[str]]) -> str:
    """CSV text of ``records``: every cell quoted and neutralised with :func:`spreadsheet_safe`.

    Every CSV file the app writes goes through here.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    for cells in records:
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()


def _sniff_delimiter(text: str) -> str:
    """Pick the delimiter that occurs most often outside quotes in the first record."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Parse CSV text into ``(spreadsheet line, cells)`` records, skipping blank records.

    Raises:
        ImportProblems: The file is empty or is not valid CSV.
    """
    text = _strip_bom(text)
    if not text.strip():
        raise ImportProblems([(1, "the file is empty")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    records: list[tuple[int, list[str]]] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            if any(cell.strip() for cell in cells):
                records.append((number, cells))
    except csv.Error as exc:
        raise ImportProblems([(number + 1, f"not valid CSV: {exc}")]) from exc
    return records


def _to_local(
    value: str, zone: ZoneInfo, formats: Sequence[str]
) -> tuple[datetime | None, str | None]:
    """Parse a local wall-clock time; return ``(utc, None)`` or ``(None, problem)``."""
    value = value.strip()
    for fmt in formats:
        try:
            naive = datetime.strptime(value, HOOTSUITE_DATE_FORMATS.get(fmt, fmt))
        except ValueError:
            continue
        local = naive.replace(tzinfo=zone)
        try:
            utc = local.astimezone(UTC)
        except OverflowError:  # 31/12/9999 23:59 west of Greenwich is in year 10000 in UTC
            return None, f"{value!r} is out of range"
        # A wall time inside a DST gap does not survive the round trip; refuse to guess.
        if utc.astimezone(zone).replace(tzinfo=None) != naive:
            return None, f"{value!r} does not exist in {zone.key} (clocks change then)"
        return utc, None
    wanted = " or ".join(repr(f) for f in formats)
    return None, f"cannot read the date {value!r} (expected {wanted})"


# --- Hootsuite ----------------------------------------------------------------------------------


def export_hootsuite(
    rows: Sequence[ExchangeRow], *, tz: str, date_format: str, now: datetime
) -> list[str]:
    """Write rows as Hootsuite bulk-composer CSV files, at most 350 rows each.

    Args:
        rows: The rows, all for one account, all scheduled.
        tz: The IANA time zone of the Hootsuite profile; times are written in it.
        date_format: ``"dd/mm/yyyy hh:mm"`` or ``"mm/dd/yyyy hh:mm"``.
        now: The current time (aware); every row must be scheduled after it.

    Returns:
        The contents of each file, in order.

    Raises:
        ConfigError: The time zone or date format is not one Hootsuite offers.
        ExportProblems: Any row is unscheduled, in the past, off a five-minute mark, has no
            text, is a thread or a reply (which Hootsuite's file cannot carry), or is for
            another account than the first row.
    """
    if date_format not in HOOTSUITE_DATE_FORMATS:
        offered = ", ".join(repr(f) for f in HOOTSUITE_DATE_FORMATS)
        msg = f"Hootsuite date format {date_format!r} is not one of {offered}"
        raise ConfigError(msg)
    zone = _zone(tz)
    pattern = HOOTSUITE_DATE_FORMATS[date_format]
    problems: list[tuple[int, str]] = []
    lines: list[list[str]] = []
    account = rows[0].account if rows else ""
    for number, row in enumerate(rows, start=1):
        if row.account != account:
            problems.append(
                (
                    number,
                    f"is for {row.account!r}; a Hootsuite file takes one profile ({account!r})",
                )
            )
        if not row.text.strip():
            problems.append((number, "has no text"))
        problems.extend((number, p) for p in _hootsuite_cannot_carry(row))
        when = row.scheduled_at
        if when is None:
            problems.append((number, "is not scheduled; Hootsuite needs a date and time"))
            continue
        local = when.astimezone(zone)
        if when <= now:
            problems.append((number, f"is scheduled in the past ({local:%Y-%m-%d %H:%M %Z})"))
        if local.minute % HOOTSUITE_MINUTE_STEP or local.second or local.microsecond:
            problems.append(
                (number, f"time {local:%H:%M:%S} is not on a five-minute mark as Hootsuite needs")
            )
        lines.append([local.strftime(pattern), row.text, row.link])
    if problems:
        raise ExportProblems(problems)
    return [
        write_csv(lines[start : start + HOOTSUITE_MAX_ROWS])
        for start in range(0, len(lines), HOOTSUITE_MAX_ROWS)
    ]


def _hootsuite_cannot_carry(row: ExchangeRow) -> list[str]:
    """Why ``row`` cannot go into a Hootsuite file without changing what is posted."""
    name = f"draft {row.draft['id']}" if row.draft.get("id") is not None else "the post"
    problems = []
    parts = row.thread_parts or split_parts(row.text)
    if len(parts) > 1:
        problems.append(
            f"{name} is a thread of {len(parts)} posts; Hootsuite's bulk CSV has no threads "
            "and would post them as one: publish it from Brand Voice Composer, or export it "
            "with --format csv or json"
        )
    if row.in_reply_to:
        problems.append(
            f"{name} is a reply to post {row.in_reply_to}; Hootsuite's bulk CSV cannot post "
            "replies: publish it from Brand Voice Composer"
        )
    return problems


def import_hootsuite(
    text: str, *, account: str, tz: str, date_formats: Sequence[str]
) -> list[ExchangeRow]:
    """Read a Hootsuite bulk-composer CSV (no header: date, message, optional link).

    Args:
        text: The file's contents.
        account: The account every row is for.
        tz: The IANA time zone the dates are written in.
        date_formats: Formats to try in order: Hootsuite names or ``strptime`` patterns.

    Raises:
        ImportProblems: Listing every bad row; nothing is returned then.
    """
    zone = _zone(tz)
    rows: list[ExchangeRow] = []
    problems: list[tuple[int, str]] = []
    for number, cells in _records(text):
        if len(cells) < 2 or len(cells) > 3:
            problems.append((number, f"has {len(cells)} column(s); expected date, message[, link]"))
            continue
        when, problem = _to_local(cells[0], zone, date_formats)
        message = cells[1]
        if problem:
            problems.append((number, problem))
        if not message.strip():
            problems.append((number, "the message is empty"))
        if not problem and message.strip():
            link = cells[2].strip() if len(cells) == 3 else ""
            rows.append(
                ExchangeRow(
                    account=account, text=message, scheduled_at=when, link=link, line=number
                )
            )
    if problems:
        raise ImportProblems(problems)
    return rows


def _resolve_columns(
    header_record: tuple[int, list[str]], mapping: Mapping[str, str]
) -> dict[str, int]:
    """Find each mapped column in the header (ignoring case and spaces; first match wins).

    Raises:
        ImportProblems: Naming every mapped column the header lacks.
    """
    header_line, header = header_record
    index = {cell.strip().casefold(): i for i, cell in reversed(list(enumerate(header)))}
    columns: dict[str, int] = {}
    missing: list[tuple[int, str]] = []
    for name, column in mapping.items():
        if column.strip().casefold() in index:
            columns[name] = index[column.strip().casefold()]
        else:
            shown = ", ".join(repr(c) for c in header)
            missing.append(
                (header_line, f"no column {column!r} (mapped to {name}); the header has {shown}")
            )
    if missing:
        raise ImportProblems(missing)
    return columns


def import_mapped(
    text: str,
    mapping: Mapping[str, str],
    *,
    default_account: str,
    tz: str,
    date_formats: Sequence[str],
) -> list[ExchangeRow]:
    """Read any CSV with a header row, taking fields from the columns ``mapping`` names.

    Args:
        text: The file's contents (a BOM, CRLF and ``;`` or tab separators are fine).
        mapping: Field to column header, e.g. ``{"text": "Message", "time": "Date"}``. Fields
            are ``text`` (required), ``time``, ``link`` and ``account``; headers match
            ignoring case and surrounding spaces.
        default_account: The account for rows without one.
        tz: The IANA time zone naive dates are in.
        date_formats: Formats to try in order: Hootsuite names or ``strptime`` patterns.

    Raises:
        ConfigError: The mapping names an unknown field or lacks ``text``.
        ImportProblems: A mapped column is missing, or rows are bad; every one is listed.
    """
    unknown = sorted(set(mapping) - set(MAPPABLE_FIELDS))
    if unknown:
        msg = f"cannot map to {', '.join(unknown)}; fields are {', '.join(MAPPABLE_FIELDS)}"
        raise ConfigError(msg)
    if "text" not in mapping:
        msg = "the column mapping must say which column holds the text"
        raise ConfigError(msg)
    zone = _zone(tz)
    records = _records(text)
    if not records:
        raise ImportProblems([(1, "the file is empty")])
    columns = _resolve_columns(records[0], mapping)

    rows: list[ExchangeRow] = []
    problems: list[tuple[int, str]] = []
    for number, cells in records[1:]:

        def cell(name: str, cells: list[str] = cells) -> str:
            i = columns.get(name)
            return cells[i] if i is not None and i < len(cells) else ""

        bad = False
        message = cell("text")
        if not message.strip():
            problems.append((number, f"the {mapping['text']!r} column is empty"))
            bad = True
        when: datetime | None = None
        if "time" in columns and cell("time").strip():
            when, problem = _to_local(cell("time"), zone, date_formats)
            if problem:
                problems.append((number, problem))
                bad = True
        if not bad:
            account = cell("account").strip() or default_account
            rows.append(
                ExchangeRow(
                    account=account,
                    text=message,
                    scheduled_at=when,
                    link=cell("link").strip(),
                    line=number,
                )
            )
    if problems:
        raise ImportProblems(problems)
    return rows


# --- our own formats ----------------------------------------------------------------------------


def row_from_draft(record: DraftRecord, *, brand_score: float | None = None) -> ExchangeRow:
    """The row that carries every field of ``record`` (and its score) into our CSV and JSON."""
    data = {name: DRAFT_FIELDS[name].to_json(getattr(record, name)) for name in DRAFT_FIELDS}
    return ExchangeRow(
        account=record.account,
        text=record.text,
        scheduled_at=record.scheduled_at,
        state=record.state.value,
        brand_score=brand_score,
        findings=tuple(finding_to_json(f) for f in record.findings),
        thread_parts=record.thread_parts,
        in_reply_to=record.in_reply_to,
        draft={name: data[name] for name in EXTRA_DRAFT_FIELDS},
    )


def draft_from_row(row: ExchangeRow) -> DraftRecord:
    """The draft a row of our CSV or JSON was exported from (the inverse of :func:`row_from_draft`).

    Raises:
        ValueError: the row does not carry a whole draft (a file from another tool or an
            older version); the message names what is missing.
    """
    from composer.services.draft_fields import draft_from_json  # noqa: PLC0415

    own = {
        "account": row.account,
        "text": row.text,
        "scheduled_at": DRAFT_FIELDS["scheduled_at"].to_json(row.scheduled_at),
        "state": row.state,
        "findings": list(row.findings),
        "thread_parts": list(row.thread_parts),
        "in_reply_to": row.in_reply_to,
    }
    return draft_from_json({**row.draft, **own})


def _row_to_dict(row: ExchangeRow) -> dict[str, Any]:
    return {
        "account": row.account,
        "text": row.text,
        "scheduled_at": row.scheduled_at.astimezone(UTC).isoformat() if row.scheduled_at else None,
        "link": row.link,
        "state": row.state,
        "brand_score": row.brand_score,
        "findings": list(row.findings),
        "thread_parts": list(row.thread_parts),
        "in_reply_to": row.in_reply_to,
        **{name: row.draft[name] for name in EXTRA_DRAFT_FIELDS if name in row.draft},
    }


def _scheduled(raw: object, errors: list[str]) -> datetime | None:
    """``scheduled_at`` from its ISO 8601 text (in UTC); problems are added to ``errors``."""
    if raw in (None, ""):
        return None
    try:
        when = datetime.fromisoformat(str(raw))
    except ValueError:
        errors.append(f"scheduled_at {raw!r} is not an ISO 8601 date and time")
        return None
    if when.utcoffset() is None:
        errors.append(f"scheduled_at {raw!r} has no time zone offset")
        return None
    try:
        return when.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59-23:59 is past year 9999 in UTC
        errors.append(f"scheduled_at {raw!r} is out of range in UTC")
        return None


def _row_from_dict(data: Mapping[str, Any]) -> tuple[ExchangeRow | None, list[str]]:
    """Validate one decoded row; return the row or the list of what is wrong with it."""
    errors: list[str] = []
    strings = {}
    for key in ("account", "text", "link", "state"):
        value = data.get(key, "")
        if not isinstance(value, str):
            errors.append(f"{key} must be text, not {type(value).__name__}")
            value = ""
        strings[key] = value
    if not strings["account"].strip():
        errors.append("account is missing")
    when = _scheduled(data.get("scheduled_at"), errors)
    score = data.get("brand_score")
    if score is not None and (
        isinstance(score, bool)
        or not isinstance(score, int | float)
        or not math.isfinite(float(score))
    ):
        errors.append(f"brand_score {score!r} is not a finite number")
        score = None
    findings = data.get("findings", [])
    if not isinstance(findings, list) or not all(isinstance(f, dict) for f in findings):
        errors.append("findings must be a list of objects")
        findings = []
    draft: dict[str, JSONValue] = {}
    for name in ("thread_parts", "in_reply_to", *EXTRA_DRAFT_FIELDS):
        if name in data:
            try:
                draft[name] = DRAFT_FIELDS[name].normal(data[name])
            except ValueError as exc:
                errors.append(str(exc))
    parts = draft.pop("thread_parts", None) or []
    reply_to = draft.pop("in_reply_to", None)
    if errors:
        return None, errors
    return ExchangeRow(
        account=strings["account"],
        text=strings["text"],
        scheduled_at=when,
        link=strings["link"],
        state=strings["state"],
        brand_score=None if score is None else float(score),
        findings=tuple(findings),
        thread_parts=tuple(parts),
        in_reply_to=reply_to,
        draft=draft,
    ), []


def export_json(rows: Sequence[ExchangeRow]) -> str:
    """Write rows as a JSON array of objects, one per row, losing nothing."""
    return json.dumps([_row_to_dict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"


def import_json(text: str) -> list[ExchangeRow]:
    """Read what :func:`export_json` wrote.

    Raises:
        ImportProblems: The text is not a JSON array of row objects; numbers are the
            1-based position of each bad row in the array (or the JSON line of a syntax error).
    """
    text = _strip_bom(text)
    if not text.strip():
        raise ImportProblems([(1, "the file is empty")])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportProblems([(exc.lineno, f"not valid JSON: {exc.msg}")]) from exc
    except RecursionError:
        raise ImportProblems([(1, "the JSON is nested too deeply to be our export")]) from None
    if not isinstance(data, list):
        raise ImportProblems([(1, "expected a JSON array of rows")])
    rows: list[ExchangeRow] = []
    problems: list[tuple[int, str]] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.append((number, "is not a JSON object"))
            continue
        row, errors = _row_from_dict(item)
        problems.extend((number, e) for e in errors)
        if row is not None:
            rows.append(replace(row, line=number))
    if problems:
        raise ImportProblems(problems, what="item")
    return rows


def export_csv(rows: Sequence[ExchangeRow]) -> str:
    """Write rows as CSV with a header and every field (:data:`ALL_CSV_COLUMNS`).

    Findings, thread parts and the draft's other non-text fields are JSON in their cells.
    """
    records: list[list[str]] = [list(ALL_CSV_COLUMNS)]
    for row in rows:
        data = _row_to_dict(row)
        records.append(
            [
                data["account"],
                data["text"],
                data["scheduled_at"] or "",
                data["link"],
                data["state"],
                "" if row.brand_score is None else repr(row.brand_score),
                json.dumps(data["findings"], ensure_ascii=False),
                *(
                    DRAFT_FIELDS[name].to_cell(data.get(name))
                    for name in ALL_CSV_COLUMNS[len(CSV_COLUMNS) :]
                ),
            ]
        )
    return write_csv(records)


def _draft_cells(cells: list[str], where: Mapping[str, int], errors: list[str]) -> dict[str, Any]:
    """The draft fields of one CSV record as JSON values; problems are added to ``errors``."""
    data: dict[str, Any] = {}
    carried = any(cells[where[n]] != "" for n in EXTRA_DRAFT_FIELDS if n in where)
    for name in ALL_CSV_COLUMNS[len(CSV_COLUMNS) :]:
        if name not in where or (name in EXTRA_DRAFT_FIELDS and not carried):
            continue  # a row that came from another tool carries no draft
        codec = DRAFT_FIELDS[name]
        cell = cells[where[name]]
        if codec.blank(cell):
            continue  # not carried (a row of a file from elsewhere)
        try:
            data[name] = codec.from_cell(cell)
        except ValueError as exc:
            errors.append(str(exc))
    return data


def import_csv(text: str) -> list[ExchangeRow]:
    """Read what :func:`export_csv` wrote (also after a spreadsheet saved it with ``;``).

    Files written before threads travelled (only :data:`CSV_COLUMNS`) are read too. Every cell
    loses one leading ``'`` (see :func:`spreadsheet_safe`).

    Raises:
        ImportProblems: Listing every bad row, or a header without our columns.
    """
    records = _records(text)
    if not records:
        raise ImportProblems([(1, "the file is empty")])
    header_line, header = records[0]
    names = [spreadsheet_value(h).strip().casefold() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in names]
    if missing:
        msg = f"the header lacks the column(s) {', '.join(missing)}"
        raise ImportProblems([(header_line, msg)])
    where = {c: names.index(c) for c in ALL_CSV_COLUMNS if c in names}
    rows: list[ExchangeRow] = []
    problems: list[tuple[int, str]] = []
    for number, raw in records[1:]:
        if len(raw) != len(header):
            problems.append((number, f"has {len(raw)} cells; the header has {len(header)}"))
            continue
        cells = [spreadsheet_value(cell) for cell in raw]
        data: dict[str, Any] = {c: cells[i] for c, i in where.items() if c in CSV_COLUMNS}
        errors: list[str] = []
        score_text = data["brand_score"].strip()
        try:
            data["brand_score"] = float(score_text) if score_text else None
        except ValueError:
            errors.append(f"brand_score {score_text!r} is not a number")
            data["brand_score"] = None
        try:
            data["findings"] = json.loads(data["findings"]) if data["findings"].strip() else []
        except json.JSONDecodeError as exc:
            errors.append(f"findings are not valid JSON: {exc.msg}")
            data["findings"] = []
        except RecursionError:
            errors.append("findings are nested too deeply")
            data["findings"] = []
        data.update(_draft_cells(cells, where, errors))
        row, more = _row_from_dict(data)
        errors.extend(more)
        problems.extend((number, e) for e in errors)
        if row is not None and not errors:
            rows.append(replace(row, line=number))
    if problems:
        raise ImportProblems(problems)
    return rows
