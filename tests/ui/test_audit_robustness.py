"""The desktop app under bad input: huge pastes, odd Unicode, a store that fails mid-save."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtGui import QGuiApplication, QTextOption

from composer.core.checker import MAX_CHECKED_CHARS
from composer.core.counter import CounterState
from composer.core.errors import StorageError
from composer.core.workflow import Role
from composer.services.workspace import init_workspace
from composer.store.store import Store
from composer.ui.editor.draft_editor import LONG_RUN_CHARS
from composer.ui.editor.draft_session import DraftSession
from composer.ui.main_window import MainWindow
from composer.ui.review.store_client import StoreClient
from composer.ui.settings_store import SettingsStore

ODD = "👨\u200d👩\u200d👧 🇫🇷 e\u0301 שלום \u202e عربي ❤️ 日本語 \x00\x07 "


@pytest.fixture
def workspace(tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
        store.users.add("bob", [Role.REVIEWER], actor="alice", now=now)
    return ws


def open_window(qtbot: QtBot, settings_store: SettingsStore, workspace: Any) -> MainWindow:
    window = MainWindow(settings_store, workspace, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._store_prepared, timeout=10_000)
    window.account_switcher.box.setCurrentIndex(0)
    return window


def paste(window: MainWindow, text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    window.editor.paste()


def test_huge_paste_is_counted_but_not_checked(qtbot: QtBot, main_window: MainWindow) -> None:
    # A megabyte of prose: the count is exact and readable, the checks say why they pause.
    text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n" * 15_000
    paste(main_window, text)
    main_window.controller.check_now()
    view = main_window.counter_view
    assert view is not None
    assert view.state is CounterState.OVER
    label = main_window.count_label.text()
    assert "over the limit" in label
    assert "e+" not in label
    assert label.startswith(f"{len(text)} / 140")
    report = main_window.controller.report
    assert report is not None
    assert report.findings == ()
    assert main_window.controller.too_long
    stack = main_window.findings_panel.stack
    assert stack.currentWidget() is stack.message
    assert f"{len(text):,} characters long" in stack.message.text()
    assert "error" not in main_window.score_label.text()


def test_splitting_a_huge_paste_explains_instead_of_freezing(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    main_window.editor.setPlainText("word " * (MAX_CHECKED_CHARS // 5 + 10))
    main_window.split_button.click()
    assert main_window.thread_preview.parts == ()
    assert "characters long" in main_window.statusBar().currentMessage()


def test_a_long_unbroken_paste_wraps_anywhere(qtbot: QtBot, main_window: MainWindow) -> None:
    # Word-boundary wrapping is quadratic on one huge "word" (base64, a minified file).
    paste(main_window, "a" * (3 * LONG_RUN_CHARS))
    editor = main_window.editor
    assert editor.toPlainText() == "a" * (3 * LONG_RUN_CHARS)
    assert editor.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    editor.selectAll()
    paste(main_window, "Short again.")
    assert editor.wordWrapMode() == QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


def test_a_huge_paste_cannot_be_submitted_unchecked(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Any
) -> None:
    window = open_window(qtbot, settings_store, workspace)
    submitted: list[object] = []
    session = window.draft_session
    assert session is not None
    session.submitted.connect(submitted.append)
    paste(window, "Thanks for your patience. " * (MAX_CHECKED_CHARS // 20))
    window.submit_action.trigger()
    assert window.banner.isVisible()
    assert "characters long" in window.banner.label.text()
    qtbot.wait(200)
    assert submitted == []


@pytest.mark.parametrize("prefix", [ODD, "🏳️\u200d🌈 ", "a\u2028"])
def test_fix_lands_on_the_right_characters_after_odd_unicode(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Any, prefix: str
) -> None:
    window = open_window(qtbot, settings_store, workspace)
    paste(window, prefix + "We utilize the login page.")
    window.controller.check_now()
    text = window.editor.toPlainText()
    finding = next(f for f in window.controller.visible if f.rule == "Northwind.Jargon")
    assert text[finding.start : finding.end] == "utilize"
    window.findings_panel.fix_requested.emit(finding, "use")
    assert window.editor.toPlainText() == text.replace("utilize", "use")


def test_odd_unicode_round_trips_through_the_database(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Any
) -> None:
    window = open_window(qtbot, settings_store, workspace)
    paste(window, ODD + "Your replacement boots ship today.")
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: session.draft_id is not None and not session.dirty, timeout=10_000)
    # Everything but the NUL, which no draft may hold (a paste leaves it out; see entry.py).
    assert window.editor.toPlainText().startswith(ODD.replace("\x00", ""))
    with Store.open(workspace.database_url) as store:
        assert session.draft_id is not None
        assert store.drafts.get(session.draft_id).text == window.editor.toPlainText()


class HeldRunner:
    """Keeps operations until the test finishes them, as a busy database would."""

    def __init__(self) -> None:
        self.held: list[tuple[Callable[[], Any], Callable[[Any], None], Callable[..., None]]] = []

    def submit(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        self.held.append((work, on_success, on_failure))

    def shutdown(self, timeout: float = 5.0) -> None:
        """Nothing runs."""


def test_a_failed_journal_write_does_not_start_a_second_draft(qtbot: QtBot) -> None:
    runner = HeldRunner()
    client = StoreClient("sqlite:///unused.sqlite3", runner=runner)
    text = ["Thanks for your patience."]
    session = DraftSession(client, "alice", text_source=lambda: (text[0], "@NorthwindHelp", ()))
    client.failed.connect(lambda _m: session.saving_failed())  # as the window does
    session.flush()
    assert len(runner.held) == 2  # the journal, then the save that creates the draft
    _work, _ok, journal_failed = runner.held[0]
    journal_failed(StorageError("The workspace database is locked by another program"))
    text[0] += " More."
    session.flush()
    # Only a journal write: the first save is still waiting, a second would create a twin.
    assert len(runner.held) == 3
