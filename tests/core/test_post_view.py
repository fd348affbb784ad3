"""The preview as X shows it: display URLs, entity segments, thread parts."""

from __future__ import annotations

import pytest

from composer.core.post_view import SegmentKind, display_url, post_segments, preview
from composer.core.threads import split_parts


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://northwindtrail.com/boots", "northwindtrail.com/boots"),
        ("http://www.northwindtrail.com/", "northwindtrail.com"),
        ("northwindtrail.com", "northwindtrail.com"),
        (
            "https://www.northwindtrail.com/boots/winter-collection-2026",
            "northwindtrail.com/boots/w\u2026",
        ),
        ("HTTPS://Example.com/a", "Example.com/a"),
    ],
)
def test_display_url(url: str, shown: str) -> None:
    assert display_url(url) == shown


def test_segments_cover_the_text_and_mark_entities() -> None:
    text = "Hi @northwind, #TrailPro $NWT at https://northwindtrail.com/boots/winter-collection."
    segments = post_segments(text)
    assert "".join(s.source for s in segments) == text
    kinds = [s.kind for s in segments if s.kind is not SegmentKind.TEXT]
    assert kinds == [SegmentKind.MENTION, SegmentKind.HASHTAG, SegmentKind.CASHTAG, SegmentKind.URL]
    url = next(s for s in segments if s.kind is SegmentKind.URL)
    assert url.shown == "northwindtrail.com/boots/w\u2026"


def test_preview_uses_the_thread_parts() -> None:
    text = "First part\n---\nSecond https://n.example.com/x"
    parts = preview(text)
    assert [p.index for p in parts] == [1, 2]
    assert all(p.count == 2 for p in parts)
    assert tuple("".join(s.source for s in p.segments) for p in parts) == split_parts(text)
    assert parts[1].shown_text == "Second n.example.com/x"


def test_emoji_and_plain_text() -> None:
    (part,) = preview("Boots 🥾🏔️ back")
    assert part.shown_text == "Boots 🥾🏔️ back"
