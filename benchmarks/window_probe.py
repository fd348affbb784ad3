"""Start a window and print the wall-clock time of its first finished paint, then exit.

Run by bench_startup.py as a fresh process: ``window_probe.py bare|app [WORKSPACE]``.
``bare`` shows an empty PySide6 ``QMainWindow`` (the anchor); ``app`` runs the real
``composer.ui.app.run`` on WORKSPACE. An event filter on the main window sees its first paint
event; the clock is read when that event-loop pass has returned, and the process leaves at
once (``os._exit``: tearing down is not part of starting).

The filter sits on the main window alone, installed as it is shown, on both sides: an
application-wide Python filter would be handed every event of every object (2,353 events of
313 objects before the app's first paint, 37 for the bare window), so it would weigh the
probe, not the window (2.25x against 2.08x with the same build).
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _FirstPaint(QObject):
    """Prints ``time.time()`` after the first paint of any ``QMainWindow``, then exits."""

    def __init__(self) -> None:
        super().__init__()
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            not self._seen
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QMainWindow)
        ):
            self._seen = True
            QTimer.singleShot(0, self._done)
        return False

    def _done(self) -> None:
        sys.stdout.write(f"{time.time():.6f}\n")
        sys.stdout.flush()
        os._exit(0)


def main(argv: list[str]) -> None:
    app = QApplication(sys.argv[:1])
    probe = _FirstPaint()
    if argv[0] == "bare":
        window = QMainWindow()
        window.resize(1000, 700)
        window.installEventFilter(probe)
        window.show()
        app.exec()
        return
    from composer.ui.app import run
    from composer.ui.main_window import MainWindow

    show = MainWindow.show

    def watched_show(window: MainWindow) -> None:
        window.installEventFilter(probe)
        show(window)

    MainWindow.show = watched_show  # type: ignore[method-assign]
    run(workspace=argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
