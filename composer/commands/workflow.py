"""``user``, ``account``, ``draft``, ``review`` and ``audit``: the review workflow headless.

Every command opens the workspace's store (migrating it, with a backup, when needed), keeps its
accounts in step with the guide, and acts as ``--user`` (default: the OS user on SQLite).
Exit codes: 0 done; 1 refused (a workflow rule, a missing role, a conflict, error-level
findings); 2 bad usage, an unknown draft/user/account, a bad guide or an unusable database.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.commands.base import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandFailed,
    draft_id,
)
from composer.core.entry import name_problem, nul_problem
from composer.core.errors import ConflictError, TransitionError
from composer.core.findings import Finding, Level
from composer.core.terminal_text import for_terminal
from composer.core.workflow import Action, Role, State, review_clock
from composer.store.engine import is_sqlite
from composer.store.errors import NotFoundError, PermissionDeniedError
from composer.store.records import DraftRecord, account_specs, finding_to_json
from composer.store.store import Store

if TYPE_CHECKING:  # the guide and checker load only when a command needs them
    from composer.core.checker import Checker
    from composer.core.cost import PriceTable
    from composer.core.guide import Guide
    from composer.services.spelling import CliSpelling
    from composer.services.workspace import Workspace

_SubParsers = argparse._SubParsersAction

#: Refusals the contract reports with exit code 1.
REFUSALS = (TransitionError, ConflictError, PermissionDeniedError)


def now_utc() -> datetime:
    """The clock the CLI passes to the core and the store."""
    return datetime.now(UTC)


@dataclass
class Context:
    """What a workflow command works with: workspace, store, guide and the acting user."""

    workspace: Workspace
    store: Store
    user: str
    now: datetime = field(default_factory=now_utc)

    @cached_property
    def guide(self) -> Guide:
        """The workspace's brand guide (loaded on first use)."""
        # Taken from the cache folder when the guide's files are unchanged since a run before.
        from composer.services.guide_cache import load_guide_cached  # noqa: PLC0415

        return load_guide_cached(self.workspace.guide_path)

    @cached_property
    def checker(self) -> Checker:
        """The guide compiled for checking."""
        from composer.core.checker import Checker  # noqa: PLC0415

        return Checker(self.guide)

    @cached_property
    def prices(self) -> PriceTable:
        """The workspace's price table and monthly caps (``[costs]`` in workspace.toml)."""
        from composer.services.x_settings import load_prices  # noqa: PLC0415

        return load_prices(self.workspace.root)

    def handle(self, account: str) -> str:
        """The guide's spelling of an account handle (``acmehelp`` -> ``@AcmeHelp``)."""
        return str(self.guide.account(account).handle)

    def check(self, text: str, account: str, draft_id: int | None = None) -> tuple[Finding, ...]:
        """Findings of the checks (style, vocabulary, length, tone, spelling) for ``account``.

        A thread (parts between ``---`` lines) is checked post by post, as in the window. With
        the workspace's grammar mode ``offline`` (the default), the offline dictionary's
        spelling findings are included, as the window and ``check`` include them; a
        LanguageTool mode is left to those two (no server is started for a draft command).
        The media of draft ``draft_id`` (pictures and their alt text) are checked too, their
        alt texts by the offline dictionary as well.
        """
        from composer.core.assessment import assess  # noqa: PLC0415

        spelling: list[Finding] = []
        if self.spelling is not None:
            spelling, warning = self.spelling.findings(text)
            if warning:
                sys.stderr.write(f"grammar: {warning}\n")
        media = self.store.media.of(draft_id) if draft_id is not None else []
        # The offline dictionary reads each alt text too, as the window's grammar worker does.
        alt_spelling = (
            [self.spelling.findings(item.alt_text)[0] for item in media]
            if self.spelling is not None
            else []
        )
        return assess(
            self.checker,
            text,
            self.handle(account),
            spelling=spelling,
            media=media,
            alt_spelling=alt_spelling,
        ).findings

    @cached_property
    def spelling(self) -> CliSpelling | None:
        """The offline dictionary, when it is the workspace's grammar service."""
        if self.workspace.grammar.mode != "offline":
            return None
        from composer.services.spelling import CliSpelling  # noqa: PLC0415

        return CliSpelling(self.guide.language, self.guide.vocabulary.accept)

    def sync_accounts(self) -> None:
        """Make the store's accounts match the guide's."""
        specs = account_specs(self.guide)
        # In the user's name: only an admin's guide turns an account's review off.
        self.store.accounts.sync(specs, now=self.now, actor=self.user)


