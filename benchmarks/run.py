"""Run every benchmark and rewrite benchmarks/RESULTS.md.

Usage (from the project root): ``.venv/bin/python benchmarks/run.py [NAME ...]``
where NAME picks modules (counting, ui, checker, tone, grammar, store, schedule,
queue); default all.

Each ``bench_<name>.py`` module exposes ``run() -> list[dict]`` with the keys ``figure``,
``goal`` and ``measured`` (strings). Timings are wall-clock on a shared 2-core machine: read
them as orders of magnitude, and compare ratios measured in the same run.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = ("counting", "ui", "checker", "tone", "grammar", "store", "schedule", "queue")


def machine() -> str:
    """A one-line description of this machine."""
    cpus = os.cpu_count() or 0
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor() or "unknown CPU"
    return f"{platform.system()} {platform.machine()}, {cpus} cores ({model}), Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(HERE))
    names = argv or list(MODULES)
    rows: list[tuple[str, dict[str, str]]] = []
    for name in names:
        try:
            module = importlib.import_module(f"bench_{name}")
        except ModuleNotFoundError as exc:
            print(f"skipping {name}: {exc}", file=sys.stderr)
            continue
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr, flush=True)
        for row in module.run():
            rows.append((name, row))
        print(f"  {name} took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    where = machine()
    lines = [
        "# Benchmark results",
        "",
        "Written by `.venv/bin/python benchmarks/run.py` (see benchmarks/README.md); do not edit by hand.",
        f"Last run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "| area | figure | goal | measured | machine |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {area} | {row['figure']} | {row['goal']} | {row['measured']} | {where} |"
        for area, row in rows
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
