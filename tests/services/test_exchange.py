"""Tests for composer.services.exchange: Hootsuite bulk CSV, our CSV/JSON, mapped imports."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from composer.core.errors import ConfigError, KnownError
from composer.services.exchange import (
    HOOTSUITE_MAX_ROWS,
    ExchangeRow,
    ExportProblems,
    ImportProblems,
    export_csv,
    export_hootsuite,
    export_json,
    import_csv,
    import_hootsuite,
    import_json,
    import_mapped,
)

NOW = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


def row(
    text: str = "Hello",
    when: datetime | None = datetime(2027, 3, 2, 9, 30, tzinfo=UTC),
    account: str = "@acme",
    **kw: Any,
) -> ExchangeRow:
    return ExchangeRow(account=account, text=text, scheduled_at=when, **kw)


def parse(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content, newline="")))


# --- Hootsuite export -------------------------------------------------------------------------


def test_hootsuite_export_columns_timezone_and_formats() -> None:
    rows = [
        row('Launch day, "finally" 🚀', link="https://ex.com/a"),
        row("Second", when=datetime(2027, 3, 12, 23, 5, tzinfo=UTC)),
    ]
    (berlin,) = export_hootsuite(rows, tz="Europe/Berlin", date_format="dd/mm/yyyy hh:mm", now=NOW)
    assert parse(berlin) == [
        ["02/03/2027 10:30", 'Launch day, "finally" 🚀', "https://ex.com/a"],
        ["13/03/2027 00:05", "Second", ""],
    ]
    (ny,) = export_hootsuite(rows, tz="America/New_York", date_format="mm/dd/yyyy hh:mm", now=NOW)
    # 2027-03-12 is before the US switch to summer time (14 March): UTC-5, 24-hour clock.
    assert parse(ny)[0][0] == "03/02/2027 04:30"
    assert parse(ny)[1][0] == "03/12/2027 18:05"


def test_hootsuite_export_has_no_header_and_splits_at_350() -> None:
    base = datetime(2027, 4, 1, tzinfo=UTC)
    rows = [row(f"post {i}", when=base + timedelta(minutes=5 * i)) for i in range(351)]
    files = export_hootsuite(rows, tz="UTC", date_format="dd/mm/yyyy hh:mm", now=NOW)
    assert [len(parse(f)) for f in files] == [HOOTSUITE_MAX_ROWS, 1]
    assert parse(files[0])[0] == ["01/04/2027 00:00", "post 0", ""]
    assert parse(files[1])[0][1] == "post 350"


def test_hootsuite_export_empty_gives_no_files() -> None:
    assert export_hootsuite([], tz="UTC", date_format="dd/mm/yyyy hh:mm", now=NOW) == []


def test_hootsuite_export_reports_every_bad_row_without_shifting() -> None:
    rows = [
        row("fine"),
        row("past", when=NOW - timedelta(hours=1)),
        row("odd minute", when=datetime(2027, 3, 2, 9, 32, tzinfo=UTC)),
        row("no time", when=None),
        row("other", account="@other"),
        row("  "),
        row("seconds", when=datetime(2027, 3, 2, 9, 30, 15, tzinfo=UTC)),
    ]
    with pytest.raises(ExportProblems) as info:
        export_hootsuite(rows, tz="Asia/Kolkata", date_format="dd/mm/yyyy hh:mm", now=NOW)
    numbers = [n for n, _ in info.value.problems]
    assert numbers == [2, 3, 4, 5, 6, 7]
    text = str(info.value)
    assert "row 2: is scheduled in the past" in text
    assert "row 3: time 15:02:00 is not on a five-minute mark" in text  # IST is UTC+5:30
    assert "row 4: is not scheduled" in text
    assert "'@other'" in text
    assert "row 6: has no text" in text
    assert isinstance(info.value, KnownError)


def test_hootsuite_five_minute_mark_is_checked_in_local_time() -> None:
    # Nepal is UTC+5:45: 09:15 UTC is 15:00 local, fine; 09:30 UTC is 15:15 local, also fine,
    # but 09:20 UTC is 15:05 local even though 20 is a multiple of 5 in UTC too.
    rows = [row(when=datetime(2027, 3, 2, 9, 15, tzinfo=UTC))]
    (out,) = export_hootsuite(rows, tz="Asia/Kathmandu", date_format="dd/mm/yyyy hh:mm", now=NOW)
    assert parse(out)[0][0] == "02/03/2027 15:00"


def test_hootsuite_export_rejects_bad_settings() -> None:
    with pytest.raises(ConfigError, match="yyyy-mm-dd"):
        export_hootsuite([row()], tz="UTC", date_format="yyyy-mm-dd", now=NOW)
    with pytest.raises(ConfigError, match="Mars/Olympus"):
        export_hootsuite([row()], tz="Mars/Olympus", date_format="dd/mm/yyyy hh:mm", now=NOW)


def test_hootsuite_round_trip() -> None:
    rows = [row("a, b", link="https://x.y"), row("multi\nline", when=NOW + timedelta(days=3))]
    (out,) = export_hootsuite(rows, tz="Europe/London", date_format="mm/dd/yyyy hh:mm", now=NOW)
    back = import_hootsuite(
        out, account="@acme", tz="Europe/London", date_formats=["mm/dd/yyyy hh:mm"]
    )
    assert back == rows


# --- Hootsuite import -------------------------------------------------------------------------


def test_hootsuite_import_semicolons_bom_crlf() -> None:
    text = '\ufeff02/03/2027 10:30;"Hi; there, you";https://a.b\r\n\r\n03/03/2027 07:05;Plain\r\n'
    rows = import_hootsuite(
        text, account="@acme", tz="Europe/Berlin", date_formats=["dd/mm/yyyy hh:mm"]
    )
    assert rows == [
        row("Hi; there, you", when=datetime(2027, 3, 2, 9, 30, tzinfo=UTC), link="https://a.b"),
        row("Plain", when=datetime(2027, 3, 3, 6, 5, tzinfo=UTC)),
    ]


def test_hootsuite_import_lists_every_bad_line_and_returns_nothing() -> None:
    text = (
        "02/03/2027 10:30,ok\n"
        "2027-03-02,bad date\n"
        "02/03/2027 10:30,\n"
        "only one column\n"
        '02/03/2027 10:35,"spans\ntwo lines"\n'
        "31/02/2027 10:00,no such day\n"
    )
    with pytest.raises(ImportProblems) as info:
        import_hootsuite(text, account="@a", tz="UTC", date_formats=["dd/mm/yyyy hh:mm"])
    # A quoted newline stays inside one spreadsheet row, so the last record is line 6.
    assert [n for n, _ in info.value.problems] == [2, 3, 4, 6]
    assert "line 2: cannot read the date '2027-03-02'" in str(info.value)
    assert "line 3: the message is empty" in str(info.value)
    assert "line 4: has 1 column(s)" in str(info.value)


def test_hootsuite_import_tries_formats_in_order() -> None:
    text = "12/31/2027 23:55,US style\n"
    (only,) = import_hootsuite(
        text,
        account="@a",
        tz="UTC",
        date_formats=["dd/mm/yyyy hh:mm", "mm/dd/yyyy hh:mm"],
    )
    assert only.scheduled_at == datetime(2027, 12, 31, 23, 55, tzinfo=UTC)


def test_import_refuses_wall_time_in_dst_gap() -> None:
    # Europe/Berlin skips 02:00-03:00 on 28 March 2027.
    with pytest.raises(ImportProblems, match="does not exist in Europe/Berlin"):
        import_hootsuite(
            "28/03/2027 02:30,gap\n",
            account="@a",
            tz="Europe/Berlin",
            date_formats=["dd/mm/yyyy hh:mm"],
        )


def _import_each(text: str) -> list[str]:
    """Run every importer on ``text`` and collect the messages of the problems raised."""
    calls: list[Callable[[], object]] = [
        lambda: import_hootsuite(text, account="@a", tz="UTC", date_formats=["%d"]),
        lambda: import_mapped(
            text, {"text": "Message"}, default_account="@a", tz="UTC", date_formats=[]
        ),
        lambda: import_csv(text),
        lambda: import_json(text),
    ]
    messages = []
    for call in calls:
        with pytest.raises(ImportProblems) as info:
            call()
        messages.append(str(info.value))
    return messages


@pytest.mark.parametrize("text", ["", "   \r\n", "\ufeff"])
def test_empty_files_are_reported(text: str) -> None:
    assert _import_each(text) == ["line 1: the file is empty"] * 4


# --- mapped import ----------------------------------------------------------------------------

MAPPING = {"text": "Message", "time": "Date", "link": "URL", "account": "Profile"}


def test_mapped_import_with_semicolons_bom_crlf_and_extra_columns() -> None:
    text = (
        "\ufeffProfile;Date;Notes;Message;URL\r\n"
        '@one;2027-03-02 10:30;x;"Hello; ""world""";https://a.b\r\n'
        ";;;No time, default account;\r\n"
    )
    rows = import_mapped(
        text,
        {"text": " message ", "time": "DATE", "link": "URL", "account": "Profile"},
        default_account="@default",
        tz="Europe/Berlin",
        date_formats=["%Y-%m-%d %H:%M"],
    )
    assert rows == [
        ExchangeRow(
            account="@one",
            text='Hello; "world"',
            scheduled_at=datetime(2027, 3, 2, 9, 30, tzinfo=UTC),
            link="https://a.b",
        ),
        ExchangeRow(account="@default", text="No time, default account", scheduled_at=None),
    ]


