"""``brand-composer init`` and ``brand-composer db upgrade`` (see spec/cli.md)."""

from __future__ import annotations

import argparse
import getpass
import sys

from composer.commands.base import EXIT_OK, EXIT_USAGE, CommandFailed
from composer.commands.workflow import Context, now_utc
from composer.core.workflow import Role
from composer.store.migrate import head_revision
from composer.store.store import Store

_SubParsers = argparse._SubParsersAction


def register(subparsers: _SubParsers[argparse.ArgumentParser]) -> None:
    """Add ``init`` and ``db``."""
    init = subparsers.add_parser(
        "init",
        help="create a workspace (SQLite) with the example guide",
        description="Create DIR with workspace.toml, the example brand guide and an SQLite "
        "database; the OS user (or --user) becomes its admin. Existing files are kept.",
    )
    init.add_argument("dir", metavar="DIR")
    init.add_argument(
        "--example", action="store_true", help="copy the example guide (done whenever none exists)"
    )
    init.set_defaults(handler=run_init)

    db = subparsers.add_parser("db", help="the workspace's database")
    db_sub = db.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    upgrade = db_sub.add_parser(
        "upgrade",
        help="apply migrations (an SQLite file is backed up first)",
        description="Apply pending migrations to the workspace's database. Every command also "
        "does this on start-up; an existing SQLite file is copied beside itself first.",
    )
    upgrade.set_defaults(handler=run_db_upgrade)


def run_init(args: argparse.Namespace) -> int:
    """``init DIR [--example]``."""
    from composer.services.workspace import init_workspace  # noqa: PLC0415

    workspace = init_workspace(args.dir, example=True)
    if not workspace.is_sqlite:
        raise CommandFailed(
            EXIT_USAGE, "init creates SQLite workspaces; for PostgreSQL use 'db init-team'"
        )
    user = str(args.user or getpass.getuser())
    store = Store.open(workspace.database_url)
    try:
        context = Context(workspace, store, user)
        if workspace.guide_path.is_file():
            context.sync_accounts()
        if store.users.count() == 0:
            store.users.add(user, [Role.ADMIN], actor=user, now=now_utc())
    finally:
        store.close()
    sys.stdout.write(
        f"workspace ready at {workspace.root} (guide {workspace.guide_path.name}, admin {user})\n"
    )
    return EXIT_OK


def run_db_upgrade(args: argparse.Namespace) -> int:
    """``db upgrade``."""
    from composer.services.workspace import resolve_workspace  # noqa: PLC0415

    workspace = resolve_workspace(args.workspace)
    store = Store.open(workspace.database_url, upgrade=False)
    try:
        pending = store.needs_upgrade()
        revision = store.upgrade()
        backup = f" (backup: {store.last_backup})" if store.last_backup else ""
        what = "upgraded to" if pending else "already at"
        sys.stdout.write(f"database {store.location} {what} revision {revision}{backup}\n")
    finally:
        store.close()
    if revision != head_revision():  # pragma: no cover - upgrade() reaches head or raises
        return EXIT_USAGE
    return EXIT_OK
