"""Typing into the real window: counter, overflow highlight, entities, thread split."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt

from composer.core.counter import CounterState
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore


def test_counter_updates_on_every_keystroke(qtbot: QtBot, main_window: MainWindow) -> None:
    seen = []
    main_window.editor.draft_changed.connect(lambda _t: seen.append(main_window.counter.label))
    qtbot.keyClicks(main_window.editor, "Hello")
    assert seen == ["139", "138", "137", "136", "135"]
    assert main_window.count_label.text().startswith("5 / 140")


def test_overflow_is_highlighted_and_split_makes_a_thread(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    sentence = "Our new trail boots are here and they are great for the mountains. "
    text = sentence * 3  # 201 characters: over 140
    main_window.editor.setPlainText(text)
    view = main_window.counter_view
    assert view is not None
    assert view.state is CounterState.OVER
    assert main_window.counter.label == str(140 - len(text))
    overflow = [m for m in main_window.editor.marks() if m[2] == "overflow"]
    assert overflow == [(140, len(text), "overflow")]
    assert main_window.split_button.isEnabled()

    qtbot.mouseClick(main_window.split_button, Qt.MouseButton.LeftButton)
    parts = main_window.thread_preview.parts
    assert len(parts) == 2
    assert parts[0].text.endswith(" 1/2")
    assert parts[1].text.endswith(" 2/2")
    assert all(p.weighted_length <= 140 for p in parts)
    assert main_window.side_tabs.currentWidget() is main_window.thread_preview


def test_entities_are_marked_after_emoji(qtbot: QtBot, main_window: MainWindow) -> None:
    # The emoji takes two UTF-16 units: the mark must start after it in Qt positions.
    main_window.editor.setPlainText("😀 hi @AcmeHelp")
    marks = [m for m in main_window.editor.marks() if m[2] == "entity"]
    assert marks == [(6, 15, "entity")]
    assert "1 mention" in main_window.entity_label.text()


def test_limit_chooser_changes_the_limit(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.editor.setPlainText("日本語")
    main_window.limit_chooser.set_choice("v3", 280)
    view = main_window.counter_view
    assert view is not None
    assert view.limit == 280
    assert view.weighted_length == 6  # CJK counts 2 in weighted configs
    main_window.limit_chooser.limit_box.setValue(10)
    assert main_window.counter.label == "4"


def test_geometry_and_choice_are_remembered(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path
) -> None:
    window = MainWindow(settings_store)
    qtbot.addWidget(window)
    window.resize(777, 555)
    window.limit_chooser.set_choice("v2", 280)
    window.close()
    again = MainWindow(
        SettingsStore(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    )
    qtbot.addWidget(again)
    assert again.size().width() == 777
    assert again.limit_chooser.config_name == "v2"
    assert again.limit_chooser.limit == 280


def test_standard_shortcuts_exist(main_window: MainWindow) -> None:
    assert main_window.submit_action.shortcut().toString() == "Ctrl+Return"
    assert main_window.split_action.shortcut().toString() == "Ctrl+Shift+T"
    assert main_window.quit_action.shortcut().toString() == "Ctrl+Q"


def test_undo_restores_text(qtbot: QtBot, main_window: MainWindow) -> None:
    qtbot.keyClicks(main_window.editor, "abc")
    main_window.editor.undo()
    assert main_window.editor.toPlainText() == ""
    assert main_window.counter.label == "140"
