"""Repositories on a real SQLite file: the workflow, versions, locking, audit, inbox, recovery."""

from __future__ import annotations

from datetime import timedelta

import pytest
from store_seed import T0

from composer.core.errors import ConflictError, TransitionError
from composer.core.findings import Finding, Level
from composer.core.workflow import Action, Role, State
from composer.store.drafts import Span
from composer.store.errors import NotFoundError, PermissionDeniedError
from composer.store.records import AccountSpec, content_hash
from composer.store.store import Store

WARN = Finding("Acme.Hype", Level.WARNING, "hype", 0, 5)
ERR = Finding("Acme.Banned", Level.ERROR, "banned", 0, 5)


def new_submitted(store: Store, account: str = "@Help", text: str = "Hello there") -> int:
    d = store.drafts.create(account, text, author="ann", findings=(), now=T0)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    return d.id


def test_full_flow_with_audit_trail(store: Store) -> None:
    d = store.drafts.create("@Help", "Hello", author="ann", findings=(WARN,), now=T0)
    assert (d.state, d.version, d.text_version) == (State.DRAFT, 1, 1)
    d = store.drafts.submit(
        d.id, actor="ann", expected_version=1, findings=(WARN,), now=T0, reason="on brief"
    )
    assert d.state is State.SUBMITTED and d.warning_reason == "on brief"
    d = store.drafts.review(d.id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0)
    assert d.state is State.APPROVED and d.approved_text_version == 1
    d = store.drafts.transition(d.id, Action.QUEUE, actor="ann", expected_version=d.version, now=T0)
    d = store.drafts.transition(
        d.id, Action.START_PUBLISHING, actor="system", expected_version=d.version, now=T0
    )
    d = store.drafts.transition(
        d.id,
        Action.MARK_PUBLISHED,
        actor="system",
        expected_version=d.version,
        now=T0,
        post_id="1799",
    )
    assert (d.state, d.post_id) == (State.PUBLISHED, "1799")
    trail = store.audit.list(draft_id=d.id)
    assert [(e.action, e.from_state, e.to_state, e.actor) for e in trail] == [
        ("create", None, "draft", "ann"),
        ("submit", "draft", "submitted", "ann"),
        ("approve", "submitted", "approved", "rex"),
        ("queue", "approved", "queued", "ann"),
        ("start_publishing", "queued", "publishing", "system"),
        ("mark_published", "publishing", "published", "system"),
    ]
    assert store.drafts.get(d.id).findings == (WARN,)


def test_stale_version_is_refused_and_nothing_changes(store: Store) -> None:
    draft_id = new_submitted(store)
    read = store.drafts.get(draft_id)
    store.drafts.review(draft_id, Action.REJECT, actor="ria", expected_version=read.version, now=T0)
    with pytest.raises(ConflictError, match=f"you read version {read.version}"):
        store.drafts.review(
            draft_id, Action.APPROVE, actor="rex", expected_version=read.version, now=T0
        )
    assert store.drafts.get(draft_id).state is State.REJECTED
    assert [e.action for e in store.audit.list(draft_id=draft_id)].count("approve") == 0


def test_refused_transition_writes_nothing(store: Store) -> None:
    draft_id = new_submitted(store)
    before = store.drafts.get(draft_id)
    with pytest.raises(TransitionError, match="own draft"):
        store.drafts.review(
            draft_id, Action.APPROVE, actor="ann", expected_version=before.version, now=T0
        )
    assert store.drafts.get(draft_id) == before
    assert len(store.audit.list(draft_id=draft_id)) == 2


def test_submit_refused_with_errors_keeps_draft(store: Store) -> None:
    d = store.drafts.create("@Help", "Buy", author="ann", findings=(ERR,), now=T0)
    assert d.has_errors
    with pytest.raises(TransitionError, match="error-level"):
        store.drafts.submit(d.id, actor="ann", expected_version=1, findings=(ERR,), now=T0)
    assert store.drafts.get(d.id).state is State.DRAFT


