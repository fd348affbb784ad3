"""Loads the brand guide and reloads it when its files change on disk.

A broken guide never replaces a good one: the last good guide stays in force and the
problems are reported through ``failed``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from composer.core.errors import KnownError

#: Files a guide is made of (the guide, Vale styles and their vocabularies).
GUIDE_SUFFIXES = frozenset({".yml", ".yaml", ".ini", ".txt"})
#: The most paths watched (QFileSystemWatcher and the OS limit them).
MAX_WATCHED = 500


class GuideWatcher(QObject):
    """Watches a guide file and the folder tree beside it (Vale styles live there).

    Signals:
        loading(): a load starts (it runs on this thread; say so before it blocks).
        loaded(object): a guide loaded successfully (the loader's return value).
        failed(str): loading failed; every problem, one per line, ``FILE:LINE:COLUMN: message``.
    """

    loading = Signal()
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
        self._debounce.timeout.connect(self._on_debounce_timeout)
        # What the guide's files looked like at the last load: a change in the folder that
        # leaves them alone (the workspace database writing its journal) reloads nothing.
        self._fingerprint: tuple[tuple[str, int, int], ...] = ()
        self._watcher.fileChanged.connect(self._on_path_changed)
        self._watcher.directoryChanged.connect(self._on_path_changed)

    @Slot()
    def reload(self) -> None:
        """Load the guide now; emit ``loading``, then ``loaded`` or ``failed``."""
        self.loading.emit()
        self._rewatch()
        self._fingerprint = self._files_fingerprint()
        try:
            guide = self._loader(self.path)
        except KnownError as exc:
            self.error = str(exc)
            self.failed.emit(self.error)
            return
        except OSError as exc:
            self.error = (
                self.tr("%1: cannot read the guide: %2")
                .replace("%1", str(self.path))
                .replace("%2", str(exc.strerror or exc))
            )
            self.failed.emit(self.error)
            return
        self.current = guide
        self.error = ""
        self.loaded.emit(guide)

    @Slot(str)
    def _on_path_changed(self, _path: str) -> None:
        self._debounce.start()

    @Slot()
    def _on_debounce_timeout(self) -> None:
        if self._files_fingerprint() != self._fingerprint:
            self.reload()

    def _guide_files(self) -> list[Path]:
        """The guide and the guide-like files beside it (at most ``MAX_WATCHED``)."""
        files = [self.path] if self.path.exists() else []
        folder = self.path.parent
        if folder.is_dir():
            for sub in sorted(folder.rglob("*")):
                if len(files) >= MAX_WATCHED:
                    break
                if sub.suffix in GUIDE_SUFFIXES and sub.is_file() and sub != self.path:
                    files.append(sub)
        return files

    def _files_fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        found = []
        for path in self._guide_files():
            try:
                stat = path.stat()
            except OSError:
                continue  # gone between listing and looking: the next change tells
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(found)

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
                if len(paths) > MAX_WATCHED:
                    break
                if sub.is_dir() or sub.suffix in GUIDE_SUFFIXES:
                    paths.append(str(sub))
        if paths:
            self._watcher.addPaths(paths)
