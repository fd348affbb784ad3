"""Run a guide diff over many posts on every core (``guide diff``, Guide ▸ Compare With…).

The judging is pure (:mod:`composer.core.guide_diff`); this module spreads it over the
cores. This process judges the first chunks of posts itself, which tells how long the rest
would take here; when that is more than :data:`WORKERS_AFTER` seconds, it starts one worker
process per other core and goes on judging while they start (a worker loads and compiles
both guides once, from the guide cache when their files are unchanged). A worker is handed
chunks once it is ready, two at a time, so none waits and the last ones end together.
Posts with the same account and text go in one chunk, and are judged once. Processes are
*spawned*, never forked, so a window's threads are never copied into a child.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

from composer.core.checker import Checker
from composer.core.guide_diff import (
    ChunkResult,
    GuideDiff,
    PastPost,
    judge_chunk,
    share_tone,
    summarize,
)

#: Posts per chunk (a chunk takes from a few hundredths of a second to half a second).
CHUNK = 500
#: Below this many posts, everything is judged in this process.
IN_PROCESS_BELOW = 3_000
#: Workers start only when the posts left would take longer than this (seconds) here: a
#: worker takes about a second to start and load the guides.
WORKERS_AFTER = 1.0
#: Chunks a ready worker holds at once (one it judges, one waiting).
HELD = 2

_worker: tuple[Checker, Checker] | None = None
_worker_error = ""


@dataclass(frozen=True, slots=True)
class GuidePair:
    """The current guide's file and the new one's."""

    current: str
    new: str


def _load_pair(pair: GuidePair) -> tuple[Checker, Checker]:
    from composer.services.guide_cache import load_guide_cached  # noqa: PLC0415

    current, new = Checker(load_guide_cached(pair.current)), Checker(load_guide_cached(pair.new))
    share_tone(current, new)
    return current, new


def _init_worker(pair: GuidePair) -> None:
    global _worker, _worker_error  # noqa: PLW0603 - one pair of guides per worker process
    try:
        _worker = _load_pair(pair)
    except Exception as exc:  # said back to the parent on the first chunk
        _worker_error = f"{type(exc).__name__}: {exc}"


def _ready() -> bool:
    """Answered once a worker has loaded the guides (or failed to: its chunks say why)."""
    return _worker is not None


def _judge_in_worker(posts: Sequence[PastPost]) -> ChunkResult:
    if _worker is None:
        raise RuntimeError(f"a guide diff worker could not load the guides ({_worker_error})")
    return judge_chunk(_worker[0], _worker[1], posts)


def _chunks(posts: Sequence[PastPost], size: int) -> Iterator[list[PastPost]]:
    """Chunks of about ``size`` posts, in order of first appearance.

    Posts with the same account and text are kept in one chunk, where they are judged once.
    """
    alike: dict[tuple[str, str], list[PastPost]] = {}
    for post in posts:
        alike.setdefault((post.account, post.text), []).append(post)
    part: list[PastPost] = []
    for group in alike.values():
        part.extend(group)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def default_workers() -> int:
    """One worker per core this process may use (at least one)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return max(os.cpu_count() or 1, 1)


def run_guide_diff(
    pair: GuidePair,
    checkers: tuple[Checker, Checker],
    posts: Sequence[PastPost],
    *,
    workers: int | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int, int], None] | None = None,
    in_process_below: int = IN_PROCESS_BELOW,
    workers_after: float = WORKERS_AFTER,
) -> GuideDiff:
    """Judge ``posts`` by the current and the new guide; the posts whose verdict changes.

    Args:
        pair: The two guides' files (workers load them again, from the guide cache).
        checkers: The two guides compiled in this process, which judges posts too (loading
            them here first also means a bad guide is refused before any process starts).
            They are made to share one tone analyzer if their tone settings are equal
            (:func:`~composer.core.guide_diff.share_tone`).
        posts: The past drafts and published posts.
        workers: Cores to use (default: each this process may use); 1 judges here only.
        chunk: Posts per chunk.
        progress: Called with ``(posts judged, posts in all)`` after each chunk.
        in_process_below: Fewer posts than this are judged in this process.
        workers_after: Seconds the rest would take here above which workers start.
    """
    count = workers if workers is not None else default_workers()
    total = len(posts)
    share_tone(*checkers)  # the two checks of a post ask the tone measures once
    parts = deque(_chunks(posts, chunk))
    results: list[ChunkResult] = []
    done = 0

    def judged(result: ChunkResult, size: int) -> None:
        nonlocal done
        results.append(result)
        done += size
        if progress is not None:
            progress(done, total)

    def here() -> None:
        part = parts.popleft()
        judged(judge_chunk(checkers[0], checkers[1], part), len(part))

    spread = count > 1 and total >= in_process_below
    if spread and parts:
        here()  # pays the one-off costs of a first check
    if spread and parts:
        started, before = time.perf_counter(), done
        here()
        pace = (time.perf_counter() - started) / max(done - before, 1)
        spread = pace * (total - done) > workers_after
    if not spread:
        while parts:
            here()
        return summarize(results)
    pool = ProcessPoolExecutor(
        max_workers=count - 1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(pair,),
    )
    try:
        ready = [pool.submit(_ready) for _ in range(count - 1)]
        held: dict[Future[ChunkResult], int] = {}
        while parts or held:
            for future in [f for f in held if f.done()]:
                judged(future.result(), held.pop(future))
            up = sum(f.done() for f in ready)
            while parts and len(held) < HELD * up:
                part = parts.popleft()
                held[pool.submit(_judge_in_worker, part)] = len(part)
            if parts:
                here()
            elif held:
                wait(held, return_when=FIRST_COMPLETED)
    finally:
        # A worker still starting when all is judged ends once started (at most a second).
        pool.shutdown(wait=True, cancel_futures=True)
    return summarize(results)


__all__ = ["CHUNK", "WORKERS_AFTER", "GuidePair", "default_workers", "run_guide_diff"]
