"""Threads in the window: Split into Thread writes the posts, and each post is counted and checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QSettings, Qt

from composer.core.counter import CounterState
from composer.core.findings import Source
from composer.core.threads import SEPARATOR, split_parts
from composer.services.workspace import Workspace, init_workspace
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

SENTENCE = "Our new trail boots are here and they are great for the mountains. "
LONG = (SENTENCE * 3).strip()  # 200 characters: over @NorthwindHelp's 140


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    ws: Workspace = init_workspace(tmp_path / "ws", example=True)
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    made = MainWindow(settings, ws, user="alice")
    qtbot.addWidget(made)
    made.show()
    qtbot.waitUntil(lambda: made.checker is not None and made.store_ready, timeout=10_000)
    handles = [a.handle for a in made.account_switcher.accounts]
    made.account_switcher.box.setCurrentIndex(handles.index("@NorthwindHelp"))
    return made


def length_findings(window: MainWindow) -> list[str]:
    window.controller.check_now()
    report = window.controller.report
    assert report is not None
    return [f.message for f in report.findings if f.source is Source.LENGTH]


def test_split_writes_the_separators_into_the_editor_undoably(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, LONG)
    assert length_findings(window)  # one post, over the limit
    assert window.counter_view is not None
    assert window.counter_view.state is CounterState.OVER

    qtbot.keyClick(
        window.editor,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    text = window.editor.toPlainText()
    assert f"\n{SEPARATOR}\n" in text
    posts = split_parts(text)
    assert len(posts) == 2
    assert [p.text for p in window.thread_preview.parts] == list(posts)
    # The counter and the checks now work per post: nothing is over any more.
    view = window.counter_view
    assert view is not None and view.posts == 2 and view.state is not CounterState.OVER
    assert window.count_label.text().startswith(f"Post {view.post_number} of 2: ")
    assert length_findings(window) == []
    assert not any(m[2] == "overflow" for m in window.editor.marks())

    window.editor.undo()  # one Ctrl+Z takes the whole split back
    assert window.editor.toPlainText() == LONG


def test_each_post_over_its_limit_is_marked_and_named(qtbot: QtBot, window: MainWindow) -> None:
    second = "Short second post."
    window.editor.setPlainText(f"{LONG}\n{SEPARATOR}\n{second}\n{SEPARATOR}\n{LONG}")
    messages = length_findings(window)
    assert len(messages) == 2
    assert messages[0].startswith("Post 1 of 3: ") and messages[1].startswith("Post 3 of 3: ")
    overflow = [m for m in window.editor.marks() if m[2] == "overflow"]
    assert len(overflow) == 2
    assert window.counter.label == str(140 - len(LONG))
    # Split again: only the posts over the limit are split; the short one stays as it is.
    window.split_action.trigger()
    posts = split_parts(window.editor.toPlainText())
    assert second in posts and len(posts) == 5
    assert length_findings(window) == []
