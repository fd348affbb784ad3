"""Settings ▸ X Prices…: the price table seen, edited, dated, written to workspace.toml, audited."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox

from composer.core.cost import PriceTable
from composer.services.x_settings import load_prices
from composer.store.store import Store
from composer.ui.editor.x_panels import XPanels
from composer.ui.review.store_client import StoreClient
from composer.ui.settings.prices_dialog import PricesDialog, PricesSettings
from composer.ui.workers import InlineRunner

NOW = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)
TOML = '[grammar]\nmode = "off"\n\n[costs]\npost = 0.015\n\n[costs.monthly_cap]\n"@Help" = 10\n'


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "workspace.toml").write_text(TOML, encoding="utf-8")
    return tmp_path


@pytest.fixture
def client(tmp_path: Path) -> Iterator[StoreClient]:
    url = f"sqlite:///{tmp_path / 'composer.sqlite3'}"
    Store.open(url).close()
    made = StoreClient(url, runner=InlineRunner(), now=lambda: NOW)
    yield made
    made.close()


def test_the_dialog_shows_the_table_and_names_a_wrong_field(qtbot: QtBot, root: Path) -> None:
    prices = load_prices(root)
    dialog = PricesDialog(prices, ["@Help", "@Deals"], today=lambda: date(2026, 12, 7))
    qtbot.addWidget(dialog)
    assert dialog.post_edit.text() == "0.015"
    assert dialog.link_edit.text() == "0.20"
    assert dialog.as_of_edit.date() == QDate(2026, 2, 1)
    assert [(h, e.text()) for h, e in dialog.cap_edits.items()] == [("@Help", "10"), ("@Deals", "")]
    assert dialog.prices() == prices
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.cap_edits["@Deals"].setText("lots")
    assert not ok.isEnabled()
    assert "'costs.monthly_cap.@Deals' must be a number such as 0.015" in (
        dialog.problem_label.text()
    )
    dialog.cap_edits["@Deals"].setText("5")
    assert ok.isEnabled() and dialog.problem_label.text() == ""
    # A price typed anew is dated today; X's published prices bring their own date back.
    qtbot.keyClicks(dialog.post_edit, "5")
    assert dialog.post_edit.text() == "0.0155"
    assert dialog.as_of_edit.date() == QDate(2026, 12, 7)
    dialog.default_button.click()
    assert dialog.prices() == PriceTable(monthly_caps={"@Help": Decimal(10), "@Deals": Decimal(5)})


def test_saving_writes_the_file_audits_and_reprices_the_composer(
    qtbot: QtBot, root: Path, client: StoreClient
) -> None:
    settings = PricesSettings(
        root, load_prices(root), lambda: ["@Help"], client=client, user="boss"
    )
    dialog = settings.open()
    qtbot.addWidget(dialog)
    dialog.link_edit.setText("0.25")
    dialog.cap_edits["@Help"].setText("")
    with qtbot.waitSignal(settings.saved) as saved:
        dialog.accept()
    written: PriceTable = saved.args[0]
    assert written.post_with_link == Decimal("0.25")
    assert written.monthly_caps == {}
    assert load_prices(root) == written == settings.prices
    data = tomllib.loads((root / "workspace.toml").read_text(encoding="utf-8"))
    assert data["grammar"] == {"mode": "off"}  # the rest of the file is kept
    with Store.open(client.url) as store:
        (event,) = [e for e in store.audit.list() if e.action == "prices_changed"]
    assert event.actor == "boss"
    assert "with a link $0.250" in event.detail and "monthly caps: none" in event.detail
    # The composer's cost follows the new table at once.
    panels = XPanels(None)
    panels.set_prices(written)
    panels._on_draft_changed("Maps: https://example.com/maps")
    assert "$0.250" in panels.cost_badge.label.text()


def test_a_file_that_cannot_be_written_is_a_problem_not_a_crash(
    qtbot: QtBot, tmp_path: Path, client: StoreClient
) -> None:
    missing = tmp_path / "gone"
    settings = PricesSettings(missing, PriceTable(), list, client=client, user="boss")
    with qtbot.waitSignal(settings.problem) as problem:
        settings.save(PriceTable(post=Decimal("0.02")))
    assert str(missing / "workspace.toml") in problem.args[0]
    assert settings.prices == PriceTable()


def test_the_action_opens_the_dialog(qtbot: QtBot, root: Path) -> None:
    settings = PricesSettings(root, load_prices(root), lambda: ["@Help"], client=None, user="a")
    settings.action.trigger()
    assert settings.dialog is not None
    qtbot.addWidget(settings.dialog)
    assert settings.dialog.isVisible()
    settings.dialog.post_edit.setText("0.03")
    with qtbot.waitSignal(settings.saved):
        settings.dialog.accept()
    assert load_prices(root).post == Decimal("0.03")
