"""Chooses the account a draft is written for (it sets limit, levels, rules and tone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

if TYPE_CHECKING:  # the guide model (and its rules) loads after the window's first paint
    from composer.core.guide.model import Account


class AccountSwitcher(QWidget):
    """A combo box of the guide's accounts.

    Signals:
        account_changed(object): the chosen account object (``None`` when there is none).
    """

    account_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QComboBox()
        self.box.setAccessibleName(self.tr("Account"))
        self.box.setMinimumContentsLength(14)
        # "@NorthwindHelp — customer care" whole, not cut after the handle.
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label = QLabel(self.tr("Acc&ount:"))
        label.setBuddy(self.box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.box)
        self._accounts: list[Account] = []
        self.box.currentIndexChanged.connect(self._on_index_changed)

    def set_accounts(self, accounts: list[Account], preferred: str = "") -> None:
        """List ``accounts`` (objects with ``handle`` and ``purpose``); select ``preferred``."""
        current = preferred or self.current_handle()
        self.box.blockSignals(True)
        self.box.clear()
        self._accounts = list(accounts)
        for account in self._accounts:
            purpose = getattr(account, "purpose", "")
            self.box.addItem(f"{account.handle} — {purpose}" if purpose else account.handle)
        index = next(
            (i for i, a in enumerate(self._accounts) if a.handle.lower() == current.lower()), 0
        )
        self.box.setCurrentIndex(index if self._accounts else -1)
        self.box.blockSignals(False)
        self._on_index_changed(self.box.currentIndex())

    @property
    def accounts(self) -> list[Account]:
        """The listed accounts, in order."""
        return list(self._accounts)

    def current(self) -> Account | None:
        """The chosen account."""
        index = self.box.currentIndex()
        return self._accounts[index] if 0 <= index < len(self._accounts) else None

    def current_handle(self) -> str:
        """The chosen account's handle, or an empty string."""
        account = self.current()
        return str(account.handle) if account is not None else ""

    def _on_index_changed(self, _index: int) -> None:
        self.account_changed.emit(self.current())
