"""The command line sees a draft's media: alt text findings refuse ``draft submit``; ``show``."""

from __future__ import annotations

from datetime import UTC, datetime

from helpers.media_files import item_of, png
from test_cli_workflow import CLEAN_HELP, Cli

from composer.services.workspace import resolve_workspace
from composer.store.media import NewMedia
from composer.store.store import Store

RED = png(20, 10, (220, 30, 30))
BLUE = png(20, 10, (30, 30, 220))


def draft_with_media(cli: Cli, *alts: str) -> int:
    workspace = resolve_workspace(cli.workspace)
    now = datetime.now(UTC)
    with Store.open(workspace.database_url) as store:
        record = store.drafts.create(
            "@NorthwindHelp", CLEAN_HELP, author="ann", findings=(), now=now
        )
        files = [RED, BLUE]
        store.media.save(
            record.id,
            [NewMedia(item_of(files[i], alt), files[i]) for i, alt in enumerate(alts)],
            record.version,
            actor="ann",
            now=now,
        )
    return record.id


def test_submit_is_refused_while_a_picture_has_no_alt_text(cli: Cli) -> None:
    draft_id = draft_with_media(cli, "A red trail map", "")
    code, out, err = cli("draft", "submit", str(draft_id), user="ann")
    assert code == 1, err
    assert (
        f"draft {draft_id}:0:0:Composer.AltText:error: picture 2 has no alt text: describe it "
        "for people who cannot see it\n"
    ) in out
    assert "1 error-level finding(s) remain" in err


def test_alt_text_is_checked_with_the_vocabulary_and_named(cli: Cli) -> None:
    # "cheap" is rejected by the example guide's vocabulary, in alt text as in the post.
    draft_id = draft_with_media(cli, "A cheap red trail map", "A blue map")
    code, out, _err = cli("draft", "submit", str(draft_id), user="ann")
    assert code == 1
    assert "Vale.Avoid:error: alt text of picture 1: Avoid using 'cheap'." in out


def test_a_described_draft_is_submitted_and_show_lists_its_media(cli: Cli) -> None:
    draft_id = draft_with_media(cli, "A red trail map", "A blue trail map")
    code, _out, err = cli("draft", "submit", str(draft_id), user="ann")
    assert code == 0, err
    shown = cli.json("draft", "show", str(draft_id))
    assert [(m["kind"], m["alt_text"]) for m in shown["media"]] == [  # type: ignore[index]
        ("image", "A red trail map"),
        ("image", "A blue trail map"),
    ]
    code, out, _ = cli("draft", "show", str(draft_id))
    assert code == 0
    assert f"image 1 (image/png, {len(RED):,} bytes): A red trail map\n" in out
