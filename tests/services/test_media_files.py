"""Reading attached files: by content, with X's limits, and a clear message when refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.media_files import png

from composer.core.media import MB, MediaError
from composer.services.media_files import media_from_bytes, read_media


def test_a_picture_named_anything_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "holiday.dat"
    path.write_bytes(png())
    loaded = read_media(path)
    assert loaded.item.mime == "image/png" and loaded.data == png()
    assert loaded.item.size == len(png()) and len(loaded.item.sha256) == 64


def test_a_document_named_like_a_picture_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    with pytest.raises(MediaError, match=r"^photo\.png is not an image, GIF or video X takes"):
        read_media(path)


def test_a_picture_over_5_mb_is_refused_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as handle:
        handle.write(png())
        handle.truncate(5 * MB + 1)
    with pytest.raises(
        MediaError, match=r"^huge\.png is 5\.0 MB; X takes an image of at most 5 MB"
    ):
        read_media(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match=r"gone\.png"):
        read_media(tmp_path / "gone.png")


def test_pasted_bytes_are_checked_the_same_way() -> None:
    assert media_from_bytes("the pasted image", png()).item.mime == "image/png"
    with pytest.raises(MediaError, match=r"^the pasted image is not"):
        media_from_bytes("the pasted image", b"hello")
