"""The guide reloads when its files change, and not when the database beside it writes."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from composer.ui.guide_watcher import GuideWatcher


def test_only_guide_files_trigger_a_reload(qtbot: QtBot, tmp_path: Path) -> None:
    guide = tmp_path / "brand-guide.yml"
    guide.write_text("brand: A\n", encoding="utf-8")
    loads: list[str] = []

    def loader(path: Path) -> object:
        loads.append(path.read_text(encoding="utf-8"))
        return loads[-1]

    watcher = GuideWatcher(guide, loader)
    starts: list[bool] = []
    watcher.loading.connect(lambda: starts.append(True))
    watcher.reload()
    assert loads == ["brand: A\n"]
    assert starts == [True]

    # The workspace database writes its journal next to the guide: no reload, so a banner
    # the window shows (a store problem, an expiry warning) is not cleared by a phantom load.
    (tmp_path / "composer.sqlite3-journal").write_bytes(b"x" * 100)
    (tmp_path / "composer.sqlite3-journal").unlink()
    qtbot.wait(600)
    assert loads == ["brand: A\n"]

    guide.write_text("brand: B\n", encoding="utf-8")
    qtbot.waitUntil(lambda: loads[-1] == "brand: B\n", timeout=5000)
    vocab = tmp_path / "styles" / "accept.txt"
    vocab.parent.mkdir()
    vocab.write_text("TrailPro\n", encoding="utf-8")
    qtbot.waitUntil(lambda: len(loads) == 3, timeout=5000)
