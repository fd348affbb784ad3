"""The Inbox page inside the real window: Reply opens the composer on the mention's account
with the mention quoted above the editor and the draft replying to it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from composer.core.guide import load_guide
from composer.core.inbox import Mention
from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.store.inbox import TARGET_KEY
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    now = datetime.now(UTC)
    with Store.open(ws.database_url) as store:
        store.users.add("boss", [Role.ADMIN], actor="boss", now=now)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("ann", [Role.AUTHOR], actor="boss", now=now)
        store.inbox.add_fetched(
            "@NorthwindDeals",
            [
                Mention(
                    "555",
                    "@NorthwindDeals is the tent sale still on?",
                    "77",
                    "kim",
                    now - timedelta(minutes=3),
                    "555",
                )
            ],
            reads=1,
            now=now,
        )
    return ws


def test_reply_opens_the_composer_with_the_mention_quoted(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    window = MainWindow(settings_store, workspace, user="ann")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._store_prepared, timeout=10_000)
    page = window.inbox_page
    assert page is not None
    assert window.pages.tabText(window.pages.indexOf(page)) == "Inbox"
    window.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is not page, timeout=10_000)
    qtbot.waitUntil(lambda: window.editor.toPlainText() == "@kim ", timeout=10_000)
    assert window.mention_quote.isVisible()
    assert "@NorthwindDeals is the tent sale still on?" in window.mention_quote.label.text()
    assert window.account_switcher.current_handle() == "@NorthwindDeals"
    with Store.open(workspace.database_url) as store:
        (draft,) = store.drafts.list(author="ann")
        assert draft.in_reply_to == "555"
    window.new_action.trigger()
    assert not window.mention_quote.isVisible()
    window.close()


def test_the_inbox_tab_says_how_many_mentions_are_late(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    with Store.open(workspace.database_url) as store:
        store.accounts.set_setting(
            "@NorthwindDeals", TARGET_KEY, 2, actor="boss", now=datetime.now(UTC)
        )
    window = MainWindow(settings_store, workspace, user="ann")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._store_prepared, timeout=10_000)
    page = window.inbox_page
    assert page is not None
    tab = window.pages.indexOf(page)
    qtbot.waitUntil(lambda: window.pages.tabText(tab) == "Inbox (1 late)", timeout=10_000)
    page.table.selectRow(0)
    page.no_reply_action.trigger()
    qtbot.waitUntil(lambda: window.pages.tabText(tab) == "Inbox", timeout=10_000)
    window.close()


def test_a_mention_turning_late_reaches_the_bell_and_opens_the_inbox(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    with Store.open(workspace.database_url) as store:
        store.accounts.set_setting(
            "@NorthwindDeals", TARGET_KEY, 2, actor="boss", now=datetime.now(UTC)
        )
    window = MainWindow(settings_store, workspace, user="ann")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._store_prepared, timeout=10_000)
    page = window.inbox_page
    assert page is not None
    tab = window.pages.indexOf(page)
    qtbot.waitUntil(lambda: window.pages.tabText(tab) == "Inbox (1 late)", timeout=10_000)
    assert window.notifications.notices == []  # late when the window opened: not news
    now = datetime.now(UTC)
    with Store.open(workspace.database_url) as store:  # read late (say, by the cron fetch)
        store.inbox.add_fetched(
            "@NorthwindDeals",
            [
                Mention(
                    "556", "@NorthwindDeals hello?", "78", "lee", now - timedelta(minutes=9), "556"
                )
            ],
            reads=1,
            now=now,
        )
    page.refresh()
    qtbot.waitUntil(lambda: len(window.notifications.notices) == 1, timeout=10_000)
    (notice,) = window.notifications.notices
    assert (notice.actor, notice.account) == ("lee", "@NorthwindDeals")
    with qtbot.waitSignal(page.client.loaded, timeout=10_000):
        page.refresh()
    assert len(window.notifications.notices) == 1  # once
    window.show_page(window.pages.indexOf(window.compose_page))
    window.notifications.activated.emit(notice)
    assert window.pages.currentWidget() is page
    window.close()
