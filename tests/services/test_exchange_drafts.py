"""Our CSV and JSON exports carry every field of a draft, threads and replies included.

The fields are read from ``DraftRecord`` itself, so a field added to drafts later is covered
(or this fails until it is). Cells that a spreadsheet would run as formulas are neutralised,
and reading our own CSV back gives the original text exactly. Hootsuite's file refuses threads
and replies instead of merging them.
"""

from __future__ import annotations

import csv
import io
import json
import typing
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

import pytest

from composer.core.findings import Finding, Level, Source
from composer.core.workflow import Approval, State
from composer.services.draft_fields import DRAFT_FIELDS
from composer.services.exchange import (
    ExportProblems,
    ImportProblems,
    draft_from_row,
    export_csv,
    export_hootsuite,
    export_json,
    import_csv,
    import_json,
    row_from_draft,
    spreadsheet_safe,
    spreadsheet_value,
)
from composer.store.records import DraftRecord

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
FIELD_NAMES = [f.name for f in fields(DraftRecord)]
THREAD = "=SUM(A1:A9) is not a formula\n---\n-5% today only\n---\n@partner thanks!"

# A value unlike the default for every type a draft field has, with what spreadsheets and
# CSV readers trip over: formula starts, quotes, separators, line breaks, leading quotes.
_SAMPLES: dict[object, Any] = {
    int: 7,
    str: '=HYPERLINK("http://evil","x"), a; b\n\'quoted',
    bool: True,
    datetime: datetime(2027, 3, 2, 9, 30, 12, 345, tzinfo=UTC),
    State: State.QUEUED,
    tuple[str, ...]: ("-first post, with a comma", '@second "post"', "'third"),
    frozenset[str]: frozenset({"+launch", "=promo", "tag"}),
    tuple[Finding, ...]: (
        Finding(
            rule="Acme.Hype",
            level=Level.WARNING,
            message="'Amazing' is hype",
            start=0,
            end=7,
            source=Source.TONE,
            replacements=("Good", "=Fine"),
            link="https://example.com/guide#hype",
            description="Tab\there",
            account="@acme",
        ),
    ),
    tuple[Approval, ...]: (Approval(step=0, reviewer="-rex", text_version=2),),
}
_SPECIAL: dict[str, Any] = {
    # Values a draft really has for these, so the record stays coherent.
    "account": "@NorthwindHelp",
    "text": THREAD,
    "thread_parts": ("=SUM(A1:A9) is not a formula", "-5% today only", "@partner thanks!"),
    "in_reply_to": "1790000000000000001",
    "post_id": "1790000000000000002",
    "post_ids": ("1790000000000000002", "1790000000000000003", "1790000000000000004"),
    "evergreen_of": 3,
    "scheduled_at": datetime(2027, 3, 2, 9, 30, tzinfo=UTC),
}


def _sample(name: str, hint: object) -> Any:
    if name in _SPECIAL:
        return _SPECIAL[name]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if args and type(None) in typing.get_args(hint):
        hint = args[0]
    assert hint in _SAMPLES, f"DraftRecord.{name}: add a sample for {hint!r} to this test"
    return _SAMPLES[hint]


def every_field_set() -> DraftRecord:
    hints = typing.get_type_hints(DraftRecord)
    return DraftRecord(**{name: _sample(name, hints[name]) for name in FIELD_NAMES})


def test_the_sample_draft_sets_every_field_away_from_its_default() -> None:
    record = every_field_set()
    for f in fields(DraftRecord):
        value = getattr(record, f.name)
        assert value is not None and value != f.default, f.name


@pytest.fixture(scope="module")
def record() -> DraftRecord:
    return every_field_set()


@pytest.fixture(scope="module")
def through_json(record: DraftRecord) -> DraftRecord:
    (row,) = import_json(export_json([row_from_draft(record, brand_score=-12.5)]))
    assert row.brand_score == -12.5
    return draft_from_row(row)


@pytest.fixture(scope="module")
def through_csv(record: DraftRecord) -> DraftRecord:
    (row,) = import_csv(export_csv([row_from_draft(record, brand_score=-12.5)]))
    assert row.brand_score == -12.5
    return draft_from_row(row)


@pytest.mark.parametrize("name", FIELD_NAMES)
def test_json_round_trip_keeps_the_field(
    name: str, record: DraftRecord, through_json: DraftRecord
) -> None:
    assert getattr(through_json, name) == getattr(record, name)
    assert type(getattr(through_json, name)) is type(getattr(record, name))


@pytest.mark.parametrize("name", FIELD_NAMES)
def test_csv_round_trip_keeps_the_field(
    name: str, record: DraftRecord, through_csv: DraftRecord
) -> None:
    assert getattr(through_csv, name) == getattr(record, name)
    assert type(getattr(through_csv, name)) is type(getattr(record, name))


def test_every_field_is_named_in_both_files(record: DraftRecord) -> None:
    row = row_from_draft(record)
    (item,) = json.loads(export_json([row]))
    header = next(csv.reader(io.StringIO(export_csv([row]), newline="")))
    assert set(FIELD_NAMES) <= set(item)
    assert set(FIELD_NAMES) <= set(header)


def test_a_three_part_thread_and_its_reply_target_come_back(record: DraftRecord) -> None:
    for exported, read in ((export_json, import_json), (export_csv, import_csv)):
        (row,) = read(exported([row_from_draft(record)]))
        assert row.text == THREAD  # the separators are kept: not one merged post
        assert len(row.thread_parts) == 3
        assert row.in_reply_to == "1790000000000000001"


