"""What every sub-command module shares: exit codes and the failure type."""

from __future__ import annotations

import argparse
from collections.abc import Callable

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2


class CommandFailed(Exception):  # noqa: N818 - it is a control-flow signal, not a bug
    """Stop a command with an exit code and an optional message for stderr."""

    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


#: The largest id a draft can have: the databases keep ids in 32-bit integer columns.
MAX_ID = 2**31 - 1


def bounded_int(low: int, high: int, what: str) -> Callable[[str], int]:
    """An argparse ``type`` reading a whole number from ``low`` to ``high``.

    A number out of range is a usage error naming ``what`` and the range, never an overflow
    deep in the database or the calendar (``draft show 12345678901234567890123456``).
    """

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            msg = f"{what} must be a whole number, not {text!r}"
            raise argparse.ArgumentTypeError(msg) from None
        if not low <= value <= high:
            shown = text if len(text) <= 30 else text[:27] + "..."
            msg = f"{what} must be from {low} to {high}, not {shown}"
            raise argparse.ArgumentTypeError(msg)
        return value

    parse.__name__ = what  # argparse names the type in its own messages
    return parse


#: A draft id on the command line.
draft_id = bounded_int(1, MAX_ID, "a draft id")
