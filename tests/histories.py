"""A fixed history for the History screen's tests and snapshots: the benchmark's generator
(sessions of the built-in routines as real Sessions record them) ending on a fixed day."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

from pilots import until
from textual.pilot import Pilot

from stretchtui.tui.screens.history import HistoryScreen

RUN_PY = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
TODAY = date(2026, 3, 11)
"""A Wednesday: this week has days done and days to come."""


def benchmark_module():
    """benchmarks/run.py, loaded once under the name bench_run."""
    if "bench_run" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_run", RUN_PY)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_run"] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_run"]


def write_history(folder: Path, today: date = TODAY, sessions: int = 500, years: int = 1,
                  rest_days: float = 0.25) -> Path:
    """history.jsonl in the data `folder`: about a session a day over the last year, some
    days off, ending on `today`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "history.jsonl"
    path.write_bytes(benchmark_module().history_lines(sessions, years, today=today,
                                                       rest_days=rest_days))
    return path


async def open_history(pilot: Pilot) -> HistoryScreen:
    """Press the browser's history key and wait (bounded) until the screen has read the history."""
    await pilot.press("h")
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    assert await until(pilot, lambda: screen.summary is not None, seconds=10)
    await pilot.pause()
    return screen
