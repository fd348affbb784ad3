"""Review UI fixtures: a real SQLite store in tmp_path and a client that runs inline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from review_seed import NOW, seed

from composer.store.store import Store
from composer.ui.review.store_client import StoreClient
from composer.ui.workers import InlineRunner


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'composer.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """The seeded store, as another program (or colleague) sees it."""
    opened = Store.open(db_url)
    seed(opened)
    yield opened
    opened.close()


@pytest.fixture
def client(store: Store, db_url: str) -> Iterator[StoreClient]:
    """A client over the same database, running its operations inline."""
    made = StoreClient(db_url, runner=InlineRunner(), now=lambda: NOW)
    yield made
    made.close()
