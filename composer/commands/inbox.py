"""``inbox``: the accounts' mentions from the command line (docs/cli.md, "Mentions inbox").

``fetch`` reads new mentions from X (admins, or the publisher login in team mode; for cron),
``list`` shows them newest first, ``assign``/``mark``/``route`` triage them, ``reply`` starts
a reply draft, ``stats`` gives response times and ``settings`` sets an account's read budget,
fetch cadence and response-time target. Refusals exit 1; bad usage exits 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from composer.commands.base import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    CommandFailed,
    bounded_int,
)
from composer.commands.workflow import Context, _emit, _iso, _json_flag, _run
from composer.core.inbox import (
    InboxAction,
    InboxError,
    MentionState,
    age_text,
    overdue,
    response_stats,
)
from composer.core.workflow import Role
from composer.store.inbox import BUDGET_KEY, CADENCE_KEY, TARGET_KEY, MentionRecord

_SubParsers = argparse._SubParsersAction
mention_id = bounded_int(1, 2**31 - 1, "a mention id")
_MARKS = {
    "no-reply": InboxAction.NO_REPLY,
    "reopen": InboxAction.REOPEN,
    "unassign": InboxAction.UNASSIGN,
}


def _states(text: str) -> list[MentionState]:
    """``--state``: comma-separated mention states."""
    known = {s.value for s in MentionState}
    names = [n.strip() for n in text.split(",") if n.strip()]
    wrong = [n for n in names if n not in known]
    if wrong or not names:
        msg = f"--state takes {', '.join(sorted(known))}, not {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return [MentionState(n) for n in names]


def _refused(body: Callable[[Context, argparse.Namespace], int]) -> Any:  # noqa: ANN401 - a handler
    """Inbox refusals (no role, wrong state, budget) exit 1 like other refusals."""

    def wrapped(context: Context, args: argparse.Namespace) -> int:
        try:
            return body(context, args)
        except InboxError as exc:
            raise CommandFailed(EXIT_CHECK_FAILED, str(exc)) from exc

    return wrapped


def _target(context: Context, handle: str) -> int | None:
    value = context.store.accounts.get(handle).settings.get(TARGET_KEY)
    return None if value is None else int(value)


def _mention_json(context: Context, m: MentionRecord, target: int | None) -> dict[str, Any]:
    return {
        "id": m.id,
        "account": m.account,
        "x_id": m.x_id,
        "author": m.author_username,
        "author_id": m.author_id,
        "text": m.text,
        "mentioned_at": _iso(m.mentioned_at),
        "age": age_text(m.mentioned_at, context.now),
        "conversation_id": m.conversation_id,
        "in_reply_to_user_id": m.in_reply_to_user_id,
        "state": m.state.value,
        "assignee": m.assignee,
        "routed_from": m.routed_from or None,
        "note": m.note or None,
        "reply_draft": m.reply_draft_id,
        "answered_at": _iso(m.answered_at),
        "answered_by": m.answered_by or None,
        "overdue": overdue(m.mentioned_at, m.state, target, context.now),
    }


def _line(context: Context, m: MentionRecord, target: int | None) -> str:
    flag = "!" if overdue(m.mentioned_at, m.state, target, context.now) else " "
    who = m.assignee or "-"
    text = " ".join(m.text.split())
    return (
        f"{m.id}\t{flag}{age_text(m.mentioned_at, context.now)}\t{m.account}\t"
        f"{m.state.value}\t{who}\t@{m.author_username or m.author_id}\t{text}\n"
    )


def _show(context: Context, args: argparse.Namespace, record: MentionRecord) -> int:
    target = _target(context, record.account)
    if args.json:
        _emit(_mention_json(context, record, target))
    else:
        sys.stdout.write(_line(context, record, target))
    return EXIT_OK


def _fetch(context: Context, args: argparse.Namespace) -> int:
    from composer.services.mentions import FetchReport, fetch_account  # noqa: PLC0415
    from composer.services.publisher import Publisher, XApiError  # noqa: PLC0415
    from composer.services.secrets import SecretStore  # noqa: PLC0415
    from composer.services.x_oauth import account_auth  # noqa: PLC0415

    handles = (
        [context.handle(args.account)]
        if args.account
        else [str(a.handle) for a in context.guide.accounts]
    )
    secrets = SecretStore()
    secrets.ensure_secure("no mentions were read")
    reports: list[FetchReport] = []
    for handle in handles:
        try:
            auth = account_auth(handle, secrets)
            publisher = Publisher(None, auth) if auth is not None else None
            reports.append(
                fetch_account(
                    context.store,
                    handle,
                    publisher,
                    actor=context.user,
                    now=context.now,
                    force=args.force,
                )
            )
        except XApiError as exc:  # one account's failure does not stop the others
            reports.append(FetchReport(handle, "failed", message=str(exc)))
    if args.json:
        _emit([r.to_json() for r in reports])
    else:
        for r in reports:
            sys.stdout.write(f"{r.account}\t{r.state}\t{r.message}\n")
    bad = [r for r in reports if r.state in ("failed", "budget_reached", "no_credentials")]
    if bad and args.account:
        return EXIT_CHECK_FAILED
    return EXIT_CHECK_FAILED if any(r.state == "failed" for r in reports) else EXIT_OK


def _list(context: Context, args: argparse.Namespace) -> int:
    states = args.state or []
    account = context.handle(args.account) if args.account else None
    records = context.store.inbox.list(
        account=account, states=states, search=args.search or "", limit=args.limit
    )
    targets: dict[str, int | None] = {}
    for r in records:
        if r.account not in targets:
            targets[r.account] = _target(context, r.account)
    if args.json:
        _emit([_mention_json(context, r, targets[r.account]) for r in records])
    else:
        if not records:
            sys.stdout.write("the inbox is empty\n")
        for r in records:
            sys.stdout.write(_line(context, r, targets[r.account]))
    return EXIT_OK


def _assign(context: Context, args: argparse.Namespace) -> int:
    record = context.store.inbox.assign(
        args.id, args.to or context.user, actor=context.user, now=context.now
    )
    return _show(context, args, record)


def _mark(context: Context, args: argparse.Namespace) -> int:
    record = context.store.inbox.act(
        args.id, _MARKS[args.mark], actor=context.user, now=context.now
    )
    return _show(context, args, record)


def _route(context: Context, args: argparse.Namespace) -> int:
    record = context.store.inbox.route(
        args.id, context.handle(args.to), args.note, actor=context.user, now=context.now
    )
    return _show(context, args, record)


def _reply(context: Context, args: argparse.Namespace) -> int:
    from composer.commands.workflow import _read_text  # noqa: PLC0415

    mention = context.store.inbox.get(args.id)
    text = _read_text(args)
    findings = context.check(text, mention.account)
    draft = context.store.drafts.create(
        mention.account, text, author=context.user, findings=findings, now=context.now
    )
    context.store.queue.set_reply_to(draft.id, mention.x_id, actor=context.user, now=context.now)
    context.store.inbox.link_reply(mention.id, draft.id, actor=context.user, now=context.now)
    if args.json:
        _emit({"draft": draft.id, "mention": mention.id, "in_reply_to": mention.x_id})
    else:
        sys.stdout.write(f"{draft.id}\n")
    return EXIT_OK


def _stats(context: Context, args: argparse.Namespace) -> int:
    context.store.inbox.sync_answers(now=context.now, actor=context.user)
    since = context.now - timedelta(days=args.days)
    responses = context.store.inbox.responses()
    if args.account:
        handle = context.handle(args.account)
        responses = [r for r in responses if r.account == handle]
    stats = response_stats(responses, since=since, until=context.now, by=args.by)
    waiting = [
        m
        for m in context.store.inbox.list(
            account=context.handle(args.account) if args.account else None,
            states=[MentionState.NEW, MentionState.ASSIGNED],
        )
        if overdue(m.mentioned_at, m.state, _target(context, m.account), context.now)
    ]
    if args.json:
        _emit(
            {
                "since": _iso(since),
                "until": _iso(context.now),
                "by": args.by,
                "groups": [
                    {
                        args.by: s.key,
                        "replies": s.count,
                        "median_minutes": round(s.median_minutes, 1),
                        "p90_minutes": round(s.p90_minutes, 1),
                    }
                    for s in stats
                ],
                "overdue": [m.id for m in waiting],
            }
        )
        return EXIT_OK
    if not stats:
        sys.stdout.write(f"no replies published in the last {args.days} days\n")
    for s in stats:
        sys.stdout.write(
            f"{s.key}\t{s.count} replies\tmedian {s.median_minutes:.0f} min\t"
            f"p90 {s.p90_minutes:.0f} min\n"
        )
    if waiting:
        sys.stdout.write(f"{len(waiting)} mention(s) waiting past the response-time target\n")
    return EXIT_OK


def _settings(context: Context, args: argparse.Namespace) -> int:
    handle = context.handle(args.account)
    actor = context.store.users.actor(context.user, handle)
    changes = {
        BUDGET_KEY: args.budget,
        CADENCE_KEY: args.cadence,
        TARGET_KEY: args.target,
    }
    if any(v is not None for v in changes.values()) and not actor.has(Role.ADMIN):
        raise InboxError(f"only an admin of {handle} changes its inbox settings")
    for key, value in changes.items():
        if value is not None:
            context.store.accounts.set_setting(
                handle, key, value, actor=context.user, now=context.now
            )
    settings = context.store.accounts.get(handle).settings
    cursor = context.store.inbox.cursor(handle)
    data = {
        "account": handle,
        "read_budget": settings.get(BUDGET_KEY),
        "reads_used": cursor.reads_used if cursor.month == f"{context.now:%Y-%m}" else 0,
        "cadence_minutes": settings.get(CADENCE_KEY, 15),
        "reply_target_minutes": settings.get(TARGET_KEY),
        "last_fetch_at": _iso(cursor.last_fetch_at),
    }
    if args.json:
        _emit(data)
    else:
        for key, value in data.items():
            sys.stdout.write(f"{key}\t{'-' if value is None else value}\n")
    return EXIT_OK


def register(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:  # noqa: PLR0915 - one parser per sub-command
    """Add ``inbox``."""
    inbox = subparsers.add_parser(
        "inbox",
        help="the accounts' mentions: fetch, triage, route, reply, response times",
        description="Mentions of the brand's accounts read from X, shared by the team.",
    )
    sub = inbox.add_subparsers(dest="inbox_command", metavar="COMMAND", required=True)

    fetch = sub.add_parser(
        "fetch",
        help="read new mentions from X (admins or the publisher login; for cron)",
        description="Reads each account's new mentions at its cadence, within X's rate limit "
        "and the account's monthly read budget.",
    )
    fetch.add_argument("--account", metavar="HANDLE")
    fetch.add_argument("--force", action="store_true", help="read now, whatever the cadence")
    _json_flag(fetch)
    fetch.set_defaults(handler=_run(_refused(_fetch)))

    listing = sub.add_parser("list", help="mentions newest first")
    listing.add_argument("--account", metavar="HANDLE")
    listing.add_argument(
        "--state",
        type=_states,
        metavar="STATES",
        help="comma-separated: new, assigned, answered, no_reply",
    )
    listing.add_argument("--search", metavar="TEXT", help="in the text or the author's handle")
    listing.add_argument("--limit", type=bounded_int(1, 10_000, "a limit"))
    _json_flag(listing)
    listing.set_defaults(handler=_run(_refused(_list)))

    assign = sub.add_parser("assign", help="assign a mention to a person (default: you)")
    assign.add_argument("id", type=mention_id)
    assign.add_argument("--to", metavar="PERSON")
    _json_flag(assign)
    assign.set_defaults(handler=_run(_refused(_assign)))

    mark = sub.add_parser("mark", help="no-reply, reopen or unassign a mention")
    mark.add_argument("id", type=mention_id)
    mark.add_argument("mark", choices=sorted(_MARKS))
    _json_flag(mark)
    mark.set_defaults(handler=_run(_refused(_mark)))

    route = sub.add_parser("route", help="hand a mention to another account's inbox")
    route.add_argument("id", type=mention_id)
    route.add_argument("--to", metavar="HANDLE", required=True)
    route.add_argument("--note", required=True, help="why it belongs there (audited)")
    _json_flag(route)
    route.set_defaults(handler=_run(_refused(_route)))

    reply = sub.add_parser("reply", help="start a reply draft to a mention (then draft submit)")
    reply.add_argument("id", type=mention_id)
    source = reply.add_mutually_exclusive_group(required=True)
    source.add_argument("--text")
    source.add_argument("--file", metavar="PATH")
    _json_flag(reply)
    reply.set_defaults(handler=_run(_refused(_reply)))

    stats = sub.add_parser("stats", help="response times: median and 90th percentile")
    stats.add_argument("--account", metavar="HANDLE")
    stats.add_argument("--days", type=bounded_int(1, 3660, "a number of days"), default=30)
    stats.add_argument("--by", choices=("account", "person"), default="account")
    _json_flag(stats)
    stats.set_defaults(handler=_run(_refused(_stats)))

    settings = sub.add_parser(
        "settings", help="an account's read budget, fetch cadence and response-time target"
    )
    settings.add_argument("account", metavar="HANDLE")
    settings.add_argument(
        "--budget", type=bounded_int(0, 10**9, "a read budget"), help="mention reads a month"
    )
    settings.add_argument(
        "--cadence", type=bounded_int(1, 10_080, "a cadence"), help="minutes between fetches"
    )
    settings.add_argument(
        "--target", type=bounded_int(1, 10_080, "a target"), help="reply within MINUTES"
    )
    _json_flag(settings)
    settings.set_defaults(handler=_run(_refused(_settings)))
