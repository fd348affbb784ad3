"""From first start to a queued post without the command line: with a colleague, and alone.

Both start from a fresh workspace (the example guide, no person in it yet) and drive only the
window: the first person becomes its admin; with a colleague they add a reviewer in Settings ▸
People, submit, and the reviewer approves in a second window; alone they choose "no review"
in the welcome panel and their submission goes straight to the queue.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from composer.core.workflow import Role, State
from composer.services.workspace import Workspace, init_workspace
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")

TEXT = "Thanks for your patience. Your replacement boots ship today."
DEALS = "@NorthwindDeals"


def settings(tmp_path: Path, name: str) -> SettingsStore:
    from PySide6.QtCore import QSettings

    return SettingsStore(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))


def window_for(qtbot: QtBot, tmp_path: Path, ws: Workspace, user: str) -> MainWindow:
    window = MainWindow(settings(tmp_path, user), ws, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    qtbot.waitUntil(lambda: window.checker is not None, timeout=10_000)
    return window


def write(qtbot: QtBot, window: MainWindow, handle: str, text: str) -> int:
    handles = [a.handle for a in window.account_switcher.accounts]
    window.account_switcher.box.setCurrentIndex(handles.index(handle))
    session = window.draft_session
    assert session is not None
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, text)
    qtbot.waitUntil(lambda: session.draft_id is not None and not session.dirty, timeout=10_000)
    assert session.draft_id is not None
    return session.draft_id


def stored(ws: Workspace, draft_id: int):  # type: ignore[no-untyped-def]
    with Store.open(ws.database_url) as store:
        return store.drafts.get(draft_id)


def test_first_start_add_a_reviewer_submit_approve_and_queue(qtbot: QtBot, tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", example=True)
    dana = window_for(qtbot, tmp_path, ws, "dana")
    team = dana.team_settings
    assert team is not None
    # Alone in a new workspace: the welcome explains the choice.
    qtbot.waitUntil(dana.welcome.alone_box.isVisible, timeout=10_000)
    assert team.admin

    # Submitting with nobody to review names the way out instead of a dead end.
    draft_id = write(qtbot, dana, DEALS, TEXT)
    dana.submit_action.trigger()
    qtbot.waitUntil(
        lambda: "no reviewer other than the author" in dana.banner.label.text(), timeout=10_000
    )
    banner = dana.banner.label.text()
    assert "Settings ▸ People" in banner
    assert "no review" in banner
    assert stored(ws, draft_id).state is State.DRAFT

    # "Add a reviewer" opens Settings ▸ People, where Rex becomes a reviewer.
    dana.welcome.add_reviewer_button.click()
    people = team.people_dialog
    assert people is not None
    qtbot.waitUntil(lambda: people.state is not None and people.state.admin, timeout=10_000)
    assert not people.reason.isVisible()
    qtbot.keyClicks(people.name_edit, "rex")
    qtbot.keyClicks(people.display_edit, "Rex Moreno")
    people.add_boxes[Role.AUTHOR].setChecked(False)
    people.add_boxes[Role.REVIEWER].setChecked(True)
    with qtbot.waitSignal(people.loaded, timeout=10_000):
        people.add_button.click()
    qtbot.waitUntil(
        lambda: people.state is not None and "rex" in [p.name for p in people.state.people],
        timeout=10_000,
    )
    rex_row = next(p for p in people.state.people if p.name == "rex")  # type: ignore[union-attr]
    assert rex_row.display_name == "Rex Moreno"
    assert rex_row.roles_on(DEALS) == {Role.REVIEWER}
    assert people.table.rowCount() == 2
    people.close()
    qtbot.waitUntil(lambda: not dana.welcome.alone_box.isVisible(), timeout=10_000)

    # Submitting now reaches the reviewer.
    session = dana.draft_session
    assert session is not None
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        dana.submit_action.trigger()
    assert stored(ws, draft_id).state is State.SUBMITTED

    # Rex, in a second window as the second person, approves; the post waits in the queue.
    rex = window_for(qtbot, tmp_path, ws, "rex")
    review = rex.review_page
    assert review is not None
    qtbot.waitUntil(lambda: review.inbox.model.rowCount() == 1, timeout=10_000)
    with qtbot.waitSignal(review.draft_view.loaded, timeout=10_000):
        review.inbox.open_requested.emit(draft_id)
    review.draft_view.approve_button.click()
    qtbot.waitUntil(lambda: stored(ws, draft_id).state is State.QUEUED, timeout=10_000)

    queue = dana.queue_page
    assert queue is not None
    dana.show_page(dana.pages.indexOf(queue))
    qtbot.waitUntil(lambda: draft_id in [r.id for r in queue.model.records], timeout=10_000)
    with Store.open(ws.database_url) as store:
        actions = [(e.actor, e.action) for e in store.audit.list()]
    assert ("dana", "user_add") in actions
    assert ("rex", "approve") in actions
    dana.close()
    rex.close()


def test_first_start_alone_no_review_goes_to_the_queue(qtbot: QtBot, tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", example=True)
    guide_before = ws.guide_path.read_text(encoding="utf-8")
    solo = window_for(qtbot, tmp_path, ws, "solo")
    team = solo.team_settings
    assert team is not None
    qtbot.waitUntil(solo.welcome.alone_box.isVisible, timeout=10_000)

    solo.welcome.work_alone_button.click()
    qtbot.waitUntil(lambda: not solo.welcome.alone_box.isVisible(), timeout=10_000)

    def no_review_stored() -> bool:
        with Store.open(ws.database_url) as store:
            return all(not a.policy.steps for a in store.accounts.list())

    qtbot.waitUntil(no_review_stored, timeout=10_000)
    # The guide file says so, its comments kept.
    guide_after = ws.guide_path.read_text(encoding="utf-8")
    assert guide_after.count("approval: none") == 4
    comments = [line for line in guide_before.splitlines() if line.strip().startswith("#")]
    assert comments
    assert all(line in guide_after for line in comments)

    draft_id = write(qtbot, solo, DEALS, TEXT)
    qtbot.waitUntil(solo.team_settings.no_review_label.isVisible, timeout=10_000)  # type: ignore[union-attr]
    session = solo.draft_session
    assert session is not None
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        solo.submit_action.trigger()
    qtbot.waitUntil(lambda: stored(ws, draft_id).state is State.QUEUED, timeout=10_000)
    assert "without review" in solo.statusBar().currentMessage()

    queue = solo.queue_page
    assert queue is not None
    solo.show_page(solo.pages.indexOf(queue))
    qtbot.waitUntil(lambda: draft_id in [r.id for r in queue.model.records], timeout=10_000)
    with Store.open(ws.database_url) as store:
        policy_events = [e for e in store.audit.list() if e.action == "account_policy"]
        trail = [(e.action, e.to_state) for e in store.audit.list(draft_id=draft_id)]
    assert {e.account for e in policy_events} == {
        "@NorthwindHelp",
        DEALS,
        "@NorthwindEvents",
        "@NorthwindAlerts",
    }
    assert all(e.actor == "solo" for e in policy_events)
    assert ("submit", "approved") in trail
    assert ("queue", "queued") in trail
    solo.close()
