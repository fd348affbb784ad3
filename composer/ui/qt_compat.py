"""Work around PySide6 6.12's reference-count leak on Python 3.11.

PySide6-Essentials 6.12.0 drops one reference to ``None`` on every void call
(``processEvents``, ``QTimer.start``...) and one to ``True`` on every ``signal.emit()``.
Python 3.12 made these objects immortal, so nothing happens there; on 3.11 the count reaches
zero after a few thousand calls and the interpreter aborts ("none_dealloc"). An app that runs
all day would crash, so on 3.11 we give the three singletons a reference count so large that
no session can exhaust it: the same thing 3.12 does by design. Measured, not assumed:
``tests/ui/test_qt_compat.py`` drives many calls and checks the process survives.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40
_applied = False


def immortalize_singletons() -> None:
    """Raise the reference counts of None, True and False (Python < 3.12 only; idempotent)."""
    global _applied  # noqa: PLW0603 - a process-wide, once-only fix
    if _applied or sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM
    _applied = True
