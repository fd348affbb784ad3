"""Findings read right (issue 14, item 8): overlapping underlines, banners that go when their
cause does, a counter number that always fits, and the crisis pause on every page."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFontMetricsF, QTextCharFormat

from composer.core.counter import counter_view, limited_config
from composer.core.findings import Finding, Level
from composer.core.guide import load_guide
from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui import palette
from composer.ui.counter_ring import CounterRing
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR, Role.REVIEWER], actor="alice", now=now)
    return ws


def open_window(qtbot: QtBot, tmp_path: Path, ws: Workspace) -> MainWindow:
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ws, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready and window.checker is not None, timeout=10_000)
    handles = [a.handle for a in window.account_switcher.accounts]
    window.account_switcher.box.setCurrentIndex(handles.index("@NorthwindHelp"))
    return window


def top_mark_at(window: MainWindow, position: int) -> QTextCharFormat:
    """The format painted last (on top) over Qt position ``position``."""
    selections = window.editor.extraSelections()
    covering = [
        QTextCharFormat(s.format)
        for s in selections
        if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
        and s.cursor.selectionStart() <= position < s.cursor.selectionEnd()
    ]
    assert covering, f"nothing underlined at {position}"
    return covering[-1]


def test_overlapping_findings_show_the_most_severe_and_list_all(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    text = "Our boots are guaranteed to last forever and ever"
    main_window.editor.setPlainText(text)
    error = Finding("Acme.Claims", Level.ERROR, "No guarantees.", 14, 40)
    warning = Finding("Acme.Hype", Level.WARNING, "Hyperbole.", 28, 49)
    main_window.editor.show_findings((error, warning), text)
    inside = top_mark_at(main_window, 30)  # both cover it
    assert inside.underlineColor() == palette.level_color(Level.ERROR)
    assert "No guarantees." in inside.toolTip() and "Hyperbole." in inside.toolTip()
    assert inside.toolTip().index("No guarantees.") < inside.toolTip().index("Hyperbole.")
    only_warning = top_mark_at(main_window, 45)
    assert only_warning.underlineColor() == palette.level_color(Level.WARNING)
    assert "No guarantees." not in only_warning.toolTip()
    assert top_mark_at(main_window, 15).underlineColor() == palette.level_color(Level.ERROR)


def test_the_error_banner_goes_once_the_errors_are_fixed(
    qtbot: QtBot, tmp_path: Path, workspace: Workspace
) -> None:
    window = open_window(qtbot, tmp_path, workspace)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Our boots are guaranteed to last forever")
    window.submit_action.trigger()
    assert window.banner.isVisible()
    assert "error" in window.banner.label.text()
    window.editor.selectAll()
    qtbot.keyClicks(window.editor, "Thanks for your patience. Your replacement boots ship today.")
    qtbot.waitUntil(lambda: not window.banner.isVisible(), timeout=3000)


def test_a_banner_of_another_cause_stays(
    qtbot: QtBot, tmp_path: Path, workspace: Workspace
) -> None:
    window = open_window(qtbot, tmp_path, workspace)
    window.banner.show_problem("The database is locked.", cause="store")
    qtbot.keyClicks(window.editor, "Thanks for your patience.")
    window.controller.check_now()
    assert window.banner.isVisible()


@pytest.mark.parametrize("remaining", [-19720, -5227270, 140, 7, -3])
def test_the_counter_ring_fits_any_number_it_shows(qtbot: QtBot, remaining: int) -> None:
    limit = 140
    text = "a" * (limit - remaining)
    ring = CounterRing()
    qtbot.addWidget(ring)
    ring.set_view(counter_view(text, limited_config("v1", limit)))
    ring.resize(ring.sizeHint())
    ring.show()
    assert ring.label == str(remaining)
    width = QFontMetricsF(ring.label_font()).horizontalAdvance(ring.label)
    assert width <= ring.label_room()
    # It is drawn at a legible size: the ring grows rather than shrink it to nothing.
    assert ring.label_font().pointSizeF() >= 7.0


def test_the_counter_in_the_window_shows_the_whole_number(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    main_window.editor.setPlainText("a" * 19_860)
    ring = main_window.counter
    assert ring.label == "-19720"
    qtbot.waitUntil(lambda: ring.width() >= ring.sizeHint().width(), timeout=2000)
    width = QFontMetricsF(ring.label_font()).horizontalAdvance(ring.label)
    assert width <= ring.label_room()


def test_the_crisis_pause_shows_on_every_page(
    qtbot: QtBot, tmp_path: Path, workspace: Workspace
) -> None:
    with Store.open(workspace.database_url) as store:
        store.queue.set_paused(None, paused=True, actor="alice", now=datetime.now(UTC))
        store.queue.set_paused("@NorthwindDeals", paused=True, actor="alice", now=datetime.now(UTC))
    window = open_window(qtbot, tmp_path, workspace)
    bar = window.crisis_bar
    qtbot.waitUntil(bar.isVisible, timeout=5000)
    assert "nothing will be published" in bar.label.text()
    assert window.review_page is not None and window.queue_page is not None
    window.show_page(window.pages.indexOf(window.review_page))
    assert bar.isVisible()
    # On the Queue page its own banner says it, next to the switch.
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.queue_page
    assert not bar.isVisible()
    qtbot.waitUntil(window.queue_page.crisis_banner.isVisible, timeout=5000)
    window.queue_page.toolbar.pause_all_button.click()  # Resume All
    assert window.queue_page.resume_all_dialog is not None
    window.queue_page.resume_all_dialog.accept()  # no crisis words
    qtbot.waitUntil(lambda: "still paused" in window.queue_page.status.text(), timeout=5000)
    assert "@NorthwindDeals" in window.queue_page.status.text()
    window.show_page(0)
    qtbot.waitUntil(lambda: not bar.paused_all, timeout=5000)
    assert not bar.isVisible()
