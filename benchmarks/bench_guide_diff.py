"""``guide diff`` over 50,000 past posts (issue 18, item 4): goal under 30 s on two cores.

A SQLite workspace store holds 50,000 drafts and published posts of the example guide's four
accounts, with varied texts (none repeats, so nothing is judged only once); the new guide is
the example guide with three changes (tests/helpers/changed_guide.py makes the same). The
figure is the wall time of what ``guide diff`` does after loading the guides: read the posts,
judge each with both guides on two cores (this process and a worker), and sum up.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.changed_guide import new_guide_text  # noqa: E402

from composer.core.checker import Checker  # noqa: E402
from composer.core.guide import load_guide  # noqa: E402
from composer.core.workflow import Role, State  # noqa: E402
from composer.resources import resource_path  # noqa: E402
from composer.services.guide_diff_run import GuidePair, run_guide_diff  # noqa: E402
from composer.store.models import Account, Draft, User  # noqa: E402
from composer.store.past_posts import past_posts  # noqa: E402
from composer.store.records import account_specs, content_hash  # noqa: E402
from composer.store.store import Store  # noqa: E402

POSTS = 50_000
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OPENERS = (
    "Thanks for waiting.",
    "Good news:",
    "Heads up, trail friends.",
    "Quick update.",
    "We hear you.",
    "This weekend only:",
    "Our team is awesome and",
)
MIDDLES = (
    "your replacement stakes are on their way",
    "the SummitShell jacket is back in every size",
    "the trail run starts tonight at 6pm",
    "we are checking your order right now",
    "the Boulder store opens an hour early",
    "our repair service fixes any tent",
    "act now for the last chance at this price",
    "we apologize for any inconvenience with the delivery",
    "the new TrailPro poles weigh less than a water bottle",
    "the storm closed two trails near the lake",
    "you can return gear within 60 days",
)
ENDINGS = (
    "and should arrive this week.",
    "Details on our site.",
    "Reply here if anything is off.",
    "See you out there!",
    "More at https://example.com/news",
    "Stay safe and check the forecast.",
    "#trailrunning #outdoors",
    "Thank you for your patience with us.",
    "",
)


def text_of(n: int) -> str:
    opener = OPENERS[n % len(OPENERS)]
    middle = MIDDLES[(n // len(OPENERS)) % len(MIDDLES)]
    ending = ENDINGS[(n // 77) % len(ENDINGS)]
    return f"{opener} {middle} (ref {n}) {ending}".strip()


def seed(store: Store, guide_path: Path) -> None:
    guide = load_guide(guide_path)
    store.users.add("boss", [Role.ADMIN], actor="boss", now=T0)
    store.accounts.sync(account_specs(guide), now=T0)
    store.users.add("ann", [Role.AUTHOR], actor="boss", now=T0)
    states = [State.PUBLISHED, State.PUBLISHED, State.DRAFT, State.SUBMITTED, State.APPROVED]
    with store.engine.begin() as connection:
        accounts = list(connection.scalars(select(Account.id).order_by(Account.id)))
        ann = connection.scalar(select(User.id).where(User.name == "ann"))
        rows = []
        for n in range(POSTS):
            text = text_of(n)
            at = T0 + timedelta(minutes=n)
            state = states[n % len(states)]
            rows.append(
                {
                    "account_id": accounts[n % len(accounts)],
                    "author_id": ann,
                    "state": state.value,
                    "version": 1,
                    "text": text,
                    "text_version": 1,
                    "content_hash": content_hash(text),
                    "has_errors": False,
                    "step": 0,
                    "approvals": [],
                    "warning_reason": "",
                    "state_changed_at": at,
                    "created_at": at,
                    "updated_at": at,
                    "published_at": at if state is State.PUBLISHED else None,
                }
            )
        connection.execute(insert(Draft), rows)


def run() -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(resource_path("example"), folder / "ws")
        current = folder / "ws" / "brand-guide.yml"
        new = folder / "ws" / "new-guide.yml"
        new.write_text(new_guide_text(current.read_text(encoding="utf-8")), encoding="utf-8")
        url = f"sqlite:///{folder / 'composer.sqlite3'}"
        with Store.open(url) as store:
            seed(store, current)
        checkers = (Checker(load_guide(current)), Checker(load_guide(new)))
        pair = GuidePair(str(current), str(new))
        with Store.open(url) as store:
            started = time.perf_counter()
            posts = past_posts(store.db)
            read = time.perf_counter() - started
            diff = run_guide_diff(pair, checkers, posts, workers=2)
            total = time.perf_counter() - started
        assert diff.checked == POSTS, diff.checked
        one_sample = posts[:2_000]
        started = time.perf_counter()
        run_guide_diff(pair, checkers, one_sample, workers=1)
        one = (time.perf_counter() - started) * POSTS / len(one_sample)
    changed = len(diff.changes)
    return [
        {
            "figure": f"guide diff over {POSTS:,} past posts (SQLite), 2 cores (this process "
            "and a worker): read, judge with both guides, sum up",
            "goal": "< 30 s",
            "measured": f"{total:.1f} s (store read {read:.1f} s; {changed:,} posts change "
            f"verdict; one process, from 2,000 posts: {one:.0f} s)",
        }
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
