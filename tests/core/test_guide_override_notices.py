"""A level override naming a rule the guide does not have is a visible notice, not silence."""

from __future__ import annotations

from pathlib import Path

from composer.core.guide import lint_guide_with_notices, load_guide

GUIDE = """\
brand: X
rules:
  - id: A.B
    extends: existence
    message: x
    tokens: [y]
  - id: A.S
    extends: spelling
    message: x
levels:
  A.B: off
  A.C: warning
  A.S: off
  Vale.Terms: warning
  Composer.Length: warning
accounts:
  - handle: "@x"
    levels: {A.D: off, A.B: error}
"""


def test_yaml_levels_for_unknown_rules_are_located_notices(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text(GUIDE, encoding="utf-8")
    guide = load_guide(path)
    typos = [n for n in guide.notices if "changes nothing" in n]
    assert typos == [
        f"{path}:12:3: no rule A.C in this guide, so its level changes nothing (a typo?)",
        f"{path}:18:14: no rule A.D in this guide, so its level changes nothing (a typo?)",
    ]
    # The overrides themselves still load (a rule added later makes them count).
    assert guide.levels["A.C"] is not None
    assert guide.accounts[0].levels["A.D"] is None


def test_vale_ini_toggles_for_unknown_rules_are_located_notices(tmp_path: Path) -> None:
    style = tmp_path / "styles" / "Foo"
    style.mkdir(parents=True)
    (style / "Bad.yml").write_text("extends: existence\nmessage: x\ntokens: [bad]\n")
    (style / "Spell.yml").write_text("extends: spelling\nmessage: x\n")
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        "StylesPath = styles\n[*]\nBasedOnStyles = Foo\nFoo.Zap = YES\nFoo.Bad = error\n"
        "Foo.Spell = NO\nVale.Spelling = NO\nFoo.Bda = NO\n",
        encoding="utf-8",
    )
    problems, notices = lint_guide_with_notices(ini)
    assert problems == []
    typos = [n for n in notices if "changes nothing" in n]
    assert typos == [
        f"{ini}:4:1: no rule Foo.Zap in the loaded styles, so this line changes nothing (a typo?)",
        f"{ini}:8:1: no rule Foo.Bda in the loaded styles, so this line changes nothing (a typo?)",
    ]


def test_the_example_guide_has_no_override_notices() -> None:
    from composer.resources import resource_path

    guide = load_guide(resource_path("example", "brand-guide.yml"))
    assert not [n for n in guide.notices if "changes nothing" in n]
