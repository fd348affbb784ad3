"""The window: the route panel counts a draft's pictures; Settings ▸ X Prices… edits the table."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from helpers.media_files import png
from pytestqt.qtbot import QtBot

from composer.core.guide import load_guide
from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.services.x_settings import load_prices
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

TEXT = "Our trail maps are out: pick yours at the store today."


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
    return ws


def ready_window(qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace) -> MainWindow:
    window = MainWindow(settings_store, workspace, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready and window.checker is not None, timeout=10_000)
    return window


def test_the_route_panel_counts_the_pictures(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace, tmp_path: Path
) -> None:
    window = ready_window(qtbot, settings_store, workspace)
    qtbot.keyClicks(window.editor, TEXT)

    def verdict(handle: str) -> object:
        return next(v for v in window.route_panel._verdicts or () if v.handle == handle)

    qtbot.waitUntil(lambda: bool(window.route_panel._verdicts), timeout=5_000)
    alerts_before = verdict("@NorthwindAlerts")
    files = []
    for name, colour in (("a.png", (200, 40, 40)), ("b.png", (40, 40, 200))):
        path = tmp_path / name
        path.write_bytes(png(32, 24, colour))
        files.append(path)
    window.media_strip.add_files(files)
    for card, alt in zip(
        window.media_strip.cards, ("A red trail map", "A blue trail map"), strict=True
    ):
        qtbot.keyClicks(card.alt, alt)
    # @NorthwindAlerts takes one picture a post (the example guide's media numbers).
    qtbot.waitUntil(
        lambda: "2 pictures: the guide allows 1 on one post" in verdict("@NorthwindAlerts").reasons,  # type: ignore[attr-defined]
        timeout=5_000,
    )
    assert "2 pictures: the guide allows 1 on one post" not in alerts_before.reasons  # type: ignore[attr-defined]


def test_settings_x_prices_edits_the_table_the_window_uses(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = ready_window(qtbot, settings_store, workspace)
    names = [a.text() for a in window.settings_menu.actions()]
    assert "X &Prices…" in names
    window.prices_settings.action.trigger()
    dialog = window.prices_settings.dialog
    assert dialog is not None and dialog.isVisible()
    assert list(dialog.cap_edits) == [a.handle for a in window.checker.guide.accounts]  # type: ignore[union-attr]
    dialog.link_edit.setText("0.30")
    dialog.cap_edits["@NorthwindDeals"].setText("12.5")
    with qtbot.waitSignal(window.prices_settings.saved, timeout=10_000):
        dialog.accept()
    prices = load_prices(workspace.root)
    assert prices.post_with_link == Decimal("0.30")
    assert prices.cap_for("@NorthwindDeals") == Decimal("12.5")
    assert window.x_panels.prices == prices
    assert window.queue_page is not None
    assert window.queue_page.model.prices == prices
    with Store.open(workspace.database_url) as store:
        assert [e.actor for e in store.audit.list() if e.action == "prices_changed"] == ["alice"]
