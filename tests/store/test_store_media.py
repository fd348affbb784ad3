"""A draft's media: saved with it, read back in order, kept once by content, counted against
the workspace's limit; a change after approval sends the draft back to review, and the
approval hash covers the files and alt texts (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from helpers.media_files import item_of, png
from store_seed import T0

from composer.core.approval import approval_hash, publication_mismatch
from composer.core.errors import TransitionError
from composer.core.media import MediaError
from composer.core.workflow import Action, State
from composer.store.media import NewMedia
from composer.store.records import DraftRecord
from composer.store.store import Store

RED = png(colour=(220, 30, 30))
BLUE = png(colour=(30, 30, 220))


def new(data: bytes, alt: str = "") -> NewMedia:
    return NewMedia(item_of(data, alt), data)


def approved(store: Store, media: list[NewMedia]) -> DraftRecord:
    d = store.drafts.create("@Help", "Our new look", author="ann", findings=(), now=T0)
    d = store.media.save(d.id, media, d.version, actor="ann", now=T0)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    return store.drafts.review(
        d.id,
        Action.APPROVE,
        actor="rex",
        expected_version=d.version,
        now=T0,
        text_version=d.text_version,
    )


def test_media_round_trip_in_order_with_alt_text(store: Store) -> None:
    d = store.drafts.create("@Help", "Two pictures", author="ann", findings=(), now=T0)
    saved = store.media.save(
        d.id, [new(RED, "A red square"), new(BLUE, "A blue square")], d.version, actor="ann", now=T0
    )
    assert saved.version == d.version + 1
    items = store.media.of(d.id)
    assert [(i.mime, i.alt_text) for i in items] == [
        ("image/png", "A red square"),
        ("image/png", "A blue square"),
    ]
    assert store.media.blob(items[0].sha256) == RED
    assert store.media.usage() == len(RED) + len(BLUE)
    # Reordered: the files are not sent again (no bytes), only their addresses.
    reordered = store.media.save(
        d.id,
        [NewMedia(items[1]), NewMedia(items[0])],
        saved.version,
        actor="ann",
        now=T0,
    )
    assert [i.alt_text for i in store.media.of(d.id)] == ["A blue square", "A red square"]
    # The same media again change nothing (no new row version).
    same = store.media.save(
        d.id, [NewMedia(items[1]), NewMedia(items[0])], reordered.version, actor="ann", now=T0
    )
    assert same.version == reordered.version


def test_a_file_used_twice_is_kept_once_and_removed_when_unused(store: Store) -> None:
    a = store.drafts.create("@Help", "One", author="ann", findings=(), now=T0)
    b = store.drafts.create("@Help", "Two", author="ann", findings=(), now=T0)
    a = store.media.save(a.id, [new(RED, "red")], a.version, actor="ann", now=T0)
    b = store.media.save(b.id, [new(RED, "also red")], b.version, actor="ann", now=T0)
    assert store.media.usage() == len(RED)
    a = store.media.save(a.id, [], a.version, actor="ann", now=T0)
    assert store.media.usage() == len(RED)  # b still uses it
    store.media.save(b.id, [], b.version, actor="ann", now=T0)
    assert store.media.usage() == 0


def test_the_workspace_limit_refuses_new_files_with_a_clear_message(store: Store) -> None:
    store.media.set_limit(len(RED) + 10, actor="boss", now=T0)
    d = store.drafts.create("@Help", "Pictures", author="ann", findings=(), now=T0)
    d = store.media.save(d.id, [new(RED)], d.version, actor="ann", now=T0)
    with pytest.raises(MediaError, match=r"^the workspace's media would take .* over its limit"):
        store.media.save(d.id, [new(RED), new(BLUE)], d.version, actor="ann", now=T0)
    assert len(store.media.of(d.id)) == 1 and store.media.usage() == len(RED)
    store.media.set_limit(None, actor="boss", now=T0)
    store.media.save(d.id, [new(RED), new(BLUE)], d.version, actor="ann", now=T0)
    assert len(store.media.of(d.id)) == 2


def test_sets_x_would_refuse_and_bytes_that_are_not_the_item_are_not_saved(store: Store) -> None:
    d = store.drafts.create("@Help", "Pictures", author="ann", findings=(), now=T0)
    five = [new(png(colour=(i, 0, 0))) for i in range(5)]
    with pytest.raises(MediaError, match="5 images"):
        store.media.save(d.id, five, d.version, actor="ann", now=T0)
    with pytest.raises(MediaError, match="changed while it was being saved"):
        store.media.save(d.id, [NewMedia(item_of(RED), BLUE)], d.version, actor="ann", now=T0)
    with pytest.raises(MediaError, match="attach it again"):
        store.media.save(d.id, [NewMedia(item_of(RED))], d.version, actor="ann", now=T0)
    assert store.media.of(d.id) == [] and store.media.usage() == 0


def test_the_approval_covers_the_files_and_alt_texts(store: Store) -> None:
    d = approved(store, [new(RED, "red"), new(BLUE, "blue")])
    assert d.state is State.APPROVED
    media = store.media.of(d.id)
    assert d.approved_hash == approval_hash("Our new look", None, media)
    assert d.approved_hash != approval_hash("Our new look", None)
    assert (
        publication_mismatch(
            text=d.text, parts=d.parts, in_reply_to=None, approved_hash=d.approved_hash, media=media
        )
        is None
    )
    swapped = [media[1], media[0]]
    assert publication_mismatch(
        text=d.text, parts=d.parts, in_reply_to=None, approved_hash=d.approved_hash, media=swapped
    ) == (
        "what it would send (its text, parts, reply target, media or alt text) is not what "
        "was approved"
    )


@pytest.mark.parametrize("change", ["alt text", "order", "file"])
def test_changing_media_after_approval_returns_the_draft_to_review(
    store: Store, change: str
) -> None:
    d = approved(store, [new(RED, "red"), new(BLUE, "blue")])
    red, blue = store.media.of(d.id)
    changed = {
        "alt text": [NewMedia(red), NewMedia(replace(blue, alt_text="Blue"))],
        "order": [NewMedia(blue), NewMedia(red)],
        "file": [NewMedia(red), new(png(colour=(0, 200, 0)), "green")],
    }[change]
    after = store.media.save(d.id, changed, d.version, actor="ann", now=T0 + timedelta(minutes=1))
    assert after.state is State.SUBMITTED
    assert after.approved_hash is None and after.approved_text_version is None
    assert after.text_version == d.text_version + 1  # reviewers decide on a new version
    last = store.audit.list(draft_id=d.id)[-1]
    assert last.action == "edit" and last.detail == (
        "edited after approval; back to review; media changed (2 attached)"
    )


def test_media_of_a_deleted_draft_cannot_change(store: Store) -> None:
    d = store.drafts.create("@Help", "Gone", author="ann", findings=(), now=T0)
    d = store.drafts.transition(
        d.id, Action.DELETE, actor="ann", expected_version=d.version, now=T0
    )
    with pytest.raises(TransitionError):
        store.media.save(d.id, [new(RED)], d.version, actor="ann", now=T0)


def test_uploads_are_recorded_per_item_and_kept_across_a_reorder(store: Store) -> None:
    d = store.drafts.create("@Help", "Two", author="ann", findings=(), now=T0)
    d = store.media.save(d.id, [new(RED, "red"), new(BLUE, "blue")], d.version, actor="ann", now=T0)
    red, blue = store.media.of(d.id)
    store.media.record_upload(
        d.id, 0, red.sha256, media_id="111", expires_at=T0 + timedelta(days=1), alt_done=True
    )
    store.media.save(d.id, [NewMedia(blue), NewMedia(red)], d.version, actor="ann", now=T0)
    uploads = store.media.uploads(d.id)
    assert [(u.item.sha256, u.media_id, u.alt_done) for u in uploads] == [
        (blue.sha256, None, False),
        (red.sha256, "111", True),
    ]
    # A record for an item no longer at that place is dropped.
    store.media.record_upload(d.id, 0, red.sha256, media_id="999", expires_at=None, alt_done=False)
    assert store.media.uploads(d.id)[0].media_id is None
