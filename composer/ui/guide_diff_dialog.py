"""Guide ▸ Compare With…: what a new guide would flag in past posts (issue 18, item 4).

The dialog asks for the new guide (and optionally a date), runs the comparison off the UI
thread (the work itself spreads over worker processes, see
:mod:`composer.services.guide_diff_run`), and lists the posts whose verdict changes, with
counts per change and per rule. The comparison is injected (:data:`Compare`), so tests run
it inline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from composer.core.guide_diff import Change, GuideDiff
from composer.ui.workers import InlineRunner, OperationRunner

#: Runs a comparison: ``(new guide path, since) -> GuideDiff`` (any thread).
Compare = Callable[[str, datetime | None], GuideDiff]


def compare_in_workspace(database_url: str, current_guide: str) -> Compare:
    """A comparison of ``current_guide`` with a new one over the workspace's past posts."""

    def compare(new_guide: str, since: datetime | None) -> GuideDiff:
        from composer.core.checker import Checker  # noqa: PLC0415
        from composer.services.guide_cache import load_guide_cached  # noqa: PLC0415
        from composer.services.guide_diff_run import GuidePair, run_guide_diff  # noqa: PLC0415
        from composer.store.past_posts import past_posts  # noqa: PLC0415
        from composer.store.store import Store  # noqa: PLC0415

        checkers = (
            Checker(load_guide_cached(current_guide)),
            Checker(load_guide_cached(new_guide)),
        )
        with Store.open(database_url) as store:
            posts = past_posts(store.db, since=since)
        return run_guide_diff(GuidePair(current_guide, new_guide), checkers, posts)

    return compare


class GuideDiffDialog(QDialog):
    """Choose a new guide, compare, and read which past posts it would treat differently.

    Args:
        compare: Runs the comparison (see :func:`compare_in_workspace`).
        runner: Where it runs (default: a thread of its own; tests pass an inline runner).
        parent: Qt parent.

    Signals:
        compared(object): the :class:`GuideDiff` shown.
    """

    compared = Signal(object)

    def __init__(
        self,
        compare: Compare,
        *,
        runner: OperationRunner | InlineRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._compare = compare
        self._own_runner = runner is None
        self._runner = runner if runner is not None else OperationRunner("guide-diff")
        self.setWindowTitle(self.tr("Compare With Another Guide"))
        self.setAccessibleName(self.windowTitle())
        self.resize(900, 600)
        intro = QLabel(
            self.tr(
                "Every past draft and published post is checked with the current guide and "
                "the one you choose. The posts whose verdict changes are listed: newly "
                "blocked, newly warned, no longer blocked, cleared."
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(self.tr("The new guide's file"))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.setAccessibleName(self.tr("Choose the new guide's file"))
        self.since_edit = QLineEdit()
        self.since_edit.setAccessibleName(self.tr("Only posts since (optional)"))
        self.since_edit.setPlaceholderText(self.tr("e.g. 2026-11-01 (empty: every post)"))
        self.compare_button = QPushButton(self.tr("&Compare"))
        self.compare_button.setAccessibleName(self.tr("Compare the guides"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("&New guide:"), path_row)
        form.addRow(self.tr("&Since:"), self.since_edit)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("What the comparison found"))
        self.changes = QTableWidget(0, 5)
        self.changes.setAccessibleName(self.tr("Posts whose verdict changes"))
        self.changes.setHorizontalHeaderLabels(
            [
                self.tr("Draft"),
                self.tr("Account"),
                self.tr("Change"),
                self.tr("Rules"),
                self.tr("Text"),
            ]
        )
        self.changes.horizontalHeader().setStretchLastSection(True)
        self.changes.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.rules = QTableWidget(0, 3)
        self.rules.setAccessibleName(self.tr("Counts per rule"))
        self.rules.setHorizontalHeaderLabels(
            [self.tr("Rule"), self.tr("Newly fires on"), self.tr("No longer fires on")]
        )
        self.rules.horizontalHeader().setStretchLastSection(True)
        self.rules.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.changes, self.tr("Posts"))
        self.tabs.addTab(self.rules, self.tr("Per rule"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.compare_button)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.browse_button.clicked.connect(self._on_browse)
        self.compare_button.clicked.connect(self.start)
        self.diff: GuideDiff | None = None
        self._closed = False

    def done(self, result: int) -> None:
        """Close; the dialog's own thread stops once a comparison under way is over."""
        self._closed = True
        if self._own_runner:
            self._runner.shutdown(0)
        super().done(result)

    @Slot()
    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the new guide"), "", self.tr("Guides (*.yml *.yaml *.ini)")
        )
        if path:
            self.path_edit.setText(path)

    @Slot()
    def start(self) -> None:
        """Run the comparison with the chosen guide and date."""
        path = self.path_edit.text().strip()
        if not path:
            self.summary.setText(self.tr("Choose the new guide first."))
            return
        if not Path(path).is_file():
            self.summary.setText(self.tr("%1 is not a file.").replace("%1", path))
            return
        since_text = self.since_edit.text().strip()
        since: datetime | None = None
        if since_text:
            try:
                since = datetime.fromisoformat(since_text)
            except ValueError:
                self.summary.setText(
                    self.tr("'%1' is not a date: write it like 2026-11-01.").replace(
                        "%1", since_text
                    )
                )
                return
            since = since if since.tzinfo else since.replace(tzinfo=UTC)
        self.compare_button.setEnabled(False)
        self.summary.setText(self.tr("Comparing… (every past post is checked twice)"))
        compare = self._compare
        self._runner.submit(lambda: compare(path, since), self._on_done, self._on_failed)

    def _on_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self.compare_button.setEnabled(True)
        self.summary.setText(
            self.tr("The guides could not be compared: %1").replace("%1", str(error))
        )

    def _on_done(self, diff: object) -> None:
        if self._closed:
            return
        self.compare_button.setEnabled(True)
        if not isinstance(diff, GuideDiff):  # pragma: no cover - the compare's contract
            return
        self.diff = diff
        words = {
            Change.NEWLY_BLOCKED: self.tr("newly blocked"),
            Change.NEWLY_WARNED: self.tr("newly warned"),
            Change.NO_LONGER_BLOCKED: self.tr("no longer blocked"),
            Change.CLEARED: self.tr("cleared"),
        }
        counts = ", ".join(f"{words[k]}: {diff.counts[k]}" for k in Change)
        summary = (
            self.tr("%1 past posts checked; %2 change verdict (%3).")
            .replace("%1", str(diff.checked))
            .replace("%2", str(len(diff.changes)))
            .replace("%3", counts)
        )
        skipped = sum(diff.skipped.values())
        if skipped:
            summary += " " + self.tr(
                "%1 posts of accounts not in both guides were left out."
            ).replace("%1", str(skipped))
        self.summary.setText(summary)
        self.changes.setRowCount(len(diff.changes))
        for row, change in enumerate(diff.changes):
            rules = ", ".join(
                [*(f"+{r}" for r in change.added), *(f"-{r}" for r in change.removed)]
            )
            cells = (
                str(change.post.id),
                change.post.account,
                words[change.change],
                rules,
                " ".join(change.post.text.split()),
            )
            for column, text in enumerate(cells):
                self.changes.setItem(row, column, QTableWidgetItem(text))
        self.rules.setRowCount(len(diff.rules))
        for row, count in enumerate(diff.rules):
            for column, text in enumerate((count.rule, str(count.newly), str(count.no_longer))):
                self.rules.setItem(row, column, QTableWidgetItem(text))
        self.compared.emit(diff)


__all__ = ["Compare", "GuideDiffDialog", "compare_in_workspace"]
