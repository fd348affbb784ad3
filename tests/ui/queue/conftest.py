"""Queue UI fixtures: a real SQLite store with the example guide's accounts, a client that
runs its operations inline, and the queue page in Tokyo time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from queue_seed import NOW, TOKYO, seed

from composer.core.guide import load_guide
from composer.core.guide.model import Guide
from composer.resources import resource_path
from composer.store.store import Store
from composer.ui.queue.queue_page import QueuePage
from composer.ui.review.store_client import StoreClient
from composer.ui.workers import InlineRunner


@pytest.fixture(scope="session")
def guide() -> Guide:
    """The example brand guide (London, Los Angeles, Denver and UTC accounts)."""
    return load_guide(resource_path("example", "brand-guide.yml"))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'composer.sqlite3'}"


@pytest.fixture
def store(db_url: str, guide: Guide) -> Iterator[Store]:
    """The seeded store, as another program (or colleague) sees it."""
    opened = Store.open(db_url)
    seed(opened, guide)
    yield opened
    opened.close()


@pytest.fixture
def client(store: Store, db_url: str, guide: Guide) -> Iterator[StoreClient]:
    """A client over the same database, running inline, approvals queued by the guide."""
    made = StoreClient(db_url, runner=InlineRunner(), now=lambda: NOW)
    made.set_guide(guide)
    yield made
    made.close()


@pytest.fixture
def make_page(qtbot: QtBot, client: StoreClient, guide: Guide) -> Callable[[str], QueuePage]:
    """Make the queue page of a user, shown, times also in Tokyo."""

    def make(user: str = "rex") -> QueuePage:
        page = QueuePage(client, user, local_zone=TOKYO)
        page.set_guide(guide)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        return page

    return make


@pytest.fixture
def page(make_page: Callable[[str], QueuePage]) -> QueuePage:
    """The queue page of rex (a reviewer)."""
    return make_page("rex")
