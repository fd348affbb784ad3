"""A reviewer process for the race test: acts on each draft right after a shared barrier."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from composer.core.errors import ConflictError, TransitionError
from composer.core.workflow import Action
from composer.store.store import Store


def review_all(
    url: str, reviewer: str, decision: str, draft_ids: list[int], barrier: Any, results: Any
) -> None:
    """Read then act on every draft in order, in lock-step with the other process."""
    outcomes: dict[int, str] = {}
    with Store.open(url, upgrade=False, busy_timeout=10.0) as store:
        for draft_id in draft_ids:
            barrier.wait()
            read = store.drafts.get(draft_id)
            try:
                store.drafts.review(
                    draft_id,
                    Action(decision),
                    actor=reviewer,
                    expected_version=read.version,
                    now=datetime.now(UTC),
                )
            except ConflictError:
                outcomes[draft_id] = "conflict"
            except TransitionError:
                outcomes[draft_id] = "refused"
            else:
                outcomes[draft_id] = "won"
    results.put((reviewer, outcomes))