def test_autosave_rewrites_unsealed_version_and_editing_approved_restarts_review(
    store: Store,
) -> None:
    d = store.drafts.create("@Help", "H", author="ann", findings=(), now=T0)
    for text in ("He", "Hel", "Hello"):
        d = store.drafts.save_text(d.id, text, d.version, actor="ann", findings=(), now=T0)
    assert (d.text, d.text_version, d.version) == ("Hello", 1, 4)
    same = store.drafts.save_text(d.id, "Hello", d.version, actor="ann", findings=(), now=T0)
    assert same.version == d.version  # nothing to save
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = store.drafts.review(d.id, Action.APPROVE, actor="ria", expected_version=d.version, now=T0)
    later = T0 + timedelta(minutes=5)
    d = store.drafts.save_text(d.id, "Hello!", d.version, actor="ann", findings=(), now=later)
    assert (d.state, d.text_version, d.approved_text_version, d.approvals) == (
        State.SUBMITTED,
        2,
        None,
        (),
    )
    versions = store.drafts.versions(d.id)
    assert [(v.number, v.text, v.sealed) for v in versions] == [
        (1, "Hello", True),
        (2, "Hello!", False),
    ]
    assert versions[1].content_hash == content_hash("Hello!")
    assert store.audit.list(draft_id=d.id)[-1].detail == "edited after approval; back to review"


def test_save_text_conflict(store: Store) -> None:
    d = store.drafts.create("@Help", "a", author="ann", findings=(), now=T0)
    store.drafts.save_text(d.id, "ab", 1, actor="ann", findings=(), now=T0)
    with pytest.raises(ConflictError):
        store.drafts.save_text(d.id, "ac", 1, actor="ann", findings=(), now=T0)
    assert store.drafts.get(d.id).text == "ab"


def test_reviewer_cannot_edit(store: Store) -> None:
    d = store.drafts.create("@Help", "a", author="ann", findings=(), now=T0)
    with pytest.raises(TransitionError, match="only its author"):
        store.drafts.save_text(d.id, "b", 1, actor="rex", findings=(), now=T0)


def test_two_step_policy_and_step_in_record(store: Store) -> None:
    draft_id = new_submitted(store, "@Alerts")
    d = store.drafts.get(draft_id)
    d = store.drafts.review(
        draft_id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0
    )
    assert (d.state, d.step) == (State.SUBMITTED, 1)
    with pytest.raises(TransitionError, match="already approved"):
        store.drafts.review(
            draft_id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0
        )
    d = store.drafts.review(
        draft_id, Action.APPROVE, actor="ria", expected_version=d.version, now=T0
    )
    assert d.state is State.APPROVED
    assert [r.reviewer for r in store.drafts.reviews(draft_id)] == ["rex", "ria"]


def test_request_changes_stores_anchored_comment(store: Store) -> None:
    draft_id = new_submitted(store, text="Hello world")
    d = store.drafts.get(draft_id)
    d = store.drafts.review(
        draft_id,
        Action.REQUEST_CHANGES,
        actor="rex",
        expected_version=d.version,
        now=T0,
        comment="Say hi",
        span=Span(0, 5),
    )
    assert d.state is State.CHANGES_REQUESTED
    (comment,) = store.drafts.comments(draft_id)
    assert (comment.author, comment.body, comment.span_start, comment.span_end) == (
        "rex",
        "Say hi",
        0,
        5,
    )
    assert store.drafts.reviews(draft_id)[0].comment == "Say hi"
    with pytest.raises(ValueError, match="outside the text"):
        store.drafts.add_comment(draft_id, "x", actor="rex", now=T0, span=Span(3, 99))


