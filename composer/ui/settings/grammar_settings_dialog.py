"""Settings ▸ Grammar: the LanguageTool mode, server, timeout, consent and "Test connection"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.errors import KnownError
from composer.services import lt_setup
from composer.services.grammar import ConnectionReport, GrammarService
from composer.services.lt_setup import SetupOutcome
from composer.services.workspace import GrammarSettings
from composer.ui import palette
from composer.ui.settings.languagetool_setup import LocalSetupPanel
from composer.ui.translations import QT_TRANSLATE_NOOP
from composer.ui.workers import InlineRunner, OperationRunner

_MODES = (
    ("off", QT_TRANSLATE_NOOP("GrammarSettingsDialog", "Off")),
    (
        "offline",
        QT_TRANSLATE_NOOP(
            "GrammarSettingsDialog", "Offline: spelling from the built-in dictionary (no set-up)"
        ),
    ),
    (
        "local",
        QT_TRANSLATE_NOOP(
            "GrammarSettingsDialog", "Local: LanguageTool on this machine (needs Java 17)"
        ),
    ),
    (
        "server",
        QT_TRANSLATE_NOOP("GrammarSettingsDialog", "Server: a LanguageTool server your team runs"),
    ),
    (
        "public",
        QT_TRANSLATE_NOOP(
            "GrammarSettingsDialog", "Public API: languagetool.org (text leaves this machine)"
        ),
    ),
)


class GrammarSettingsDialog(QDialog):
    """Edits :class:`GrammarSettings`; ``settings()`` returns the result after ``exec()``."""

    def __init__(
        self,
        current: GrammarSettings,
        *,
        runner: OperationRunner | InlineRunner | None = None,
        service_factory: Callable[[GrammarSettings], GrammarService] = GrammarService,
        download_url: str = lt_setup.DEFAULT_URL,
        install_dir: Path | None = None,
        java_version: Callable[[], int | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Grammar and Spelling"))
        self._runner = runner or OperationRunner("grammar-test", self)
        self._service_factory = service_factory
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Mode"))
        for value, label in _MODES:
            self.mode.addItem(self.tr(label), value)
        self.mode.setCurrentIndex(max(0, self.mode.findData(current.mode)))
        self.server_url = QLineEdit(current.server_url)
        self.server_url.setPlaceholderText("http://localhost:8081")
        self.server_url.setAccessibleName(self.tr("Server URL"))
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(0.5, 60)
        self.timeout.setSuffix(self.tr(" s", "seconds"))
        self.timeout.setValue(current.timeout_seconds)
        self.timeout.setAccessibleName(self.tr("Timeout"))
        self.consent = QCheckBox(self.tr("I understand that draft text is sent to LanguageTool"))
        self.consent.setChecked(current.public_api_consent)
        self.consent.setAccessibleName(self.tr("Consent to send drafts to LanguageTool"))
        # The same warning as composer.services.grammar.PUBLIC_API_WARNING, translatable.
        self.warning = QLabel(
            self.tr(
                "The public LanguageTool API sends every draft, as you type it, to "
                "LanguageTool's servers outside your organisation. Only switch it on if your "
                "drafts may leave this machine."
            )
        )
        self.warning.setWordWrap(True)
        self._apply_colors()
        self.test_button = QPushButton(self.tr("&Test Connection"))
        self.test_button.setAccessibleName(self.tr("Test the connection"))
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName(self.tr("Connection result"))
        #: Local mode's set-up: Java, download with progress and Cancel, or an existing folder.
        self.local_setup = LocalSetupPanel(
            current, download_url=download_url, install_dir=install_dir, java_version=java_version
        )
        self.local_setup.outcome_ready.connect(self._on_setup_outcome)
        form = QFormLayout()
        form.addRow(self.tr("&Mode:"), self.mode)
        form.addRow(self.tr("Server &URL:"), self.server_url)
        form.addRow(self.tr("T&imeout:"), self.timeout)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.local_setup)
        layout.addWidget(self.warning)
        layout.addWidget(self.consent)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.test_button.clicked.connect(self._on_test_clicked)
        self._on_mode_changed()

    def changeEvent(self, event: QEvent) -> None:
        """Follow the system's light or dark palette."""
        super().changeEvent(event)
        if palette.is_palette_change(event):
            self._apply_colors()

    def _apply_colors(self) -> None:
        sheet = f"color: {palette.color('warn_text').name()};"
        if self.warning.styleSheet() != sheet:
            self.warning.setStyleSheet(sheet)

    def settings(self) -> GrammarSettings:
        """The settings as entered."""
        return GrammarSettings(
            mode=str(self.mode.currentData()),
            server_url=self.server_url.text().strip(),
            timeout_seconds=self.timeout.value(),
            public_api_consent=self.consent.isChecked(),
            languagetool_path=self.local_setup.languagetool_path(),
        )

    def done(self, result: int) -> None:
        """Closing cancels a running download (nothing half-installed stays behind)."""
        self.local_setup.wait()
        super().done(result)

    @Slot(object)
    def _on_setup_outcome(self, outcome: object) -> None:
        """A finished set-up: local on success, offline (with the reason) on failure."""
        if not isinstance(outcome, SetupOutcome):
            return
        self.result_label.setText(outcome.message)
        if not outcome.cancelled and outcome.settings.mode != self.mode.currentData():
            self.mode.setCurrentIndex(max(0, self.mode.findData(outcome.settings.mode)))

    @Slot()
    def _on_mode_changed(self) -> None:
        mode = self.mode.currentData()
        self.server_url.setEnabled(mode == "server")
        self.local_setup.setVisible(mode == "local")
        public = mode == "public"
        self.warning.setVisible(public)
        self.consent.setVisible(public)
        self.test_button.setEnabled(mode not in ("off", "offline"))

    @Slot()
    def _on_test_clicked(self) -> None:
        settings = self.settings()
        self.test_button.setEnabled(False)
        self.result_label.setText(self.tr("Testing…"))

        def work() -> ConnectionReport:
            service = self._service_factory(settings)
            try:
                return service.test_connection()
            finally:
                service.close()

        self._runner.submit(work, self._on_test_succeeded, self._on_test_failed)

    def _on_test_succeeded(self, report: object) -> None:
        self.test_button.setEnabled(True)
        if isinstance(report, ConnectionReport):
            self.result_label.setText(report.describe())

    def _on_test_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        message = str(error) if isinstance(error, KnownError) else repr(error)
        self.result_label.setText(self.tr("Connection failed: %1").replace("%1", message))
