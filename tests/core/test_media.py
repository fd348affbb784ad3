"""Media rules: types told by content, X's size and count limits, alt text, the quota."""

from __future__ import annotations

import pytest
from helpers.media_files import gif_header, item_of, mp4_header, png

from composer.core.media import (
    ALT_TEXT_LIMIT,
    MB,
    MediaError,
    MediaItem,
    MediaKind,
    check_file,
    check_set,
    chunk_ranges,
    quota_problem,
    set_problems,
    sniff_type,
)


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (png(), "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"GIF87a" + b"\x00" * 10, "image/gif"),
        (gif_header(), "image/gif"),
        (mp4_header(), "video/mp4"),
        (mp4_header(brand=b"qt  "), "video/quicktime"),
        (b"%PDF-1.7\n", None),
        (b"", None),
        (b"<svg xmlns=", None),
    ],
)
def test_the_type_is_told_by_the_first_bytes(head: bytes, mime: str | None) -> None:
    assert sniff_type(head[:32]) == mime


def test_a_file_named_like_a_picture_but_not_one_is_refused_by_name() -> None:
    with pytest.raises(MediaError, match=r"^holiday\.png is not an image, GIF or video"):
        check_file("holiday.png", b"%PDF-1.7\n", 1000)


@pytest.mark.parametrize(
    ("head", "limit_mb", "kind"),
    [(png(), 5, "an image"), (gif_header(), 15, "a GIF"), (mp4_header(), 512, "a video")],
)
def test_each_kind_has_its_size_limit(head: bytes, limit_mb: int, kind: str) -> None:
    assert check_file("f", head, limit_mb * MB) == sniff_type(head[:32])
    with pytest.raises(
        MediaError, match=rf"^f is {limit_mb}\.0 MB; X takes {kind} of at most {limit_mb} MB"
    ):
        check_file("f", head, limit_mb * MB + 1)


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(MediaError, match="is empty"):
        check_file("f", png(), 0)


def _image(n: int, alt: str = "") -> MediaItem:
    return item_of(png(colour=(n, n, n)), alt)


def test_four_images_go_on_a_post_five_do_not() -> None:
    assert set_problems([_image(i) for i in range(4)]) == []
    assert set_problems([_image(i) for i in range(5)]) == [
        "5 images: X takes at most 4 on one post"
    ]


def test_a_gif_or_video_goes_alone() -> None:
    gif = item_of(gif_header())
    video = item_of(mp4_header())
    assert gif.kind is MediaKind.GIF and video.kind is MediaKind.VIDEO
    assert set_problems([gif]) == [] and set_problems([video]) == []
    for mixed in ([gif, _image(1)], [video, gif], [_image(1), video]):
        with pytest.raises(MediaError, match="goes on a post alone"):
            check_set(mixed)


def test_alt_text_is_at_most_1000_characters_and_a_file_is_attached_once() -> None:
    assert set_problems([_image(1, "x" * ALT_TEXT_LIMIT)]) == []
    problems = set_problems([_image(1), _image(2, "y" * 1001), _image(1)])
    assert problems == [
        "the alt text of item 2 has 1001 characters; X takes at most 1000",
        "item 3 is the same file as an earlier one",
    ]


def test_the_quota_counts_only_what_is_new() -> None:
    assert quota_problem(900, 100, 1000) is None
    assert quota_problem(900, 0, 800) is None  # nothing new: never refused
    assert quota_problem(0, 10, None) is None
    problem = quota_problem(900 * 1024, 200 * 1024, 1000 * 1024)
    assert problem is not None and problem.startswith("the workspace's media would take 1.1 MB")


def test_chunks_cover_the_file_exactly() -> None:
    assert chunk_ranges(10, 4) == [(0, 4), (4, 8), (8, 10)]
    assert chunk_ranges(8, 4) == [(0, 4), (4, 8)]
    assert chunk_ranges(0, 4) == []
    with pytest.raises(ValueError, match="positive"):
        chunk_ranges(10, 0)
