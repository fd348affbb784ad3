"""Adding a brand term to the guide's vocabulary keeps the file's comments and layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from composer.core.findings import Finding, Level, Source
from composer.core.guide.loader import load_guide
from composer.core.vocabulary import accept_pattern, vocabulary_term
from composer.services.guide_file import GuideWriteError
from composer.services.vocabulary_file import add_accepted

GUIDE = """\
# Northwind's guide: keep this comment
brand: Northwind
vocabulary:
  accept: [TrailPro]   # brand terms, exact case
accounts:
  - handle: "@Help"    # support
    limit: 280
"""


def test_yaml_guide_gains_the_term_and_keeps_its_comments(tmp_path: Path) -> None:
    guide = tmp_path / "guide.yml"
    guide.write_text(GUIDE, encoding="utf-8")
    assert add_accepted(guide, "Trailblazr") == guide
    text = guide.read_text(encoding="utf-8")
    assert "# Northwind's guide: keep this comment" in text
    assert "# brand terms, exact case" in text and "# support" in text
    assert "accept: [TrailPro, Trailblazr]" in text
    assert "Trailblazr" in load_guide(guide).vocabulary.accept
    add_accepted(guide, "Trailblazr")  # twice: once in the file
    assert guide.read_text(encoding="utf-8") == text


def test_a_guide_without_vocabulary_gets_one(tmp_path: Path) -> None:
    guide = tmp_path / "guide.yml"
    guide.write_text("brand: B  # mine\naccounts:\n  - handle: '@A'\n", encoding="utf-8")
    add_accepted(guide, "C++")
    text = guide.read_text(encoding="utf-8")
    assert "# mine" in text and "C\\+\\+" in text
    assert load_guide(guide).vocabulary.accept == (accept_pattern("C++"),)


def test_vale_ini_appends_a_line_to_accept_txt(tmp_path: Path) -> None:
    ini = tmp_path / ".vale.ini"
    ini.write_text("StylesPath = styles\nVocab = Brand\n\n[*]\nBasedOnStyles = Vale\n")
    accept = tmp_path / "styles" / "config" / "vocabularies" / "Brand" / "accept.txt"
    accept.parent.mkdir(parents=True)
    accept.write_text("# our words\nTrailPro")  # no newline at the end
    assert add_accepted(ini, "Trailblazr") == accept
    assert accept.read_text() == "# our words\nTrailPro\nTrailblazr\n"
    add_accepted(ini, "Trailblazr")
    assert accept.read_text().count("Trailblazr") == 1


def test_vale_ini_without_vocab_says_so(tmp_path: Path) -> None:
    ini = tmp_path / ".vale.ini"
    ini.write_text("StylesPath = styles\n[*]\nBasedOnStyles = Vale\n")
    with pytest.raises(GuideWriteError, match="names no Vocab"):
        add_accepted(ini, "Trailblazr")


def _finding(rule: str, source: Source, start: int, end: int) -> Finding:
    return Finding(rule=rule, level=Level.WARNING, message="m", start=start, end=end, source=source)


@pytest.mark.parametrize(
    ("rule", "source", "span", "term"),
    [
        ("Spelling.Offline", Source.GRAMMAR, (4, 14), "Trailblazr"),
        ("MORFOLOGIK_RULE_EN_US", Source.GRAMMAR, (4, 14), "Trailblazr"),
        ("Vale.Terms", Source.STYLE, (4, 14), "Trailblazr"),
        ("Northwind.Hype", Source.STYLE, (4, 14), None),  # a style rule: the guide's intent
        ("Spelling.Offline", Source.GRAMMAR, (0, 14), None),  # more than one word
    ],
)
def test_which_findings_offer_a_term(
    rule: str, source: Source, span: tuple[int, int], term: str | None
) -> None:
    assert vocabulary_term(_finding(rule, source, *span), "Our Trailblazr boots") == term
