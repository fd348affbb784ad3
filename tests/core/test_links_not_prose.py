"""Issue 19 item 4: links are not prose, for every rule kind, tone and spelling.

twitter-text does not link ``.example`` domains (no such top-level domain), which is how the
brand's own link drew "Use 'Northwind' instead of 'northwind'". Every case is tried with such
a link and with one twitter-text links.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.core.rules import RuleContext, build_rule
from composer.core.text.links import prose_entities
from composer.resources import resource_path
from composer.services.spelling import OfflineSpeller

GUIDE = """\
brand: Links Test
vocabulary:
  accept: [Northwind]
  reject: [cheap]
rules:
  - {id: T.Existence, extends: existence, level: error, tokens: [guaranteed]}
  - {id: T.Substitution, extends: substitution, level: error, ignorecase: true,
     swap: {utilize: use}}
  - {id: T.Occurrence, extends: occurrence, level: error, token: 'sale', max: 1}
  - {id: T.Repetition, extends: repetition, level: error, tokens: ['[^\\s]+']}
  - {id: T.Consistency, extends: consistency, level: error, either: {colour: color}}
  - {id: T.Conditional, extends: conditional, level: error, first: '\\b([A-Z]{4})\\b',
     second: '\\(([A-Z]{4})\\)'}
  - {id: T.Capitalization, extends: capitalization, level: error, match: '$lower'}
  - {id: T.Metric, extends: metric, level: error, formula: long_words, condition: '> 0'}
  - {id: T.Spaces, extends: existence, level: error, nonword: true, raw: ['\\s{3,}']}
tone:
  profiles:
    strict:
      shouting: {max: 0}
      promotional: {forbid: true}
      profanity: {forbid: true}
      topics: {forbid: [politics]}
      exclamations: {max: 0}
accounts:
  - {handle: "@T", tone: strict, limit: 280, counting: v3}
"""

HOSTS = ["https://www.northwind.example", "https://www.northwind.com"]

# (rule, the path that holds its trigger): the rule would fire on the path as prose.
CASES = [
    ("Vale.Terms", "/northwind/maps"),
    ("Vale.Avoid", "/cheap/boots"),
    ("T.Existence", "/guaranteed"),
    ("T.Substitution", "/utilize"),
    ("T.Occurrence", "/sale/sale/sale"),
    ("T.Repetition", "/boots boots"),
    ("T.Consistency", "/colour/color"),
    ("T.Conditional", "/NASA"),
    ("T.Capitalization", "/Maps"),
    ("T.Metric", "/extraordinarily"),
    ("T.Spaces", "/a"),
    ("Tone.Shouting", "/BUY-NOW-TODAY"),
    ("Tone.Promotional", "/shop-now-50-percent-off-sale"),
    ("Tone.Profanity", "/damn"),
    ("Tone.Topic", "/election"),
    ("Tone.Exclamations", "/wow!yes"),
]


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> Checker:
    path = tmp_path_factory.mktemp("links") / "guide.yml"
    path.write_text(GUIDE, encoding="utf-8")
    return Checker(load_guide(path))


def prose(trigger: str) -> str:
    """The trigger as prose, to show the rule fires outside a link."""
    return trigger.strip("/").replace("/", " ").replace("-", " ")


@pytest.mark.parametrize(("rule", "path"), CASES)
@pytest.mark.parametrize("host", HOSTS)
def test_no_rule_matches_inside_a_link(checker: Checker, rule: str, path: str, host: str) -> None:
    text = f"maps at {host}{path} for you"
    found = [f for f in checker.check(text, "@T").findings if f.rule == rule]
    assert found == [], text


@pytest.mark.parametrize(("rule", "path"), [c for c in CASES if c[0] != "T.Spaces"])
def test_each_case_fires_as_prose(checker: Checker, rule: str, path: str) -> None:
    text = f"maps at {prose(path)} for you"
    if rule == "Tone.Exclamations":
        text = "maps wow! yes"
    if rule == "T.Occurrence":
        text = "sale sale sale"
    assert [f for f in checker.check(text, "@T").findings if f.rule == rule], text


def test_the_issue_example_passes_on_the_example_guide() -> None:
    checker = Checker(load_guide(resource_path("example") / "brand-guide.yml"))
    report = checker.check("Maps at https://www.northwind.example/maps", "@NorthwindHelp")
    assert [f for f in report.findings if f.rule == "Vale.Terms"] == []
    # The brand still written wrongly outside the link is flagged, with its fix.
    report = checker.check("northwind maps at https://www.northwind.example/maps")
    terms = [f for f in report.findings if f.rule == "Vale.Terms"]
    assert [(f.start, f.end, f.replacements) for f in terms] == [(0, 9, ("Northwind",))]


def test_a_rule_that_judges_links_says_scope_url() -> None:
    checker = Checker(load_guide(resource_path("example") / "brand-guide.yml"))
    for text in ("Maps: http://northwind.example/maps", "Maps: http://northwindtrail.com/maps"):
        report = checker.check(text, "@NorthwindHelp")
        assert [f.rule for f in report.findings] == ["Northwind.InsecureLinks"], text


def test_raw_rules_neither_match_inside_nor_fix_a_link(tmp_path: Path) -> None:
    """``scope: raw`` sees links as written; still no finding inside one, no fix editing one."""
    swap = {"northwind": "Northwind", "at https": "on"}
    text = "northwind maps at https://www.northwind.example/northwind"
    alone = build_rule("T.Raw", {"extends": "substitution", "scope": "raw", "swap": swap})
    found = alone.compile().run(RuleContext(text))
    link = text.index("https")
    # The rule by itself fixes inside the link.
    assert [f.replacements for f in found if f.start > link] == [("Northwind",)] * 2
    path = tmp_path / "g.yml"
    path.write_text(
        textwrap.dedent(
            """\
            brand: B
            rules:
              - {id: T.Raw, extends: substitution, scope: raw, level: error,
                 swap: {northwind: Northwind, 'at https': 'on'}}
            accounts: [{handle: "@B"}]
            """
        ),
        encoding="utf-8",
    )
    findings = [f for f in Checker(load_guide(path)).check(text).findings if f.rule == "T.Raw"]
    # The word before the link keeps its fix; "at https:" runs into the link: no fix.
    assert [(text[f.start : f.end], f.replacements) for f in findings] == [
        ("northwind", ("Northwind",)),
        ("at https", ()),
    ]


def test_mentions_are_handles_compared_without_case() -> None:
    rule = build_rule(
        "T.Rivals",
        {"extends": "existence", "scope": "mention", "nonword": True, "tokens": ["@Summitline"]},
    )
    text = "Thanks @summitline and @SUMMITLINE and @Summitline"
    assert len(rule.compile().run(RuleContext(text))) == 3


@pytest.mark.parametrize("host", HOSTS)
def test_offline_spelling_skips_links(host: str) -> None:
    speller = OfflineSpeller("en-US")
    text = f"See {host}/teh-recieve-definately now, teh"
    found = [text[f.start : f.end] for f in speller.check(text)]
    assert found == ["teh"]


def test_loose_links_trim_sentence_punctuation_and_swallow_tags() -> None:
    text = "Maps (https://northwind.example/maps#Trail). Also www.northwind.example/x, @bob"
    found = [(e.kind.value, text[e.start : e.end]) for e in prose_entities(text)]
    assert found == [
        ("url", "https://northwind.example/maps#Trail"),
        ("url", "www.northwind.example/x"),
        ("mention", "@bob"),
    ]
