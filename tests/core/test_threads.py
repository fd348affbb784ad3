"""Threads written as one draft with ``---`` lines between the parts."""

from __future__ import annotations

from composer.core.findings import Finding, Level
from composer.core.threads import check_parts, is_thread, part_spans, split_parts


def test_a_text_without_separators_is_one_part() -> None:
    assert split_parts("just one post") == ("just one post",)
    assert not is_thread("a --- b")  # a separator is a line of its own
    assert part_spans("") == [(0, 0)]


def test_parts_split_on_separator_lines() -> None:
    text = "first part\n---\nsecond 😀 part\n  ---  \nthird"
    assert split_parts(text) == ("first part", "second 😀 part", "third")
    assert is_thread(text)
    for (start, end), part in zip(part_spans(text), split_parts(text), strict=True):
        assert text[start:end] == part


def test_empty_parts_are_dropped() -> None:
    assert split_parts("one\n---\n\n---\ntwo\n---\n") == ("one", "two")


def test_findings_move_to_their_part() -> None:
    text = "ok\n---\nbad word here"

    def check(part: str) -> list[Finding]:
        i = part.find("bad")
        return [Finding("X.Bad", Level.ERROR, "no", i, i + 3)] if i >= 0 else []

    (finding,) = check_parts(text, check)
    assert text[finding.start : finding.end] == "bad"
