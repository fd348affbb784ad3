"""Resume All says which queues are still paused on their own (issue 14, item 8), and asks
for crisis words; the queued posts are re-checked before the queues run (issue 18, item 5)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from queue_seed import DEALS, HELP, NOW, queued

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from composer.core.guide.model import Guide
from composer.core.workflow import State
from composer.store.store import Store
from composer.ui.queue.queue_page import QueuePage


def test_resume_all_names_the_queues_still_paused(page: QueuePage, store: Store) -> None:
    store.queue.set_paused(DEALS, paused=True, actor="rex", now=NOW)
    page.refresh()
    page.toolbar.pause_all_button.click()
    assert store.queue.pause_state().all
    page.toolbar.pause_all_button.click()  # Resume All (Crisis Over)
    assert page.resume_all_dialog is not None
    page.resume_all_dialog.accept()
    state = store.queue.pause_state()
    assert not state.all and state.accounts == frozenset({DEALS})
    assert "still paused" in page.status.text()
    assert DEALS in page.status.text()
    assert HELP not in page.status.text()


def test_resume_all_with_nothing_else_paused_says_so(page: QueuePage, store: Store) -> None:
    page.refresh()
    page.toolbar.pause_all_button.click()
    page.toolbar.pause_all_button.click()
    assert page.resume_all_dialog is not None
    page.resume_all_dialog.accept()
    assert store.queue.pause_state().accounts == frozenset()
    assert page.status.text() == "Every queue is running again: nothing is paused."


CLEAN = "Thanks for your patience. We are checking your order and will reply within the hour."
SHIPPED = "Thanks for your patience. Your order shipped today and we will reply within the hour."


def test_resume_all_dialog_rechecks_with_the_crisis_words_typed(
    page: QueuePage, store: Store, guide: Guide, qtbot: QtBot
) -> None:
    clean, shipped = queued(store, guide, CLEAN, SHIPPED)
    page.refresh()
    page.toolbar.pause_all_button.click()
    page.toolbar.pause_all_button.click()
    dialog = page.resume_all_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.words_edit.accessibleName() == "Crisis words"
    qtbot.keyClicks(dialog.words_edit, "Riverside Mall")
    qtbot.keyClick(dialog.words_edit, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.words_edit, "shipped")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not store.queue.pause_state().all
    assert store.drafts.get(shipped).state is State.SUBMITTED
    assert store.drafts.get(clean).state is State.QUEUED
    assert page.status.text().startswith("1 of 2 queued posts went back to review")
    assert page.model.row_of(shipped) == -1 and page.model.row_of(clean) == 0
    trail = store.audit.list(draft_id=shipped)
    assert "'shipped' is on the crisis word list" in trail[-1].detail
    assert not page.toolbar.pause_all_button.isChecked()
    assert page.resume_all_dialog is None


def test_cancelling_resume_all_keeps_every_queue_paused(
    page: QueuePage, store: Store, guide: Guide
) -> None:
    (shipped,) = queued(store, guide, SHIPPED)
    page.refresh()
    page.toolbar.pause_all_button.click()
    page.toolbar.pause_all_button.click()
    assert page.resume_all_dialog is not None
    page.resume_all_dialog.reject()
    assert store.queue.pause_state().all
    assert page.toolbar.pause_all_button.isChecked()  # settles back to what the store holds
    assert store.drafts.get(shipped).state is State.QUEUED


def test_a_crisis_word_too_long_is_said_in_the_dialog(page: QueuePage, store: Store) -> None:
    page.refresh()
    page.toolbar.pause_all_button.click()
    page.toolbar.pause_all_button.click()
    dialog = page.resume_all_dialog
    assert dialog is not None
    dialog.words_edit.setPlainText("x" * 201)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and not dialog.error_label.isHidden()
    assert "at most 200 characters" in dialog.error_label.text()
    assert store.queue.pause_state().all
    dialog.reject()
