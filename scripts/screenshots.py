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


def grab_review(app: QApplication, store: object, workspace: object) -> Path:
    """The review page as a reviewer sees it, with one draft waiting."""
    from datetime import UTC, datetime

    from composer.core.checker import Checker
    from composer.core.guide import load_guide
    from composer.core.workflow import Role
    from composer.store.records import account_specs
    from composer.store.store import Store
    from composer.ui.main_window import MainWindow

    guide = load_guide(workspace.guide_path)  # type: ignore[attr-defined]
    checker = Checker(guide)
    now = datetime.now(UTC)
    with Store.open(workspace.database_url) as db:  # type: ignore[attr-defined]
        db.accounts.sync(account_specs(guide), now=now)
        db.users.add("sam", [Role.REVIEWER], actor="maya", now=now)
        for text in (
            "Thanks for your patience. Your replacement boots ship today.",
            "Sorry about the wait! DM us your order number and we'll sort it out.",
        ):
            findings = checker.check(text, "@NorthwindHelp").findings
            draft = db.drafts.create(
                "@NorthwindHelp", text, author="maya", findings=findings, now=now
            )
            db.drafts.submit(
                draft.id,
                actor="maya",
                expected_version=draft.version,
                findings=findings,
                now=now,
                reason="Friendly on purpose: the customer waited a week.",
            )
    window = MainWindow(store, workspace, user="sam")  # type: ignore[arg-type]
    window.resize(1280, 760)
    window.show()
    assert window.review_page is not None
    window.pages.setCurrentWidget(window.review_page)
    settle(app, 1500)
    window.review_page.tabs.setCurrentWidget(window.review_page.inbox)
    window.review_page.open_draft(2)
    settle(app, 1500)
    path = grab(window, "review", app)
    window.close()
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
        window = MainWindow(store, workspace, user="maya")
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
        print(grab_review(app, store, workspace))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
