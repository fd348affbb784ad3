"""Settings ▸ People: admins change people and roles through the store; others only read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from composer.core.workflow import Role
from composer.store.records import AccountSpec
from composer.store.store import Store
from composer.ui.review.store_client import StoreClient
from composer.ui.settings.people_dialog import PeopleDialog, roles_text
from composer.ui.workers import InlineRunner

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'composer.sqlite3'}"
    with Store.open(url) as store:
        store.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
        store.accounts.sync([AccountSpec("@Help", "support"), AccountSpec("@Deals", "")], now=T0)
        store.users.add("ann", [Role.AUTHOR], actor="boss", now=T0)
    yield url


def dialog_for(qtbot: QtBot, url: str, user: str, *, team: bool = False) -> PeopleDialog:
    client = StoreClient(url, runner=InlineRunner(), now=lambda: T0)
    dialog = PeopleDialog(client, user, team=team)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.state is not None
    return dialog


def test_an_author_reads_the_list_and_is_told_why_not_more(qtbot: QtBot, url: str) -> None:
    dialog = dialog_for(qtbot, url, "ann")
    assert dialog.table.rowCount() == 2
    assert dialog.reason.isVisible()
    assert "not one" in dialog.reason.text()
    assert not dialog.editor.isEnabled()
    assert not dialog.adder.isVisible()


def test_an_admin_adds_a_reviewer_for_one_account(qtbot: QtBot, url: str) -> None:
    dialog = dialog_for(qtbot, url, "boss")
    assert not dialog.reason.isVisible()
    assert not dialog.password_edit.isVisible()  # SQLite: no database login
    dialog.name_edit.setText("rex")
    dialog.display_edit.setText("Rex Moreno")
    dialog.add_boxes[Role.AUTHOR].setChecked(False)
    dialog.add_boxes[Role.REVIEWER].setChecked(True)
    dialog.add_scope.setCurrentIndex(dialog.add_scope.findData("@Help"))
    dialog.add_button.click()
    assert dialog.status.text() == "rex added."
    assert dialog.name_edit.text() == ""
    with Store.open(url) as store:
        rex = store.users.get("rex")
        events = [e.action for e in store.audit.list()]
    assert rex.display_name == "Rex Moreno"
    assert rex.roles_on("@Help") == {Role.REVIEWER}
    assert rex.roles_on("@Deals") == frozenset()
    assert "user_add" in events


def test_roles_per_account_and_deactivation(qtbot: QtBot, url: str) -> None:
    dialog = dialog_for(qtbot, url, "boss")
    dialog.select("ann")
    dialog.scope.setCurrentIndex(dialog.scope.findData("@Deals"))
    assert not dialog.role_boxes[Role.AUTHOR].isChecked()  # ann's grant covers every account
    dialog.role_boxes[Role.REVIEWER].setChecked(True)
    dialog.apply_button.click()
    assert dialog.selected() is not None
    assert dialog.selected().name == "ann"  # type: ignore[union-attr]
    assert "reviewer (@Deals)" in dialog.table.item(0, 3).text()
    dialog.active_button.click()
    with Store.open(url) as store:
        ann = store.users.get("ann")
        actions = [e.action for e in store.audit.list()]
    assert ann.roles_on("@Deals") == {Role.AUTHOR, Role.REVIEWER}
    assert not ann.active
    assert dialog.table.item(0, 2).text() == "deactivated"
    assert dialog.active_button.text() == "Re&activate"
    assert {"user_roles", "user_deactivate"} <= set(actions)


def test_the_store_refuses_what_the_dialog_would_allow(qtbot: QtBot, url: str) -> None:
    dialog = dialog_for(qtbot, url, "boss")
    dialog.select("boss")
    dialog.role_boxes[Role.ADMIN].setChecked(False)
    dialog.role_boxes[Role.AUTHOR].setChecked(True)
    dialog.apply_button.click()
    assert "no active admin left" in dialog.status.text()
    with Store.open(url) as store:
        assert store.users.get("boss").roles_on("@Help") == {Role.ADMIN}


def test_team_mode_asks_for_the_new_login_password(qtbot: QtBot, url: str) -> None:
    dialog = dialog_for(qtbot, url, "boss", team=True)
    assert dialog.password_edit.isVisible()
    dialog.name_edit.setText("rex")
    dialog.add_button.click()
    assert "needs a password" in dialog.status.text()
    dialog.generate_button.click()
    assert len(dialog.password_edit.text()) >= 12
    assert "not shown again" in dialog.status.text()


def test_roles_text_names_each_scope() -> None:
    from composer.store.records import Grant, UserRecord

    person = UserRecord(
        1, "ria", T0, (Grant(Role.ADMIN), Grant(Role.REVIEWER, "@Help")), "Ria", True
    )
    assert roles_text(person) == "admin (all accounts); reviewer (@Help)"
