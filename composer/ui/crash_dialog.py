"""The one place unexpected exceptions end up: the log, and a dialog offering the details."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from composer import APP_NAME
from composer.core.errors import KnownError


def install_excepthook() -> None:
    """Route uncaught exceptions in slots to :func:`show_crash` instead of aborting."""
    sys.excepthook = _excepthook


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    from composer.ui.app import log_unexpected  # noqa: PLC0415

    details = log_unexpected(exc_type, exc, tb)
    if QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    show_crash(exc, details)


def show_crash(exc: BaseException, details: str) -> None:
    """Tell the user something went wrong; the traceback is only behind 'Show Details'."""
    box = QMessageBox()
    box.setIcon(
        QMessageBox.Icon.Warning if isinstance(exc, KnownError) else QMessageBox.Icon.Critical
    )
    box.setWindowTitle(APP_NAME)
    if isinstance(exc, KnownError):
        box.setText(str(exc))
    else:
        box.setText(
            QCoreApplication.translate(
                "CrashDialog",
                "Something unexpected went wrong. Your draft is kept; you can carry on. "
                "Please report this with the details below.",
            )
        )
        box.setDetailedText(details)
    box.exec()
