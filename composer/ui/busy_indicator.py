"""The status bar's busy indicator: an endless progress bar and what is going on.

Work that ends within :data:`SHOW_AFTER_MS` shows nothing, so quick store calls do not make
it flicker; anything longer shows until the last piece of work ends.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

#: Work shorter than this shows no indicator.
SHOW_AFTER_MS = 400


class BusyIndicator(QWidget):
    """Tracks named pieces of work; visible while any has run longer than a moment."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Busy"))
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # endless: we cannot know how long the work takes
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(90)
        self.bar.setMaximumHeight(14)
        self.bar.setAccessibleName(self.tr("Working"))
        self.label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self._work: dict[str, str] = {}
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SHOW_AFTER_MS)
        self._delay.timeout.connect(self._on_delay_timeout)
        self.hide()

    @property
    def busy(self) -> bool:
        """True while any work is going on (shown or not yet)."""
        return bool(self._work)

    def start(self, key: str, message: str) -> None:
        """Work named ``key`` started; ``message`` says what it is."""
        self._work[key] = message
        if not self.isHidden():
            self._refresh()
        elif not self._delay.isActive():
            self._delay.start()

    def stop(self, key: str) -> None:
        """Work named ``key`` ended."""
        self._work.pop(key, None)
        if not self._work:
            self._delay.stop()
            self.hide()
        elif not self.isHidden():
            self._refresh()

    def set_busy(self, key: str, message: str, busy: bool) -> None:  # noqa: FBT001 - a slot
        """:meth:`start` or :meth:`stop`, for signals that carry a flag."""
        if busy:
            self.start(key, message)
        else:
            self.stop(key)

    @Slot()
    def _on_delay_timeout(self) -> None:
        if self._work:
            self._refresh()
            self.show()

    def _refresh(self) -> None:
        text = " · ".join(dict.fromkeys(self._work.values()))
        self.label.setText(text)
        self.setToolTip(text)
        self.bar.setAccessibleDescription(text)
