"""Run every benchmark and rewrite benchmarks/RESULTS.md.

Usage (from the project root): ``.venv/bin/python benchmarks/run.py [NAME ...]``
where NAME picks modules (counting, ui, checker, tone, grammar, store, schedule,
queue, startup, guides, guide_diff); default all. With NAMEs, the rows of the other modules are kept
from the previous RESULTS.md.

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
MODULES = (
    "counting",
    "ui",
    "checker",
    "tone",
    "grammar",
    "store",
    "schedule",
    "queue",
    "startup",
    "guides",
    "guide_diff",
)


def previous_rows(keep: set[str]) -> list[tuple[str, dict[str, str]]]:
    """Rows of the areas in ``keep`` from the current RESULTS.md (with their machine)."""
    path = HERE / "RESULTS.md"
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) == 5 and cells[0] in keep:
            area, figure, goal, measured, where = cells
            rows.append(
                (area, {"figure": figure, "goal": goal, "measured": measured, "machine": where})
            )
    return rows


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
    kept = previous_rows(set(MODULES) - set(names)) if argv else []
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
        f"Last run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
        + (f" ({', '.join(names)}; the other rows are from earlier runs)." if argv else "."),
        "",
        "| area | figure | goal | measured | machine |",
        "|---|---|---|---|---|",
    ]
    for _area, row in rows:
        row.setdefault("machine", where)
    ran = dict.fromkeys(name for name, _ in rows)
    # Areas in the usual order; an area not run this time keeps its earlier rows.
    ordered = [r for name in MODULES for r in (kept if name not in ran else rows) if r[0] == name]
    lines += [
        f"| {area} | {row['figure']} | {row['goal']} | {row['measured']} | {row['machine']} |"
        for area, row in ordered
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
