"""Help ▸ About: name, version, licence and the libraries we stand on."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from composer import APP_NAME, __version__


def about_text() -> str:
    """The About box's rich text."""
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Draft, check, review and schedule brand tweets.</p>"
        "<p>Free software under the GNU General Public License, version 3 or later.</p>"
        f"<p><small>Python {platform.python_version()} · Qt {qVersion()} · "
        f"PySide6 {pyside_version}<br>Tweet counting follows Twitter's twitter-text "
        "(Apache-2.0).</small></p>"
    )


def show_about(parent: QWidget) -> None:
    """Show the About box."""
    QMessageBox.about(parent, parent.tr("About %1").replace("%1", APP_NAME), about_text())
