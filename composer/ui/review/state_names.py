"""Draft states and review decisions as the user reads them (translated)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from composer.ui.translations import QT_TRANSLATE_NOOP

_STATES = {
    "draft": QT_TRANSLATE_NOOP("DraftState", "draft"),
    "submitted": QT_TRANSLATE_NOOP("DraftState", "submitted"),
    "changes_requested": QT_TRANSLATE_NOOP("DraftState", "changes requested"),
    "approved": QT_TRANSLATE_NOOP("DraftState", "approved"),
    "rejected": QT_TRANSLATE_NOOP("DraftState", "rejected"),
    "queued": QT_TRANSLATE_NOOP("DraftState", "queued"),
    "publishing": QT_TRANSLATE_NOOP("DraftState", "publishing"),
    "published": QT_TRANSLATE_NOOP("DraftState", "published"),
    "failed": QT_TRANSLATE_NOOP("DraftState", "failed"),
    "withdrawn": QT_TRANSLATE_NOOP("DraftState", "withdrawn"),
    "expired": QT_TRANSLATE_NOOP("DraftState", "expired"),
    "deleted": QT_TRANSLATE_NOOP("DraftState", "deleted"),
}

_DECISIONS = {
    "approve": QT_TRANSLATE_NOOP("ReviewDecision", "approved"),
    "request_changes": QT_TRANSLATE_NOOP("ReviewDecision", "requested changes"),
    "reject": QT_TRANSLATE_NOOP("ReviewDecision", "rejected"),
}


def state_label(state: str) -> str:
    """A draft state (``changes_requested``) as words (``changes requested``), translated."""
    source = _STATES.get(str(state))
    if source is None:
        return str(state).replace("_", " ")
    return QCoreApplication.translate("DraftState", source)


def decision_label(decision: str) -> str:
    """A review decision (``request_changes``) as words, translated."""
    source = _DECISIONS.get(str(decision))
    if source is None:
        return str(decision).replace("_", " ")
    return QCoreApplication.translate("ReviewDecision", source)
