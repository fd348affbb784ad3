"""The queue page's bar: which account's queue to show, its pause switch, and the crisis switch."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from composer.store.queue import PauseState
from composer.ui import palette


class QueueToolbar(QWidget):
    """An account filter with its pause toggle, Refresh, and the "Pause all (crisis)" toggle.

    The toggles show what the store holds (:meth:`show_state`); a click asks for a change and
    the next :meth:`show_state` settles the button, so a refused switch never stays flipped.

    Signals:
        account_changed(str): show this account's queue (empty: every account).
        pause_account_requested(str, bool): pause (True) or resume this account's queue.
        pause_all_requested(bool): pause (True) or resume every queue.
        refresh_requested(): load the queues again.
    """

    account_changed = Signal(str)
    pause_account_requested = Signal(str, bool)
    pause_all_requested = Signal(bool)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pause = PauseState(all=False, accounts=frozenset())
        # Mnemonics avoid the window's: the menus (F E V S H) and the toolbar (O C L), which
        # stay on screen over every page.
        self.account_combo = QComboBox()
        self.account_combo.setAccessibleName(self.tr("Account filter"))
        self.account_combo.setToolTip(self.tr("Show the queue of one account, or of all"))
        self.account_combo.addItem(self.tr("All accounts"), "")
        self.account_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.pause_account_button = QPushButton()
        self.pause_account_button.setCheckable(True)
        self.pause_all_button = QPushButton()
        self.pause_all_button.setObjectName("crisisButton")
        self.pause_all_button.setCheckable(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the queue"))
        self.refresh_button.setToolTip(self.tr("Load the queues again (F5)"))
        account_label = QLabel(self.tr("&Queue of:"))
        account_label.setBuddy(self.account_combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(account_label)
        layout.addWidget(self.account_combo)
        layout.addWidget(self.pause_account_button)
        layout.addStretch(1)
        layout.addWidget(self.refresh_button)
        layout.addSpacing(12)
        layout.addWidget(self.pause_all_button)
        self.setTabOrder(self.account_combo, self.pause_account_button)
        self.setTabOrder(self.pause_account_button, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.pause_all_button)
        self.account_combo.currentIndexChanged.connect(self._on_account_index_changed)
        self.pause_account_button.clicked.connect(self._on_pause_account_clicked)
        self.pause_all_button.clicked.connect(self.pause_all_requested)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self._apply_colors()
        self.show_state((), PauseState(all=False, accounts=frozenset()))

    @property
    def account(self) -> str:
        """The account chosen (empty: every account)."""
        return str(self.account_combo.currentData() or "")

    def show_every_account(self) -> None:
        """Choose "All accounts" (``account_changed`` follows when that is a change)."""
        self.account_combo.setCurrentIndex(0)

    def show_state(self, accounts: Sequence[str], pause: PauseState) -> None:
        """List ``accounts`` (paused ones marked) and set both toggles from ``pause``."""
        self._pause = pause
        combo = self.account_combo
        chosen = self.account
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All accounts"), "")
        for handle in accounts:
            label = (
                self.tr("%1 (paused)").replace("%1", handle) if handle in pause.accounts else handle
            )
            combo.addItem(label, handle)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.blockSignals(False)
        self._show_pause_all(pause.all)
        self._show_pause_account(self.account, paused=self.account in pause.accounts)

    def _show_pause_all(self, paused: bool) -> None:  # noqa: FBT001 - a state, not an option
        button = self.pause_all_button
        button.setChecked(paused)
        if paused:
            button.setText(self.tr("Resume All (Cr&isis Over)"))
            button.setAccessibleName(self.tr("Resume every queue"))
            button.setToolTip(
                self.tr("Let every account's queue publish again; missed slots are laid out anew")
            )
        else:
            button.setText(self.tr("Pause All (Cr&isis)"))
            button.setAccessibleName(self.tr("Pause every queue"))
            button.setToolTip(
                self.tr("The crisis switch: stop every account's queue at once, nothing goes out")
            )

    def _show_pause_account(self, account: str, *, paused: bool) -> None:
        button = self.pause_account_button
        button.setEnabled(bool(account))
        button.setChecked(bool(account) and paused)
        if not account:
            button.setText(self.tr("P&ause This Account"))
            button.setAccessibleName(self.tr("Pause this account"))
            button.setToolTip(self.tr("Choose an account to pause or resume its queue"))
        elif paused:
            button.setText(self.tr("Resume This &Account"))
            button.setAccessibleName(self.tr("Resume this account"))
            button.setToolTip(self.tr("Let %1's queue publish again").replace("%1", account))
        else:
            button.setText(self.tr("P&ause This Account"))
            button.setAccessibleName(self.tr("Pause this account"))
            button.setToolTip(
                self.tr("Stop %1's queue; other accounts go on").replace("%1", account)
            )

    def changeEvent(self, event: QEvent) -> None:
        """Follow the system's light or dark palette."""
        if palette.is_palette_change(event):
            self._apply_colors()
        super().changeEvent(event)

    def _apply_colors(self) -> None:
        red = palette.color("over").name()
        sheet = (
            f"QPushButton#crisisButton {{ color: {red}; font-weight: bold; padding: 4px 10px; }}"
            f"QPushButton#crisisButton:checked {{ background: {red}; color: white; }}"
        )
        if self.pause_all_button.styleSheet() != sheet:
            self.pause_all_button.setStyleSheet(sheet)

    @Slot(int)
    def _on_account_index_changed(self, _index: int) -> None:
        account = self.account
        self._show_pause_account(account, paused=account in self._pause.accounts)
        self.account_changed.emit(account)

    @Slot(bool)
    def _on_pause_account_clicked(self, checked: bool) -> None:  # noqa: FBT001 - Qt signal
        if self.account:
            self.pause_account_requested.emit(self.account, checked)
