"""``brand-composer guide diff NEW_GUIDE``: what the new guide would flag in past posts.

Every past draft and published post of the workspace (``--since``: changed or published from
that date) is checked with the workspace's current guide and with ``NEW_GUIDE``; the posts
whose verdict changes (newly blocked, newly warned, no longer blocked, cleared) are listed,
with counts per rule. The work is spread over every core. Exit 0 with the report; 2 for a
bad guide, a bad date or an unreachable workspace.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from composer.commands.base import EXIT_OK, EXIT_USAGE, CommandFailed
from composer.commands.workflow import Context, _emit, _parse_time
from composer.core.checker import Checker
from composer.core.errors import GuideError
from composer.core.guide_diff import Change, GuideDiff, PostChange
from composer.core.terminal_text import for_terminal

#: Characters of a post shown in the text report.
EXCERPT = 60


def _checker(path: str) -> Checker:
    from composer.services.guide_cache import load_guide_cached  # noqa: PLC0415

    try:
        guide = load_guide_cached(path)
    except GuideError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        raise CommandFailed(
            EXIT_USAGE, f"{path}: the guide has problems; nothing was compared"
        ) from exc
    except OSError as exc:
        raise CommandFailed(EXIT_USAGE, f"cannot read {path}: {exc.strerror or exc}") from exc
    return Checker(guide)


def change_json(change: PostChange) -> dict[str, Any]:
    """One changed post as JSON."""
    return {
        "id": change.post.id,
        "account": change.post.account,
        "state": change.post.state,
        "change": change.change.value,
        "before": change.before.value,
        "after": change.after.value,
        "added_rules": list(change.added),
        "removed_rules": list(change.removed),
        "text": change.post.text,
    }


def diff_json(diff: GuideDiff, *, current: str, new: str, since: str | None) -> dict[str, Any]:
    """The whole report as JSON."""
    return {
        "current_guide": current,
        "new_guide": new,
        "since": since,
        "checked": diff.checked,
        "skipped": dict(diff.skipped),
        "counts": {kind.value: diff.counts[kind] for kind in Change},
        "rules": [{"rule": r.rule, "newly": r.newly, "no_longer": r.no_longer} for r in diff.rules],
        "changes": [change_json(c) for c in diff.changes],
    }


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return for_terminal(flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…")


def _write_text(diff: GuideDiff, *, current: str, new: str, since: str | None) -> None:
    out = sys.stdout.write
    window = f" changed or published since {since}" if since else ""
    out(f"{diff.checked} past post(s){window} checked with {current} and {new}\n")
    for account, count in sorted(diff.skipped.items()):
        out(f"skipped {count} post(s) of {account}: the account is not in both guides\n")
    out("  ".join(f"{kind.words}: {diff.counts[kind]}" for kind in Change) + "\n")
    for kind in Change:
        listed = [c for c in diff.changes if c.change is kind]
        if not listed:
            continue
        out(f"\n{kind.words} ({len(listed)}):\n")
        for c in listed:
            rules = ", ".join([*(f"+{r}" for r in c.added), *(f"-{r}" for r in c.removed)])
            out(
                f"  draft {c.post.id}\t{c.post.account}\t{c.post.state}\t{c.before.value} -> "
                f"{c.after.value}\t{rules}\t{_excerpt(c.post.text)}\n"
            )
    if diff.rules:
        out("\nper rule (posts that newly fire / no longer fire):\n")
        for r in diff.rules:
            out(f"  {r.rule}\t+{r.newly}\t-{r.no_longer}\n")


def run_guide_diff_command(context: Context, args: argparse.Namespace) -> int:
    """``guide diff NEW_GUIDE [--since DATE] [--format text|json] [--workers N]``."""
    from composer.services.guide_diff_run import GuidePair, run_guide_diff  # noqa: PLC0415
    from composer.store.past_posts import past_posts  # noqa: PLC0415

    since = _parse_time(args.since)
    current_path = str(context.workspace.guide_path)
    checkers = (_checker(current_path), _checker(str(args.new_guide)))
    posts = past_posts(context.store.db, since=since)
    diff = run_guide_diff(
        GuidePair(current_path, str(args.new_guide)), checkers, posts, workers=args.workers
    )
    since_text = since.isoformat().replace("+00:00", "Z") if since else None
    if args.format == "json":
        _emit(diff_json(diff, current=current_path, new=str(args.new_guide), since=since_text))
    else:
        _write_text(diff, current=current_path, new=str(args.new_guide), since=since_text)
    return EXIT_OK


__all__ = ["change_json", "diff_json", "run_guide_diff_command"]
