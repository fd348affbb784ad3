"""Vale's ``readability`` and ``spelling`` rules, and the options refused with a located message.

Fixtures: tests/data/vale (Vale's own rule files and texts, origin in its README) and a small
Hunspell dictionary written for these tests.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from composer.core.checker import Checker
from composer.core.findings import Finding, Level
from composer.core.guide import load_guide
from composer.core.guide.vale import StyleLoad, load_rule_file
from composer.core.rules import RuleContext, RuleDataError, SkippedRule, build_rule
from composer.core.rules.base import CompiledRule, accepted_pattern
from composer.core.rules.metric import measure
from composer.core.rules.readability import METRICS

DATA = Path(__file__).resolve().parents[1] / "data" / "vale"
STYLES = DATA / "styles"
INTRO = (DATA / "flesch-intro.txt").read_text(encoding="utf-8")


def compiled(style: str, name: str, styles: Path = STYLES) -> CompiledRule:
    out = StyleLoad()
    load_rule_file(styles / style / f"{name}.yml", style, f"{style}/{name}.yml", out)
    assert out.problems == [] and out.notices == []
    (rule,) = out.rules
    return rule.compile()


def run(rule: CompiledRule, text: str, accept: tuple[str, ...] = ()) -> list[Finding]:
    return rule.run(RuleContext(text, accepted=accepted_pattern(accept)))


def words(findings: list[Finding], text: str) -> list[str]:
    return [text[f.start : f.end] for f in findings]


def value_in(message: str) -> float:
    match = re.search(r"-?\d+\.\d\d", message)
    assert match, message
    return float(match.group())


# --- readability ---------------------------------------------------------------------------

VALE_METRIC_FILES = {
    "Flesch-Kincaid": "FleschKincaid",
    "Gunning Fog": "GunningFog",
    "Coleman-Liau": "ColemanLiau",
    "SMOG": "SMOG",
    "Automated Readability": "AutomatedReadability",
}


@pytest.mark.parametrize("metric", list(METRICS))
def test_each_metric_gives_vale_metric_rules_value(metric: str) -> None:
    """A readability rule's grade equals the value of Vale's metric rule for that index."""
    mine = build_rule(
        "T.Grade", {"extends": "readability", "message": "%s", "metrics": [metric], "grade": -99}
    ).compile()
    (finding,) = run(mine, INTRO)
    vale_rule = compiled("Readability", VALE_METRIC_FILES[metric])
    vale_findings = run(vale_rule, INTRO)
    # Vale's rules flag only above their thresholds: read the value whatever they decide.
    reference = vale_rule.formula(measure(INTRO))  # type: ignore[attr-defined]
    assert finding.message == f"{reference:.2f}"
    if vale_findings:
        assert value_in(vale_findings[0].message) == value_in(finding.message)
    assert (finding.start, finding.end) == (0, len(INTRO.rstrip()))


def test_grade_by_hand() -> None:
    """6 words, 2 sentences, 6 syllables: Flesch-Kincaid 0.39*3 + 11.8*1 - 15.59 = -2.62."""
    text = "The cat sat. The dog ran."
    data = {"extends": "readability", "message": "Grade %s", "metrics": ["Flesch-Kincaid"]}
    (hit,) = run(build_rule("T.G", {**data, "grade": -3}).compile(), text)
    assert hit.message == "Grade -2.62"
    assert run(build_rule("T.G", {**data, "grade": -2}).compile(), text) == []


def test_several_metrics_are_averaged_and_the_level_kept() -> None:
    rule = compiled("Brand", "Grade")  # Flesch-Kincaid and Gunning Fog, grade 6, warning
    (hit,) = run(rule, INTRO)
    assert hit.level is Level.WARNING
    singles = []
    for metric in ("Flesch-Kincaid", "Gunning Fog"):
        one = build_rule(
            "T.One", {"extends": "readability", "message": "%s", "metrics": [metric], "grade": -99}
        ).compile()
        singles.append(float(run(one, INTRO)[0].message))
    assert value_in(hit.message) == pytest.approx(sum(singles) / 2, abs=0.006)
    assert hit.message.startswith("Grade ") and hit.message.endswith(
        ": write for a wider audience."
    )
    assert run(rule, "We ship boots. You hike far.") == []


def test_vale_demo_reading_rule_fires_on_its_fixture() -> None:
    rule = compiled("demo", "Reading")  # grade 7, Flesch-Kincaid
    (hit,) = run(rule, INTRO)
    assert hit.message == f"Grade level ({value_in(hit.message):.2f}) too high!"
    assert value_in(hit.message) > 7


def test_readability_per_sentence_scope() -> None:
    rule = build_rule(
        "T.S",
        {
            "extends": "readability",
            "message": "%s",
            "metrics": ["Automated Readability"],
            "grade": 8,
            "scope": "sentence",
        },
    ).compile()
    text = "Go now. Institutional interoperability considerations necessitate comprehensive reevaluation."
    (hit,) = run(rule, text)
    assert text[hit.start : hit.end].startswith("Institutional")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"metrics": ["Flesch"], "grade": 8}, "unknown metric 'Flesch'"),
        ({"metrics": [], "grade": 8}, "name at least one metric"),
        ({"metrics": ["SMOG"]}, "a readability rule needs 'grade'"),
        ({"grade": 8}, "a readability rule needs 'metrics'"),
        ({"metrics": ["SMOG"], "grade": "high"}, "grade: expected a number"),
    ],
)
def test_readability_options_refused_with_their_key(extra: dict, message: str) -> None:
    with pytest.raises(RuleDataError) as err:
        build_rule("T.R", {"extends": "readability", "message": "x", **extra})
    assert any(message in text for _, text in err.value.problems)


# --- spelling -------------------------------------------------------------------------------


def test_custom_dictionary_alone() -> None:
    rule = compiled("Brand", "Words")  # custom: true, dicpath dicts, dictionaries [brand]
    text = "Northwind widgets and TrailPros for the trail"
    found = run(rule, text)
    # The affix file's S suffix makes widgets and TrailPros; 'and', 'for', 'the' are not in it.
    assert words(found, text) == ["and", "for", "the", "trail"]
    assert found[0].message == "'and' is not a brand word."


def test_custom_dictionary_appended_to_english_with_an_ignore_file() -> None:
    rule = compiled("Brand", "WordsAndEnglish")
    text = "Our TrailPros recieve nginx and Nginx settings, colour-coded, 3rd gfm."
    found = run(rule, text)
    # Default filters: 'colour-coded' (hyphenated) and '3rd' (digit) are skipped; nginx is in
    # the ignore file (its capitalised form too); 'gfm' is unknown, as in Vale's fixture.
    assert words(found, text) == ["recieve", "gfm"]
    assert found[0].message == "Did you really mean 'recieve'?"


def test_ignore_files_from_the_styles_path() -> None:
    rule = compiled("Spelling", "Ignores")  # Vale's own: custom, two ignore files
    text = "Use httpie or nginx from the cli, or curll."
    assert words(run(rule, text), text) == ["curll"]


def test_vale_demo_filters_check_only_capitals() -> None:
    rule = compiled("demo", "Filters")  # custom: true, filters: ['[a-z]+']
    text = (DATA / "mhs.txt").read_text(encoding="utf-8").strip() + " NASA agrees."
    assert words(run(rule, text), text) == ["MHS", "MHS"]


def test_default_dictionary_vocabulary_links_and_other_scripts() -> None:
    rule = compiled("Brand", "Default")
    text = "Teh Northwind maps at https://northwnd.example/mapz オプション @northwnd"
    assert words(run(rule, text), text) == ["Teh", "Northwind"]
    assert words(run(rule, text, accept=("Northwind",)), text) == ["Teh"]


def test_spelling_rules_in_a_guide_run_in_checks(tmp_path: Path) -> None:
    guide = tmp_path / "guide.yml"
    guide.write_text(
        f"brand: Northwind\nstyles: [{STYLES / 'Brand'}]\nvocabulary: {{accept: [Northwind]}}\n",
        encoding="utf-8",
    )
    report = Checker(load_guide(guide)).check("Northwind boots recieve praise.")
    rules = {f.rule for f in report.findings if "recieve" in f.message}
    assert {"Brand.Default", "Brand.WordsAndEnglish"} <= rules


@pytest.mark.skipif(
    not Path("/usr/share/hunspell/en_US.dic").is_file(), reason="hunspell-en-us not installed"
)
def test_debian_dictionary_is_used_when_named(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "Deb"
    style.mkdir(parents=True)
    (style / "Spell.yml").write_text(
        "extends: spelling\nmessage: '%s'\ndicpath: /usr/share/hunspell\ndictionaries: [en_US]\n",
        encoding="utf-8",
    )
    rule = compiled("Deb", "Spell", styles=tmp_path / "styles")
    text = "We recieve the parcel."
    assert words(run(rule, text), text) == ["recieve"]


# --- refused options: each is located at its file, line and column ---------------------------


def load_problems(tmp_path: Path, body: str) -> tuple[list, list[str]]:
    style = tmp_path / "styles" / "X"
    style.mkdir(parents=True, exist_ok=True)
    (style / "R.yml").write_text(textwrap.dedent(body), encoding="utf-8")
    out = StyleLoad()
    load_rule_file(style / "R.yml", "X", "X/R.yml", out)
    return [(p.line, p.column, p.message) for p in out.problems], out.notices


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        (
            "extends: substitution\nmessage: x\nswap: {a: b}\npos: 'NN'\n",
            4,
            "pos: 'pos' (part-of-speech matching) needs a tagger",
        ),
        (
            "extends: existence\nmessage: x\ntokens: [a]\nvocab: false\n",
            4,
            "vocab: only 'true' is supported",
        ),
        (
            "extends: spelling\nmessage: x\ndicpath: nowhere\n",
            3,
            "dicpath: folder 'nowhere' not found",
        ),
        (
            "extends: spelling\nmessage: x\ndictionaries: [xx_XX]\n",
            3,
            "dictionaries: no xx_XX.dic and xx_XX.aff in",
        ),
        (
            "extends: spelling\nmessage: x\nignore: [missing.txt]\n",
            3,
            "ignore: file 'missing.txt' not found",
        ),
        ("extends: spelling\nmessage: x\naff: a.aff\n", 3, "aff: 'aff' and 'dic' name one"),
        (
            "extends: spelling\nmessage: x\nfilters: ['(']\n",
            3,
            "filters: invalid regular expression",
        ),
        (
            "extends: spelling\nmessage: x\nthreshold: 3\n",
            3,
            "unknown key 'threshold' for a spelling rule",
        ),
        ("extends: readability\nmessage: x\ngrade: 8\nmetrics: [LIX]\n", 4, "unknown metric 'LIX'"),
    ],
)
def test_refused_options_are_located(tmp_path: Path, body: str, line: int, fragment: str) -> None:
    problems, _ = load_problems(tmp_path, body)
    assert any(ln == line and c == 1 and fragment in m for ln, c, m in problems), problems


def test_a_malformed_dictionary_is_located(tmp_path: Path) -> None:
    dicts = tmp_path / "styles" / "d"
    dicts.mkdir(parents=True)
    (dicts / "bad.aff").write_text("SFX S Y 1\nSFX S\n", encoding="utf-8")
    (dicts / "bad.dic").write_text("1\nword/S\n", encoding="utf-8")
    problems, _ = load_problems(
        tmp_path, "extends: spelling\nmessage: x\ndicpath: d\ndictionaries: [bad]\n"
    )
    assert [(ln, m.split(":")[0]) for ln, _, m in problems] == [(4, "dictionaries")]
    assert "cannot read the Hunspell dictionary bad" in problems[0][2]


def test_inline_spelling_rule_cannot_name_files() -> None:
    with pytest.raises(RuleDataError) as err:
        build_rule("A.S", {"extends": "spelling", "message": "x", "ignore": ["words.txt"]})
    assert err.value.problems[0][0] == "ignore"
    assert "cannot name files" in err.value.problems[0][1]
    # Without files an inline spelling rule works (the default dictionary).
    rule = build_rule("A.S", {"extends": "spelling", "message": "%s"}).compile()
    assert words(run(rule, "teh boots"), "teh boots") == ["teh"]


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("sequence", "part-of-speech tagger"), ("script", "must not run code")],
)
def test_skipped_kinds_say_why(tmp_path: Path, kind: str, reason: str) -> None:
    with pytest.raises(SkippedRule):
        build_rule("A.B", {"extends": kind, "message": "x"})
    problems, notices = load_problems(tmp_path, f"extends: {kind}\nmessage: x\n")
    assert problems == []
    assert len(notices) == 1 and "X/R.yml: skipped rule X.R" in notices[0] and reason in notices[0]


def test_a_spelling_rule_and_the_offline_dictionary_report_a_word_once(tmp_path: Path) -> None:
    from composer.core.assessment import assess
    from composer.services.spelling import OfflineSpeller

    guide = tmp_path / "guide.yml"
    style = tmp_path / "styles" / "S"
    style.mkdir(parents=True)
    (style / "Spell.yml").write_text("extends: spelling\nmessage: \"'%s'?\"\n", encoding="utf-8")
    guide.write_text(f"brand: N\nstyles: [{style}]\n", encoding="utf-8")
    text = "We recieve boots."
    offline = OfflineSpeller("en-US", ()).check(text)
    assert [text[f.start : f.end] for f in offline] == ["recieve"]
    report = assess(Checker(load_guide(guide)), text, spelling=offline)
    assert [(f.rule, text[f.start : f.end]) for f in report.findings] == [("S.Spell", "recieve")]


def test_an_oversized_dictionary_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    from composer.core.rules import spelling

    monkeypatch.setattr(spelling, "MAX_DICTIONARY_BYTES", 100)
    dicts = tmp_path / "styles" / "d"
    dicts.mkdir(parents=True)
    (dicts / "big.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (dicts / "big.dic").write_text("20\n" + "word\n" * 20 + "# padding\n" * 20, encoding="utf-8")
    problems, _ = load_problems(
        tmp_path, "extends: spelling\nmessage: x\ndicpath: d\ndictionaries: [big]\n"
    )
    assert [(ln, "larger than 100 bytes" in m) for ln, _, m in problems] == [(4, True)]
