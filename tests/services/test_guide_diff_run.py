"""A guide diff spread over worker processes agrees with one judged in this process."""

from __future__ import annotations

from pathlib import Path

from helpers.changed_guide import CLEAN, EVENTS, HELP, HYPE_HELP, LONG_HELP, TONIGHT, write_guides

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.core.guide_diff import PastPost
from composer.services.guide_diff_run import GuidePair, run_guide_diff


def test_two_workers_find_what_one_process_finds(tmp_path: Path) -> None:
    current, new = write_guides(tmp_path)
    checkers = (Checker(load_guide(current)), Checker(load_guide(new)))
    texts = [(HELP, CLEAN), (HELP, LONG_HELP), (HELP, HYPE_HELP), (EVENTS, TONIGHT)]
    posts = [
        PastPost(n, account, "published", f"{text} #{n}" if n % 2 else text)
        for n, (account, text) in enumerate(texts * 6, start=1)
    ]
    pair = GuidePair(str(current), str(new))
    here = run_guide_diff(pair, checkers, posts, workers=1, chunk=5)
    seen: list[tuple[int, int]] = []
    spread = run_guide_diff(
        pair,
        checkers,
        posts,
        workers=2,
        chunk=5,
        in_process_below=0,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert spread == here
    assert here.checked == 24 and len(here.changes) >= 12
    assert sorted(seen)[-1] == (24, 24) and len(seen) == 5
