"""Issue 19 item 3: one finding per problem, carrying every span it marks."""

from __future__ import annotations

import pytest

from composer.core.findings import Finding, Level, Source
from composer.core.offsets import remap_findings
from composer.store.records import finding_from_json, finding_to_json


def one(start: int = 2, end: int = 5) -> Finding:
    return Finding(rule="T.R", level=Level.WARNING, message="m", start=start, end=end)


def test_a_finding_without_spans_has_its_one_span() -> None:
    assert one().spans == ((2, 5),)
    assert one() == Finding(
        rule="T.R", level=Level.WARNING, message="m", start=2, end=5, spans=((2, 5),)
    )


def test_spanning_sorts_drops_repeats_and_starts_at_the_first() -> None:
    f = Finding.spanning(
        [(9, 10), (1, 2), (9, 10)],
        rule="Tone.Emoji",
        level=Level.WARNING,
        message="m",
        source=Source.TONE,
    )
    assert f.spans == ((1, 2), (9, 10))
    assert (f.start, f.end) == (1, 2)
    assert f.last_end == 10
    with pytest.raises(ValueError, match="at least one span"):
        Finding.spanning([], rule="X", level=Level.ERROR, message="m")


def test_first_span_must_be_start_and_end() -> None:
    with pytest.raises(ValueError, match="first span"):
        Finding(rule="X", level=Level.ERROR, message="m", start=0, end=1, spans=((3, 4),))


def test_shifted_moves_every_span() -> None:
    f = Finding.spanning([(1, 2), (5, 6)], rule="X", level=Level.ERROR, message="m")
    moved = f.shifted(10)
    assert moved.spans == ((11, 12), (15, 16))
    assert (moved.start, moved.end) == (11, 12)


def test_store_snapshot_round_trips_spans_and_reads_old_ones() -> None:
    f = Finding.spanning([(1, 2), (5, 6)], rule="X", level=Level.ERROR, message="m")
    assert finding_from_json(finding_to_json(f)) == f
    old = finding_to_json(one())
    del old["spans"]
    assert finding_from_json(old) == one()


def test_remap_keeps_a_many_span_finding_before_an_edit_and_moves_one_after() -> None:
    text = "ab!! cd!! and more"
    f = Finding.spanning([(2, 4), (7, 9)], rule="X", level=Level.ERROR, message="m")
    # Typing at the end: both spans are before the edit.
    assert remap_findings((f,), text, text + " yes") == (f,)
    # Typing at the start: both spans move on.
    assert remap_findings((f,), text, "xx" + text) == (f.shifted(2),)
    # Typing between the spans: the finding is dropped until the next check.
    assert remap_findings((f,), text, text[:5] + "zz" + text[5:]) == ()
