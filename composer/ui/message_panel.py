"""A framed, coloured panel (the problems banner, the welcome) that follows light and dark.

The colours live in a style sheet on an inner frame, not on the panel itself: Qt stops
telling a widget with a style sheet that the application palette changed, and the panel
must hear it to swap the light set for the dark one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from composer.ui import palette


class MessagePanel(QWidget):
    """The outer widget; subclasses put their content in :attr:`box_layout`.

    Args:
        frame_name: The inner frame's object name (the style sheet's selector).
        kind: The colour set: ``problem`` or ``info`` (see :func:`palette.panel_style`).
        parent: Qt parent.
    """

    #: Rules of the subclass's own, kept in the frame's one style sheet.
    extra_sheet = ""

    def __init__(
        self, frame_name: str, kind: str, parent: QWidget | None = None, *, styled: bool = True
    ) -> None:
        # ``styled=False``: the subclass calls :meth:`apply_colors` once its content is in
        # place, so Qt polishes each child against the style sheet once (not at every
        # ``addWidget`` into a styled frame: ~5 ms of the window's first paint).
        super().__init__(parent)
        self._kind = kind
        self.box = QFrame()
        self.box.setObjectName(frame_name)
        self.box_layout = QHBoxLayout(self.box)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.box)
        if styled:
            self.apply_colors()

    def changeEvent(self, event: QEvent) -> None:
        """Swap colour sets when the palette changes."""
        super().changeEvent(event)
        if palette.is_palette_change(event):
            self.apply_colors()

    def apply_colors(self) -> None:
        """Style the frame with the current colour set."""
        sheet = palette.panel_style(self.box.objectName(), self._kind) + self.extra_sheet
        if self.box.styleSheet() != sheet:
            self.box.setStyleSheet(sheet)

    def colour_sheet(self) -> str:
        """The style sheet in force (what tests and screenshots check)."""
        return self.box.styleSheet()
