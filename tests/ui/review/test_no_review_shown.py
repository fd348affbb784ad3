"""Every draft of an account with no review says so: in the drafts lists and the draft view."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from review_seed import T0

from composer.core.workflow import ApprovalPolicy, PolicyStep, State
from composer.store.records import AccountSpec
from composer.store.store import Store
from composer.ui.review.draft_view import DraftView
from composer.ui.review.drafts_model import DraftColumn
from composer.ui.review.drafts_view import DraftsView
from composer.ui.review.store_client import StoreClient


def no_review_for_help(store: Store) -> None:
    specs = [
        AccountSpec(
            a.handle, a.purpose, ApprovalPolicy(steps=()) if a.handle == "@Help" else a.policy
        )
        for a in store.accounts.list()
    ]
    store.accounts.sync(specs, now=T0, actor="boss")


def test_drafts_list_and_draft_view_name_no_review(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    no_review_for_help(store)
    help_draft = store.drafts.create("@Help", "Back online.", author="ann", findings=(), now=T0)
    done = store.drafts.submit(
        help_draft.id, actor="ann", expected_version=help_draft.version, findings=(), now=T0
    )
    assert done.state is State.APPROVED
    store.drafts.create("@Alerts", "Storm warning tonight.", author="ann", findings=(), now=T0)
    view = DraftsView(client)
    qtbot.addWidget(view)
    view.refresh()
    model = view.model
    cells = {
        model.draft_row(r).draft.id: str(model.data(model.index(r, DraftColumn.ACCOUNT)))  # type: ignore[union-attr]
        for r in range(model.rowCount())
    }
    assert cells[help_draft.id] == "@Help (no review)"
    assert "@Alerts" in cells.values()

    draft_view = DraftView(client, "boss")
    qtbot.addWidget(draft_view)
    with qtbot.waitSignal(draft_view.loaded, timeout=5_000):
        draft_view.show_draft(help_draft.id)
    assert draft_view.header.text().endswith("— no review: approved as submitted")


def test_a_reply_with_its_own_steps_is_not_shown_as_no_review(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    specs = [
        AccountSpec(
            a.handle,
            a.purpose,
            ApprovalPolicy(steps=(), reply_steps=(PolicyStep(),))
            if a.handle == "@Help"
            else a.policy,
        )
        for a in store.accounts.list()
    ]
    store.accounts.sync(specs, now=T0, actor="boss")
    post = store.drafts.create("@Help", "Back online.", author="ann", findings=(), now=T0)
    reply = store.drafts.create("@Help", "It is back.", author="ann", findings=(), now=T0)
    store.queue.set_reply_to(reply.id, "1901", actor="ann", now=T0)
    view = DraftsView(client)
    qtbot.addWidget(view)
    view.refresh()
    model = view.model
    cells = {
        model.draft_row(r).draft.id: str(model.data(model.index(r, DraftColumn.ACCOUNT)))  # type: ignore[union-attr]
        for r in range(model.rowCount())
    }
    assert cells[post.id] == "@Help (no review)"
    assert cells[reply.id] == "@Help"
