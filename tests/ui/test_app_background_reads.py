"""The app starts reading results from X once the store is prepared (``composer.ui.app.run``).

``run`` builds the window as the app does (first paint, then the rest) and connects the store
client's ``prepared`` to the window's ``start_background_reads``: the metrics poller's runs
open a connection of their own, which must wait until the store has migrated a new database
(a second connection during the migration found it locked). The real ``run`` is driven here,
in this process, on a new example workspace: nothing is published yet, so nothing is asked
of X. What ``run`` sets on the application (names, palette, hooks) is put back afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.services.x_metrics import MetricsReport
from composer.store.store import Store
from composer.ui.gc_control import GarbageCollector
from composer.ui.palette import DisabledColors
from composer.ui.queue.metrics_poller import MetricsPoller

# No automatic cyclic GC mid-test, as in the app (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=datetime.now(UTC))
    return ws


@pytest.fixture
def app_state(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Whatever ``run`` changes on the shared application is put back after the test."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    names = (
        QCoreApplication.applicationName(),
        QCoreApplication.applicationVersion(),
        QCoreApplication.organizationName(),
        QApplication.desktopFileName(),
    )
    palette, icon = qapp.palette(), qapp.windowIcon()
    kinds = (DisabledColors, GarbageCollector, QTranslator)
    before = [c for c in qapp.children() if isinstance(c, kinds)]
    yield
    for child in qapp.children():
        if not isinstance(child, kinds) or any(child is b for b in before):
            continue
        if isinstance(child, DisabledColors):
            child.stop()
        if isinstance(child, QTranslator):
            qapp.removeTranslator(child)
        child.deleteLater()
    QCoreApplication.setApplicationName(names[0])
    QCoreApplication.setApplicationVersion(names[1])
    QCoreApplication.setOrganizationName(names[2])
    QApplication.setDesktopFileName(names[3])
    qapp.setPalette(palette)
    qapp.setWindowIcon(icon)


class _Watch(QObject):
    """Records each start of the metrics poller and its first run, then closes the window."""

    def __init__(self, qtbot: QtBot) -> None:
        super().__init__()
        self.qtbot = qtbot
        self.starts: list[bool] = []  # the store was prepared when the poller started
        self.timer_active = False
        self.fetched: list[object] = []
        self.failed: list[str] = []
        self.window: QObject | None = None
        # Closing the window ends the app's loop; should another window keep it going, this
        # ends it (stopped once ``run`` returns: a quit outside the loop would end the next).
        self.fallback = QTimer()
        self.fallback.setSingleShot(True)
        self.fallback.timeout.connect(QApplication.quit)

    def started(self, poller: MetricsPoller) -> None:
        window = poller.parent()
        self.window = window
        self.qtbot.addWidget(window)  # closed and deleted after the test
        self.starts.append(bool(window.store_ready))  # type: ignore[attr-defined]
        poller.fetched.connect(self._on_fetched)
        poller.failed.connect(self._on_failed)

    def timer_of(self, poller: MetricsPoller) -> None:
        self.timer_active = poller.timer.isActive()

    def _on_fetched(self, reports: object) -> None:
        self.fetched.append(reports)
        QTimer.singleShot(0, self.finish)

    def _on_failed(self, message: str) -> None:
        self.failed.append(message)
        QTimer.singleShot(0, self.finish)

    def finish(self) -> None:
        if self.window is not None:
            self.window.close()  # type: ignore[attr-defined]
        self.fallback.start(2000)


@pytest.mark.usefixtures("app_state")
def test_results_are_read_once_the_store_is_prepared(
    qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from composer.ui.app import run

    watch = _Watch(qtbot)
    original = MetricsPoller.start

    def start(poller: MetricsPoller) -> None:
        watch.started(poller)
        original(poller)
        watch.timer_of(poller)

    monkeypatch.setattr(MetricsPoller, "start", start)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(QApplication.quit)
    deadline.start(60_000)
    try:
        code = run(workspace=str(workspace.root), user="alice")
    finally:
        deadline.stop()
        watch.fallback.stop()
    assert code == 0
    assert watch.starts == [True], "the poller started once, after the store was prepared"
    assert watch.timer_active  # then again at the workspace's cadence
    assert watch.failed == []
    assert len(watch.fetched) == 1
    reports = watch.fetched[0]
    assert isinstance(reports, list) and reports
    assert all(isinstance(r, MetricsReport) for r in reports)
    assert {r.account for r in reports} == {
        "@NorthwindHelp",
        "@NorthwindDeals",
        "@NorthwindEvents",
        "@NorthwindAlerts",
    }
    assert {r.state for r in reports} == {"nothing_due"}
