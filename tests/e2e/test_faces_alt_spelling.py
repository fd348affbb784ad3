"""The window and ``draft submit`` find the same in a draft's alt texts with the offline dictionary.

The same draft text and pictures with the same alt texts: the window (its grammar worker's
offline dictionary, the check controller's report) and the command line (``draft submit``)
find the same findings, score them the same, store the same, and refuse or accept alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers.media_files import item_of, png
from pytestqt.qtbot import QtBot
from test_cli_workflow import CLEAN_HELP, Cli

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog

from composer.core.findings import Finding, Source
from composer.core.guide import load_guide
from composer.core.workflow import State
from composer.services.workspace import GrammarSettings, load_workspace, save_grammar_settings
from composer.store.media import NewMedia
from composer.store.store import Store
from composer.ui.grammar_setup import make_grammar_worker
from composer.ui.main_window import MainWindow
from composer.ui.review.store_client import DraftDetail, StoreClient
from composer.ui.settings_store import SettingsStore
from composer.ui.workers import InlineRunner

pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")

HELP = "@NorthwindHelp"
RED = png(20, 10, (220, 30, 30))
BLUE = png(20, 10, (30, 30, 220))
TYPO_ALT = "A TrailPro jaket on a red trail map"  # TrailPro: the guide's accepted vocabulary
PLAIN_ALT = "A blue trail map"
EDITED = CLEAN_HELP + " Talk soon."
TYPO = "alt text of picture 1: Possible spelling mistake: 'jaket'."

REFUSED = 1  # a refused transition (docs/cli.md: exit codes)
Key = tuple[str, str, str, int, int]


def keys(findings: tuple[Finding, ...]) -> list[Key]:
    return sorted((f.rule, f.level.value, f.message, f.start, f.end) for f in findings)


def alt_grammar(findings: tuple[Finding, ...]) -> list[str]:
    return [f.message for f in findings if f.source is Source.GRAMMAR]


def cli_draft(cli: Cli, *alts: str) -> int:
    """A draft of ann's with the two pictures, made as the command line's drafts are."""
    code, out, err = cli("draft", "new", "--account", HELP, "--text", CLEAN_HELP, user="ann")
    assert code == 0, err
    draft_id = int(out.strip())
    with Store.open(load_workspace(cli.workspace).database_url) as store:
        record = store.drafts.get(draft_id)
        files = [RED, BLUE]
        store.media.save(
            draft_id,
            [NewMedia(item_of(files[i], alt), files[i]) for i, alt in enumerate(alts)],
            record.version,
            actor="ann",
            now=datetime.now(UTC),
        )
    return draft_id


def stored(cli: Cli, draft_id: int) -> tuple[State, tuple[Finding, ...]]:
    with Store.open(load_workspace(cli.workspace).database_url) as store:
        record = store.drafts.get(draft_id)
        return record.state, record.findings


def review_score(cli: Cli, draft_id: int) -> float | None:
    ws = load_workspace(cli.workspace)
    client = StoreClient(ws.database_url, runner=InlineRunner())
    details: list[DraftDetail] = []
    client.draft_loaded.connect(details.append)
    client.set_guide(load_guide(ws.guide_path))
    client.load_draft(draft_id, "rex")
    client.close()
    return details[0].score


@pytest.fixture
def window(qtbot: QtBot, cli: Cli, tmp_path: Path) -> MainWindow:
    ws = save_grammar_settings(cli.workspace, GrammarSettings(mode="offline"))
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ws, user="ann", grammar_worker=make_grammar_worker(ws))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready and window.checker is not None, timeout=10_000)
    handles = [a.handle for a in window.account_switcher.accounts]
    window.account_switcher.box.setCurrentIndex(handles.index(HELP))
    return window


def written_in_window(qtbot: QtBot, window: MainWindow, tmp_path: Path, *alts: str) -> int:
    """The draft typed in the composer: the text, the two pictures, their alt texts."""
    qtbot.keyClicks(window.editor, CLEAN_HELP)
    paths = []
    for name, data in (("red.png", RED), ("blue.png", BLUE)):
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(path)
    window.media_strip.add_files(paths)
    for card, alt in zip(window.media_strip.cards, alts, strict=True):
        if alt:
            qtbot.keyClicks(card.alt, alt)
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(
        lambda: session.draft_id is not None and not session.dirty and not session._inflight,
        timeout=15_000,
    )
    assert session.draft_id is not None
    return session.draft_id


def test_window_and_draft_submit_find_store_and_score_the_same(
    qtbot: QtBot, cli: Cli, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window_draft = written_in_window(qtbot, window, tmp_path, TYPO_ALT, PLAIN_ALT)
    qtbot.waitUntil(
        lambda: (
            window.controller.report is not None
            and TYPO in alt_grammar(window.controller.report.findings)
        ),
        timeout=10_000,
    )
    report = window.controller.report
    assert report is not None and report.score is not None
    assert alt_grammar(report.findings) == [TYPO]  # not TrailPro
    # The alt text's misspelling is a warning: the window asks why, as the command line
    # refuses it without --reason.
    asked: list[str] = []

    def reason(*_args: object, **_kwargs: object) -> tuple[str, bool]:
        asked.append("why")
        return "Known wording.", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(reason))
    session = window.draft_session
    assert session is not None
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        window.submit_action.trigger()
    assert asked == ["why"]

    draft_id = cli_draft(cli, TYPO_ALT, PLAIN_ALT)
    code, _out, err = cli("draft", "submit", str(draft_id), user="ann")
    assert code == REFUSED, err
    assert "1 warning-level finding(s) (Spelling.Offline) need a reason" in err
    code, _out, err = cli("draft", "submit", str(draft_id), "--reason", "Known.", user="ann")
    assert code == 0, err

    window_state, window_found = stored(cli, window_draft)
    cli_state, cli_found = stored(cli, draft_id)
    assert window_state is cli_state is State.SUBMITTED
    assert keys(window_found) == keys(cli_found) == keys(report.findings)
    assert TYPO in alt_grammar(cli_found)
    assert review_score(cli, window_draft) == review_score(cli, draft_id) == report.score


def test_a_draft_from_the_command_line_opened_in_the_window_finds_the_same(
    qtbot: QtBot, cli: Cli, window: MainWindow
) -> None:
    # The second picture has no alt text: an error, so neither face submits it.
    draft_id = cli_draft(cli, TYPO_ALT, "")
    code, out, err = cli("draft", "submit", str(draft_id), "--reason", "Known.", user="ann")
    assert code == 1, err
    assert f"draft {draft_id}:0:0:Composer.AltText:error: picture 2 has no alt text" in out
    # 'draft edit' stores what the command line finds in the draft, its alt texts included.
    code, out, err = cli("draft", "edit", str(draft_id), "--text", EDITED, user="ann")
    assert code == 0, err
    _state, cli_found = stored(cli, draft_id)
    assert TYPO in alt_grammar(cli_found)

    loop = window.draft_loop
    assert loop is not None
    loop.open(draft_id)
    qtbot.waitUntil(
        lambda: (
            window.editor.toPlainText() == EDITED
            and window.controller.report is not None
            and TYPO in alt_grammar(window.controller.report.findings)
        ),
        timeout=10_000,
    )
    report = window.controller.report
    assert report is not None
    assert keys(report.findings) == keys(cli_found)
    assert report.score == review_score(cli, draft_id)
    assert TYPO in window.media_strip.message.text()
    # The window refuses it too, for the same error.
    window.submit_action.trigger()
    assert window.banner.label.text() == "Fix the 1 error(s) before submitting: they block review."
    qtbot.wait(300)
    assert stored(cli, draft_id)[0] is State.DRAFT
