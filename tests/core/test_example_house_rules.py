"""Issue 19 item 5: the example workspace carries the house rules, each problem has one rule,
and its drafts show every rule firing (through ``brand-composer check``)."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from pathlib import Path

import pytest

from composer.cli import main
from composer.core.checker import AVOID_RULE, LENGTH_RULE, TERMS_RULE, Checker
from composer.core.findings import Finding, Level, Source
from composer.core.guide import load_guide
from composer.core.tone import RULE_IDS
from composer.resources import resource_path
from composer.services.spelling import OFFLINE_RULE
from composer.services.workspace import init_workspace

GUIDE_PATH = resource_path("example") / "brand-guide.yml"
GUIDE = load_guide(GUIDE_PATH)
DRAFTS = [
    line
    for line in (resource_path("example") / "drafts.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """``check --account all --format json`` over every example draft (one file each), in a
    fresh example workspace: its offline spelling included, as a new user gets it."""
    workspace = init_workspace(tmp_path_factory.mktemp("ws") / "ws", example=True)
    folder = tmp_path_factory.mktemp("drafts")
    files = []
    for number, draft in enumerate(DRAFTS, start=1):
        path = folder / f"draft{number:02}.txt"
        path.write_text(draft + "\n", encoding="utf-8")
        files.append(str(path))
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdout", out)
        code = main(
            ["--workspace", str(workspace.root), "check", "--guide", str(GUIDE_PATH), "--account",
             "all", "--format", "json", *files]
        )  # fmt: skip
    assert code == 1  # the drafts show errors on purpose
    return list(json.loads(out.getvalue()))


def tone_rules_in_use() -> set[str]:
    used: set[str] = set()
    for profile in GUIDE.tone.profiles.values():  # type: ignore[union-attr]
        used |= {RULE_IDS[name] for name in profile.limits}
        used |= {"Tone.Topic"} if profile.topics else set()
        used |= {"Tone.Disclosure"} if profile.disclosure else set()
    return used


def test_every_account_forbids_politics_religion_profanity_and_shouting() -> None:
    for account in GUIDE.accounts:
        profile = GUIDE.tone.profiles[account.tone]  # type: ignore[union-attr]
        assert profile.topics is not None, account.handle
        assert {"politics", "religion"} <= set(profile.topics.forbid), account.handle
        assert profile.limits["profanity"].forbid, account.handle
        assert profile.limits["shouting"].forbid, account.handle


def test_every_rule_fires_on_the_example_drafts(rows: list[dict[str, object]]) -> None:
    fired = {str(r["rule"]) for r in rows}
    expected = {rule.id for rule in GUIDE.rules} | {TERMS_RULE, AVOID_RULE, LENGTH_RULE}
    expected |= tone_rules_in_use() | {OFFLINE_RULE}
    assert sorted(expected - fired) == []


def test_no_problem_is_reported_twice(rows: list[dict[str, object]]) -> None:
    """Two rules flagging the very same text for one account say one thing twice."""
    rules_at: defaultdict[tuple[object, ...], set[str]] = defaultdict(set)
    for r in rows:
        for start, end in r["spans"]:  # type: ignore[attr-defined]
            rules_at[(r["path"], r["account"], start, end)].add(str(r["rule"]))
    assert {k: v for k, v in rules_at.items() if len(v) > 1} == {}


@pytest.mark.parametrize("handle", [a.handle for a in GUIDE.accounts])
def test_the_issue_draft_is_flagged_on_every_account(handle: str) -> None:
    text = "VOTE for the candidate ... This election matters. BUY NOW ... damn good deal"
    report = Checker(GUIDE).check(text, handle)
    by_rule = {f.rule: f for f in report.findings}
    assert "Politics is a forbidden topic" in by_rule["Tone.Topic"].message
    assert [text[s:e] for s, e in by_rule["Tone.Shouting"].spans] == ["VOTE", "BUY", "NOW"]
    assert [text[s:e] for s, e in by_rule["Tone.Profanity"].spans] == ["damn"]


@pytest.mark.parametrize("handle", [a.handle for a in GUIDE.accounts])
def test_religion_is_forbidden_on_every_account(handle: str) -> None:
    report = Checker(GUIDE).check("Pray for good weather at the church picnic.", handle)
    assert any("Religion is a forbidden topic" in f.message for f in report.findings)


def test_the_example_drafts_file_is_the_one_the_workspace_ships(tmp_path: Path) -> None:
    space = init_workspace(tmp_path / "ws", example=True)
    shipped = (space.root / "drafts.txt").read_text(encoding="utf-8").splitlines()
    assert [d for d in shipped if d.strip()] == DRAFTS


def test_spelling_on_a_word_a_rule_flags_already_is_left_out() -> None:
    """ "Summitline" is a competitor (Northwind.Competitors), not also a misspelling."""
    from composer.core.assessment import assess

    text = "Lighter than anything from Summitline"
    start = text.index("Summitline")
    typo = Finding(
        rule=OFFLINE_RULE,
        level=Level.WARNING,
        message="Possible spelling mistake: 'Summitline'.",
        start=start,
        end=len(text),
        source=Source.GRAMMAR,
    )
    report = assess(Checker(GUIDE), text, "@NorthwindHelp", spelling=[typo])
    assert [f.rule for f in report.findings if f.start == start] == ["Northwind.Competitors"]
