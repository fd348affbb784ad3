"""Rules against results in the window (issue 18, item 3): the Queue page's dialog and chart."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot
from queue_seed import HELP, NOW, published_outcome

from composer.core.ab_test import PublicMetrics
from composer.core.findings import Finding, Level
from composer.core.guide.model import Guide
from composer.core.rule_results import PostOutcome, RuleResult
from composer.core.workflow import Action
from composer.services.queueing import schedule_of
from composer.store.store import Store
from composer.ui.queue.queue_page import QueuePage
from composer.ui.queue.rule_results_chart import (
    RuleResultsChart,
    RuleResultsDialog,
    outcomes_in_workspace,
)
from composer.ui.workers import InlineRunner

LOUD = "Thanks for waiting! We are checking your order! Reply soon."
QUIET = "Thanks for your patience. We are checking your order and will reply within the hour."


def published(store: Store, guide: Guide, text: str, findings: tuple[Finding, ...]) -> int:
    draft = store.drafts.create(HELP, text, author="ann", findings=findings, now=NOW)
    draft = store.drafts.submit(
        draft.id,
        actor="ann",
        expected_version=draft.version,
        findings=findings,
        reason="a happy customer" if findings else "",
        now=NOW,
    )
    store.drafts.review(
        draft.id, Action.APPROVE, actor="rex", expected_version=draft.version, now=NOW
    )
    store.queue.enqueue(draft.id, actor="system", schedule=schedule_of(guide, HELP), now=NOW)
    published_outcome(store, draft.id, "published", post_ids=(str(900 + draft.id),))
    return draft.id


def test_the_dialog_charts_each_rule_with_and_without(
    qtbot: QtBot, store: Store, guide: Guide, db_url: str
) -> None:
    warning = Finding("Tone.Exclamations", Level.WARNING, "2 exclamation marks", 18, 19)
    loud = published(store, guide, LOUD, (warning,))
    quiet = published(store, guide, QUIET, ())
    store.metrics.record(
        [
            (loud, str(900 + loud), PublicMetrics(impressions=1000, likes=20)),
            (quiet, str(900 + quiet), PublicMetrics(impressions=1000, likes=50)),
        ],
        now=NOW + timedelta(days=2),
    )
    dialog = RuleResultsDialog(
        outcomes_in_workspace(db_url),
        [HELP],
        runner=InlineRunner(),
        clock=lambda: NOW + timedelta(days=3),
    )
    qtbot.addWidget(dialog)
    seen: list[object] = []
    dialog.shown.connect(seen.append)
    dialog.refresh()
    (results,) = seen
    assert results == (RuleResult("Tone.Exclamations", 1, 1, 0.02, 1, 0.05),)
    assert dialog.summary.text().startswith("2 published posts, 2 with results from X.")
    assert "Tone.Exclamations: 2.00% with (1), 5.00% without (1)" in (
        dialog.chart.accessibleDescription()
    )
    dialog.account_combo.setCurrentIndex(dialog.account_combo.findData(HELP))
    assert len(seen) == 2 and seen[-1] == results
    dialog.period_combo.setCurrentIndex(0)
    dialog.show()
    assert not dialog.chart.grab().isNull()


def test_the_queue_page_opens_the_dialog(page: QueuePage) -> None:
    page.refresh()
    assert page.results_button.accessibleName() == "Rules against results"
    page.results_button.click()
    dialog = page.rule_results_dialog
    assert isinstance(dialog, RuleResultsDialog) and dialog.isVisible()
    assert dialog.account_combo.findData(HELP) > 0
    dialog.reject()
    assert page.rule_results_dialog is None


def test_the_chart_paints_rows_and_an_empty_state(qtbot: QtBot) -> None:
    chart = RuleResultsChart()
    qtbot.addWidget(chart)
    chart.resize(700, 200)
    empty = chart.grab()
    assert not empty.isNull()
    chart.set_results(
        [RuleResult("A.Rule", 3, 2, 0.03, 5, 0.06), RuleResult("B.Rule", 1, 0, None, 7, 0.05)]
    )
    assert chart.minimumHeight() >= 2 * 46
    image = chart.grab().toImage()
    assert image.width() == 700
    assert RuleResultsChart.rate_text(None) == "–"


def test_a_failed_read_is_said(qtbot: QtBot) -> None:
    def broken(account: str | None, start: object, end: object) -> list[PostOutcome]:
        raise OSError("disk gone")

    dialog = RuleResultsDialog(broken, [HELP], runner=InlineRunner(), clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.refresh()
    assert dialog.summary.text() == "The results could not be read: disk gone"
