"""Big guides: load + compile of five Vale-shaped packages, and a check with them.

The guide is the example guide extending five packages written by ``vale_packages.py``
(124 rules shaped like the Microsoft, Google, write-good, proselint and alex styles, with
long token lists of synthesised vocabulary). Figures:

- load + compile (``load_guide`` then ``Checker``) in a fresh process, so nothing is
  cached from an earlier load; median of 3 processes (what the first run after an edit to
  the guide costs);
- the same again in the process that already loaded it once (information);
- with the cache of loaded guides (``services/guide_cache.py``, what ``check`` and the
  window use): a fresh process with an empty cache folder (it loads, and writes the entry),
  then fresh processes with the entry written (median of 3; the goal's figure), and the
  first check of a draft in such a process;
- ``Checker.check`` per 280-character draft, p50 / p99 over 1,000 drafts that mix the
  benchmark words with the packages' own words (one word in 40, so about one package word
  a draft and rules do fire), from one pass; the p99 of each draft's fastest of three
  passes (the slowest drafts of one pass take the usual time when checked again: their
  tail is the shared machine's); and the first pass's p99 in this thread's CPU time.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_checker import EXTRAS, WORDS  # noqa: E402 - benchmarks import each other by path
from vale_packages import PACKAGES, write_guide  # noqa: E402

_COLD = """
import sys, time
from composer.core.checker import Checker
from composer.core.guide import load_guide
start = time.perf_counter()
guide = load_guide(sys.argv[1])
Checker(guide)
first = time.perf_counter() - start
start = time.perf_counter()
Checker(load_guide(sys.argv[1]))
again = time.perf_counter() - start
print(len(guide.rules), first, again)
"""

_CACHED = """
import sys, time
from pathlib import Path
start = time.perf_counter()
from composer.core.checker import Checker
from composer.services.guide_cache import load_guide_cached
start = time.perf_counter()
cpu = time.process_time()
checker = Checker(load_guide_cached(sys.argv[1], folder=Path(sys.argv[2])))
loaded = time.perf_counter() - start
cpu = time.process_time() - cpu
start = time.perf_counter()
checker.check(sys.argv[3], "@NorthwindDeals")
print(loaded, time.perf_counter() - start, cpu)
"""


def _fresh(script: str, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return done.stdout.split()


def _package_words(root: Path) -> tuple[list[str], int]:
    """Plain-word tokens and swap keys of the generated packages, and the token count."""
    words: list[str] = []
    total = 0
    for package in PACKAGES:
        for path in sorted((root / "styles" / package.name).glob("*.yml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            tokens = list(data.get("tokens") or []) + list((data.get("swap") or {}).keys())
            total += len(tokens)
            words += [t for t in tokens if t.replace(" ", "").isalpha()]
    return words, total


def _drafts(extra: list[str], count: int = 1000, seed: int = 16) -> list[str]:
    """Drafts of 280 characters: benchmark words, and one word in 40 from the packages."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 300:
            roll = rng.random()
            if roll < 0.08:
                parts.append(rng.choice(EXTRAS))
            elif roll < 0.105:
                parts.append(rng.choice(extra))
            else:
                parts.append(rng.choice(WORDS))
            if rng.random() < 0.1:
                parts[-1] += "."
        out.append(" ".join(parts)[:280])
    return out