def test_mapped_import_tab_separated_with_hootsuite_format_names() -> None:
    text = "Date\tMessage\n02/03/2027 10:30\tTabbed, with comma\n"
    (only,) = import_mapped(
        text,
        {"text": "Message", "time": "Date"},
        default_account="@a",
        tz="UTC",
        date_formats=["dd/mm/yyyy hh:mm"],
    )
    assert only.text == "Tabbed, with comma"
    assert only.scheduled_at == datetime(2027, 3, 2, 10, 30, tzinfo=UTC)


def test_mapped_import_names_every_missing_column() -> None:
    text = "Date,Text\n02/03/2027 10:30,hi\n"
    with pytest.raises(ImportProblems) as info:
        import_mapped(text, MAPPING, default_account="@a", tz="UTC", date_formats=[])
    message = str(info.value)
    assert "no column 'Message' (mapped to text)" in message
    assert "no column 'URL' (mapped to link)" in message
    assert "no column 'Profile' (mapped to account)" in message
    assert "'Date', 'Text'" in message
    assert all(n == 1 for n, _ in info.value.problems)


def test_mapped_import_reports_all_bad_rows_with_spreadsheet_lines() -> None:
    text = (
        "Profile,Date,Message,URL\n"
        "@a,02/03/2027 10:30,ok,\n"
        "@a,not a date,bad,\n"
        "\n"
        "@a,02/03/2027 10:30,,\n"
        "@a,,fine without time,\n"
    )
    with pytest.raises(ImportProblems) as info:
        import_mapped(
            text, MAPPING, default_account="@a", tz="UTC", date_formats=["dd/mm/yyyy hh:mm"]
        )
    assert info.value.problems == [
        (3, "cannot read the date 'not a date' (expected 'dd/mm/yyyy hh:mm')"),
        (5, "the 'Message' column is empty"),
    ]