def test_permissions(store: Store) -> None:
    with pytest.raises(PermissionDeniedError, match="may not write drafts"):
        store.drafts.create("@Help", "x", author="rex", findings=(), now=T0)
    with pytest.raises(PermissionDeniedError, match="only an admin"):
        store.users.add("eve", [Role.ADMIN], actor="ann", now=T0)
    with pytest.raises(NotFoundError, match="unknown user 'nobody'"):
        store.drafts.create("@Help", "x", author="nobody", findings=(), now=T0)
    with pytest.raises(NotFoundError, match="unknown account '@Nope'"):
        store.drafts.create("@Nope", "x", author="ann", findings=(), now=T0)
    with pytest.raises(NotFoundError, match="no draft 999"):
        store.drafts.get(999)


def test_roles_per_account(store: Store) -> None:
    assert store.users.actor("ria", "@Help").roles == {Role.REVIEWER}
    store.accounts.sync([*_specs(store), AccountSpec("@New", "new")], now=T0)
    assert store.users.actor("ria", "@New").roles == frozenset()
    assert store.users.actor("rex", "@New").roles == {Role.REVIEWER}
    grants = {(g.role, g.account) for g in store.users.get("ria").grants}
    assert grants == {(Role.REVIEWER, "@Help"), (Role.REVIEWER, "@Alerts")}


def _specs(store: Store) -> list[AccountSpec]:
    return [AccountSpec(a.handle, a.purpose, a.policy) for a in store.accounts.list()]


def test_account_removed_from_guide_is_kept_aside(store: Store) -> None:
    store.accounts.sync([s for s in _specs(store) if s.handle != "@Alerts"], now=T0)
    assert [a.handle for a in store.accounts.list()] == ["@Help"]
    assert {a.handle for a in store.accounts.list(include_removed=True)} == {"@Help", "@Alerts"}


def test_inbox_clock_and_four_eyes(store: Store) -> None:
    first = new_submitted(store)
    second = new_submitted(store, "@Alerts")
    later = T0 + timedelta(minutes=20)
    items = store.drafts.inbox("ria", now=later)
    assert [i.draft.id for i in items] == [first, second]
    help_item = items[0]
    assert (help_item.waiting_minutes, help_item.overdue, help_item.can_act) == (20, True, True)
    assert items[1].overdue is False  # no target on @Alerts
    assert store.drafts.inbox("ann", now=later) == []


def test_expiry_and_warnings(store: Store) -> None:
    d = store.drafts.create(
        "@Help", "x", author="ann", findings=(), now=T0, scheduled_at=T0 + timedelta(minutes=50)
    )
    store.drafts.submit(d.id, actor="ann", expected_version=1, findings=(), now=T0)
    (warning,) = store.drafts.expiry_warnings(now=T0 + timedelta(minutes=10))
    assert warning.recipients == {"ann", "rex", "ria"}
    assert store.drafts.expire_due(now=T0 + timedelta(minutes=49)) == []
    (expired,) = store.drafts.expire_due(now=T0 + timedelta(minutes=50))
    assert expired.state is State.EXPIRED
    assert store.audit.list(draft_id=d.id)[-1].actor == "system"


def test_recovery_journal(store: Store) -> None:
    store.recovery.journal("s1", "unsaved words", now=T0, user="ann", account="@Help")
    store.recovery.journal("s1", "unsaved words, more", now=T0, user="ann", account="@Help")
    store.recovery.journal("s1", "edit of 3", now=T0, draft_id=3, base_version=2, user="ann")
    pending = store.recovery.pending(user="ann")
    assert {(p.draft_id, p.text) for p in pending} == {
        (3, "edit of 3"),
        (None, "unsaved words, more"),
    }
    store.recovery.discard("s1")
    assert [(p.draft_id, p.base_version) for p in store.recovery.pending()] == [(3, 2)]


def test_records_survive_reopen(store: Store, db_url: str) -> None:
    draft_id = new_submitted(store)
    store.close()
    with Store.open(db_url) as again:
        d = again.drafts.get(draft_id)
        assert d.state is State.SUBMITTED
        assert d.submitted_at == T0 and d.submitted_at.tzinfo is not None
