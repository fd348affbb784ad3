"""The composer window on the example workspace: underlines, findings panel, fixes, guide reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from composer.core.findings import Source
from composer.services.workspace import init_workspace
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore


@pytest.fixture
def workspace(tmp_path: Path):
    return init_workspace(tmp_path / "ws", example=True)


@pytest.fixture
def window(qtbot: QtBot, settings_store: SettingsStore, workspace) -> MainWindow:
    win = MainWindow(settings_store, workspace)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # The guide loads off the UI thread.
    qtbot.waitUntil(lambda: win.checker is not None, timeout=10_000)
    return win


def wait_for_findings(qtbot: QtBot, window: MainWindow, rule: str) -> None:
    qtbot.waitUntil(lambda: any(f.rule == rule for f in window.controller.visible), timeout=3000)


def test_example_guide_loads_accounts(window: MainWindow) -> None:
    handles = [
        window.account_switcher.box.itemText(i).split(" ")[0]
        for i in range(window.account_switcher.box.count())
    ]
    assert handles == ["@NorthwindHelp", "@NorthwindDeals", "@NorthwindEvents", "@NorthwindAlerts"]
    assert window.checker is not None
    assert window.guide_viewer.tree.topLevelItemCount() >= 2
    assert not window.limit_chooser.isEnabled()  # the account sets the limit


def test_banned_term_is_underlined_listed_and_fixed(qtbot: QtBot, window: MainWindow) -> None:
    # An emoji first: the underline must land after it in Qt's UTF-16 positions.
    window.editor.insertPlainText("🥾")  # QTest.keyClicks only types ASCII
    qtbot.keyClicks(window.editor, " Our Trailpro boots")
    wait_for_findings(qtbot, window, "Vale.Terms")
    text = window.editor.toPlainText()
    finding = next(f for f in window.controller.visible if f.rule == "Vale.Terms")
    assert text[finding.start : finding.end] == "Trailpro"
    assert finding.replacements[0] == "TrailPro"
    underlines = [m for m in window.editor.marks() if m[2] == "finding"]
    qt_start = len("🥾 Our ".encode("utf-16-le")) // 2
    assert (qt_start, qt_start + len("Trailpro"), "finding") in underlines
    rows = [
        window.findings_panel.model.finding(r)
        for r in range(window.findings_panel.model.rowCount())
    ]
    assert any(f is not None and f.rule == "Vale.Terms" for f in rows)

    window.findings_panel.fix_requested.emit(finding, "TrailPro")
    assert window.editor.toPlainText() == "🥾 Our TrailPro boots"
    assert not any(f.rule == "Vale.Terms" for f in window.controller.visible)
    window.editor.undo()
    assert window.editor.toPlainText() == "🥾 Our Trailpro boots"


def test_ignore_once_hides_until_reworded(qtbot: QtBot, window: MainWindow) -> None:
    window.editor.setPlainText("This is guaranteed to work")
    qtbot.waitUntil(lambda: bool(window.controller.visible), timeout=3000)
    banned = next(
        f
        for f in window.controller.visible
        if "guaranteed" in window.editor.toPlainText()[f.start : f.end].lower()
    )
    window.controller.ignore(banned)
    assert banned.rule not in {f.rule for f in window.controller.visible if f.start == banned.start}


def test_account_switch_changes_limit_and_tone(qtbot: QtBot, window: MainWindow) -> None:
    window.editor.setPlainText("Big sale: 20% off every rain coat this weekend only, act now!")
    help_index = 0
    deals_index = 1
    window.account_switcher.box.setCurrentIndex(help_index)
    qtbot.waitUntil(lambda: window.controller.report is not None, timeout=3000)
    help_rules = {f.rule for f in window.controller.visible}
    window.account_switcher.box.setCurrentIndex(deals_index)
    deals_rules = {f.rule for f in window.controller.visible}
    assert help_rules != deals_rules
    assert window.tone_meter.rows  # the deals profile limits some measures
    account = window.account_switcher.current()
    assert account is not None
    assert window.limit_chooser.limit == account.limit


def test_route_panel_lists_every_account(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.editor, "Big sale: 20% off all jackets, act now!")
    qtbot.waitUntil(lambda: window.route_panel.list.count() == 4, timeout=3000)
    lines = [window.route_panel.list.item(i).text() for i in range(4)]
    assert any(line.startswith("✗ @NorthwindAlerts") for line in lines)


def test_broken_guide_keeps_last_good_and_shows_banner(
    qtbot: QtBot, window: MainWindow, workspace
) -> None:
    good = window.checker
    guide = workspace.guide_path
    original = guide.read_text(encoding="utf-8")
    guide.write_text(original + "\nbogus_key: 1\n", encoding="utf-8")
    window.guide_watcher.reload()
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert "bogus_key" in window.banner.details.text()
    assert ":" in window.banner.details.text().split("\n")[0]  # FILE:LINE:COLUMN
    assert window.checker is good
    guide.write_text(original, encoding="utf-8")
    window.guide_watcher.reload()
    qtbot.waitUntil(lambda: window.checker is not good, timeout=10_000)
    assert not window.banner.isVisible()


def test_guide_change_on_disk_is_picked_up(qtbot: QtBot, window: MainWindow, workspace) -> None:
    guide = workspace.guide_path
    text = guide.read_text(encoding="utf-8").replace(
        "reject: [cheap, knockoff]", "reject: [cheap, knockoff, bargain]"
    )
    first = window.checker
    guide.write_text(text, encoding="utf-8")
    qtbot.waitUntil(lambda: window.checker is not first, timeout=5000)
    window.editor.setPlainText("A bargain for everyone")
    window.controller.check_now()
    assert any(f.rule == "Vale.Avoid" for f in window.controller.visible)


def test_grammar_findings_merge_with_local_ones(qtbot: QtBot, settings_store, workspace) -> None:
    from PySide6.QtCore import QObject, Signal

    from composer.core.findings import Finding, Level
    from composer.services.grammar import GrammarResult  # noqa: F401 - documents the shape

    class FakeWorker(QObject):
        findings_ready = Signal(int, list)
        status_changed = Signal(str, str)

        def __init__(self) -> None:
            super().__init__()
            self.revision = 0
            self.text = ""

        def set_text(self, text: str) -> int:
            self.revision += 1
            self.text = text
            return self.revision

        def shutdown(self, timeout: float = 3.0) -> None:
            pass

    worker = FakeWorker()
    win = MainWindow(settings_store, workspace, grammar_worker=worker)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: win.checker is not None, timeout=10_000)
    win.editor.setPlainText("Their is a problem")
    grammar = Finding(
        "GRAMMAR_RULE", Level.WARNING, "Did you mean 'There'?", 0, 5, Source.GRAMMAR, ("There",)
    )
    worker.findings_ready.emit(worker.revision - 1, [grammar])  # stale: ignored
    win.controller.check_now()
    assert grammar not in win.controller.visible
    worker.findings_ready.emit(worker.revision, [grammar])
    assert grammar in win.controller.visible
    worker.status_changed.emit("unreachable", "LanguageTool server refused the connection")
    assert "unreachable" in win.grammar_status.text()
