"""The window's first paint shows its frame only; the rest is built right after (issue 16).

``MainWindow(defer_start=True)``, as the app builds it: menus, toolbar, the editor and its
counter, the side panels and the pages' tabs are painted first, with placeholders where the
store-backed pages and a few side panels go; the store, the pages, the checker, the guide and
the tone and grammar parts are imported and built after that paint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QMessageBox, QWidget

from composer.core.workflow import Role
from composer.services.workspace import Workspace, init_workspace
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

# No automatic cyclic GC mid-test, as in the app (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")

#: Modules the first paint must not wait for: SQLAlchemy and the store, the store-backed
#: pages, live updates and the results reader, the checker (guide model, rules, tone lexicons,
#: YAML), twitter-text's counting, the keyring, the guide cache, grammar and spelling.
DEFERRED = (
    "sqlalchemy",
    "composer.store.store",
    "composer.store.queue",
    "composer.store.inbox",
    "composer.services.live",
    "composer.services.secrets",
    "composer.services.guide_cache",
    "composer.core.checker",
    "composer.core.counter",
    "composer.core.text",
    "composer.core.tone",
    "composer.core.guide.model",
    "composer.ui.review.review_page",
    "composer.ui.queue.queue_page",
    "composer.ui.queue.metrics_poller",
    "composer.ui.inbox.inbox_page",
    "composer.ui.settings.team_settings",
    "composer.ui.crisis_bar",
    "composer.ui.editor.check_controller",
    "composer.ui.editor.draft_session",
    "composer.ui.grammar_setup",
    "keyring",
    "yaml",
    "spellchecker",
    "language_tool_python",
)

#: Runs the real app (``composer.ui.app.run``) and prints, as JSON, what was imported and
#: what the window showed at its first paint, and the same once it is ready.
PROBE = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

DEFERRED = json.loads(sys.argv[2])


def snapshot(window):
    return {
        "modules": sorted(name for name in DEFERRED if name in sys.modules),
        "title": window.windowTitle(),
        "menus": [a.text() for a in window.menuBar().actions()],
        "pages": [window.pages.tabText(i) for i in range(window.pages.count())],
        "placeholders": [
            window.pages.widget(i).objectName() == "placeholderPage"
            for i in range(window.pages.count())
        ],
        "side": [window.side_tabs.tabText(i) for i in range(window.side_tabs.count())],
        "editor": window.editor.isVisible(),
        "counter": window.counter.isVisible(),
    }


class Probe(QObject):
    first = None

    def eventFilter(self, watched, event):
        if (
            self.first is None
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QMainWindow)
        ):
            self.window = watched
            self.first = snapshot(watched)
            QTimer.singleShot(0, self.wait_ready)
        return False

    def wait_ready(self):
        window = self.window
        if not (
            window.store_ready
            and window.checker is not None
            and window.grammar_worker is not None
        ):
            QTimer.singleShot(50, self.wait_ready)
            return
        print(json.dumps({"first_paint": self.first, "ready": snapshot(window)}), flush=True)
        os._exit(0)


app = QApplication(sys.argv[:1])
probe = Probe()
app.installEventFilter(probe)
QTimer.singleShot(60_000, lambda: os._exit(3))
from composer.ui.app import run

run(workspace=sys.argv[1])
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
        store.users.add("bob", [Role.REVIEWER], actor="alice", now=now)
    return ws


def test_the_first_paint_shows_the_frame_before_the_store_and_checker_load(
    workspace: Workspace, tmp_path: Path
) -> None:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(workspace.root), json.dumps(DEFERRED)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    first, ready = seen["first_paint"], seen["ready"]
    assert first["modules"] == []
    # The frame is the real one: title, menus, the editor and its counter, every tab.
    assert first["title"].endswith("Brand Voice Composer") and "ws" in first["title"]
    assert first["menus"] == ["&File", "&Edit", "&View", "&Settings", "&Help"]
    assert first["editor"] and first["counter"]
    assert first["pages"] == ["Compose", "Review", "Queue", "Inbox"]
    assert first["placeholders"] == [False, True, True, True]
    assert first["side"] == ready["side"]
    assert len(first["side"]) == 7
    # Then it was all built: the pages took the placeholders' places, the store opened.
    assert ready["placeholders"] == [False, False, False, False]
    assert ready["pages"][:3] == ["Compose", "Review", "Queue"]
    assert ready["pages"][3].startswith("Inbox")
    assert {"sqlalchemy", "composer.store.queue", "composer.core.checker"} <= set(ready["modules"])


def _deferred_window(qtbot: QtBot, workspace: Workspace, tmp_path: Path, user: str) -> MainWindow:
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, workspace, user=user, defer_start=True)
    qtbot.addWidget(window)
    return window


def test_text_typed_before_the_rest_is_built_is_kept_checked_and_submitted(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    window = _deferred_window(qtbot, workspace, tmp_path, "alice")
    # Before the first paint: the frame only; what needs the store or the checker waits.
    assert window.review_page is None and window.store_client is None
    assert not window.submit_action.isEnabled()
    assert not window.new_action.isEnabled()
    assert not window.my_drafts_action.isEnabled()
    window.editor.insertPlainText("Our boots are guaranteed to last forever")

    with qtbot.waitSignal(window.first_painted, timeout=10_000):
        window.show()
    qtbot.waitUntil(lambda: window.review_page is not None and window.store_ready, timeout=10_000)
    assert window.submit_action.isEnabled() and window.my_drafts_action.isEnabled()
    assert window.new_action.isEnabled()
    assert window.pages.widget(1) is window.review_page
    assert window.pages.widget(2) is window.queue_page
    assert window.pages.widget(3) is window.inbox_page
    # The early text is still there, counted, and checked once the guide loaded.
    assert window.editor.toPlainText() == "Our boots are guaranteed to last forever"
    assert window.count_label.text().startswith("40 / ")
    qtbot.waitUntil(
        lambda: (
            window.controller.report is not None
            and window.controller.report.text == window.editor.toPlainText()
            and window.controller.report.has_errors
        ),
        timeout=10_000,
    )
    # The error blocks submission, as it does in a window built at once.
    window.submit_action.trigger()
    assert window.banner.isVisible()
    assert "error" in window.banner.label.text()

    # A clean draft goes to review, and the reviewer's Review page lists it.
    window.editor.setPlainText("Thanks for your patience. Your replacement boots ship today.")
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: session.draft_id is not None and not session.dirty, timeout=10_000)
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        window.submit_action.trigger()
    window.close()

    reviewer = _deferred_window(qtbot, workspace, tmp_path, "bob")
    reviewer.show()
    qtbot.waitUntil(lambda: reviewer.review_page is not None, timeout=10_000)
    page = reviewer.review_page
    assert page is not None
    qtbot.waitUntil(lambda: page.inbox.model.rowCount() == 1, timeout=10_000)


def test_page_keys_work_before_and_after_the_pages_are_built(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    window = _deferred_window(qtbot, workspace, tmp_path, "alice")
    assert [a.text() for a in window.page_actions if a.isVisible()] == [
        "Go to Compose",
        "Go to Review",
        "Go to Queue",
        "Go to Inbox",
    ]
    window.page_actions[2].trigger()  # Ctrl+3 on the Queue placeholder
    assert window.pages.currentIndex() == 2
    window.show()
    qtbot.waitUntil(lambda: window.queue_page is not None, timeout=10_000)
    # The built page took its placeholder's place, still the page shown.
    assert window.pages.currentWidget() is window.queue_page
    window.page_actions[1].trigger()
    assert window.pages.currentWidget() is window.review_page
    window.page_actions[0].trigger()
    assert window.pages.currentIndex() == 0


def test_about_opens_once_after_the_grammar_settings_changed(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The grammar settings attach a new grammar worker: they used to connect the window's
    # actions again, so Help ▸ About opened twice (and Split, New ... ran twice).
    from composer.ui.settings import grammar_settings_dialog

    class Accepting(grammar_settings_dialog.GrammarSettingsDialog):
        def exec(self) -> int:
            return 1

    monkeypatch.setattr(grammar_settings_dialog, "GrammarSettingsDialog", Accepting)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, title, _text: shown.append(title))
    window = _deferred_window(qtbot, workspace, tmp_path, "alice")
    window.show()
    qtbot.waitUntil(window.grammar_settings_action.isEnabled, timeout=10_000)
    window.grammar_settings_action.trigger()
    window.grammar_settings_action.trigger()
    window.about_action.trigger()
    assert shown == ["About Brand Voice Composer"]


def test_a_first_start_shows_the_welcome_in_the_frame_after_the_first_and_before_the_rest(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    window = _deferred_window(qtbot, workspace, tmp_path, "alice")
    assert getattr(window, "welcome", None) is None  # not part of the first paint
    order: list[str] = []
    window.rest_built.connect(lambda: order.append("rest"))
    with qtbot.waitSignal(window.first_painted, timeout=10_000):
        window.show()
    qtbot.waitUntil(lambda: getattr(window, "welcome", None) is not None, timeout=10_000)
    welcome = window.welcome
    # In its place above the problems banner and the editor, never a window of its own.
    assert welcome.parentWidget() is not None and not welcome.isWindow()
    assert window._left_layout.indexOf(welcome) == 0
    assert welcome.isVisible()
    painted: list[bool] = []

    def note_paint() -> None:
        painted.append(True)
        order.append("welcome")

    welcome.installEventFilter(_PaintSpy(note_paint, welcome))
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    assert painted and order.index("welcome") < order.index("rest")
    # Tab goes toolbar, welcome, editor, as in a window built at once.
    chain: list[QWidget] = []
    widget = window.limit_chooser.limit_box.nextInFocusChain()
    while widget is not window.limit_chooser.limit_box and len(chain) < 1000:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    places = [
        chain.index(w)
        for w in (welcome.add_reviewer_button, welcome.work_alone_button, welcome.close_button)
    ]
    assert places == sorted(places) and places[-1] < chain.index(window.editor)
    # Help ▸ Welcome after closing it brings the same panel back.
    welcome.close_button.click()
    assert not welcome.isVisible()
    window.welcome_action.trigger()
    assert window.welcome is welcome and welcome.isVisible()


class _PaintSpy(QObject):
    """Calls ``seen`` at the first paint of the widget it watches."""

    def __init__(self, seen: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._seen: Callable[[], None] | None = seen

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._seen is not None:
            self._seen()
            self._seen = None
        return False
