"""The Inbox page: newest first, filters and search, keyboard triage, routing, the reply
draft, overdue highlight and response times."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from composer.core.inbox import Mention, MentionState
from composer.core.workflow import ApprovalPolicy, Role
from composer.store.inbox import TARGET_KEY
from composer.store.records import AccountSpec
from composer.store.store import Store
from composer.ui import palette
from composer.ui.inbox import inbox_page
from composer.ui.inbox.inbox_model import Column
from composer.ui.inbox.inbox_model import Role as ModelRole
from composer.ui.inbox.inbox_page import InboxPage
from composer.ui.review.store_client import StoreClient
from composer.ui.workers import InlineRunner

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def mention(x_id: str, minutes_ago: int, text: str, user: str, thread: str = "") -> Mention:
    return Mention(
        x_id, text, f"9{x_id}", user, NOW - timedelta(minutes=minutes_ago), thread or x_id
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    opened.accounts.sync(
        [
            AccountSpec("@Help", "support", ApprovalPolicy()),
            AccountSpec("@Deals", "sales", ApprovalPolicy()),
        ],
        now=NOW,
    )
    opened.users.add("boss", [Role.ADMIN], actor="boss", now=NOW)
    opened.users.add("ann", [Role.AUTHOR], actor="boss", now=NOW)
    opened.accounts.set_setting("@Help", TARGET_KEY, 30, actor="boss", now=NOW)
    opened.inbox.add_fetched(
        "@Help",
        [
            mention("100", 90, "@help my order never came", "kim"),
            mention("101", 5, "@help still nothing?", "kim", thread="100"),
            mention("102", 20, "@help any discount on tents?", "lee"),
        ],
        reads=3,
        now=NOW,
    )
    yield opened
    opened.close()


@pytest.fixture
def page(qtbot: QtBot, store: Store, tmp_path: Path) -> Iterator[InboxPage]:
    client = StoreClient(store.url, runner=InlineRunner(), now=lambda: NOW)
    made = InboxPage(client, "ann")
    qtbot.addWidget(made)
    made.resize(1100, 600)
    made.show()
    yield made
    client.close()


def shown(page: InboxPage, column: Column = Column.TEXT) -> list[str]:
    proxy = page.proxy
    return [str(proxy.index(r, column).data()) for r in range(proxy.rowCount())]


def test_mentions_newest_first_with_age_thread_and_overdue(page: InboxPage) -> None:
    assert shown(page) == [
        "@help still nothing?",
        "@help any discount on tents?",
        "@help my order never came",
    ]
    assert shown(page, Column.AUTHOR) == ["@kim", "@lee", "@kim"]
    assert shown(page, Column.AGE) == ["5m", "20m", "1h late"]
    assert shown(page, Column.THREAD) == ["2 in thread", "—", "2 in thread"]
    late = page.proxy.index(2, Column.TEXT)
    assert late.data(ModelRole.OVERDUE) is True
    assert late.data(Qt.ItemDataRole.BackgroundRole) == palette.color("problem_bg")
    assert page.proxy.index(0, Column.TEXT).data(Qt.ItemDataRole.BackgroundRole) is None
    assert "1 waiting past the target" in page.stats_label.text()
    # the selected mention's thread, oldest first
    assert page.thread_label.text().splitlines() == [
        "  @kim · 1h: @help my order never came",
        "▶ @kim · 5m: @help still nothing?",
    ]


def test_filters_and_search(page: InboxPage, qtbot: QtBot) -> None:
    qtbot.keyClicks(page.search, "TENTS")
    assert shown(page) == ["@help any discount on tents?"]
    page.search.clear()
    page.account_box.setCurrentIndex(page.account_box.findData("@Deals"))
    assert shown(page) == []
    page.account_box.setCurrentIndex(page.account_box.findData("@Help"))
    assert len(shown(page)) == 3


def test_keyboard_triage(page: InboxPage, store: Store, qtbot: QtBot) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    first = store.inbox.list()[0]
    assert (first.state, first.assignee) == (MentionState.ASSIGNED, "ann")
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_N)
    states = {m.x_id: m.state for m in store.inbox.list()}
    assert states == {
        "101": MentionState.ASSIGNED,
        "102": MentionState.NO_REPLY,
        "100": MentionState.NEW,
    }
    assert shown(page) == ["@help still nothing?", "@help my order never came"]  # waiting only
    # keys typed in the search box are text, not triage
    qtbot.keyClicks(page.search, "n")
    assert store.inbox.list(states=[MentionState.NO_REPLY])[0].x_id == "102"
    assert len(store.inbox.list(states=[MentionState.NO_REPLY])) == 1


def test_reply_creates_the_reply_draft(page: InboxPage, store: Store, qtbot: QtBot) -> None:
    page.table.setFocus()
    with qtbot.waitSignal(page.reply_requested) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_R)
    draft_id, replied = blocker.args
    assert replied.x_id == "101"
    draft = store.drafts.get(draft_id)
    assert (draft.account, draft.in_reply_to, draft.text) == ("@Help", "101", "@kim ")
    assert store.inbox.get(replied.id).reply_draft_id == draft_id


def test_route_with_a_note(page: InboxPage, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def accept(dialog: QDialog) -> int:
        dialog.note.setText("a sales question")  # type: ignore[attr-defined]
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(inbox_page.RouteDialog, "exec", accept)
    page.table.selectRow(1)
    page.route_action.trigger()
    routed = next(m for m in store.inbox.list() if m.x_id == "102")
    assert (routed.account, routed.note, routed.routed_from) == (
        "@Deals",
        "a sales question",
        "@Help",
    )
    assert shown(page, Column.ACCOUNT) == ["@Help", "@Deals (from @Help)", "@Help"]
