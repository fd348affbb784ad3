"""The composer's X faces: the preview tab and the cost next to the counter, with the prices.

One object the main window creates and wires (:meth:`XPanels.connect_to`), so the window
keeps to building the frame: it reads the workspace's price table once
(``[costs]`` in workspace.toml; X's published prices when absent or unreadable, and
:attr:`problem` says why) and hands the same table to the preview, the cost badge and the
queue page.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, SignalInstance, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from composer.core.cost import PriceTable
from composer.core.errors import KnownError
from composer.core.guide.model import Account
from composer.core.media import MediaKind
from composer.services.media_files import LoadedMedia
from composer.services.workspace import Workspace
from composer.ui.editor.cost_badge import CostBadge
from composer.ui.editor.media_strip import MediaStrip
from composer.ui.editor.post_preview import PostPreview


class XPanels(QObject):
    """The post preview and the cost badge, fed the draft text and the account."""

    def __init__(self, workspace: Workspace | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.problem = ""
        self.prices = PriceTable()
        if workspace is not None:
            from composer.services.x_settings import load_prices  # noqa: PLC0415

            try:
                self.prices = load_prices(workspace.root)
            except KnownError as exc:
                self.problem = str(exc)
        self.preview = PostPreview()
        self.preview.set_prices(self.prices)
        self.cost_badge = CostBadge()
        self.cost_badge.set_prices(self.prices)
        self._text = ""

    @Slot(object)
    def set_prices(self, prices: PriceTable) -> None:
        """Price posts with ``prices`` from now on (Settings ▸ X Prices… saved a new table)."""
        self.prices = prices
        self.problem = ""
        self.preview.set_prices(prices)
        self.cost_badge.set_prices(prices)
        self._on_draft_changed(self._text)  # priced again at once

    def connect_to(self, draft_changed: SignalInstance, account_changed: SignalInstance) -> None:
        """Follow the editor's text and the account switcher."""
        draft_changed.connect(self._on_draft_changed)
        account_changed.connect(self._on_account_changed)

    def attach_media(self, strip: MediaStrip) -> None:
        """Show ``strip``'s media (the draft's attachments) in the preview's grid."""
        self.preview.set_media_source(lambda: [thumbnail(m) for m in strip.media()])
        strip.media_changed.connect(self._on_media_changed)

    @Slot(object)
    def _on_media_changed(self, _media: object) -> None:
        self.preview.refresh()

    @Slot(str)
    def _on_draft_changed(self, text: str) -> None:
        self._text = text
        self.cost_badge.set_text(text)
        self.preview.set_text(text)

    @Slot(object)
    def _on_account_changed(self, account: Account | None) -> None:
        if account is not None:
            self.preview.set_account(account.handle)


def thumbnail(media: LoadedMedia) -> tuple[QPixmap, str]:
    """A picture for the preview's grid (a dark tile with a play mark for a video)."""
    image = QImage()
    if media.data is not None and media.item.kind is not MediaKind.VIDEO:
        image.loadFromData(media.data)
    if not image.isNull():
        return QPixmap.fromImage(image), media.item.alt_text
    tile = QPixmap(160, 160)
    tile.fill(QColor("#20242a"))
    painter = QPainter(tile)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(tile.rect(), Qt.AlignmentFlag.AlignCenter, "\u25b6")
    painter.end()
    return tile, media.item.alt_text
