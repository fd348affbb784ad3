"""The window: a crisis profile's media limit in the Tone tab, alt text tone under the strip."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.media_files import png
from pytestqt.qtbot import QtBot

from composer.core.guide import load_guide
from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

ALERTS = "@NorthwindAlerts"
TEXT = "The Ridge trail is closed until further notice."
CRISIS_EMOJI = "      emoji: {max: 0, level: error}\n\naccounts:"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    guide = ws.guide_path.read_text(encoding="utf-8")
    assert guide.count(CRISIS_EMOJI) == 1  # the crisis profile is the last one
    ws.guide_path.write_text(
        guide.replace(
            CRISIS_EMOJI,
            "      emoji: {max: 0, level: error}\n      media: {forbid: true, level: error}\n"
            "\naccounts:",
        ),
        encoding="utf-8",
    )
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
    return ws


def test_the_tone_tab_counts_the_pictures_and_the_strip_names_alt_text_tone(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace, tmp_path: Path
) -> None:
    window = MainWindow(settings_store, workspace, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready and window.checker is not None, timeout=10_000)
    handles = [a.handle for a in window.account_switcher.accounts]
    window.account_switcher.box.setCurrentIndex(handles.index(ALERTS))
    qtbot.keyClicks(window.editor, TEXT)
    qtbot.waitUntil(lambda: "media" in [r.name for r in window.tone_meter.rows], timeout=5_000)
    (empty,) = [r for r in window.tone_meter.rows if r.name == "media"]
    assert (empty.value, empty.within) == (0.0, True)

    path = tmp_path / "crowd.png"
    path.write_bytes(png(32, 24, (200, 40, 40)))
    window.media_strip.add_files([path])
    qtbot.keyClicks(window.media_strip.cards[0].alt, "Hikers at an election rally")
    # The media strip's notes come from the guide's media findings, tone included.
    qtbot.waitUntil(
        lambda: (
            "alt text of picture 1: Politics is a forbidden topic on @NorthwindAlerts"
            in window.media_strip.message.text()
        ),
        timeout=5_000,
    )
    assert (
        "Pictures, GIFs and videos are not allowed on @NorthwindAlerts (found: 1 picture)"
        in window.media_strip.message.text()
    )
    qtbot.keyClicks(window.editor, " ")  # the next check counts the picture in the Tone tab
    qtbot.waitUntil(
        lambda: any(r.name == "media" and r.value == 1.0 for r in window.tone_meter.rows),
        timeout=5_000,
    )
    (row,) = [r for r in window.tone_meter.rows if r.name == "media"]
    assert not row.within
    assert "none allowed" in row.tooltip
    qtbot.waitUntil(
        lambda: any(
            v.handle == ALERTS and "media" in v.reasons for v in window.route_panel._verdicts or ()
        ),
        timeout=5_000,
    )
