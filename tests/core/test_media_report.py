"""A report's media part, as the window's check controller builds it, and "ignore once" on it."""

from __future__ import annotations

from pathlib import Path

from helpers.media_files import item_of, png

from composer.core.assessment import assess, check_draft, with_findings, with_media
from composer.core.checker import Checker
from composer.core.findings import Finding, Level, Source, ignore_key, visible_findings
from composer.core.guide import load_guide
from composer.core.media_rules import post_media_findings

GUIDE = """\
brand: Acme
vocabulary:
  reject: [cheap]
accounts:
  - handle: "@Acme"
"""
TEXT = "Our new maps are in, teh best yet."


def typo(text: str, word: str) -> Finding:
    start = text.index(word)
    return Finding(
        "Spelling.Offline",
        Level.WARNING,
        f"Possible spelling mistake: '{word}'.",
        start,
        start + len(word),
        Source.GRAMMAR,
        (word[::-1],),
    )


def checker(tmp_path: Path) -> Checker:
    path = tmp_path / "guide.yml"
    path.write_text(GUIDE, encoding="utf-8")
    return Checker(load_guide(path))


def test_the_window_s_halves_make_the_report_assess_makes(tmp_path: Path) -> None:
    check = checker(tmp_path)
    alts = ("A red trail mapp", "", "A cheap grene map")
    items = [item_of(png(colour=(i, 2, 2)), alt) for i, alt in enumerate(alts)]
    spelling = [typo(TEXT, "teh")]
    alt_spelling = [[typo(alts[0], "mapp")], [], [typo(alts[2], "grene"), typo(alts[2], "cheap")]]
    whole = assess(check, TEXT, "@Acme", spelling=spelling, media=items, alt_spelling=alt_spelling)
    found = post_media_findings(check, items, "@Acme", spelling=alt_spelling)
    halves = with_media(with_findings(check_draft(check, TEXT, "@Acme"), spelling), items, found)
    assert halves == whole
    messages = [f.message for f in whole.findings]
    assert "alt text of picture 1: Possible spelling mistake: 'mapp'." in messages
    assert "picture 2 has no alt text: describe it for people who cannot see it" in messages
    assert whole.metrics["media"] == 3.0
    plain = with_findings(check_draft(check, TEXT, "@Acme"), spelling)
    assert whole.score is not None and plain.score is not None and whole.score < plain.score


def test_without_media_the_report_is_left_as_it_is(tmp_path: Path) -> None:
    report = check_draft(checker(tmp_path), TEXT, "@Acme")
    assert with_media(report, [], ()) is report


def test_ignoring_one_picture_s_finding_leaves_the_others_shown(tmp_path: Path) -> None:
    check = checker(tmp_path)
    alts = ("A red trail mapp", "A grene map")
    items = [item_of(png(colour=(i, 3, 3)), alt) for i, alt in enumerate(alts)]
    alt_spelling = [[typo(alts[0], "mapp")], [typo(alts[1], "grene")]]
    report = assess(check, TEXT, "@Acme", media=items, alt_spelling=alt_spelling)
    first, second = [f for f in report.findings if f.rule == "Spelling.Offline"]
    assert (first.start, first.end, second.start, second.end) == (0, 0, 0, 0)
    shown = visible_findings(report.findings, TEXT, {ignore_key(first, TEXT)})
    assert first not in shown
    assert second in shown
    # A finding on the post's words is still remembered by the words it flagged.
    post = typo(TEXT, "teh")
    assert ignore_key(post, TEXT) == ("Spelling.Offline", "teh")
