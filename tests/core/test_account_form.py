"""The Accounts form: read from the guide, checked by the loader's rules, changes key by key."""

from __future__ import annotations

from dataclasses import replace

from composer.core.guide import load_guide
from composer.core.guide.account_form import (
    AccountForm,
    form_problems,
    parse_blackout_lines,
)
from composer.core.guide.model import Account, Blackout
from composer.core.workflow import Require, parse_policy
from composer.resources import resource_path

PROFILES = frozenset({"support", "promotions"})


def example() -> list[Account]:
    return list(load_guide(resource_path("example") / "brand-guide.yml").accounts)


def test_read_from_the_example_guide() -> None:
    alerts = next(a for a in example() if a.handle == "@NorthwindAlerts")
    form = AccountForm.of(alerts)
    assert (form.steps, form.require, form.limit, form.counting) == (2, Require.ANY, 280, "v3")
    assert form.timezone == "UTC"
    assert form.slots == ("daily 08:00", "daily 16:00")
    help_form = AccountForm.of(next(a for a in example() if a.handle == "@NorthwindHelp"))
    assert help_form.reviewers == ("support-leads",)


def test_only_changed_keys_are_written() -> None:
    form = AccountForm.of(example()[0])
    assert form.changes(form) == ({}, {})
    changed = replace(form, max_per_day=9, steps=0)
    assert changed.changes(form) == ({"approval": "none"}, {"max_per_day": 9})


def test_approval_values_read_back_as_the_same_policy() -> None:
    for steps in range(4):
        for require in Require:
            form = AccountForm("@Acme", steps=steps, require=require)
            policy = parse_policy("@Acme", approval=form.approval())
            assert len(policy.steps) == steps
            assert all(s.require is require for s in policy.steps)


def test_problems_are_the_loaders_by_field() -> None:
    form = AccountForm(
        "@bad handle",
        limit=280,
        counting="v3",
        tone="shouting",
        timezone="Mars/Olympus",
        slots=("Mon-Fri 9am",),
        blackouts=(Blackout("tomorrow", "2026-01-02"),),
    )
    problems = form_problems(form, profiles=PROFILES)
    assert problems["handle"].startswith("invalid handle")
    assert problems["tone"].startswith("unknown tone profile 'shouting'")
    assert problems["timezone"] == "unknown time zone 'Mars/Olympus'"
    assert problems["slots"].startswith("invalid slot 'Mon-Fri 9am'")
    assert problems["blackouts"].startswith("blackout start must be an ISO date")


def test_a_handle_is_used_once_and_review_off_is_valid() -> None:
    form = AccountForm("@NorthwindHelp", steps=0)
    assert form_problems(form, other_handles=["@northwindhelp"]) == {
        "handle": "duplicate account '@NorthwindHelp'"
    }
    assert form_problems(form) == {}


def test_blackout_lines() -> None:
    assert parse_blackout_lines("2026-11-26 2026-11-27 Thanksgiving Day\n\n") == (
        (Blackout("2026-11-26", "2026-11-27", "Thanksgiving Day"),),
        "",
    )
    assert parse_blackout_lines("2026-11-26")[1] == "blackout line 1 needs a start and an end date"


def test_reply_steps_read_written_and_checked() -> None:
    alerts = next(a for a in example() if a.handle == "@NorthwindAlerts")
    form = AccountForm.of(alerts)
    assert form.reply_steps == 0 and form.reply_approval() is None  # replies as posts
    faster = replace(form, reply_steps=1)
    assert faster.changes(form) == ({"reply_approval": "any"}, {})
    policy = parse_policy("@A", approval=faster.approval(), reply_approval=faster.reply_approval())
    assert policy.reply_steps is not None and len(policy.reply_steps) == 1
    assert replace(faster, reply_steps=0).changes(faster) == ({"reply_approval": None}, {})
    for steps in range(1, 4):
        for require in Require:
            f = AccountForm("@Acme", steps=1, require=require, reply_steps=steps)
            reply = parse_policy("@Acme", reply_approval=f.reply_approval()).reply_steps
            assert reply is not None and len(reply) == steps
            assert all(s.require is require for s in reply)
    read_back = replace(alerts, review={**alerts.review, "reply_approval": "one-step"})
    assert AccountForm.of(read_back).reply_steps == 1
    assert "reply_approval" in form_problems(replace(form, reply_steps=4))
