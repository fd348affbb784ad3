"""The review view approves the text on screen: an edit after it was shown is named, not approved."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from review_seed import NOW, submitted

from PySide6.QtCore import Qt

from composer.core.workflow import State
from composer.store.store import Store
from composer.ui.review.draft_view import DraftView
from composer.ui.review.store_client import StoreClient


def test_approving_a_text_edited_after_it_was_shown_is_refused(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    draft = submitted(store, "We fixed the outage.", warnings=False)
    view = DraftView(client, "ria")
    qtbot.addWidget(view)
    view.show_draft(draft.id)
    assert view.detail is not None and view.detail.draft.text_version == 1
    # The author edits while the reviewer reads version 1.
    store.drafts.save_text(
        draft.id, "We fixed nothing yet.", draft.version, actor="ann", findings=(), now=NOW
    )
    messages: list[str] = []
    client.failed.connect(messages.append)
    qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
    assert messages and "you read text version 1" in messages[0]
    assert "version 2 now" in messages[0]
    assert store.drafts.get(draft.id).state is State.SUBMITTED
