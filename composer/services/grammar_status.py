"""What a grammar or spelling check produced: the result, its status values and the problem.

Kept apart from :mod:`composer.services.grammar` so that offline spelling (the default mode)
reaches the window and ``check`` without loading the LanguageTool client and its HTTP stack.
``composer.services.grammar`` re-exports every name.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.core.errors import ServiceUnavailableError
from composer.core.findings import Finding

#: Status values of :class:`GrammarResult`.
READY = "ready"
OFF = "off"
#: Mode ``offline``: the packaged dictionary checked the spelling, as asked.
OFFLINE = "offline"
FALLBACK = "fallback"
UNAVAILABLE = "unavailable"


class GrammarUnavailableError(ServiceUnavailableError):
    """LanguageTool cannot be used right now; ``str(err)`` is the sentence to show.

    Attributes:
        kind: ``refused``, ``timeout``, ``http``, ``malformed``, ``java``, ``download``,
            ``consent``, ``config`` or ``unreachable``.
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind

    @property
    def state(self) -> str:
        """The status indicator's state for this problem."""
        if self.kind == "timeout":
            return "slow"
        if self.kind in ("refused", "unreachable", "download"):
            return "unreachable"
        return "error"


#: The name the brief and the UI use.
GrammarUnavailable = GrammarUnavailableError


@dataclass(frozen=True, slots=True)
class GrammarResult:
    """What one grammar check produced.

    Attributes:
        text: The text that was checked.
        findings: Grammar-source findings with Python spans, sorted.
        status: ``ready`` (LanguageTool answered), ``offline`` (mode ``offline``: the
            packaged dictionary checked the spelling), ``fallback`` (LanguageTool failed:
            offline spelling only), ``off`` or ``unavailable`` (no LanguageTool and no
            offline dictionary).
        message: A sentence for the status indicator; names the problem if there is one.
        problem: The failure when LanguageTool did not answer.
    """

    text: str
    findings: tuple[Finding, ...] = ()
    status: str = READY
    message: str = ""
    problem: GrammarUnavailable | None = None
