"""The guide from the window: open it, show its folder, read each rule whole, and add a
flagged brand term to the vocabulary (admins) or suggest it (everyone else)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QUrl

from composer.core.workflow import Role
from composer.services.spelling import OFFLINE_RULE
from composer.services.workspace import Workspace, init_workspace
from composer.store.store import Store
from composer.ui.grammar_setup import make_grammar_worker
from composer.ui.guide_viewer import GuideViewer
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

DRAFT = "Our Trailblazr boots ship today."


@pytest.fixture
def space(tmp_path: Path) -> Workspace:
    made = init_workspace(tmp_path / "ws", example=True)
    with Store.open(made.database_url) as store:
        now = datetime.now(UTC)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
        store.users.add("bob", [Role.AUTHOR], actor="alice", now=now)
    return made


def _window(qtbot: QtBot, settings_store: SettingsStore, space: Workspace, user: str):
    worker = make_grammar_worker(space)
    assert worker is not None
    window = MainWindow(settings_store, space, grammar_worker=worker, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    window.editor.setPlainText(DRAFT)
    qtbot.waitUntil(lambda: _spelling(window) is not None, timeout=10_000)
    return window, worker


def _spelling(window: MainWindow):
    return next(
        (f for f in window.controller.visible if f.rule == OFFLINE_RULE and f.start == 4), None
    )


def _select(window: MainWindow, finding) -> None:
    panel = window.findings_panel
    for row in range(panel.model.rowCount()):
        if panel.model.finding(row) == finding:
            panel.view.setCurrentIndex(panel.model.index(row))
            return
    pytest.fail("the finding is not listed")


def test_admin_adds_a_misspelt_brand_term_and_the_finding_goes_at_once(
    qtbot: QtBot, settings_store: SettingsStore, space: Workspace
) -> None:
    window, worker = _window(qtbot, settings_store, space, "alice")
    try:
        qtbot.waitUntil(lambda: window.findings_panel.may_add_vocabulary, timeout=5000)
        panel = window.findings_panel
        assert panel.vocabulary_button.text() == "Add to &Brand Vocabulary"
        finding = _spelling(window)
        _select(window, finding)
        assert panel.vocabulary_button.isEnabled()
        qtbot.mouseClick(panel.vocabulary_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: _spelling(window) is None, timeout=3000)
        text = space.guide_path.read_text(encoding="utf-8")
        assert "accept: [TrailPro, SummitShell, Northwind, Trailblazr]" in text
        assert "# Northwind Trail Co. brand guide (fictional example brand)." in text
        assert '# Written exactly like this; "Trailpro" is flagged' in text
        # The reloaded guide accepts the word: typing on, it is not flagged again.
        qtbot.waitUntil(
            lambda: (
                window.checker is not None
                and "Trailblazr" in window.checker.guide.vocabulary.accept
            ),
            timeout=10_000,
        )
        window.editor.setPlainText(DRAFT + " Trailblazr again.")
        qtbot.wait(800)
        assert not [f for f in window.controller.visible if "Trailblazr" in f.message]
        with Store.open(space.database_url) as store:
            (event,) = [e for e in store.audit.list() if e.action == "vocabulary_added"]
        assert event.actor == "alice" and "Trailblazr" in event.detail
    finally:
        worker.shutdown()


def test_others_suggest_the_word_for_reviewers_and_the_guide_is_untouched(
    qtbot: QtBot, settings_store: SettingsStore, space: Workspace
) -> None:
    before = space.guide_path.read_text(encoding="utf-8")
    window, worker = _window(qtbot, settings_store, space, "bob")
    try:
        panel = window.findings_panel
        assert not panel.may_add_vocabulary
        assert panel.vocabulary_button.text() == "Suggest for &Brand Vocabulary"
        _select(window, _spelling(window))
        qtbot.mouseClick(panel.vocabulary_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "suggested" in window.statusBar().currentMessage(), timeout=3000)
        assert space.guide_path.read_text(encoding="utf-8") == before
        with Store.open(space.database_url) as store:
            (event,) = [e for e in store.audit.list() if e.action == "vocabulary_suggested"]
            assert event.actor == "bob" and "Trailblazr" in event.detail
            # The store refuses a non-admin's change whatever the window shows.
            from composer.services.vocabulary_file import accept_term

            with pytest.raises(Exception, match="only an admin"):
                accept_term(
                    store,
                    space.guide_path,
                    "X",
                    actor="bob",
                    account=event.account,
                    now=datetime.now(UTC),
                )
    finally:
        worker.shutdown()


def test_guide_tab_opens_the_file_and_folder_and_shows_whole_messages(
    qtbot: QtBot, settings_store: SettingsStore, space: Workspace
) -> None:
    opened: list[QUrl] = []
    window = MainWindow(settings_store, space, user="alice")
    qtbot.addWidget(window)
    viewer: GuideViewer = window.guide_viewer
    viewer.opener = lambda url: opened.append(url) or True
    qtbot.waitUntil(lambda: viewer.guide_path is not None, timeout=10_000)
    assert viewer.open_guide() and viewer.show_folder()
    assert [u.toLocalFile() for u in opened] == [
        str(space.guide_path),
        str(space.guide_path.parent),
    ]
    group = viewer.tree.topLevelItem(0)
    rule = group.child(0)
    viewer.tree.setCurrentItem(rule)
    full = rule.toolTip(2)
    assert viewer.details.text() == f"{rule.text(0)}: {full}"
    assert viewer.details.wordWrap()
