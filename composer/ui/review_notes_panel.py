"""The reviewers' comments beside the composer, each at the words it was written on.

A comment is anchored to a span of the text version the reviewer read; as the author edits,
:func:`composer.core.diff.map_span` follows those words, and clicking the comment selects
them in the editor. Once the author rewrites the words, the comment says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from composer.core.diff import map_span
from composer.store.records import CommentRecord
from composer.ui.review.state_names import decision_label, state_label
from composer.ui.review.store_client import DraftDetail
from composer.ui.review.time_labels import when

_QUOTE_LIMIT = 80


class ReviewNotesPanel(QWidget):
    """Lists the open draft's comments and decisions; a click selects a comment's words.

    Signals:
        jump_requested(int, int): select this span (Python indices) of the editor's text.
        anchors_changed(object, str): where the comments sit in this text now, as
            ``(start, end, comment)`` Python spans (the editor tints them).
    """

    jump_requested = Signal(int, int)
    anchors_changed = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Reviewers' comments"))
        self.detail: DraftDetail | None = None
        self._text = ""
        self._lost: frozenset[int] = frozenset()  # comments whose words were rewritten
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Comments on the draft"))
        self.list.setWordWrap(True)
        self.list.setToolTip(self.tr("Click a comment (or press Enter) to select its words"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.list, 1)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.itemClicked.connect(self._on_item_activated)
        self.set_detail(None)

    @property
    def count(self) -> int:
        """How many comments are listed."""
        return len(self.detail.comments) if self.detail is not None else 0

    def set_detail(self, detail: DraftDetail | None, text: str | None = None) -> None:
        """Show the comments of ``detail`` (``None``: a new draft, nothing to show)."""
        self.detail = detail
        if text is not None:
            self._text = text
        elif detail is not None:
            self._text = detail.draft.text
        self._fill()

    def set_text(self, text: str) -> None:
        """The editor's text changed: follow the anchors."""
        if text == self._text:
            return
        self._text = text
        if self.detail is not None and self.detail.comments:
            # The list is written again only when a comment's words are found or lost.
            if self._lost_ids() != self._lost:
                self._fill_list()
            self.anchors_changed.emit(self.anchors(), self._text)

    def anchor(self, comment: CommentRecord) -> tuple[int, int] | None:
        """Where the words ``comment`` was written on are in the editor's text now."""
        if self.detail is None or comment.span_start is None or comment.span_end is None:
            return None
        version = self.detail.version(comment.text_version)
        if version is None:
            return None
        return map_span(version.text, self._text, comment.span_start, comment.span_end)

    def anchors(self) -> tuple[tuple[int, int, str], ...]:
        """The comments' words in the editor's text now, with who said what."""
        if self.detail is None:
            return ()
        found = []
        for comment in self.detail.comments:
            span = self.anchor(comment)
            if span is not None and span[1] > span[0]:
                found.append((span[0], span[1], f"{comment.author}: {comment.body}"))
        return tuple(found)

    def _lost_ids(self) -> frozenset[int]:
        if self.detail is None:
            return frozenset()
        return frozenset(
            c.id for c in self.detail.comments if c.span_start is not None and not self.anchor(c)
        )

    def _fill(self) -> None:
        self._fill_list()
        self.anchors_changed.emit(self.anchors(), self._text)

    def _fill_list(self) -> None:
        self._lost = self._lost_ids()
        self.list.clear()
        detail = self.detail
        if detail is None:
            self.header.setText(
                self.tr("Reviewers' comments appear here when you open a draft they commented on.")
            )
            return
        draft = detail.draft
        self.header.setText(
            self.tr("Draft %1 for %2 — %3")
            .replace("%1", str(draft.id))
            .replace("%2", draft.account)
            .replace("%3", state_label(draft.state))
        )
        for comment in detail.comments:
            self.list.addItem(self._comment_item(comment))
        for review in detail.reviews:
            line = (
                self.tr("%1 %2 version %3 · %4")
                .replace("%1", review.reviewer)
                .replace("%2", decision_label(review.decision))
                .replace("%3", str(review.text_version))
                .replace("%4", when(review.created_at))
            )
            item = QListWidgetItem(line)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        if not detail.comments and not detail.reviews:
            item = QListWidgetItem(self.tr("No comments on this draft."))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)

    def _comment_item(self, comment: CommentRecord) -> QListWidgetItem:
        head = (
            self.tr("%1 on version %2 · %3")
            .replace("%1", comment.author)
            .replace("%2", str(comment.text_version))
            .replace("%3", when(comment.created_at))
        )
        lines = [head]
        version = self.detail.version(comment.text_version) if self.detail else None
        if version is not None and comment.span_start is not None and comment.span_end is not None:
            words = version.text[comment.span_start : comment.span_end]
            lines.append(f"“{_shorten(words)}”")
            if self.anchor(comment) is None:
                lines.append(self.tr("(you have changed these words)"))
        lines.append(comment.body)
        item = QListWidgetItem("\n".join(lines))
        item.setData(Qt.ItemDataRole.UserRole, comment.id)
        item.setToolTip(comment.body)
        return item

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        comment_id = item.data(Qt.ItemDataRole.UserRole)
        if self.detail is None or not isinstance(comment_id, int):
            return
        comment = next((c for c in self.detail.comments if c.id == comment_id), None)
        span = self.anchor(comment) if comment is not None else None
        if span is not None:
            self.jump_requested.emit(*span)


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE_LIMIT else flat[: _QUOTE_LIMIT - 1] + "…"
