"""The window loads the guide off the UI thread: a slow, hostile save never freezes typing.

Before, the window reloaded on its UI thread: one save of a hostile guide froze typing for
10 seconds and then showed a traceback. Now the last good guide keeps checking while the
new one loads elsewhere, and a bad guide ends as located problems in the banner.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from composer.services.workspace import init_workspace
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

# Five short lines that used to expand to 59,049 values (a billion laughs at full size).
LAUGHS = "".join(
    f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9 if p else ["lol"] * 9) + "]\n"
    for p, n in zip(["", "a", "b", "c", "d"], "abcde", strict=True)
)


@pytest.fixture
def window(qtbot: QtBot, settings_store: SettingsStore, tmp_path: Path) -> MainWindow:
    win = MainWindow(settings_store, init_workspace(tmp_path / "ws", example=True))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.checker is not None, timeout=10_000)
    return win


def test_a_slow_hostile_save_keeps_typing_live_and_the_last_good_guide(
    qtbot: QtBot, window: MainWindow
) -> None:
    watcher = window.guide_watcher
    assert watcher is not None
    good = window.checker
    real_loader = watcher._loader
    gate = threading.Event()
    threads: list[bool] = []

    def slow_loader(path: Path) -> object:
        # Stands for a guide that takes long to load; the UI thread must not wait for it.
        threads.append(threading.current_thread() is threading.main_thread())
        assert gate.wait(10)
        return real_loader(path)

    watcher._loader = slow_loader
    guide = watcher.path
    guide.write_text(guide.read_text(encoding="utf-8") + LAUGHS, encoding="utf-8")
    window.reload_guide_action.trigger()
    assert watcher.busy
    assert window.statusBar().currentMessage() == "Loading the brand guide…"

    # Typing is checked at once by the last good guide while the new one loads.
    qtbot.keyClicks(window.editor, "Our Trailpro boots")
    qtbot.waitUntil(
        lambda: any(f.rule == "Vale.Terms" for f in window.controller.visible), timeout=3000
    )
    assert window.checker is good
    assert watcher.busy

    gate.set()
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert not watcher.busy
    assert threads == [False]
    details = window.banner.details.text()
    assert f"{guide}:" in details
    assert "aliases expand this to more than 10,000 values" in details
    assert "Traceback" not in details
    assert "The last good guide stays in force" in window.banner.label.text()
    assert window.checker is good
