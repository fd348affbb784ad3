"""The window, ``check``, ``draft submit``, the Drafts list, the review view, the export and the
queue agree on a draft's posts, findings and score (issue 14, items 5 and 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from test_cli_workflow import Cli

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog

from composer.core.assessment import spelling_of
from composer.core.guide import load_guide
from composer.core.threads import split_parts
from composer.services.workspace import GrammarSettings, load_workspace, save_grammar_settings
from composer.store.store import Store
from composer.ui.grammar_setup import make_grammar_worker
from composer.ui.main_window import MainWindow
from composer.ui.review.store_client import DraftDetail, DraftsPage, StoreClient
from composer.ui.settings_store import SettingsStore
from composer.ui.workers import InlineRunner

pytestmark = pytest.mark.usefixtures("gc_on_ui_thread")

HELP = "@NorthwindHelp"  # limit 140: the thread is over it as one post, each post fits
THREAD = (
    "Thanks for your patiance. We checked your order and a replacement pair is on its way, "
    "basically today.\n---\n"
    "Track it with the link in your email. Reply here if anything looks wrong!!"
)

Key = tuple[str, int, int]


def keys(findings: object) -> list[Key]:
    out = []
    for f in findings:  # type: ignore[attr-defined]
        if isinstance(f, dict):
            out.append((f["rule"], f["start"], f["end"]))
        else:
            out.append((f.rule, f.start, f.end))
    return sorted(out)


@pytest.fixture
def offline_cli(cli: Cli) -> Cli:
    """The example workspace with the offline spelling dictionary as its grammar service."""
    save_grammar_settings(cli.workspace, GrammarSettings(mode="offline"))
    return cli


def test_every_face_agrees_on_a_thread_with_a_spelling_mistake(
    qtbot: QtBot, offline_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = offline_cli
    ws = load_workspace(cli.workspace)
    guide = load_guide(ws.guide_path)

    # -- the window: per-post counter and checks, spelling from the offline service ---------
    settings = SettingsStore(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, ws, user="ann", grammar_worker=make_grammar_worker(ws))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.store_ready, timeout=10_000)
    handles = [a.handle for a in window.account_switcher.accounts]
    window.account_switcher.box.setCurrentIndex(handles.index(HELP))
    window.editor.setPlainText(THREAD)
    qtbot.waitUntil(
        lambda: (
            window.controller.report is not None
            and window.controller.report.text == THREAD
            and bool(spelling_of(window.controller.report.findings))
        ),
        timeout=15_000,
    )
    report = window.controller.report
    assert report is not None and report.score is not None
    view = window.counter_view
    assert view is not None and view.posts == 2 and view.remaining >= 0
    assert window.count_label.text().startswith("Post ")
    assert not report.has_errors  # as one post it would be 43 over the limit
    window_keys = keys(report.findings)
    assert ("Spelling.Offline", THREAD.index("patiance"), THREAD.index("patiance") + 8) in (
        window_keys
    )

    # -- submitted from the window (the warnings need a reason, as a person would give) -------
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("Known wording.", True))
    )
    session = window.draft_session
    assert session is not None
    qtbot.waitUntil(lambda: session.draft_id is not None and not session.dirty, timeout=10_000)
    draft_id = session.draft_id
    with qtbot.waitSignal(session.submitted, timeout=10_000):
        window.submit_action.trigger()
    window.close()

    # -- check: the same posts, findings and score -----------------------------------------
    path = tmp_path / "thread.txt"
    path.write_text(THREAD + "\n", encoding="utf-8")
    code, out, err = cli("check", "--account", HELP, "--format", "json", str(path))
    assert code == 0, err  # no error: each post is within the limit
    assert keys(json.loads(out)) == window_keys
    code, out, _err = cli("check", "--account", HELP, str(path))
    (cli_score,) = re.findall(r"brand score for @NorthwindHelp: ([\d.]+)/100", out)
    assert float(cli_score) == report.score

    # -- draft submit: the same posts and spelling, so the same findings and no refusal -----
    code, out, err = cli("draft", "new", "--account", HELP, "--text", THREAD, user="ann")
    assert code == 0, err
    cli_draft = int(out.strip())
    code, out, err = cli("draft", "submit", str(cli_draft), "--reason", "Known.", user="ann")
    assert code == 0, err
    with Store.open(ws.database_url) as store:
        stored_cli = store.drafts.get(cli_draft)
        stored_window = store.drafts.get(draft_id)
    assert keys(stored_cli.findings) == window_keys
    assert keys(stored_window.findings) == window_keys
    assert stored_window.state == "submitted"

    # -- the Drafts list and the review view ------------------------------------------------
    client = StoreClient(ws.database_url, runner=InlineRunner())
    client.set_guide(guide)
    pages: list[DraftsPage] = []
    details: list[DraftDetail] = []
    client.drafts_loaded.connect(pages.append)
    client.draft_loaded.connect(details.append)
    client.load_drafts(1)
    client.load_draft(draft_id, "rex")
    (row,) = [r for r in pages[0].rows if r.draft.id == draft_id]
    assert row.findings_count == len(window_keys)
    assert row.brand_score == report.score
    assert keys(details[0].draft.findings) == window_keys
    assert details[0].score == report.score
    client.close()

    # -- the export ------------------------------------------------------------------------
    code, out, err = cli("export", "--format", "json", "--state", "submitted", user="ann")
    assert code == 0, err
    exported = json.loads(out)
    assert [r["text"] for r in exported] == [THREAD, THREAD]
    for row in exported:  # the window's draft and the command line's
        assert keys(row["findings"]) == window_keys
        assert row["brand_score"] == report.score

    # -- review and queue: the approved thread goes out as the same posts --------------------
    code, _out, err = cli("review", "approve", str(draft_id), user="rex")
    assert code == 0, err
    with Store.open(ws.database_url) as store:
        queued = store.drafts.get(draft_id)
    assert queued.thread_parts == split_parts(THREAD)
    assert len(queued.thread_parts) == 2
