"""`python -m benchmarks`: runs the figures and prints the table (see the package's docstring)."""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from benchmarks import figures as f
from benchmarks.common import (
    HERE,
    PYTHON,
    STRETCHTUI,
    Row,
    print_table,
    safely,
)
from benchmarks.imports import Imports, import_profiles, print_imports
from benchmarks.people import generate_scale, make_env


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Measure what stretchtui costs its users, each figure against a baseline.")
    parser.add_argument("--quick", action="store_true", help="few, short runs (for CI)")
    parser.add_argument("--figures", metavar="N,N", type=lambda text: {int(n) for n in text.split(",")},
                        help="only these figures, e.g. 1,2,5 (results.json is left as it is)")
    parser.add_argument("--runs", type=int, help="runs a figure (default: 7, --quick 2)")
    parser.add_argument("--output", type=Path, default=HERE / "results.json")
    parser.add_argument("--history-opens", type=int, help=argparse.SUPPRESS)  # the child of figure 7
    args = parser.parse_args()
    if args.history_opens:
        print(json.dumps(f.measure_history_opens(args.history_opens)))
        return 0
    if not Path(STRETCHTUI).exists():
        print(f"stretchtui is not installed beside {PYTHON}", file=sys.stderr)
        return 2
    runs = args.runs or (2 if args.quick else 7)
    window = (3.0, 3.0) if args.quick else (3.0, 20.0)  # after the first frames
    compileall.compile_dir(str(HERE.parent / "stretchtui"), quiet=1)
    home = Path(tempfile.mkdtemp(prefix="stretchtui-bench-"))
    env = make_env(home)
    rows: list[Row] = []
    started = time.perf_counter()
    hold_runs = 1 if args.quick else runs
    start_runs = runs if args.quick else 3 * runs
    """A start is a few hundred ms that varies by a tenth from run to run on a shared
    machine: the first-frame ratios get three times the runs (21, about a minute)."""
    sizes = [(80, 24)] if args.quick else [(80, 24), (40, 12), (200, 50)]
    has_run = f.run_available(env)
    profiles: list[Imports] = []

    def wanted(figure: int) -> bool:
        return args.figures is None or figure in args.figures

    try:
        scale = generate_scale(home) if wanted(5) else None
        if wanted(1):
            rows += safely("1 startup to first frame", lambda: f.figure_startup(start_runs, env))
        if wanted(2):
            rows += safely("2 `stretchtui list` and `check`", lambda: f.figure_cli(runs, env))
        for size in sizes if wanted(3) else []:
            rows += safely(f"3 hold {size[0]}x{size[1]}", lambda size=size: f.figure_hold(
                hold_runs, env, home, window, size), available=has_run)
        if wanted(4):
            rows += safely("4 timing", lambda: f.figure_timing(hold_runs, env, home), available=has_run)
        # Memory before anything loads the app in this process: a child's peak RSS counts
        # what it inherited from this one at fork.
        if wanted(6):
            rows += safely("6 peak RSS, browser", lambda: [f.figure_memory(runs, env)])
        if scale is not None:
            rows += safely("5 scale", lambda: f.figure_scale(runs, env, home, args.quick, scale))
        if wanted(7):
            rows += safely("7 `stretchtui history`", lambda: [f.figure_history(runs, home)])
            rows += safely("7 History screen",
                           lambda: f.figure_history_screen(start_runs, env, home, args.quick))
            rows += safely("7 status", lambda: f.figure_status(runs, home))
        if wanted(8):
            rows += safely("8 arrow key", lambda: f.figure_arrow(runs, env))
        with contextlib.suppress(Exception):  # information only: never fails the run
            profiles = import_profiles(env)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print_table(rows)
    print_imports(profiles)
    print(f"\n{'quick' if args.quick else 'full'} run, {runs} runs a figure, "
          f"{time.perf_counter() - started:.0f} s, load average {os.getloadavg()[0]:.1f}")
    result = {"quick": args.quick, "runs": runs, "python": sys.version.split()[0],
              "load_average": os.getloadavg()[0],
              "rows": [{**asdict(r), "ratio": r.ratio} for r in rows],
              "imports": [asdict(profile) for profile in profiles]}
    if not args.quick and args.figures is None:
        args.output.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {args.output}")
    return 0



if __name__ == "__main__":
    raise SystemExit(main())
