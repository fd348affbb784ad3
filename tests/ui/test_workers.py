"""Operations run off the UI thread and report back on it, in order."""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from composer.ui.workers import InlineRunner, OperationRunner


def test_operations_run_on_one_worker_thread_in_order(qtbot: QtBot) -> None:
    runner = OperationRunner("test-worker")
    ui_thread = threading.get_ident()
    results: list[tuple[int, int, int]] = []

    def make(n: int):
        return lambda: (n, threading.get_ident())

    def on_success(value: tuple[int, int]) -> None:
        results.append((value[0], value[1], threading.get_ident()))

    for n in range(20):
        runner.submit(make(n), on_success, pytest.fail)
    qtbot.waitUntil(lambda: len(results) == 20, timeout=5000)
    runner.shutdown()
    assert [r[0] for r in results] == list(range(20))
    worker_threads = {r[1] for r in results}
    assert len(worker_threads) == 1
    assert ui_thread not in worker_threads
    assert {r[2] for r in results} == {ui_thread}  # callbacks on the UI thread


def test_failures_reach_the_failure_callback(qtbot: QtBot) -> None:
    runner = OperationRunner("test-worker")
    errors: list[BaseException] = []

    def boom() -> None:
        raise OSError("disk full")

    runner.submit(boom, pytest.fail, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    runner.shutdown()
    assert isinstance(errors[0], OSError)


def test_busy_signal(qtbot: QtBot) -> None:
    runner = OperationRunner("test-worker")
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    done: list[int] = []
    runner.submit(lambda: 1, done.append, pytest.fail)
    qtbot.waitUntil(lambda: states[-1:] == [False] and done == [1], timeout=5000)
    runner.shutdown()
    assert states[0] is True


def test_inline_runner_is_synchronous() -> None:
    runner = InlineRunner()
    out: list[int] = []
    runner.submit(lambda: 41 + 1, out.append, pytest.fail)
    assert out == [42]
    errs: list[BaseException] = []
    runner.submit(lambda: 1 / 0, pytest.fail, errs.append)
    assert isinstance(errs[0], ZeroDivisionError)
