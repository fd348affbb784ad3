"""The store client: operations, frozen results, refusals as sentences, change notices."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot
from review_seed import NOW, submitted

from composer.core.diff import DiffOp
from composer.core.workflow import Action, State
from composer.store.store import Store
from composer.ui.review.store_client import DraftDetail, DraftsPage, StoreClient


def test_drafts_page_carries_findings_count_and_score(client: StoreClient, store: Store) -> None:
    draft = submitted(store)
    pages: list[DraftsPage] = []
    client.drafts_loaded.connect(pages.append)
    client.load_drafts(7)
    (page,) = pages
    assert page.token == 7
    assert not page.has_more
    (row,) = page.rows
    assert row.draft.id == draft.id
    assert row.findings_count == 1
    assert 0 < row.brand_score < 100


def test_draft_detail_for_reviewer_and_author(client: StoreClient, store: Store) -> None:
    draft = submitted(store)
    details: list[DraftDetail] = []
    client.draft_loaded.connect(details.append)
    client.load_draft(draft.id, "ria")
    client.load_draft(draft.id, "ann")
    reviewer, author = details
    assert reviewer.allowed >= {Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT}
    assert not author.allowed & {Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT}
    assert reviewer.waiting_minutes == 30
    assert reviewer.overdue
    assert reviewer.draft.findings[0].rule == "Acme.Hedging"


def test_diff_against_last_reviewed_version(client: StoreClient, store: Store) -> None:
    draft = submitted(store, "We fixed the outage.", warnings=False)
    asked = store.drafts.review(
        draft.id,
        Action.REQUEST_CHANGES,
        actor="ria",
        expected_version=draft.version,
        now=NOW,
        comment="say when",
    )
    edited = store.drafts.save_text(
        draft.id,
        "We fixed the outage at 9:40.",
        expected_version=asked.version,
        actor="ann",
        findings=(),
        now=NOW,
    )
    store.drafts.submit(
        draft.id, actor="ann", expected_version=edited.version, findings=(), now=NOW
    )
    details: list[DraftDetail] = []
    client.draft_loaded.connect(details.append)
    client.load_draft(draft.id, "ria")
    (detail,) = details
    assert detail.base_version is not None
    assert detail.base_version.number == 1
    assert detail.draft.text_version == 2
    inserted = "".join(s.text for s in detail.diff if s.op is DiffOp.INSERT)
    assert "9:40" in inserted


def test_review_writes_and_announces_change(
    client: StoreClient, store: Store, qtbot: QtBot
) -> None:
    draft = submitted(store)
    done: list[object] = []
    client.action_done.connect(done.append)
    with qtbot.waitSignal(client.changed, timeout=1000):
        client.review(draft.id, Action.APPROVE, actor="ria", expected_version=draft.version)
    assert store.drafts.get(draft.id).state is State.APPROVED
    assert len(done) == 1


def test_refusals_and_conflicts_become_sentences(client: StoreClient, store: Store) -> None:
    draft = submitted(store)
    messages: list[str] = []
    changes: list[None] = []
    client.failed.connect(messages.append)
    client.changed.connect(lambda: changes.append(None))
    client.review(draft.id, Action.APPROVE, actor="ann", expected_version=draft.version)
    client.review(draft.id, Action.APPROVE, actor="ria", expected_version=draft.version - 1)
    client.load_draft(999, "ria")
    assert "four eyes" in messages[0]
    assert "changed by someone else" in messages[1]
    assert "no draft 999" in messages[2]
    assert changes == []


def test_unusable_database_is_one_sentence(tmp_path, qtbot: QtBot) -> None:
    from composer.ui.workers import InlineRunner

    url = f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"
    client = StoreClient(url, runner=InlineRunner())
    messages: list[str] = []
    client.failed.connect(messages.append)
    client.load_accounts()
    assert messages and "folder does not exist" in messages[0]


def test_real_worker_thread_owns_the_store(store: Store, db_url: str, qtbot: QtBot) -> None:
    draft = submitted(store)
    client = StoreClient(db_url, now=lambda: NOW)
    ui_thread = threading.get_ident()
    seen: list[int] = []
    original = client._open

    def spy_open() -> Store:
        seen.append(threading.get_ident())
        return original()

    client._open = spy_open  # type: ignore[method-assign]
    with qtbot.waitSignal(client.changed, timeout=5000):
        client.review(draft.id, Action.APPROVE, actor="ria", expected_version=draft.version)
    with qtbot.waitSignal(client.draft_loaded, timeout=5000) as blocker:
        client.load_draft(draft.id, "ria")
    client.close()
    assert blocker.args[0].draft.state is State.APPROVED
    assert seen and ui_thread not in seen
