"""People and review policy in the store: roles per account, deactivation, no review."""

from __future__ import annotations

import pytest
from store_seed import T0

from composer.core.workflow import ApprovalPolicy, Role, State
from composer.store.errors import PermissionDeniedError
from composer.store.records import AccountSpec
from composer.store.store import Store

NO_REVIEW = ApprovalPolicy(steps=())


def test_admin_sets_roles_per_account_and_it_is_audited(store: Store) -> None:
    store.users.add("dee", [Role.AUTHOR], actor="boss", now=T0, display_name="Dee Park")
    record = store.users.set_roles(
        "dee", "@Help", [Role.AUTHOR, Role.REVIEWER], actor="boss", now=T0
    )
    assert record.display_name == "Dee Park"
    assert record.roles_on("@Help") == {Role.AUTHOR, Role.REVIEWER}
    assert record.roles_on("@Alerts") == {Role.AUTHOR}
    record = store.users.set_roles("dee", "", [], actor="boss", now=T0)
    assert record.roles_on("@Alerts") == frozenset()
    assert record.roles_on("@Help") == {Role.AUTHOR, Role.REVIEWER}
    events = [e for e in store.audit.list() if e.action == "user_roles"]
    assert [e.detail for e in events] == [
        "dee: author, reviewer on @Help",
        "dee: no roles on all accounts",
    ]
    assert all(e.actor == "boss" for e in events)


def test_only_an_admin_changes_people(store: Store) -> None:
    with pytest.raises(PermissionDeniedError, match="only an admin"):
        store.users.set_roles("ann", "", [Role.ADMIN], actor="ann", now=T0)
    with pytest.raises(PermissionDeniedError, match="only an admin"):
        store.users.set_active("rex", active=False, actor="ann", now=T0)
    assert store.users.get("rex").active


def test_the_last_admin_stays(store: Store) -> None:
    with pytest.raises(PermissionDeniedError, match="no active admin left"):
        store.users.set_roles("boss", "", [Role.AUTHOR], actor="boss", now=T0)
    with pytest.raises(PermissionDeniedError, match="no active admin left"):
        store.users.set_active("boss", active=False, actor="boss", now=T0)
    assert store.users.get("boss").roles_on("@Help") == {Role.ADMIN}


def test_deactivated_people_keep_their_history_and_act_no_more(store: Store) -> None:
    draft = store.drafts.create("@Help", "Hello there", author="ann", findings=(), now=T0)
    record = store.users.set_active("ann", active=False, actor="boss", now=T0)
    assert not record.active
    assert store.drafts.get(draft.id).author == "ann"
    with pytest.raises(PermissionDeniedError, match="deactivated"):
        store.drafts.create("@Help", "Again", author="ann", findings=(), now=T0)
    assert store.users.actor("ann", "@Help").roles == frozenset()
    assert [e.action for e in store.audit.list() if e.action.startswith("user_")][-1] == (
        "user_deactivate"
    )
    store.users.set_active("ann", active=True, actor="boss", now=T0)
    store.drafts.create("@Help", "Back", author="ann", findings=(), now=T0)


def _specs(store: Store, policy: ApprovalPolicy) -> list[AccountSpec]:
    return [
        AccountSpec(a.handle, a.purpose, policy if a.handle == "@Help" else a.policy)
        for a in store.accounts.list()
    ]


def test_only_an_admin_turns_review_off(store: Store) -> None:
    store.accounts.sync(_specs(store, NO_REVIEW), now=T0, actor="ann")
    assert len(store.accounts.policy("@Help").steps) == 1
    store.accounts.sync(_specs(store, NO_REVIEW), now=T0)
    assert len(store.accounts.policy("@Help").steps) == 1
    store.accounts.sync(_specs(store, NO_REVIEW), now=T0, actor="boss")
    assert store.accounts.policy("@Help").steps == ()
    (event,) = [e for e in store.audit.list() if e.action == "account_policy"]
    assert (event.actor, event.account, event.detail) == (
        "boss",
        "@Help",
        "approval policy: no review",
    )


def test_a_draft_of_an_account_without_review_is_approved_on_submit(store: Store) -> None:
    store.accounts.sync(_specs(store, NO_REVIEW), now=T0, actor="boss")
    draft = store.drafts.create("@Help", "Hello there", author="ann", findings=(), now=T0)
    done = store.drafts.submit(
        draft.id, actor="ann", expected_version=draft.version, findings=(), now=T0
    )
    assert done.state is State.APPROVED
    assert done.approved_text_version == done.text_version
    trail = store.audit.list(draft_id=draft.id)
    assert trail[-1].action == "submit"
    assert trail[-1].to_state == "approved"
