"""Media in the composer window, end to end: attach two images with alt text, reorder, remove,
submit; a reviewer approves; the post goes to the queue and out to the fake X with them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers.fake_x_api import running_fake_x_api
from helpers.media_files import png
from pytestqt.qtbot import QtBot

from composer.core.guide import load_guide
from composer.core.workflow import Action, Role, State
from composer.services.publisher import Publisher
from composer.services.publishing import PublishRun
from composer.services.secrets import XCredentials
from composer.services.workspace import Workspace, init_workspace
from composer.store.records import account_specs
from composer.store.store import Store
from composer.ui.main_window import MainWindow
from composer.ui.settings_store import SettingsStore

TEXT = "Our trail maps are out: pick yours at the store today."
RED = png(64, 48, (200, 40, 40))
BLUE = png(64, 48, (40, 40, 200))
GREEN = png(64, 48, (40, 160, 40))
CREDS = XCredentials("ck-ui-1", "cs-ui-2", "at-ui-3", "ats-ui-4")


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = init_workspace(tmp_path / "ws", example=True)
    with Store.open(ws.database_url) as store:
        now = datetime.now(UTC)
        store.accounts.sync(account_specs(load_guide(ws.guide_path)), now=now)
        store.users.add("alice", [Role.ADMIN, Role.AUTHOR], actor="alice", now=now)
        store.users.add("bob", [Role.REVIEWER], actor="alice", now=now)
    return ws


def pictures(tmp_path: Path) -> list[Path]:
    paths = []
    for name, data in (("red.png", RED), ("blue.png", BLUE), ("green.png", GREEN)):
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def stored_media(ws: Workspace, draft_id: int) -> list[tuple[str, str]]:
    with Store.open(ws.database_url) as store:
        return [(i.mime, i.alt_text) for i in store.media.of(draft_id)]


def test_two_images_with_alt_text_from_composer_to_a_published_post(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace, tmp_path: Path
) -> None:
    window = MainWindow(settings_store, workspace, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    session = window.draft_session
    assert session is not None
    qtbot.keyClicks(window.editor, TEXT)
    strip = window.media_strip
    strip.add_files(pictures(tmp_path))
    assert len(strip.cards) == 3
    strip.cards[2].remove.click()  # green goes
    strip.cards[0].right.click()  # red after blue
    qtbot.keyClicks(strip.cards[0].alt, "A blue trail map")
    qtbot.keyClicks(strip.cards[1].alt, "A red trail map")
    qtbot.waitUntil(
        lambda: (
            session.draft_id is not None
            and not session._inflight
            and stored_media(workspace, session.draft_id)
            == [("image/png", "A blue trail map"), ("image/png", "A red trail map")]
        ),
        timeout=15_000,
    )
    draft_id = session.draft_id
    assert draft_id is not None
    session.submit("")
    with Store.open(workspace.database_url) as store:
        qtbot.waitUntil(lambda: store.drafts.get(draft_id).state is State.SUBMITTED, timeout=10_000)
        d = store.drafts.get(draft_id)
        now = datetime.now(UTC)
        d = store.drafts.review(
            d.id,
            Action.APPROVE,
            actor="bob",
            expected_version=d.version,
            now=now,
            text_version=d.text_version,
        )
        if d.state is not State.QUEUED:
            schedule = load_guide(workspace.guide_path).account(d.account).schedule
            assert schedule is not None
            store.queue.enqueue(d.id, actor="system", schedule=schedule, now=now)
        with running_fake_x_api() as api:
            run = PublishRun(
                store,
                credentials_for=lambda _h: CREDS,
                sender_factory=lambda _a, c: Publisher(
                    api.url, c, timeout=2, sleep=lambda _s: None
                ),  # type: ignore[arg-type]
                clock=lambda: datetime.now(UTC),
            )
            results = run.run(at=datetime.now(UTC) + timedelta(days=30))
            assert [r.state for r in results] == ["published"]
            (post,) = api.posts
            assert post.sent == TEXT
            uploads = [api.media.uploads[k.split("_", 1)[1]] for k in post.media_keys]
            assert [(u.data(), u.alt_text) for u in uploads] == [
                (BLUE, "A blue trail map"),
                (RED, "A red trail map"),
            ]
        assert store.drafts.get(draft_id).state is State.PUBLISHED


def test_a_picture_without_alt_text_is_named_and_blocks_submitting(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace, tmp_path: Path
) -> None:
    window = MainWindow(settings_store, workspace, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready and window.checker is not None, timeout=10_000)
    session = window.draft_session
    assert session is not None
    qtbot.keyClicks(window.editor, TEXT)
    window.media_strip.add_files(pictures(tmp_path)[:1])
    assert window.media_strip.message.text() == (
        "picture 1 has no alt text: describe it for people who cannot see it"
    )
    qtbot.waitUntil(
        lambda: (
            session.draft_id is not None
            and not session._inflight
            and stored_media(workspace, session.draft_id) == [("image/png", "")]
        ),
        timeout=15_000,
    )
    draft_id = session.draft_id
    session.submit("")
    qtbot.wait(500)
    with Store.open(workspace.database_url) as store:
        assert store.drafts.get(draft_id).state is State.DRAFT  # the error finding blocks it
    qtbot.keyClicks(window.media_strip.cards[0].alt, "A red trail map")
    assert not window.media_strip.message.isVisible()


def test_alt_text_is_read_with_the_guides_vocabulary(
    qtbot: QtBot, settings_store: SettingsStore, workspace: Workspace, tmp_path: Path
) -> None:
    window = MainWindow(settings_store, workspace, user="alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready and window.checker is not None, timeout=10_000)
    window.media_strip.add_files(pictures(tmp_path)[:1])
    qtbot.keyClicks(window.media_strip.cards[0].alt, "Our Trailpro boots on a rock")
    notes = window.media_strip.message.text()
    assert notes.startswith("alt text of picture 1: ") and "TrailPro" in notes
    _text, _account, findings = window._draft_source()
    assert [(f.start, f.end) for f in findings if f.message.startswith("alt text of")] == [(0, 0)]
