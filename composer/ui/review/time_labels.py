"""Short, readable labels for times and durations in the review lists."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication


def when(moment: datetime | None) -> str:
    """``2026-03-02 10:15`` in local time (stored times are aware UTC); empty for ``None``."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def duration(minutes: int) -> str:
    """``45 min``, ``2 h 05 min`` or ``3 d 4 h``."""
    minutes = max(minutes, 0)
    if minutes < 60:
        return QCoreApplication.translate("TimeLabels", "%1 min").replace("%1", str(minutes))
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return (
            QCoreApplication.translate("TimeLabels", "%1 h %2 min")
            .replace("%1", str(hours))
            .replace("%2", f"{rest:02d}")
        )
    days, hours = divmod(hours, 24)
    return (
        QCoreApplication.translate("TimeLabels", "%1 d %2 h")
        .replace("%1", str(days))
        .replace("%2", str(hours))
    )


def excerpt(text: str, size: int = 60) -> str:
    """The text on one line, cut to ``size`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


def first_line(text: str) -> str:
    """The first line of ``text`` that has words, whole (the drafts list shows it so)."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
