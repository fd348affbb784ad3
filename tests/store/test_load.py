"""Load: 20 people, each on their own login, write, submit, edit and review at once.

For 60 seconds (``BVC_LOAD_SECONDS`` shortens it for local runs; CI runs the full minute) each
client acts like the app: it reads a draft, acts, and when another client got there first
(an optimistic-locking conflict) it reads again and retries while the action still makes
sense. Afterwards: no error reached a "user", no update was lost (every successful write
produced its own version, the newest text is the last one saved), and replaying each draft's
audit trail arrives at its final state.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from helpers.team_db import OWNER, T0, TeamDb

from composer.core.errors import ConflictError
from composer.core.workflow import Action, Role, State
from composer.store.records import DraftRecord
from composer.store.store import Store

CLIENTS = 20
SECONDS = float(os.environ.get("BVC_LOAD_SECONDS", "60"))
ACCOUNT = "@Help"
EDITABLE = {State.DRAFT, State.CHANGES_REQUESTED, State.SUBMITTED}
MAX_TRIES = 30


@dataclass
class Ledger:
    """What the clients saw succeed, and anything that went wrong."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    #: draft id -> [(version after the write, action, actor, text)]
    writes: dict[int, list[tuple[int, str, str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    gave_up: int = 0

    def wrote(self, record: DraftRecord, action: str, actor: str) -> None:
        with self.lock:
            self.writes[record.id].append((record.version, action, actor, record.text))


class Client:
    """One person's app: its own login, store and random habits."""

    def __init__(self, team: TeamDb, name: str, ledger: Ledger, seed: int) -> None:
        self.name = name
        self.store = Store.open(team.url(name))
        self.ledger = ledger
        self.rng = random.Random(seed)
        self.mine: list[int] = []
        self.edits = 0

    def run(self, deadline: float) -> None:
        try:
            while time.monotonic() < deadline:
                self.step()
        except Exception as exc:  # an error the user would have seen
            self.ledger.errors.append(f"{self.name}: {type(exc).__name__}: {exc}")
        finally:
            self.store.close()

    def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.12 or not self.mine:
            record = self.store.drafts.create(
                ACCOUNT,
                f"{self.name} draft {len(self.mine)}",
                author=self.name,
                findings=(),
                now=T0,
            )
            self.ledger.wrote(record, "create", self.name)
            self.mine.append(record.id)
        elif roll < 0.45:
            self.act(self.rng.choice(self.mine), "edit", self._edit)
        elif roll < 0.65:
            self.act(self.rng.choice(self.mine), "submit", self._submit)
        else:
            waiting = [
                d.id
                for d in self.store.drafts.list(account=ACCOUNT, state=State.SUBMITTED, limit=40)
                if d.author != self.name
            ]
            if waiting:
                decision = self.rng.choice(
                    [Action.APPROVE, Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT]
                )
                self.act(self.rng.choice(waiting), decision.value, self._review(decision))

    def act(
        self, draft_id: int, action: str, write: Callable[[DraftRecord], DraftRecord | None]
    ) -> None:
        """Read, act, and on a conflict read again, as the app does for its user."""
        for _ in range(MAX_TRIES):
            current = self.store.drafts.get(draft_id)
            try:
                done = write(current)
            except ConflictError:
                with self.ledger.lock:
                    self.ledger.conflicts += 1
                continue
            if done is not None:
                self.ledger.wrote(done, action, self.name)
            return
        with self.ledger.lock:
            self.ledger.gave_up += 1

    def _edit(self, current: DraftRecord) -> DraftRecord | None:
        if current.state not in EDITABLE:
            return None  # the app would not offer it now
        self.edits += 1
        return self.store.drafts.save_text(
            current.id,
            f"{self.name} edit {self.edits}",
            current.version,
            actor=self.name,
            findings=(),
            now=T0,
        )

    def _submit(self, current: DraftRecord) -> DraftRecord | None:
        if current.state not in {State.DRAFT, State.CHANGES_REQUESTED}:
            return None
        return self.store.drafts.submit(
            current.id, actor=self.name, expected_version=current.version, findings=(), now=T0
        )

    def _review(self, decision: Action) -> Callable[[DraftRecord], DraftRecord | None]:
        def write(current: DraftRecord) -> DraftRecord | None:
            if current.state is not State.SUBMITTED:
                return None
            comment = "please change" if decision is Action.REQUEST_CHANGES else ""
            return self.store.drafts.review(
                current.id,
                decision,
                actor=self.name,
                expected_version=current.version,
                now=T0,
                comment=comment,
            )

        return write


def replay(events: list[tuple[str, str | None, str | None]]) -> str | None:
    """Follow a draft's audit trail from creation; each step must start where the last ended."""
    state: str | None = None
    for action, before, after in events:
        if after is None:
            continue  # comments and other notes
        assert before == state, (action, before, state)
        state = after
    return state


def test_twenty_clients_for_a_minute(team_db: TeamDb) -> None:
    owner = team_db.store(OWNER)
    names = [f"load{n:02}" for n in range(CLIENTS)]
    for name in names:
        owner.users.add(
            name,
            [Role.AUTHOR, Role.REVIEWER],
            [ACCOUNT],
            actor=OWNER,
            now=T0,
            login=True,
            password=f"{name}-secret-pw",
        )
    ledger = Ledger()
    clients = [Client(team_db, name, ledger, seed) for seed, name in enumerate(names)]
    deadline = time.monotonic() + SECONDS
    threads = [threading.Thread(target=c.run, args=(deadline,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(SECONDS + 120)
    assert not any(t.is_alive() for t in threads)

    assert ledger.errors == []
    writes = sum(len(w) for w in ledger.writes.values())
    assert writes >= 5 * SECONDS, f"only {writes} writes in {SECONDS} s"
    assert ledger.gave_up == 0

    actions: Counter[str] = Counter()
    for draft_id, done in ledger.writes.items():
        final = owner.drafts.get(draft_id)
        versions = sorted(v for v, _, _, _ in done)
        # No lost update: each successful write made its own version, none was overwritten.
        assert versions == list(range(1, final.version + 1)), (draft_id, versions)
        newest = max(done)
        assert final.text == newest[3]
        trail = owner.audit.list(draft_id=draft_id)
        assert replay([(e.action, e.from_state, e.to_state) for e in trail]) == final.state.value
        # Every state change a client saw succeed is in the trail, by that client.
        changed = Counter(
            (a, who)
            for _, a, who, _ in done
            if a in {"create", "submit", "approve", "reject", "request_changes"}
        )
        audited = Counter(
            (e.action, e.actor)
            for e in trail
            if e.action in {"create", "submit", "approve", "reject", "request_changes"}
        )
        assert changed == audited, draft_id
        actions.update(a for _, a, _, _ in done)
    assert actions["approve"] and actions["edit"] and actions["request_changes"]
    assert ledger.conflicts > 0, "the clients never collided: the test proves nothing"
