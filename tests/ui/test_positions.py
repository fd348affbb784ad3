"""Python index <-> Qt position conversion with emoji, flags, ZWJ sequences and CJK."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from composer.ui.positions import PositionMap, from_qt, to_qt

FAMILY = "👨\u200d👩\u200d👧"  # three astral code points joined by two ZWJs
FLAG = "🇬🇧"


@pytest.mark.parametrize(
    ("text", "index", "qt"),
    [
        ("abc", 2, 2),
        ("😀abc", 1, 2),
        ("😀abc", 3, 4),
        (FAMILY + "x", 5, 8),
        (FLAG + " ok", 2, 4),
        ("日本語😀", 3, 3),
        ("日本語😀", 4, 5),
    ],
)
def test_known_positions(text: str, index: int, qt: int) -> None:
    assert to_qt(text, index) == qt
    assert from_qt(text, qt) == index


@given(st.text())
def test_round_trip(text: str) -> None:
    positions = PositionMap.of(text)
    for index in range(len(text) + 1):
        assert positions.from_qt(positions.to_qt(index)) == index
    assert positions.to_qt(len(text)) == len(text.encode("utf-16-le")) // 2


def test_span_to_qt_after_flag() -> None:
    positions = PositionMap.of(FLAG + " guaranteed")
    assert positions.span_to_qt(3, 13) == (5, 10)
