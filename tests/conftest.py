"""Suite-wide set-up: Qt offscreen, a private settings folder, no real user data touched."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import composer.ui  # noqa: F401 - applies the PySide6 refcount workaround before Qt runs

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point settings, data folders and the default workspace at a temporary home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("BRAND_COMPOSER_WORKSPACE", raising=False)
    monkeypatch.delenv("BRAND_COMPOSER_DATABASE_URL", raising=False)
    # The suite's in-memory keyring is not one known to encrypt: opt in to it by name, as a
    # user opts in to another back-end (composer/services/secrets.py).
    monkeypatch.setenv(
        "BRAND_COMPOSER_ALLOW_INSECURE_KEYRING", "helpers.keyring_backend.MemoryKeyring"
    )


@pytest.fixture
def data_dir() -> Path:
    """tests/data."""
    return Path(__file__).parent / "data"


@pytest.fixture
def gc_on_ui_thread() -> Iterator[None]:
    """Collect cycles only between tests, on this thread (as the app does with a timer).

    Automatic collection could otherwise run in a worker thread, or in the middle of Qt event
    delivery, and destroy Qt wrappers there; see composer/ui/gc_control.py.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()