def run() -> list[dict[str, str]]:
    """Rows of figure, goal and measured value."""
    from composer.core.checker import Checker
    from composer.core.guide import load_guide

    rows: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        guide_path = write_guide(root)
        extra, tokens = _package_words(root)
        runs = []
        for _ in range(3):
            rules, first, again = _fresh(_COLD, str(guide_path))
            runs.append((float(first), float(again)))
        cold = statistics.median(r[0] for r in runs)
        warm = statistics.median(r[1] for r in runs)
        what = f"{rules} rules: the example guide + five Vale-shaped packages, {tokens:,} tokens"
        rows.append(
            {
                "figure": f"load + compile a big guide ({what}) without the guide cache (the "
                "first run after an edit to it), fresh process, median of 3",
                "goal": "information",
                "measured": f"{cold * 1000:,.0f} ms",
            }
        )
        rows.append(
            {
                "figure": "load + compile the same guide again in that process (a reload)",
                "goal": "information",
                "measured": f"{warm * 1000:,.0f} ms",
            }
        )
        texts = _drafts(extra)
        rows += _cached_rows(root, guide_path, what, texts)
        # The steady state: every pattern compiled (a lazy checker compiles a rule's pattern
        # at the first draft holding its words; that first check is the row above).
        checker = Checker(load_guide(guide_path), lazy=False)
        account = "@NorthwindDeals"
        for text in texts[:50]:
            checker.check(text, account)  # warm-up
        passes: list[list[float]] = []
        cpu_passes: list[list[float]] = []
        found = 0
        for _ in range(3):
            times = []
            cpu_times = []
            found = 0
            for text in texts:
                start = time.perf_counter()
                cpu = time.thread_time()
                report = checker.check(text, account)
                cpu_times.append(time.thread_time() - cpu)
                times.append(time.perf_counter() - start)
                found += len(report.findings)
            passes.append(times)
            cpu_passes.append(cpu_times)
        first = sorted(passes[0])
        # The same pass in this thread's CPU time: what the checks cost, without the time
        # the shared machine ran other processes in the middle of one.
        first_cpu = sorted(cpu_passes[0])
        # Each draft's fastest of the three passes: what the draft costs, without the
        # moments the shared machine gave the process no time.
        best = sorted(min(p[i] for p in passes) for i in range(len(texts)))
        at = int(len(texts) * 0.99) - 1
        rows.append(
            {
                "figure": f"Checker.check per 280-character draft with the big guide ({rules} "
                f"rules), p50 / p99 of 1,000 ({found:,} findings in all), one pass; p99 of "
                "each draft's best of 3 passes; p99 of the first pass in CPU time",
                "goal": "p99 < 5 ms",
                "measured": f"{statistics.median(first) * 1000:.2f} ms / {first[at] * 1000:.2f} ms;"
                f" {best[at] * 1000:.2f} ms; CPU {first_cpu[at] * 1000:.2f} ms",
            }
        )
    return rows


def _cached_rows(root: Path, guide_path: Path, what: str, texts: list[str]) -> list[dict[str, str]]:
    """Load + compile through the cache of loaded guides: empty, then written."""
    empties = []
    for i in range(3):  # each with an empty cache folder of its own
        cache = root / f"cache-{i}"
        empties.append(float(_fresh(_CACHED, str(guide_path), str(cache), texts[0])[0]))
    empty = statistics.median(empties)
    runs = [
        tuple(map(float, _fresh(_CACHED, str(guide_path), str(cache), texts[i])))
        for i in range(1, 6)
    ]
    warm = statistics.median(r[0] for r in runs)
    first_check = statistics.median(r[1] for r in runs)
    warm_cpu = statistics.median(r[2] for r in runs)
    return [
        {
            "figure": f"load + compile the big guide ({what}) through the guide cache, fresh "
            "process, empty cache folder (loads and writes the entry), median of 3",
            "goal": "information",
            "measured": f"{empty * 1000:,.0f} ms",
        },
        {
            "figure": "load + compile the big guide through the guide cache, fresh process, "
            "entry written (files unchanged), median of 5",
            "goal": "< 300 ms",
            # CPU time beside it: on the shared machine the wall clock also measures the
            # other processes' load.
            "measured": f"{warm * 1000:,.0f} ms (CPU {warm_cpu * 1000:,.0f} ms)",
        },
        {
            "figure": "first check of a draft in that process (rule patterns come compiled "
            "from the entry; it pays what any first check pays, such as twitter-text's URL "
            "pattern), median of 5",
            "goal": "information",
            "measured": f"{first_check * 1000:,.1f} ms",
        },
    ]


if __name__ == "__main__":
    for row in run():
        print(f"{row['figure']}: {row['measured']} (goal {row['goal']})")
