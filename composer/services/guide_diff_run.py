"""Run a guide diff over many posts on every core (``guide diff``, Guide ▸ Compare With…).

The judging is pure (:mod:`composer.core.guide_diff`); this module spreads it over worker
processes: each worker loads and compiles both guides once (from the guide cache when their
files are unchanged), then judges chunks of posts. Few posts are judged in this process.
Processes are *spawned*, never forked, so a window's threads are never copied into a child.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
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

#: Posts per chunk handed to a worker.
CHUNK = 1_000
#: Below this many posts, starting processes costs more than it saves.
IN_PROCESS_BELOW = 3_000

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


def _judge_in_worker(posts: Sequence[PastPost]) -> ChunkResult:
    if _worker is None:
        raise RuntimeError(f"a guide diff worker could not load the guides ({_worker_error})")
    return judge_chunk(_worker[0], _worker[1], posts)


def _chunks(posts: Sequence[PastPost], size: int) -> Iterator[Sequence[PastPost]]:
    for start in range(0, len(posts), size):
        yield posts[start : start + size]


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
) -> GuideDiff:
    """Judge ``posts`` by the current and the new guide; the posts whose verdict changes.

    Args:
        pair: The two guides' files (workers load them again, from the guide cache).
        checkers: The two guides compiled in this process (used for few posts; loading them
            here first also means a bad guide is refused before any process starts). When
            they are used, they are made to share one tone analyzer if their tone settings
            are equal (:func:`~composer.core.guide_diff.share_tone`).
        posts: The past drafts and published posts.
        workers: Processes to use (default: one per core); 1 judges here.
        chunk: Posts per chunk.
        progress: Called with ``(posts judged, posts in all)`` after each chunk.
        in_process_below: Fewer posts than this are judged in this process.
    """
    count = workers if workers is not None else default_workers()
    total = len(posts)
    if count <= 1 or total < in_process_below:
        share_tone(*checkers)  # the two checks of a post ask the tone measures once
        results = []
        done = 0
        for part in _chunks(posts, chunk):
            results.append(judge_chunk(checkers[0], checkers[1], part))
            done += len(part)
            if progress is not None:
                progress(done, total)
        return summarize(results)
    context = multiprocessing.get_context("spawn")
    results = []
    done = 0
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_init_worker, initargs=(pair,)
    ) as pool:
        futures = {pool.submit(_judge_in_worker, part): len(part) for part in _chunks(posts, chunk)}
        for future in as_completed(futures):
            results.append(future.result())
            done += futures[future]
            if progress is not None:
                progress(done, total)
    return summarize(results)


__all__ = ["CHUNK", "GuidePair", "default_workers", "run_guide_diff"]
