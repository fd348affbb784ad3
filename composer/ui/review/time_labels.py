"""Short, readable labels for times and durations in the review lists."""

from __future__ import annotations

from datetime import datetime


def when(moment: datetime | None) -> str:
    """``2026-03-02 10:15`` in local time (stored times are aware UTC); empty for ``None``."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def duration(minutes: int) -> str:
    """``45 min``, ``2 h 05 min`` or ``3 d 4 h``."""
    minutes = max(minutes, 0)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def excerpt(text: str, size: int = 60) -> str:
    """The text on one line, cut to ``size`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"
