"""The announce/converse balance as a content-mix rule: ``announcement`` and ``reply``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from composer.core.guide import load_guide
from composer.core.guide.loader import lint_guide
from composer.core.guide.model import MixRule
from composer.core.schedule.mix import check_mix, kind_tags


@dataclass(frozen=True)
class Post:
    id: str
    tags: frozenset[str]


def test_the_guide_accepts_announcement_and_reply_measures(tmp_path: Path) -> None:
    path = tmp_path / "g.yml"
    path.write_text(
        "brand: T\naccounts:\n  - handle: '@T'\n    schedule:\n      slots: ['daily 09:00']\n"
        "      mix:\n"
        "        - {measure: announcement, at_most: 1, in_any: 5}\n"
        "        - {measure: reply, at_most: 8, in_any: 10}\n",
        encoding="utf-8",
    )
    assert lint_guide(path) == []
    schedule = load_guide(path).account("T").schedule
    assert schedule is not None
    assert schedule.mix == (MixRule("announcement", 1, 5), MixRule("reply", 8, 10))
    assert str(schedule.mix[0]) == "at most 1 announcement post in any 5"


def test_a_post_counts_as_its_kind_only_when_a_rule_names_it() -> None:
    rules = (MixRule("announcement", 1, 5),)
    assert kind_tags(is_reply=False, rules=rules) == {"announcement"}
    assert kind_tags(is_reply=True, rules=rules) == frozenset()
    assert kind_tags(is_reply=True, rules=(MixRule("reply", 3, 4),)) == {"reply"}
    assert kind_tags(is_reply=False, rules=(MixRule("promotional", 1, 4),)) == frozenset()


def test_two_announcements_among_five_posts_break_the_rule() -> None:
    rule = MixRule("announcement", 1, 5)

    def post(i: int, *, reply: bool) -> Post:
        return Post(str(i), kind_tags(is_reply=reply, rules=(rule,)))

    conversing = [post(1, reply=False), *(post(i, reply=True) for i in range(2, 6))]
    assert check_mix(conversing, [rule]) == []
    announcing = [*conversing[:3], post(6, reply=False), conversing[3]]
    (violation,) = check_mix(announcing, [rule])
    assert violation.post_ids == ("1", "6")
    assert "at most 1 announcement post in any 5" in violation.message
