"""Fixtures shared by the CLI end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from helpers.keyring_backend import MemoryKeyring
from test_cli_workflow import Cli


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring for the test, the previous one restored after it."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The example workspace with admin ``boss``, author ``ann`` and reviewer ``rex``."""
    workspace = tmp_path / "ws"
    runner = Cli(workspace, capsys)
    assert runner("init", str(workspace), "--example", user="boss")[0] == 0
    for name, role in (("ann", "author"), ("rex", "reviewer")):
        code, _, err = runner("user", "add", name, "--role", role, user="boss")
        assert code == 0, err
    return runner
