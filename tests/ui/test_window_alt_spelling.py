"""The composer window spell-checks each picture's alt text with the grammar worker's service.

The offline dictionary (the default) or LanguageTool reads each alt text off the UI thread;
the findings are named by picture in the findings panel and the strip's notes, count in the
brand score, follow edits and removals, and are gone when spelling is off.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.lt_server import LanguageToolTestServer, running_server
from helpers.media_files import png
from pytestqt.qtbot import QtBot

from composer.core.assessment import assess
from composer.core.findings import Finding, Source
from composer.core.guide import load_guide
from composer.core.workflow import Role
from composer.services.spelling import OFFLINE_RULE, OfflineSpeller
from composer.services.workspace import (
    GrammarSettings,
    Workspace,
    init_workspace,
    load_workspace,
    save_grammar_settings,
)
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.grammar_setup import make_grammar_worker
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")

HELP = "@NorthwindHelp"
TEXT = "Thanks for your patience. We are checking your order and will reply within the hour."
TYPO = "alt text of picture 2: Possible spelling mistake: 'jaket'."


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
    return ws


@pytest.fixture
def lt_server() -> Iterator[LanguageToolTestServer]:
    with running_server() as server:
        yield server


@pytest.fixture
def speller_threads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every text the offline dictionary reads, with the thread it reads it on."""
    calls: list[tuple[str, str]] = []
    check = OfflineSpeller.check

    def recorded(self: OfflineSpeller, text: str) -> tuple[Finding, ...]:
        calls.append((text, threading.current_thread().name))
        return check(self, text)

    monkeypatch.setattr(OfflineSpeller, "check", recorded)
    return calls


def open_window(
    qtbot: QtBot, settings_store: SettingsStore, ws: Workspace, mode: GrammarSettings
) -> MainWindow:
    ws = save_grammar_settings(ws.root, mode)
    window = MainWindow(settings_store, ws, user="alice", grammar_worker=make_grammar_worker(ws))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready and window.checker is not None, timeout=10_000)
    handles = [a.handle for a in window.account_switcher.accounts]
    window.account_switcher.box.setCurrentIndex(handles.index(HELP))
    return window


def attach(window: MainWindow, tmp_path: Path, *alts: str) -> None:
    paths = []
    for number in range(len(alts)):
        path = tmp_path / f"picture{number}.png"
        path.write_bytes(png(16, 12, (40 * number, 90, 200)))
        paths.append(path)
    window.media_strip.add_files(paths)
    for card, alt in zip(window.media_strip.cards, alts, strict=True):
        card.alt.setText(alt)
        card.alt.textEdited.emit(alt)  # as typing it would


def panel_messages(window: MainWindow) -> list[str]:
    model = window.findings_panel.model
    found = [model.finding(row) for row in range(model.rowCount())]
    return [f.message for f in found if f is not None]


def alt_spelling(window: MainWindow) -> list[str]:
    report = window.controller.report
    if report is None:
        return []
    return [
        f.message
        for f in report.findings
        if f.message.startswith("alt text of") and (f.source is Source.GRAMMAR)
    ]


def test_each_alt_text_is_spell_checked_off_the_ui_thread_and_counted(
    qtbot: QtBot,
    settings_store: SettingsStore,
    workspace: Workspace,
    tmp_path: Path,
    speller_threads: list[tuple[str, str]],
) -> None:
    window = open_window(qtbot, settings_store, workspace, GrammarSettings(mode="offline"))
    qtbot.keyClicks(window.editor, TEXT)
    attach(window, tmp_path, "A blue trail map", "A TrailPro jaket on a red trail")
    qtbot.waitUntil(lambda: TYPO in panel_messages(window), timeout=10_000)
    # Named by picture; the accepted vocabulary (TrailPro) is not a misspelling.
    assert alt_spelling(window) == [TYPO]
    assert TYPO in window.media_strip.message.text()
    alts = [(text, thread) for text, thread in speller_threads if "trail" in text]
    assert alts and all(thread != threading.main_thread().name for _t, thread in alts)
    report = window.controller.report
    assert report is not None and report.score is not None
    # The score counts it: the same draft without the alt texts' spelling scores higher.
    checker = window.checker
    assert checker is not None
    items = [m.item for m in window.media_strip.media()]
    spelling = [f for f in report.findings if f.source is Source.GRAMMAR and f.end > f.start]
    without = assess(checker, TEXT, HELP, spelling=spelling, media=items)
    assert without.score is not None and report.score < without.score
    assert window.score_label.text() == f"Brand score {report.score:.0f}"
    assert len(panel_messages(window)) == len(report.findings)

    # Ctrl+. at the start of the post does not paste a picture's fix into the post.
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.Start)
    window.fix_action.trigger()
    assert window.editor.toPlainText() == TEXT
    # Nor does the panel's Apply Fix: the suggestions are for the alt text.
    panel = window.findings_panel
    rows = range(panel.model.rowCount())
    (row,) = [r for r in rows if (f := panel.model.finding(r)) is not None and f.message == TYPO]
    panel.view.setCurrentIndex(panel.model.index(row))
    chosen = panel.current_finding()
    assert chosen is not None and chosen.message == TYPO and "jacket" in chosen.replacements
    assert not panel.fix_button.isEnabled()
    assert panel.ignore_button.isEnabled()

    # Editing the alt text checks it again: the typo fixed, its finding goes.
    card = window.media_strip.cards[1]
    card.alt.setText("A TrailPro jacket on a red trail")
    card.alt.textEdited.emit(card.alt.text())
    qtbot.waitUntil(lambda: not alt_spelling(window), timeout=10_000)
    assert TYPO not in window.media_strip.message.text()

    # A new typo, then its picture removed: its finding goes with it.
    card = window.media_strip.cards[0]
    card.alt.setText("A blue trail mapp")
    card.alt.textEdited.emit(card.alt.text())
    typo = "alt text of picture 1: Possible spelling mistake: 'mapp'."
    qtbot.waitUntil(lambda: alt_spelling(window) == [typo], timeout=10_000)
    window.media_strip.cards[0].remove.click()
    qtbot.waitUntil(lambda: typo not in panel_messages(window), timeout=10_000)
    assert alt_spelling(window) == []


