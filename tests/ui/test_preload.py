"""The rest of the window's imports on a background thread (composer/ui/preload.py)."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import subprocess
import sys
import threading
import types
from collections.abc import Sequence

from pytestqt.qtbot import QtBot

import shiboken6
from PySide6.QtCore import QObject

from composer.ui.preload import MODULES, preload_then

_CHECK = """
import importlib, sys
import composer.ui.preload as preload
before = set(sys.modules)
for name in preload.MODULES:
    importlib.import_module(name)
added = sorted(set(sys.modules) - before)
print("\\n".join(added))
"""


def test_the_preloaded_modules_make_no_qt_objects_and_pull_in_no_ui_module() -> None:
    # Qt objects are made on the UI thread only: the thread imports core, store and services
    # (Qt-free by the layering) and their libraries, and nothing of composer.ui or Qt.
    assert all(
        m.startswith(("composer.core", "composer.store", "composer.services", "sqlalchemy"))
        for m in MODULES
    )
    done = subprocess.run(
        [sys.executable, "-c", _CHECK], capture_output=True, text=True, check=True, timeout=120
    )
    added = done.stdout.split()
    assert "composer.store.store" in added and "sqlalchemy" in added
    assert not [m for m in added if m.startswith(("composer.ui", "PySide6"))]


def test_the_rest_is_built_on_the_ui_thread_once_the_imports_are_in(qtbot: QtBot) -> None:
    owner = QObject()
    seen: list[threading.Thread] = []
    worker = preload_then(owner, lambda: seen.append(threading.current_thread()), ("json",))
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [threading.main_thread()]
    assert worker is not threading.main_thread()
    worker.join(timeout=5)


class _SlowModule(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """``_bvc_slow_import``: a module whose import waits until ``gate`` is set."""

    def __init__(self) -> None:
        self.gate = threading.Event()

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        return importlib.util.spec_from_loader(name, self) if name == SLOW else None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        self.gate.wait(timeout=10)


SLOW = "_bvc_slow_import"


def test_a_window_closed_before_the_imports_are_in_is_left_alone(qtbot: QtBot) -> None:
    owner = QObject()
    called: list[bool] = []
    slow = _SlowModule()
    sys.meta_path.insert(0, slow)
    try:
        worker = preload_then(owner, lambda: called.append(True), (SLOW,))
        owner.deleteLater()  # the window goes while the thread still imports
        qtbot.waitUntil(lambda: not shiboken6.isValid(owner), timeout=5_000)
        slow.gate.set()
        worker.join(timeout=10)
        assert not worker.is_alive()
        qtbot.wait(100)
        assert called == []
    finally:
        sys.meta_path.remove(slow)
        sys.modules.pop(SLOW, None)


_WARM = """
import sys
from composer.core.text import patterns
lazy = [*patterns._RE_ATTRIBUTES, *patterns._REGEX_ATTRIBUTES, "EMOJI_START"]
assert not [n for n in lazy if n in vars(patterns)], "compiled at import"
from composer.ui.preload import WARM_UPS
for warm in WARM_UPS:
    warm()
print(sorted(n for n in lazy if n not in vars(patterns)))
"""


def test_the_thread_compiles_twitter_texts_patterns_before_the_first_link_is_typed() -> None:
    # Compiled at first use on the UI thread, the URL pattern froze the window ~100 ms at the
    # first link typed; the preload thread compiles every lazy pattern first.
    done = subprocess.run(
        [sys.executable, "-c", _WARM], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
