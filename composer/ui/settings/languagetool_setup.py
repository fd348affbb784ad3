"""Settings ▸ Grammar, local mode: Java, downloading LanguageTool, or an existing folder.

The download runs :func:`composer.services.lt_setup.setup_local` on a plain thread; its
progress and outcome reach the UI thread through queued signals. Cancel sets the flag the
download polls between chunks; nothing is left half-installed. A failed or offline download
switches the dialog to ``offline`` and says why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from composer.services import lt_setup
from composer.services.lt_setup import SetupOutcome
from composer.services.workspace import GrammarSettings
from composer.ui.grammar_worker import emit


class _Bridge(QObject):
    """Carries the download thread's progress and outcome to the UI thread."""

    progress = Signal(object, object)  # bytes done, total or None
    finished = Signal(object)  # SetupOutcome


def _report(bridge: _Bridge, done: int, total: int | None) -> None:
    """Send progress to the UI thread (nothing once the dialog is gone)."""
    try:
        emit(bridge.progress, done, total)
    except RuntimeError:  # deleted with its dialog; the download is being cancelled
        return


class LocalSetupPanel(QGroupBox):
    """Java status, Download LanguageTool (progress, Cancel), or Use an existing folder.

    Signals:
        outcome_ready(SetupOutcome): a download or a chosen folder finished (UI thread).
    """

    outcome_ready = Signal(object)

    def __init__(
        self,
        current: GrammarSettings,
        *,
        download_url: str = lt_setup.DEFAULT_URL,
        install_dir: Path | None = None,
        java_version: Callable[[], int | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("LanguageTool on this machine"), parent)
        self._url = download_url
        self._install_dir = install_dir
        self._java_version = java_version
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._bridge = _Bridge(self)
        self._bridge.progress.connect(self._on_progress)
        self._bridge.finished.connect(self._on_finished)
        self.java_label = QLabel()
        self.java_label.setWordWrap(True)
        self.java_label.setAccessibleName(self.tr("Java"))
        self.path = QLineEdit(current.languagetool_path)
        self.path.setPlaceholderText(self.tr("Folder of an unpacked LanguageTool (optional)"))
        self.path.setAccessibleName(self.tr("LanguageTool folder"))
        self.browse_button = QPushButton(self.tr("&Choose Folder or Jar…"))
        self.download_button = QPushButton(self.tr("&Download LanguageTool (about 250 MB)"))
        self.cancel_button = QPushButton(self.tr("Cancel Download"))
        self.cancel_button.setVisible(False)
        self.browse_button.setAccessibleName(self.tr("Choose an existing LanguageTool"))
        self.download_button.setAccessibleName(self.tr("Download LanguageTool"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the download"))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Download progress"))
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Set-up result"))
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse_button)
        download_row = QHBoxLayout()
        download_row.addWidget(self.download_button)
        download_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.java_label)
        layout.addLayout(path_row)
        layout.addLayout(download_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.browse_button.clicked.connect(self._on_browse)
        self.download_button.clicked.connect(self.start_download)
        self.cancel_button.clicked.connect(self.cancel_download)
        self._java_checked = False

    def refresh_java(self) -> None:
        """Say whether Java 17+ runs here, and how to install it when it does not."""
        problem = lt_setup.java_problem(self._java_version)
        self._java_checked = True
        if problem is None:
            self.java_label.setText(self.tr("Java: found, LanguageTool can run here."))
        else:
            self.java_label.setText(problem[0].upper() + problem[1:] + ".")

    def showEvent(self, event: QShowEvent) -> None:
        """Check Java the first time the panel is shown (it runs ``java -version``)."""
        super().showEvent(event)
        if not self._java_checked:
            self.refresh_java()

    @property
    def downloading(self) -> bool:
        """True while a download runs."""
        return self._thread is not None and self._thread.is_alive()

    def languagetool_path(self) -> str:
        """The folder entered or set up (empty: none)."""
        return self.path.text().strip()

    @Slot()
    def start_download(self) -> None:
        """Download, verify and unpack LanguageTool on a thread."""
        if self.downloading:
            return
        self._cancel.clear()
        self.download_button.setEnabled(False)
        self.browse_button.setEnabled(False)
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)  # busy until the size is known
        self.progress.setVisible(True)
        self.status.setText(self.tr("Downloading LanguageTool…"))
        current = GrammarSettings(mode="local", languagetool_path=self.languagetool_path())
        bridge, cancel = self._bridge, self._cancel

        def work() -> None:
            outcome = lt_setup.setup_local(
                current,
                url=self._url,
                dest=self._install_dir,
                progress=lambda done, total: _report(bridge, done, total),
                cancelled=cancel.is_set,
                java_version=self._java_version,
            )
            try:
                emit(bridge.finished, outcome)
            except RuntimeError:  # the dialog was closed and deleted meanwhile
                return

        self._thread = threading.Thread(target=work, name="languagetool-download", daemon=True)
        self._thread.start()

    @Slot()
    def cancel_download(self) -> None:
        """Ask the download to stop; it removes what it fetched."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Cancelling…"))

    def wait(self, timeout: float = 10.0) -> None:
        """Cancel a running download and wait for its thread (the dialog is closing)."""
        if self._thread is not None:
            self._cancel.set()
            self._thread.join(timeout)

    @Slot(object, object)
    def _on_progress(self, done: object, total: object) -> None:
        if not isinstance(done, int):
            return
        if isinstance(total, int) and total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(min(1000, done * 1000 // total))
            self.status.setText(
                self.tr("Downloading LanguageTool: %1 of %2 MB")
                .replace("%1", f"{done / 1e6:.1f}")
                .replace("%2", f"{total / 1e6:.1f}")
            )

    @Slot(object)
    def _on_finished(self, outcome: object) -> None:
        self.download_button.setEnabled(True)
        self.browse_button.setEnabled(True)
        self.cancel_button.setVisible(False)
        self.browse_button.setAccessibleName(self.tr("Choose an existing LanguageTool"))
        self.download_button.setAccessibleName(self.tr("Download LanguageTool"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the download"))
        self.progress.setVisible(False)
        if isinstance(outcome, SetupOutcome):
            self._show(outcome)

    @Slot()
    def _on_browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("LanguageTool Folder"), self.languagetool_path() or str(Path.home())
        )
        if chosen:
            self.use_existing(chosen)

    def use_existing(self, path: str) -> None:
        """Use an unpacked LanguageTool at ``path`` (a folder or its jar)."""
        outcome = lt_setup.setup_local(
            GrammarSettings(mode="local", languagetool_path=self.languagetool_path()),
            existing=path,
            java_version=self._java_version,
        )
        self._show(outcome)

    def _show(self, outcome: SetupOutcome) -> None:
        # The dialog shows the outcome's sentence (the panel hides when it falls back to offline).
        self.status.clear()
        if outcome.ok:
            self.path.setText(outcome.settings.languagetool_path)
        self.outcome_ready.emit(outcome)
