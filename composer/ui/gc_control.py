"""Garbage collection on the UI thread only, at moments the app chooses.

Python's cyclic collector runs on whichever thread happens to allocate when a threshold is
crossed: a store worker thread, a grammar thread, or the UI thread in the middle of Qt event
delivery. Collecting Qt wrappers there can destroy objects from the wrong thread or while Qt
is using them. As qutebrowser does, the app switches automatic collection off and runs the
collector from a timer on the UI thread instead, with CPython's own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the UI thread looks at the collector's counts.
INTERVAL_MS = 1000


def collect_due() -> int | None:
    """Collect the oldest generation whose count passed its threshold; return it (or None)."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    for generation in (2, 1, 0):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return generation
    return None


class GarbageCollector(QObject):
    """Owns collection while it runs: automatic collection off, a timer on the UI thread."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_due)
        self._timer.start()

    def stop(self) -> None:
        """Hand collection back to Python (as it was before)."""
        self._timer.stop()
        if self._was_enabled:
            gc.enable()
