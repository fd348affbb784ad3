"""The post as X shows it: links in their t.co display form, entities coloured, thread parts.

What is shown is decided in the core (:func:`composer.core.post_view.preview`: display URLs
and entity segments per thread part; :func:`composer.core.cost.post_cost` for each part's
price); this widget only draws it, one card per post, with the account's name above and the
media grid under the first post (:meth:`PostPreview.set_media`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from composer.core.cost import PriceTable, format_amount, post_cost
from composer.core.post_view import PreviewPart, SegmentKind, preview

#: X's link and entity blue.
ENTITY_COLOR = "#1d9bf0"
#: The media grid's cell size (X shows up to four images in a 2 x 2 grid).
_THUMB = 150
#: Thumbnails with their alt text, as the grid shows them.
Thumbnails = Sequence[tuple[QPixmap, str]]


def part_html(part: PreviewPart) -> str:
    """One post as rich text: entities coloured, links in display form, line breaks kept."""
    out: list[str] = []
    for segment in part.segments:
        text = html.escape(segment.shown).replace("\n", "<br>")
        if segment.kind is SegmentKind.TEXT:
            out.append(text)
        elif segment.kind is SegmentKind.URL:
            title = html.escape(segment.source, quote=True)
            out.append(f'<span style="color:{ENTITY_COLOR}" title="{title}">{text}</span>')
        else:
            out.append(f'<span style="color:{ENTITY_COLOR}">{text}</span>')
    return "".join(out)


#: Where each picture goes in X's grid, by count: (row, column, rows spanned).
_GRID: dict[int, tuple[tuple[int, int, int], ...]] = {
    1: ((0, 0, 1),),
    2: ((0, 0, 1), (0, 1, 1)),
    3: ((0, 0, 2), (0, 1, 1), (1, 1, 1)),
    4: ((0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1)),
}


def _cell_size(count: int, index: int, pixmap: QPixmap) -> tuple[int, int]:
    """A grid cell's size as X lays out 1-4 pictures (one alone keeps its shape)."""
    wide = 2 * _THUMB + 2
    if count == 1:
        ratio = pixmap.height() / pixmap.width() if pixmap.width() else 1.0
        return wide, max(1, min(int(wide * ratio), wide))
    if count == 3 and index == 0:
        return _THUMB, wide
    return _THUMB, _THUMB


def _cropped(pixmap: QPixmap, width: int, height: int) -> QPixmap:
    """``pixmap`` filling ``width`` x ``height``, cut around its centre (as X crops)."""
    scaled = pixmap.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    left = (scaled.width() - width) // 2
    top = (scaled.height() - height) // 2
    return scaled.copy(left, top, width, height)


class _PostCard(QFrame):
    """One post: the account, the text as X shows it, and its number and price in a thread."""

    def __init__(
        self, part: PreviewPart, account: str, price: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("xPostCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        name = QLabel(account)
        name.setStyleSheet("font-weight: 700;")
        header.addWidget(name)
        header.addStretch(1)
        where = (
            self.tr("%1/%2").replace("%1", str(part.index)).replace("%2", str(part.count))
            if part.count > 1
            else ""
        )
        meta = QLabel(" · ".join(p for p in (where, price) if p))
        meta.setAccessibleName(self.tr("Post number and cost"))
        header.addWidget(meta)
        self.body = QLabel(part_html(part))
        self.body.setObjectName("xPostText")
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName(self.tr("Post %1 as X shows it").replace("%1", str(part.index)))
        self.body.setStyleSheet("font-size: 15px;")
        layout.addLayout(header)
        layout.addWidget(self.body)
        self.media = QWidget()
        self.media_grid = QGridLayout(self.media)
        self.media_grid.setContentsMargins(0, 4, 0, 0)
        self.media_grid.setSpacing(2)
        self.media.hide()
        layout.addWidget(self.media)

    def set_media(self, items: Sequence[tuple[QPixmap, str]]) -> None:
        """Show up to four thumbnails as X's grid (one, two side by side, three, or 2 x 2)."""
        while self.media_grid.count():
            item = self.media_grid.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        shown = items[:4]
        for n, (pixmap, alt) in enumerate(shown):
            cell = QLabel()
            cell.setPixmap(_cropped(pixmap, *_cell_size(len(shown), n, pixmap)))
            cell.setAccessibleName(alt or self.tr("Image without alt text"))
            cell.setToolTip(alt)
            row, column, rows = _GRID[len(shown)][n]
            self.media_grid.addWidget(cell, row, column, rows, 1)
        self.media.setVisible(bool(items))


class PostPreview(QWidget):
    """The draft as X will show it, post by post (a side tab of the composer)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Preview as X shows it"))
        self._account = ""
        self._prices = PriceTable()
        self._media: tuple[tuple[QPixmap, str], ...] = ()
        self._media_source: Callable[[], Thumbnails] | None = None
        self._text = ""
        self.cards: list[_PostCard] = []
        self._hint = QLabel(
            self.tr(
                "How X will show the post: links shortened as t.co shows them, mentions and "
                "hashtags coloured, each post of a thread on its own."
            )
        )
        self._hint.setWordWrap(True)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName(self.tr("Posts as X shows them"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        layout = QVBoxLayout(self)
        layout.addWidget(self._hint)
        layout.addWidget(scroll, 1)

    def set_prices(self, prices: PriceTable) -> None:
        """Price each post with ``prices`` (the workspace's table)."""
        self._prices = prices

    def set_account(self, account: str) -> None:
        """The account the post goes out as (shown above each post)."""
        self._account = account
        self.set_text(self._text)

    def set_media(self, items: Sequence[tuple[QPixmap, str]]) -> None:
        """The draft's media (thumbnail, alt text), shown under the first post.

        The hook for the draft's attachments: the composer passes them when a draft has any.
        """
        self._media = tuple(items)
        if self.cards:
            self.cards[0].set_media(self._media)

    def set_media_source(self, source: Callable[[], Thumbnails]) -> None:
        """Read the draft's media from ``source`` each time the preview is drawn."""
        self._media_source = source
        self.set_text(self._text)

    def set_text(self, text: str) -> None:
        """Show ``text`` (the whole draft) as X would; drawn when the preview is on screen."""
        self._text = text
        if self.isVisible():
            self._draw()

    def refresh(self) -> None:
        """Draw again (the draft's media changed), now if shown, else when shown."""
        self.set_text(self._text)

    def showEvent(self, event: QShowEvent) -> None:
        """Draw the draft as it is now (text or media may have changed while hidden)."""
        self._draw()
        super().showEvent(event)

    def _draw(self) -> None:
        text = self._text
        while self._list_layout.count() > 1:
            item = self._list_layout.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.cards = []
        if not text.strip():
            return
        parts = preview(text)
        prices = post_cost(text, self._prices).parts
        for part, price in zip(parts, prices, strict=True):
            card = _PostCard(part, self._account, format_amount(price, self._prices.currency))
            self._list_layout.insertWidget(self._list_layout.count() - 1, card)
            self.cards.append(card)
        media = tuple(self._media_source()) if self._media_source is not None else self._media
        if media:
            self.cards[0].set_media(media)
