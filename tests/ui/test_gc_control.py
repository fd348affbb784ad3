"""Cyclic garbage collection runs on the UI thread only, from a timer (composer/ui/gc_control.py)."""

from __future__ import annotations

import gc

from pytestqt.qtbot import QtBot

from composer.ui.gc_control import GarbageCollector, collect_due


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collector_turns_automatic_gc_off_and_collects_on_its_timer(qtbot: QtBot) -> None:
    gc.enable()
    collector = GarbageCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        threshold = gc.get_threshold()[0]
        for _ in range(threshold * 3):
            _Cycle()
        assert gc.get_count()[0] > threshold  # nothing collected them automatically
        qtbot.waitUntil(lambda: gc.get_count()[0] <= threshold, timeout=2000)
    finally:
        collector.stop()
    assert gc.isenabled()  # handed back as it was


def test_collect_due_does_nothing_below_the_thresholds() -> None:
    gc.collect()
    assert collect_due() is None
