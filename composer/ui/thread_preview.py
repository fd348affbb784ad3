"""The thread preview: the posts of a thread (parts between ``---`` lines), each with its count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # the counter module (twitter-text's tables) loads after the first paint
    from composer.core.counter import ThreadPart


class _PartCard(QFrame):
    """One post of the thread: its number, text, count and a copy button."""

    def __init__(self, part: ThreadPart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("threadPart")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.part = part
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        title = QLabel(
            self.tr("Post %1 of %2").replace("%1", str(part.number)).replace("%2", str(part.total))
        )
        title.setStyleSheet("font-weight: 600;")
        count = QLabel(f"{part.weighted_length:g}/{part.limit:g}")
        count.setAccessibleName(self.tr("Length"))
        copy = QPushButton(self.tr("Copy"))
        copy.setAccessibleName(self.tr("Copy post %1").replace("%1", str(part.number)))
        copy.clicked.connect(self._on_copy_clicked)
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(count)
        header.addWidget(copy)
        body = QLabel(part.text)
        body.setWordWrap(True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.setTextFormat(Qt.TextFormat.PlainText)
        layout.addLayout(header)
        layout.addWidget(body)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.part.text)


class ThreadPreview(QWidget):
    """Lists the posts a draft would be split into.

    Signals:
        numbering_toggled(bool): the user switched " 1/3" numbering on or off.
    """

    numbering_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Thread preview"))
        self._parts: tuple[ThreadPart, ...] = ()
        self._hint = QLabel()
        self._hint.setWordWrap(True)
        self.numbering = QCheckBox(self.tr("Num&ber posts (1/3)"))
        self.numbering.setAccessibleName(self.tr("Number the posts"))
        self.numbering.setChecked(True)
        self.numbering.toggled.connect(self.numbering_toggled)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setAccessibleName(self.tr("Thread posts"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        layout = QVBoxLayout(self)
        layout.addWidget(self._hint)
        layout.addWidget(self.numbering)
        layout.addWidget(scroll, 1)
        self.set_parts(())

    @property
    def parts(self) -> tuple[ThreadPart, ...]:
        """The posts currently shown."""
        return self._parts

    def set_parts(self, parts: tuple[ThreadPart, ...]) -> None:
        """Show ``parts`` (an empty tuple shows a hint instead)."""
        self._parts = parts
        while self._list_layout.count() > 1:
            item = self._list_layout.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                # Hidden now: until Qt deletes it, it would paint under the new cards.
                widget.hide()
                widget.deleteLater()
        for part in parts:
            self._list_layout.insertWidget(self._list_layout.count() - 1, _PartCard(part))
        if not parts:
            self._hint.setText(
                self.tr(
                    "When a draft is longer than the limit, choose Edit ▸ Split into Thread "
                    "(Ctrl+Shift+T): it writes a line of three dashes (---) between the posts. "
                    "You can type such lines yourself too."
                )
            )
        elif len(parts) == 1:
            self._hint.setText(self.tr("The draft fits in one post."))
        else:
            self._hint.setText(
                self.tr(
                    "%1 posts, each counted and checked on its own. Keep editing the draft: "
                    "the preview follows."
                ).replace("%1", str(len(parts)))
            )
