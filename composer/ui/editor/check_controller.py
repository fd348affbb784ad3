"""Runs the local check (style, tone, length) on the UI thread, throttled; hides ignored ones.

The check itself is the core's (``Checker.check``), budgeted under 5 ms, so a thread would
only add races (STYLE.md, background work rule 1). A single-shot timer coalesces bursts of
keystrokes into one check.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from composer.core.assessment import check_draft, with_findings
from composer.core.checker import Checker, too_long_to_check
from composer.core.findings import (
    Finding,
    IgnoreKey,
    Report,
    ignore_key,
    sort_findings,
    visible_findings,
)
from composer.core.guide.model import Account
from composer.core.offsets import remap_findings

#: Milliseconds between the last keystroke and the check; short enough to feel live.
THROTTLE_MS = 40


class CheckController(QObject):
    """Holds the compiled checker, the chosen account and the "ignore once" set.

    Signals:
        report_ready(object, object): the Report and the findings to show (ignored removed).

    ``report`` is the whole assessment (``composer.core.assessment``): the local checks per
    post, with the grammar findings for the same text merged in and counted in the score.
    """

    report_ready = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.checker: Checker | None = None
        self.account: Account | None = None
        self.report: Report | None = None
        self._local: Report | None = None
        self.visible: tuple[Finding, ...] = ()
        self._text = ""
        self._ignored: set[IgnoreKey] = set()
        self._grammar: tuple[Finding, ...] = ()
        self._grammar_text = ""
        self._grammar_revision = -1
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(THROTTLE_MS)
        self._timer.timeout.connect(self.check_now)

    def set_checker(self, checker: Checker | None, account: Account | None) -> None:
        """Use ``checker`` for ``account`` and re-check at once."""
        self.checker = checker
        self.account = account
        self.check_now()

    @Slot(str)
    def set_text(self, text: str, grammar_revision: int = -1) -> None:
        """The draft changed: check it shortly.

        Grammar findings of the previous text are moved along with unchanged text (or dropped
        where the edit touched them) until the grammar worker answers for this one.
        """
        if too_long_to_check(text):
            self._grammar = ()  # not shown, and moving them along would scan the whole text
        elif self._grammar and text != self._grammar_text:
            self._grammar = remap_findings(self._grammar, self._grammar_text, text)
            self._grammar_text = text
        self._text = text
        self._grammar_revision = grammar_revision
        self._timer.start()

    @Slot(int, list)
    def set_grammar(self, revision: int, findings: list[Finding]) -> None:
        """Grammar findings for grammar revision ``revision`` (stale revisions are ignored)."""
        if revision != self._grammar_revision:
            return
        self._grammar = tuple(findings)
        self._grammar_text = self._text
        self._publish()

    def ignore(self, finding: Finding) -> None:
        """Hide ``finding`` while the text it flagged stays in the draft."""
        self._ignored.add(ignore_key(finding, self._text))
        self._publish()

    def clear_ignored(self) -> None:
        """Forget every "ignore once" (a new draft)."""
        self._ignored.clear()

    @property
    def too_long(self) -> bool:
        """Whether the current text is too long to check (its report has no findings)."""
        return too_long_to_check(self._text)

    @Slot()
    def check_now(self) -> None:
        """Check the current text immediately (a text too long to check gets an empty report)."""
        self._timer.stop()
        if self.checker is None or self.too_long:
            self._local = Report(text=self._text)
        else:
            self._local = check_draft(self.checker, self._text, self.account)
        self._publish()

    def _publish(self) -> None:
        local = self._local
        if local is None:
            return
        report = local
        if self._grammar and self._grammar_text == local.text:
            # Without a guide there is no score to recompute: the findings are shown alone.
            report = (
                with_findings(local, self._grammar)
                if local.score is not None
                else Report(text=local.text, findings=sort_findings(self._grammar))
            )
        self.report = report
        self.visible = visible_findings(report.findings, report.text, self._ignored)
        self.report_ready.emit(report, self.visible)
