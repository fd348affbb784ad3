"""The PySide6 6.12 refcount leak on Python 3.11 must not abort a long session."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import composer.ui  # applies the workaround
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

class Emitter(QObject):
    ping = Signal()

app = QApplication([])
e = Emitter()
for _ in range(20000):
    app.processEvents()
    e.ping.emit()
print("survived")
"""


def test_many_void_calls_and_emits_do_not_abort() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(  # noqa: PLW1510 - the return code is asserted below
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "survived" in done.stdout
