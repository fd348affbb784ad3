"""Settings ▸ X Prices…: what X charges per post, when those prices were read, monthly caps.

The table lives in ``workspace.toml`` (``[costs]``); :class:`PricesSettings` owns the menu
action, opens :class:`PricesDialog` with the table in force, writes the new table with the
same service as ``queue prices`` (``composer.services.x_settings.save_prices``) on the
store's thread, audits it as ``prices_changed`` there, and tells the window (``saved``) so
the composer and the queue price posts with it at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.cost import PriceTable
from composer.core.errors import KnownError
from composer.store.store import Store
from composer.ui import palette
from composer.ui.review.store_client import StoreClient

#: The audit trail's name for a change of the price table (as ``queue prices`` writes it).
PRICES_CHANGED = "prices_changed"


def _today() -> date:
    return datetime.now(UTC).date()


class PricesDialog(QDialog):
    """The price table as a form: two prices, the currency, their date, a cap per account.

    A price typed anew dates the table today (the date stays editable). The OK button is
    enabled only while every field reads (a wrong one is named under the form).

    Args:
        prices: The table in force.
        handles: The guide's accounts (each may have a monthly cap).
        today: Today's date (injected for tests).
        parent: The window.
    """

    def __init__(
        self,
        prices: PriceTable,
        handles: Sequence[str],
        *,
        today: Callable[[], date] = _today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("X Prices"))
        self._today = today
        self._prices = prices
        intro = QLabel(
            self.tr(
                "X bills every post created through its API. The composer and the queue "
                "price posts with this table, and the publisher holds an account's posts once "
                "its monthly cap would be passed."
            )
        )
        intro.setWordWrap(True)
        self.post_edit = QLineEdit(str(prices.post))
        self.post_edit.setAccessibleName(self.tr("Price of a post"))
        self.link_edit = QLineEdit(str(prices.post_with_link))
        self.link_edit.setAccessibleName(self.tr("Price of a post with a link"))
        self.currency_edit = QLineEdit(prices.currency)
        self.currency_edit.setAccessibleName(self.tr("Currency"))
        self.as_of_edit = QDateEdit()
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        self.as_of_edit.setDate(QDate(prices.as_of.year, prices.as_of.month, prices.as_of.day))
        self.as_of_edit.setAccessibleName(self.tr("Prices as of"))
        self.default_button = QPushButton(self.tr("X's &Published Prices"))
        self.default_button.setToolTip(
            self.tr("Put back X's pay-per-use prices as this version knows them (caps kept)")
        )
        form = QFormLayout()
        form.addRow(self.tr("A &post:"), self.post_edit)
        form.addRow(self.tr("A post with a &link:"), self.link_edit)
        form.addRow(self.tr("&Currency:"), self.currency_edit)
        form.addRow(self.tr("Prices &as of:"), self.as_of_edit)
        form.addRow("", self.default_button)
        caps_box = QGroupBox(self.tr("Monthly cap per account (empty: no cap)"))
        caps_form = QFormLayout(caps_box)
        self.cap_edits: dict[str, QLineEdit] = {}
        for handle in dict.fromkeys([*handles, *prices.monthly_caps]):
            cap = prices.cap_for(handle)
            edit = QLineEdit("" if cap is None else str(cap))
            edit.setPlaceholderText(self.tr("no cap"))
            edit.setAccessibleName(self.tr("Monthly cap of %1").replace("%1", handle))
            caps_form.addRow(handle, edit)
            self.cap_edits[handle] = edit
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {palette.color('over').name()};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(caps_box)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        self._connect_signals()
        self._on_field_changed()

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.default_button.clicked.connect(self._on_default_clicked)
        for edit in (self.post_edit, self.link_edit, self.currency_edit):
            edit.textEdited.connect(self._on_price_edited)
            edit.textChanged.connect(self._on_field_changed)
        self.as_of_edit.dateChanged.connect(self._on_field_changed)
        for edit in self.cap_edits.values():
            edit.textChanged.connect(self._on_field_changed)

    def prices(self) -> PriceTable:
        """The table the form holds.

        Raises:
            KnownError: a field does not read (the message names it, e.g. ``'costs.post'``).
        """
        # Read as workspace.toml's [costs] is read: one reader, the same messages.
        from composer.services.x_settings import prices_from  # noqa: PLC0415

        day = self.as_of_edit.date()
        table: dict[str, Any] = {
            "post": self.post_edit.text(),
            "post_with_link": self.link_edit.text(),
            "currency": self.currency_edit.text(),
            "as_of": date(day.year(), day.month(), day.day()),
            "monthly_cap": {h: e.text() for h, e in self.cap_edits.items() if e.text().strip()},
        }
        return prices_from(table)

    @Slot()
    def _on_field_changed(self) -> None:
        try:
            self.prices()
        except KnownError as exc:
            self.problem_label.setText(str(exc))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        self.problem_label.clear()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    @Slot()
    def _on_price_edited(self) -> None:
        today = self._today()
        self.as_of_edit.setDate(QDate(today.year, today.month, today.day))

    @Slot()
    def _on_default_clicked(self) -> None:
        published = PriceTable()
        self.post_edit.setText(str(published.post))
        self.link_edit.setText(str(published.post_with_link))
        self.currency_edit.setText(published.currency)
        day = published.as_of
        self.as_of_edit.setDate(QDate(day.year, day.month, day.day))


class PricesSettings(QObject):
    """Settings ▸ X Prices…: the action, the dialog, the write and its audit.

    Args:
        root: The workspace folder (its ``workspace.toml`` holds the table).
        prices: The table in force when the window started.
        handles: The guide's accounts, asked when the dialog opens.
        client: The store client (the write and its audit run on its thread); ``None``
            writes the file at once, without an audit row.
        user: Who acts (the audit's actor).
        parent: The window (parent of the dialog).

    Signals:
        saved(PriceTable): the new table was written.
        problem(str): the table could not be written (why).
    """

    saved = Signal(object)
    problem = Signal(str)

    def __init__(
        self,
        root: Path,
        prices: PriceTable,
        handles: Callable[[], Sequence[str]],
        *,
        client: StoreClient | None,
        user: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._root = root
        self.prices = prices
        self._handles = handles
        self._client = client
        self._user = user
        self.dialog: PricesDialog | None = None
        self.action = QAction(self.tr("X &Prices…"), self)
        self.action.setStatusTip(
            self.tr("What X charges per post, when the prices were read, and monthly caps")
        )
        self.action.triggered.connect(self._on_action_triggered)

    @Slot()
    def _on_action_triggered(self) -> None:
        self.open()

    def open(self) -> PricesDialog:
        """Open the dialog on the table in force (window-modal, not blocking)."""
        parent = self.parent()
        dialog = PricesDialog(
            self.prices,
            self._handles(),
            parent=parent if isinstance(parent, QWidget) else None,
        )
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.accepted.connect(self._on_dialog_accepted)
        dialog.open()
        return dialog

    @Slot()
    def _on_dialog_accepted(self) -> None:
        if self.dialog is None:
            return
        try:
            wanted = self.dialog.prices()
        except KnownError as exc:
            self.problem.emit(str(exc))
            return
        if wanted == self.prices:
            return
        self.save(wanted)

    def save(self, prices: PriceTable) -> None:
        """Write ``prices`` (and audit it); ``saved`` or ``problem`` after."""
        from composer.services.x_settings import describe_prices, save_prices  # noqa: PLC0415

        root, actor, client = self._root, self._user, self._client
        if client is None:
            try:
                self._on_saved(save_prices(root, prices))
            except KnownError as exc:
                self.problem.emit(str(exc))
            return

        def work(store: Store) -> PriceTable:
            written = save_prices(root, prices)
            store.audit.record(
                PRICES_CHANGED, actor=actor, now=client.clock(), detail=describe_prices(written)
            )
            return written

        client.run(work, self._on_saved, self.problem.emit)

    def _on_saved(self, prices: PriceTable) -> None:
        self.prices = prices
        self.saved.emit(prices)


def add_prices_settings(
    menu: QMenu,
    root: Path,
    prices: PriceTable,
    handles: Callable[[], Sequence[str]],
    *,
    client: StoreClient | None,
    user: str,
    followers: Sequence[Callable[[PriceTable], None]],
    on_problem: Callable[[str], None],
    parent: QWidget,
) -> PricesSettings:
    """Settings ▸ X Prices… in ``menu``; each of ``followers`` gets a newly saved table."""
    settings = PricesSettings(root, prices, handles, client=client, user=user, parent=parent)
    menu.addAction(settings.action)
    for follower in followers:
        settings.saved.connect(follower)
    settings.problem.connect(on_problem)
    return settings
