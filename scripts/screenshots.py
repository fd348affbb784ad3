"""Write screenshots of the main views to docs/screenshots/ (one script for all of them).

Runs offscreen by default (``QT_QPA_PLATFORM=offscreen``); under Xvfb it uses the real
X11 platform: ``xvfb-run -s "-screen 0 1280x800x24" .venv/bin/python scripts/screenshots.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

SAMPLE = (
    "Heading out this weekend? Our Trailpro boots are back in stock and guaranteed "
    "to keep you dry. Shop now at https://northwindtrail.com/boots #TrailPro 🥾🏔️"
)


def settle(app: QApplication, ms: int = 300) -> None:
    """Let Qt lay out and paint (the first grab can be blank otherwise)."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.start(ms)
    while timer.isActive():
        app.processEvents()


def grab(widget: QWidget, name: str, app: QApplication) -> Path:
    """Save ``widget`` as docs/screenshots/NAME.png."""
    settle(app)
    path = OUT / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    return path


def main() -> int:
    from composer.services.workspace import init_workspace
    from composer.ui.main_window import MainWindow
    from composer.ui.settings_store import SettingsStore

    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Brand Voice Composer")
    with tempfile.TemporaryDirectory() as tmp:
        store = SettingsStore(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        workspace = init_workspace(Path(tmp) / "workspace", example=True)
        window = MainWindow(store, workspace)
        window.resize(1280, 760)
        window.show()
        window.account_switcher.box.setCurrentIndex(1)
        window.editor.setPlainText(SAMPLE)
        window.controller.check_now()
        settle(app, 500)
        print(grab(window, "composer", app))
        window.side_tabs.setCurrentWidget(window.tone_meter)
        print(grab(window, "tone", app))
        window.side_tabs.setCurrentWidget(window.route_panel)
        print(grab(window, "route", app))
        window.editor.setPlainText(SAMPLE + " " + SAMPLE)
        window.split_action.trigger()
        print(grab(window, "thread", app))
        window.side_tabs.setCurrentWidget(window.guide_viewer)
        print(grab(window, "guide", app))
        window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
