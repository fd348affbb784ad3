"""What every sub-command module shares: exit codes and the failure type."""

from __future__ import annotations

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2


class CommandFailed(Exception):  # noqa: N818 - it is a control-flow signal, not a bug
    """Stop a command with an exit code and an optional message for stderr."""

    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
