"""The example guide and a changed copy of it, for the guide diff tests (issue 18, item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from composer.resources import resource_path

HELP, EVENTS = "@NorthwindHelp", "@NorthwindEvents"
#: 89 characters: fits @NorthwindHelp's 140, not the new guide's 88.
LONG_HELP = (
    "Thanks for waiting. Your replacement stakes are on their way and should arrive this week."
)
HYPE_HELP = "Our support team is awesome and will reply within the hour."
TONIGHT = "Join the trail run tonight at the Boulder store, 6pm MT."
CLEAN = "Thanks for your patience. We are checking your order and will reply within the hour."


def new_guide_text(current: str) -> str:
    """The example guide, changed: Help's limit 140 -> 88, hype allowed on Help, 'tonight'
    is pressure selling."""
    changed = current.replace("limit: 140", "limit: 88", 1)
    changed = changed.replace(
        "levels: {Northwind.Urgency: off, Northwind.Hype: error}",
        "levels: {Northwind.Urgency: off, Northwind.Hype: off}",
        1,
    )
    changed = changed.replace("don't miss out]", "don't miss out, tonight]", 1)
    assert changed.count("tonight]") == 1 and "limit: 88" in changed
    return changed


def write_guides(folder: Path) -> tuple[Path, Path]:
    """The example workspace's guide and the changed one, side by side (styles shared)."""
    shutil.copytree(resource_path("example"), folder, dirs_exist_ok=True)
    current = folder / "brand-guide.yml"
    new = folder / "new-guide.yml"
    new.write_text(new_guide_text(current.read_text(encoding="utf-8")), encoding="utf-8")
    return current, new
