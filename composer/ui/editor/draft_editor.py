"""The draft editor: a plain-text editor that paints overflow, entities and finding underlines.

Marks come from the core as Python spans; :mod:`composer.ui.positions` converts them to Qt
positions here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextFormat, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from composer.core.findings import Finding
from composer.core.underlines import underlines
from composer.ui import palette
from composer.ui.positions import PositionMap

if TYPE_CHECKING:  # the counter module (twitter-text's tables) loads after the first paint
    from composer.core.counter import CounterView

#: Entities are marked in this many first characters only: a pasted document of thousands of
#: links and mentions would otherwise take seconds to paint (the overflow mark covers the rest).
MAX_MARKED_CHARS = 20_000
#: Qt's word-boundary wrapping takes quadratic time on a run this long without a space (a
#: pasted 400 KB of base64 froze the window for a minute): such text wraps anywhere instead.
LONG_RUN_CHARS = 10_000
#: Marks a reviewer's comment anchor among the editor's extra selections.
_ANCHOR_PROPERTY = int(QTextFormat.Property.UserProperty) + 1


class DraftEditor(QPlainTextEdit):
    """Where a draft is typed.

    Signals:
        draft_changed(str): the text changed (on every keystroke).
    """

    draft_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Draft"))
        self.setPlaceholderText(self.tr("What do you want to say? Type your draft here."))
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25 if font.pointSizeF() > 0 else 12)
        self.setFont(font)
        self.document().setDocumentMargin(10)
        self._counter_marks: list[QTextEdit.ExtraSelection] = []
        self._finding_marks: list[QTextEdit.ExtraSelection] = []
        self._anchor_marks: list[QTextEdit.ExtraSelection] = []
        # What the marks were painted from, to paint them again in the new palette's colours.
        self._counter_shown: tuple[CounterView, str] | None = None
        self._findings_shown: tuple[tuple[Finding, ...], str] | None = None
        self._anchors_shown: tuple[tuple[tuple[int, int, str], ...], str] | None = None
        self.textChanged.connect(self._on_text_changed)

    def changeEvent(self, event: QEvent) -> None:
        """Repaint the marks when the system switches between light and dark."""
        super().changeEvent(event)
        if palette.is_palette_change(event):
            if self._counter_shown is not None:
                self.show_counter(*self._counter_shown)
            if self._findings_shown is not None:
                self.show_findings(*self._findings_shown)
            if self._anchors_shown is not None:
                self.show_anchors(*self._anchors_shown)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste or drop: wrap anywhere first if the text would make wrapping too slow.

        NUL characters are left out: no draft may hold one (composer/core/entry.py), and one
        pasted from a binary file would otherwise block the draft's save.
        """
        if source.hasText():
            text = source.text()
            if "\0" in text:
                clean = QMimeData()
                clean.setText(text.replace("\0", ""))
                source = clean
                text = clean.text()
            self.prepare_for(text)
        super().insertFromMimeData(source)

    def prepare_for(self, text: str) -> None:
        """Before ``text`` goes in: wrap anywhere if it has a very long run without a space.

        Qt lays text out as it is inserted, so this must come first; the normal wrapping
        returns once the draft is short again.
        """
        if len(text) > LONG_RUN_CHARS and max(map(len, text.split()), default=0) > LONG_RUN_CHARS:
            self.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)

    def _on_text_changed(self) -> None:
        if (
            self.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
            and self.document().characterCount() <= LONG_RUN_CHARS
        ):
            self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.draft_changed.emit(self.toPlainText())

    def show_counter(self, view: CounterView, text: str) -> None:
        """Mark entities and the part of ``text`` past the limit."""
        self._counter_shown = (view, text)
        marked = min(len(text), max(MAX_MARKED_CHARS, view.overflow_start or 0))
        # Qt positions up to index i depend only on text[:i]: map no more than is marked.
        positions = PositionMap.of(text[:marked])
        marks: list[QTextEdit.ExtraSelection] = []
        entity_format = QTextCharFormat()
        entity_format.setForeground(palette.color("entity"))
        for entity in view.entities:
            if entity.end > marked:
                continue
            marks.append(self._selection(positions, entity.start, entity.end, entity_format))
        overflow_format = QTextCharFormat()
        overflow_format.setBackground(palette.color("overflow_bg"))
        overflow_format.setToolTip(self.tr("Past the character limit"))
        if view.overflows:
            # A thread: each post past its own limit is marked up to its end.
            full = PositionMap.of(text[: max(e for _s, e in view.overflows)])
            for start, end in view.overflows:
                marks.append(self._selection(full, start, end, overflow_format))
        elif view.overflow_start is not None and view.overflow_start < len(text):
            overflow = self._selection(
                positions, view.overflow_start, view.overflow_start, overflow_format
            )
            overflow.cursor.movePosition(
                QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor
            )
            marks.append(overflow)
        self._counter_marks = marks
        self._apply_marks()

    def show_findings(self, findings: Iterable[Finding], text: str) -> None:
        """Underline findings, coloured by the most severe, with every message as tooltip."""
        shown = tuple(findings)
        self._findings_shown = (shown, text)
        # One piece per stretch of text: every place a finding marks (30 emoji over a limit:
        # 30 underlines); where findings overlap, the most severe shows, the tooltip lists all.
        pieces = underlines(shown)
        positions = PositionMap.of(text[: max((u.end for u in pieces), default=0)])
        marks: list[QTextEdit.ExtraSelection] = []
        for piece in pieces:
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(palette.level_color(piece.level))
            fmt.setToolTip("\n\n".join(self._tip(f) for f in piece.findings))
            fmt.setProperty(QTextFormat.Property.UserProperty, piece.findings[0].rule)
            marks.append(self._selection(positions, piece.start, piece.end, fmt))
        self._finding_marks = marks
        self._apply_marks()

    def _tip(self, finding: Finding) -> str:
        """One finding's part of a tooltip: message, rule, fix and link."""
        tip = f"{finding.message} ({finding.rule})"
        if finding.replacements:
            tip += "\n" + self.tr("Fix: %1 (Ctrl+.)").replace("%1", finding.replacements[0])
        if finding.link:
            tip += "\n" + finding.link
        return tip

    def marks(self) -> list[tuple[int, int, str]]:
        """The painted marks as (Qt start, Qt end, kind) triples, for tests and accessibility."""
        result = []
        for sel in self.extraSelections():
            fmt = sel.format
            if fmt.property(_ANCHOR_PROPERTY) is True:
                kind = "comment"
            elif fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline:
                kind = "finding"
            elif fmt.background().style() != Qt.BrushStyle.NoBrush:
                kind = "overflow"
            else:
                kind = "entity"
            result.append((sel.cursor.selectionStart(), sel.cursor.selectionEnd(), kind))
        return result

    def select_span(self, start: int, end: int) -> None:
        """Select the Python span ``[start, end)`` and scroll to it."""
        positions = PositionMap.of(self.toPlainText())
        qt_start, length = positions.span_to_qt(start, end)
        cursor = self.textCursor()
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_start + length, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def replace_span(self, start: int, end: int, replacement: str) -> None:
        """Replace the Python span ``[start, end)`` as one undoable edit."""
        positions = PositionMap.of(self.toPlainText())
        qt_start, length = positions.span_to_qt(start, end)
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_start + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def replace_all(self, text: str) -> None:
        """Put ``text`` in place of the whole draft as one undoable edit."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        self.setTextCursor(cursor)

    def _selection(
        self, positions: PositionMap, start: int, end: int, fmt: QTextCharFormat
    ) -> QTextEdit.ExtraSelection:
        qt_start, length = positions.span_to_qt(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_start + length, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def show_anchors(self, anchors: Iterable[tuple[int, int, str]], text: str) -> None:
        """Tint the words reviewers commented on: Python spans of ``text``, comment as tooltip."""
        shown = tuple(a for a in anchors if a[1] <= len(text))
        self._anchors_shown = (shown, text)
        positions = PositionMap.of(text[: max((end for _s, end, _c in shown), default=0)])
        marks: list[QTextEdit.ExtraSelection] = []
        for start, end, comment in shown:
            if end <= start:
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(palette.color("info_border"))
            fmt.setToolTip(comment)
            fmt.setProperty(_ANCHOR_PROPERTY, True)
            marks.append(self._selection(positions, start, end, fmt))
        self._anchor_marks = marks
        self._apply_marks()

    def _apply_marks(self) -> None:
        # Comments first: an underline or the overflow tint painted later stays visible.
        self.setExtraSelections(self._anchor_marks + self._counter_marks + self._finding_marks)
