"""The preview as X shows it and the cost beside the counter, in the real window."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from helpers.media_files import png
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap

from composer.core.cost import PriceTable
from composer.core.threads import split_parts
from composer.ui.editor.cost_badge import CostBadge
from composer.ui.editor.post_preview import ENTITY_COLOR, PostPreview
from composer.ui.main_window import MainWindow

LINKED = "Boots are back @NorthwindTrail #TrailPro https://www.northwindtrail.com/boots/winter-2026"


def test_preview_shows_display_urls_and_coloured_entities(qtbot: QtBot) -> None:
    preview = PostPreview()
    qtbot.addWidget(preview)
    preview.set_account("@NorthwindTrail")
    preview.show()
    preview.set_text(LINKED + "\n---\nPart two")
    assert len(preview.cards) == 2
    first = preview.cards[0].body.text()
    assert "northwindtrail.com/boots/w\u2026" in first
    assert "https://www." not in first.split('title="')[0]  # shown without the scheme
    assert first.count(ENTITY_COLOR) == 3  # mention, hashtag, link
    assert preview.cards[1].body.text() == "Part two"
    texts = [label.text() for card in preview.cards for label in card.findChildren(type(card.body))]
    assert "1/2 · $0.200" in texts and "2/2 · $0.015" in texts


def test_preview_draws_when_shown_and_keeps_the_media_hook(qtbot: QtBot) -> None:
    preview = PostPreview()
    qtbot.addWidget(preview)
    preview.set_text("Hidden while typing")
    assert preview.cards == []  # not on screen: nothing drawn yet
    preview.show()
    assert [c.body.text() for c in preview.cards] == ["Hidden while typing"]
    image = QPixmap(40, 30)
    image.fill(QColor("#336699"))
    preview.set_media([(image, "A red boot on a rock"), (image, "")])
    assert not preview.cards[0].media.isHidden()
    assert preview.cards[0].media_grid.count() == 2


def test_cost_badge_offers_the_link_move_honestly(qtbot: QtBot) -> None:
    badge = CostBadge()
    qtbot.addWidget(badge)
    badge.show()
    badge.set_text("Plain words")
    assert badge.label.text() == "$0.015 on X"
    assert badge.move_button.isHidden()
    badge.set_text(LINKED)
    assert badge.label.text() == "$0.200 on X · link"
    assert not badge.move_button.isHidden()
    assert "$0.215 instead of $0.200 ($0.015 more)" in badge.move_button.toolTip()
    with qtbot.waitSignal(badge.text_replaced, timeout=1000) as signal:
        qtbot.mouseClick(badge.move_button, Qt.MouseButton.LeftButton)
    assert split_parts(signal.args[0])[1] == "https://www.northwindtrail.com/boots/winter-2026"
    badge.set_prices(PriceTable(post_with_link=Decimal("0.015")))
    badge.set_text(LINKED)
    assert badge.move_button.isHidden()  # a link costs no more: nothing to offer


def test_window_shows_cost_and_preview_and_applies_the_move(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    main_window.editor.setPlainText(LINKED)
    badge = main_window.x_panels.cost_badge
    assert badge.label.text() == "$0.200 on X · link"
    main_window.side_tabs.setCurrentWidget(main_window.x_panels.preview)
    cards = main_window.x_panels.preview.cards
    assert len(cards) == 1 and "northwindtrail.com/boots/w\u2026" in cards[0].body.text()
    qtbot.mouseClick(badge.move_button, Qt.MouseButton.LeftButton)
    text = main_window.editor.toPlainText()
    assert len(split_parts(text)) == 2
    assert badge.label.text() == "$0.215 on X · 2 posts · link"
    assert len(main_window.x_panels.preview.cards) == 2
    main_window.editor.undo()  # one undoable edit
    assert main_window.editor.toPlainText() == LINKED


def test_window_preview_shows_the_drafts_media_with_alt_text(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    picture = tmp_path / "boot.png"
    picture.write_bytes(png(40, 30))
    main_window.editor.setPlainText("New boots are in")
    main_window.side_tabs.setCurrentWidget(main_window.x_panels.preview)
    main_window.media_strip.add_files([picture])
    main_window.media_strip.set_alt_text(0, "A red boot on a rock")
    (card,) = main_window.x_panels.preview.cards
    assert not card.media.isHidden()
    cells = [card.media_grid.itemAt(i).widget() for i in range(card.media_grid.count())]
    assert [c.accessibleName() for c in cells] == ["A red boot on a rock"]
    main_window.media_strip.remove_item(0)
    assert main_window.x_panels.preview.cards[0].media.isHidden()


def test_media_grid_lays_out_like_x(qtbot: QtBot) -> None:
    preview = PostPreview()
    qtbot.addWidget(preview)
    preview.show()
    preview.set_text("Four pictures")
    wide = QPixmap(400, 200)
    wide.fill(QColor("#336699"))
    for count, spans in ((1, [(0, 0, 1)]), (3, [(0, 0, 2), (0, 1, 1), (1, 1, 1)])):
        preview.set_media([(wide, f"picture {n}") for n in range(count)])
        grid = preview.cards[0].media_grid
        assert [grid.getItemPosition(i)[:3] for i in range(grid.count())] == spans
    single = QPixmap(400, 200)
    preview.set_media([(single, "one")])
    cell = preview.cards[0].media_grid.itemAt(0).widget()
    assert cell.pixmap().width() == 2 * cell.pixmap().height()  # one picture keeps its shape
