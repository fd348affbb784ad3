"""Issue 19 item 6 (the parts pinned here): ``capitalize`` in substitution rules, and a rule a
``.vale.ini`` turns on that its style does not have, both through a real ``.vale.ini``.

The rule below is written like Microsoft.Contractions (Vale's Microsoft package, MIT); the
capital-first behaviour matches Vale's ``capitalize`` ("Are not" -> "Aren't").
"""

from __future__ import annotations

from pathlib import Path

from composer.core.checker import Checker
from composer.core.guide import load_guide

CONTRACTIONS = """\
extends: substitution
message: "Use '%s' instead of '%s'."
level: error
ignorecase: true
capitalize: true
action:
  name: replace
swap:
  are not: aren't
  cannot: can't
  it is: it's
"""


def vale_ini(tmp_path: Path) -> Path:
    styles = tmp_path / "styles" / "Microsoft"
    styles.mkdir(parents=True)
    (styles / "Contractions.yml").write_text(CONTRACTIONS, encoding="utf-8")
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*]\nBasedOnStyles = Microsoft\n"
        "Microsoft.Retired = YES\n",
        encoding="utf-8",
    )
    return ini


def test_capitalize_keeps_the_capital_of_the_text(tmp_path: Path) -> None:
    guide = load_guide(vale_ini(tmp_path))
    text = "Are not we ready? It is late, and we are not."
    found = [
        (text[f.start : f.end], f.replacements, f.message)
        for f in Checker(guide).check(text).findings
        if f.rule == "Microsoft.Contractions"
    ]
    assert found == [
        ("Are not", ("Aren't",), "Use 'Aren't' instead of 'Are not'."),
        ("It is", ("It's",), "Use 'It's' instead of 'It is'."),
        ("are not", ("aren't",), "Use 'aren't' instead of 'are not'."),
    ]


def test_a_rule_the_style_does_not_have_is_a_located_notice(tmp_path: Path) -> None:
    ini = vale_ini(tmp_path)
    guide = load_guide(ini)  # loads: Vale ignores the line too
    assert [r.id for r in guide.rules] == ["Microsoft.Contractions"]
    assert len(guide.notices) == 1
    assert guide.notices[0].startswith(f"{ini}:6:1: no rule Microsoft.Retired")
