"""Loads the brand guide and reloads it when its files change on disk.

A broken guide never replaces a good one: the last good guide stays in force and the
problems are reported through ``failed``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from composer.core.errors import KnownError


class GuideWatcher(QObject):
    """Watches a guide file and the folder tree beside it (Vale styles live there).

    Signals:
        loaded(object): a guide loaded successfully (the loader's return value).
        failed(str): loading failed; every problem, one per line, ``FILE:LINE:COLUMN: message``.
    """

    loaded = Signal(object)
    failed = Signal(str)

    def __init__(
        self, path: Path, loader: Callable[[Path], object], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._loader = loader
        self.current: object | None = None
        self.error = ""
        self._watcher = QFileSystemWatcher(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)  # editors write files in several steps
        self._debounce.timeout.connect(self.reload)
        self._watcher.fileChanged.connect(self._on_path_changed)
        self._watcher.directoryChanged.connect(self._on_path_changed)

    @Slot()
    def reload(self) -> None:
        """Load the guide now; emit ``loaded`` or ``failed``."""
        self._rewatch()
        try:
            guide = self._loader(self.path)
        except KnownError as exc:
            self.error = str(exc)
            self.failed.emit(self.error)
            return
        except OSError as exc:
            self.error = f"{self.path}: cannot read the guide: {exc.strerror or exc}"
            self.failed.emit(self.error)
            return
        self.current = guide
        self.error = ""
        self.loaded.emit(guide)

    @Slot(str)
    def _on_path_changed(self, _path: str) -> None:
        self._debounce.start()

    def _rewatch(self) -> None:
        # Editors that save by renaming drop the watched file: watch everything afresh.
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        paths = [str(self.path)] if self.path.exists() else []
        folder = self.path.parent
        if folder.is_dir():
            paths.append(str(folder))
            for sub in sorted(folder.rglob("*")):
                if len(paths) > 500:
                    break
                if sub.is_dir() or sub.suffix in {".yml", ".yaml", ".ini", ".txt"}:
                    paths.append(str(sub))
        if paths:
            self._watcher.addPaths(paths)
