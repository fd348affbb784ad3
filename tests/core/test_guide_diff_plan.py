"""The guide diff's short cut (DiffPlan) finds exactly what judging every post in full finds.

Many guide pairs (a rule added, removed or redefined, levels changed, tone limits changed, a
profile switched, accepted and rejected vocabulary changed, a length limit and counting
changed, an account removed, a minimum alert level) are compared in both directions over a
few hundred varied posts (the example drafts and combinations of them, threads, long posts,
an unknown account): :meth:`DiffPlan.judge` must equal :func:`judge_post` on every post.
"""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers.changed_guide import new_guide_text

from composer.core.checker import Checker
from composer.core.errors import KnownError
from composer.core.findings import Level
from composer.core.guide import load_guide
from composer.core.guide_diff import (
    DiffPlan,
    PastPost,
    PostChange,
    judge_chunk,
    judge_post,
    split_account,
)
from composer.resources import resource_path

HANDLES = ("@NorthwindHelp", "@NorthwindDeals", "@NorthwindEvents", "@NorthwindAlerts")
EXTRA_TEXTS = (
    "Our team is awesome and the new boots are amazing!",
    "Act now: last chance tonight at the Boulder store, 6pm.",
    "The trail run starts tonight at 6pm MT. See you at the boulder store!",
    "Hurry, limited time only! This weekend we have cheap tents. #ad",
    "WE ARE SO SORRY. The store is closed today!!! 😡😡😡😡",
    "Summitline and PeakPoint make fine gear, but our SummitShell is very good.",
    "Quick update: your replacement stakes are on their way and should arrive this week.",
    "trailpro poles are back in stock: https://northwindtrail.com/poles",
    "Thanks for waiting. " * 9,
    "We apologize for any inconvenience with the delivery. Reply here if anything is off.",
    "Part one of our trail guide: pack water.\n---\nPart two: the awesome view at 6pm.",
    "Storm warning near the lake.\n---\nAct now and leave the trail.\n---\nStay safe.",
    "A knockoff is not a SummitShell. Guaranteed warm, lifetime warranty. #sponsored",
    "Great day out with @TrailFriends 🏔️ #trailrunning #outdoors",
)


def _texts() -> list[str]:
    drafts = resource_path("example", "drafts.txt").read_text(encoding="utf-8").splitlines()
    singles = [t for t in drafts if t.strip()] + list(EXTRA_TEXTS)
    pairs = [
        f"{a} {b}" for a, b in itertools.islice(itertools.combinations(singles, 2), 0, None, 7)
    ]
    return singles + pairs


def _posts() -> list[PastPost]:
    texts = _texts()
    accounts = (*HANDLES, "@Gone")
    return [
        PastPost(n, accounts[n % len(accounts)], "published", text)
        for n, text in enumerate(text for text in texts for _ in range(3))
    ]


def _block(text: str, start: str, end: str | None) -> str:
    """``text`` without the lines from ``start`` up to ``end`` (or the end of the text)."""
    at = text.index(start)
    stop = text.index(end, at) if end is not None else len(text)
    return text[:at] + text[stop:]