def _housekeeping(context: Context) -> None:
    """Expire drafts whose intended time passed unapproved; warn the user of ones about to."""
    for record in context.store.drafts.expire_due(now=context.now):
        sys.stderr.write(
            f"notice: draft {record.id} for {record.account} expired: its intended time passed "
            "before it was approved\n"
        )
    for warning in context.store.drafts.expiry_warnings(now=context.now):
        if context.user in warning.recipients:
            minutes = max(1, int(warning.remaining.total_seconds() // 60))
            sys.stderr.write(
                f"warning: draft {warning.draft_id} for {warning.account} expires in {minutes} "
                "min unless it is approved\n"
            )


def identity(args: argparse.Namespace, workspace: Workspace) -> str:
    """Who acts: on PostgreSQL the database login (``--user`` refused), else ``--user``/OS user.

    Raises:
        CommandFailed: ``--user`` given for a PostgreSQL workspace.
    """
    if not workspace.is_sqlite:
        if getattr(args, "user", None):
            raise CommandFailed(
                EXIT_USAGE, "--user is refused on PostgreSQL: the database login is the identity"
            )
        from sqlalchemy.engine import make_url  # noqa: PLC0415

        return str(make_url(workspace.database_url).username or os_user())
    name = str(getattr(args, "user", None) or os_user())
    problem = name_problem(name, f"--user {name!r}")
    if problem:
        raise CommandFailed(EXIT_USAGE, problem)
    return name


def os_user() -> str:
    """The OS login name, the default identity on SQLite.

    Raises:
        CommandFailed: the OS has no name for this user (a container run under a bare uid).
    """
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise CommandFailed(
            EXIT_USAGE, "cannot tell who you are: the OS user has no name; give --user NAME"
        ) from None


@contextmanager
def open_context(
    args: argparse.Namespace, *, sync: bool = True, bootstrap: bool = True
) -> Iterator[Context]:
    """Resolve the workspace, open (and migrate) its store, sync accounts from the guide.

    On SQLite, the first user to touch a workspace without users becomes its admin.
    """
    from composer.services.workspace import resolve_workspace  # noqa: PLC0415

    workspace = resolve_workspace(getattr(args, "workspace", None))
    user = identity(args, workspace)
    store = Store.open(workspace.database_url)
    try:
        # Names that differ only by case are one person: act under the workspace's spelling.
        context = Context(workspace, store, store.users.canonical(user))
        if sync:
            context.sync_accounts()
        if bootstrap and is_sqlite(workspace.database_url) and store.users.count() == 0:
            store.users.add(user, [Role.ADMIN], actor=user, now=context.now)
        _housekeeping(context)
        yield context
    finally:
        store.close()


def _run(body: Callable[[Context, argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Wrap a handler: open the context, map refusals to exit 1, other known errors to 2."""

    def handler(args: argparse.Namespace) -> int:
        try:
            with open_context(args) as context:
                return body(context, args)
        except REFUSALS as exc:
            raise CommandFailed(EXIT_CHECK_FAILED, str(exc)) from exc
        except ValueError as exc:
            raise CommandFailed(EXIT_USAGE, str(exc)) from exc

    return handler


def _emit(data: Any) -> None:  # noqa: ANN401 - any JSON value
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def _read_text(args: argparse.Namespace) -> str:
    """The draft's text from ``--text`` or ``--file``; an empty text is bad usage."""
    if args.text is not None:
        text = str(args.text)
        source = "--text"
    elif args.file == "-":
        text = _stdin().read().removesuffix("\n")
        source = "stdin"
    else:
        try:
            text = Path(args.file).read_text(encoding="utf-8").removesuffix("\n")
        except OSError as exc:
            raise CommandFailed(
                EXIT_USAGE, f"cannot read {args.file}: {exc.strerror or exc}"
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandFailed(
                EXIT_USAGE, f"cannot read {args.file}: not UTF-8 text (byte {exc.start})"
            ) from exc
        source = args.file
    if not text.strip():
        # X refuses an empty post, so an empty draft could never go out.
        raise CommandFailed(EXIT_USAGE, f"the draft's text is empty ({source}): nothing was saved")
    problem = nul_problem(text, f"the draft's text ({source})")
    if problem:
        raise CommandFailed(EXIT_USAGE, f"{problem}; nothing was saved")
    from composer.core.checker import too_long_problem  # noqa: PLC0415 - loads the checker

    problem = too_long_problem(text, f"the draft's text ({source})")
    if problem:
        raise CommandFailed(EXIT_USAGE, f"{problem}: nothing was saved")
    return text


def _stdin() -> Any:  # noqa: ANN401 - a text stream
    """Standard input; a closed one (``<&-``) is bad usage, not a crash."""
    if sys.stdin is None:
        raise CommandFailed(EXIT_USAGE, "standard input is closed: nothing to read")
    return sys.stdin


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CommandFailed(
            EXIT_USAGE, f"bad date and time {value!r}: use ISO 8601, e.g. 2026-05-04T09:30Z"
        ) from None
    return in_range_utc(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC), value)


#: The years a date on the command line may fall in: room on both sides for slot arithmetic.
YEARS = (1970, 9998)


def in_range_utc(when: datetime, given: str) -> datetime:
    """``when`` (aware) in UTC, refused when it falls outside :data:`YEARS`.

    Raises:
        CommandFailed: out of range (``9999-12-31T23:59-23:59`` is in year 10000 in UTC).
    """
    try:
        utc = when.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is None or not YEARS[0] <= utc.year <= YEARS[1]:
        raise CommandFailed(
            EXIT_USAGE,
            f"date and time {given!r} is out of range: give one in the years "
            f"{YEARS[0]} to {YEARS[1]}",
        )
    return utc


# -- users and accounts -----------------------------------------------------------------------


def _user_add(context: Context, args: argparse.Namespace) -> int:
    team = not context.workspace.is_sqlite
    password: str | None = None
    if args.password_stdin:
        # One line: the password itself, without its line ending.
        password = _stdin().readline().rstrip("\r\n")
        if not team:
            password = None
            sys.stderr.write("brand-composer: --password-stdin is ignored on SQLite\n")
        elif not password:
            raise CommandFailed(EXIT_USAGE, "--password-stdin read an empty password")
    accounts = [context.handle(a) for a in args.account or ()]
    roles = [Role(r) for r in args.role]
    record = context.store.users.add(
        args.name,
        roles,
        accounts,
        actor=context.user,
        now=context.now,
        login=team,
        password=password,
    )
    grants = ", ".join(f"{g.role.value} ({g.account or 'all accounts'})" for g in record.grants)
    login = f"; database login {record.name}" if team else ""
    if team and password is None:
        login += " (password unchanged)"
    sys.stdout.write(f"user {record.name}: {grants or 'no roles'}{login}\n")
    return EXIT_OK


def _user_list(context: Context, args: argparse.Namespace) -> int:
    users = context.store.users.list()
    if args.json:
        _emit(
            [
                {
                    "name": u.name,
                    "created_at": _iso(u.created_at),
                    "roles": [
                        {"role": g.role.value, "account": g.account or None} for g in u.grants
                    ],
                }
                for u in users
            ]
        )
        return EXIT_OK
    for u in users:
        grants = ", ".join(f"{g.role.value} ({g.account or 'all accounts'})" for g in u.grants)
        sys.stdout.write(f"{u.name}\t{grants or '-'}\n")
    return EXIT_OK


def _account_list(context: Context, args: argparse.Namespace) -> int:
    # Exactly the keys of the contract (spec/cli.md): scripts compare whole objects.
    rows = [
        {
            "handle": account.handle,
            "purpose": account.purpose,
            "limit": account.limit,
            "counting": account.counting,
            "tone": account.tone,
            # The zone its queue uses: UTC when the schedule names none.
            "timezone": str(getattr(account.schedule, "timezone", "") or "UTC"),
        }
        for account in context.guide.accounts
    ]
    if args.json:
        _emit(rows)
        return EXIT_OK
    for row in rows:
        sys.stdout.write(
            f"{row['handle']}\t{row['purpose']}\t{row['limit']} ({row['counting']})\t"
            f"{row['tone'] or '-'}\t{row['timezone'] or '-'}\n"
        )
    return EXIT_OK


def _account_credentials(context: Context, args: argparse.Namespace) -> int:
    from composer.services.secrets import CREDENTIAL_KEYS, SecretStore, XCredentials  # noqa: PLC0415

    handle = context.handle(args.handle)
    actor = context.store.users.actor(context.user, handle)
    if not actor.has(Role.ADMIN):
        raise PermissionDeniedError(
            f"only an admin may store credentials; {context.user!r} is not an admin of {handle}"
        )
    secrets = SecretStore()
    secrets.ensure_secure()  # say so before asking for anything
    if _stdin().isatty():
        data: object = {
            k: getpass.getpass(f"{handle} {k.replace('_', ' ')}: ") for k in CREDENTIAL_KEYS
        }
    else:
        raw = _stdin().read()
        try:
            data = json.loads(raw)
        except ValueError:
            raise CommandFailed(
                EXIT_USAGE,
                "stdin must hold one JSON object with the keys " + ", ".join(CREDENTIAL_KEYS),
            ) from None
    credentials = XCredentials.from_mapping(data)
    secrets.set(handle, credentials)
    label = type(secrets.backend).__name__
    context.store.audit.record(
        "credentials_stored",
        actor=context.user,
        now=context.now,
        account=handle,
        detail=f"X API credentials stored in the OS keyring ({label})",
    )
    sys.stdout.write(f"credentials for {handle} stored in the OS keyring\n")
    return EXIT_OK


# -- drafts -------------------------------------------------------------------------------------


def draft_json(context: Context, record: DraftRecord, *, full: bool = True) -> dict[str, Any]:
    """The draft object of the CLI contract (spec/cli.md), with review details."""
    policy = context.store.drafts.policy_for(record.id)
    clock = review_clock(record.facts(), policy, context.now)
    data: dict[str, Any] = {
        "id": record.id,
        "account": record.account,
        "author": record.author,
        "state": record.state.value,
        "text": record.text,
        "version": record.version,
        "text_version": record.text_version,
        "content_hash": record.content_hash,
        "scheduled_at": _iso(record.scheduled_at),
        "post_id": record.post_id,
        "created_at": _iso(record.created_at),
        "updated_at": _iso(record.updated_at),
        "submitted_at": _iso(record.submitted_at),
        "step": record.step + 1 if record.state is State.SUBMITTED else None,
        "steps": len(policy.steps),
        "approvals": [
            {"step": a.step + 1, "reviewer": a.reviewer, "text_version": a.text_version}
            for a in record.approvals
        ],
        "approved_version": record.approved_text_version,
        "warning_reason": record.warning_reason,
        "waiting_minutes": clock.waiting_minutes if clock else None,
        "overdue": clock.overdue if clock else False,
    }
    if full:
        data["findings"] = [finding_to_json(f) for f in record.findings]
        data["media"] = [
            {
                "kind": m.kind.value,
                "mime": m.mime,
                "size": m.size,
                "sha256": m.sha256,
                "alt_text": m.alt_text,
            }
            for m in context.store.media.of(record.id)
        ]
        data["comments"] = [
            {
                "author": c.author,
                "body": c.body,
                "text_version": c.text_version,
                "span": [c.span_start, c.span_end] if c.span_start is not None else None,
                "at": _iso(c.created_at),
            }
            for c in context.store.drafts.comments(record.id)
        ]
    return data


def _print_findings(findings: tuple[Finding, ...], draft_id: int, stream: Any) -> None:  # noqa: ANN401 - a text stream
    for f in findings:
        message = for_terminal(f.message)
        stream.write(f"draft {draft_id}:{f.start}:{f.end}:{f.rule}:{f.level.value}: {message}\n")


def _draft_new(context: Context, args: argparse.Namespace) -> int:
    handle = context.handle(args.account)
    text = _read_text(args)
    reply_to = None
    if getattr(args, "reply_to", None):
        from composer.core.schedule import ScheduleError, parse_reply_target  # noqa: PLC0415

        try:
            reply_to = parse_reply_target(args.reply_to)
        except ScheduleError as exc:
            raise CommandFailed(EXIT_USAGE, str(exc)) from exc
    findings = context.check(text, handle)
    record = context.store.drafts.create(
        handle,
        text,
        author=context.user,
        findings=findings,
        now=context.now,
        scheduled_at=_parse_time(args.at),
    )
    if reply_to is not None:
        record = context.store.queue.set_reply_to(
            record.id, reply_to, actor=context.user, now=context.now
        )
    if args.json:
        _emit(draft_json(context, record))
    else:
        sys.stdout.write(f"{record.id}\n")
    return EXIT_OK


def _draft_edit(context: Context, args: argparse.Namespace) -> int:
    current = context.store.drafts.get(args.id)
    text = _read_text(args)
    record = context.store.drafts.save_text(
        current.id,
        text,
        current.version,
        actor=context.user,
        findings=context.check(text, current.account, current.id),
        now=context.now,
    )
    if args.json:
        _emit(draft_json(context, record))
    else:
        sys.stdout.write(
            f"draft {record.id} saved: version {record.version}, {record.state.value}\n"
        )
    return EXIT_OK


def _draft_show(context: Context, args: argparse.Namespace) -> int:
    record = context.store.drafts.get(args.id)
    data = draft_json(context, record)
    if args.json:
        _emit(data)
        return EXIT_OK
    lines = [
        f"draft {record.id} for {record.account} by {record.author}: {record.state.value}"
        + (f" (step {data['step']} of {data['steps']})" if data["step"] else ""),
        f"version {record.version}, text version {record.text_version}",
    ]
    if data["waiting_minutes"] is not None:
        overdue = " — OVERDUE" if data["overdue"] else ""
        lines.append(f"waiting {data['waiting_minutes']} min{overdue}")
    if record.warning_reason:
        lines.append(f"warnings accepted because: {for_terminal(record.warning_reason)}")
    # A draft is anyone's text: its control characters are shown, never obeyed.
    lines += ["", for_terminal(record.text, keep="\n"), ""]
    for number, m in enumerate(data["media"], start=1):
        alt = for_terminal(m["alt_text"]) if m["alt_text"].strip() else "(no alt text)"
        lines.append(f"{m['kind']} {number} ({m['mime']}, {m['size']:,} bytes): {alt}")
    sys.stdout.write("\n".join(lines) + "\n")
    _print_findings(record.findings, record.id, sys.stdout)
    for c in data["comments"]:
        body = for_terminal(c["body"], keep="\n")
        sys.stdout.write(f"comment by {for_terminal(c['author'])}: {body}\n")
    return EXIT_OK


def _draft_list(context: Context, args: argparse.Namespace) -> int:
    records = context.store.drafts.list(
        account=context.handle(args.account) if args.account else None,
        state=State(args.state) if args.state else None,
    )
    if args.json:
        _emit([draft_json(context, r, full=False) for r in records])
        return EXIT_OK
    for r in records:
        first_line = for_terminal(r.text.split("\n")[0].rstrip("\r")[:60]) if r.text else ""
        sys.stdout.write(f"{r.id}\t{r.account}\t{r.author}\t{r.state.value}\t{first_line}\n")
    return EXIT_OK


def _draft_submit(context: Context, args: argparse.Namespace) -> int:
    current = context.store.drafts.get(args.id)
    findings = context.check(current.text, current.account, current.id)
    errors = tuple(f for f in findings if f.level is Level.ERROR)
    if errors:
        if args.json:  # still one JSON document on stdout: the findings that refuse it
            _emit([finding_to_json(f) for f in errors])
        else:
            _print_findings(errors, current.id, sys.stdout)
        raise CommandFailed(
            EXIT_CHECK_FAILED,
            f"draft {current.id} not submitted: {len(errors)} error-level finding(s) remain",
        )
    record = context.store.drafts.submit(
        current.id,
        actor=context.user,
        expected_version=current.version,
        findings=findings,
        now=context.now,
        reason=args.reason or "",
    )
    note = ""
    if record.state is State.APPROVED:  # the account has no review: queued as approvals are
        from composer.services.queueing import queue_after_approval  # noqa: PLC0415

        outcome = queue_after_approval(
            context.store, context.guide, record, now=context.now, checker=context.checker
        )
        record, note = outcome.record, outcome.message
        if not outcome.queued and note:
            sys.stderr.write(f"notice: draft {record.id} {note}\n")
    if args.json:
        _emit(draft_json(context, record))
    elif record.state is State.SUBMITTED:
        sys.stdout.write(f"draft {record.id} submitted for review\n")
    else:
        queued = f" ({note})" if record.state is State.QUEUED and note else ""
        sys.stdout.write(
            f"draft {record.id}: {record.state.value} without review ({record.account} has no "
            f"review){queued}\n"
        )
    return EXIT_OK


def _draft_withdraw(context: Context, args: argparse.Namespace) -> int:
    current = context.store.drafts.get(args.id)
    record = context.store.drafts.transition(
        current.id,
        Action.WITHDRAW,
        actor=context.user,
        expected_version=current.version,
        now=context.now,
    )
    sys.stdout.write(f"draft {record.id} withdrawn\n")
    return EXIT_OK


_DECISIONS = {
    "approve": Action.APPROVE,
    "request-changes": Action.REQUEST_CHANGES,
    "reject": Action.REJECT,
}


def _review(context: Context, args: argparse.Namespace) -> int:
    current = context.store.drafts.get(args.id)
    if context.workspace.is_sqlite:  # on PostgreSQL the database login is a known user
        try:
            context.store.users.get(context.user)
        except NotFoundError:
            # Someone unknown is certainly not a reviewer of the account: refused, like one.
            verb = args.decision.replace("-", " ")
            raise PermissionDeniedError(
                f"cannot {verb} draft {current.id}: {context.user!r} is not a reviewer of "
                f"{current.account} (not a user of this workspace)"
            ) from None
    record = context.store.drafts.review(
        current.id,
        _DECISIONS[args.decision],
        actor=context.user,
        expected_version=current.version,
        now=context.now,
        comment=args.comment or "",
        text_version=args.version,
    )
    note = ""
    if record.state is State.APPROVED:
        from composer.services.queueing import queue_after_approval  # noqa: PLC0415

        outcome = queue_after_approval(
            context.store, context.guide, record, now=context.now, checker=context.checker
        )
        record, note = outcome.record, outcome.message
        if not outcome.queued and note:
            sys.stderr.write(f"notice: draft {record.id} {note}\n")
    if args.json:
        _emit(draft_json(context, record))
    else:
        step = f" (step {record.step + 1} next)" if record.state is State.SUBMITTED else ""
        queued = f" ({note})" if record.state is State.QUEUED and note else ""
        sys.stdout.write(f"draft {record.id}: {record.state.value}{step}{queued}\n")
    return EXIT_OK


def _audit(context: Context, args: argparse.Namespace) -> int:
    if args.draft is not None:
        context.store.drafts.get(args.draft)  # an unknown draft is bad usage, as elsewhere
    events = context.store.audit.list(draft_id=args.draft)
    if args.json:
        _emit(
            [
                {
                    "id": e.id,
                    "at": _iso(e.at),
                    "actor": e.actor,
                    "action": e.action,
                    "draft": e.draft_id,
                    "account": e.account or None,
                    "from_state": e.from_state,
                    "to_state": e.to_state,
                    "text_version": e.text_version,
                    "detail": e.detail,
                }
                for e in events
            ]
        )
        return EXIT_OK
    for e in events:
        draft = f"draft {e.draft_id}" if e.draft_id is not None else "-"
        move = f"{e.from_state or '-'} -> {e.to_state}" if e.to_state else ""
        sys.stdout.write(f"{_iso(e.at)}\t{e.actor}\t{e.action}\t{draft}\t{move}\t{e.detail}\n")
    return EXIT_OK


# -- registration ------------------------------------------------------------------------------


def _text_source(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--text", metavar="TEXT", help="the draft's text")
    group.add_argument("--file", metavar="F", help="read the text from a file (- for stdin)")


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")


def register(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    """Add ``user``, ``account``, ``draft``, ``review`` and ``audit``."""
    _register_users(subparsers)
    _register_accounts(subparsers)
    _register_drafts(subparsers)
    _register_review(subparsers)


def _register_users(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    user = subparsers.add_parser("user", help="people and their roles per account")
    user_sub = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)
    add = user_sub.add_parser("add", help="add a user or grant roles (admins only)")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--role",
        action="append",
        required=True,
        choices=[r.value for r in Role],
        help="role to grant (repeatable)",
    )
    add.add_argument(
        "--account",
        action="append",
        metavar="HANDLE",
        help="account the roles apply to (repeatable; default: every account)",
    )
    add.add_argument(
        "--password-stdin", action="store_true", help="PostgreSQL: the login's password on stdin"
    )
    add.set_defaults(handler=_run(_user_add))
    listing = user_sub.add_parser("list", help="list users and roles")
    _json_flag(listing)
    listing.set_defaults(handler=_run(_user_list))


def _register_accounts(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    account = subparsers.add_parser("account", help="the brand's accounts")
    account_sub = account.add_subparsers(dest="account_command", metavar="COMMAND", required=True)
    listing = account_sub.add_parser("list", help="list the accounts of the guide")
    _json_flag(listing)
    listing.set_defaults(handler=_run(_account_list))
    credentials = account_sub.add_parser(
        "credentials",
        help="store an account's X API keys in the OS keyring",
        description="Asks for the four X API keys (or reads one JSON object from stdin when it "
        "is not a terminal) and stores them in the OS keyring only.",
    )
    credentials.add_argument("handle", metavar="HANDLE")
    credentials.set_defaults(handler=_run(_account_credentials))


def _register_drafts(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    draft = subparsers.add_parser("draft", help="write and submit drafts")
    draft_sub = draft.add_subparsers(dest="draft_command", metavar="COMMAND", required=True)
    new = draft_sub.add_parser("new", help="start a draft; prints its id")
    new.add_argument("--account", required=True, metavar="HANDLE")
    _text_source(new)
    new.add_argument("--at", metavar="DATETIME", help="intended time (ISO 8601; UTC if no zone)")
    new.add_argument(
        "--reply-to",
        metavar="POST",
        help="publish as a reply to this X post (URL or id); a thread: parts between '---' lines",
    )
    _json_flag(new)
    new.set_defaults(handler=_run(_draft_new))
    edit = draft_sub.add_parser("edit", help="change a draft's text")
    edit.add_argument("id", type=draft_id, metavar="ID")
    _text_source(edit)
    _json_flag(edit)
    edit.set_defaults(handler=_run(_draft_edit))
    show = draft_sub.add_parser("show", help="show a draft")
    show.add_argument("id", type=draft_id, metavar="ID")
    _json_flag(show)
    show.set_defaults(handler=_run(_draft_show))
    listing = draft_sub.add_parser("list", help="list drafts, newest first")
    listing.add_argument("--account", metavar="HANDLE")
    listing.add_argument("--state", choices=[s.value for s in State])
    _json_flag(listing)
    listing.set_defaults(handler=_run(_draft_list))
    submit = draft_sub.add_parser(
        "submit", help="send a draft to review (refused while error-level findings remain)"
    )
    submit.add_argument("id", type=draft_id, metavar="ID")
    submit.add_argument(
        "--reason", metavar="TEXT", help="why warning-level findings are acceptable (required then)"
    )
    _json_flag(submit)
    submit.set_defaults(handler=_run(_draft_submit))
    withdraw = draft_sub.add_parser("withdraw", help="take a draft out of the workflow")
    withdraw.add_argument("id", type=draft_id, metavar="ID")
    withdraw.set_defaults(handler=_run(_draft_withdraw))


def _register_review(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    review = subparsers.add_parser("review", help="approve, request changes or reject")
    review_sub = review.add_subparsers(dest="decision", metavar="DECISION", required=True)
    for name, text in (
        ("approve", "approve the draft's current version"),
        ("request-changes", "send it back to its author (needs --comment)"),
        ("reject", "reject it for good"),
    ):
        decision = review_sub.add_parser(name, help=text)
        decision.add_argument("id", type=draft_id, metavar="ID")
        decision.add_argument("--comment", metavar="TEXT")
        decision.add_argument(
            "--version",
            type=int,
            metavar="N",
            help="the text version you read (draft show): refused if the text changed since",
        )
        _json_flag(decision)
        decision.set_defaults(handler=_run(_review))

    audit = subparsers.add_parser("audit", help="the audit trail")
    audit.add_argument("--draft", type=draft_id, metavar="ID")
    _json_flag(audit)
    audit.set_defaults(handler=_run(_audit))
