"""Live updates in the window: events cross to the UI thread, bursts coalesce, and a second app's
work shows up in the drafts and review views within a second (PostgreSQL) or so (SQLite)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.team_db import T0, TeamDb, team_database
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QThread

from composer.core.workflow import Role
from composer.services.live import (
    Attention,
    AttentionKind,
    ChangeEvent,
    EventCallback,
    PostgresListener,
)
from composer.services.workspace import Workspace, init_workspace
from composer.store.store import Store
from composer.ui.live_updates import COALESCE_MS, LiveUpdates
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

CLEAN_HELP = "Thanks for your patience. We are checking your order and will reply within the hour."


class ThreadListener:
    """A listener whose events come from a thread of its own, like the real ones."""

    def __init__(self, events: list[ChangeEvent]) -> None:
        self.events = events
        self.callback: EventCallback | None = None
        self.stopped = False
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, callback: EventCallback) -> None:
        self.callback = callback

        def run() -> None:
            for event in self.events:
                callback(event)

        self._thread = threading.Thread(target=run)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self.stopped = True
        if self._thread is not None:
            self._thread.join(timeout)


@pytest.fixture
def team_db() -> Iterator[TeamDb]:
    with team_database() as team:
        yield team


def test_events_reach_the_ui_thread_and_bursts_make_one_refresh(qtbot: QtBot) -> None:
    burst = [
        ChangeEvent("drafts", "update", n, "@Help", "queued", "queued", "rex", "ann")
        for n in range(20)
    ]
    listener = ThreadListener(burst)
    bridge = LiveUpdates(listener, "ann")
    threads: list[QThread] = []
    bridge.changed.connect(lambda _event: threads.append(QThread.currentThread()))
    refreshes: list[float] = []
    bridge.refresh_requested.connect(lambda: refreshes.append(time.monotonic()))
    with qtbot.waitSignal(bridge.refresh_requested, timeout=1000):
        bridge.start()
    qtbot.wait(COALESCE_MS * 3)
    assert len(threads) == 20
    assert all(t is bridge.thread() for t in threads)  # the UI thread, not the listener's
    assert len(refreshes) == 1
    bridge.stop()
    assert listener.stopped


def test_attention_for_the_user_only(qtbot: QtBot) -> None:
    waiting = ChangeEvent(
        "drafts",
        "update",
        7,
        "@Help",
        "submitted",
        "draft",
        "ann",
        "ann",
        reviewers=frozenset({"rex"}),
    )
    bridge = LiveUpdates(ThreadListener([waiting]), "rex")
    with qtbot.waitSignal(bridge.attention, timeout=1000) as blocker:
        bridge.start()
    assert blocker.args == [Attention(AttentionKind.REVIEW, 7, "@Help", "ann")]
    title, text = bridge.message(blocker.args[0])
    assert "review" in title and text == "Draft 7 for @Help, submitted by ann."
    bridge.stop()
    other = LiveUpdates(ThreadListener([waiting]), "ann")
    with qtbot.assertNotEmitted(other.attention, wait=300):
        other.start()
    other.stop()


def test_two_apps_on_postgresql(qtbot: QtBot, team_db: TeamDb) -> None:
    listener = PostgresListener(team_db.url("rex"), wait=0.2)
    bridge = LiveUpdates(listener, "rex")
    bridge.start()
    assert listener.wait_connected(10)
    ann = team_db.store("ann")
    d = ann.drafts.create("@Help", "Hello", author="ann", findings=(), now=T0)
    qtbot.wait(COALESCE_MS * 2)  # let the creation's refresh pass
    with qtbot.waitSignals([bridge.refresh_requested, bridge.attention], timeout=1000):
        ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    bridge.stop()
    assert not listener.running


def _window(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace, user: str
) -> MainWindow:
    window = MainWindow(settings_store, workspace, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window._store_prepared, timeout=10_000)
    assert window.live_updates is not None and window.live_updates.listener.running
    review_page = window.review_page
    assert review_page is not None
    qtbot.waitUntil(lambda: not review_page.drafts.model._loading, timeout=5000)
    return window


def test_window_shows_another_apps_draft_on_postgresql(
    qtbot: QtBot, settings_store: SettingsStore, team_db: TeamDb, tmp_path: Path
) -> None:
    example = init_workspace(tmp_path / "ws", example=True)
    workspace = Workspace(example.root, example.guide_path, team_db.url("rex"))
    window = _window(qtbot, settings_store, workspace, "rex")
    assert window.user == "rex"
    listener = window.live_updates.listener  # type: ignore[union-attr]
    assert isinstance(listener, PostgresListener) and listener.wait_connected(10)
    review_page = window.review_page
    assert review_page is not None
    before = review_page.drafts.model.rowCount()
    ann = team_db.store("ann")
    d = ann.drafts.create("@Help", "From the other app", author="ann", findings=(), now=T0)
    ann.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    began = time.monotonic()
    qtbot.waitUntil(lambda: review_page.drafts.model.rowCount() == before + 1, timeout=1000)
    qtbot.waitUntil(lambda: review_page.inbox.model.rowCount() >= 1, timeout=1000)
    assert time.monotonic() - began < 1.0
    window.close()
    assert not listener.running


def test_window_shows_another_apps_draft_on_sqlite(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    workspace = init_workspace(tmp_path / "ws", example=True)
    with Store.open(workspace.database_url) as store:
        now = datetime.now(UTC)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
    window = _window(qtbot, settings_store, workspace, "alice")
    review_page = window.review_page
    assert review_page is not None
    with Store.open(workspace.database_url) as other_app:  # e.g. the CLI, or cron
        other_app.drafts.create(
            "@NorthwindHelp", CLEAN_HELP, author="alice", findings=(), now=datetime.now(UTC)
        )
    # The SQLite poll looks once a second.
    qtbot.waitUntil(lambda: review_page.drafts.model.rowCount() == 1, timeout=2500)
    window.close()
