"""The side panels' tabs: each one can be told apart, however narrow the panel is.

Seven titles do not fit beside the editor on an 800x600 screen (Qt shortened them all to
"…"). The titles stay the tabs' text, so their Alt+letter mnemonics, accessible names and
tooltips do not change; what the bar shows follows the room it has:

- an icon and the title on every tab, when they all fit;
- the titles alone, when they fit;
- the icons alone otherwise, with the count a title carries ("Findings (3)": the icon and 3).

The choice leaves room for the counts (``add_panel(..., counted=True)``), so typing never
switches it; only resizing the panel does. The icons come from the desktop's icon theme when
it has one for every tab (a set that looks alike), else from resources/icons/tabs (SVG, and PNG
where Qt cannot draw SVG). They are loaded when first shown, and the theme is asked only after
the window's first paint (``use_theme_icons``): looking names up in Adwaita costs ~20 ms.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QTabBar, QTabWidget, QWidget

from composer.resources import resource_path

if TYPE_CHECKING:
    # Imported where the icons are painted alone: PySide6 takes ~5 ms to make QStyle's
    # Python type, which a window whose tabs show their titles never needs.
    from PySide6.QtWidgets import QStyleOptionTabBarBase


class TabLabels(enum.Enum):
    """What the side tabs show."""

    ICONS_AND_TITLES = "icons and titles"
    TITLES = "titles"
    ICONS = "icons"


#: Each tab's icon: the bundled file's name, and the freedesktop names a theme may have for it
#: (the first one it has is used).
TAB_ICONS: dict[str, tuple[str, ...]] = {
    "findings": ("dialog-warning",),
    "tone": ("face-smile",),
    "route": ("mail-forward",),
    "thread": ("format-justify-fill",),
    "guide": ("accessories-dictionary", "help-contents"),
    "on-x": ("document-print-preview",),
    "comments": ("chat-message-new", "dialog-messages", "mail-message-new"),
}
#: The widest count a counted tab is expected to carry (room is left for it).
_COUNT_ROOM = "99"
_COUNT = re.compile(r"\((\d+)\)\s*$")
#: Qt's room between a tab's icon and its text (QTabBar::tabSizeHint).
_ICON_GAP = 4


def count_of(title: str) -> str:
    """The count at the end of a tab's title: ``3`` for ``Fin&dings (3)``, else empty."""
    found = _COUNT.search(title)
    return found.group(1) if found else ""


def bundled_icon(name: str) -> QIcon:
    """The icon shipped in resources/icons/tabs as ``NAME.svg``, ``NAME.png``, ``NAME@2x.png``."""
    folder = resource_path("icons", "tabs")
    icon = QIcon()
    # The SVG first (sharp at any scale); the PNGs for the usual sizes, and for a Qt whose
    # SVG plugin is missing.
    for file in (f"{name}.svg", f"{name}.png", f"{name}@2x.png"):
        icon.addFile(str(folder / file))
    return icon


def theme_icons() -> dict[str, QIcon] | None:
    """The icon theme's icon for every tab, or None when the theme lacks one of them."""
    found = {}
    for key, names in TAB_ICONS.items():
        name = next((n for n in names if QIcon.hasThemeIcon(n)), None)
        if name is None:
            return None
        found[key] = QIcon.fromTheme(name)
    return found


