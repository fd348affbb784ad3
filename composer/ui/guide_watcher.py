"""Loads the brand guide and reloads it when its files change on disk.

Loading (reading, parsing and compiling) runs on a worker thread, so a large or hostile
guide never freezes typing. A broken guide never replaces a good one: the last good guide
stays in force while a new one loads and when it fails, and the problems are reported
through ``failed``. A newer reload supersedes an older one: only the newest result counts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from composer.core.errors import KnownError
from composer.ui.workers import InlineRunner, OperationRunner

#: Files a guide is made of (the guide, Vale styles and their vocabularies).
GUIDE_SUFFIXES = frozenset({".yml", ".yaml", ".ini", ".txt"})
#: The most paths watched (QFileSystemWatcher and the OS limit them).
MAX_WATCHED = 500
#: What a superseded load returns instead of a guide (never delivered).
_SUPERSEDED = object()


class GuideWatcher(QObject):
    """Watches a guide file and the folder tree beside it (Vale styles live there).

    Signals:
        loading(): a load starts (on the worker; the last good guide stays meanwhile).
        loaded(object): a guide loaded successfully (the loader's return value).
        failed(str): loading failed; every problem, one per line, ``FILE:LINE:COLUMN: message``.
    """

    loading = Signal()
    loaded = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        path: Path,
        loader: Callable[[Path], object],
        parent: QObject | None = None,
        *,
        runner: OperationRunner | InlineRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._loader = loader
        self.current: object | None = None
        self.error = ""
        # One thread: loads run in order, and a superseded one that has not started is
        # skipped (see ``reload``).
        self._runner = runner if runner is not None else OperationRunner("guide-loader", self)
        self._generation = 0
        self._delivered = 0
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

    @property
    def busy(self) -> bool:
        """Whether a load is under way (its result not yet delivered)."""
        return self._generation != self._delivered

    @Slot()
    def reload(self) -> None:
        """Start loading the guide on the worker; ``loaded`` or ``failed`` follow.

        Emits ``loading`` now. The result of a load that a later ``reload`` superseded is
        dropped, so the guide in force is always the newest one that loaded.
        """
        self.loading.emit()
        self._rewatch()
        self._fingerprint = self._files_fingerprint()
        self._generation += 1
        generation = self._generation
        path, loader = self.path, self._loader

        def work() -> object:
            if generation != self._generation:
                return _SUPERSEDED  # a newer reload is queued: skip the work
            return loader(path)

        self._runner.submit(
            work,
            lambda value: self._on_load_done(generation, value),
            lambda exc: self._on_load_failed(generation, exc),
        )

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop the loading thread (after the load under way, waiting at most ``timeout``)."""
        self._generation += 1  # whatever is queued is superseded
        self._runner.shutdown(timeout)

    def _on_load_done(self, generation: int, guide: object) -> None:
        if generation != self._generation:
            return
        self._delivered = generation
        self.current = guide
        self.error = ""
        self.loaded.emit(guide)

    def _on_load_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._delivered = generation
        if isinstance(exc, KnownError):
            self.error = str(exc)
        elif isinstance(exc, OSError):
            self.error = (
                self.tr("%1: cannot read the guide: %2")
                .replace("%1", str(self.path))
                .replace("%2", str(exc.strerror or exc))
            )
        else:
            raise exc  # a bug: the crash dialog and the log, never a silent failure
        self.failed.emit(self.error)

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
