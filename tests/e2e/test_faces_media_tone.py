"""Tone reads a draft's media alike in ``draft submit``, the review view and the window's function.

Alt text is words the brand publishes: the example's house rules (no politics, no swearing)
apply to it, named by picture; the offline dictionary reads it too.
"""

from __future__ import annotations

from datetime import UTC, datetime

from helpers.media_files import item_of, png
from test_cli_workflow import CLEAN_HELP, Cli

from composer.core.checker import Checker
from composer.core.findings import Finding, Source
from composer.core.guide import load_guide
from composer.core.media_rules import post_media_findings
from composer.services.workspace import GrammarSettings, load_workspace, save_grammar_settings
from composer.store.media import NewMedia
from composer.store.store import Store
from composer.ui.review.store_client import DraftDetail, StoreClient
from composer.ui.workers import InlineRunner

HELP = "@NorthwindHelp"
RED = png(20, 10, (220, 30, 30))
BLUE = png(20, 10, (30, 30, 220))


def draft_with_media(cli: Cli, *alts: str) -> int:
    workspace = load_workspace(cli.workspace)
    now = datetime.now(UTC)
    with Store.open(workspace.database_url) as store:
        record = store.drafts.create(HELP, CLEAN_HELP, author="ann", findings=(), now=now)
        files = [RED, BLUE]
        store.media.save(
            record.id,
            [NewMedia(item_of(files[i], alt), files[i]) for i, alt in enumerate(alts)],
            record.version,
            actor="ann",
            now=now,
        )
    return record.id


def lines_of(findings: tuple[Finding, ...], draft_id: int, source: Source) -> list[str]:
    """Findings as ``draft submit`` prints them."""
    return [
        f"draft {draft_id}:0:0:{f.rule}:{f.level.value}: {f.message}"
        for f in findings
        if f.source is source
    ]


def review_findings(cli: Cli, draft_id: int) -> tuple[Finding, ...]:
    ws = load_workspace(cli.workspace)
    client = StoreClient(ws.database_url, runner=InlineRunner())
    client.set_guide(load_guide(ws.guide_path))
    details: list[DraftDetail] = []
    client.draft_loaded.connect(details.append)
    client.load_draft(draft_id, "rex")
    return details[0].draft.findings


def test_alt_text_tone_is_the_same_in_every_face(cli: Cli) -> None:
    draft_id = draft_with_media(cli, "Hikers at an election rally", "A damn fine trail map")
    code, out, err = cli("draft", "submit", str(draft_id), user="ann")
    assert code == 1, err  # the house rules are errors: the draft stays a draft
    expected = [
        f"draft {draft_id}:0:0:Tone.Topic:error: alt text of picture 1: Politics is a forbidden "
        f"topic on {HELP} (found: 'election')",
        f"draft {draft_id}:0:0:Tone.Profanity:error: alt text of picture 2: Profanity is not "
        f"allowed on {HELP} (found: 'damn' (maybe profane))",
    ]
    for line in expected:
        assert line in out
    # The window's media findings come from the same function as assess()'s.
    ws = load_workspace(cli.workspace)
    items = [item_of(RED, "Hikers at an election rally"), item_of(BLUE, "A damn fine trail map")]
    window = post_media_findings(Checker(load_guide(ws.guide_path)), items, HELP)
    assert sorted(lines_of(window, draft_id, Source.TONE)) == sorted(expected)
    # The review view assesses the stored draft with its media (sorted as a report is).
    review = lines_of(review_findings(cli, draft_id), draft_id, Source.TONE)
    assert sorted(review) == sorted(expected)


def test_the_offline_dictionary_reads_alt_text_on_submit_and_review_keeps_it(cli: Cli) -> None:
    save_grammar_settings(cli.workspace, GrammarSettings(mode="offline"))
    # "TrailPro" is the guide's accepted vocabulary: not a misspelling, in alt text either.
    draft_id = draft_with_media(cli, "A TrailPro jaket on a red trail map", "A blue trail map")
    code, out, err = cli("draft", "submit", str(draft_id), "--reason", "Known.", user="ann")
    assert code == 0, err
    typo = (
        f"draft {draft_id}:0:0:Spelling.Offline:warning: alt text of picture 1: Possible "
        "spelling mistake: 'jaket'."
    )
    assert out.strip() == f"draft {draft_id} submitted for review"
    with Store.open(load_workspace(cli.workspace).database_url) as store:
        stored = store.drafts.get(draft_id).findings
    assert lines_of(stored, draft_id, Source.GRAMMAR) == [typo]  # not 'TrailPro'
    # Stored with the submitted version, so the review view shows the same finding.
    review = lines_of(review_findings(cli, draft_id), draft_id, Source.GRAMMAR)
    assert review == [typo]
