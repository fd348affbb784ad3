"""A guide diff spread over worker processes agrees with one judged in this process."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from helpers.changed_guide import CLEAN, EVENTS, HELP, HYPE_HELP, LONG_HELP, TONIGHT, write_guides

from composer.core.checker import Checker
from composer.core.guide import load_guide
from composer.core.guide_diff import ChunkResult, PastPost, judge_chunk
from composer.services import guide_diff_run
from composer.services.guide_diff_run import GuidePair, run_guide_diff


def _posts(copies: int) -> list[PastPost]:
    texts = [(HELP, CLEAN), (HELP, LONG_HELP), (HELP, HYPE_HELP), (EVENTS, TONIGHT)]
    return [
        PastPost(n, account, "published", f"{text} #{n}" if n % 2 else text)
        for n, (account, text) in enumerate(texts * copies, start=1)
    ]


class _SlowHere:
    """``judge_chunk`` in this process, slowed down, counting its chunks."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.chunks = 0

    def __call__(self, current: Checker, new: Checker, posts: Sequence[PastPost]) -> ChunkResult:
        self.chunks += 1
        time.sleep(self.seconds)
        return judge_chunk(current, new, posts)


def test_two_workers_find_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current, new = write_guides(tmp_path)
    checkers = (Checker(load_guide(current)), Checker(load_guide(new)))
    posts = _posts(20)
    pair = GuidePair(str(current), str(new))
    here = run_guide_diff(pair, checkers, posts, workers=1, chunk=2)
    seen: list[tuple[int, int]] = []
    # This process is slow: a worker, once started, judges most chunks.
    slow = _SlowHere(0.5)
    monkeypatch.setattr(guide_diff_run, "judge_chunk", slow)
    spread = run_guide_diff(
        pair,
        checkers,
        posts,
        workers=2,
        chunk=2,
        in_process_below=0,
        workers_after=0.0,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert spread == here
    assert here.checked == 80 and len(here.changes) >= 40
    # Posts with the same account and text share a chunk: the 40 even ones repeat two
    # texts (a chunk of 21 each, with the post before), the 38 others go two by two.
    assert sorted(seen)[-1] == (80, 80) and len(seen) == 21
    assert 2 <= slow.chunks < 21  # the worker judged the others


def test_a_short_job_starts_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    current, new = write_guides(tmp_path)
    checkers = (Checker(load_guide(current)), Checker(load_guide(new)))
    posts = _posts(6)
    pair = GuidePair(str(current), str(new))
    here = run_guide_diff(pair, checkers, posts, workers=1, chunk=5)
    counting = _SlowHere(0.0)
    monkeypatch.setattr(guide_diff_run, "judge_chunk", counting)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker process was started")

    monkeypatch.setattr(guide_diff_run, "ProcessPoolExecutor", no_pool)
    assert run_guide_diff(pair, checkers, posts, workers=2, chunk=5, in_process_below=0) == here
    assert counting.chunks == 4  # 24 posts: two texts 6 times (7 a chunk), 10 others by 5