def test_the_codec_covers_exactly_the_draft_fields() -> None:
    assert list(DRAFT_FIELDS) == FIELD_NAMES


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("version", "two", "version 'two' is not valid: expected a whole number"),
        ("pinned", "yes", "pinned 'yes' is not valid: expected true or false"),
        ("created_at", "2027-03-02T09:30", "time zone offset"),
        ("approvals", [{"step": 0}], "approvals"),
        ("tags", "a,b", "expected a list of texts"),
        ("post_ids", [1, 2], "post_ids [1, 2] is not valid: expected text"),
    ],
)
def test_a_bad_draft_value_is_named_with_its_item(
    record: DraftRecord, field: str, value: Any, message: str
) -> None:
    items = json.loads(export_json([row_from_draft(record), row_from_draft(record)]))
    items[1][field] = value
    with pytest.raises(ImportProblems, match="item 2: ") as info:
        import_json(json.dumps(items))
    assert message in str(info.value) and field in str(info.value)


# --- spreadsheet formulas (OWASP CSV injection) -------------------------------------------------

DANGEROUS = [
    "=1+1",
    "+1 555 0100 is our new number",
    "-5% on everything today",
    "@partner thanks for the shout-out",
    "\tindented",
    "\rcarriage",
    "\uff1dcmd|' /C calc'!A0",
    "'Tis the season",
    "''double",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_every_cell_we_write_cannot_start_a_formula(text: str) -> None:
    row = row_from_draft(
        DraftRecord(
            **{
                **{n: getattr(every_field_set(), n) for n in FIELD_NAMES},
                "text": text,
                "account": text,
                "author": text,
            }
        )
    )
    for content in (
        export_csv([row]),
        *export_hootsuite(
            [
                row.__class__(
                    account=row.account,
                    text=text,
                    scheduled_at=datetime(2027, 3, 2, 9, 30, tzinfo=UTC),
                    link=text,
                )
            ],
            tz="UTC",
            date_format="dd/mm/yyyy hh:mm",
            now=NOW,
        ),
    ):
        # Every cell is quoted, and none begins with what a spreadsheet would evaluate.
        for line in csv.reader(io.StringIO(content, newline="")):
            for cell in line:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\uff1d")), cell
        assert all(record.startswith('"') for record in content.split("\r\n") if record)


@pytest.mark.parametrize("text", DANGEROUS)
def test_our_csv_gives_back_the_exact_text(text: str) -> None:
    row = row_from_draft(every_field_set())
    rows = [row.__class__(account="@acme", text=text, scheduled_at=None, link=text, state=text)]
    assert import_csv(export_csv(rows)) == rows
    assert spreadsheet_value(spreadsheet_safe(text)) == text


def test_safe_cells_are_left_alone() -> None:
    for cell in ("Hello", "2027-03-02", "1.5", "", "#tag", "a=b"):
        assert spreadsheet_safe(cell) == cell


# --- Hootsuite has no threads and no replies ------------------------------------------------------


def test_hootsuite_refuses_a_thread_and_a_reply_naming_the_drafts() -> None:
    base = every_field_set()
    thread = row_from_draft(base)
    single = row_from_draft(
        DraftRecord(
            **{
                **{n: getattr(base, n) for n in FIELD_NAMES},
                "id": 8,
                "text": "One post",
                "thread_parts": (),
                "in_reply_to": "1790000000000000009",
            }
        )
    )
    with pytest.raises(ExportProblems) as info:
        export_hootsuite([thread, single], tz="UTC", date_format="dd/mm/yyyy hh:mm", now=NOW)
    message = str(info.value)
    assert "row 1: draft 7 is a thread of 3 posts" in message
    assert "row 2: draft 8 is a reply to post 1790000000000000009" in message
    assert "row 1: draft 7 is a reply" in message  # the thread is a reply too


def test_hootsuite_refuses_a_thread_not_yet_cut_into_parts() -> None:
    unqueued = row_from_draft(
        DraftRecord(
            **{
                **{n: getattr(every_field_set(), n) for n in FIELD_NAMES},
                "thread_parts": (),
                "in_reply_to": None,
            }
        )
    )
    with pytest.raises(ExportProblems, match="draft 7 is a thread of 3 posts"):
        export_hootsuite([unqueued], tz="UTC", date_format="dd/mm/yyyy hh:mm", now=NOW)


def test_files_written_before_threads_travelled_still_import() -> None:
    old = (
        '"account","text","scheduled_at","link","state","brand_score","findings"\r\n'
        '"@acme","Hello","2027-03-02T09:30:00+00:00","","queued","88.0","[]"\r\n'
    )
    (row,) = import_csv(old)
    assert (row.text, row.thread_parts, row.in_reply_to, row.draft) == ("Hello", (), None, {})
    (item,) = import_json(json.dumps([{"account": "@acme", "text": "Hello"}]))
    assert (item.thread_parts, item.in_reply_to, item.draft) == ((), None, {})
    with pytest.raises(ValueError, match="id is missing"):
        draft_from_row(item)


def test_deeply_nested_json_is_a_located_problem() -> None:
    with pytest.raises(ImportProblems, match="line 1: the JSON is nested too deeply"):
        import_json("[" * 100_000 + "]" * 100_000)
    nested = "[" * 50_000 + "]" * 50_000  # under the csv module's cell limit
    text = (
        "account,text,scheduled_at,link,state,brand_score,findings\n"
        "@a,fine,,,,,[]\n"
        f"@a,deep,,,,,{nested}\n"
    )
    with pytest.raises(ImportProblems, match="line 3: findings are nested too deeply"):
        import_csv(text)
