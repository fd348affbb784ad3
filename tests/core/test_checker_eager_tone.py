"""A checker built with ``lazy=False`` has every pattern compiled, the tone matchers' too."""

from __future__ import annotations

import pytest

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.core.tone.matchers import PhraseMatcher
from composer.resources import resource_path

DRAFTS = [
    "Huge SALE!!! Buy now, 50% off everything 🔥 #ad",
    "Zesty quinoa, xylophones and jazz: what a Wednesday. Damn good.",
    "Vote for us? 9 out of 10 hikers agree; €20 off, $5 shipping",
    "@NorthwindHelp we're sorry; DM us #support",
]


def test_an_eager_checker_compiles_nothing_while_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    guide = load_guide(resource_path("example", "brand-guide.yml"))
    lazy = [Checker(guide).check(text, account) for text in DRAFTS for account in guide.accounts]
    eager = Checker(guide, lazy=False)

    def no_compiling(*args: object) -> object:
        raise AssertionError("a tone pattern was compiled during a check")

    monkeypatch.setattr(PhraseMatcher, "_compile", staticmethod(no_compiling))
    reports = [eager.check(text, account) for text in DRAFTS for account in guide.accounts]
    assert [r.findings for r in reports] == [r.findings for r in lazy]
    assert [dict(r.metrics) for r in reports] == [dict(r.metrics) for r in lazy]
