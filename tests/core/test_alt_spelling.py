"""The spelling service's findings on alt text join a draft's media findings, named by item."""

from __future__ import annotations

from pathlib import Path

from helpers.media_files import item_of, png

from composer.core.assessment import assess, spelling_of
from composer.core.checker import Checker
from composer.core.findings import Finding, Level, Source
from composer.core.guide import load_guide
from composer.core.media_rules import post_media_findings

GUIDE = """\
brand: Acme
vocabulary:
  reject: [cheap]
accounts:
  - handle: "@Acme"
"""
TEXT = "Our new maps are in."


def typo(text: str, word: str) -> Finding:
    start = text.index(word)
    return Finding(
        "Spelling.Offline",
        Level.WARNING,
        f"Possible spelling mistake: '{word}'.",
        start,
        start + len(word),
        Source.GRAMMAR,
    )


def checker(tmp_path: Path) -> Checker:
    path = tmp_path / "guide.yml"
    path.write_text(GUIDE, encoding="utf-8")
    return Checker(load_guide(path))


def test_each_alt_texts_spelling_is_named_and_spanless(tmp_path: Path) -> None:
    alts = ("A red trail mapp", "A blue map", "A grene map")
    items = [item_of(png(colour=(i, 1, 1)), alt) for i, alt in enumerate(alts)]
    spelling = [[typo(alts[0], "mapp")], [], [typo(alts[2], "grene")]]
    found = post_media_findings(checker(tmp_path), items, "@Acme", spelling=spelling)
    named = [(f.rule, f.message, f.start, f.end) for f in found if f.source is Source.GRAMMAR]
    assert named == [
        ("Spelling.Offline", "alt text of picture 1: Possible spelling mistake: 'mapp'.", 0, 0),
        ("Spelling.Offline", "alt text of picture 3: Possible spelling mistake: 'grene'.", 0, 0),
    ]


def test_a_word_the_guide_flags_is_not_also_a_misspelling(tmp_path: Path) -> None:
    alt = "A cheap map"
    items = [item_of(png(), alt)]
    found = post_media_findings(checker(tmp_path), items, "@Acme", spelling=[[typo(alt, "cheap")]])
    assert [f.rule for f in found] == ["Vale.Avoid"]


def test_assess_scores_them_and_a_stored_copy_gives_the_same_report(tmp_path: Path) -> None:
    """The review view assesses a stored draft with its stored spelling findings."""
    check = checker(tmp_path)
    alt = "A red trail mapp"
    items = [item_of(png(), alt)]
    fresh = assess(check, TEXT, "@Acme", media=items, alt_spelling=[[typo(alt, "mapp")]])
    without = assess(check, TEXT, "@Acme", media=items)
    assert len(fresh.findings) == len(without.findings) + 1
    assert fresh.score is not None and without.score is not None
    assert fresh.score < without.score
    replayed = assess(check, TEXT, "@Acme", spelling=spelling_of(fresh.findings), media=items)
    assert replayed.findings == fresh.findings
    assert replayed.score == fresh.score
