"""Team mode: which columns of a draft each workflow step may change, and who takes the step.

A whitelist, read by the server's guard on ``drafts`` (:mod:`composer.store.team_sql`): an
``UPDATE`` by a team login passes only when some rule names the state change it makes
(``from -> to``, the same state for a change that is not a transition), the login is among the
rule's people, and every column it changes is among the rule's columns. A column that no rule
names (a column added later included) can therefore only be written by the schema owner,
never by a member, until a rule says otherwise.

The rules come from the workflow core's :data:`~composer.core.workflow.TRANSITIONS` with who
may take each action (:data:`~composer.store.team_policy.ACTION_WHO`) and the columns of each
action below, plus the few changes that are not transitions (:data:`SAME_STATE_WRITES`).

After the final approval, what the publisher sends (``text``, ``thread_parts``,
``in_reply_to``) and the approval's record of it (``approved_hash``) are in no rule that keeps
a draft approved: an author's only ways forward are an edit (back to review) or a withdrawal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from composer.core.workflow import (
    CONFIRM_ACTIONS,
    SYSTEM_ACTIONS,
    TRANSITIONS,
    Action,
    State,
)
from composer.store.team_policy import ACTION_WHO, PUBLISHING_COLUMNS, TeamSetupError, Who

#: A reviewer or an admin of the draft's account, whoever wrote the draft (runs the queue).
MANAGER = "manager"

#: Written by every change (the optimistic lock and its times): allowed with a permitted
#: change, never on their own.
BOOKKEEPING_COLUMNS = frozenset({"version", "updated_at", "state_changed_at"})
#: The columns of a new row; every other column of a new draft must be empty (null, "", 0,
#: false or []), so that nothing reaches a draft except through its transitions.
INSERT_COLUMNS = frozenset(
    {
        "id",
        "account_id",
        "author_id",
        "state",
        "version",
        "text",
        "text_version",
        "content_hash",
        "has_errors",
        "scheduled_at",
        "state_changed_at",
        "created_at",
        "updated_at",
    }
)

_TEXT = frozenset({"text", "content_hash", "text_version", "has_errors"})
_REVIEW = frozenset(
    {
        "step",
        "approvals",
        "approved_text_version",
        "approved_hash",
        "submitted_at",
        "warning_reason",
    }
)
_PLACE = frozenset({"scheduled_at", "pinned"})
_UNIT = frozenset(
    {
        "tags",
        "variant_group",
        "variant",
        "variant_spacing_minutes",
        "evergreen_of",
        "repost_number",
        "repost_interval_minutes",
    }
)
_PUBLISHING = frozenset(PUBLISHING_COLUMNS)

#: The columns each action changes (besides ``state`` and :data:`BOOKKEEPING_COLUMNS`).
#: Publishing steps the core adds later default to the publishing columns (see
#: :func:`action_columns`); every other new action needs an entry (:func:`check_columns`).
ACTION_COLUMNS: Mapping[Action, frozenset[str]] = {
    Action.CREATE: frozenset(),
    Action.EDIT: _TEXT | _REVIEW,
    Action.SUBMIT: _REVIEW | {"has_errors"},
    # The final approval also cuts the approved text into the parts that will be sent.
    Action.APPROVE: _REVIEW | {"thread_parts"},
    Action.REQUEST_CHANGES: _REVIEW,
    Action.REJECT: _REVIEW,
    Action.WITHDRAW: _REVIEW,
    Action.REOPEN: _REVIEW,
    Action.RECALL: _REVIEW,
    Action.DELETE: frozenset(),
    Action.RESTORE: frozenset(),
    # A draft being written changes account; the new check's verdict is kept.
    Action.MOVE: frozenset({"account_id", "has_errors"}),
    Action.QUEUE: _PLACE | _UNIT,
    Action.UNQUEUE: _PLACE,
    Action.RETRY: _PLACE | {"needs_confirmation"},
    Action.START_PUBLISHING: _PUBLISHING,
    Action.MARK_PUBLISHED: _PUBLISHING,
    Action.MARK_FAILED: _PUBLISHING,
    Action.CONFIRM_PUBLISHED: _PUBLISHING,
    Action.CONFIRM_NOT_PUBLISHED: _PUBLISHING,
    Action.EXPIRE: frozenset(),
}


@dataclass(frozen=True, slots=True)
class DraftWrite:
    """A change that keeps the draft's state (not a transition), who makes it, what it writes."""

    name: str
    states: tuple[State, ...]
    who: frozenset[str]
    columns: frozenset[str]


#: Changes that are not workflow transitions.
SAME_STATE_WRITES: tuple[DraftWrite, ...] = (
    DraftWrite(
        "the post it replies to (while it is written)",
        (State.DRAFT, State.CHANGES_REQUESTED),
        frozenset({Who.AUTHOR.value}),
        frozenset({"in_reply_to"}),
    ),
    DraftWrite(
        "its time and pin in the queue",
        (State.QUEUED,),
        frozenset({MANAGER}),
        _PLACE,
    ),
    DraftWrite(
        "the record of a try in progress",
        (State.PUBLISHING,),
        frozenset({MANAGER, Who.PUBLISHER.value}),
        _PUBLISHING,
    ),
)


@dataclass(frozen=True, slots=True)
class ColumnRule:
    """One permitted change: from ``source`` to ``target``, by ``who``, of ``columns``."""

    source: str
    target: str
    who: frozenset[str]
    columns: frozenset[str]


def action_columns(action: Action) -> frozenset[str]:
    """The columns ``action`` may change (see :data:`ACTION_COLUMNS`)."""
    if action in ACTION_COLUMNS:
        return ACTION_COLUMNS[action]
    if action in SYSTEM_ACTIONS or action in CONFIRM_ACTIONS:
        # A publishing step (a post given back to its queue, say) writes the publishing
        # record, and the time it goes out when it returns to the queue.
        return _PUBLISHING | _PLACE
    raise TeamSetupError(
        f"no team-mode column rule for workflow action {action.value}: add it to "
        "composer/store/team_draft_columns.py ACTION_COLUMNS"
    )


def check_columns(actions: Iterable[Action] = Action) -> None:
    """Refuse when an action has no column rule.

    Raises:
        TeamSetupError: naming the action.
    """
    for action in actions:
        action_columns(action)


def column_rules() -> list[ColumnRule]:
    """Every permitted change of an existing draft by a team login."""
    rules: list[ColumnRule] = []

    def add(source: State, target: State, action: Action) -> None:
        who = frozenset(w.value for w in ACTION_WHO[action])
        rules.append(ColumnRule(source.value, target.value, who, action_columns(action)))

    for (source, action), target in TRANSITIONS.items():
        add(source, target, action)
        if action is Action.EDIT and target is State.SUBMITTED:
            add(source, State.DRAFT, action)  # new text with errors: back to the writer
    add(State.SUBMITTED, State.SUBMITTED, Action.APPROVE)  # a step before the last
    # No review: the submission approves, and cuts the thread's parts as an approval does.
    submit_who = frozenset(w.value for w in ACTION_WHO[Action.SUBMIT])
    submit_columns = action_columns(Action.SUBMIT) | {"thread_parts"}
    for source in (s for (s, a) in TRANSITIONS if a is Action.SUBMIT):
        rules.append(ColumnRule(source.value, State.APPROVED.value, submit_who, submit_columns))
    for write in SAME_STATE_WRITES:
        for state in write.states:
            rules.append(ColumnRule(state.value, state.value, write.who, write.columns))
    return rules
