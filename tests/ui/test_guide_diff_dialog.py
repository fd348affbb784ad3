"""Guide ▸ Compare With… (issue 18, item 4): the window's view of what a new guide would flag."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from helpers.changed_guide import CLEAN, HYPE_HELP, LONG_HELP, new_guide_text
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.core.guide_diff import GuideDiff
from composer.resources import resource_path
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.guide_diff_dialog import GuideDiffDialog, compare_in_workspace
from composer.ui.guide_viewer import GuideViewer
from composer.ui.workers import InlineRunner

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def workspace(tmp_path: Path) -> tuple[str, Path, Path, list[int]]:
    """A store with three drafts, the example guide and the changed one beside it."""
    folder = tmp_path / "ws"
    shutil.copytree(resource_path("example"), folder)
    current = folder / "brand-guide.yml"
    new = folder / "new-guide.yml"
    new.write_text(new_guide_text(current.read_text(encoding="utf-8")), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'composer.sqlite3'}"
    with Store.open(url) as store:
        from composer.core.workflow import Role

        store.users.add("boss", [Role.ADMIN], actor="boss", now=NOW)
        store.accounts.sync(account_specs(load_guide(current)), now=NOW)
        ids = [
            store.drafts.create("@NorthwindHelp", text, author="boss", findings=(), now=NOW).id
            for text in (CLEAN, LONG_HELP, HYPE_HELP)
        ]
    return url, current, new, ids


def test_compare_lists_the_changed_posts_and_the_rules(qtbot: QtBot, tmp_path: Path) -> None:
    url, current, new, (clean, long_help, hype) = workspace(tmp_path)
    dialog = GuideDiffDialog(compare_in_workspace(url, str(current)), runner=InlineRunner())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(new))
    with qtbot.waitSignal(dialog.compared, timeout=60_000) as signal:
        qtbot.mouseClick(dialog.compare_button, Qt.MouseButton.LeftButton)
    diff = signal.args[0]
    assert isinstance(diff, GuideDiff)
    assert dialog.summary.text() == (
        "3 past posts checked; 2 change verdict (newly blocked: 1, newly warned: 0, "
        "no longer blocked: 0, cleared: 1)."
    )
    assert dialog.changes.rowCount() == 2
    rows = {
        int(dialog.changes.item(r, 0).text()): (
            dialog.changes.item(r, 2).text(),
            dialog.changes.item(r, 3).text(),
        )
        for r in range(2)
    }
    assert rows == {
        long_help: ("newly blocked", "+Composer.Length"),
        hype: ("cleared", "-Northwind.Hype"),
    }
    assert clean not in rows
    assert {dialog.rules.item(r, 0).text() for r in range(dialog.rules.rowCount())} == {
        "Composer.Length",
        "Northwind.Hype",
    }
    assert dialog.compare_button.isEnabled()


def test_bad_input_is_said_in_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    url, current, new, _ = workspace(tmp_path)
    dialog = GuideDiffDialog(compare_in_workspace(url, str(current)), runner=InlineRunner())
    qtbot.addWidget(dialog)
    dialog.start()
    assert dialog.summary.text() == "Choose the new guide first."
    dialog.path_edit.setText(str(tmp_path / "missing.yml"))
    dialog.start()
    assert dialog.summary.text().endswith("missing.yml is not a file.")
    dialog.path_edit.setText(str(new))
    dialog.since_edit.setText("last week")
    dialog.start()
    assert dialog.summary.text() == "'last week' is not a date: write it like 2026-11-01."
    broken = tmp_path / "ws" / "broken.yml"
    broken.write_text("brand: [unclosed\n", encoding="utf-8")
    dialog.path_edit.setText(str(broken))
    dialog.since_edit.setText((NOW - timedelta(days=1)).date().isoformat())
    dialog.start()
    assert dialog.summary.text().startswith("The guides could not be compared: ")
    assert dialog.compare_button.isEnabled()


def test_the_guide_tab_opens_compare_with(qtbot: QtBot, tmp_path: Path) -> None:
    url, current, _, _ = workspace(tmp_path)
    viewer = GuideViewer(opener=lambda _url: True)
    qtbot.addWidget(viewer)
    checker = Checker(load_guide(current))
    viewer.show_rules(checker, checker.guide.accounts[0])
    assert viewer.compare_button.isEnabled()
    assert viewer.open_compare() is None  # no workspace store to compare in
    viewer.compare_factory = lambda guide: compare_in_workspace(url, guide)
    viewer.compare_button.click()
    dialog = viewer.diff_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert viewer.diff_dialog is None
