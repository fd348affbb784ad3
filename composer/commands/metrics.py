"""``metrics``: published posts' results read back from X (docs/cli.md, "Results").

``fetch`` reads the public metrics of published posts that are due a reading (cron-friendly;
X's rate limit is honoured and remembered), ``show`` lists a post's readings. Exit 1 when an
account's fetch failed or was refused; 2 for bad usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Any

from composer.commands.base import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    CommandFailed,
    bounded_int,
    draft_id,
)
from composer.commands.workflow import Context, _emit, _iso, _json_flag, _parse_time, _run
from composer.core.ab_test import PublicMetrics

_SubParsers = argparse._SubParsersAction


def metrics_json(metrics: PublicMetrics) -> dict[str, int]:
    """A reading as JSON (X's names, short)."""
    return {
        "impressions": metrics.impressions,
        "likes": metrics.likes,
        "reposts": metrics.reposts,
        "replies": metrics.replies,
        "quotes": metrics.quotes,
        "bookmarks": metrics.bookmarks,
        "engagements": metrics.engagements,
    }


def metrics_text(metrics: PublicMetrics) -> str:
    """A reading in a few words: impressions, engagements and the rate."""
    rate = f" ({metrics.engagements / metrics.impressions:.1%})" if metrics.impressions else ""
    return (
        f"{metrics.impressions:,} impressions, {metrics.engagements:,} engagements{rate}: "
        f"{metrics.likes:,} likes, {metrics.reposts:,} reposts, {metrics.replies:,} replies"
    )


def _fetch(context: Context, args: argparse.Namespace) -> int:
    from composer.services.publisher import Publisher  # noqa: PLC0415
    from composer.services.secrets import SecretStore  # noqa: PLC0415
    from composer.services.x_metrics import DEFAULT_EVERY, fetch_all  # noqa: PLC0415
    from composer.services.x_oauth import account_auth  # noqa: PLC0415

    handles = (
        [context.handle(args.account)]
        if args.account
        else [str(a.handle) for a in context.guide.accounts]
    )
    secrets = SecretStore()
    secrets.ensure_secure("no metrics were read")

    def publisher_for(handle: str) -> Publisher | None:
        auth = account_auth(handle, secrets)
        return Publisher(None, auth) if auth is not None else None

    reports = fetch_all(
        context.store,
        handles,
        publisher_for,
        actor=context.user,
        now=context.now,
        every=(
            timedelta(minutes=args.every)
            if args.every is not None
            else context.store.metrics.cadence() or DEFAULT_EVERY
        ),
        max_age=timedelta(days=args.days),
    )
    if args.json:
        _emit([r.to_json() for r in reports])
    else:
        for r in reports:
            sys.stdout.write(f"{r.account}\t{r.state}\t{r.message}\n")
    return EXIT_CHECK_FAILED if any(r.state == "failed" for r in reports) else EXIT_OK


def _show(context: Context, args: argparse.Namespace) -> int:
    context.store.drafts.get(args.id)  # an unknown draft is refused by name
    readings = context.store.metrics.readings(args.id)
    if args.json:
        out: list[dict[str, Any]] = [
            {"read_at": _iso(at), "post_id": post_id, **metrics_json(m)}
            for at, post_id, m in readings
        ]
        _emit(out)
        return EXIT_OK
    if not readings:
        sys.stdout.write(f"draft {args.id}: no metrics read yet\n")
    for at, post_id, m in readings:
        sys.stdout.write(f"{_iso(at)}\tpost {post_id}\t{metrics_text(m)}\n")
    return EXIT_OK


def _report(context: Context, args: argparse.Namespace) -> int:
    from composer.core.rule_results import rules_against_results  # noqa: PLC0415

    until = _parse_time(args.until) or context.now
    since = _parse_time(args.since) or until - timedelta(days=30)
    if since >= until:
        raise CommandFailed(EXIT_USAGE, "--since must be before --until")
    account = context.handle(args.account) if args.account else None
    posts = context.store.metrics.published_outcomes(since, until, account=account)
    results = rules_against_results(posts)
    read = sum(1 for p in posts if p.rate is not None)
    if args.json:
        _emit(
            {
                "account": account,
                "since": _iso(since),
                "until": _iso(until),
                "posts": len(posts),
                "posts_with_results": read,
                "rules": [
                    {
                        "rule": r.rule,
                        "fired": r.fired,
                        "with_results": r.with_rate,
                        "median_rate_with": r.median_with,
                        "without_results": r.without_rate,
                        "median_rate_without": r.median_without,
                    }
                    for r in results
                ],
            }
        )
        return EXIT_OK
    who = account or "every account"
    sys.stdout.write(
        f"{who}, {_iso(since)} to {_iso(until)}: {len(posts)} published post(s), "
        f"{read} with results from X\n"
    )
    if not results:
        sys.stdout.write("no rule fired on these posts\n")
    for r in results:
        sys.stdout.write(
            f"  {r.rule}\tfired on {r.fired}\tmedian engagement rate "
            f"{_rate(r.median_with)} with it (of {r.with_rate}), "
            f"{_rate(r.median_without)} without (of {r.without_rate})\n"
        )
    return EXIT_OK


def _cadence(context: Context, args: argparse.Namespace) -> int:
    from composer.services.x_metrics import DEFAULT_EVERY  # noqa: PLC0415

    if args.minutes is not None or args.default:
        context.store.metrics.set_cadence(args.minutes, actor=context.user, now=context.now)
    every = context.store.metrics.cadence()
    minutes = int((every or DEFAULT_EVERY).total_seconds() // 60)
    sys.stdout.write(
        f"results are read every {minutes} minutes" + ("" if every else " (the default)") + "\n"
    )
    return EXIT_OK


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


def register(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    """Add ``metrics fetch``, ``metrics report`` and ``metrics show``."""
    metrics = subparsers.add_parser(
        "metrics",
        help="published posts' results read back from X",
        description="Read the public metrics (impressions, likes, reposts, replies, quotes, "
        "bookmarks) of published posts from X, and show them.",
    )
    sub = metrics.add_subparsers(dest="metrics_command", metavar="COMMAND")
    sub.required = True
    fetch = sub.add_parser(
        "fetch",
        help="read the metrics of published posts due a reading (for cron)",
        description="Read from X the public metrics of each account's published posts "
        "that were not read within --every minutes, up to 100 posts a request; X's rate "
        "limit is honoured (an account is not read again before X's reset).",
    )
    fetch.add_argument("--account", metavar="HANDLE")
    fetch.add_argument(
        "--every",
        type=bounded_int(1, 60 * 24 * 30, "--every"),
        default=None,
        metavar="MINUTES",
        help="read a post again after this many minutes (default: the workspace's cadence, "
        "'metrics cadence', else 60)",
    )
    fetch.add_argument(
        "--days",
        type=bounded_int(1, 366, "--days"),
        default=30,
        metavar="N",
        help="posts published within the last N days (default 30)",
    )
    _json_flag(fetch)
    fetch.set_defaults(handler=_run(_fetch))
    report = sub.add_parser(
        "report",
        help="rules against results: how often each rule fired and the engagement with/without",
        description="For each rule and tone measure that fired on the published posts of "
        "the period (the findings of the text that went out), how many posts it fired on and "
        "the median engagement rate of posts with and without it, with counts.",
    )
    report.add_argument("--account", metavar="HANDLE")
    report.add_argument("--since", metavar="DATE", help="from (default: 30 days before --until)")
    report.add_argument("--until", metavar="DATE", help="up to (default: now)")
    _json_flag(report)
    report.set_defaults(handler=_run(_report))
    cadence = sub.add_parser(
        "cadence",
        help="how often the app and 'metrics fetch' read a post's results again",
        description="Show the workspace's cadence, or set it (MINUTES) or put it back to the "
        "default of 60 (--default). The app reads results at this cadence.",
    )
    what = cadence.add_mutually_exclusive_group()
    what.add_argument(
        "minutes", nargs="?", type=bounded_int(1, 60 * 24 * 30, "MINUTES"), metavar="MINUTES"
    )
    what.add_argument("--default", action="store_true", help="back to the default (60)")
    cadence.set_defaults(handler=_run(_cadence))
    show = sub.add_parser("show", help="every reading of a post's metrics, oldest first")
    show.add_argument("id", type=draft_id, metavar="ID")
    _json_flag(show)
    show.set_defaults(handler=_run(_show))


__all__ = ["metrics_json", "metrics_text", "register"]
