"""A draft sent back is announced once, in the window and as a desktop notification."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from review_seed import T0

from PySide6.QtWidgets import QSystemTrayIcon

from composer.core.workflow import Action
from composer.services.live import Attention, AttentionKind
from composer.store.store import Store
from composer.ui.account_switcher import AccountSwitcher
from composer.ui.editor.draft_editor import DraftEditor
from composer.ui.editor.draft_loop import DraftLoop
from composer.ui.editor.draft_session import DraftSession
from composer.ui.review.store_client import StoreClient
from composer.ui.review_notes_panel import ReviewNotesPanel


class RecordingTray(QSystemTrayIcon):
    """A tray that keeps the messages it is asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[str, str]] = []

    def supportsMessages(self) -> bool:  # type: ignore[override]
        return True

    def showMessage(self, title: str, text: str, *_args: object) -> None:  # type: ignore[override]
        self.shown.append((title, text))


def send_back(store: Store, text: str, comment: str, *, minutes: int = 0) -> int:
    at = T0 + timedelta(minutes=minutes)
    d = store.drafts.create("@Help", text, author="ann", findings=(), now=at)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=at)
    store.drafts.review(
        d.id,
        Action.REQUEST_CHANGES,
        actor="rex",
        expected_version=d.version,
        now=at,
        comment=comment,
    )
    return d.id


def make_loop(qtbot: QtBot, client: StoreClient, tray: RecordingTray) -> DraftLoop:
    editor = DraftEditor()
    switcher = AccountSwitcher()
    notes = ReviewNotesPanel()
    for widget in (editor, switcher, notes):
        qtbot.addWidget(widget)
    session = DraftSession(client, "ann", text_source=lambda: (editor.toPlainText(), "", ()))
    return DraftLoop(
        client, session, "ann", editor=editor, switcher=switcher, notes=notes, tray=lambda: tray
    )


def test_sent_back_drafts_are_announced_once_each(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    tray = RecordingTray()
    loop = make_loop(qtbot, client, tray)
    told: list[tuple[object, ...]] = []
    loop.sent_back.connect(told.append)
    first = send_back(store, "Boots ship today.", "Which boots?")
    loop.check_requests()
    assert [r.draft.id for r in told[-1]] == [first]  # type: ignore[attr-defined]
    assert tray.shown == [
        (
            "Changes requested",
            f"rex asked for changes to your draft {first} for @Help: “Which boots?”",
        )
    ]
    loop.check_requests()
    assert len(told) == 1 and len(tray.shown) == 1  # nothing new, nothing said

    second = send_back(store, "Laces are back.", "Which laces?", minutes=5)
    loop.mark_announced(Attention(AttentionKind.CHANGES_REQUESTED, second, "@Help", "rex"))
    loop.check_requests()
    assert [r.draft.id for r in told[-1]] == [second]  # type: ignore[attr-defined]
    assert len(tray.shown) == 1  # the live updates already showed it on the desktop
    assert {r.draft.id for r in loop.requests} == {first, second}
