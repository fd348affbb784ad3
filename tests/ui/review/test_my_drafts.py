"""My Drafts: every own draft reachable, searched, filtered and sorted; the author's commands."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot
from review_seed import T0, submitted

from PySide6.QtCore import Qt

from composer.core.workflow import Action, State
from composer.store.store import Store
from composer.ui.review.drafts_model import DraftColumn
from composer.ui.review.drafts_view import DraftsView
from composer.ui.review.store_client import StoreClient

LONG_FIRST_LINE = (
    "A first line far longer than sixty characters, about the new trail boots and their laces"
)


@pytest.fixture
def mine(qtbot: QtBot, client: StoreClient) -> DraftsView:
    view = DraftsView(client, user="ann", mine=True)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    return view


def shown(view: DraftsView, column: int = DraftColumn.ID) -> list[str]:
    proxy = view.proxy
    return [str(proxy.index(r, column).data()) for r in range(proxy.rowCount())]


def test_own_drafts_of_any_day_and_imports_are_listed_with_id_and_whole_first_line(
    mine: DraftsView, store: Store
) -> None:
    old = store.drafts.create(
        "@Help",
        LONG_FIRST_LINE + "\nSecond line.",
        author="ann",
        findings=(),
        now=T0 - timedelta(days=40),
    )
    imported = store.drafts.create_many(
        [("@Alerts", "Imported from a spreadsheet.", (), None)], author="ann", now=T0
    )[0]
    store.drafts.create("@Help", "Somebody else's draft.", author="boss", findings=(), now=T0)
    mine.refresh()
    assert sorted(shown(mine)) == sorted([str(old.id), str(imported.id)])
    assert mine.select_draft(old.id)
    row = mine.table.currentIndex().row()
    assert mine.proxy.index(row, DraftColumn.TEXT).data() == LONG_FIRST_LINE
    assert "…" not in LONG_FIRST_LINE and mine.table.textElideMode() == Qt.TextElideMode.ElideNone
    assert mine.proxy.index(row, DraftColumn.ID).data() == str(old.id)
    assert mine.open_button.isEnabled() and mine.delete_button.isEnabled()


def test_search_filter_and_sort_by_any_column(mine: DraftsView, store: Store) -> None:
    a = store.drafts.create("@Help", "Boots ship today.", author="ann", findings=(), now=T0)
    b = submitted(store, "Laces are back in stock.")
    c = store.drafts.create("@Alerts", "Storm closes the store.", author="ann", findings=(), now=T0)
    mine.refresh()
    assert shown(mine) == [str(c.id), str(b.id), str(a.id)]  # newest first
    mine.search.setText("STORE")
    assert shown(mine) == [str(c.id)]
    mine.search.setText("")
    mine.state_combo.setCurrentIndex(mine.state_combo.findData("submitted"))
    assert shown(mine) == [str(b.id)]
    mine.state_combo.setCurrentIndex(0)
    mine.account_combo.addItem("@Alerts", "@Alerts")
    mine.account_combo.setCurrentIndex(mine.account_combo.findData("@Alerts"))
    assert shown(mine) == [str(c.id)]
    mine.account_combo.setCurrentIndex(0)
    mine.table.sortByColumn(DraftColumn.TEXT, Qt.SortOrder.AscendingOrder)
    assert shown(mine, DraftColumn.TEXT) == [
        "Boots ship today.",
        "Laces are back in stock.",
        "Storm closes the store.",
    ]
    mine.table.sortByColumn(DraftColumn.FINDINGS, Qt.SortOrder.DescendingOrder)
    assert shown(mine)[0] == str(b.id)  # the submitted one carries a warning
    mine.table.sortByColumn(DraftColumn.ID, Qt.SortOrder.AscendingOrder)
    assert shown(mine) == [str(a.id), str(b.id), str(c.id)]


def test_everyones_drafts_filter_by_author(qtbot: QtBot, client: StoreClient, store: Store) -> None:
    store.drafts.create("@Help", "By ann.", author="ann", findings=(), now=T0)
    store.drafts.create("@Help", "By boss.", author="boss", findings=(), now=T0)
    everyone = DraftsView(client, user="boss")
    qtbot.addWidget(everyone)
    everyone.refresh()
    assert everyone.proxy.rowCount() == 2
    everyone.author_combo.setCurrentIndex(everyone.author_combo.findData("ann"))
    assert shown(everyone, DraftColumn.AUTHOR) == ["ann"]


def test_withdraw_delete_undo_and_duplicate(mine: DraftsView, store: Store) -> None:
    waiting = submitted(store, "Waiting for review.")
    fresh = store.drafts.create("@Help", "Never sent.", author="ann", findings=(), now=T0)
    mine.refresh()
    notes: list[str] = []
    mine.note.connect(notes.append)

    assert mine.select_draft(waiting.id)
    assert mine.withdraw_button.isEnabled() and not mine.delete_button.isEnabled()
    mine.withdraw_button.click()
    assert store.drafts.get(waiting.id).state is State.DRAFT
    assert store.audit.list(draft_id=waiting.id)[-1].action == Action.RECALL.value
    assert "withdrawn from review" in notes[-1]

    assert mine.select_draft(fresh.id)
    mine.delete_button.click()
    assert store.drafts.get(fresh.id).state is State.DELETED
    assert str(fresh.id) not in shown(mine)
    assert mine.undo_button.isEnabled()
    mine.undo_action.trigger()
    assert store.drafts.get(fresh.id).state is State.DRAFT
    assert str(fresh.id) in shown(mine)
    assert not mine.undo_button.isEnabled()

    assert mine.select_draft(fresh.id)
    mine.duplicate_button.click()
    texts = [d.text for d in store.drafts.list(author="ann")]
    assert texts.count("Never sent.") == 2


def test_enter_opens_an_editable_draft_in_the_composer(
    mine: DraftsView, store: Store, qtbot: QtBot
) -> None:
    d = store.drafts.create("@Help", "Keep writing me.", author="ann", findings=(), now=T0)
    mine.refresh()
    edits: list[int] = []
    mine.edit_requested.connect(edits.append)
    assert mine.select_draft(d.id)
    qtbot.keyClick(mine.table, Qt.Key.Key_Return)
    assert edits == [d.id]


def test_my_drafts_reload_when_shown_after_changes_made_while_hidden(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    view = DraftsView(client, user="ann", mine=True)
    qtbot.addWidget(view)
    view.refresh()
    assert view.proxy.rowCount() == 0
    client.save_draft(
        None,
        "@Help",
        "Written while the list was hidden.",
        actor="ann",
        expected_version=0,
        findings=(),
    )
    assert view.proxy.rowCount() == 0  # hidden: no reload on every autosave
    view.show()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1, timeout=5000)
