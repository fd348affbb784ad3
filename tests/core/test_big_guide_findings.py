"""The big generated guide finds the same with every speed-up as without any.

Reading: libyaml where it agrees, tokens sure to compile not compiled (against the pure
parser and every token compiled, as before). Checking: gates, lazy patterns and the tone
analyzer compiled on demand (against ``shortcuts=False, lazy=False``). On a few hundred
drafts that hold the packages' own words, so that most rules run.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from composer.core.checker import Checker
from composer.core.findings import Report
from composer.core.guide import Guide, load_guide, yamlmarks
from composer.core.rules import compiled_patterns

ROOT = Path(__file__).resolve().parents[2]


def _module(name: str) -> object:
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def _drafts(guide: Guide, count: int) -> list[str]:
    rng = random.Random(16)
    words = [t for r in guide.rules for t in getattr(r, "tokens", ()) if t.isalpha()]
    common = [
        "our",
        "new",
        "boots",
        "are",
        "out",
        "today",
        "and",
        "we",
        "love",
        "the",
        "trail",
        "so",
        "much",
        ",",
        "it",
        "is",
        "great",
    ]
    drafts = []
    for _ in range(count):
        parts = [
            rng.choice(words) if rng.random() < 0.15 else rng.choice(common) for _ in range(40)
        ]
        drafts.append(" ".join(parts)[:280])
    return drafts


def _findings(checker: Checker, drafts: list[str], account: str) -> list[Report]:
    return [checker.check(text, account) for text in drafts]


def _same(reports: list[Report], expected: list[Report]) -> bool:
    return [(r.findings, r.score, r.notices) for r in reports] == [
        (r.findings, r.score, r.notices) for r in expected
    ]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = _module("vale_packages").write_guide(tmp_path_factory.mktemp("big"))  # type: ignore[attr-defined]
    return path


def test_the_big_guide_reads_the_same_with_the_pure_parser_and_every_token_compiled(
    big: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = load_guide(big)
    compiled_patterns.clear_kept_patterns()
    monkeypatch.setattr(yamlmarks, "_load_fast", lambda text, path: None)
    monkeypatch.setattr(compiled_patterns, "surely_compiles", lambda pattern: False)
    slow = load_guide(big)
    assert len(slow.rules) > 120
    assert slow == fast
    assert slow.notices == fast.notices


def test_the_big_guide_finds_the_same_with_and_without_its_shortcuts(big: Path) -> None:
    guide = load_guide(big)
    drafts = _drafts(guide, 300)
    account = guide.accounts[1].handle
    expected = _findings(Checker(guide, shortcuts=False, lazy=False), drafts, account)
    assert sum(len(r.findings) for r in expected) > 300
    assert _same(_findings(Checker(guide), drafts, account), expected)
    assert _same(_findings(Checker(guide, lazy=False), drafts, account), expected)
