"""Start a window and print the wall-clock time of its first finished paint, then exit.

Run by bench_startup.py as a fresh process: ``window_probe.py bare|app [WORKSPACE]``.
``bare`` shows an empty PySide6 ``QMainWindow`` (the anchor); ``app`` runs the real
``composer.ui.app.run`` on WORKSPACE. An application-wide event filter sees the first paint
event of a main window; the clock is read when that event-loop pass has returned, and the
process leaves at once (``os._exit``: tearing down is not part of starting).
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
    app.installEventFilter(probe)
    if argv[0] == "bare":
        window = QMainWindow()
        window.resize(1000, 700)
        window.show()
        app.exec()
        return
    from composer.ui.app import run

    run(workspace=argv[1])


if __name__ == "__main__":
    main(sys.argv[1:])