class SideTabBar(QTabBar):
    """A tab bar that can show each tab's icon and count alone, its title kept as its text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icons_only = False
        #: The icon names (tab data) of the tabs whose title may carry a count.
        self.counted: set[str] = set()
        # Sizes by text and icon: Qt asks for them many times a layout (font or style: anew).
        self._sizes: dict[tuple[str, bool, int], QSize] = {}

    @property
    def icons_only(self) -> bool:
        """Whether the tabs show their icon (and count) without the title."""
        return self._icons_only

    def set_icons_only(self, on: bool) -> None:  # noqa: FBT001 - a switch
        """Show the tabs' icons (and counts) without their titles, or with them."""
        if on == self._icons_only:
            return
        self._icons_only = on
        # The tabs' sizes changed: setting the elide mode makes Qt lay them out again.
        self.setElideMode(self.elideMode())
        self.update()

    def shown_text(self, index: int) -> str:
        """The text tab ``index`` shows: its title (shortened when Qt has to), or its count."""
        if self._icons_only:
            return count_of(self.tabText(index))
        from PySide6.QtWidgets import QStyleOptionTab  # noqa: PLC0415 - see the imports

        option = QStyleOptionTab()
        self.initStyleOption(option, index)  # Qt shortens the title here, as it paints it
        return option.text

    def compact_size(self, index: int, *, room: bool = False) -> QSize:
        """The size of tab ``index`` showing its icon and count alone.

        ``room``: with room for the widest count, when the tab's title may carry one.
        """
        count = count_of(self.tabText(index))
        if room and self.tabData(index) in self.counted:
            count = max(count, _COUNT_ROOM, key=len)
        return self._size_for(count, icon=True)

    def label_width(self, text: str, *, icon: bool) -> int:
        """The width of a tab showing ``text``, with or without its icon."""
        return self._size_for(text, icon=icon).width()

    def _size_for(self, text: str, *, icon: bool) -> QSize:
        key = (text, icon, self.iconSize().width())
        size = self._sizes.get(key)
        if size is None:
            size = self._sizes[key] = self._measure(text, icon=icon)
        return QSize(size)

    def _measure(self, text: str, *, icon: bool) -> QSize:
        # Qt's own size for the first tab, less its text and icon, is what the style puts
        # round them (QTabBar::tabSizeHint adds it up); added to ``text`` and the icon.
        if not self.count():
            return QSize()
        metrics = self.fontMetrics()
        icon_size = self.iconSize()
        first = super().tabSizeHint(0)
        has_icon = not self.tabIcon(0).isNull()
        first_text = self.tabText(0)
        used = metrics.size(Qt.TextFlag.TextShowMnemonic, first_text).width() if first_text else 0
        if has_icon:
            used += icon_size.width() + _ICON_GAP
        tall = max(metrics.height(), icon_size.height() if has_icon else 0)
        width = metrics.size(Qt.TextFlag.TextShowMnemonic, text).width() if text else 0
        if icon:  # no gap after an icon alone: it stays in the middle of its tab
            width += icon_size.width() + (_ICON_GAP if text else 0)
        height = max(metrics.height(), icon_size.height() if icon else 0)
        return QSize(first.width() - used + width, first.height() - tall + height)

    def changeEvent(self, event: QEvent) -> None:
        """A new font or style: the tabs are measured anew."""
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._sizes.clear()
        super().changeEvent(event)

    def tabSizeHint(self, index: int) -> QSize:
        """Qt's size, or the icon-and-count size when the tabs show their icons alone."""
        if self._icons_only:
            return self.compact_size(index)
        return super().tabSizeHint(index)

    def minimumTabSizeHint(self, index: int) -> QSize:
        """The icon-and-count size: the panel is never made too narrow for the icons."""
        return self.compact_size(index)

    def _base_option(self) -> QStyleOptionTabBarBase:
        # As QTabBarPrivate::initStyleBaseOption: the line the tabs stand on, on the page side.
        from PySide6.QtWidgets import (  # noqa: PLC0415 - see the imports
            QStyle,
            QStyleOptionTab,
            QStyleOptionTabBarBase,
        )

        base = QStyleOptionTabBarBase()
        base.initFrom(self)
        base.shape = self.shape()
        base.documentMode = self.documentMode()
        probe = QStyleOptionTab()
        probe.shape = self.shape()
        overlap = self.style().pixelMetric(QStyle.PixelMetric.PM_TabBarBaseOverlap, probe, self)
        if self.parentWidget() is not None and overlap > 0:
            width, height = self.width(), self.height()
            base.rect = {
                QTabBar.Shape.RoundedNorth: QRect(0, height - overlap, width, overlap),
                QTabBar.Shape.TriangularNorth: QRect(0, height - overlap, width, overlap),
                QTabBar.Shape.RoundedWest: QRect(width - overlap, 0, overlap, height),
                QTabBar.Shape.TriangularWest: QRect(width - overlap, 0, overlap, height),
                QTabBar.Shape.RoundedEast: QRect(0, 0, overlap, height),
                QTabBar.Shape.TriangularEast: QRect(0, 0, overlap, height),
            }.get(self.shape(), QRect(0, 0, width, overlap))
        tabs = QRect()
        for index in range(self.count()):
            tabs = tabs.united(self.tabRect(index))
        base.tabBarRect = tabs
        base.selectedTabRect = self.tabRect(self.currentIndex())
        return base

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt's painting; with icons alone, the tabs as Qt draws them, with the count as text."""
        if not self._icons_only:
            super().paintEvent(event)
            return
        from PySide6.QtWidgets import (  # noqa: PLC0415 - see the imports
            QStyle,
            QStyleOptionTab,
            QStylePainter,
        )

        painter = QStylePainter(self)
        current = self.currentIndex()
        if self.drawBase():
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameTabBarBase, self._base_option())
        # The current tab last, over its neighbours (as QTabBar paints it).
        order = [i for i in range(self.count()) if i != current]
        if current >= 0:
            order.append(current)
        for index in order:
            if not self.isTabVisible(index):
                continue
            option = QStyleOptionTab()
            self.initStyleOption(option, index)
            option.text = count_of(self.tabText(index))
            painter.drawControl(QStyle.ControlElement.CE_TabBarTab, option)


