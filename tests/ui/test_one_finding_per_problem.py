"""Issue 19 items 3 and 7 in the window: one row per problem, every span underlined and
visited by F8, and a score tooltip that shows each finding's weight."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from composer.services.workspace import init_workspace
from composer.ui.main_window import MainWindow
from composer.ui.positions import from_qt
from composer.ui.settings_store import SettingsStore


def open_window(qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path) -> MainWindow:
    space = init_workspace(tmp_path / "ws", example=True)
    win = MainWindow(settings_store, space)  # no grammar worker: local checks only
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_thirty_emoji_are_one_row_thirty_underlines_and_thirty_f8_stops(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    win = open_window(qtbot, settings_store, tmp_path)
    text = "Thanks " + "😀" * 30
    win.editor.setPlainText(text)
    qtbot.waitUntil(
        lambda: any(f.rule == "Tone.Emoji" for f in win.controller.visible), timeout=3000
    )
    emoji = [f for f in win.controller.visible if f.rule == "Tone.Emoji"]
    assert len(emoji) == 1 and len(emoji[0].spans) == 30
    model = win.findings_panel.model
    rows = [model.finding(r) for r in range(model.rowCount())]
    assert [f.rule for f in rows if f is not None].count("Tone.Emoji") == 1
    underlines = [(s, e) for s, e, kind in win.editor.marks() if kind == "finding"]
    # Each emoji (two UTF-16 units after the 7-character "Thanks ") is underlined.
    for i in range(30):
        assert any(s <= 7 + 2 * i and 9 + 2 * i <= e for s, e in underlines), i

    cursor = win.editor.textCursor()
    cursor.setPosition(0)
    win.editor.setTextCursor(cursor)
    visited = []
    for _ in range(31):
        win.next_finding_action.trigger()
        selected = win.editor.textCursor()
        visited.append(from_qt(text, selected.selectionStart()))
    emoji_starts = [s for s, _ in emoji[0].spans]
    assert all(start in visited for start in emoji_starts)


def test_score_tooltip_shows_each_finding_weight(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    win = open_window(qtbot, settings_store, tmp_path)
    win.editor.setPlainText("Our boots are guaranteed. Utilize them.")
    qtbot.waitUntil(lambda: bool(win.score_label.text()), timeout=3000)
    tip = win.score_label.toolTip()
    assert tip.startswith("Brand score ")
    assert "10 for error Northwind.BannedClaims" in tip
    assert "1 for suggestion Northwind.Jargon" in tip
    assert "= 100 × size" in tip
