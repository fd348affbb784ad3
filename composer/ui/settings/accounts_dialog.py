"""Settings ▸ Accounts: add and edit the guide's accounts (admins); others read them.

The fields are checked by the guide loader's own rules (:func:`form_problems`), each message
beside its field; saving writes only the changed keys back into the guide file, keeping its
comments and layout (:mod:`composer.services.guide_file`), and the window reloads the guide.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from composer.core.guide.account_form import (
    AccountForm,
    blackout_lines,
    form_problems,
    parse_blackout_lines,
)
from composer.core.guide.loader import MAX_GAP, MAX_LIMIT
from composer.core.guide.model import COUNTING_CONFIGS, Guide
from composer.core.workflow import MAX_POLICY_STEPS, Require
from composer.ui import palette

#: Writes an account into the guide, off the UI thread: (the form, the form as loaded or
#: ``None`` for a new one, called when written, called with the sentence when refused).
AccountWriter = Callable[
    [AccountForm, AccountForm | None, Callable[[], None], Callable[[str], None]], None
]


class AccountsDialog(QDialog):
    """Edits the guide's accounts, one at a time.

    Args:
        guide: The guide in force.
        writer: Writes one account back into the guide file (see :data:`AccountWriter`).
        admin: Whether the viewer may change accounts (others see them read-only).
        current: The handle to show first.

    Signals:
        saved(str): an account was written to the guide (its handle).
    """

    saved = Signal(str)

    def __init__(
        self,
        guide: Guide,
        writer: AccountWriter,
        *,
        admin: bool,
        current: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle(self.tr("Accounts"))
        self._writer = writer
        self._admin = admin
        self._forms = [AccountForm.of(a) for a in guide.accounts if a.handle.startswith("@")]
        self._loaded: AccountForm | None = None
        profiles = getattr(guide.tone, "profiles", None)
        self._profiles = frozenset(profiles) if profiles is not None else None

        self.reason = QLabel(
            self.tr("Only an admin changes accounts and their review; you can read them here.")
        )
        self.reason.setWordWrap(True)
        self.reason.setVisible(not admin)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Accounts"))
        self.add_button = QPushButton(self.tr("&New Account"))
        self.handle = QLineEdit()
        self.purpose = QLineEdit()
        self.counting = QComboBox()
        for config in COUNTING_CONFIGS:
            self.counting.addItem(config, config)
        self.counting.setToolTip(
            self.tr("How X counts characters: v3 is today's (emoji count 2, URLs 23)")
        )
        self.limit = QSpinBox()
        self.limit.setRange(1, MAX_LIMIT)
        self.limit.setToolTip(
            self.tr("Characters per post: 280 for most accounts, up to 25,000 for long posts")
        )
        self.tone = QComboBox()
        self.tone.addItem(self.tr("(none)"), "")
        for name in sorted(self._profiles or ()):
            self.tone.addItem(name, name)
        self.timezone = QLineEdit()
        completer = QCompleter(sorted(zoneinfo.available_timezones()), self.timezone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.timezone.setCompleter(completer)
        self.slots = QPlainTextEdit()
        self.slots.setPlaceholderText(self.tr("One a line: Mon-Fri 09:00, Sat 10:00, daily 12:00"))
        self.slots.setTabChangesFocus(True)
        self.gap = QSpinBox()
        self.gap.setRange(0, MAX_GAP)
        self.gap.setSuffix(self.tr(" min"))
        self.per_day = QSpinBox()
        self.per_day.setRange(0, 1000)
        self.per_day.setSpecialValueText(self.tr("no limit"))
        self.blackouts = QPlainTextEdit()
        self.blackouts.setPlaceholderText(self.tr("One a line: 2026-11-26 2026-11-27 Thanksgiving"))
        self.blackouts.setTabChangesFocus(True)
        self.steps = QSpinBox()
        self.steps.setRange(0, MAX_POLICY_STEPS)
        self.steps.setSpecialValueText(self.tr("0: no review"))
        self.steps.setToolTip(
            self.tr(
                "Approval steps a draft passes before its queue; 0 means no review: "
                "submitting approves the draft at once (for someone working alone)"
            )
        )
        self.require = QComboBox()
        self.require.addItem(self.tr("any one reviewer"), Require.ANY.value)
        self.require.addItem(self.tr("all reviewers"), Require.ALL.value)
        self.reviewers = QLineEdit()
        self.reviewers.setPlaceholderText(self.tr("empty: every reviewer of the account"))
        self.reply_steps = QSpinBox()
        self.reply_steps.setRange(0, MAX_POLICY_STEPS)
        self.reply_steps.setSpecialValueText(self.tr("same as posts"))
        self.reply_steps.setToolTip(
            self.tr(
                "Approval steps of a reply (an answer to a mention), often fewer than a "
                "post's so the account answers fast; each needs the same reviewers"
            )
        )
        for box in (self.slots, self.blackouts):
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 3 + 12)

        self.errors: dict[str, QLabel] = {}
        form = self.form_layout = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: tuple[tuple[str, str, QWidget], ...] = (
            ("handle", self.tr("&Handle:"), self.handle),
            ("purpose", self.tr("P&urpose:"), self.purpose),
            ("counting", self.tr("Cou&nting:"), self.counting),
            ("limit", self.tr("&Limit:"), self.limit),
            ("tone", self.tr("&Tone profile:"), self.tone),
            ("timezone", self.tr("Time &zone:"), self.timezone),
            ("slots", self.tr("&Slots:"), self.slots),
            ("min_gap_minutes", self.tr("&Gap between posts:"), self.gap),
            ("max_per_day", self.tr("Most posts a &day:"), self.per_day),
            ("blackouts", self.tr("&Blackouts:"), self.blackouts),
            ("approval", self.tr("&Approval steps:"), self.steps),
            ("require", self.tr("Each step &needs:"), self.require),
            ("reviewers", self.tr("&Reviewers:"), self.reviewers),
            ("reply_approval", self.tr("Re&ply steps:"), self.reply_steps),
        )
        for name, label, widget in rows:
            error = QLabel()
            error.setObjectName(f"{name}Error")
            error.setWordWrap(True)
            # Only as tall as its lines: a wrapped label's hint otherwise leaves a gap above.
            error.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            error.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            error.setStyleSheet(f"color: {palette.color('over').name()};")
            self.errors[name] = error
            form.addRow(label, widget)
            # The message on a row of its own under the field, shown only with a problem.
            form.addRow("", error)
            form.setRowVisible(error, False)
        self.no_review_note = QLabel(
            self.tr(
                "No review: drafts of this account are approved as they are submitted and go "
                "straight to its queue. The composer, the drafts lists and the draft view say so."
            )
        )
        self.no_review_note.setWordWrap(True)
        self.no_review_note.setObjectName("noReviewNote")
        form.addRow(self.no_review_note)
        fields = QWidget()
        fields.setLayout(form)
        self.fields_area = QScrollArea()
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setWidget(fields)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.status = QLabel()
        self.status.setObjectName("accountsStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Sa&ve Account"))
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.button_box.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.add_button)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.fields_area, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reason)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.button_box)
        for widget in (*(w for _, _, w in rows), self.add_button, self.save_button):
            widget.setEnabled(admin)
        self._connect_signals()
        self._fill_list(current)
        self.resize(760, 640)

    def _connect_signals(self) -> None:
        self.list.currentRowChanged.connect(self._on_row_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.button_box.rejected.connect(self.reject)
        self.steps.valueChanged.connect(self._on_steps_changed)

    def _fill_list(self, current: str) -> None:
        self.list.clear()
        for form in self._forms:
            self.list.addItem(form.handle + (self.tr("  (no review)") if form.no_review else ""))
        handles = [f.handle.lower() for f in self._forms]
        row = handles.index(current.lower()) if current.lower() in handles else 0
        if self._forms:
            self.list.setCurrentRow(row)

    # -- the form ------------------------------------------------------------------------
    def show_form(self, form: AccountForm) -> None:
        """Fill the fields from ``form``."""
        self.handle.setText(form.handle)
        self.purpose.setText(form.purpose)
        self.counting.setCurrentIndex(max(0, self.counting.findData(form.counting)))
        self.limit.setValue(form.limit)
        self.tone.setCurrentIndex(max(0, self.tone.findData(form.tone)))
        self.timezone.setText(form.timezone)
        self.slots.setPlainText("\n".join(form.slots))
        self.gap.setValue(form.min_gap_minutes)
        self.per_day.setValue(form.max_per_day)
        self.blackouts.setPlainText(blackout_lines(form.blackouts))
        self.steps.setValue(form.steps)
        self.require.setCurrentIndex(max(0, self.require.findData(form.require.value)))
        self.reviewers.setText(", ".join(form.reviewers))
        self.reply_steps.setValue(form.reply_steps)
        self._on_steps_changed(form.steps)
        self._show_problems({})

    def form(self) -> tuple[AccountForm, str]:
        """The form as typed, and a problem with the blackout lines ("" if none)."""
        blackouts, problem = parse_blackout_lines(self.blackouts.toPlainText())
        base = self._loaded or AccountForm(handle="")
        return (
            replace(
                base,
                handle=self.handle.text().strip(),
                purpose=self.purpose.text().strip(),
                limit=self.limit.value(),
                counting=str(self.counting.currentData()),
                tone=str(self.tone.currentData() or ""),
                timezone=self.timezone.text().strip(),
                slots=tuple(s.strip() for s in self.slots.toPlainText().splitlines() if s.strip()),
                min_gap_minutes=self.gap.value(),
                max_per_day=self.per_day.value(),
                blackouts=blackouts,
                steps=self.steps.value(),
                require=Require(str(self.require.currentData())),
                reply_steps=self.reply_steps.value(),
                reviewers=tuple(
                    n.strip()
                    for n in self.reviewers.text().replace(";", ",").split(",")
                    if n.strip()
                ),
            ),
            problem,
        )

    def _show_problems(self, problems: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            self.form_layout.setRowVisible(label, name in problems)
        first = next((n for n in self.errors if n in problems), None)
        if first is not None:
            self.status.setText(self.tr("Fix the marked fields; nothing was saved."))

    @Slot(int)
    def _on_row_changed(self, row: int) -> None:
        if 0 <= row < len(self._forms):
            self._loaded = self._forms[row]
            self.show_form(self._loaded)
            self.status.clear()

    @Slot()
    def _on_add_clicked(self) -> None:
        self.list.clearSelection()
        self._loaded = None
        self.show_form(AccountForm(handle="@", limit=280, counting="v3"))
        self.status.setText(self.tr("A new account: fill it in and save it."))
        self.handle.setFocus()
        self.handle.end(False)

    @Slot(int)
    def _on_steps_changed(self, steps: int) -> None:
        self.require.setEnabled(self._admin and steps > 0)
        self.reviewers.setEnabled(self._admin and steps > 0)
        self.no_review_note.setVisible(steps == 0)

    @Slot()
    def _on_save_clicked(self) -> None:
        form, blackout_problem = self.form()
        others = [f.handle for f in self._forms if f is not self._loaded]
        problems = form_problems(form, profiles=self._profiles, other_handles=others)
        if blackout_problem:
            problems.setdefault("blackouts", blackout_problem)
        if problems:
            self._show_problems(problems)
            return
        self._show_problems({})
        loaded = self._loaded
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        self._writer(form, loaded, lambda: self._on_written(form, loaded), self._on_write_failed)

    def _on_written(self, form: AccountForm, loaded: AccountForm | None) -> None:
        self.save_button.setEnabled(self._admin)
        handle = "@" + form.handle.lstrip("@")
        if loaded is None or loaded not in self._forms:
            self._forms.append(replace(form, handle=handle))
        else:
            self._forms[self._forms.index(loaded)] = replace(form, handle=handle)
        self._fill_list(handle)
        self.status.setText(self.tr("%1 saved in the guide.").replace("%1", handle))
        self.saved.emit(handle)

    @Slot(str)
    def _on_write_failed(self, message: str) -> None:
        self.save_button.setEnabled(self._admin)
        self.status.setText(message)
