"""Writing accounts back into the guide: comments and layout kept, only valid guides written."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from composer.core.guide import load_guide
from composer.core.guide.account_form import AccountForm
from composer.resources import resource_path
from composer.services.guide_file import GuideWriteError, update_accounts


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    shutil.copytree(resource_path("example"), tmp_path / "ws")
    return tmp_path / "ws" / "brand-guide.yml"


def test_round_trip_keeps_comments_layout_and_other_keys(guide: Path) -> None:
    before = guide.read_text(encoding="utf-8")
    account = load_guide(guide).account("@NorthwindHelp")
    form = AccountForm.of(account)
    edited = replace(form, max_per_day=9, slots=(*form.slots, "Sun 11:00"), steps=0)
    update_accounts(guide, {account.handle: edited.changes(form)})
    after = guide.read_text(encoding="utf-8")

    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert removed == [
        '      slots: ["Mon-Fri 09:00", "Mon-Fri 13:00", "Sat 10:00"]',
        "      max_per_day: 8",
    ]
    assert added == [
        '      slots: ["Mon-Fri 09:00", "Mon-Fri 13:00", "Sat 10:00", "Sun 11:00"]',
        "      max_per_day: 9",
        "    approval: none",
    ]
    reloaded = load_guide(guide).account("@NorthwindHelp")
    assert reloaded.schedule is not None
    assert reloaded.schedule.max_per_day == 9
    assert reloaded.review["approval"] == "none"
    assert reloaded.levels == account.levels


def test_a_new_account_is_appended(guide: Path) -> None:
    form = AccountForm(
        "@NorthwindNews",
        purpose="Company news",
        limit=25_000,
        counting="v3",
        timezone="Europe/Paris",
        slots=("daily 10:00",),
        steps=2,
    )
    update_accounts(guide, {}, new=form.entry())
    news = load_guide(guide).account("@NorthwindNews")
    assert (news.limit, news.purpose, news.review["approval"]) == (
        25_000,
        "Company news",
        "two-step",
    )
    assert '  - handle: "@NorthwindNews"' in guide.read_text(encoding="utf-8")


def test_a_guide_that_would_not_load_is_not_written(guide: Path) -> None:
    before = guide.read_bytes()
    with pytest.raises(GuideWriteError, match=r"would not load: .*unknown time zone"):
        update_accounts(guide, {"@NorthwindHelp": ({}, {"timezone": "Mars/Olympus"})})
    with pytest.raises(GuideWriteError, match="has no account '@Nobody'"):
        update_accounts(guide, {"@Nobody": ({"limit": 200}, {})})
    assert guide.read_bytes() == before
    assert sorted(p.name for p in guide.parent.iterdir() if p.name.endswith(".tmp")) == []


def test_file_permissions_and_byte_order_mark_are_kept(guide: Path) -> None:
    guide.write_bytes(b"\xef\xbb\xbf" + guide.read_bytes())
    guide.chmod(0o640)
    update_accounts(guide, {"@NorthwindDeals": ({"purpose": "Deals"}, {})})
    assert guide.read_bytes().startswith(b"\xef\xbb\xbf")
    assert guide.stat().st_mode & 0o777 == 0o640
    assert load_guide(guide).account("@NorthwindDeals").purpose == "Deals"
