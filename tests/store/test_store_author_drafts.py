"""The author's store operations: withdraw to draft, delete and restore, move, duplicate."""

from __future__ import annotations

import pytest
from store_seed import T0

from composer.core.errors import ConflictError, TransitionError
from composer.core.findings import Finding, Level
from composer.core.workflow import Action, Role, State
from composer.store.errors import PermissionDeniedError
from composer.store.store import Store

ERR = Finding("Alerts.Banned", Level.ERROR, "banned", 0, 5)


def test_withdraw_takes_a_submitted_draft_back_to_draft_audited(store: Store) -> None:
    d = store.drafts.create("@Help", "Hello there", author="ann", findings=(), now=T0)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = store.drafts.transition(
        d.id, Action.RECALL, actor="ann", expected_version=d.version, now=T0
    )
    assert d.state is State.DRAFT
    last = store.audit.list(draft_id=d.id)[-1]
    assert (last.action, last.from_state, last.to_state, last.actor) == (
        "recall",
        "submitted",
        "draft",
        "ann",
    )
    # Submitted once: it is kept, not deleted.
    with pytest.raises(TransitionError, match="withdraw it instead"):
        store.drafts.transition(
            d.id, Action.DELETE, actor="ann", expected_version=d.version, now=T0
        )


def test_delete_hides_a_draft_and_restore_brings_it_back(store: Store) -> None:
    d = store.drafts.create("@Help", "Never sent", author="ann", findings=(), now=T0)
    gone = store.drafts.transition(
        d.id, Action.DELETE, actor="ann", expected_version=d.version, now=T0
    )
    assert gone.state is State.DELETED
    assert d.id not in [r.id for r in store.drafts.list(author="ann")]
    assert [r.id for r in store.drafts.list(state=State.DELETED)] == [d.id]
    back = store.drafts.transition(
        d.id, Action.RESTORE, actor="ann", expected_version=gone.version, now=T0
    )
    assert back.state is State.DRAFT
    assert d.id in [r.id for r in store.drafts.list(author="ann")]
    assert [e.action for e in store.audit.list(draft_id=d.id)] == ["create", "delete", "restore"]


def test_move_changes_the_account_audited_and_submission_follows(store: Store) -> None:
    d = store.drafts.create("@Help", "Trail report", author="ann", findings=(), now=T0)
    moved = store.drafts.move(
        d.id, "@Alerts", actor="ann", expected_version=d.version, findings=(ERR,), now=T0
    )
    assert (moved.account, moved.state, moved.has_errors) == ("@Alerts", State.DRAFT, True)
    assert store.drafts.get(d.id).findings == (ERR,)
    event = store.audit.list(draft_id=d.id)[-1]
    assert (event.action, event.account, event.detail) == (
        "move",
        "@Alerts",
        "moved from @Help to @Alerts",
    )
    # Undo: move it back.
    back = store.drafts.move(
        d.id, "@Help", actor="ann", expected_version=moved.version, findings=(), now=T0
    )
    assert back.account == "@Help" and not back.has_errors
    # Submitting for an account the draft is not in is refused.
    with pytest.raises(ConflictError, match="belongs to @Help, not @Alerts"):
        store.drafts.submit(
            d.id,
            actor="ann",
            expected_version=back.version,
            findings=(),
            now=T0,
            account="@Alerts",
        )
    done = store.drafts.submit(
        d.id, actor="ann", expected_version=back.version, findings=(), now=T0, account="@Help"
    )
    assert store.drafts.get(done.id).account == "@Help"


def test_move_is_refused_without_the_author_role_there(store: Store) -> None:
    store.users.add("amy", [Role.AUTHOR], ["@Help"], actor="boss", now=T0)
    d = store.drafts.create("@Help", "Trail report", author="amy", findings=(), now=T0)
    with pytest.raises(TransitionError, match="may not write drafts for @Alerts"):
        store.drafts.move(
            d.id, "@Alerts", actor="amy", expected_version=d.version, findings=(), now=T0
        )
    assert store.drafts.get(d.id).account == "@Help"


def test_duplicate_starts_a_new_draft_with_the_same_text(store: Store) -> None:
    d = store.drafts.create("@Help", "Hello there", author="ann", findings=(), now=T0)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = store.drafts.review(
        d.id, Action.REJECT, actor="rex", expected_version=d.version, now=T0, comment="no"
    )
    copy = store.drafts.duplicate(d.id, actor="ann", now=T0)
    assert (copy.state, copy.text, copy.account, copy.author) == (
        State.DRAFT,
        "Hello there",
        "@Help",
        "ann",
    )
    assert copy.id != d.id
    assert store.audit.list(draft_id=copy.id)[0].detail == f"created as a copy of draft {d.id}"
    with pytest.raises(PermissionDeniedError):
        store.drafts.duplicate(d.id, actor="rex", now=T0)
