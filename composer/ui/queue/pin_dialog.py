"""The dialog that pins a queued post to an exact time, entered in its account's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone, Slot
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from composer.store.records import DraftRecord
from composer.ui.queue.queue_model import flat
from composer.ui.queue.time_text import LocalZone, both_times


def wall_time(naive: datetime, zone: tzinfo) -> datetime | None:
    """The aware UTC moment of wall time ``naive`` in ``zone``; ``None`` when the clocks skip it.

    In the autumn overlap the first occurrence is meant, as the scheduling core does.
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return utc


class PinDialog(QDialog):
    """Pick the date and time (in the account's zone) a post must go out at.

    Args:
        record: The queued post.
        zone: Its account's time zone.
        now: The current time (the earliest time offered).
        local_zone: The user's zone for the echo below the field (``None``: the system's).
        parent: Qt parent.
    """

    def __init__(
        self,
        record: DraftRecord,
        zone: tzinfo,
        *,
        now: datetime,
        local_zone: LocalZone = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.record = record
        self.zone = zone
        self._local = local_zone
        self.setWindowTitle(self.tr("Pin to a Time"))
        self.setAccessibleName(self.tr("Pin to a time"))
        intro = QLabel(
            self.tr("Pin draft %1 of %2 to this time. Reordering the queue leaves it there.")
            .replace("%1", str(record.id))
            .replace("%2", record.account)
        )
        intro.setWordWrap(True)
        excerpt = QLabel(flat(record.text))
        excerpt.setWordWrap(True)
        excerpt.setAccessibleName(self.tr("The post's text"))
        self.edit = QDateTimeEdit()
        # The field holds a wall time of the account's zone: keep Qt from applying the
        # computer's own daylight-saving rules to it.
        self.edit.setTimeZone(QTimeZone.utc())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.edit.setAccessibleName(self.tr("Time in the account's zone"))
        self.edit.setToolTip(
            self.tr("The date and time in %1, the time zone of %2")
            .replace("%1", str(zone))
            .replace("%2", record.account)
        )
        start = (record.scheduled_at or now).astimezone(zone)
        earliest = now.astimezone(zone)
        self.edit.setMinimumDateTime(_qt_wall(earliest))
        self.edit.setDateTime(_qt_wall(max(start, earliest)))
        self.echo = QLabel()
        self.echo.setAccessibleName(self.tr("The chosen time"))
        self.echo.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Pin"))
        form = QFormLayout()
        zone_label = QLabel(self.tr("&Time (%1):").replace("%1", str(zone)))
        zone_label.setBuddy(self.edit)
        form.addRow(zone_label, self.edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(excerpt)
        layout.addLayout(form)
        layout.addWidget(self.echo)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.dateTimeChanged.connect(self._on_edit_changed)
        self._on_edit_changed(self.edit.dateTime())

    def chosen(self) -> datetime | None:
        """The chosen moment (aware UTC), or ``None`` when it does not exist in the zone."""
        value = self.edit.dateTime()
        day, clock = value.date(), value.time()
        naive = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
        return wall_time(naive, self.zone)

    def set_chosen(self, moment: datetime) -> None:
        """Put ``moment`` (aware) in the field, as a wall time of the account's zone."""
        self.edit.setDateTime(_qt_wall(moment.astimezone(self.zone)))

    @Slot(QDateTime)
    def _on_edit_changed(self, _value: QDateTime) -> None:
        moment = self.chosen()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(moment is not None)
        if moment is None:
            self.echo.setText(
                self.tr(
                    "That time does not exist in %1: the clocks skip it. Pick another."
                ).replace("%1", str(self.zone))
            )
            return
        self.echo.setText(both_times(moment, self.zone, self._local))


def _qt_wall(moment: datetime) -> QDateTime:
    """A wall time as a QDateTime in the field's (UTC) time spec."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day),
        QTime(moment.hour, moment.minute),
        QTimeZone.utc(),
    )
