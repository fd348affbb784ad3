"""Notifications: decisions on my drafts, drafts waiting for me, failed posts, the crisis pause;
listed under the bell, shown on the desktop, and opening what they are about."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QSystemTrayIcon

from composer.core.notifications import Notice, NoticeKind
from composer.services.live import ChangeEvent
from composer.services.workspace import init_workspace
from composer.store.queue import PauseState
from composer.ui.main_window import MainWindow
from composer.ui.notification_bell import NotificationBell
from composer.ui.settings_store import SettingsStore


class FakeTray:
    """A tray that records the messages a desktop would show."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, QSystemTrayIcon.MessageIcon]] = []

    def supportsMessages(self) -> bool:
        return True

    def showMessage(
        self, title: str, msg: str, icon: QSystemTrayIcon.MessageIcon, msecs: int
    ) -> None:
        self.shown.append((title, msg, icon))


def decision(state: str, *, draft: int = 7, author: str = "ann") -> ChangeEvent:
    return ChangeEvent(
        "drafts", "update", draft, "@Help", state, "submitted", actor="rex", author=author
    )


@pytest.fixture
def tray() -> FakeTray:
    return FakeTray()


@pytest.fixture
def bell(qtbot: QtBot, tray: FakeTray) -> NotificationBell:
    made = NotificationBell("ann", tray=lambda: tray)
    qtbot.addWidget(made)
    return made


def test_my_notifications_are_counted_listed_and_shown_on_the_desktop(
    bell: NotificationBell, tray: FakeTray
) -> None:
    bell.consider(decision("approved"))
    bell.consider(decision("approved", author="ria"))  # not ann's draft
    bell.consider(
        ChangeEvent(
            "drafts", "update", 9, "@Help", "failed", "publishing", actor="publisher", author="ann"
        )
    )
    bell.consider(
        ChangeEvent(
            "drafts",
            "update",
            8,
            "@Help",
            "submitted",
            "draft",
            actor="ria",
            author="ria",
            reviewers=frozenset({"ann"}),
        )
    )
    assert [n.kind for n in bell.notices] == [
        NoticeKind.REVIEW,
        NoticeKind.FAILED,
        NoticeKind.DECISION,
    ]
    assert bell.unread == 3 and bell.text() == "Notifications (3)"
    rows = [bell.list.item(i).text() for i in range(bell.list.count())]
    assert rows[2] == "Your draft was approved: draft 7 for @Help (rex)."
    assert rows[0] == "A draft waits for your review: draft 8 for @Help, submitted by ria."
    assert [title for title, _text, _icon in tray.shown] == [
        "Your draft was approved",
        "A post failed",
        "A draft waits for your review",
    ]
    assert tray.shown[1][2] is QSystemTrayIcon.MessageIcon.Warning


def test_the_crisis_pause_turning_on_and_off(bell: NotificationBell, tray: FakeTray) -> None:
    bell.consider_pause(PauseState(all=False, accounts=frozenset()))  # as the window opens
    assert bell.notices == []
    bell.consider_pause(PauseState(all=True, accounts=frozenset()))
    bell.consider_pause(PauseState(all=True, accounts=frozenset({"@Help"})))  # no change
    bell.consider_pause(PauseState(all=False, accounts=frozenset()))
    assert [n.kind for n in bell.notices] == [NoticeKind.RESUMED, NoticeKind.PAUSED]
    assert [t for t, _m, _i in tray.shown] == ["Every queue is paused", "Publishing resumed"]


def test_opening_the_list_marks_read_and_choosing_an_item_activates_it(
    qtbot: QtBot, bell: NotificationBell
) -> None:
    bell.consider(decision("rejected", draft=3))
    bell.consider(decision("changes_requested", draft=4))
    bell.menu().aboutToShow.emit()
    assert bell.unread == 0 and bell.text() == "Notifications"
    with qtbot.waitSignal(bell.activated) as blocker:
        bell.list.itemActivated.emit(bell.list.item(1))
    assert blocker.args[0] == Notice(NoticeKind.DECISION, 3, "@Help", "rex", "rejected")


def test_the_desktop_filter_leaves_what_is_announced_elsewhere(
    qtbot: QtBot, tray: FakeTray
) -> None:
    bell = NotificationBell(
        "ann", tray=lambda: tray, desktop=lambda n: n.kind is not NoticeKind.REVIEW
    )
    qtbot.addWidget(bell)
    bell.consider(
        ChangeEvent(
            "drafts",
            "update",
            8,
            "@Help",
            "submitted",
            "draft",
            actor="ria",
            reviewers=frozenset({"ann"}),
        )
    )
    assert bell.unread == 1 and tray.shown == []


@pytest.fixture
def window(qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path) -> MainWindow:
    win = MainWindow(settings_store, init_workspace(tmp_path / "ws", example=True), user="ann")
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.store_ready, timeout=10_000)
    return win


def test_the_window_lists_live_changes_and_opens_them(qtbot: QtBot, window: MainWindow) -> None:
    bell = window.notifications
    assert bell.isVisible()
    assert window.live_updates is not None and window.review_page is not None
    window.live_updates.changed.emit(decision("approved", draft=12))
    assert bell.unread == 1
    opened: list[int] = []
    window.review_page.draft_view.show_draft = opened.append  # type: ignore[method-assign]
    bell.activated.emit(bell.notices[0])
    assert window.pages.currentWidget() is window.review_page
    assert opened == [12]
    assert window.queue_page is not None
    window.queue_page.pause_changed.emit(PauseState(all=False, accounts=frozenset()))
    window.queue_page.pause_changed.emit(PauseState(all=True, accounts=frozenset()))
    assert bell.notices[0].kind is NoticeKind.PAUSED
    bell.activated.emit(bell.notices[0])
    assert window.pages.currentWidget() is window.queue_page
