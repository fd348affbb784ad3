"""One draft as a reviewer sees it: text, findings, changes since the last review, comments.

The decision buttons are enabled exactly for the actions the workflow core allows the user
(:func:`composer.core.workflow.allowed_actions`, computed by the client); whether a decision
is complete (a request for changes needs a comment) is the core's call too, and its refusal
comes back as a message.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from composer.core.diff import DiffOp, Segment
from composer.core.findings import Level
from composer.core.workflow import Action
from composer.store.records import CommentRecord, DraftRecord
from composer.ui import palette
from composer.ui.editor.media_strip import MediaStrip
from composer.ui.models.findings_model import FindingsModel
from composer.ui.positions import PositionMap
from composer.ui.review.state_names import decision_label, state_label
from composer.ui.review.store_client import DraftDetail, StoreClient
from composer.ui.review.time_labels import duration, when

_QUOTE_LIMIT = 120


class DraftView(QWidget):
    """Shows a draft and offers the user's review decisions and a comment box.

    Signals:
        loaded(int): the draft with this id is shown (fresh from the store).
    """

    loaded = Signal(int)

    def __init__(self, client: StoreClient, user: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self.user = user
        self.detail: DraftDetail | None = None
        self._draft_id: int | None = None
        self.setAccessibleName(self.tr("Draft"))
        self.header = QLabel(self.tr("No draft selected"))
        self.header.setWordWrap(True)
        self.clock = QLabel()
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.hide()
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setAccessibleName(self.tr("Draft text"))
        self.text_view.setToolTip(self.tr("Select words to anchor a comment to them"))
        self.diff_view = QTextBrowser()
        self.diff_view.setAccessibleName(self.tr("Changes since the last review"))
        self.findings_model = FindingsModel()
        self.findings_view = QListView()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setWordWrap(True)
        self.findings_view.setAccessibleName(self.tr("Findings"))
        #: The draft's media with their alt text: what an approval also covers.
        self.media = MediaStrip(editable=False)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Draft views"))
        self.tabs.tabBar().setAccessibleName(self.tr("Draft views"))
        self.tabs.addTab(self.text_view, self.tr("Text"))
        self.tabs.addTab(self.diff_view, self.tr("Changes"))
        self.tabs.addTab(self.findings_view, self.tr("Findings"))
        self.thread_view = QTextBrowser()
        self.thread_view.setAccessibleName(self.tr("Comments and decisions"))
        self.anchor = QLabel()
        self.anchor.setWordWrap(True)
        self.comment_box = QPlainTextEdit()
        self.comment_box.setAccessibleName(self.tr("Comment"))
        self.comment_box.setPlaceholderText(
            self.tr("Comment (required to request changes; sent with any decision)")
        )
        self.comment_box.setMaximumHeight(90)
        self.comment_box.setTabChangesFocus(True)  # Tab leaves the box, as everywhere else
        self.comment_button = QPushButton(self.tr("Add Co&mment"))
        self.comment_button.setAccessibleName(self.tr("Add comment"))
        self.comment_button.setToolTip(
            self.tr("Post the comment, on the selected words if any (Ctrl+Shift+M)")
        )
        self.approve_button = QPushButton(self.tr("&Approve"))
        self.approve_button.setAccessibleName(self.tr("Approve"))
        self.approve_button.setToolTip(self.tr("Approve this text version (Ctrl+Shift+A)"))
        self.changes_button = QPushButton(self.tr("Request Chan&ges"))
        self.changes_button.setAccessibleName(self.tr("Request changes"))
        self.changes_button.setToolTip(
            self.tr("Send it back to the author; needs a comment (Ctrl+Shift+R)")
        )
        self.reject_button = QPushButton(self.tr("&Reject"))
        self.reject_button.setAccessibleName(self.tr("Reject"))
        self.reject_button.setToolTip(self.tr("Reject the draft for good (Ctrl+Shift+X)"))
        self._buttons = {
            Action.APPROVE: self.approve_button,
            Action.REQUEST_CHANGES: self.changes_button,
            Action.REJECT: self.reject_button,
        }
        self._build_layout()
        self._connect_signals()
        self._show_nothing()

    def _build_layout(self) -> None:
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.header)
        top_layout.addWidget(self.clock)
        top_layout.addWidget(self.reason)
        top_layout.addWidget(self.tabs, 1)
        top_layout.addWidget(self.media)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel(self.tr("Comments and decisions")))
        bottom_layout.addWidget(self.thread_view, 1)
        bottom_layout.addWidget(self.anchor)
        bottom_layout.addWidget(self.comment_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.comment_button)
        buttons.addStretch(1)
        for button in self._buttons.values():
            buttons.addWidget(button)
        bottom_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect_signals(self) -> None:
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.changes_button.clicked.connect(self._on_changes_clicked)
        self.reject_button.clicked.connect(self._on_reject_clicked)
        self.comment_button.clicked.connect(self._on_comment_clicked)
        self.text_view.selectionChanged.connect(self._on_text_selection_changed)
        self._client.draft_loaded.connect(self._on_client_draft_loaded)
        self._client.action_done.connect(self._on_client_action_done)
        self._client.comment_added.connect(self._on_client_comment_added)
        self._client.changed.connect(self.reload)

    def changeEvent(self, event: QEvent) -> None:
        """Recolour the diff and the clock when the system switches between light and dark."""
        super().changeEvent(event)
        if palette.is_palette_change(event) and self.detail is not None:
            self._show_clock(self.detail)
            self._show_diff(self.detail)

    # -- public --------------------------------------------------------------------------

    @property
    def draft_id(self) -> int | None:
        """The draft shown (or being loaded)."""
        return self._draft_id

    def show_draft(self, draft_id: int) -> None:
        """Load and show ``draft_id``."""
        self._draft_id = draft_id
        self._client.load_draft(draft_id, self.user)

    @Slot()
    def reload(self) -> None:
        """Load the shown draft again (after a change)."""
        if self._draft_id is not None:
            self._client.load_draft(self._draft_id, self.user)

    def prepare(self, action: Action) -> None:
        """Get ready for ``action``: focus the comment box with a hint of what to write."""
        hints = {
            Action.REQUEST_CHANGES: self.tr("What should change? Then press Request Changes."),
            Action.REJECT: self.tr("Why is it rejected? Then press Reject."),
        }
        self.comment_box.setPlaceholderText(hints.get(action, self.comment_box.placeholderText()))
        self.comment_box.setFocus()

    def selected_span(self) -> tuple[int, int] | None:
        """The selected words of the text as Python indices, or ``None``."""
        if self.detail is None:
            return None
        cursor = self.text_view.textCursor()
        if not cursor.hasSelection():
            return None
        positions = PositionMap.of(self.detail.draft.text)
        return positions.from_qt(cursor.selectionStart()), positions.from_qt(cursor.selectionEnd())

    # -- showing -------------------------------------------------------------------------

    def _show_nothing(self) -> None:
        for button in self._buttons.values():
            button.setEnabled(False)
        self.comment_button.setEnabled(False)

    def _show(self, detail: DraftDetail) -> None:
        self.detail = detail
        draft = detail.draft
        self.header.setText(
            self.tr("Draft {id} for {account} by {author} — {state}, text version {version}")
            .replace("{id}", str(draft.id))
            .replace("{account}", draft.account)
            .replace("{author}", draft.author)
            .replace("{state}", state_label(draft.state))
            .replace("{version}", str(draft.text_version))
            + (self.tr(" — no review: approved as submitted") if detail.no_review else "")
        )
        self._show_clock(detail)
        self.reason.setVisible(bool(draft.warning_reason))
        self.reason.setText(self.tr("Submitted despite warnings because: ") + draft.warning_reason)
        if self.text_view.toPlainText() != draft.text:
            self.text_view.setPlainText(draft.text)
        self.findings_model.set_findings(draft.findings, draft.text)
        self.media.set_media(detail.media)
        title = self.tr("Findings ({n})").replace("{n}", str(len(draft.findings)))
        if detail.score is not None:
            # The same score as the Drafts list, the composer, check and exports.
            title += self.tr(" · score {s}").replace("{s}", f"{detail.score:.0f}")
        self.tabs.setTabText(2, title)
        self._show_diff(detail)
        self.thread_view.setHtml(self._thread_html(detail))
        for action, button in self._buttons.items():
            button.setEnabled(action in detail.allowed)
        self.comment_button.setEnabled(True)
        self._on_text_selection_changed()

    def _show_clock(self, detail: DraftDetail) -> None:
        if detail.waiting_minutes is None:
            self.clock.hide()
            return
        text = self.tr("Waiting {time}").replace("{time}", duration(detail.waiting_minutes))
        if detail.target_minutes:
            text += self.tr(" (target {time})").replace("{time}", duration(detail.target_minutes))
        if detail.overdue:
            text += self.tr(" — overdue")
            sheet = f"color: {palette.color('warn_text').name()}; font-weight: bold;"
        else:
            sheet = ""
        if self.clock.styleSheet() != sheet:  # a new sheet sends a palette change of its own
            self.clock.setStyleSheet(sheet)
        self.clock.setText(text)
        self.clock.show()

    def _show_diff(self, detail: DraftDetail) -> None:
        base = detail.base_version
        if base is None:
            self.tabs.setTabText(1, self.tr("Changes"))
            self.diff_view.setHtml(
                "<p><i>"
                + html.escape(self.tr("No earlier version was reviewed: this is the first look."))
                + "</i></p>"
            )
            return
        self.tabs.setTabText(1, self.tr("Changes since v{n}").replace("{n}", str(base.number)))
        title = self.tr("Changes since version {n}, the last one reviewed").replace(
            "{n}", str(base.number)
        )
        self.diff_view.setHtml(f"<p><b>{html.escape(title)}</b></p><p>{diff_html(detail.diff)}</p>")

    def _thread_html(self, detail: DraftDetail) -> str:
        parts = [comment_html(c, detail) for c in detail.comments]
        for review in detail.reviews:
            line = (
                self.tr("%1: %2 (version %3, step %4) · %5")
                .replace("%1", review.reviewer)
                .replace("%2", decision_label(review.decision))
                .replace("%3", str(review.text_version))
                .replace("%4", str(review.step + 1))
                .replace("%5", when(review.created_at))
            )
            parts.append(f"<p><i>{html.escape(line)}</i></p>")
        if not parts:
            return "<p><i>" + html.escape(self.tr("No comments yet.")) + "</i></p>"
        return "".join(parts)

    # -- slots ---------------------------------------------------------------------------

    @Slot(object)
    def _on_client_draft_loaded(self, detail: DraftDetail) -> None:
        if detail.draft.id == self._draft_id and detail.user == self.user:
            shown = self.detail
            fresh = shown is None or (shown.draft.id, shown.draft.text_version) != (
                detail.draft.id,
                detail.draft.text_version,
            )
            self._show(detail)
            if fresh and detail.base_version is not None:
                # A resubmission: what changed since the reviewed version comes first.
                self.tabs.setCurrentWidget(self.diff_view)
            elif fresh:
                self.tabs.setCurrentWidget(self.text_view)
            self.loaded.emit(detail.draft.id)

    @Slot(object)
    def _on_client_action_done(self, record: DraftRecord) -> None:
        if record.id == self._draft_id:
            self.comment_box.clear()

    @Slot(object)
    def _on_client_comment_added(self, comment: CommentRecord) -> None:
        if comment.draft_id == self._draft_id:
            self.comment_box.clear()

    @Slot()
    def _on_text_selection_changed(self) -> None:
        span = self.selected_span()
        if span is None or self.detail is None:
            self.anchor.setText(self.tr("Select words in the text to comment on them."))
            return
        quoted = self.detail.draft.text[span[0] : span[1]]
        self.anchor.setText(self.tr("Comment on: ") + f"“{_shorten(quoted)}”")

    @Slot()
    def _on_approve_clicked(self) -> None:
        self._decide(Action.APPROVE)

    @Slot()
    def _on_changes_clicked(self) -> None:
        self._decide(Action.REQUEST_CHANGES)

    @Slot()
    def _on_reject_clicked(self) -> None:
        self._decide(Action.REJECT)

    @Slot()
    def _on_comment_clicked(self) -> None:
        if self.detail is not None:
            self._client.add_comment(
                self.detail.draft.id,
                self.comment_box.toPlainText(),
                actor=self.user,
                span=self.selected_span(),
            )

    def _decide(self, action: Action) -> None:
        if self.detail is None:
            return
        self._client.review(
            self.detail.draft.id,
            action,
            actor=self.user,
            expected_version=self.detail.draft.version,
            comment=self.comment_box.toPlainText(),
            span=self.selected_span(),
            text_version=self.detail.draft.text_version,  # the text on screen, and no other
        )


def diff_html(segments: tuple[Segment, ...]) -> str:
    """A word diff as HTML: removed words struck through in red, added ones in green."""
    out = []
    for segment in segments:
        text = html.escape(segment.text).replace("\n", "<br>")
        if segment.op is DiffOp.DELETE:
            out.append(
                f'<span style="color:{palette.color("over").name()};'
                f'text-decoration:line-through">{text}</span>'
            )
        elif segment.op is DiffOp.INSERT:
            out.append(
                f'<span style="color:{palette.level_color(Level.SUGGESTION).name()};'
                f'text-decoration:underline">{text}</span>'
            )
        else:
            out.append(text)
    return "".join(out)


def comment_html(comment: CommentRecord, detail: DraftDetail) -> str:
    """A comment as HTML, its anchored words (from the version commented on) as a quote."""
    version_label = QCoreApplication.translate("DraftView", "version %1").replace(
        "%1", str(comment.text_version)
    )
    head = (
        f"<b>{html.escape(comment.author)}</b> · {html.escape(when(comment.created_at))}"
        f" · {html.escape(version_label)}"
    )
    quote = ""
    version = detail.version(comment.text_version)
    if version is not None and comment.span_start is not None and comment.span_end is not None:
        words = version.text[comment.span_start : comment.span_end]
        if words.strip():
            quote = f"<blockquote>“{html.escape(_shorten(words))}”</blockquote>"
    body = html.escape(comment.body).replace("\n", "<br>")
    return f"<p>{head}</p>{quote}<p>{body}</p><hr>"


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE_LIMIT else flat[: _QUOTE_LIMIT - 1] + "…"
