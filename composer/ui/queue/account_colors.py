"""One colour per account, the same in the queue list and the week view, light or dark."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from composer.ui import palette

# The golden angle spreads any number of hues as far apart as they can be.
_GOLDEN_ANGLE = 137.508


class AccountColors:
    """Colours for a list of accounts, by their place in it (sorted, so they stay put)."""

    def __init__(self, accounts: Iterable[str] = ()) -> None:
        self._index = {handle: n for n, handle in enumerate(sorted(set(accounts)))}
        self._swatches: dict[tuple[str, bool], QIcon] = {}

    def color(self, account: str) -> QColor:
        """The block colour of ``account`` (soft on a light palette, deep on a dark one)."""
        index = self._index.get(account, len(self._index))
        hue = int(index * _GOLDEN_ANGLE + 200) % 360
        if palette.is_dark():
            return QColor.fromHsv(hue, 150, 130)
        return QColor.fromHsv(hue, 90, 245)

    def border(self, account: str) -> QColor:
        """A stronger shade of the account's colour for outlines and swatches."""
        base = self.color(account)
        return base.lighter(150) if palette.is_dark() else base.darker(150)

    def swatch(self, account: str, size: int = 12) -> QIcon:
        """A small filled square in the account's colour (for lists and legends)."""
        key = (account, palette.is_dark())
        icon = self._swatches.get(key)
        if icon is None:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setPen(self.border(account))
            painter.setBrush(self.color(account))
            painter.drawRoundedRect(0, 0, size - 1, size - 1, 2, 2)
            painter.end()
            icon = QIcon(pixmap)
            self._swatches[key] = icon
        return icon
