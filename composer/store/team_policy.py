"""Team mode's decisions: group roles, who may cause each state change, per-table policy.

Read by :mod:`composer.store.team` (which applies them) and :mod:`composer.store.team_sql`
(which writes them as PostgreSQL). Every table of the schema and every workflow action has an
explicit decision here; :func:`check_decisions` refuses anything left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from composer.core.errors import KnownError
from composer.core.workflow import TRANSITIONS, Action, Role, State
from composer.store import (
    inbox_models,  # noqa: F401 - registers the inbox tables
    media_models,  # noqa: F401 - registers the media tables
    metrics_models,  # noqa: F401 - registers the post metrics table
)
from composer.store.models import Base

#: The channel every change is announced on (LISTEN bvc_changes).
NOTIFY_CHANNEL = "bvc_changes"
#: A NOTIFY payload must stay under 8000 bytes; past this the name lists are left out.
MAX_PAYLOAD = 7000
#: How far ahead of the server's clock a client may expire a draft (clocks drift).
EXPIRY_TOLERANCE_MINUTES = 15


@dataclass(frozen=True, slots=True)
class TeamRoles:
    """The group roles (``NOLOGIN``) a person's login is granted; named here and only here.

    Attributes:
        member: Base role of every team login: connect, read, and what everyone may write.
        author: Community managers who write drafts.
        reviewer: Reviewers (and queue managers) of some account.
        admin: Admins of some account.
        publisher: A dedicated login that runs ``publish-due`` (or give it to an admin).
    """

    member: str = "bvc_member"
    author: str = "bvc_author"
    reviewer: str = "bvc_reviewer"
    admin: str = "bvc_admin"
    publisher: str = "bvc_publisher"

    def groups(self) -> tuple[str, ...]:
        """Every group role, base role first."""
        return (self.member, self.author, self.reviewer, self.admin, self.publisher)

    def for_role(self, role: Role) -> str:
        """The group role of a workflow role."""
        return {Role.AUTHOR: self.author, Role.REVIEWER: self.reviewer, Role.ADMIN: self.admin}[
            role
        ]


ROLES = TeamRoles()


class Who(StrEnum):
    """Who may cause a state change (checked against the person's grants on the account)."""

    AUTHOR = "author"  # the draft's own author
    ADMIN = "admin"  # an admin of the draft's account
    REVIEWER = "reviewer"  # a reviewer of the account who is not the draft's author
    PUBLISHER = "publisher"  # a member of the publisher group role
    MEMBER = "member"  # any team member (the scheduler runs in every client)


#: Who may take each workflow action in team mode. Every :class:`Action` has an entry (a test
#: and :func:`apply_team_security` insist), so a new action cannot slip through unguarded.
ACTION_WHO: Mapping[Action, frozenset[Who]] = {
    Action.CREATE: frozenset({Who.AUTHOR, Who.ADMIN}),
    Action.EDIT: frozenset({Who.AUTHOR, Who.ADMIN}),
    Action.SUBMIT: frozenset({Who.AUTHOR}),
    Action.APPROVE: frozenset({Who.REVIEWER}),
    Action.REQUEST_CHANGES: frozenset({Who.REVIEWER}),
    Action.REJECT: frozenset({Who.REVIEWER}),
    Action.WITHDRAW: frozenset({Who.AUTHOR, Who.ADMIN}),
    Action.REOPEN: frozenset({Who.AUTHOR, Who.ADMIN}),
    Action.QUEUE: frozenset({Who.AUTHOR, Who.ADMIN, Who.REVIEWER, Who.PUBLISHER}),
    Action.UNQUEUE: frozenset({Who.AUTHOR, Who.ADMIN, Who.REVIEWER, Who.PUBLISHER}),
    Action.RETRY: frozenset({Who.AUTHOR, Who.ADMIN, Who.REVIEWER, Who.PUBLISHER}),
    Action.START_PUBLISHING: frozenset({Who.ADMIN, Who.REVIEWER, Who.PUBLISHER}),
    Action.MARK_PUBLISHED: frozenset({Who.ADMIN, Who.REVIEWER, Who.PUBLISHER}),
    Action.MARK_FAILED: frozenset({Who.ADMIN, Who.REVIEWER, Who.PUBLISHER}),
    Action.DEFER: frozenset({Who.ADMIN, Who.REVIEWER, Who.PUBLISHER}),
    Action.CONFIRM_PUBLISHED: frozenset({Who.ADMIN, Who.REVIEWER}),
    Action.CONFIRM_NOT_PUBLISHED: frozenset({Who.ADMIN, Who.REVIEWER}),
    Action.EXPIRE: frozenset({Who.MEMBER}),
    Action.RECALL: frozenset({Who.AUTHOR, Who.ADMIN}),
    Action.DELETE: frozenset({Who.AUTHOR, Who.ADMIN}),
    Action.RESTORE: frozenset({Who.AUTHOR, Who.ADMIN}),
    # The server's guard keeps a draft's account fixed: moving is refused in team mode.
    Action.MOVE: frozenset({Who.AUTHOR, Who.ADMIN}),
}

#: Draft columns only queue managers (reviewers, admins) and the publisher change.
PUBLISHING_COLUMNS = (
    "post_id",
    "post_ids",
    "published_at",
    "publish_attempts",
    "publishing_since",
    "last_error",
    "needs_confirmation",
    "not_before",
)


@dataclass(frozen=True, slots=True)
class TablePolicy:
    """The decision for one table: privileges per group, and how rows are guarded.

    Attributes:
        select: Groups that read it.
        insert: Groups that insert.
        update: Groups that update.
        delete: Groups that delete.
        guard: The ``BEFORE`` row trigger function checking each change (``None``: grants only).
        own_rows: Row-level security: the column that must equal the login's name.
        append_only: Refuse ``UPDATE``, ``DELETE`` and ``TRUNCATE`` to everyone, owner included.
        notify: Announce changes on :data:`NOTIFY_CHANNEL`.
        why: The reason, for the reader of this table.
    """

    select: tuple[str, ...]
    insert: tuple[str, ...] = ()
    update: tuple[str, ...] = ()
    delete: tuple[str, ...] = ()
    guard: str | None = None
    own_rows: str | None = None
    append_only: bool = False
    notify: bool = False
    why: str = ""


_M, _AU, _RE, _AD, _PU = ROLES.groups()

#: One explicit decision per table of the schema (``alembic_version`` is handled apart).
TABLE_POLICIES: Mapping[str, TablePolicy] = {
    "users": TablePolicy(
        select=(_M,),
        insert=(_AD,),
        update=(_AD,),
        guard="bvc_guard_admin_only",
        why="people: everyone sees names; only an admin of every account adds or changes them",
    ),
    "role_grants": TablePolicy(
        select=(_M,),
        insert=(_AD,),
        update=(_AD,),
        delete=(_AD,),
        guard="bvc_guard_admin_only",
        why="who may do what: only an admin of every account grants roles",
    ),
    "accounts": TablePolicy(
        select=(_M,),
        insert=(_AD,),
        update=(_AD, _RE),
        guard="bvc_guard_accounts",
        notify=True,
        why="accounts come from the guide (admins); reviewers pause their account's queue",
    ),
    "drafts": TablePolicy(
        select=(_M,),
        insert=(_AU, _AD),
        update=(_M,),
        guard="bvc_guard_drafts",
        notify=True,
        why="every change is checked against the workflow's transitions and the person's roles",
    ),
    "draft_versions": TablePolicy(
        select=(_M,),
        insert=(_AU, _AD),
        update=(_M,),
        guard="bvc_guard_draft_versions",
        why="text only by the author or an admin; a sealed text never changes",
    ),
    "comments": TablePolicy(
        select=(_M,),
        insert=(_M,),
        guard="bvc_guard_comments",
        notify=True,
        why="anyone with a role on the account comments, under their own name; never edited",
    ),
    "reviews": TablePolicy(
        select=(_M,),
        insert=(_RE,),
        guard="bvc_guard_reviews",
        notify=True,
        why="decisions by a reviewer of the account, never on their own draft; never edited",
    ),
    "audit_events": TablePolicy(
        select=(_M,),
        insert=(_M,),
        guard="bvc_guard_audit",
        append_only=True,
        why="the trail: append-only for everyone, written under the login's own name",
    ),
    "recovery_entries": TablePolicy(
        select=(_M,),
        insert=(_M,),
        update=(_M,),
        delete=(_M,),
        own_rows="user",
        why="each person's unsaved editor text, visible to that person only",
    ),
    "publish_attempts": TablePolicy(
        select=(_M,),
        insert=(_RE, _AD, _PU),
        update=(_RE, _AD, _PU),
        guard="bvc_guard_publish_attempts",
        notify=True,
        why="the publishing record: written by the publisher and the account's queue managers",
    ),
    "workspace_settings": TablePolicy(
        select=(_M,),
        insert=(_RE, _AD, _PU),
        update=(_RE, _AD, _PU),
        guard="bvc_guard_workspace_settings",
        notify=True,
        why="workspace-wide switches (the crisis pause): reviewers or admins of every account; "
        "the results cadence: admins of every account; when X lets an account's results be "
        "read again: the publisher or the account's admins (metrics fetch)",
    ),
    "media_blobs": TablePolicy(
        select=(_M,),
        insert=(_AU, _AD),
        delete=(_AU, _AD),
        guard="bvc_guard_media_blobs",
        why="media files, shared by content so every member sees a draft's pictures; stored "
        "by authors under the SHA-256 the database checks; never changed; unused ones deleted",
    ),
    "draft_media": TablePolicy(
        select=(_M,),
        insert=(_AU, _AD),
        update=(_AU, _RE, _AD, _PU),
        delete=(_AU, _AD),
        guard="bvc_guard_draft_media",
        why="a draft's attachments: changed by its author or an admin before publishing; the "
        "publisher records its uploads to X",
    ),
    "mentions": TablePolicy(
        select=(_M,),
        insert=(_AD, _PU),
        update=(_M,),
        guard="bvc_guard_mentions",
        notify=True,
        why="the mentions inbox: fetched by the publisher or admins; every member sees it; "
        "people with a role on the account triage and route it; what X said never changes",
    ),
    "inbox_cursors": TablePolicy(
        select=(_M,),
        insert=(_AD, _PU),
        update=(_AD, _PU),
        guard="bvc_guard_inbox_cursors",
        why="where each account's fetch stands (since_id, billed reads): the fetcher's",
    ),
    "post_metrics": TablePolicy(
        select=(_M,),
        insert=(_AD, _PU),
        why="readings of X's public metrics of published posts: written by the publisher or "
        "admins (metrics fetch); every member sees results; a reading is never changed",
    ),
    "locks": TablePolicy(
        select=(_M,),
        insert=(_PU,),
        update=(_PU,),
        delete=(_PU,),
        guard="bvc_guard_locks",
        why="the publisher lease: taken only by the publisher's login, for minutes (a member's "
        "lease would stop all publishing); everyone sees who holds it",
    ),
}


class TeamSetupError(KnownError):
    """The team security cannot be installed (a table without a decision, missing rights)."""


def check_decisions(tables: Iterable[str] | None = None) -> None:
    """Refuse when a table has no policy or an action has no ``ACTION_WHO`` entry.

    Raises:
        TeamSetupError: naming what lacks a decision.
    """
    names = set(Base.metadata.tables if tables is None else tables)
    missing = sorted(names - set(TABLE_POLICIES))
    if missing:
        raise TeamSetupError(
            "no team-mode security decision for table(s) " + ", ".join(missing) + ": add them "
            "to composer/store/team.py TABLE_POLICIES before using this schema in team mode"
        )
    actions = sorted(a.value for a in Action if a not in ACTION_WHO)
    if actions:
        raise TeamSetupError(
            "no team-mode rule for workflow action(s) " + ", ".join(actions) + ": add them to "
            "composer/store/team.py ACTION_WHO"
        )


def state_changes() -> dict[tuple[str, str], frozenset[Who]]:
    """Every (from, to) state change a draft may make, with who may make it.

    Generated from the workflow core's transition table, plus the changes its functions
    refine: an approval before the last step keeps a draft ``submitted``, and an edit whose new
    text has errors sends a draft in review back to ``draft``.
    """
    changes: dict[tuple[str, str], set[Who]] = {}

    def add(source: State, target: State, action: Action) -> None:
        changes.setdefault((source.value, target.value), set()).update(ACTION_WHO[action])

    for (source, action), target in TRANSITIONS.items():
        add(source, target, action)
        if action is Action.EDIT and target is State.SUBMITTED:
            add(source, State.DRAFT, action)
    add(State.SUBMITTED, State.SUBMITTED, Action.APPROVE)
    # An account with no review: the author's submission approves (the guard checks the
    # account really has no approval steps).
    for source in NO_REVIEW_SOURCES:
        add(source, State.APPROVED, Action.SUBMIT)
    return {pair: frozenset(who) for pair, who in changes.items()}


#: The states a submission to an account with no review approves a draft from.
NO_REVIEW_SOURCES = tuple(source for (source, action) in TRANSITIONS if action is Action.SUBMIT)
