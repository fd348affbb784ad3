"""The team settings object: who is alone, working alone, and the audit of guide edits."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from composer.core.guide import load_guide
from composer.core.workflow import Role
from composer.resources import resource_path
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.review.store_client import StoreClient
from composer.ui.settings.team_settings import TeamSettings
from composer.ui.workers import InlineRunner

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def workspace(tmp_path: Path, guide_text: str | None = None) -> tuple[str, Path]:
    shutil.copytree(resource_path("example"), tmp_path / "ws")
    guide = tmp_path / "ws" / "brand-guide.yml"
    if guide_text is not None:
        guide.write_text(guide_text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'ws' / 'composer.sqlite3'}"
    with Store.open(url) as store:
        store.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
        store.accounts.sync(account_specs(load_guide(guide)), now=T0, actor="boss")
    return url, guide


def team_for(url: str, guide: Path, user: str) -> TeamSettings:
    client = StoreClient(url, runner=InlineRunner(), now=lambda: T0)
    team = TeamSettings(client, user, guide)
    team.set_guide(load_guide(guide))
    team.refresh()
    return team


def test_alone_until_a_second_person_then_not(qtbot: QtBot, tmp_path: Path) -> None:
    url, guide = workspace(tmp_path)
    team = team_for(url, guide, "boss")
    assert (team.admin, team.alone) == (True, True)
    with Store.open(url) as store:
        store.users.add("rex", [Role.REVIEWER], actor="boss", now=T0)
    with qtbot.waitSignal(team.alone_changed) as told:
        team.refresh()
    assert told.args == [False]


def test_working_alone_writes_no_review_and_audits_it(qtbot: QtBot, tmp_path: Path) -> None:
    url, guide = workspace(tmp_path)
    team = team_for(url, guide, "boss")
    with qtbot.waitSignal(team.guide_written):
        team.work_alone()
    assert all(a.review["approval"] == "none" for a in load_guide(guide).accounts)
    with Store.open(url) as store:
        (event,) = [e for e in store.audit.list() if e.action == "account_edit"]
    assert (event.actor, event.detail) == ("boss", "no review for these accounts (working alone)")


def test_working_alone_needs_an_admin_and_accounts(qtbot: QtBot, tmp_path: Path) -> None:
    url, guide = workspace(tmp_path)
    with Store.open(url) as store:
        store.users.add("ann", [Role.AUTHOR], actor="boss", now=T0)
    before = guide.read_bytes()
    team = team_for(url, guide, "ann")
    with qtbot.waitSignal(team.problem) as said:
        team.work_alone()
    assert said.args == ["Only an admin turns review off."]
    assert guide.read_bytes() == before

    url, bare = workspace(tmp_path / "bare", "brand: Acme\n")
    team = team_for(url, bare, "boss")
    with qtbot.waitSignal(team.problem) as said:
        team.work_alone()
    assert "names no accounts" in said.args[0]


def test_accounts_open_on_the_composers_account(qtbot: QtBot, tmp_path: Path) -> None:
    url, guide = workspace(tmp_path)
    team = team_for(url, guide, "boss")
    team.show_account(load_guide(guide).account("@NorthwindEvents"))
    team.accounts_action.trigger()
    dialog = team.accounts_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.handle.text() == "@NorthwindEvents"
    assert dialog.save_button.isEnabled()  # boss is an admin
    team.people_action.trigger()
    assert team.people_dialog is not None
    qtbot.addWidget(team.people_dialog)
    assert team.people_dialog.table.rowCount() == 1
