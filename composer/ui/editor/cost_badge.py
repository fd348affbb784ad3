"""What the draft will cost on X, next to the counter, and the offer to move a link to a reply.

The amounts come from the core (:func:`composer.core.cost.post_cost`, the function the queue
and the CLI use too); the offer from :func:`composer.core.cost.link_to_reply`, which also
says what the move does to the price: with X's own prices the reply carrying the link is
billed as a post with a link, so the button says it costs more rather than promising a saving.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from composer.core.cost import LinkMove, PriceTable, format_amount, link_to_reply, post_cost


class CostBadge(QWidget):
    """The draft's predicted cost, and "Move the link to a reply" when a link costs more.

    Signals:
        text_replaced(str): the user applied the link move; the new draft text.
    """

    text_replaced = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prices = PriceTable()
        self._move: LinkMove | None = None
        self.label = QLabel()
        self.label.setObjectName("costLabel")
        self.label.setAccessibleName(self.tr("Cost on X"))
        self.move_button = QPushButton(self.tr("Move the link to a reply"))
        self.move_button.setAccessibleName(self.tr("Move the link to a reply"))
        self.move_button.hide()
        self.move_button.clicked.connect(self._on_move_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.move_button)

    @property
    def link_move(self) -> LinkMove | None:
        """The link move on offer for the current text, if any."""
        return self._move

    def set_prices(self, prices: PriceTable) -> None:
        """Use the workspace's price table from now on."""
        self._prices = prices

    def set_text(self, text: str) -> None:
        """Show the cost of ``text`` and whether moving its link to a reply is offered."""
        money = self._prices.currency
        cost = post_cost(text, self._prices) if text.strip() else None
        if cost is None:
            self.label.setText("")
            self.label.setToolTip("")
        else:
            parts = len(cost.parts)
            self.label.setText(
                self.tr("%1 on X").replace("%1", format_amount(cost.total, money))
                + (self.tr(" · %1 posts").replace("%1", str(parts)) if parts > 1 else "")
                + (self.tr(" · link") if cost.has_link else "")
            )
            self.label.setToolTip(
                self.tr(
                    "X's pay-per-use price as of %1: %2 a post, %3 a post with a link; a thread "
                    "is billed per post (workspace.toml [costs])."
                )
                .replace("%1", f"{self._prices.as_of:%Y-%m-%d}")
                .replace("%2", format_amount(self._prices.post, money))
                .replace("%3", format_amount(self._prices.post_with_link, money))
            )
        self._move = link_to_reply(text, self._prices) if cost is not None else None
        self.move_button.setVisible(self._move is not None)
        if self._move is not None:
            self.move_button.setToolTip(self._move_words(self._move))

    def _move_words(self, move: LinkMove) -> str:
        money = self._prices.currency
        before = format_amount(move.before, money)
        after = format_amount(move.after, money)
        if move.saving > 0:
            return (
                self.tr("Post the link in a reply: %1 instead of %2, saves %3.")
                .replace("%1", after)
                .replace("%2", before)
                .replace("%3", format_amount(move.saving, money))
            )
        return (
            self.tr(
                "Post the link in a reply: %1 instead of %2 (%3 more): X bills the reply with "
                "the link as a post with a link, so this saves nothing at these prices; it keeps "
                "the link out of the first post."
            )
            .replace("%1", after)
            .replace("%2", before)
            .replace("%3", format_amount(-move.saving, money))
        )

    @Slot()
    def _on_move_clicked(self) -> None:
        if self._move is not None:
            self.text_replaced.emit(self._move.text)
