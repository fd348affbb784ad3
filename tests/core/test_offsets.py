"""UTF-16 <-> Python index conversion and re-mapping findings across edits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composer.core.findings import Finding, Level
from composer.core.offsets import index_to_utf16, remap_findings, utf16_span, utf16_to_index


def qt_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("text", "index", "units"),
    [
        ("abc", 2, 2),
        ("😀x", 1, 2),
        ("😀x", 2, 3),
        ("🇺🇸!", 2, 4),  # a flag is two regional indicators, each astral
        ("👩‍👩‍👧x", 5, 8),  # ZWJ sequence: 3 astral + 2 joiners
        ("é", 1, 1),  # BMP, one unit
        ("𝐁", 1, 2),
        ("", 0, 0),
    ],
)
def test_known_values(text: str, index: int, units: int):
    assert index_to_utf16(text, index) == units
    assert utf16_to_index(text, units) == index


def test_inside_a_surrogate_pair_rounds_down_or_up():
    assert utf16_to_index("a😀b", 2) == 1
    assert utf16_to_index("a😀b", 2, round_up=True) == 2
    assert utf16_span("a😀b", 1, 1) == (1, 2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: utf16_to_index("ab", 3), "past the end"),
        (lambda: utf16_to_index("ab", -1), "negative"),
        (lambda: index_to_utf16("ab", 3), "outside the text"),
        (lambda: utf16_span("ab", 0, -1), "negative"),
    ],
)
def test_out_of_range_is_a_clear_error(call, message: str):
    with pytest.raises(ValueError, match=message):
        call()


@given(st.text(), st.data())
def test_round_trip_on_fuzzed_unicode(text: str, data: st.DataObject):
    index = data.draw(st.integers(0, len(text)))
    units = index_to_utf16(text, index)
    assert units == qt_length(text[:index])
    assert utf16_to_index(text, units) == index
    assert index_to_utf16(text, len(text)) == qt_length(text)


@given(st.text(), st.data())
def test_spans_stay_in_bounds(text: str, data: st.DataObject):
    total = qt_length(text)
    offset = data.draw(st.integers(0, total))
    length = data.draw(st.integers(0, total - offset))
    start, end = utf16_span(text, offset, length)
    assert 0 <= start <= end <= len(text)
    assert qt_length(text[:start]) <= offset
    assert qt_length(text[:end]) >= offset + length


def f(start: int, end: int) -> Finding:
    return Finding("R", Level.WARNING, "m", start, end)


def test_remap_keeps_before_moves_after_drops_touched():
    old = "teh cat and recieve dog"
    new = "teh cat, and so recieve dog"
    found = remap_findings([f(0, 3), f(4, 7), f(12, 19)], old, new)
    assert [(x.start, x.end) for x in found] == [(0, 3), (16, 23)]
    assert new[16:23] == "recieve"


def test_remap_same_text_keeps_all_and_typing_onto_word_drops_it():
    assert remap_findings([f(0, 3)], "teh", "teh") == (f(0, 3),)
    assert remap_findings([f(0, 3)], "teh", "tehx") == ()
    assert remap_findings([f(2, 5)], "a teh", "xa teh") == (f(3, 6),)


@given(st.text(max_size=30), st.text(max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_remap_spans_stay_in_bounds_and_text_matches(old: str, new: str, a: int, b: int):
    start, end = sorted((min(a, len(old)), min(b, len(old))))
    for moved in remap_findings([f(start, end)], old, new):
        assert 0 <= moved.start <= moved.end <= len(new)
        assert new[moved.start : moved.end] == old[start:end]
