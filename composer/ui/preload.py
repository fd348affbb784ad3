"""Import what the rest of the window needs on a background thread, then build it.

The first paint shows the window's frame; the rest (the store and its pages, the checker,
the services) is imported and built right after it. Importing SQLAlchemy, the store and the
services is most of a second of plain Python: on the UI thread the window would not answer
meanwhile. They are imported here on a thread instead (the UI thread gets the interpreter
every few milliseconds, so keys and clicks are handled), and the rest is built on the UI thread
once they are in.

Only modules of ``composer.core``, ``composer.store`` and ``composer.services`` (no Qt, by the
layering; ``tests/ui/test_preload.py`` checks it) and the libraries they use are imported
here: Qt objects are made on the UI thread only. A module that fails to import here is
imported again where it is used, and its error shows there as it always did.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

#: What ``MainWindow._build_rest`` (and the workspace pages) import that takes long.
MODULES: tuple[str, ...] = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "composer.core.counter",
    "composer.core.checker",
    "composer.core.workflow",
    "composer.core.schedule",
    "composer.store.store",
    "composer.store.queue",
    "composer.store.inbox",
    "composer.services.guide_cache",
    "composer.services.publisher",
    "composer.services.mentions",
    "composer.services.queueing",
    "composer.services.secrets",
    "composer.services.live",
)


class _Done(QObject):
    """Lives on the UI thread; its signal, emitted from the preload thread, is queued there."""

    done = Signal()


def _compile_twitter_text() -> None:
    from composer.core.text import patterns  # noqa: PLC0415 - on the preload thread

    patterns.compile_all()


#: Work done on the thread after the imports: twitter-text's patterns are compiled at their
#: first use otherwise, the URL pattern on the UI thread at the first link typed (~100 ms).
WARM_UPS: tuple[Callable[[], object], ...] = (_compile_twitter_text,)


def preload_then(
    parent: QObject,
    then: Callable[[], object],
    modules: Sequence[str] = MODULES,
    warm_ups: Sequence[Callable[[], object]] = WARM_UPS,
) -> threading.Thread:
    """Import ``modules`` and run ``warm_ups`` on a thread, then call ``then`` on the UI thread.

    ``then`` runs on ``parent``'s thread; nothing is called when ``parent`` is gone by then
    (the window closed meanwhile).
    """
    bridge = _Done(parent)
    bridge.done.connect(then)

    def work() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # imported again where used: its error shows there
                log.debug("preloading %s failed", name, exc_info=True)
        for warm in warm_ups:
            try:
                warm()
            except Exception:  # done again where used: its error shows there
                log.debug("warming up failed", exc_info=True)
        try:
            bridge.done.emit()
        except RuntimeError:  # the window, and the bridge with it, was closed meanwhile
            log.debug("the window closed before its rest was built")

    thread = threading.Thread(target=work, name="preload", daemon=True)
    thread.start()
    return thread
