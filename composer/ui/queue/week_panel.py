"""The week tab: week navigation, the time-zone toggle, the account legend and the week view."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from composer.ui.queue.account_colors import AccountColors
from composer.ui.queue.queue_model import QueueModel
from composer.ui.queue.week_view import WeekView


class WeekPanel(QWidget):
    """Buttons for the previous, current and next week above the week view.

    Args:
        model: The queue model the week view paints from.
        parent: Qt parent.

    Signals:
        activated(int): show this post (its id) in the list.
    """

    activated = Signal(int)

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = date.today()
        self.setAccessibleName(self.tr("Week"))
        self.view = WeekView(model)
        self.view.setToolTip(
            self.tr(
                "Arrow keys step through the week's posts · Enter shows one in the list · "
                "Page Up/Down change the week"
            )
        )
        self.back_button = QPushButton(self.tr("◀ &Back a Week"))
        self.back_button.setAccessibleName(self.tr("Previous week"))
        self.back_button.setToolTip(self.tr("Show the week before (Page Up in the week)"))
        self.today_button = QPushButton(self.tr("This Wee&k"))
        self.today_button.setAccessibleName(self.tr("This week"))
        self.today_button.setToolTip(self.tr("Show the week of today"))
        self.next_button = QPushButton(self.tr("Ne&xt Week ▶"))
        self.next_button.setAccessibleName(self.tr("Next week"))
        self.next_button.setToolTip(self.tr("Show the week after (Page Down in the week)"))
        self.title = QLabel()
        self.title.setAccessibleName(self.tr("Week shown"))
        self.local_check = QCheckBox(self.tr("Show in &my local time"))
        self.local_check.setAccessibleName(self.tr("Show in my local time"))
        self.local_check.setToolTip(
            self.tr("Place posts at your own time; otherwise each stands at its account's time")
        )
        self.legend = QWidget()
        self.legend.setAccessibleName(self.tr("Account colours"))
        self._legend_layout = QHBoxLayout(self.legend)
        self._legend_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area = scroll
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        # The title wraps rather than widening the window past a small (800x600) screen.
        self.title.setWordWrap(True)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.local_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.legend)
        layout.addWidget(scroll, 1)
        self.setTabOrder(self.back_button, self.today_button)
        self.setTabOrder(self.today_button, self.next_button)
        self.setTabOrder(self.next_button, self.local_check)
        self.setTabOrder(self.local_check, self.view)
        self._connect_signals()
        self._on_week_changed(self.view.monday)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(lambda: self.view.shift_week(-1))
        self.next_button.clicked.connect(lambda: self.view.shift_week(1))
        self.today_button.clicked.connect(self._on_today_clicked)
        self.local_check.toggled.connect(self._on_local_toggled)
        self.view.week_changed.connect(self._on_week_changed)
        self.view.model.modelReset.connect(lambda: self._on_week_changed(self.view.monday))
        self.view.activated.connect(self.activated)

    def set_today(self, today: date) -> None:
        """The user's today (from the page's clock); a new day shows its week."""
        new_day = self._today != today
        self._today = today
        self.view.set_today(today)
        if new_day:
            self.view.set_week(today)
        self._on_week_changed(self.view.monday)

    def set_accounts(self, accounts: Sequence[str], colors: AccountColors) -> None:
        """Show one swatch and name per account."""
        while self._legend_layout.count():
            item = self._legend_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for handle in sorted(accounts):
            swatch = QLabel()
            swatch.setPixmap(colors.swatch(handle).pixmap(12, 12))
            swatch.setAccessibleName(self.tr("Colour of %1").replace("%1", handle))
            name = QLabel(handle)
            self._legend_layout.addWidget(swatch)
            self._legend_layout.addWidget(name)
            self._legend_layout.addSpacing(10)
        self._legend_layout.addStretch(1)

    @Slot()
    def _on_today_clicked(self) -> None:
        self.view.set_week(self._today)

    @Slot(bool)
    def _on_local_toggled(self, checked: bool) -> None:  # noqa: FBT001 - Qt signal
        self.view.set_local_time(checked)
        self._on_week_changed(self.view.monday)

    @Slot(object)
    def _on_week_changed(self, monday: date) -> None:
        sunday = monday + timedelta(days=6)
        where = (
            self.tr("your local time")
            if self.view.shows_local_time
            else self.tr("each account's own time")
        )
        self.title.setText(
            self.tr("%1 – %2 · %3 posts · times in %4")
            .replace("%1", f"{monday.day} {monday:%b}")
            .replace("%2", f"{sunday.day} {sunday:%b %Y}")
            .replace("%3", str(len(self.view.blocks)))
            .replace("%4", where)
        )
