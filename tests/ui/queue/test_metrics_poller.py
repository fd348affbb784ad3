"""The window's background metrics fetch (issue 18, item 1), against the fake X."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.fake_x_api import FakeXApi, running_fake_x_api
from pytestqt.qtbot import QtBot

from composer.core.workflow import ApprovalPolicy, Role
from composer.services.publisher import Publisher
from composer.services.secrets import XCredentials
from composer.services.workspace import init_workspace
from composer.services.x_metrics import MetricsReport
from composer.store.records import AccountSpec
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.queue.metrics_poller import MetricsPoller
from composer.ui.settings_store import SettingsStore
from composer.ui.workers import InlineRunner, OperationRunner

CREDS = XCredentials(
    consumer_key="ck-poll-1",
    consumer_secret="cs-poll-2",
    access_token="at-poll-3",
    access_token_secret="ats-poll-4",
)


@pytest.fixture
def api() -> Iterator[FakeXApi]:
    with running_fake_x_api(
        (CREDS.consumer_key, CREDS.consumer_secret, CREDS.access_token, CREDS.access_token_secret)
    ) as server:
        yield server


def seeded(tmp_path: Path) -> tuple[str, int]:
    """A store with one post published on @Help as X post 5001."""
    url = f"sqlite:///{tmp_path / 'composer.sqlite3'}"
    now = datetime.now(UTC)
    with Store.open(url) as store:
        store.users.add("boss", [Role.ADMIN], actor="boss", now=now)
        store.accounts.sync([AccountSpec("@Help", "help", ApprovalPolicy(steps=()))], now=now)
        draft = store.drafts.create(
            "@Help", "Trail maps are back", author="boss", findings=(), now=now
        )
        from composer.store.models import Draft

        with store.engine.begin() as connection:
            connection.execute(
                Draft.__table__.update()
                .where(Draft.id == draft.id)
                .values(state="published", published_at=now, post_id="5001", post_ids=["5001"])
            )
    return url, draft.id


def test_a_run_reads_stores_and_asks_the_views_to_reload(
    qtbot: QtBot, tmp_path: Path, api: FakeXApi
) -> None:
    url, draft_id = seeded(tmp_path)
    api.metrics.seed("5001", impressions=300, likes=12)
    poller = MetricsPoller(
        url,
        lambda: ["@Help"],
        "boss",
        publisher_for=lambda _h: Publisher(api.url, CREDS, timeout=5),
        runner=InlineRunner(),
    )
    seen: list[object] = []
    poller.fetched.connect(seen.append)
    with qtbot.waitSignals([poller.fetched, poller.changed], timeout=10_000):
        poller.poll_now()
    (reports,) = seen
    assert reports == [MetricsReport("@Help", "fetched", 1, 0, "read 1 post(s)")]
    with Store.open(url) as store:
        assert store.metrics.latest([draft_id])[draft_id].metrics.likes == 12
    # Within the cadence, the next run reads nothing and does not reload the views.
    with qtbot.assertNotEmitted(poller.changed), qtbot.waitSignal(poller.fetched):
        poller.poll_now()
    assert len(api.metrics.requests) == 1


def test_runs_on_a_thread_of_its_own_on_a_timer(
    qtbot: QtBot, tmp_path: Path, api: FakeXApi
) -> None:
    url, _ = seeded(tmp_path)
    api.metrics.seed("5001", impressions=10)
    poller = MetricsPoller(
        url,
        lambda: ["@Help"],
        "boss",
        publisher_for=lambda _h: Publisher(api.url, CREDS, timeout=5),
        every=timedelta(minutes=30),
    )
    assert poller.timer.interval() == 30 * 60 * 1000
    with qtbot.waitSignal(poller.fetched, timeout=20_000) as blocker:
        poller.start()
    assert blocker.args[0][0].state == "fetched"
    assert poller.timer.isActive()
    poller.stop()
    assert not poller.timer.isActive()
    assert isinstance(poller._runner, OperationRunner)


def test_the_workspace_cadence_sets_the_pace(qtbot: QtBot, tmp_path: Path, api: FakeXApi) -> None:
    url, _ = seeded(tmp_path)
    with Store.open(url) as store:
        store.metrics.set_cadence(15, actor="boss", now=datetime.now(UTC))
    poller = MetricsPoller(
        url,
        lambda: ["@Help"],
        "boss",
        publisher_for=lambda _h: Publisher(api.url, CREDS, timeout=5),
        runner=InlineRunner(),
    )
    assert poller.timer.interval() == 60 * 60 * 1000
    with qtbot.waitSignal(poller.fetched):
        poller.poll_now()
    assert poller.every == timedelta(minutes=15)
    assert poller.timer.interval() == 15 * 60 * 1000


def test_a_failed_run_says_why(qtbot: QtBot, tmp_path: Path) -> None:
    poller = MetricsPoller(
        f"sqlite:///{tmp_path / 'nowhere' / 'missing' / 'x.sqlite3'}",
        lambda: ["@Help"],
        "boss",
        publisher_for=lambda _h: None,
        runner=InlineRunner(),
    )
    with qtbot.waitSignal(poller.failed, timeout=10_000) as blocker:
        poller.poll_now()
    assert str(blocker.args[0]).startswith("Reading results from X failed: ")


def test_the_window_has_a_poller_for_its_workspace_that_the_app_starts(
    qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path
) -> None:
    ws = init_workspace(tmp_path / "ws", example=True)
    window = MainWindow(settings_store, ws, user="boss")
    qtbot.addWidget(window)
    window.show()
    poller = window.metrics_poller
    assert isinstance(poller, MetricsPoller)
    assert not poller.timer.isActive()  # started by the app (start_background_reads)
    qtbot.waitUntil(lambda: window.checker is not None, timeout=10_000)
    assert window._metrics_accounts() == [
        "@NorthwindHelp",
        "@NorthwindDeals",
        "@NorthwindEvents",
        "@NorthwindAlerts",
    ]
    reloads: list[bool] = []
    assert window.store_client is not None
    window.store_client.changed.connect(lambda: reloads.append(True))
    poller.changed.emit()  # readings stored: every view reloads
    assert reloads == [True]
    window.close()
    assert not poller.timer.isActive()