def test_with_spelling_off_nothing_reads_the_alt_texts(
    qtbot: QtBot,
    settings_store: SettingsStore,
    workspace: Workspace,
    tmp_path: Path,
    speller_threads: list[tuple[str, str]],
) -> None:
    window = open_window(qtbot, settings_store, workspace, GrammarSettings(mode="off"))
    assert window.grammar_worker is None
    qtbot.keyClicks(window.editor, TEXT)
    attach(window, tmp_path, "A blue trail map", "A TrailPro jaket on a red trail")
    qtbot.wait(800)  # past the typing pause
    assert speller_threads == []
    assert alt_spelling(window) == []
    assert not [m for m in panel_messages(window) if "spelling" in m]


def test_turning_spelling_off_takes_its_findings_away(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace, tmp_path: Path
) -> None:
    window = open_window(qtbot, settings_store, workspace, GrammarSettings(mode="offline"))
    qtbot.keyClicks(window.editor, "Thanks for your patiance.")
    attach(window, tmp_path, "A blue trail map", "A TrailPro jaket on a red trail")
    qtbot.waitUntil(
        lambda: (
            TYPO in panel_messages(window)
            and any("'patiance'" in m for m in panel_messages(window))
        ),
        timeout=10_000,
    )
    window.set_grammar_worker(None)  # Settings: spelling off
    qtbot.waitUntil(
        lambda: not [m for m in panel_messages(window) if "spelling mistake" in m], timeout=5_000
    )
    assert alt_spelling(window) == []
    assert TYPO not in window.media_strip.message.text()


def test_languagetool_reads_the_alt_texts_in_the_window(
    qtbot: QtBot,
    settings_store: SettingsStore,
    workspace: Workspace,
    tmp_path: Path,
    lt_server: LanguageToolTestServer,
) -> None:
    mode = GrammarSettings(mode="server", server_url=lt_server.url, timeout_seconds=3.0)
    window = open_window(qtbot, settings_store, workspace, mode)
    qtbot.keyClicks(window.editor, TEXT)
    attach(window, tmp_path, "A map of teh trail")
    qtbot.waitUntil(lambda: bool(alt_spelling(window)), timeout=10_000)
    report = window.controller.report
    assert report is not None
    (found,) = [f for f in report.findings if f.message.startswith("alt text of picture 1: ")]
    assert (found.rule, found.start, found.end) == ("MORFOLOGIK_RULE_EN_US", 0, 0)
    assert "A map of teh trail" in [r["text"] for r in lt_server.check_requests()]
    assert found.message in panel_messages(window)
    assert load_workspace(workspace.root).grammar.mode == "server"
    assert OFFLINE_RULE not in [f.rule for f in report.findings]


def test_turning_spelling_off_takes_the_post_s_spelling_findings_away(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    """No pictures: the post's misspelling went on showing after spelling was turned off."""
    window = open_window(qtbot, settings_store, workspace, GrammarSettings(mode="offline"))
    qtbot.keyClicks(window.editor, "Thanks for your patiance.")
    qtbot.waitUntil(lambda: any("'patiance'" in m for m in panel_messages(window)), timeout=10_000)
    window.set_grammar_worker(None)  # Settings: spelling off
    qtbot.keyClicks(window.editor, " Bye.")
    qtbot.waitUntil(
        lambda: (
            window.controller.report is not None and window.controller.report.text.endswith("Bye.")
        ),
        timeout=5_000,
    )
    assert not [m for m in panel_messages(window) if "spelling mistake" in m]