def _replaced(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


RULE = (
    "  - id: Northwind.Weekend\n    extends: existence\n    message: \"'%s' again.\"\n"
    "    level: error\n    ignorecase: true\n    tokens: [weekend, tonight, store]\n"
)
VARIANTS: dict[str, Any] = {
    "changed": new_guide_text,
    "rule_added": lambda t: _replaced(t, ("rules:\n", "rules:\n" + RULE)),
    "rule_removed": lambda t: _block(t, "  - id: Northwind.Apology", "  - id: Northwind.TimeZone"),
    "levels_changed": lambda t: _replaced(
        t,
        ("Northwind.Weasel: suggestion", "Northwind.Weasel: error"),
        (
            "levels: {Northwind.TimeZone: error}",
            "levels: {Northwind.TimeZone: warning, Northwind.Competitors: warning}",
        ),
    ),
    "tone_changed": lambda t: _replaced(
        t,
        ("exclamations: {max: 1}", "exclamations: {max: 3}"),
        ("sentiment: {min: -0.1}", "sentiment: {min: 0.3}"),
    ),
    "profile_switched": lambda t: _replaced(t, ("tone: promotions\n", "tone: events\n")),
    "accepted_changed": lambda t: _replaced(
        t,
        (
            "accept: [TrailPro, SummitShell, Northwind]",
            "accept: [TrailPro, SummitShell, Northwind, Boulder, Summitline]",
        ),
    ),
    "rejected_changed": lambda t: _replaced(
        t, ("reject: [cheap, knockoff]", "reject: [cheap, knockoff, awesome, store]")
    ),
    "limits_changed": lambda t: _replaced(
        t,
        (
            "limit: 280\n    counting: v3\n    tone: crisis",
            "limit: 100\n    counting: v1\n    tone: crisis",
        ),
        ("limit: 140\n", "limit: 90\n"),
    ),
    "account_removed": lambda t: _block(t, '  - handle: "@NorthwindAlerts"', None),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plan")
    shutil.copytree(resource_path("example"), root, dirs_exist_ok=True)
    base = (root / "brand-guide.yml").read_text(encoding="utf-8")
    for name, change in VARIANTS.items():
        (root / f"{name}.yml").write_text(change(base), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def posts() -> list[PastPost]:
    return _posts()


def _full(current: Checker, new: Checker, post: PastPost) -> PostChange | str | None:
    try:
        return judge_post(current, new, post)
    except KnownError:
        return "skipped"


def _fast(plan: DiffPlan, post: PastPost) -> PostChange | str | None:
    try:
        return plan.judge(post)
    except KnownError:
        return "skipped"


def _assert_same(current: Checker, new: Checker, posts: list[PastPost]) -> int:
    """Both ways judge every post alike; the posts whose verdict changes or that are skipped
    (besides those of the unknown account)."""
    plan = DiffPlan(current, new)
    told = 0
    for post in posts:
        full = _full(current, new, post)
        assert _fast(plan, post) == full, post
        told += full is not None and post.account != "@Gone"
    return told


def test_posts_are_varied(posts: list[PastPost]) -> None:
    assert len(posts) >= 200
    assert len({p.text for p in posts}) >= 80
    assert any("\n---\n" in p.text for p in posts)
    assert any(len(p.text) > 280 for p in posts)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_the_short_cut_judges_like_the_full_checks(
    folder: Path, posts: list[PastPost], name: str
) -> None:
    base = load_guide(folder / "brand-guide.yml")
    variant = load_guide(folder / f"{name}.yml")
    forth = _assert_same(Checker(base), Checker(variant), posts)
    back = _assert_same(Checker(variant), Checker(base), posts)
    assert forth > 0 and back > 0  # the pair tells posts apart (or skips an account's)


@pytest.mark.parametrize("minimum", [Level.WARNING, Level.ERROR])
def test_a_minimum_alert_level(folder: Path, posts: list[PastPost], minimum: Level) -> None:
    base = load_guide(folder / "brand-guide.yml")
    quieter = dataclasses.replace(
        load_guide(folder / "levels_changed.yml"), min_alert_level=minimum
    )
    assert _assert_same(Checker(base), Checker(quieter), posts) > 0
    assert _assert_same(Checker(quieter), Checker(base), posts) > 0


def test_what_two_guides_share_and_what_differs(folder: Path) -> None:
    base = Checker(load_guide(folder / "brand-guide.yml"))
    same = split_account(base, Checker(load_guide(folder / "brand-guide.yml")), HANDLES[0])
    assert not same.current and not same.new
    assert same.shared.tone and same.shared.length and same.shared.vocabulary
    assert "Northwind.Competitors" in same.shared.rules
    assert "Northwind.Weasel" not in same.shared.rules  # a suggestion never counts
    changed = Checker(load_guide(folder / "changed.yml"))
    help_split = split_account(base, changed, HANDLES[0])
    assert help_split.current.rules == {"Northwind.Hype"} and not help_split.new.rules
    assert help_split.current.length and help_split.new.length
    assert help_split.shared.tone and not help_split.current.tone
    events = split_account(base, changed, HANDLES[2])
    assert events.current.rules == events.new.rules == {"Northwind.Urgency"}
    toned = split_account(base, Checker(load_guide(folder / "tone_changed.yml")), HANDLES[0])
    assert toned.current.tone and toned.new.tone and not toned.shared.tone
    accepted = split_account(base, Checker(load_guide(folder / "accepted_changed.yml")), HANDLES[0])
    assert not accepted.shared.rules and not accepted.shared.vocabulary
    with pytest.raises(KnownError):
        split_account(base, Checker(load_guide(folder / "account_removed.yml")), HANDLES[3])


class _CountingTone:
    """A tone analyzer that counts its checks."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer
        self.calls = 0

    def check(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.analyzer.check(*args, **kwargs)


def test_shared_checks_run_only_where_a_verdict_can_change(
    folder: Path, posts: list[PastPost]
) -> None:
    current = Checker(load_guide(folder / "brand-guide.yml"))
    new = Checker(load_guide(folder / "changed.yml"))
    counting = _CountingTone(current.tone)
    current.tone = counting  # type: ignore[assignment]
    known = [p for p in posts if p.account != "@Gone"]
    result = judge_chunk(current, new, known)
    assert result.changes  # and the tone measures ran on few posts:
    assert 0 < counting.calls < len(known) // 3
    # Guides that agree on everything run no check at all.
    same = Checker(load_guide(folder / "brand-guide.yml"))
    counting.calls = 0
    assert judge_chunk(current, same, known).changes == ()
    assert counting.calls == 0


def _spelling_workspace(root: Path, ignored: str) -> Path:
    shutil.copytree(resource_path("example"), root, dirs_exist_ok=True)
    style = root / "styles" / "Spell"
    style.mkdir(parents=True)
    (style / "Words.yml").write_text(
        "extends: spelling\nmessage: \"Did you mean '%s'?\"\nlevel: error\n"
        "ignore: [Spell/ignore.txt]\n",
        encoding="utf-8",
    )
    (style / "ignore.txt").write_text(ignored, encoding="utf-8")
    guide = root / "brand-guide.yml"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(
        _replaced(text, ("styles: [styles/Northwind]", "styles: [styles/Northwind, styles/Spell]")),
        encoding="utf-8",
    )
    return guide


def test_a_spelling_rule_with_other_dictionaries_is_not_the_same_rule(tmp_path: Path) -> None:
    """Two spelling rules written alike may read different word lists (their files)."""
    current = Checker(load_guide(_spelling_workspace(tmp_path / "a", "Zorblax\n")))
    new = Checker(load_guide(_spelling_workspace(tmp_path / "b", "Quuxly\n")))
    split = split_account(current, new, HANDLES[1])
    assert "Spell.Words" in split.current.rules and "Spell.Words" in split.new.rules
    posts = [
        PastPost(n, HANDLES[1], "published", text)
        for n, text in enumerate(
            ["The Zorblax tent is back.", "The Quuxly stove is back.", "The tent is back."]
        )
    ]
    assert _assert_same(current, new, posts) == 2
