"""The media strip: attach by button path, drop and paste; reorder, remove, alt text."""

from __future__ import annotations

from pathlib import Path

from helpers.media_files import png
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QImage

from composer.ui.editor.media_strip import MediaStrip

RED = png(40, 30, (220, 30, 30))
BLUE = png(40, 30, (30, 30, 220))
GREEN = png(40, 30, (30, 200, 30))


def files(tmp_path: Path, *datas: bytes) -> list[Path]:
    paths = []
    for n, data in enumerate(datas):
        path = tmp_path / f"file{n}.png"
        path.write_bytes(data)
        paths.append(path)
    return paths


def strip(qtbot: QtBot) -> MediaStrip:
    widget = MediaStrip()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_attach_shows_thumbnails_and_reports_the_change(qtbot: QtBot, tmp_path: Path) -> None:
    widget = strip(qtbot)
    with qtbot.waitSignal(widget.media_changed) as blocker:
        widget.add_files(files(tmp_path, RED, BLUE))
    assert [m.data for m in blocker.args[0]] == [RED, BLUE]
    assert len(widget.cards) == 2
    assert not widget.cards[0].thumb.pixmap().isNull()
    assert widget.cards[0].thumb.accessibleName() == "Picture 1"
    assert not widget.cards[0].left.isEnabled() and widget.cards[0].right.isEnabled()


def test_alt_text_reorder_and_remove(qtbot: QtBot, tmp_path: Path) -> None:
    widget = strip(qtbot)
    widget.add_files(files(tmp_path, RED, BLUE, GREEN))
    qtbot.keyClicks(widget.cards[0].alt, "A red square")
    assert widget.media()[0].item.alt_text == "A red square"
    with qtbot.waitSignal(widget.media_changed):
        widget.cards[0].right.click()  # red moves right
    assert [m.data for m in widget.media()] == [BLUE, RED, GREEN]
    assert widget.cards[1].alt.text() == "A red square"  # the alt text moved with its picture
    with qtbot.waitSignal(widget.media_changed):
        widget.cards[2].remove.click()
    assert [m.data for m in widget.media()] == [BLUE, RED]
    assert [m.item.alt_text for m in widget.media()] == ["", "A red square"]


def test_a_refused_file_is_named_and_the_rest_kept(qtbot: QtBot, tmp_path: Path) -> None:
    widget = strip(qtbot)
    bad = tmp_path / "notes.png"
    bad.write_bytes(b"plain text, not a picture")
    widget.add_files([*files(tmp_path, RED), bad])
    assert len(widget.media()) == 1
    assert widget.message.isVisible()
    assert widget.message.text().startswith("notes.png is not an image, GIF or video X takes")


def test_a_fifth_picture_is_refused_with_xs_limit(qtbot: QtBot, tmp_path: Path) -> None:
    widget = strip(qtbot)
    widget.add_files(files(tmp_path, *[png(colour=(i, 9, 9)) for i in range(4)]))
    extra = tmp_path / "extra.png"
    extra.write_bytes(RED)
    widget.add_files([extra])
    assert len(widget.media()) == 4
    assert widget.message.text() == "5 images: X takes at most 4 on one post"


def test_drop_and_paste(qtbot: QtBot, tmp_path: Path) -> None:
    widget = strip(qtbot)
    dropped = QMimeData()
    dropped.setUrls([QUrl.fromLocalFile(str(p)) for p in files(tmp_path, RED)])
    assert widget.paste(dropped)
    image = QImage(20, 10, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    pasted = QMimeData()
    pasted.setImageData(image)
    with qtbot.waitSignal(widget.media_changed):
        assert widget.paste(pasted)
    assert [m.item.mime for m in widget.media()] == ["image/png", "image/png"]
    assert not widget.paste(QMimeData())  # nothing to attach


def test_read_only_strip_shows_alt_texts(qtbot: QtBot, tmp_path: Path) -> None:
    editable = strip(qtbot)
    editable.add_files(files(tmp_path, RED))
    editable.set_alt_text(0, "A red square")
    view = MediaStrip(editable=False)
    qtbot.addWidget(view)
    view.set_media(editable.media())
    view.show()
    assert view.cards[0].alt_label.text() == "A red square"
    assert not view.add_button.isVisible()
