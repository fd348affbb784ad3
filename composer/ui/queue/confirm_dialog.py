"""The dialog a person uses to settle a post whose publishing outcome is unknown.

The connection was lost after the post was sent (or the app stopped while publishing), and
the account's API access cannot read its posts back: only a person looking at X can tell.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from composer.core.schedule import ScheduleError, parse_reply_target
from composer.store.records import DraftRecord
from composer.ui.queue.queue_model import flat


class ConfirmDialog(QDialog):
    """Confirm that a post is on X (with its id or URL), or that it is not.

    Args:
        record: The post waiting for a person.
        published: True to confirm it went out, False to confirm it did not.
        parent: Qt parent.
    """

    def __init__(
        self, record: DraftRecord, *, published: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.record = record
        self.published = published
        self.setWindowTitle(
            self.tr("Confirm Published") if published else self.tr("Confirm Not Published")
        )
        self.setAccessibleName(self.windowTitle())
        if published:
            intro = self.tr(
                "Find draft %1 on %2's timeline on X and paste the post's address or id. "
                "It is then recorded as published and never sent again."
            )
        else:
            intro = self.tr(
                "Confirm that draft %1 is not on %2's timeline on X. It is then recorded as "
                "failed; Retry puts it back in the queue."
            )
        label = QLabel(intro.replace("%1", str(record.id)).replace("%2", record.account))
        label.setWordWrap(True)
        excerpt = QLabel(flat(record.text))
        excerpt.setWordWrap(True)
        excerpt.setAccessibleName(self.tr("The post's text"))
        self.post_edit = QLineEdit()
        self.post_edit.setAccessibleName(self.tr("Post address or id on X"))
        self.post_edit.setPlaceholderText(self.tr("https://x.com/account/status/1234567890"))
        self.post_edit.setToolTip(self.tr("The post's address (…/status/1234…) or just its number"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem with the address"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(
            self.tr("&Record as Published") if published else self.tr("&Record as Not Published")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(excerpt)
        if published:
            form = QFormLayout()
            post_label = QLabel(self.tr("&Post on X:"))
            post_label.setBuddy(self.post_edit)
            form.addRow(post_label, self.post_edit)
            layout.addLayout(form)
            layout.addWidget(self.problem)
        else:
            self.post_edit.hide()
            self.problem.hide()
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.post_edit.textChanged.connect(self._on_post_edit_changed)
        self._on_post_edit_changed(self.post_edit.text())

    def post_id(self) -> str | None:
        """The post id typed or pasted (``None`` until it is one)."""
        try:
            return parse_reply_target(self.post_edit.text())
        except ScheduleError:
            return None

    @Slot(str)
    def _on_post_edit_changed(self, text: str) -> None:
        if not self.published:
            self.ok_button.setEnabled(True)
            return
        found = self.post_id()
        self.ok_button.setEnabled(found is not None)
        self.problem.setText(
            ""
            if found is not None or not text.strip()
            else self.tr("Not a post on X: paste its address (…/status/1234…) or its number.")
        )
