"""The findings panel: every finding in order; jump to it, apply its fix, or ignore it once."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.findings import Finding
from composer.core.vocabulary import vocabulary_term
from composer.ui.empty_state import EmptyState
from composer.ui.models.findings_model import FindingRole, FindingsModel


class FindingsPanel(QWidget):
    """Lists findings; its buttons act on the selected one.

    Signals:
        jump_requested(int, int): select this Python span in the editor.
        fix_requested(object, str): apply this replacement to this finding.
        ignore_requested(object): hide this finding while its text stays the same.
        vocabulary_requested(object, str): add this finding's term to the brand vocabulary
            (or suggest it, for someone who may not change the guide).
    """

    jump_requested = Signal(int, int)
    fix_requested = Signal(object, str)
    ignore_requested = Signal(object)
    vocabulary_requested = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Findings"))
        self.model = FindingsModel()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Findings list"))
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setToolTip(self.tr("Enter jumps to the finding in the draft"))
        self.stack = EmptyState(self.view)
        self.fix_button = QPushButton(self.tr("&Apply Fix"))
        self.fix_button.setAccessibleName(self.tr("Apply the fix"))
        self.fix_button.setToolTip(self.tr("Replace the flagged text with the suggestion (Alt+A)"))
        self.ignore_button = QPushButton(self.tr("&Ignore Once"))
        self.ignore_button.setAccessibleName(self.tr("Ignore the finding once"))
        self.ignore_button.setToolTip(
            self.tr("Hide this finding while the flagged text stays as it is (Alt+I)")
        )
        # No Alt letter: every letter of "Explain" is taken by a menu, a side tab or another
        # button in sight (Alt+X is the On X tab); Tab reaches it after Ignore Once.
        self.more_button = QPushButton(self.tr("Explain…"))
        self.more_button.setAccessibleName(self.tr("Explain the rule"))
        self.more_button.setToolTip(self.tr("Open the guide's explanation of the rule"))
        self.vocabulary_button = QPushButton()
        self._text = ""
        self.set_vocabulary_mode(may_add=False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fix_button)
        buttons.addWidget(self.ignore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.vocabulary_button)
        self._connect_signals()
        self.summary.hide()
        self._show_empty_state("")
        self._update_buttons()

    def _connect_signals(self) -> None:
        self.view.clicked.connect(self._on_view_activated)
        self.view.activated.connect(self._on_view_activated)
        self.view.selectionModel().currentChanged.connect(self._on_current_changed)
        self.fix_button.clicked.connect(self._on_fix_clicked)
        self.ignore_button.clicked.connect(self._on_ignore_clicked)
        self.more_button.clicked.connect(self._on_more_clicked)
        self.vocabulary_button.clicked.connect(self._on_vocabulary_clicked)

    def set_vocabulary_mode(self, *, may_add: bool) -> None:
        """Admins add terms to the guide; everyone else suggests them to the reviewers."""
        self.may_add_vocabulary = may_add
        if may_add:
            self.vocabulary_button.setText(self.tr("Add to &Brand Vocabulary"))
            self.vocabulary_button.setAccessibleName(self.tr("Add the word to the vocabulary"))
            self.vocabulary_button.setToolTip(
                self.tr("Accept this word in the brand guide: it is never flagged again (Alt+B)")
            )
        else:
            self.vocabulary_button.setText(self.tr("Suggest for &Brand Vocabulary"))
            self.vocabulary_button.setAccessibleName(self.tr("Suggest the word for the vocabulary"))
            self.vocabulary_button.setToolTip(
                self.tr("Ask the reviewers to accept this word in the brand guide (Alt+B)")
            )

    def set_findings(
        self, findings: tuple[Finding, ...], text: str, summary: str, *, empty_message: str = ""
    ) -> None:
        """Show ``findings`` of ``text`` with a one-line ``summary``.

        ``empty_message``, when given, replaces the empty state's text (why nothing was checked).
        """
        current = self.current_finding()
        self._text = text
        self.model.set_findings(findings, text)
        self.summary.setText(summary)
        # With nothing found, the empty state says it better than "No findings.".
        self.summary.setVisible(bool(findings))
        if findings:
            self.stack.show_view()
        elif empty_message:
            self.stack.show_message(empty_message)
        else:
            self._show_empty_state(text)
        if current is not None:
            for row in range(self.model.rowCount()):
                candidate = self.model.finding(row)
                if candidate is not None and candidate.rule == current.rule:
                    self.view.setCurrentIndex(self.model.index(row))
                    break
        self._update_buttons()

    def _show_empty_state(self, text: str) -> None:
        if text.strip():
            self.stack.show_message(
                self.tr(
                    "Nothing to fix: the draft follows the guide. When you are happy with it, "
                    "submit it for review (Ctrl+Enter)."
                )
            )
        else:
            self.stack.show_message(
                self.tr(
                    "Type a draft: anything against the brand guide is underlined as you type "
                    "and listed here with its fix. F8 jumps to the next one, Ctrl+. applies "
                    "its fix."
                )
            )

    def current_finding(self) -> Finding | None:
        """The selected finding."""
        index = self.view.currentIndex()
        value = index.data(FindingRole.FINDING) if index.isValid() else None
        return value if isinstance(value, Finding) else None

    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex) -> None:
        finding = index.data(FindingRole.FINDING)
        if isinstance(finding, Finding):
            self.jump_requested.emit(finding.start, finding.end)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()

    @Slot()
    def _on_fix_clicked(self) -> None:
        finding = self.current_finding()
        if finding is None or not finding.replacements or finding.spanless:
            return
        if len(finding.replacements) == 1:
            self.fix_requested.emit(finding, finding.replacements[0])
            return
        menu = QMenu(self)
        for replacement in finding.replacements[:8]:
            action = menu.addAction(replacement or self.tr("(remove)"))
            action.triggered.connect(
                lambda _=False, r=replacement: self.fix_requested.emit(finding, r)
            )
        menu.popup(self.fix_button.mapToGlobal(self.fix_button.rect().bottomLeft()))

    @Slot()
    def _on_ignore_clicked(self) -> None:
        finding = self.current_finding()
        if finding is not None:
            self.ignore_requested.emit(finding)

    @Slot()
    def _on_more_clicked(self) -> None:
        finding = self.current_finding()
        if finding is not None and finding.link.startswith(("http://", "https://", "file:")):
            QDesktopServices.openUrl(QUrl(finding.link))

    @Slot()
    def _on_vocabulary_clicked(self) -> None:
        finding = self.current_finding()
        term = vocabulary_term(finding, self._text) if finding is not None else None
        if finding is not None and term is not None:
            self.vocabulary_requested.emit(finding, term)

    def _update_buttons(self) -> None:
        finding = self.current_finding()
        term = vocabulary_term(finding, self._text) if finding is not None else None
        self.vocabulary_button.setEnabled(term is not None)
        # A picture's finding (its alt text misspelled) has no place in the post to fix.
        self.fix_button.setEnabled(bool(finding and finding.replacements and not finding.spanless))
        self.ignore_button.setEnabled(finding is not None)
        self.more_button.setEnabled(bool(finding and finding.link))
