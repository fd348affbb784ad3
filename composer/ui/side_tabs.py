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

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QIcon, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QStyle,
    QStyleOptionTab,
    QStyleOptionTabBarBase,
    QStylePainter,
    QTabBar,
    QTabWidget,
    QWidget,
)

from composer.resources import resource_path


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
        return self._size_for(index, count, icon=True)

    def label_width(self, index: int, text: str, *, icon: bool) -> int:
        """The width of tab ``index`` showing ``text``, with or without its icon."""
        return self._size_for(index, text, icon=icon).width()

    def _size_for(self, index: int, text: str, *, icon: bool) -> QSize:
        # What QTabBar::tabSizeHint computes, for the given text and icon.
        option = QStyleOptionTab()
        option.initFrom(self)
        option.shape = self.shape()
        option.documentMode = self.documentMode()
        option.text = text
        option.icon = self.tabIcon(index)
        option.iconSize = self.iconSize()
        style = self.style()
        hspace = style.pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, option, self)
        vspace = style.pixelMetric(QStyle.PixelMetric.PM_TabBarTabVSpace, option, self)
        metrics = self.fontMetrics()
        width = metrics.size(Qt.TextFlag.TextShowMnemonic, text).width() if text else 0
        icon_size = self.iconSize() if icon else QSize(0, 0)
        gap = _ICON_GAP if icon and text else 0
        contents = QSize(
            width + icon_size.width() + gap + hspace,
            max(metrics.height(), icon_size.height()) + vspace,
        )
        return style.sizeFromContents(QStyle.ContentsType.CT_TabBarTab, option, contents, self)

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
        self._choose_labels(event.size().width())
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

    def _choose_labels(self, width: int | None = None) -> None:
        room = self.width() if width is None else width
        # Counted tabs are measured with the widest count they should meet, so that a count
        # coming or going as the user types never switches what the tabs show.
        titles = [
            _COUNT.sub("", self.tabText(index)).rstrip()
            + (f" ({_COUNT_ROOM})" if self.bar.tabData(index) in self.bar.counted else "")
            for index in range(self.count())
        ]
        plain = sum(self.bar.label_width(i, text, icon=False) for i, text in enumerate(titles))
        both = sum(self.bar.label_width(i, text, icon=True) for i, text in enumerate(titles))
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
