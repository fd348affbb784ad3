"""Alt text is checked like the post: rules scoped ``alt`` there only, spelling, vocabulary."""

from __future__ import annotations

from pathlib import Path

from composer.core.checker import Checker
from composer.core.guide import Guide, load_guide

GUIDE = """\
brand: Acme
vocabulary:
  accept: [TrailPro]
  reject: [cheap]
rules:
  - id: Acme.AltOnly
    extends: existence
    message: "Do not start a description with '%s'."
    level: warning
    ignorecase: true
    tokens: [image of, picture of]
    scope: alt
  - id: Acme.TextOnly
    extends: existence
    message: "No hype: '%s'."
    level: warning
    ignorecase: true
    tokens: [awesome]
  - id: Acme.Both
    extends: existence
    message: "Say 'jacket', not '%s'."
    level: suggestion
    tokens: [coat]
    scope: [text, alt]
  - id: Acme.Spelling
    extends: spelling
    level: error
accounts:
  - handle: "@Acme"
    levels: {Acme.Spelling: error}
  - handle: "@Quiet"
    levels: {Acme.AltOnly: off}
"""


def write_guide(tmp_path: Path, body: str = GUIDE) -> Guide:
    path = tmp_path / "guide.yml"
    path.write_text(body, encoding="utf-8")
    return load_guide(path)


def rules_of(findings: tuple) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(f.rule, f.message) for f in findings]


def test_an_alt_only_rule_does_not_read_the_post(tmp_path: Path) -> None:
    checker = Checker(write_guide(tmp_path))
    report = checker.check("A picture of our red coat", "@Acme")
    rules = [f.rule for f in report.findings]
    assert "Acme.AltOnly" not in rules
    # A rule scoped both text and alt reads the post once.
    assert rules.count("Acme.Both") == 1


def test_alt_text_reads_only_alt_rules_spelling_and_vocabulary(tmp_path: Path) -> None:
    checker = Checker(write_guide(tmp_path))
    text = "Picture of an awesome cheap coat in the snoww, a Trailpro"
    found = checker.check_alt(text, "@Acme")
    rules = [f.rule for f in found]
    assert "Acme.TextOnly" not in rules  # no `alt` in its scope
    assert rules.count("Acme.AltOnly") == 1
    assert rules.count("Acme.Both") == 1
    assert ("Acme.Spelling", "Did you really mean 'snoww'?") in rules_of(found)
    assert "Vale.Avoid" in rules and "Vale.Terms" in rules
    spans = {f.rule: text[f.start : f.end] for f in found}
    assert spans["Acme.AltOnly"] == "Picture of"
    assert spans["Vale.Terms"] == "Trailpro"
    # No length limit and no tone on a description.
    assert "Composer.Length" not in rules


def test_alt_rules_follow_the_account_levels(tmp_path: Path) -> None:
    checker = Checker(write_guide(tmp_path))
    assert "Acme.AltOnly" not in [f.rule for f in checker.check_alt("Image of a hill", "@Quiet")]
    (alt,) = [f for f in checker.check_alt("Image of a hill", "@Acme") if f.rule == "Acme.AltOnly"]
    assert alt.level.value == "warning"


def test_an_alt_only_rule_is_still_listed_in_force(tmp_path: Path) -> None:
    checker = Checker(write_guide(tmp_path))
    ids = [rule.id for rule, _level in checker.rules_for("@Acme")]
    assert "Acme.AltOnly" in ids
    assert "Acme.AltOnly" not in [rule.id for rule, _level in checker.rules_for("@Quiet")]


def test_the_shortcuts_agree_on_alt_text(tmp_path: Path) -> None:
    guide = write_guide(tmp_path)
    quick, full = Checker(guide), Checker(guide, shortcuts=False, lazy=False)
    for text in ("Picture of a coat", "An awesome view", "", "coat coat image of"):
        assert quick.check_alt(text, "@Acme") == full.check_alt(text, "@Acme")
        assert quick.check(text, "@Acme").findings == full.check(text, "@Acme").findings
