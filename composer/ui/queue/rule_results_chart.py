"""Rules against results as a picture (issue 18, item 3): two bars per rule, painted here.

The installed PySide6 has no QtCharts, and two bars per rule need no plotting library: each
row names the rule and how many posts it fired on, then the median engagement rate of the
posts *with* it (accent colour) above the median of those *without* it (neutral), on one
scale, each with the number of posts it is the median of.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from composer.core.rule_results import PostOutcome, RuleResult, rules_against_results
from composer.ui import palette
from composer.ui.workers import InlineRunner, OperationRunner

#: Reads the published posts of ``(account or None, start, end)`` (any thread).
LoadOutcomes = Callable[[str | None, datetime, datetime], Sequence[PostOutcome]]

_ROW = 46
_LABEL = 260
_MARGIN = 8


class RuleResultsChart(QWidget):
    """Per rule: median engagement rate with it and without it, as two bars."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: tuple[RuleResult, ...] = ()
        self.setAccessibleName(self.tr("Median engagement rate with and without each rule"))
        self.setMinimumWidth(_LABEL + 200)

    def set_results(self, results: Sequence[RuleResult]) -> None:
        """Show ``results`` (one row each)."""
        self.results = tuple(results)
        self.setMinimumHeight(max(len(self.results), 1) * _ROW + 2 * _MARGIN)
        self.setAccessibleDescription(
            "; ".join(
                f"{r.rule}: {self.rate_text(r.median_with)} with ({r.with_rate}), "
                f"{self.rate_text(r.median_without)} without ({r.without_rate})"
                for r in self.results
            )
        )
        self.updateGeometry()
        self.update()

    @staticmethod
    def rate_text(value: float | None) -> str:
        """A rate as a percentage, or a dash."""
        return "–" if value is None else f"{value:.2%}"

    def sizeHint(self) -> QSize:
        """Room for every row."""
        return QSize(_LABEL + 420, max(len(self.results), 1) * _ROW + 2 * _MARGIN)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the rows."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        with_color = palette.color("ok")
        without_color = self.palette().color(QPalette.ColorRole.Mid)
        if not self.results:
            painter.setPen(text)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No rule fired in this period.")
            )
            painter.end()
            return
        rates = [
            v for r in self.results for v in (r.median_with, r.median_without) if v is not None
        ]
        top = max(rates, default=0.0) or 1.0
        width = max(self.width() - _LABEL - 3 * _MARGIN - 130, 40)
        for n, result in enumerate(self.results):
            y = _MARGIN + n * _ROW
            painter.setPen(text)
            label = QRectF(_MARGIN, y, _LABEL - _MARGIN, _ROW - 6)
            painter.drawText(
                label,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.tr("%1 (fired on %2)")
                .replace("%1", result.rule)
                .replace("%2", str(result.fired)),
            )
            for row, (value, count, color) in enumerate(
                (
                    (result.median_with, result.with_rate, with_color),
                    (result.median_without, result.without_rate, without_color),
                )
            ):
                bar_y = y + 4 + row * (_ROW - 10) / 2
                height = (_ROW - 14) / 2
                length = 0.0 if value is None else width * value / top
                painter.fillRect(QRectF(_LABEL, bar_y, length, height), color)
                painter.setPen(text)
                words = (
                    self.tr("with: %1 (%2 posts)")
                    if row == 0
                    else self.tr("without: %1 (%2 posts)")
                )
                painter.drawText(
                    QRectF(_LABEL + length + _MARGIN, bar_y - 2, 220, height + 4),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    words.replace("%1", self.rate_text(value)).replace("%2", str(count)),
                )
        painter.end()


class RuleResultsDialog(QDialog):
    """Rules against results for an account and period, as a chart.

    Args:
        load: Reads the period's published posts with their rules and rates.
        accounts: The accounts to choose from.
        runner: Where reads run (default: a thread of its own; tests pass an inline one).
        clock: The current time.

    Signals:
        shown(object): the results drawn (a tuple of :class:`RuleResult`).
    """

    shown = Signal(object)

    def __init__(
        self,
        load: LoadOutcomes,
        accounts: Sequence[str],
        *,
        runner: OperationRunner | InlineRunner | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._load = load
        self._own_runner = runner is None
        self._runner = runner if runner is not None else OperationRunner("rule-results")
        self._clock = clock
        self._closed = False
        self.setWindowTitle(self.tr("Rules Against Results"))
        self.setAccessibleName(self.windowTitle())
        self.resize(820, 560)
        self.account_combo = QComboBox()
        self.account_combo.setAccessibleName(self.tr("Account"))
        self.account_combo.addItem(self.tr("All accounts"), "")
        for handle in accounts:
            self.account_combo.addItem(handle, handle)
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Period"))
        for days in (30, 90, 365):
            self.period_combo.addItem(self.tr("Last %1 days").replace("%1", str(days)), days)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("What the report covers"))
        self.chart = RuleResultsChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        choices = QHBoxLayout()
        choices.addWidget(self.account_combo)
        choices.addWidget(self.period_combo)
        choices.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.account_combo.currentIndexChanged.connect(self.refresh)
        self.period_combo.currentIndexChanged.connect(self.refresh)

    def done(self, result: int) -> None:
        """Close; the dialog's own thread stops once a read under way is over."""
        self._closed = True
        if self._own_runner:
            self._runner.shutdown(0)
        super().done(result)

    @Slot()
    def refresh(self) -> None:
        """Read the chosen account's and period's posts and draw them."""
        account = str(self.account_combo.currentData() or "") or None
        days = int(self.period_combo.currentData() or 30)
        end = self._clock()
        start = end - timedelta(days=days)
        load = self._load
        self.summary.setText(self.tr("Reading…"))
        self._runner.submit(
            lambda: list(load(account, start, end)), self._on_loaded, self._on_failed
        )

    def _on_loaded(self, posts: object) -> None:
        if self._closed or not isinstance(posts, list):
            return
        results = rules_against_results(posts)
        read = sum(1 for p in posts if p.rate is not None)
        self.summary.setText(
            self.tr(
                "%1 published posts, %2 with results from X. Bars: the median engagement rate "
                "of the posts a rule fired on, and of those it did not. A median is not a "
                "cause; mind the counts."
            )
            .replace("%1", str(len(posts)))
            .replace("%2", str(read))
        )
        self.chart.set_results(results)
        self.shown.emit(results)

    def _on_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self.summary.setText(self.tr("The results could not be read: %1").replace("%1", str(error)))


def outcomes_in_workspace(database_url: str) -> LoadOutcomes:
    """Reads the published posts' outcomes from the workspace's store (its own connection)."""

    def load(account: str | None, start: datetime, end: datetime) -> list[PostOutcome]:
        from composer.store.store import Store  # noqa: PLC0415

        with Store.open(database_url) as store:
            return store.metrics.published_outcomes(start, end, account=account)

    return load


__all__ = ["RuleResultsChart", "RuleResultsDialog", "outcomes_in_workspace"]