def test_mapped_import_rejects_bad_mapping() -> None:
    with pytest.raises(ConfigError, match="cannot map to colour"):
        import_mapped(
            "a\nb\n", {"text": "a", "colour": "b"}, default_account="", tz="UTC", date_formats=[]
        )
    with pytest.raises(ConfigError, match="which column holds the text"):
        import_mapped("a\nb\n", {"time": "a"}, default_account="", tz="UTC", date_formats=[])


def test_mapped_import_header_only_returns_nothing() -> None:
    assert (
        import_mapped(
            "Message\n", {"text": "Message"}, default_account="@a", tz="UTC", date_formats=[]
        )
        == []
    )


# --- our CSV and JSON -------------------------------------------------------------------------

FULL = ExchangeRow(
    account="@acme",
    text='Line one,\n"quoted"\r\nemoji 👩‍👩‍👧 flag 🇩🇪',
    scheduled_at=datetime(2027, 3, 2, 9, 30, 12, 345, tzinfo=UTC),
    link="https://ex.com/?a=1,2",
    state="approved",
    brand_score=0.1 + 0.2,
    findings=({"rule": "banned-word", "span": [0, 4], "level": "error", "note": None},),
)


def test_csv_has_header_and_json_findings() -> None:
    out = export_csv([FULL])
    records = parse(out)
    assert records[0][:9] == [
        "account",
        "text",
        "scheduled_at",
        "link",
        "state",
        "brand_score",
        "findings",
        "thread_parts",
        "in_reply_to",
    ]
    assert records[1][0] == "'@acme"  # a spreadsheet would read '@acme' as a formula
    assert records[1][2] == "2027-03-02T09:30:12.000345+00:00"
    assert json.loads(records[1][6]) == [dict(FULL.findings[0])]
    assert import_csv(out) == [FULL]


