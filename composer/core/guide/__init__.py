"""The brand guide: model, loader and Vale compatibility."""

from composer.core.guide.loader import lint_guide, lint_guide_with_notices, load_guide
from composer.core.guide.model import (
    Account,
    Blackout,
    Guide,
    MixRule,
    Schedule,
    Slot,
    Vocabulary,
)

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
