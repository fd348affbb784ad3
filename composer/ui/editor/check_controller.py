"""Runs the local check (style, tone, length) on the UI thread, throttled, and hides ignored findings.

The check itself is the core's (``Checker.check``), budgeted under 5 ms, so a thread would
only add races (STYLE.md, background work rule 1). A single-shot timer coalesces bursts of
keystrokes into one check.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from composer.core.findings import Finding, IgnoreKey, Report, ignore_key, visible_findings

#: Milliseconds between the last keystroke and the check; short enough to feel live.
THROTTLE_MS = 40


class CheckController(QObject):
    """Holds the compiled checker, the chosen account and the "ignore once" set.

    Signals:
        report_ready(object, object): the Report and the findings to show (ignored removed).
    """

    report_ready = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checker: Any | None = None
        self.account: Any | None = None
        self.report: Report | None = None
        self.visible: tuple[Finding, ...] = ()
        self._text = ""
        self._ignored: set[IgnoreKey] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(THROTTLE_MS)
        self._timer.timeout.connect(self.check_now)

    def set_checker(self, checker: Any | None, account: Any | None) -> None:
        """Use ``checker`` for ``account`` and re-check at once."""
        self.checker = checker
        self.account = account
        self.check_now()

    @Slot(str)
    def set_text(self, text: str) -> None:
        """The draft changed: check it shortly."""
        self._text = text
        self._timer.start()

    def ignore(self, finding: Finding) -> None:
        """Hide ``finding`` while the text it flagged stays in the draft."""
        self._ignored.add(ignore_key(finding, self._text))
        self._publish()

    def clear_ignored(self) -> None:
        """Forget every "ignore once" (a new draft)."""
        self._ignored.clear()

    @Slot()
    def check_now(self) -> None:
        """Check the current text immediately."""
        self._timer.stop()
        if self.checker is None:
            self.report = Report(text=self._text)
        else:
            self.report = self.checker.check(self._text, self.account)
        self._publish()

    def _publish(self) -> None:
        if self.report is None:
            return
        self.visible = visible_findings(self.report.findings, self.report.text, self._ignored)
        self.report_ready.emit(self.report, self.visible)
