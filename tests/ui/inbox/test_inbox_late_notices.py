"""A mention that passes its account's reply target reaches the bell once (not every refresh)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QSystemTrayIcon

from composer.core.inbox import Mention
from composer.core.notifications import Notice, NoticeKind
from composer.core.workflow import ApprovalPolicy, Role
from composer.store.inbox import TARGET_KEY
from composer.store.records import AccountSpec
from composer.store.store import Store
from composer.ui.inbox.inbox_page import InboxPage
from composer.ui.notification_bell import NotificationBell
from composer.ui.review.store_client import StoreClient
from composer.ui.workers import InlineRunner

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class FakeTray:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def supportsMessages(self) -> bool:
        return True

    def showMessage(
        self, title: str, msg: str, icon: QSystemTrayIcon.MessageIcon, msecs: int
    ) -> None:
        self.shown.append((title, msg))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    opened.accounts.sync([AccountSpec("@Help", "support", ApprovalPolicy())], now=T0)
    opened.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
    opened.users.add("ann", [Role.AUTHOR], actor="boss", now=T0)
    opened.accounts.set_setting("@Help", TARGET_KEY, 30, actor="boss", now=T0)
    opened.inbox.add_fetched(
        "@Help",
        [
            Mention(
                "100", "@help my order never came", "9100", "kim", T0 - timedelta(minutes=90), "100"
            ),
            Mention("101", "@help any discount?", "9101", "lee", T0 - timedelta(minutes=20), "101"),
        ],
        reads=2,
        now=T0,
    )
    yield opened
    opened.close()


def test_a_mention_turning_late_is_notified_once(qtbot: QtBot, store: Store) -> None:
    clock = Clock()
    client = StoreClient(store.url, runner=InlineRunner(), now=clock)
    page = InboxPage(client, "ann")
    tray = FakeTray()
    bell = NotificationBell("ann", tray=lambda: tray)
    qtbot.addWidget(page)
    qtbot.addWidget(bell)
    page.late_noticed.connect(bell.add)
    page.refresh()  # the first read: @kim's mention was late already
    assert page.late == 1 and bell.notices == []
    clock.now = T0 + timedelta(minutes=15)  # @lee's mention is now 35 minutes old
    with qtbot.waitSignal(page.late_noticed, timeout=5_000) as noticed:
        page.refresh()
    notice = noticed.args[0]
    assert isinstance(notice, Notice)
    assert (notice.kind, notice.actor, notice.account) == (NoticeKind.LATE_MENTION, "lee", "@Help")
    assert bell.unread == 1
    assert tray.shown == [
        (
            "A mention waits past its reply target",
            "A mention waits past its reply target: @lee on @Help has waited over 30 min for "
            "an answer.",
        )
    ]
    clock.now += timedelta(minutes=1)
    page.refresh()
    page.refresh()
    assert bell.unread == 1 and len(tray.shown) == 1  # once, not every refresh
    client.close()
