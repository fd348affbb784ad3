"""``queue`` and ``publish-due``: the posting queues headless (spec/cli.md, "Queue and publishing").

Times are shown in the account's time zone with UTC beside them. A ``--to`` time without an
offset is read in the account's time zone (the way its slots are written); ``--at`` without
one is UTC. Refusals (paused queue, no free slot, duplicate text, a missing role) exit 1.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from composer.commands.base import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandFailed,
    bounded_int,
    draft_id,
)
from composer.commands.metrics import metrics_json, metrics_text
from composer.commands.prices import add_prices_parser
from composer.commands.workflow import (
    Context,
    _emit,
    _iso,
    _json_flag,
    _parse_time,
    _run,
    draft_json,
    in_range_utc,
)
from composer.core.cost import format_amount
from composer.core.schedule import ScheduleError
from composer.core.workflow import State
from composer.store.records import DraftRecord

if TYPE_CHECKING:
    from composer.core.ab_test import AbVerdict
    from composer.store.metrics import MetricsReading

_SubParsers = argparse._SubParsersAction
_MINUTES_A_YEAR = 366 * 24 * 60
_MAX_WORDS_FILE = 1_000_000


def _refused(body: Any) -> Any:  # noqa: ANN401 - wraps a handler
    """Schedule refusals (paused, full, duplicate) exit 1 like other refusals."""

    def wrapped(context: Context, args: argparse.Namespace) -> int:
        try:
            return int(body(context, args))
        except ScheduleError as exc:
            raise CommandFailed(EXIT_CHECK_FAILED, str(exc)) from exc

    return wrapped


def _local(context: Context, record: DraftRecord) -> datetime | None:
    from composer.services.queueing import zone_of  # noqa: PLC0415

    if record.scheduled_at is None:
        return None
    return record.scheduled_at.astimezone(zone_of(context.guide, record.account))


def _entry_json(context: Context, record: DraftRecord, *, paused: bool) -> dict[str, Any]:
    data = draft_json(context, record, full=False)
    local = _local(context, record)
    data.update(
        {
            "scheduled_local": local.isoformat() if local else None,
            "timezone": str(local.tzinfo) if local else None,
            "pinned": record.pinned,
            "paused": paused,
            "in_reply_to": record.in_reply_to,
            "thread_parts": list(record.thread_parts),
            "needs_confirmation": record.needs_confirmation,
            "not_before": record.not_before.isoformat() if record.not_before else None,
            "last_error": record.last_error or None,
            "publish_attempts": record.publish_attempts,
            "cost": str(_cost(context, record)),
        }
    )
    return data


def _cost(context: Context, record: DraftRecord) -> Decimal:
    """The post's predicted cost on X (every thread part billed as one post)."""
    from composer.core.cost import post_cost  # noqa: PLC0415

    return post_cost(record.text, context.prices).total


def _line(context: Context, record: DraftRecord, *, paused: bool) -> str:
    local = _local(context, record)
    when = f"{local:%a %Y-%m-%d %H:%M %Z}" if local else "-"
    utc = f"{record.scheduled_at:%H:%M} UTC" if record.scheduled_at else ""
    flags = "".join(
        [
            " [pinned]" if record.pinned else "",
            " [publishing]" if record.state is State.PUBLISHING else "",
            " [check on X]" if record.needs_confirmation else "",
            _rate_limit_flag(record),
            " [paused]" if paused else "",
        ]
    )
    text = record.text.replace("\n", " ")
    text = text if len(text) <= 60 else text[:59] + "…"
    cost = format_amount(_cost(context, record), context.prices.currency)
    return f"{record.id}\t{record.account}\t{when} ({utc}){flags}\t{cost}\t{text}\n"


def _rate_limit_flag(record: DraftRecord) -> str:
    """`` [X rate limit: waits until HH:MM UTC]`` for a post given back until X's reset.

    A post held for its account's monthly cap says ``[monthly cap: ...]`` instead.
    """
    if record.state is not State.QUEUED or record.not_before is None:
        return ""
    if record.not_before <= datetime.now(UTC):
        return ""
    # The publisher's hold for a monthly cap reuses the rate limit's wait; its reason says so.
    why = "monthly cap" if "monthly cap" in record.last_error else "X rate limit"
    return f" [{why}: waits until {record.not_before:%H:%M:%S} UTC]"


