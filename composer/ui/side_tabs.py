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
where Qt cannot draw SVG). They are loaded when first shown (the PNGs alone before the
window's first paint), and the theme is asked only after that paint (``use_theme_icons``):
looking names up in Adwaita costs ~20 ms.
"""

from __future__ import annotations

import enum
import re

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import QLabel, QTabBar, QTabWidget, QWidget

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


def bundled_icon(name: str, *, svg: bool = True) -> QIcon:
    """The icon shipped in resources/icons/tabs as ``NAME.svg``, ``NAME.png``, ``NAME@2x.png``.

    ``svg``: with the SVG (sharp at any scale); without it, the PNGs alone (16 and 32 pixels,
    what a Qt without its SVG plugin shows too) load in half the time.
    """
    folder = resource_path("icons", "tabs")
    icon = QIcon()
    for file in (f"{name}.svg", f"{name}.png", f"{name}@2x.png")[0 if svg else 1 :]:
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
    """A tab bar that can show each tab's icon and count alone, its title kept as its text.

    With the icons alone, Qt still paints the tabs: each is too narrow for any of its title
    (Qt shortens it to nothing), and a count shows in a label at the tab's side (a tab button,
    which Qt places), so no style code is needed here.
    """

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
        self.sync_counts()
        self._relayout()

    def sync_counts(self) -> None:
        """Give each tab showing its icon alone the label of its title's count (or none)."""
        side = QTabBar.ButtonPosition.RightSide
        metrics = self.fontMetrics()
        changed = False
        for index in range(self.count()):
            count = count_of(self.tabText(index)) if self._icons_only else ""
            label = self.tabButton(index, side)
            if not count:
                if label is not None:
                    self.setTabButton(index, side, None)
                    label.deleteLater()
                    changed = True
                continue
            if not isinstance(label, QLabel):
                label = QLabel(self)
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                # A click on the count is a click on its tab.
                label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
                self.setTabButton(index, side, label)
                changed = True
            if label.text() != count:
                label.setText(count)
                label.resize(metrics.horizontalAdvance(count), metrics.height())
                changed = True
        if changed:
            self._relayout()

    def _relayout(self) -> None:
        # The tabs' sizes changed: setting the elide mode makes Qt lay them out again.
        self.setElideMode(self.elideMode())
        self.update()

    def shown_text(self, index: int) -> str:
        """The text tab ``index`` shows: its title (shortened when Qt has to), or its count."""
        from PySide6.QtWidgets import QStyleOptionTab  # noqa: PLC0415 - tests and tools only

        option = QStyleOptionTab()
        self.initStyleOption(option, index)  # Qt shortens the title here, as it paints it
        label = self.tabButton(index, QTabBar.ButtonPosition.RightSide)
        count = label.text() if isinstance(label, QLabel) and label.isVisible() else ""
        return " ".join(part for part in (option.text, count) if part)

    def compact_size(self, index: int, *, room: bool = False) -> QSize:
        """The size of tab ``index`` showing its icon and count alone.

        ``room``: with room for the widest count, when the tab's title may carry one.
        """
        count = count_of(self.tabText(index))
        if room and self.tabData(index) in self.counted:
            count = max(count, _COUNT_ROOM, key=len)
        size = self._size_for("", icon=True)
        if count:  # the label beside the icon (Qt puts 4 pixels before a tab button)
            size.setWidth(size.width() + _ICON_GAP + self.fontMetrics().horizontalAdvance(count))
        return size

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
        # Qt's own size for a tab, less its text, icon and label, is what the style puts round
        # them (QTabBar::tabSizeHint adds it up); added to ``text`` and the icon. An icon alone
        # gets no gap after it: it stays in the middle of its tab.
        side = QTabBar.ButtonPosition.RightSide
        bare = [i for i in range(self.count()) if self.tabButton(i, side) is None]
        if not bare:
            return QSize()
        reference = bare[0]
        metrics = self.fontMetrics()
        icon_size = self.iconSize()
        qt_size = super().tabSizeHint(reference)
        has_icon = not self.tabIcon(reference).isNull()
        title = self.tabText(reference)
        used = metrics.size(Qt.TextFlag.TextShowMnemonic, title).width() if title else 0
        if has_icon:
            used += icon_size.width() + _ICON_GAP
        tall = max(metrics.height(), icon_size.height() if has_icon else 0)
        width = metrics.size(Qt.TextFlag.TextShowMnemonic, text).width() if text else 0
        if icon:
            width += icon_size.width() + (_ICON_GAP if text else 0)
        height = max(metrics.height(), icon_size.height() if icon else 0)
        return QSize(qt_size.width() - used + width, qt_size.height() - tall + height)

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
        """Take the icons from the desktop's theme from now on, when it has all of them.

        Called after the window's first paint: until then the bundled PNGs stand in.
        """
        self._theme = True
        if self._icons is not None:  # already shown: the bundled ones give way to the theme's
            self._icons = None
            for index in range(self.count()):
                self._apply_icon(index)

    def setTabText(self, index: int, text: str) -> None:
        """Set tab ``index``'s title (and count), keeping what the tabs show in step."""
        super().setTabText(index, text)
        self._choose_labels()
        self.bar.sync_counts()

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
            svg = self._theme  # after the first paint
            self._icons = themed or {name: bundled_icon(name, svg=svg) for name in TAB_ICONS}
        return self._icons.get(key, QIcon())

    def _apply_icon(self, index: int) -> None:
        key = self.bar.tabData(index)
        show = self._labels is not TabLabels.TITLES and isinstance(key, str)
        self.setTabIcon(index, self._icon(key) if show else QIcon())

    def _choose_labels(self) -> None:
        room = self._width
        if room is None:
            return  # not laid out yet: chosen when it is (the first resize event)
        bar = self.bar
        # Never narrower than the icons with the widest counts they may carry (a minimum
        # width set here: the layouts ask Qt's own minimum size many times a pass).
        count_room = sum(
            bar.compact_size(i, room=True).width() - bar.compact_size(i).width()
            for i in range(self.count())
        )
        narrowest = max(self.minimumSizeHint().width(), bar.minimumSizeHint().width() + count_room)
        if narrowest != self.minimumWidth():
            self.setMinimumWidth(narrowest)
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
