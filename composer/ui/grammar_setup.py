"""Builds the grammar worker for a workspace's settings and guide."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from composer.core.errors import KnownError

if TYPE_CHECKING:
    from composer.services.workspace import Workspace
    from composer.ui.grammar_worker import GrammarWorker

log = logging.getLogger(__name__)


def make_grammar_worker(space: Workspace) -> GrammarWorker | None:
    """A grammar worker for the workspace's settings, or ``None`` when grammar is off."""
    if space.grammar.mode == "off":
        return None
    if space.grammar.mode == "offline":
        return _offline_worker(space)
    # Imported only when grammar is on: the LanguageTool client and its HTTP stack are a
    # noticeable part of the window's start-up.
    from composer.core.guide import load_guide  # noqa: PLC0415
    from composer.services.grammar import GrammarService  # noqa: PLC0415
    from composer.ui.grammar_worker import GrammarWorker  # noqa: PLC0415

    try:
        guide = load_guide(space.guide_path)
        language, accept = guide.language, guide.vocabulary.accept
        rules, categories = guide.lt_disabled_rules, guide.lt_disabled_categories
    except KnownError:
        # The window reports the broken guide; grammar still runs with defaults.
        language, accept, rules, categories = "en-US", (), (), ()
    try:
        service = GrammarService(
            space.grammar,
            language=language,
            accepted_vocabulary=accept,
            disabled_rules=rules,
            disabled_categories=categories,
        )
    except KnownError as exc:
        log.warning("grammar checking is unavailable: %s", exc)
        return None
    return GrammarWorker(service)


def _offline_worker(space: Workspace) -> GrammarWorker:
    """Mode ``offline`` (the default): the packaged dictionary, without the LanguageTool client."""
    # The guide loader and the dictionary are imported here, not at the top: the app builds
    # the worker after the window's first paint (see composer.ui.app.run).
    from composer.core.guide import load_guide  # noqa: PLC0415
    from composer.services.spelling import OfflineSpelling  # noqa: PLC0415
    from composer.ui.grammar_worker import GrammarWorker  # noqa: PLC0415

    try:
        guide = load_guide(space.guide_path)
        language, accept = guide.language, guide.vocabulary.accept
    except KnownError:
        language, accept = "en-US", ()
    return GrammarWorker(OfflineSpelling(language, accept))