def _queue_list(context: Context, args: argparse.Namespace) -> int:
    handle = context.handle(args.account) if args.account else None
    pause = context.store.queue.pause_state()
    entries = context.store.queue.entries(handle)
    if args.json:
        _emit([_entry_json(context, e, paused=pause.paused(e.account)) for e in entries])
        return EXIT_OK
    if pause.all:
        sys.stdout.write("every queue is paused (crisis switch): nothing is published\n")
    elif pause.accounts:
        sys.stdout.write(f"paused: {', '.join(sorted(pause.accounts))}\n")
    if not entries:
        sys.stdout.write("the queue is empty: approved drafts enter it at their next free slot\n")
    for entry in entries:
        sys.stdout.write(_line(context, entry, paused=pause.paused(entry.account)))
    return EXIT_OK


def _queue_prices(context: Context, args: argparse.Namespace) -> int:
    from composer.commands.prices import run_prices  # noqa: PLC0415

    return run_prices(context, args)


def _queue_history(context: Context, args: argparse.Namespace) -> int:
    handle = context.handle(args.account) if args.account else None
    entries = context.store.queue.history(handle)
    results = context.store.metrics.latest([e.id for e in entries])
    verdicts = _ab_verdicts(context, args)
    if args.json:
        out = []
        for e in entries:
            data = _entry_json(context, e, paused=False)
            data.update(_results_json(results.get(e.id), verdicts.get(e.variant_group)))
            out.append(data)
        _emit(out)
        return EXIT_OK
    for e in entries:
        outcome = f"post {e.post_id}" if e.post_id else (e.last_error or "")
        state = "needs a person to check X" if e.needs_confirmation else e.state.value
        extra = ""
        reading = results.get(e.id)
        if reading is not None:
            extra += f"\t{metrics_text(reading.metrics)} (read {_iso(reading.read_at)})"
        if e.variant_group and e.variant_group in verdicts:
            extra += f"\tA/B {e.variant_group}: {verdicts[e.variant_group].sentence}"
        sys.stdout.write(f"{e.id}\t{e.account}\t{state}\t{outcome}{extra}\n")
    return EXIT_OK


def _ab_verdicts(context: Context, args: argparse.Namespace) -> dict[str, AbVerdict]:
    """Each A/B pair's verdict on ``--metric`` from the variants' newest readings."""
    from composer.core.ab_test import Metric, PublicMetrics, compare_variants  # noqa: PLC0415

    metric = Metric(getattr(args, "metric", Metric.ENGAGEMENT_RATE.value))
    pairs = context.store.queue.variants(context.handle(args.account) if args.account else None)
    results = context.store.metrics.latest([r.id for pair in pairs for r in pair])
    empty = PublicMetrics()
    out: dict[str, AbVerdict] = {}
    for a, b in pairs:
        ra, rb = results.get(a.id), results.get(b.id)
        out[a.variant_group] = compare_variants(
            ra.metrics if ra else empty, rb.metrics if rb else empty, metric
        )
    return out


def _results_json(reading: MetricsReading | None, verdict: AbVerdict | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "metrics": metrics_json(reading.metrics) if reading else None,
        "metrics_read_at": _iso(reading.read_at) if reading else None,
    }
    if verdict is not None:
        data["ab_result"] = _verdict_json(verdict)
    return data


def _verdict_json(verdict: AbVerdict) -> dict[str, Any]:
    return {
        "metric": verdict.metric.value,
        "leader": verdict.leader or None,
        "confidence": verdict.confidence or None,
        "rate_a": verdict.rate_a,
        "rate_b": verdict.rate_b,
        "z": verdict.z,
        "p_value": verdict.p_value,
        "sentence": verdict.sentence,
    }


def _pause_target(context: Context, args: argparse.Namespace) -> str | None:
    if args.all:
        return None
    if not args.account:
        raise CommandFailed(EXIT_USAGE, "say which queue: --account HANDLE or --all")
    return context.handle(args.account)


