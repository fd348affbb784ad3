"""The first-run welcome: what a new user does first, until they close it.

The window shows it while ``SettingsStore.welcome_dismissed`` is false; Help ▸ Welcome brings
it back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from composer import APP_NAME
from composer.ui.message_panel import MessagePanel


class WelcomePanel(MessagePanel):
    """A framed panel with four steps (account, type, fix, submit) and a close button.

    While the workspace has a single person (:meth:`set_alone`), it also explains that a
    draft needs a reviewer other than its author, with the two ways forward.

    Signals:
        dismissed(): the user closed the panel.
        add_reviewer_requested(): "Add a reviewer" (Settings ▸ People).
        work_alone_requested(): "I work alone: no review for these accounts".
    """

    dismissed = Signal()
    add_reviewer_requested = Signal()
    work_alone_requested = Signal()

    # The text's scroll area, its viewport (``QScrollArea > QWidget``: styled here, it is not
    # asked for; making Qt's own viewport a Python object costs the first paint ~5 ms) and
    # the text show the panel's colour.
    extra_sheet = (
        "#welcomeArea, #welcomeArea > QWidget, #welcomeText "
        "{ background: transparent; border: none; }"
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("welcomePanel", "info", parent, styled=False)
        self.setAccessibleName(self.tr("Welcome"))
        self.title = QLabel(self.tr("Welcome to %1").replace("%1", APP_NAME))
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15 if font.pointSizeF() > 0 else 11)
        self.title.setFont(font)
        steps = (
            self.tr(
                "<b>Pick the account</b> you write for in the toolbar (Alt+O): it sets the "
                "character limit, the rules and the tone."
            ),
            self.tr("<b>Type your draft.</b> The ring beside it counts what is left."),
            self.tr(
                "<b>Fix what is underlined.</b> F8 jumps to the next problem, Ctrl+. applies "
                "its suggested fix; the Findings tab lists them all."
            ),
            self.tr(
                "<b>Submit for review</b> with Ctrl+Enter. Reviewers find it on the Review "
                "page (Ctrl+2)."
            ),
        )
        self.steps = QLabel("<ol>" + "".join(f"<li>{step}</li>" for step in steps) + "</ol>")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setWordWrap(True)
        self.hint = QLabel(self.tr("F1 lists every shortcut; Help ▸ Welcome shows this again."))
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.alone_text = QLabel(
            self.tr(
                "<b>You are the only person here.</b> A draft goes out once someone other "
                "than its author approves it. Add a reviewer, or, if you work alone, let "
                "these accounts skip review: a submitted draft then goes straight to its "
                "queue (you can change this per account in Settings ▸ Accounts)."
            )
        )
        self.alone_text.setTextFormat(Qt.TextFormat.RichText)
        self.alone_text.setWordWrap(True)
        # No Alt letter: Alt+R is the Route tab, and the button is the first stop of Tab.
        self.add_reviewer_button = QPushButton(self.tr("Add a Reviewer…"))
        self.add_reviewer_button.setToolTip(self.tr("Open Settings ▸ People"))
        self.add_reviewer_button.setAccessibleName(self.tr("Add a reviewer"))
        self.work_alone_button = QPushButton(self.tr("I &Work Alone: No Review for These Accounts"))
        self.work_alone_button.setAccessibleName(self.tr("I work alone: no review"))
        self.work_alone_button.setToolTip(
            self.tr("Every account of the guide gets no review (written into the guide)")
        )
        # One above the other: side by side they were cut short on an 800x600 screen.
        choice = QVBoxLayout()
        choice.addWidget(self.add_reviewer_button, 0, Qt.AlignmentFlag.AlignLeft)
        choice.addWidget(self.work_alone_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.alone_box = QWidget()
        alone_layout = QVBoxLayout(self.alone_box)
        alone_layout.setContentsMargins(0, 4, 0, 4)
        alone_layout.addWidget(self.alone_text)
        alone_layout.addLayout(choice)
        self.alone_box.hide()
        self.close_button = QPushButton(self.tr("&Got It"))
        self.close_button.setAccessibleName(self.tr("Close the welcome"))
        self.close_button.setToolTip(self.tr("Close this panel; it will not show again"))
        text = QVBoxLayout()
        text.addWidget(self.title)
        # A person alone must choose before anything goes out: the choice comes first, in
        # sight even when the panel is short enough to scroll.
        text.addWidget(self.alone_box)
        text.addWidget(self.steps)
        text.addWidget(self.hint)
        # The text scrolls inside the panel when the window is short (an 800x600 screen):
        # squeezed into too little height, its last lines were cut off.
        content = QWidget()
        content.setObjectName("welcomeText")
        content.setLayout(text)
        # Never squeezed below its natural height: the area scrolls instead.
        content.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        text.setContentsMargins(0, 0, 0, 0)
        self.text_area = QScrollArea()
        self.text_area.setWidget(content)
        self.text_area.setWidgetResizable(True)
        self.text_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.text_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_area.setObjectName("welcomeArea")
        layout = self.box_layout
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.text_area, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.add_reviewer_button.clicked.connect(self.add_reviewer_requested)
        self.work_alone_button.clicked.connect(self.work_alone_requested)
        self.apply_colors()  # once, with every child in place

    @Slot(bool)
    def set_alone(self, alone: bool) -> None:  # noqa: FBT001 - a Qt slot's argument
        """Show the choice between adding a reviewer and working alone (one person only)."""
        self.alone_box.setVisible(alone)

    @Slot()
    def _on_close_clicked(self) -> None:
        self.hide()
        self.dismissed.emit()
