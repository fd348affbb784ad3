"""The queue page inside the real window, store work on the real worker thread."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from composer.core.guide import load_guide
from composer.core.workflow import Role, State
from composer.services.workspace import Workspace, init_workspace
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

CLEAN = "Thanks for your patience. Your replacement boots ship today."


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    now = datetime.now(UTC)
    with Store.open(ws.database_url) as store:
        store.users.add("boss", [Role.ADMIN], actor="boss", now=now)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("ann", [Role.AUTHOR], actor="boss", now=now)
        store.users.add("rex", [Role.REVIEWER], actor="boss", now=now)
    return ws


def test_approval_in_the_window_lands_in_the_queue_tab(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace
) -> None:
    now = datetime.now(UTC)
    with Store.open(workspace.database_url) as store:
        draft = store.drafts.create("@NorthwindHelp", CLEAN, author="ann", findings=(), now=now)
        store.drafts.submit(
            draft.id, actor="ann", expected_version=draft.version, findings=(), now=now
        )
    window = MainWindow(settings_store, workspace, user="rex")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._store_prepared, timeout=10_000)
    queue_page, review_page = window.queue_page, window.review_page
    assert queue_page is not None
    assert review_page is not None
    assert window.pages.tabText(window.pages.indexOf(queue_page)) == "Queue"
    qtbot.waitUntil(lambda: queue_page.queue_client.guide is not None, timeout=10_000)

    window.pages.setCurrentWidget(review_page)
    qtbot.waitUntil(lambda: review_page.inbox.model.rowCount() == 1, timeout=10_000)
    review_page.inbox.table.setCurrentIndex(review_page.inbox.proxy.index(0, 0))
    review_page.inbox.approve_current()
    with Store.open(workspace.database_url) as store:
        qtbot.waitUntil(lambda: store.drafts.get(draft.id).state is State.QUEUED, timeout=10_000)

    window.pages.setCurrentWidget(queue_page)
    qtbot.waitUntil(lambda: queue_page.model.row_of(draft.id) == 0, timeout=10_000)
    when = str(queue_page.model.data(queue_page.model.index(0, 0)))
    assert when.endswith("your time")
    assert " GMT " in when or " BST " in when  # London, the account's zone

    # The crisis switch from the window, through the worker thread.
    queue_page.toolbar.pause_all_button.click()
    qtbot.waitUntil(queue_page.crisis_banner.isVisible, timeout=10_000)
    with Store.open(workspace.database_url) as store:
        assert store.queue.pause_state().all
    window.close()
