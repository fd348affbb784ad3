"""A paste holding NUL characters (from a binary file) never reaches the draft."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from PySide6.QtCore import QMimeData

from composer.core.entry import nul_problem
from composer.ui.editor.draft_editor import DraftEditor


def test_pasted_nul_characters_are_left_out(qtbot: QtBot) -> None:
    editor = DraftEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("Hello ")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    data = QMimeData()
    data.setText("wor\0ld\0 😀")
    editor.insertFromMimeData(data)
    text = editor.toPlainText()
    assert text == "Hello world 😀"
    assert nul_problem(text, "the draft") is None


def test_a_clean_paste_is_unchanged(qtbot: QtBot) -> None:
    editor = DraftEditor()
    qtbot.addWidget(editor)
    data = QMimeData()
    data.setText("Tent sale 🇬🇧 starts Friday")
    editor.insertFromMimeData(data)
    assert editor.toPlainText() == "Tent sale 🇬🇧 starts Friday"
