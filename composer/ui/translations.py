"""Load the UI's translation for the user's locale; English (the source text) is the fallback.

Translations are Qt ``.qm`` files in ``resources/translations/``, compiled from the ``.ts``
files there by ``scripts/update_translations.sh`` (see docs/translating.md). A missing
translation is not an error: the UI simply stays in English.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from composer.resources import resource_path

log = logging.getLogger(__name__)

#: The catalogue's base name: ``brand_composer_de.qm`` holds German.
CATALOG = "brand_composer"


def translations_dir() -> Path | None:
    """The shipped ``resources/translations`` folder, if there is one."""
    try:
        folder = resource_path("translations")
    except FileNotFoundError:
        return None
    return folder if folder.is_dir() else None


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, folder: Path | None = None
) -> list[QTranslator]:
    """Install our catalogue for ``locale`` and, with it, Qt's own (standard buttons, menus).

    Qt's catalogue is only added when ours exists: a window half in English and half in the
    system's language is worse than one all in English.

    Args:
        app: The application to install them in (they become its children).
        locale: The language wanted; the system's by default.
        folder: Where our ``.qm`` files are; ``resources/translations`` by default.

    Returns:
        The translators installed (empty when the UI stays in English).
    """
    wanted = locale if locale is not None else QLocale.system()
    ours_dir = folder if folder is not None else translations_dir()
    if ours_dir is None:
        return []
    installed: list[QTranslator] = []
    for name, directory in (
        (CATALOG, str(ours_dir)),
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
    ):
        translator = QTranslator(app)
        # Tries NAME_de_DE.qm, NAME_de.qm ... for each of the locale's UI languages.
        if translator.load(wanted, name, "_", directory, ".qm") and app.installTranslator(
            translator
        ):
            installed.append(translator)
            log.debug("translation loaded: %s", translator.filePath())
        else:
            translator.deleteLater()
            if not installed:
                break  # no catalogue of ours for this language: stay all English
    return installed


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context``; translate it later where it is shown.

    Qt's own marker is typed as returning ``object``; this one keeps ``str`` for mypy, and
    lupdate finds it by its name all the same.
    """
    del context  # only lupdate reads it
    return text