class SideTabs(QTabWidget):
    """The side panels' tabs (see the module docstring); ``labels`` says what they show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = SideTabBar(self)
        self.setTabBar(self.bar)
        # Every tab shows, even on an 800x600 screen: no scroll arrows hiding some.
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self._labels = TabLabels.TITLES
        self._icons: dict[str, QIcon] | None = None
        self._theme = False
        # The width last laid out at; None until then (nothing is measured or loaded before).
        self._width: int | None = None

    @property
    def labels(self) -> TabLabels:
        """What the tabs show now."""
        return self._labels

    def add_panel(self, page: QWidget, title: str, icon: str, *, counted: bool = False) -> int:
        """Add ``page`` as a tab titled ``title`` with the icon ``icon`` (a TAB_ICONS key).

        ``counted``: the title may get a count, ``Title (3)``; room is left for it.
        """
        if counted:
            self.bar.counted.add(icon)
        index = self.addTab(page, title)
        self.bar.setTabData(index, icon)
        self._apply_icon(index)
        self._choose_labels()
        return index

    def use_theme_icons(self) -> None:
        """Take the icons from the desktop's theme from now on, when it has all of them."""
        self._theme = True
        if self._icons is not None:  # already shown: the bundled ones give way to the theme's
            self._icons = None
            for index in range(self.count()):
                self._apply_icon(index)

    def minimumSizeHint(self) -> QSize:
        """Qt's minimum, with room for the counts the tabs' titles may carry."""
        hint = super().minimumSizeHint()
        bar = self.bar
        room = sum(
            bar.compact_size(i, room=True).width() - bar.compact_size(i).width()
            for i in range(self.count())
        )
        return QSize(hint.width() + room, hint.height())

    def setTabText(self, index: int, text: str) -> None:
        """Set tab ``index``'s title (and count), keeping what the tabs show in step."""
        super().setTabText(index, text)
        self._choose_labels()

    def tabInserted(self, index: int) -> None:
        """A tab came: what the tabs show is chosen again."""
        super().tabInserted(index)
        self._choose_labels()

    def tabRemoved(self, index: int) -> None:
        """A tab went: what the tabs show is chosen again."""
        super().tabRemoved(index)
        self._choose_labels()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Choose what the tabs show for the new width, then lay them out."""
        self._width = event.size().width()
        self._choose_labels()
        super().resizeEvent(event)

    def _icon(self, key: str) -> QIcon:
        if self._icons is None:
            themed = theme_icons() if self._theme else None
            self._icons = themed or {name: bundled_icon(name) for name in TAB_ICONS}
        return self._icons.get(key, QIcon())

    def _apply_icon(self, index: int) -> None:
        key = self.bar.tabData(index)
        show = self._labels is not TabLabels.TITLES and isinstance(key, str)
        self.setTabIcon(index, self._icon(key) if show else QIcon())

    def _choose_labels(self) -> None:
        room = self._width
        if room is None:
            return  # not laid out yet: chosen when it is (the first resize event)
        # Counted tabs are measured with the widest count they should meet, so that a count
        # coming or going as the user types never switches what the tabs show.
        titles = [
            _COUNT.sub("", self.tabText(index)).rstrip()
            + (f" ({_COUNT_ROOM})" if self.bar.tabData(index) in self.bar.counted else "")
            for index in range(self.count())
        ]
        plain = sum(self.bar.label_width(text, icon=False) for text in titles)
        both = sum(self.bar.label_width(text, icon=True) for text in titles)
        if both <= room:
            labels = TabLabels.ICONS_AND_TITLES
        elif plain <= room:
            labels = TabLabels.TITLES
        else:
            labels = TabLabels.ICONS
        if labels is self._labels:
            return
        self._labels = labels
        self.bar.set_icons_only(labels is TabLabels.ICONS)
        for index in range(self.count()):
            self._apply_icon(index)
