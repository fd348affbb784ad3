"""The brand guide: model, loader and Vale compatibility.

The loader (YAML with line numbers, Vale styles, every rule kind's reader) is imported when
one of its functions is first asked for: a guide taken from the cache of loaded guides
needs only the model, and ``check`` starts sooner without the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from composer.core.guide.model import (
    Account,
    Blackout,
    Guide,
    MixRule,
    Schedule,
    Slot,
    Vocabulary,
)

if TYPE_CHECKING:
    from composer.core.guide.loader import lint_guide, lint_guide_with_notices, load_guide

_LOADER_NAMES = frozenset({"lint_guide", "lint_guide_with_notices", "load_guide"})


def __getattr__(name: str) -> Any:  # noqa: ANN401 - the loader's functions
    if name in _LOADER_NAMES:
        from composer.core.guide import loader  # noqa: PLC0415 - imported on first use

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Account",
    "Blackout",
    "Guide",
    "MixRule",
    "Schedule",
    "Slot",
    "Vocabulary",
    "lint_guide",
    "lint_guide_with_notices",
    "load_guide",
]