def test_json_round_trip_and_shape() -> None:
    out = export_json([FULL, row(when=None)])
    data = json.loads(out)
    assert data[1]["scheduled_at"] is None
    assert data[0]["brand_score"] == FULL.brand_score
    assert import_json(out) == [FULL, row(when=None)]


def test_csv_import_after_spreadsheet_resave_with_semicolons() -> None:
    resaved = export_csv([FULL]).replace('","', '";"')
    assert import_csv("\ufeff" + resaved) == [FULL]


def test_import_normalises_offsets_to_utc() -> None:
    text = export_csv([row()]).replace("2027-03-02T09:30:00+00:00", "2027-03-02T10:30:00+01:00")
    (only,) = import_csv(text)
    assert only.scheduled_at == datetime(2027, 3, 2, 9, 30, tzinfo=UTC)
    assert only.scheduled_at.utcoffset() == timedelta(0)


def test_csv_import_lists_every_bad_row() -> None:
    header = ",".join(
        ["account", "text", "scheduled_at", "link", "state", "brand_score", "findings"]
    )
    text = "\n".join(
        [
            header,
            "@a,ok,,,,,[]",
            "@a,naive,2027-03-02 10:30,,,,[]",
            "@a,score,,,,high,[]",
            "@a,findings,,,,,{not json",
            ",no account,,,,,",
            "@a,too few",
            "@a,objects,,,,,[1]",
        ]
    )
    with pytest.raises(ImportProblems) as info:
        import_csv(text)
    assert [n for n, _ in info.value.problems] == [3, 4, 5, 6, 7, 8]
    message = str(info.value)
    assert "line 3: scheduled_at '2027-03-02 10:30' has no time zone offset" in message
    assert "line 4: brand_score 'high' is not a number" in message
    assert "line 5: findings are not valid JSON" in message
    assert "line 6: account is missing" in message
    assert "line 7: has 2 cells" in message
    assert "line 8: findings must be a list of objects" in message


def test_csv_import_requires_our_columns() -> None:
    with pytest.raises(ImportProblems, match="lacks the column"):
        import_csv("Date,Message\n1,2\n")


def test_json_import_problems() -> None:
    with pytest.raises(ImportProblems, match="line 2: not valid JSON"):
        import_json('[\n{"account": }]')
    with pytest.raises(ImportProblems, match="expected a JSON array"):
        import_json('{"account": "@a"}')
    bad = json.dumps(
        [
            {"account": "@a", "text": "ok"},
            "text",
            {"account": "@a", "text": 5, "brand_score": "nan"},
            {"account": "@a", "text": "t", "scheduled_at": "tomorrow"},
            {"account": "@a", "text": "t", "brand_score": True},
        ]
    )
    with pytest.raises(ImportProblems) as info:
        import_json(bad)
    assert [n for n, _ in info.value.problems] == [2, 3, 3, 4, 5]
    assert str(info.value).startswith("item 2: is not a JSON object")


def test_row_requires_aware_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ExchangeRow(account="@a", text="t", scheduled_at=datetime(2027, 1, 1))


# --- property: export -> import is lossless ---------------------------------------------------

_odd_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=["Cs"]),
        st.sampled_from([",", ";", '"', "\n", "\r", "\r\n", "\t", "\ufeff", "👩‍👩‍👧", "🇩🇪", "é"]),
    ),
    max_size=20,
).map("".join)
_json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    _odd_text,
)
_json = st.recursive(
    _json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(_odd_text, inner, max_size=3)
    ),
    max_leaves=6,
)
_rows = st.builds(
    ExchangeRow,
    account=_odd_text.filter(lambda s: s.strip() != ""),
    text=_odd_text,
    scheduled_at=st.one_of(
        st.none(),
        st.datetimes(
            min_value=datetime(1, 1, 2),
            max_value=datetime(9999, 12, 30),
            timezones=st.just(UTC),
        ),
    ),
    link=_odd_text,
    state=_odd_text,
    brand_score=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    findings=st.lists(st.dictionaries(_odd_text, _json, max_size=3), max_size=3).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_rows, max_size=4))
def test_round_trip_is_lossless(rows: list[ExchangeRow]) -> None:
    assert import_json(export_json(rows)) == rows
    assert import_csv(export_csv(rows)) == rows
