"""A decision names the text it was made on; a warning's reason covers the warnings it was given
for; an approval records the hash of what will be published (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from store_seed import T0

from composer.core.approval import approval_hash
from composer.core.errors import ConflictError
from composer.core.findings import Finding, Level
from composer.core.workflow import Action, State
from composer.store.store import Store

HYPE = Finding("Acme.Hype", Level.WARNING, "hype", 0, 5)
EXCLAIM = Finding("Acme.Exclaim", Level.WARNING, "too loud", 6, 7)


def submitted(
    store: Store, text: str = "Hello there", *, findings: tuple[Finding, ...] = ()
) -> int:
    d = store.drafts.create("@Help", text, author="ann", findings=findings, now=T0)
    d = store.drafts.submit(
        d.id,
        actor="ann",
        expected_version=d.version,
        findings=findings,
        now=T0,
        reason="launch day" if findings else "",
    )
    return d.id


def test_an_approval_of_a_stale_text_version_is_refused(store: Store) -> None:
    draft_id = submitted(store)
    read = store.drafts.get(draft_id)  # the reviewer reads text version 1 ...
    assert read.text_version == 1
    edited = store.drafts.save_text(  # ... the author edits meanwhile: text version 2
        draft_id, "Hello there, world", read.version, actor="ann", findings=(), now=T0
    )
    assert edited.text_version == 2 and edited.state is State.SUBMITTED
    with pytest.raises(ConflictError, match=r"you read text version 1.*version 2 now"):
        store.drafts.review(
            draft_id,
            Action.APPROVE,
            actor="rex",
            expected_version=edited.version,  # even with the current row version
            now=T0,
            text_version=read.text_version,
        )
    assert store.drafts.get(draft_id).state is State.SUBMITTED
    approved = store.drafts.review(
        draft_id,
        Action.APPROVE,
        actor="rex",
        expected_version=edited.version,
        now=T0,
        text_version=2,
    )
    assert approved.state is State.APPROVED and approved.approved_text_version == 2
    assert approved.approved_hash == approval_hash("Hello there, world", None)


def test_requests_for_changes_name_the_version_too(store: Store) -> None:
    draft_id = submitted(store)
    d = store.drafts.get(draft_id)
    with pytest.raises(ConflictError, match="cannot request changes"):
        store.drafts.review(
            draft_id,
            Action.REQUEST_CHANGES,
            actor="rex",
            expected_version=d.version,
            now=T0,
            comment="shorter",
            text_version=7,
        )


def test_a_reason_does_not_cover_new_warnings(store: Store) -> None:
    draft_id = submitted(store, "Hyped hello", findings=(HYPE,))
    d = store.drafts.get(draft_id)
    assert d.warning_reason == "launch day"
    # The same warning after an edit: the reason still covers it.
    d = store.drafts.save_text(
        draft_id, "Hyped hello there", d.version, actor="ann", findings=(HYPE,), now=T0
    )
    assert d.state is State.SUBMITTED and d.warning_reason == "launch day"
    # A new warning: back to the author, the old reason gone.
    d = store.drafts.save_text(
        draft_id, "Hyped hello there!", d.version, actor="ann", findings=(HYPE, EXCLAIM), now=T0
    )
    assert d.state is State.DRAFT and d.warning_reason == ""
    trail = store.audit.list(draft_id=draft_id)
    assert "warnings without a reason (Acme.Exclaim)" in trail[-1].detail


def test_a_reason_does_not_cover_more_of_the_same_warning(store: Store) -> None:
    draft_id = submitted(store, "Hyped hello", findings=(HYPE,))
    d = store.drafts.get(draft_id)
    d = store.drafts.review(
        draft_id, Action.APPROVE, actor="rex", expected_version=d.version, now=T0
    )
    assert d.state is State.APPROVED
    twice = (HYPE, Finding("Acme.Hype", Level.WARNING, "hype", 12, 17))
    d = store.drafts.save_text(
        draft_id, "Hyped hello, hyped", d.version, actor="ann", findings=twice, now=T0
    )
    assert d.state is State.DRAFT and d.approved_hash is None
