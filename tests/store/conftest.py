"""A fresh SQLite store with an admin, an author, two reviewers and two accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_seed import seed

from composer.store.store import Store


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'composer.sqlite3'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store.open(db_url)
    seed(opened)
    yield opened
    opened.close()
