"""The side panels' tabs can be told apart at 800x600 and at 1280x800, and stay keyboard- and
screen-reader-friendly: titles where they fit, icons (and counts) where they do not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible, QColor, QIcon, QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QTabBar, QWidget

from composer.resources import resource_path
from composer.services.workspace import init_workspace
from composer.ui import palette
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore
from composer.ui.side_tabs import TAB_ICONS, SideTabs, TabLabels, count_of, theme_icons

SMALL = (800, 600)
LARGE = (1280, 800)
TITLES = ("Findings", "Tone", "Route", "Thread", "Guide", "On X", "Comments")
MNEMONICS = {
    "D": "Findings",
    "N": "Tone",
    "R": "Route",
    "T": "Thread",
    "U": "Guide",
    "X": "On X",
    "M": "Comments",
}
_ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path) -> MainWindow:
    settings_store.welcome_dismissed = True
    win = MainWindow(settings_store, init_workspace(tmp_path / "ws", example=True), user="ann")
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.store_ready, timeout=10_000)
    return win


def _resize(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)
    qtbot.wait(50)  # the splitter and the tab bar lay out


def _plain(title: str) -> str:
    return title.replace("&", "")


def _image(icon: QIcon) -> QImage:
    return icon.pixmap(16, 16).toImage().convertToFormat(QImage.Format.Format_ARGB32)


def unreadable_tabs(bar: QTabBar) -> list[str]:
    """Tabs a person cannot tell apart: shortened titles, or no title and no (distinct) icon."""
    problems = []
    images: list[QImage] = []
    for index in range(bar.count()):
        title = _plain(bar.tabText(index))
        rect = bar.tabRect(index)
        if not bar.rect().contains(rect):
            problems.append(f"{title!r} is off its bar")
        # Qt shortens a tab's text when the tab is laid out narrower than it asks to be.
        if rect.width() < bar.tabSizeHint(index).width():
            problems.append(f"{title!r} is squeezed: {rect.width()} < {bar.tabSizeHint(index)}")
        shown = _plain(bar.shown_text(index)) if hasattr(bar, "shown_text") else title
        if shown == title:
            needed = bar.fontMetrics().horizontalAdvance(shown)
            if needed > rect.width():
                problems.append(f"{title!r} needs {needed} px, has {rect.width()}")
            continue
        icon = bar.tabIcon(index)
        if icon.isNull():
            problems.append(f"{title!r} shows {shown!r} and no icon")
        elif any(_image(icon) == other for other in images):
            problems.append(f"{title!r} has the icon of another tab")
        else:
            images.append(_image(icon))
        if shown != count_of(bar.tabText(index)):
            problems.append(f"{title!r} shows {shown!r}, neither its title nor its count")
        label = bar.tabButton(index, QTabBar.ButtonPosition.RightSide)
        if label is not None and not rect.contains(label.geometry()):
            problems.append(f"{title!r}: its count {label.geometry()} is outside the tab {rect}")
    return problems


@pytest.mark.parametrize(
    ("size", "labels"), [(SMALL, TabLabels.ICONS), (LARGE, TabLabels.TITLES)], ids=str
)
def test_every_side_tab_can_be_told_apart(
    qtbot: QtBot, window: MainWindow, size: tuple[int, int], labels: TabLabels
) -> None:
    _resize(qtbot, window, size)
    bar = window.side_tabs.tabBar()
    assert [_plain(bar.tabText(i)) for i in range(bar.count())] == list(TITLES)
    assert window.side_tabs.labels is labels
    assert unreadable_tabs(bar) == []
    # With findings, the Findings tab carries their count: as text, or beside its icon.
    window.editor.setPlainText("Our Trailpro boots are guaranteed!!!")
    window.controller.check_now()
    qtbot.waitUntil(lambda: count_of(bar.tabText(0)) != "", timeout=3000)
    assert window.side_tabs.labels is labels  # a count coming never switches what shows
    assert unreadable_tabs(bar) == []
    if labels is TabLabels.ICONS:
        assert window.side_tabs.bar.shown_text(0) == count_of(bar.tabText(0))
    else:
        assert window.side_tabs.bar.shown_text(0) == bar.tabText(0)


def test_names_tooltips_and_mnemonics_stay_with_icons_alone(
    qtbot: QtBot, window: MainWindow
) -> None:
    _resize(qtbot, window, SMALL)
    tabs = window.side_tabs
    assert tabs.labels is TabLabels.ICONS
    bar = tabs.tabBar()
    assert bar.accessibleName() == "Side panels"
    face = QAccessible.queryAccessibleInterface(bar)
    assert face is not None
    names = [face.child(i).text(QAccessible.Text.Name) for i in range(face.childCount())]
    assert names[: len(TITLES)] == list(TITLES)
    assert [bar.tabToolTip(i) for i in range(bar.count())] == list(TITLES)
    # Alt+letter still opens each tab, from wherever the focus is on the compose page.
    window.editor.setFocus()
    for letter, title in MNEMONICS.items():
        qtbot.keyClick(window.editor, getattr(Qt.Key, f"Key_{letter}"), _ALT)
        assert _plain(bar.tabText(tabs.currentIndex())) == title, letter
    # Tab goes from the editor to the tab bar (the split button is off); arrows switch tabs.
    tabs.setCurrentIndex(0)
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is bar
    qtbot.keyClick(bar, Qt.Key.Key_Right)
    assert tabs.currentIndex() == 1


def test_labels_follow_the_width_only(qtbot: QtBot) -> None:
    tabs = SideTabs()
    qtbot.addWidget(tabs)
    for title, key in zip(
        ("Fin&dings", "To&ne", "&Route", "&Thread", "G&uide", "On &X", "Co&mments"),
        TAB_ICONS,
        strict=True,
    ):
        tabs.add_panel(QWidget(), title, key, counted=key in {"findings", "comments"})
    tabs.show()
    seen = []
    for width in range(tabs.minimumSizeHint().width(), 1000, 7):
        tabs.resize(width, 300)
        QApplication.processEvents()
        labels = tabs.labels
        seen.append(labels)
        assert unreadable_tabs(tabs.tabBar()) == [], width
        # The counts the titles may carry are left room for: they never switch the labels.
        tabs.setTabText(0, "Fin&dings (42)")
        tabs.setTabText(6, "Co&mments (7)")
        QApplication.processEvents()
        assert tabs.labels is labels, width
        assert unreadable_tabs(tabs.tabBar()) == [], width
        tabs.setTabText(0, "Fin&dings")
        tabs.setTabText(6, "Co&mments")
    # Narrow to wide: icons, then titles, then both, each once.
    assert list(dict.fromkeys(seen)) == [
        TabLabels.ICONS,
        TabLabels.TITLES,
        TabLabels.ICONS_AND_TITLES,
    ]


class _FirstPaint(QObject):
    """Notes the side tabs' icons and labels at the window's first paint."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.labels: TabLabels | None = None
        self.icons: list[QImage] = []
        self.placeholders = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.labels is None and event.type() == QEvent.Type.Paint:
            tabs = self.window.side_tabs
            self.labels = tabs.labels
            self.icons = [_image(tabs.tabIcon(i)) for i in range(tabs.count())]
            self.placeholders = len(self.window.side_placeholders)
        return False


