"""Help ▸ About: name, version, licence and the libraries we stand on."""

from __future__ import annotations

import html
import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from composer import APP_NAME, __version__


def about_text() -> str:
    """The About box's rich text."""
    what = QCoreApplication.translate(
        "AboutDialog", "Draft, check, review and schedule brand tweets."
    )
    licence = QCoreApplication.translate(
        "AboutDialog", "Free software under the GNU General Public License, version 3 or later."
    )
    counting = QCoreApplication.translate(
        "AboutDialog", "Tweet counting follows Twitter's twitter-text (Apache-2.0)."
    )
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        f"<p>{html.escape(what)}</p>"
        f"<p>{html.escape(licence)}</p>"
        f"<p><small>Python {platform.python_version()} · Qt {qVersion()} · "
        f"PySide6 {pyside_version}<br>{html.escape(counting)}</small></p>"
    )


def show_about(parent: QWidget) -> None:
    """Show the About box."""
    title = QCoreApplication.translate("AboutDialog", "About %1").replace("%1", APP_NAME)
    QMessageBox.about(parent, title, about_text())