def _schedule_for(context: Context) -> Any:  # noqa: ANN401 - a callable
    from composer.services.queueing import schedule_of  # noqa: PLC0415

    return lambda handle: schedule_of(context.guide, handle)


def _metric_flag(parser: argparse.ArgumentParser) -> None:
    from composer.core.ab_test import Metric  # noqa: PLC0415

    parser.add_argument(
        "--metric",
        choices=[m.value for m in Metric],
        default=Metric.ENGAGEMENT_RATE.value,
        help="what A/B variants are compared on (default: engagements per impression)",
    )


def _crisis_words(args: argparse.Namespace) -> tuple[str, ...]:
    """The crisis word list of ``queue resume --all --crisis-words FILE`` (empty: none)."""
    from composer.core.crisis import CrisisWordsError, parse_crisis_words  # noqa: PLC0415

    path = getattr(args, "crisis_words", None)
    if path is None:
        return ()
    if not args.all:
        raise CommandFailed(EXIT_USAGE, "--crisis-words goes with --all (resuming after a crisis)")
    try:
        with Path(path).open(encoding="utf-8") as file:
            text = file.read(_MAX_WORDS_FILE + 1)
        if len(text) > _MAX_WORDS_FILE:
            raise CrisisWordsError(f"a crisis word list is at most {_MAX_WORDS_FILE} characters")
        return parse_crisis_words(text)
    except UnicodeDecodeError as exc:
        raise CommandFailed(EXIT_USAGE, f"{path}: crisis word list is not UTF-8 text") from exc
    except OSError as exc:
        raise CommandFailed(
            EXIT_USAGE, f"{path}: cannot read the crisis word list ({exc.strerror})"
        ) from exc
    except CrisisWordsError as exc:
        raise CommandFailed(EXIT_USAGE, f"{path}: {exc}") from exc


def _queue_resume_all(context: Context, args: argparse.Namespace) -> int:
    """Resume every queue after re-checking the queued posts (issue 18, item 5)."""
    from composer.core.crisis import Recheck  # noqa: PLC0415

    words = _crisis_words(args)
    outcome = context.store.queue.resume_all(
        Recheck(context.checker, words),
        actor=context.user,
        now=context.now,
        schedule_for=_schedule_for(context),
    )
    if args.json:
        _emit(
            {
                "resumed": not outcome.state.all,
                "checked": outcome.checked,
                "crisis_words": len(words),
                "sent_back": [
                    {"id": record.id, "account": record.account, "reason": why}
                    for record, why in outcome.sent_back
                ],
                "still_paused": sorted(outcome.state.accounts),
            }
        )
        return EXIT_OK
    for record, why in outcome.sent_back:
        sys.stdout.write(f"draft {record.id} ({record.account}) back to review: {why}\n")
    sys.stdout.write(
        f"re-checked {outcome.checked} queued post(s)"
        + (f" against the guide and {len(words)} crisis word(s)" if words else "")
        + f"; {len(outcome.sent_back)} sent back to review\n"
    )
    sys.stdout.write("every queue resumed\n")
    if outcome.state.accounts:
        sys.stdout.write(
            "note: still paused on their own: " + ", ".join(sorted(outcome.state.accounts)) + "\n"
        )
    return EXIT_OK


def _queue_pause(context: Context, args: argparse.Namespace) -> int:
    if args.queue_command == "resume" and args.all:
        return _queue_resume_all(context, args)
    _crisis_words(args)  # refuses --crisis-words without --all
    target = _pause_target(context, args)
    paused = args.queue_command == "pause"
    state = context.store.queue.set_paused(
        target,
        paused=paused,
        actor=context.user,
        now=context.now,
        schedule_for=_schedule_for(context),
    )
    what = "every queue" if target is None else f"{target}'s queue"
    sys.stdout.write(f"{what} {'paused' if paused else 'resumed'}\n")
    if not paused and state.all:
        sys.stdout.write("note: every queue is still stopped by the crisis switch (--all)\n")
    return EXIT_OK


