"""Runs the local check (style, tone, length) on the UI thread, throttled; hides ignored ones.

The check itself is the core's (``Checker.check``), budgeted under 5 ms, so a thread would
only add races (STYLE.md, background work rule 1). A single-shot timer coalesces bursts of
keystrokes into one check.

The draft's media join the report as :func:`composer.core.assessment.assess` joins them for
``draft submit``: the guide's media rules and each alt text's checks
(:func:`composer.core.media_rules.post_media_findings`), with what the grammar worker found in
each alt text, all scored with the post (:func:`composer.core.assessment.with_media`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance, Slot

from composer.core.assessment import check_draft, with_findings, with_media
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
from composer.core.media import MediaItem
from composer.core.media_rules import post_media_findings
from composer.core.offsets import remap_findings

#: Milliseconds between the last keystroke and the check; short enough to feel live.
THROTTLE_MS = 40


@runtime_checkable
class AltTextChecking(Protocol):
    """A grammar worker that reads the pictures' alt texts too (``GrammarWorker`` does)."""

    alt_findings_ready: SignalInstance

    def set_alt_texts(self, texts: Sequence[str]) -> None:
        """Check these alt texts (after the typing pause)."""


class CheckController(QObject):
    """Holds the compiled checker, the chosen account and the "ignore once" set.

    Signals:
        report_ready(object, object): the Report and the findings to show (ignored removed).

    ``report`` is the whole assessment (``composer.core.assessment``): the local checks per
    post, with the grammar findings for the same text merged in and counted in the score, and
    the media's findings (alt texts' spelling included) as ``draft submit`` finds them.
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
        self.media: tuple[MediaItem, ...] = ()
        self._alt_spelling: dict[str, tuple[Finding, ...]] = {}
        self._media_found: tuple[Finding, ...] | None = None
        self._alt_worker: AltTextChecking | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(THROTTLE_MS)
        self._timer.timeout.connect(self.check_now)

    def set_checker(self, checker: Checker | None, account: Account | None) -> None:
        """Use ``checker`` for ``account`` and re-check at once."""
        self.checker = checker
        self.account = account
        self._media_found = None
        self.check_now()

    def set_media(self, items: Sequence[MediaItem]) -> None:
        """The draft's media changed (added, moved, removed, alt text edited): report again.

        Until the grammar worker answers for an edited alt text, the findings of the text it
        replaced (the same picture's) are moved along with unchanged words, as the post's are.
        """
        old, self.media = self.media, tuple(items)
        if len(old) == len(self.media):
            for before, after in zip(old, self.media, strict=True):
                text = after.alt_text
                found = self._alt_spelling.get(before.alt_text)
                if text not in self._alt_spelling and found:
                    self._alt_spelling[text] = remap_findings(found, before.alt_text, text)
        self._keep_current_alt_spelling()
        self._media_found = None
        if self._alt_worker is not None:
            self._alt_worker.set_alt_texts([item.alt_text for item in self.media])
        self._publish()

    @Slot(object)
    def set_alt_spelling(self, found: Mapping[str, Sequence[Finding]]) -> None:
        """What the grammar worker found in each alt text (keyed by the alt text)."""
        self._alt_spelling.update({text: tuple(f) for text, f in found.items()})
        self._keep_current_alt_spelling()
        self._media_found = None
        self._publish()

    def set_grammar_worker(self, worker: object) -> None:
        """Grammar is checked by ``worker`` now, or not at all (``None``: Settings say off).

        The last service's findings go, on the post and on the alt texts; the new worker's
        answers bring their own. A worker that can (:class:`AltTextChecking`) is handed the
        alt texts, now and at every change of the media.
        """
        if self._alt_worker is not None:
            self._alt_worker.alt_findings_ready.disconnect(self.set_alt_spelling)
        self._alt_worker = worker if isinstance(worker, AltTextChecking) else None
        self._grammar = ()
        self._alt_spelling.clear()
        self._media_found = None
        if self._alt_worker is not None:
            self._alt_worker.alt_findings_ready.connect(self.set_alt_spelling)
            self._alt_worker.set_alt_texts([item.alt_text for item in self.media])
        self._publish()

    @property
    def media_findings(self) -> tuple[Finding, ...]:
        """The media's findings for the account (empty without a guide)."""
        if self._media_found is None:
            self._media_found = (
                post_media_findings(
                    self.checker,
                    self.media,
                    self.account,
                    spelling=[self._alt_spelling.get(i.alt_text, ()) for i in self.media],
                )
                if self.checker is not None and self.account is not None
                else ()
            )
        return self._media_found

    def _keep_current_alt_spelling(self) -> None:
        current = {item.alt_text for item in self.media}
        self._alt_spelling = {t: f for t, f in self._alt_spelling.items() if t in current}

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
        if report.score is not None and self.media:
            report = with_media(report, self.media, self.media_findings)
        self.report = report
        self.visible = visible_findings(report.findings, report.text, self._ignored)
        self.report_ready.emit(report, self.visible)
