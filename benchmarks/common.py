"""What every figure shares: where the installed program is, a table row, interleaved
runs and their medians, and the table."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASELINES = HERE / "baselines"
PYTHON = sys.executable
STRETCHTUI = str(Path(PYTHON).parent / "stretchtui")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")



@dataclass
class Row:
    figure: str
    value: float | None
    baseline: float | None
    unit: str
    goal: str
    met: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline



def interleaved(runs: int, *measures: Callable[[], float | None]) -> list[list[float]]:
    """Run each measure `runs` times, alternating, so drift hits all of them alike."""
    results: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for slot, measure in enumerate(measures):
            value = measure()
            if value is not None:
                results[slot].append(value)
    return results


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None



def timed(argv: list[str], env: dict[str, str]) -> float:
    """Seconds from start to exit of a command in a pipe."""
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started




def timed_process(argv: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """Wall seconds, CPU seconds (user + system) and output of one run."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)  # wait4: the child's own CPU time
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.stdout:
        child.stdout.close()
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, output




def safely(name: str, figure: Callable[[], list[Row]], *, available: bool = True) -> list[Row]:
    """A figure's rows, or one "not available" row: the script never fails on a figure."""
    if not available:
        return [Row(name, None, None, "", "-", None, "not available: no `stretchtui run`")]
    started = time.perf_counter()
    try:
        return figure()
    except Exception as error:  # report it in the table and go on
        return [Row(name, None, None, "", "-", None, f"not available: {error!r}"[:200])]
    finally:
        print(f"{name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)




def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def print_table(rows: list[Row]) -> None:
    header = ("figure", "value", "baseline", "ratio", "goal", "met")
    table = [header] + [
        (r.figure, fmt(r.value, r.unit), fmt(r.baseline, r.unit) if r.baseline else "-",
         f"{r.ratio:.2f}" if r.ratio is not None else "-", r.goal,
         {True: "yes", False: "NO", None: "-"}[r.met])
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for n, row in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * width for width in widths))