def _queue_move(context: Context, args: argparse.Namespace) -> int:
    from composer.services.queueing import schedule_of, zone_of  # noqa: PLC0415

    current = context.store.queue.get_queued(args.id)
    if args.before is not None:
        context.store.queue.move_before(
            args.id,
            args.before,
            actor=context.user,
            schedule=schedule_of(context.guide, current.account),
            now=context.now,
        )
    else:
        when = _local_time(args.to, zone_of(context.guide, current.account))
        context.store.queue.pin(args.id, when, actor=context.user, now=context.now)
    record = context.store.drafts.get(args.id)
    if args.json:
        _emit(
            _entry_json(
                context, record, paused=context.store.queue.pause_state().paused(record.account)
            )
        )
    else:
        sys.stdout.write(_line(context, record, paused=False))
    return EXIT_OK


def _local_time(value: str, zone: Any) -> datetime:  # noqa: ANN401 - a tzinfo
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CommandFailed(
            EXIT_USAGE,
            f"bad date and time {value!r}: use ISO 8601, e.g. 2026-05-04T09:30 (the account's "
            "time zone) or 2026-05-04T09:30Z",
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return in_range_utc(parsed, value)


def _queue_edit(context: Context, args: argparse.Namespace) -> int:
    from composer.services.queueing import queue_after_approval, schedule_of  # noqa: PLC0415

    queue = context.store.queue
    record = context.store.drafts.get(args.id)
    kind = args.queue_command
    if kind == "add":
        if record.state is not State.APPROVED:
            raise CommandFailed(
                EXIT_CHECK_FAILED, f"draft {record.id} is {record.state.value}, not approved"
            )
        outcome = queue_after_approval(
            context.store, context.guide, record, now=context.now, checker=context.checker
        )
        if not outcome.queued:
            raise CommandFailed(EXIT_CHECK_FAILED, outcome.message)
        record = outcome.record
    elif kind == "remove":
        record = queue.unqueue(
            args.id,
            actor=context.user,
            schedule=schedule_of(context.guide, record.account),
            now=context.now,
        )
    elif kind == "next":
        queue.post_next(
            args.id,
            actor=context.user,
            schedule=schedule_of(context.guide, record.account),
            now=context.now,
        )
        record = context.store.drafts.get(args.id)
    elif kind == "retry":
        record = queue.retry(
            args.id,
            actor=context.user,
            schedule=schedule_of(context.guide, record.account),
            now=context.now,
        )
    elif kind == "confirm":
        if args.published is None and not args.not_published:
            raise CommandFailed(
                EXIT_USAGE, "say what X shows: --published POST_ID or --not-published"
            )
        record = queue.confirm(
            args.id,
            published=args.published is not None,
            post_id=args.published,
            actor=context.user,
            now=context.now,
        )
    if getattr(args, "json", False):
        _emit(
            _entry_json(
                context, record, paused=context.store.queue.pause_state().paused(record.account)
            )
        )
    else:
        sys.stdout.write(f"draft {record.id}: {record.state.value}")
        local = _local(context, record)
        if record.state is State.QUEUED and local is not None:
            sys.stdout.write(f", {local:%a %Y-%m-%d %H:%M %Z}")
        sys.stdout.write("\n")
    return EXIT_OK


def _queue_units(context: Context, args: argparse.Namespace) -> int:
    """``queue ab``, ``queue evergreen``, ``queue shuffle`` and ``queue variants``."""
    from datetime import timedelta  # noqa: PLC0415

    from composer.services.queueing import mix_tags_of, schedule_of  # noqa: PLC0415

    queue = context.store.queue
    kind = args.queue_command
    if kind == "variants":
        pairs = queue.variants(context.handle(args.account) if args.account else None)
        verdicts = _ab_verdicts(context, args)
        results = context.store.metrics.latest([r.id for pair in pairs for r in pair])
        if args.json:
            _emit(
                [
                    {
                        "group": a.variant_group,
                        "A": {
                            **_entry_json(context, a, paused=False),
                            **_results_json(results.get(a.id), None),
                        },
                        "B": {
                            **_entry_json(context, b, paused=False),
                            **_results_json(results.get(b.id), None),
                        },
                        "result": _verdict_json(verdicts[a.variant_group]),
                    }
                    for a, b in pairs
                ]
            )
        else:
            for a, b in pairs:
                verdict = verdicts[a.variant_group]
                rates = ""
                if verdict.rate_a is not None and verdict.rate_b is not None:
                    rates = f" (A {verdict.rate_a:.2%}, B {verdict.rate_b:.2%})"
                sys.stdout.write(
                    f"{a.variant_group}\tA: draft {a.id} {a.state.value} {a.post_id or ''}\t"
                    f"B: draft {b.id} {b.state.value} {b.post_id or ''}\t"
                    f"{verdict.sentence}, on {verdict.metric.words}{rates}\n"
                )
        return EXIT_OK
    if kind == "shuffle":
        handle = context.handle(args.account)
        entries = queue.shuffle(
            handle,
            seed=args.seed if args.seed is not None else int(context.now.timestamp()),
            actor=context.user,
            schedule=schedule_of(context.guide, handle),
            now=context.now,
        )
        pause = queue.pause_state()
        for entry in entries:
            sys.stdout.write(_line(context, entry, paused=pause.paused(entry.account)))
        return EXIT_OK
    if kind == "ab":
        first = context.store.drafts.get(args.a)
        schedule = schedule_of(context.guide, first.account)
        second = context.store.drafts.get(args.b)
        a, b = queue.enqueue_variants(
            args.a,
            args.b,
            spacing=timedelta(minutes=args.spacing),
            actor=context.user,
            schedule=schedule,
            now=context.now,
            tags={
                first.id: mix_tags_of(context.checker, first, schedule),
                second.id: mix_tags_of(context.checker, second, schedule),
            },
        )
        records = [a, b]
    else:  # evergreen
        original = context.store.drafts.get(args.original)
        records = queue.plan_evergreen(
            args.original,
            args.wording,
            max_reposts=args.max,
            min_interval=timedelta(days=args.every),
            actor=context.user,
            schedule=schedule_of(context.guide, original.account),
            now=context.now,
        )
    if getattr(args, "json", False):
        _emit([_entry_json(context, r, paused=False) for r in records])
    else:
        for record in records:
            sys.stdout.write(_line(context, record, paused=False))
    return EXIT_OK


def _publish_due(context: Context, args: argparse.Namespace) -> int:
    from composer.services.publishing import (  # noqa: PLC0415
        PublisherBusyError,
        PublishRun,
        default_sender_factory,
        stuck_lease,
    )
    from composer.services.secrets import SecretStore  # noqa: PLC0415
    from composer.services.x_oauth import account_auth  # noqa: PLC0415

    at = _parse_time(args.at)
    secrets = SecretStore()
    if not args.dry_run:
        # No usable keyring is an unusable set-up (exit 2), not a failed post (exit 1).
        secrets.ensure_secure("nothing was published")
    run = PublishRun(
        context.store,
        credentials_for=lambda handle: account_auth(handle, secrets),
        sender_factory=default_sender_factory(None),
        clock=lambda: datetime.now(UTC),
        prices=context.prices,
    )
    try:
        results = run.run(at=at, dry_run=args.dry_run)
    except PublisherBusyError as exc:
        stuck = stuck_lease(context.store, datetime.now(UTC))
        sys.stderr.write(
            f"brand-composer: error: {stuck}\n" if stuck else f"brand-composer: {exc}\n"
        )
        if args.json:
            _emit([])
        return EXIT_CHECK_FAILED if stuck else EXIT_OK
    if args.json:
        _emit([r.to_json() for r in results])
    else:
        if not results:
            sys.stdout.write("nothing is due\n")
        for r in results:
            detail = f"post {r.post_id}" if r.post_id else (r.error or "")
            sys.stdout.write(f"{r.draft}\t{r.account}\t{r.state}\t{detail}\n")
    bad = [r for r in results if r.state not in {"published", "due", "skipped"}]
    return EXIT_CHECK_FAILED if bad else EXIT_OK


def _queue_cost(context: Context, args: argparse.Namespace) -> int:
    """The month's spend per account from the publish history, with caps and what is queued."""
    from composer.core.cost import month_bounds, post_cost, spent  # noqa: PLC0415

    when = context.now
    if args.month:
        try:
            when = datetime.strptime(args.month, "%Y-%m").replace(day=15, tzinfo=UTC)
        except ValueError:
            raise CommandFailed(
                EXIT_USAGE, f"--month must be a month such as 2026-12, not {args.month!r}"
            ) from None
    start, end = month_bounds(when)
    prices = context.prices
    handles = (
        [context.handle(args.account)]
        if args.account
        else [str(a.handle) for a in context.guide.accounts]
    )
    rows: list[dict[str, Any]] = []
    for handle in handles:
        month_spent = spent(context.store.queue.published_in(handle, start, end), prices)
        queued = context.store.queue.entries(handle, states=(State.QUEUED,))
        cap = prices.cap_for(handle)
        rows.append(
            {
                "account": handle,
                "month": f"{start:%Y-%m}",
                "spent": str(month_spent),
                "queued_posts": len(queued),
                "queued_cost": str(
                    sum((post_cost(q.text, prices).total for q in queued), Decimal(0))
                ),
                "cap": None if cap is None else str(cap),
                "currency": prices.currency,
            }
        )
    if args.json:
        _emit({"prices": _prices_json(prices), "accounts": rows})
        return EXIT_OK
    sys.stdout.write(
        f"prices as of {prices.as_of:%Y-%m-%d}: {format_amount(prices.post, prices.currency)} a "
        f"post, {format_amount(prices.post_with_link, prices.currency)} with a link\n"
    )
    for row in rows:
        cap_text = (
            f" of a {format_amount(Decimal(row['cap']), prices.currency)} cap" if row["cap"] else ""
        )
        sys.stdout.write(
            f"{row['account']}\t{row['month']}\t"
            f"{format_amount(Decimal(row['spent']), prices.currency)} spent{cap_text}\t"
            f"{row['queued_posts']} queued, "
            f"{format_amount(Decimal(row['queued_cost']), prices.currency)}\n"
        )
    return EXIT_OK


def _prices_json(prices: Any) -> dict[str, Any]:  # noqa: ANN401 - a PriceTable
    return {
        "post": str(prices.post),
        "post_with_link": str(prices.post_with_link),
        "currency": prices.currency,
        "as_of": prices.as_of.isoformat(),
    }


def register(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    """Add ``queue`` and ``publish-due``."""
    queue = subparsers.add_parser(
        "queue",
        help="the accounts' posting queues",
        description="List, pause, resume and rearrange the posting queues. Times without an "
        "offset are in the account's time zone.",
    )
    sub = queue.add_subparsers(dest="queue_command", metavar="COMMAND", required=True)

    listing = sub.add_parser("list", help="queued posts, soonest first")
    listing.add_argument("--account", metavar="HANDLE")
    _json_flag(listing)
    listing.set_defaults(handler=_run(_refused(_queue_list)))

    cost = sub.add_parser(
        "cost", help="the month's spend on X per account (publish history), caps, queued cost"
    )
    cost.add_argument("--account", metavar="HANDLE")
    cost.add_argument("--month", metavar="YYYY-MM", help="another month (default: this one)")
    _json_flag(cost)
    cost.set_defaults(handler=_run(_refused(_queue_cost)))

    add_prices_parser(sub, _run(_queue_prices))
    history = sub.add_parser("history", help="published and failed posts, newest first")
    history.add_argument("--account", metavar="HANDLE")
    _metric_flag(history)
    _json_flag(history)
    history.set_defaults(handler=_run(_refused(_queue_history)))

    for name, words in (
        ("pause", "stop publishing (one account, or --all: the crisis switch)"),
        ("resume", "start publishing again; missed slots are laid out again from now"),
    ):
        parser = sub.add_parser(name, help=words)
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--account", metavar="HANDLE")
        target.add_argument("--all", action="store_true", help="every account")
        if name == "resume":
            parser.add_argument(
                "--crisis-words",
                metavar="FILE",
                help="with --all: words and phrases (one a line) that send a queued post "
                "back to review; every queued post is re-checked against the guide anyway",
            )
            _json_flag(parser)
        parser.set_defaults(handler=_run(_refused(_queue_pause)))

    move = sub.add_parser(
        "move", help="pin a post to a time (--to) or move it before another (--before)"
    )
    move.add_argument("id", type=draft_id, metavar="ID")
    where = move.add_mutually_exclusive_group(required=True)
    where.add_argument("--to", metavar="DATETIME", help="ISO 8601; no offset = account's zone")
    where.add_argument("--before", type=draft_id, metavar="ID")
    _json_flag(move)
    move.set_defaults(handler=_run(_refused(_queue_move)))

    for name, words in (
        ("add", "queue an approved draft at its account's next free slot"),
        ("remove", "take a post out of the queue (it stays approved); later posts move up"),
        ("next", "make a post the next to go out on its account"),
        ("retry", "put a failed post back in the queue"),
    ):
        parser = sub.add_parser(name, help=words)
        parser.add_argument("id", type=draft_id, metavar="ID")
        _json_flag(parser)
        parser.set_defaults(handler=_run(_refused(_queue_edit)))
    confirm = sub.add_parser(
        "confirm",
        help="settle a post whose publishing outcome is unknown, after looking on X",
    )
    confirm.add_argument("id", type=draft_id, metavar="ID")
    said = confirm.add_mutually_exclusive_group(required=True)
    said.add_argument("--published", metavar="POST_ID", help="it is on X with this id")
    said.add_argument("--not-published", action="store_true", help="it is not on X")
    _json_flag(confirm)
    confirm.set_defaults(handler=_run(_refused(_queue_edit)))

    _register_units(sub)

    due = subparsers.add_parser(
        "publish-due",
        help="publish every queued post whose time has come (for cron or a systemd timer)",
        description="Publish every queued post whose slot has come (by --at, default now), "
        "once. Safe to run while the app is open: one publisher works at a time. Exit 1 when "
        "a post failed or waits for a person to check X.",
    )
    due.add_argument("--at", metavar="DATETIME", help="ISO 8601 (no offset = UTC)")
    due.add_argument("--dry-run", action="store_true", help="list what is due; send nothing")
    _json_flag(due)
    due.set_defaults(handler=_run(_refused(_publish_due)))


def _register_units(sub: _SubParsers[argparse.ArgumentParser]) -> None:
    """``queue ab``, ``evergreen``, ``shuffle`` and ``variants``."""
    ab = sub.add_parser(
        "ab", help="queue two approved wordings as an A/B pair (B at least --spacing after A)"
    )
    ab.add_argument("a", type=draft_id, metavar="ID_A")
    ab.add_argument("b", type=draft_id, metavar="ID_B")
    ab.add_argument(
        "--spacing",
        type=bounded_int(1, _MINUTES_A_YEAR, "--spacing (minutes)"),
        default=180,
        metavar="MINUTES",
        help="default 180",
    )
    _json_flag(ab)
    ab.set_defaults(handler=_run(_refused(_queue_units)))
    evergreen = sub.add_parser(
        "evergreen", help="queue re-posts of a queued or published post in new approved wordings"
    )
    evergreen.add_argument("original", type=draft_id, metavar="ID")
    evergreen.add_argument(
        "--wording", type=draft_id, action="append", required=True, metavar="ID", help="repeatable"
    )
    evergreen.add_argument(
        "--max", type=bounded_int(1, 1000, "--max"), default=3, help="re-posts in all (default 3)"
    )
    evergreen.add_argument(
        "--every",
        type=bounded_int(1, 3650, "--every (days)"),
        default=14,
        metavar="DAYS",
        help="default 14",
    )
    _json_flag(evergreen)
    evergreen.set_defaults(handler=_run(_refused(_queue_units)))
    shuffle = sub.add_parser("shuffle", help="put an account's unpinned posts in a random order")
    shuffle.add_argument("--account", required=True, metavar="HANDLE")
    shuffle.add_argument("--seed", type=int, help="the same seed gives the same order")
    shuffle.set_defaults(handler=_run(_refused(_queue_units)))
    variants = sub.add_parser("variants", help="A/B pairs and how each went out")
    variants.add_argument("--account", metavar="HANDLE")
    _metric_flag(variants)
    _json_flag(variants)
    variants.set_defaults(handler=_run(_refused(_queue_units)))
