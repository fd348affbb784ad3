"""The one small tree of typed errors.

``ComposerError`` is the root. ``KnownError`` subclasses describe problems a user can act on
(a bad guide, a dead server, a locked database) and carry a sentence that says so; anything
else reaching the top is a bug and goes to the crash dialog and the log.
"""

from __future__ import annotations

from dataclasses import dataclass


class ComposerError(Exception):
    """Root of every error the product raises on purpose."""


class KnownError(ComposerError):
    """A problem the user can understand and fix; ``str(err)`` is the sentence to show."""


@dataclass(frozen=True, slots=True)
class GuideProblem:
    """One problem in a guide file, located for ``FILE:LINE:COLUMN: message``."""

    path: str
    line: int
    column: int
    message: str
    key: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class GuideError(KnownError):
    """A guide (or a Vale style it uses) has one or more problems; all are listed."""

    def __init__(self, problems: list[GuideProblem] | tuple[GuideProblem, ...]) -> None:
        self.problems: tuple[GuideProblem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid guide")


class ConfigError(KnownError):
    """A counting config or a workspace setting is invalid."""


class ConflictError(KnownError):
    """A stale write: somebody changed the record since it was read."""


class TransitionError(KnownError):
    """A workflow transition is not allowed (wrong state, wrong person, open errors)."""


class ServiceUnavailableError(KnownError):
    """An outside service (LanguageTool, the X API, the keyring) cannot be reached or used."""


class StorageError(KnownError):
    """The database cannot be read or written (locked, read-only, full, corrupt)."""