def test_a_start_at_800x600_paints_icons_on_the_tabs_still_to_come(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    window = MainWindow(
        settings_store, init_workspace(tmp_path / "ws", example=True), user="ann", defer_start=True
    )
    qtbot.addWidget(window)
    window.resize(*SMALL)
    probe = _FirstPaint(window)
    window.installEventFilter(probe)
    window.show()
    qtbot.waitUntil(lambda: probe.labels is not None, timeout=5000)
    # At the first paint, Guide, On X and Comments are placeholders: they have icons too.
    assert probe.placeholders == 3
    assert probe.labels is TabLabels.ICONS
    assert all(not image.isNull() for image in probe.icons)
    qtbot.waitUntil(lambda: not window.side_placeholders, timeout=10_000)
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    window.removeEventFilter(probe)
    # The pages took their places with the same icons, titles and tooltips.
    bar = window.side_tabs.tabBar()
    assert [_image(bar.tabIcon(i)) for i in range(bar.count())] == probe.icons
    assert [_plain(bar.tabText(i)) for i in range(bar.count())] == list(TITLES)
    assert [bar.tabToolTip(i) for i in range(bar.count())] == list(TITLES)
    assert window.side_tabs.widget(4) is window.guide_viewer
    assert unreadable_tabs(bar) == []


@pytest.fixture
def icon_theme(tmp_path: Path) -> Iterator[Path]:
    """An empty icon theme folder made current; the process's theme settings come back after."""
    saved = (QIcon.themeName(), QIcon.themeSearchPaths(), QIcon.fallbackThemeName())
    root = tmp_path / "icons"
    folder = root / "testtheme" / "16x16" / "actions"
    folder.mkdir(parents=True)
    (root / "testtheme" / "index.theme").write_text(
        "[Icon Theme]\nName=testtheme\nDirectories=16x16/actions\n\n"
        "[16x16/actions]\nSize=16\nType=Fixed\n",
        encoding="utf-8",
    )
    QIcon.setThemeSearchPaths([str(root)])
    QIcon.setThemeName("testtheme")
    try:
        yield folder
    finally:
        QIcon.setThemeSearchPaths(saved[1])
        QIcon.setFallbackThemeName(saved[2])
        QIcon.setThemeName(saved[0])


def _theme_icon(folder: Path, name: str, colour: str) -> None:
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(QColor(colour))
    assert image.save(str(folder / f"{name}.png"))


def test_the_desktop_theme_gives_all_the_icons_or_none(qtbot: QtBot, icon_theme: Path) -> None:
    tabs = SideTabs()
    qtbot.addWidget(tabs)
    for key in TAB_ICONS:
        tabs.add_panel(QWidget(), key.title(), key)
    tabs.resize(200, 200)  # too narrow for titles: icons only
    tabs.show()
    assert tabs.labels is TabLabels.ICONS
    bundled = [_image(tabs.tabIcon(i)) for i in range(tabs.count())]
    # A theme lacking one of the icons: the bundled set stays, all alike.
    names = [names[-1] for names in TAB_ICONS.values()]
    for number, name in enumerate(names[:-1]):
        _theme_icon(icon_theme, name, f"#{number:02x}{number:02x}80")
    assert theme_icons() is None
    tabs.use_theme_icons()
    qtbot.wait(20)
    assert [_image(tabs.tabIcon(i)) for i in range(tabs.count())] == bundled
    # A theme with all of them: its icons replace the bundled ones (also in a fresh panel).
    _theme_icon(icon_theme, names[-1], "#808000")
    QIcon.setThemeSearchPaths([str(icon_theme.parent.parent.parent)])  # Qt looks again
    themed = theme_icons()
    assert themed is not None
    assert [icon.name() for icon in themed.values()] == names
    tabs.use_theme_icons()
    qtbot.waitUntil(lambda: _image(tabs.tabIcon(0)) != bundled[0], timeout=3000)
    assert [tabs.tabIcon(i).name() for i in range(tabs.count())] == names


def test_bundled_icons_are_complete_and_read_on_light_and_dark() -> None:
    folder = resource_path("icons", "tabs")
    for key in TAB_ICONS:
        svg = folder / f"{key}.svg"
        assert QSvgRenderer(str(svg)).isValid(), svg
        for png, size in ((f"{key}.png", 16), (f"{key}@2x.png", 32)):
            image = QImage(str(folder / png))
            assert (image.width(), image.height()) == (size, size), png
        # Every colour drawn straight on the tab (white only goes on the icon's own shapes)
        # stands out from light and dark tabs (WCAG 1.4.11: 3:1 for graphics).
        colours = set(re.findall(r"#[0-9a-fA-F]{6}", svg.read_text(encoding="utf-8")))
        colours.discard("#ffffff")
        assert colours, svg
        for colour in colours:
            for background in ("#ffffff", "#efefef", "#2b2b2b"):
                ratio = palette.contrast_ratio(QColor(colour), QColor(background))
                assert ratio >= 3, (svg.name, colour, background, round(ratio, 2))
    # Seven different pictures.
    images = {bytes(QImage(str(folder / f"{key}.png")).constBits()) for key in TAB_ICONS}
    assert len(images) == len(TAB_ICONS)
