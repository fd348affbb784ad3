"""Rule patterns compiled when a check first needs them: the same reports as compiling
them all up front (composer/core/rules/compiled_patterns.py, Checker(lazy=...))."""

from __future__ import annotations

from pathlib import Path

import regex

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.core.rules import compiled_patterns, literal_index, literals
from composer.core.rules.compiled_patterns import LazyPattern, lazy_patterns, rule_pattern
from composer.core.rules.literal_index import LiteralIndex, index_for, learn_index, sets_key
from composer.resources import resource_path

EXAMPLE = resource_path("example", "brand-guide.yml")

GUIDE = r"""
brand: Lazy
vocabulary:
  accept: [TrailPro]
  reject: [cheap]
rules:
  - {id: L.Big, extends: existence, message: "no '%s'", ignorecase: true,
     tokens: [alpha, beta, gamma, 'delt[ae]', epsilon, zeta, 'eta\w*', theta, iota, kappa,
              lambda, mu, nu, xi, omicron, pi, rho, sigma, tau, upsilon]}
  - {id: L.Swap, extends: substitution, message: "Use %s not %s", ignorecase: true,
     swap: {utilize: use, 'leverag(?:e|ing)': use, 'e[- ]?bike': e-bike}}
  - {id: L.Raw, extends: existence, message: "r %s", raw: ['\b[A-Z]{3,}\b']}
  - {id: L.Occ, extends: occurrence, message: "occ", max: 1, token: '(?i)\bthe\b'}
"""

TEXTS = [
    "",
    "Nothing here to see.",
    "We utilize alpha and Beta, then leverage an ebike: THE end of the the road.",
    "Delta, delte, etaxyz and SIGMA walk into a cheap bar with TrailPro.",
    "Gamma rays utilise nothing; e-bike and e bike and EBIKE.",
]


def _guide_findings(checker: Checker, texts: list[str]) -> list[object]:
    out: list[object] = []
    for account in checker.guide.accounts:
        for text in texts:
            report = checker.check(text, account)
            out.append((report.findings, report.score, report.notices))
    return out


def test_lazy_and_eager_checkers_give_the_same_reports(tmp_path: Path) -> None:
    path = tmp_path / "guide.yml"
    path.write_text(GUIDE, encoding="utf-8")
    example_drafts = [
        line
        for line in (EXAMPLE.parent / "drafts.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for guide_path, texts in ((path, TEXTS), (EXAMPLE, example_drafts + TEXTS)):
        guide = load_guide(guide_path)
        compiled_patterns.clear_kept_patterns()
        lazy = _guide_findings(Checker(guide), texts)
        compiled_patterns.clear_kept_patterns()
        eager = _guide_findings(Checker(guide, lazy=False), texts)
        assert lazy == eager
        assert any(findings for findings, _, _ in eager)  # type: ignore[misc]


def test_a_rule_whose_words_are_absent_is_never_compiled(tmp_path: Path) -> None:
    path = tmp_path / "guide.yml"
    path.write_text(GUIDE, encoding="utf-8")
    checker = Checker(load_guide(path))
    big = next(c for c in checker.compiled if c.id == "L.Big")
    swap = next(c for c in checker.compiled if c.id == "L.Swap")
    assert isinstance(big.pattern, LazyPattern)  # type: ignore[attr-defined]
    checker.check("We utilize nothing else.")
    assert not big.pattern.compiled  # type: ignore[attr-defined]
    assert swap.pattern.compiled  # type: ignore[attr-defined]
    checker.check("alpha")
    assert big.pattern.compiled  # type: ignore[attr-defined]
    eager = Checker(load_guide(path), lazy=False)
    assert isinstance(
        next(c for c in eager.compiled if c.id == "L.Big").pattern,  # type: ignore[attr-defined]
        regex.Pattern,
    )


def test_a_lazy_pattern_is_the_kept_pattern() -> None:
    source = r"\b(?:lazy|pattern)\b"
    with lazy_patterns():
        lazy = rule_pattern(source)
    assert isinstance(lazy, LazyPattern)
    assert not lazy.compiled
    assert [m.group() for m in lazy.finditer("a lazy pattern")] == ["lazy", "pattern"]
    assert lazy.force() is rule_pattern(source)
    assert lazy.pattern == regex.compile(source).pattern


def test_gate_facts_and_indexes_learned_are_the_ones_computed() -> None:
    patterns = [r"\b(?:alpha|be[tz]a|gamma\w*)\b", r"(?i)\bfoo(?:bar)?\b", r"\s+x"]
    facts = literals.pattern_facts(patterns)
    literals.forget_pattern_facts()
    literals.learn_pattern_facts(facts)
    assert literals.pattern_facts(patterns) == facts
    literals.forget_pattern_facts()
    assert literals.pattern_facts(patterns) == facts
    sets = [frozenset({"alpha", "beta", "bez"}), frozenset({"foo"}), frozenset({""})]
    key, index = index_for(sets)
    assert key == sets_key(list(sets))
    literal_index.forget_indexes()
    learn_index(key, index.state())
    again = index_for(sets)[1]
    fresh = LiteralIndex(sets)
    for text in ("", "alphabet", "foo bez", "nothing", "xbetax"):
        assert again.present(text) == fresh.present(text) == index.present(text)
