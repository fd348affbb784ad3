"""Start the desktop app: check there is a screen, build the QApplication and the main window."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING

from composer import APP_ID, APP_NAME, __version__
from composer.core.errors import KnownError
from composer.resources import resource_path

if TYPE_CHECKING:
    from composer.services.workspace import Workspace
    from composer.ui.main_window import MainWindow

log = logging.getLogger(__name__)
#: Test hook: text the window types into its editor once it is ready (crash-recovery test).
TYPE_TEXT_ENV = "BRAND_COMPOSER_TYPE_TEXT"

_NO_DISPLAY_MESSAGE = (
    "brand-composer: no screen to show the window on (neither DISPLAY nor WAYLAND_DISPLAY is "
    "set). Start it from a desktop session, or for a virtual screen run: "
    "xvfb-run brand-composer\n"
)


def has_display(environ: dict[str, str] | None = None) -> bool:
    """Whether Qt can open a window: a display server, or an explicit QPA platform."""
    env = os.environ if environ is None else environ
    if env.get("QT_QPA_PLATFORM"):
        return True
    if not sys.platform.startswith("linux"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def run(workspace: str | None = None, user: str | None = None) -> int:
    """Run the app until its window closes; returns the exit code.

    ``user`` (``--user``) is who acts on a SQLite workspace; on PostgreSQL the database login
    is the identity and ``user`` is refused. Without a display, Qt would abort the process;
    say what is missing instead.
    """
    if not has_display():
        sys.stderr.write(_NO_DISPLAY_MESSAGE)
        return 2
    try:
        from PySide6.QtCore import QSettings, Qt  # noqa: PLC0415
        from PySide6.QtGui import QIcon  # noqa: PLC0415
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415
    except ImportError as exc:
        sys.stderr.write(
            f"brand-composer: Qt cannot be loaded ({exc}). On Debian/Ubuntu install the system "
            "libraries listed in README.md (libegl1 libgl1 libxkbcommon0 ...).\n"
        )
        return 2

    from composer.ui.crash_dialog import install_excepthook  # noqa: PLC0415
    from composer.ui.main_window import MainWindow  # noqa: PLC0415
    from composer.ui.settings_store import SettingsStore  # noqa: PLC0415
    from composer.ui.translations import install_translators  # noqa: PLC0415

    app = QApplication.instance() or QApplication(sys.argv[:1])
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationVersion(__version__)
    QApplication.setOrganizationName("BrandVoiceComposer")
    QApplication.setDesktopFileName(APP_ID)
    # Before any widget exists: every tr() call from here on sees the user's language.
    install_translators(app)
    install_excepthook()
    from composer.ui.palette import DisabledColors  # noqa: PLC0415

    DisabledColors(app)  # disabled buttons stay distinguishable in light and dark themes
    from composer.ui.gc_control import GarbageCollector  # noqa: PLC0415

    collector = GarbageCollector(app)  # cyclic GC only on this thread, from here on
    icon = resource_path("icons", f"{APP_ID}.svg")
    if icon.is_file():
        QApplication.setWindowIcon(QIcon(str(icon)))
    from composer.services.workspace import resolve_workspace  # noqa: PLC0415

    try:
        space = resolve_workspace(workspace)
        acting = window_user(space, user)
    except KnownError as exc:
        sys.stderr.write(f"brand-composer: {exc}\n")
        return 2
    settings = SettingsStore(QSettings())
    window = MainWindow(settings, space, user=acting, defer_start=True)
    window.show()

    def after_rest() -> None:
        """What the first paint does not need starts after it, the window's rest first."""
        from composer.ui.grammar_setup import make_grammar_worker  # noqa: PLC0415

        # Spelling and grammar: the dictionary or LanguageTool's client.
        window.set_grammar_worker(make_grammar_worker(space))
        if window.store_client is not None:
            # Published posts' results from X, on a timer, once the store is open: a second
            # connection while the first migrates a new database finds it locked.
            window.store_client.prepared.connect(
                window.start_background_reads, Qt.ConnectionType.SingleShotConnection
            )

    # Once the window's rest is built (``defer_start``): the store client exists then.
    window.after_rest_built(after_rest)
    if os.environ.get("BRAND_COMPOSER_SMOKE_TEST"):
        # Packaging smoke test: prove the window opens (saying whose it is), then leave with
        # exit code 0.
        from PySide6.QtCore import QTimer  # noqa: PLC0415

        sys.stdout.write(f"window: {window.windowTitle()}\n")
        sys.stdout.flush()
        QTimer.singleShot(1500, app.quit)
    typed = os.environ.get(TYPE_TEXT_ENV)
    if typed:
        _type_when_ready(window, typed)
    try:
        return int(app.exec())
    finally:
        collector.stop()


def window_user(space: Workspace, user: str | None) -> str | None:
    """Who the window acts as: ``--user`` on SQLite, the database login in team mode.

    ``None`` leaves it to the window (the OS login on SQLite).

    Raises:
        KnownError: ``--user`` was given for a PostgreSQL workspace.
    """
    if not space.is_sqlite:
        if user:
            raise KnownError(
                "--user is refused on PostgreSQL: the database login is the identity "
                f"(here {space.database_user or 'none'})"
            )
        return space.database_user
    if not user:
        return None
    from composer.store.user_spelling import stored_spelling  # noqa: PLC0415

    return stored_spelling(space.database_url, user)


def _type_when_ready(window: MainWindow, text: str) -> None:
    """Test hook (``BRAND_COMPOSER_TYPE_TEXT``): type ``text`` once the draft can be saved.

    The crash-recovery test kills such a process and starts the window again.
    """
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    def type_it() -> None:
        if not window.store_ready:
            QTimer.singleShot(50, type_it)
            return
        window.editor.setFocus()
        window.editor.insertPlainText(text)

    QTimer.singleShot(0, type_it)


def log_unexpected(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> str:
    """Log an unexpected exception and return its formatted traceback."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error:\n%s", text)
    return text
