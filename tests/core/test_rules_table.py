"""The examples table: every rule of the example guide flags its bad drafts and passes its good ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.core.rules import RULE_KINDS
from composer.resources import resource_path

TABLE_PATH = Path(__file__).resolve().parents[1] / "data" / "example_rules_table.yml"
TABLE: dict[str, dict[str, Any]] = yaml.safe_load(TABLE_PATH.read_text(encoding="utf-8"))
GUIDE = load_guide(resource_path("example", "brand-guide.yml"))
BUILT_IN = ("Vale.Terms", "Vale.Avoid", "Composer.Length")


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(GUIDE)


def test_every_rule_and_kind_is_in_the_table() -> None:
    rule_ids = {rule.id for rule in GUIDE.rules} | set(BUILT_IN)
    assert sorted(rule_ids - set(TABLE)) == []
    assert sorted(set(TABLE) - rule_ids) == []
    # The example shows every kind but readability and spelling: its tone profiles judge the
    # grade and the offline dictionary the spelling, and one problem gets one finding
    # (tests/core/test_vale_readability_spelling.py covers those two kinds).
    shown = set(RULE_KINDS) - {"readability", "spelling"}
    assert {type(rule).extends for rule in GUIDE.rules} == shown
    for rule_id, row in TABLE.items():
        assert row.get("flag") and row.get("pass"), rule_id


CASES = [
    (rule_id, verdict, draft, row.get("account"))
    for rule_id, row in TABLE.items()
    for verdict in ("flag", "pass")
    for draft in row.get(verdict, [])
]


@pytest.mark.parametrize(("rule_id", "verdict", "draft", "account"), CASES)
def test_example(
    checker: Checker, rule_id: str, verdict: str, draft: str, account: str | None
) -> None:
    report = checker.check(draft, account)
    rules = {f.rule for f in report.findings}
    if verdict == "flag":
        assert rule_id in rules, f"{rule_id} should flag {draft!r}; got {sorted(rules)}"
    else:
        assert rule_id not in rules, f"{rule_id} should pass {draft!r}"
