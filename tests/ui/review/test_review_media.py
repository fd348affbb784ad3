"""Reviewers see a draft's media and alt text; the composer's saves carry media with the text."""

from __future__ import annotations

from pathlib import Path

from helpers.media_files import item_of, png
from pytestqt.qtbot import QtBot
from review_seed import T0

from composer.core.guide import load_guide
from composer.core.workflow import Action, State
from composer.services.media_files import LoadedMedia
from composer.store.media import NewMedia
from composer.store.store import Store
from composer.ui.review.draft_view import DraftView
from composer.ui.review.store_client import StoreClient

RED = png(40, 30, (220, 30, 30))
BLUE = png(40, 30, (30, 30, 220))


def test_the_review_view_shows_the_media_and_alt_text(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    d = store.drafts.create("@Help", "Our new maps", author="ann", findings=(), now=T0)
    d = store.media.save(
        d.id,
        [NewMedia(item_of(RED, "Red trail map"), RED), NewMedia(item_of(BLUE, ""), BLUE)],
        d.version,
        actor="ann",
        now=T0,
    )
    store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    view = DraftView(client, "rex")
    qtbot.addWidget(view)
    view.show()
    view.show_draft(d.id)
    assert view.media.isVisible()
    cards = view.media.cards
    assert [c.alt_label.text() for c in cards] == ["Red trail map", "(no alt text)"]
    assert not cards[0].thumb.pixmap().isNull()
    assert [m.data for m in view.media.media()] == [RED, BLUE]


def test_a_draft_without_media_shows_no_strip(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    d = store.drafts.create("@Help", "Just words", author="ann", findings=(), now=T0)
    view = DraftView(client, "rex")
    qtbot.addWidget(view)
    view.show()
    view.show_draft(d.id)
    assert not view.media.isVisible()


def test_a_save_with_media_stores_text_and_media_together(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    media = (LoadedMedia(item_of(RED, "red"), RED),)
    with qtbot.waitSignal(client.draft_saved) as saved:
        client.save_draft(
            None,
            "@Help",
            "New with a picture",
            actor="ann",
            expected_version=0,
            findings=(),
            media=media,
        )
    record = saved.args[0]
    assert record.text == "New with a picture"
    assert [(i.sha256, i.alt_text) for i in store.media.of(record.id)] == [
        (media[0].item.sha256, "red")
    ]
    with qtbot.waitSignal(client.media_loaded) as loaded:
        client.load_media(record.id)
    assert loaded.args[0] == record.id and loaded.args[1] == media


def test_approved_then_media_changed_in_the_composer_goes_back_to_review(
    qtbot: QtBot, client: StoreClient, store: Store
) -> None:
    d = store.drafts.create("@Help", "Pictures", author="ann", findings=(), now=T0)
    d = store.media.save(d.id, [NewMedia(item_of(RED, "red"), RED)], d.version, actor="ann", now=T0)
    d = store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    d = store.drafts.review(
        d.id,
        Action.APPROVE,
        actor="rex",
        expected_version=d.version,
        now=T0,
        text_version=d.text_version,
    )
    assert d.state is State.APPROVED
    with qtbot.waitSignal(client.draft_saved) as saved:
        client.save_draft(
            d.id,
            "@Help",
            "Pictures",
            actor="ann",
            expected_version=d.version,
            findings=(),
            media=(LoadedMedia(item_of(RED, "a red square")),),
        )
    assert saved.args[0].state is State.SUBMITTED


def test_the_review_view_lists_the_media_findings(
    qtbot: QtBot, client: StoreClient, store: Store, tmp_path: Path
) -> None:
    guide = tmp_path / "guide.yml"
    guide.write_text(
        'brand: Acme\nvocabulary: {reject: [cheap]}\naccounts: [{handle: "@Help"}]\n',
        encoding="utf-8",
    )
    client.set_guide(load_guide(guide))
    d = store.drafts.create("@Help", "Our new maps", author="ann", findings=(), now=T0)
    d = store.media.save(
        d.id,
        [NewMedia(item_of(RED, "A cheap map"), RED), NewMedia(item_of(BLUE, ""), BLUE)],
        d.version,
        actor="ann",
        now=T0,
    )
    store.drafts.submit(d.id, actor="ann", expected_version=d.version, findings=(), now=T0)
    view = DraftView(client, "rex")
    qtbot.addWidget(view)
    view.show_draft(d.id)
    model = view.findings_model
    shown = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert shown == [
        "Error: picture 2 has no alt text: describe it for people who cannot see it",
        "Error: alt text of picture 1: Avoid using 'cheap'.",
    ]
