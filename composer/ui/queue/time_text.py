"""Queue times as people read them: the account's wall clock beside the user's own.

Stored times are aware UTC. The user's zone is ``None`` for "this computer's zone" (Python's
``astimezone()`` with no argument, which follows the system's daylight-saving rules for each
moment) or an explicit zone (tests, screenshots).
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import QCoreApplication

#: The user's time zone: ``None`` means the system's.
LocalZone = tzinfo | None


def in_zone(moment: datetime, zone: LocalZone) -> datetime:
    """``moment`` on the wall clock of ``zone`` (the system's when ``None``)."""
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def zone_abbreviation(moment: datetime) -> str:
    """``PST``, ``BST``; the UTC offset (``+0530``) where the zone has no abbreviation."""
    name = moment.tzname() or ""
    if not name or name[0] in "+-":
        return moment.strftime("%z")
    return name


def account_time(moment: datetime, zone: tzinfo) -> str:
    """``Tue 3 Mar 10:30 PST``: the day, date and time in the account's zone."""
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M} {zone_abbreviation(local)}"


def both_times(moment: datetime, account_zone: tzinfo, local_zone: LocalZone = None) -> str:
    """``Tue 3 Mar 10:30 PST · 18:30 your time`` (the day too when the user's differs)."""
    there = moment.astimezone(account_zone)
    here = in_zone(moment, local_zone)
    first = account_time(moment, account_zone)
    if there.utcoffset() == here.utcoffset():
        return first + QCoreApplication.translate("QueueTimes", " · also your time")
    clock = f"{here:%H:%M}" if here.date() == there.date() else f"{here:%a %H:%M}"
    return first + QCoreApplication.translate("QueueTimes", " · %1 your time").replace("%1", clock)


def short_time(moment: datetime | None, local_zone: LocalZone = None) -> str:
    """``2026-03-02 10:15`` in the user's zone; empty for ``None``."""
    if moment is None:
        return ""
    return f"{in_zone(moment, local_zone):%Y-%m-%d %H:%M}"
